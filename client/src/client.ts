/**
 * Builds the language client: which documents the server sees, how the server process is started, and
 * which settings section it follows. Everything about the protocol itself lives in `server/src/shared`.
 */
import type * as vscode from 'vscode';
import { TransportKind } from 'vscode-languageclient/node';
import type { LanguageClient } from 'vscode-languageclient/node';
import { QuietExitLanguageClient } from './quiet-exit-client';
import type { LanguageClientOptions, ServerOptions } from 'vscode-languageclient/node';
import { serverExecArgv } from './server-flags';
import { ASSISTANT_CONFIG_GLOBS } from '../../server/src/engine/agent-config/client-files';
import { ASSISTANT_SETTINGS_PATTERN, INSTRUCTION_FILE_PATTERN } from './assistant-files';

/** The languages the engine parses, as VS Code names them. */
export const CODE_LANGUAGES = ['python', 'javascript', 'javascriptreact', 'typescript', 'typescriptreact'] as const;

/** Manifests and configuration files the dependency and secrets rules read (they have no dedicated language id). */
const MANIFEST_PATTERN =
  '**/{requirements*.txt,*requirements*.txt,pyproject.toml,Pipfile,setup.cfg,environment.yml,environment.yaml,package.json,.env,.env.*,*.env}';

/** CI workflows and composite actions, GitLab CI, Dockerfiles, dev containers, package-index settings and .pth files (the pipeline rules). */
export const PIPELINE_PATTERN =
  '**/{.github/workflows/*.yml,.github/workflows/*.yaml,action.yml,action.yaml,.gitlab-ci.yml,*.gitlab-ci.yml,Dockerfile,Dockerfile.*,*.dockerfile,Containerfile,devcontainer.json,.devcontainer.json,pip.conf,pip.ini,.npmrc,.yarnrc.yml,uv.toml}';

export function createLanguageClient(context: vscode.ExtensionContext, output: vscode.OutputChannel): LanguageClient {
  const serverModule = context.asAbsolutePath('dist/server.js');
  const serverOptions: ServerOptions = {
    run: { module: serverModule, transport: TransportKind.ipc, options: { execArgv: serverExecArgv(context.extension.packageJSON) } },
    debug: { module: serverModule, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6019'] } },
  };
  const documentSelector = [
    ...CODE_LANGUAGES.flatMap((language) => [
      { scheme: 'file', language },
      { scheme: 'untitled', language },
      // Jupyter notebook cells: each cell is a document of its own, so findings land in the cell.
      { scheme: 'vscode-notebook-cell', language },
    ]),
    { scheme: 'file', pattern: MANIFEST_PATTERN },
    // AI assistants' MCP and settings files (JSON, JSONC, TOML, YAML), recognised by folder and name.
    ...ASSISTANT_CONFIG_GLOBS.map(({ glob }) => ({ scheme: 'file', pattern: glob })),
    { scheme: 'file', pattern: PIPELINE_PATTERN },
    // Whatever language the editor gives them (markdown, plaintext, mdc), so `.cursorrules` is analysed too.
    { scheme: 'file', pattern: INSTRUCTION_FILE_PATTERN },
    { scheme: 'file', pattern: ASSISTANT_SETTINGS_PATTERN },
  ];
  const clientOptions: LanguageClientOptions = {
    documentSelector,
    outputChannel: output,
    synchronize: { configurationSection: 'aisec' },
    // The scan cache is kept in the extension's global storage, so a reload does not blank the last scan's results.
    initializationOptions: { extensionVersion: String(context.extension.packageJSON.version ?? '0.0.0'), storageFolder: context.globalStorageUri.fsPath },
    diagnosticCollectionName: 'aisec',
  };
  return new QuietExitLanguageClient('aisec', 'AISec', serverOptions, clientOptions);
}

/** True when the engine can parse documents of this VS Code language id. */
export function isCodeLanguage(languageId: string): boolean {
  return (CODE_LANGUAGES as readonly string[]).includes(languageId);
}
