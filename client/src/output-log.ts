/**
 * What the AISec output channel (a log channel: levels, timestamps, the user's log-level filter) records
 * at `info` level besides the server's own messages: the extension's version, where each AISec setting
 * comes from (user, workspace or folder settings, and the `.aisec.toml` / `[tool.aisec]` files in the
 * workspace), and every file that was skipped or analysed only in part, with the reason.
 */
import * as vscode from 'vscode';
import type { FindingsFeed } from './findings/findings-feed';
import { dataOf } from './findings/findings-feed';

export function logStartup(output: vscode.LogOutputChannel, context: vscode.ExtensionContext): void {
  const version = String(context.extension.packageJSON.version ?? '0.0.0');
  output.info(`AISec ${version} on VS Code ${vscode.version} (${vscode.env.appName}, ${process.platform}, Node ${process.versions.node})`);
  logSettingSources(output);
  void logConfigurationFiles(output);
}

/** Logs every AISec setting that is set, with the scope that sets it (the most specific one wins). */
export function logSettingSources(output: vscode.LogOutputChannel): void {
  const folders = vscode.workspace.workspaceFolders ?? [];
  const scopes: ReadonlyArray<vscode.WorkspaceFolder | undefined> = folders.length > 0 ? folders : [undefined];
  const keys = settingKeys();
  let any = false;
  for (const folder of scopes) {
    const configuration = vscode.workspace.getConfiguration('aisec', folder?.uri);
    for (const key of keys) {
      const inspected = configuration.inspect(key);
      if (!inspected) continue;
      const source =
        inspected.workspaceFolderValue !== undefined && folders.length > 1
          ? ['folder settings of ' + (folder?.name ?? ''), inspected.workspaceFolderValue]
          : inspected.workspaceValue !== undefined
            ? ['workspace settings', inspected.workspaceValue]
            : inspected.globalValue !== undefined
              ? ['user settings', inspected.globalValue]
              : undefined;
      if (!source) continue;
      any = true;
      output.info(`configuration: aisec.${key} = ${JSON.stringify(source[1])} (${String(source[0])})`);
    }
  }
  if (!any) output.info('configuration: every aisec.* setting has its default value');
}

/** Lists the configuration files the server will read (it applies them according to aisec.configurationPreference). */
async function logConfigurationFiles(output: vscode.LogOutputChannel): Promise<void> {
  const exclude = '**/{node_modules,.git,.venv,venv}/**';
  const [tomlFiles, pyprojects] = await Promise.all([vscode.workspace.findFiles('**/.aisec.toml', exclude, 50), vscode.workspace.findFiles('**/pyproject.toml', exclude, 50)]);
  const withSection: vscode.Uri[] = [];
  for (const pyproject of pyprojects) {
    const text = new TextDecoder().decode(await vscode.workspace.fs.readFile(pyproject));
    if (/^\s*\[tool\.aisec(\.|\])/m.test(text)) withSection.push(pyproject);
  }
  const files = [...tomlFiles, ...withSection].map((uri) => vscode.workspace.asRelativePath(uri));
  const preference = vscode.workspace.getConfiguration('aisec').get<string>('configurationPreference', 'editorFirst');
  output.info(files.length > 0 ? `configuration files (${preference}): ${files.join(', ')}` : 'configuration files: none (.aisec.toml, [tool.aisec] in pyproject.toml)');
}

/** Logs each file the server reports as skipped or partly analysed, once per reason. */
export function logSkippedFiles(output: vscode.LogOutputChannel, feed: FindingsFeed): vscode.Disposable {
  const logged = new Set<string>();
  return feed.onDidChange(() => {
    for (const finding of feed.findings()) {
      if (dataOf(finding.diagnostic)?.skipped !== true) continue;
      const key = `${finding.uri}\n${finding.message}`;
      if (logged.has(key)) continue;
      logged.add(key);
      output.info(`skipped: ${finding.file}: ${finding.message}`);
    }
  });
}

function settingKeys(): string[] {
  const extension = vscode.extensions.getExtension('aisec.aisec');
  const sections = extension?.packageJSON?.contributes?.configuration as Array<{ properties?: Record<string, unknown> }> | { properties?: Record<string, unknown> } | undefined;
  const list = Array.isArray(sections) ? sections : sections ? [sections] : [];
  return list.flatMap((section) => Object.keys(section.properties ?? {})).map((key) => key.replace(/^aisec\./, ''));
}
