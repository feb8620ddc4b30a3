/**
 * Entry point of the AISec extension: starts the language client and wires the commands, the findings
 * view and its details pane, the status items, the model report editor, the per-rule "fix all" and the
 * review of inserted code. Activation failures are shown to the user, never swallowed.
 */
import * as vscode from 'vscode';
import { CODE_LANGUAGES, PIPELINE_PATTERN, createLanguageClient } from './client';
import { registerCommands } from './commands';
import { FindingDetailsView } from './findings/finding-details-view';
import { FindingsFeed } from './findings/findings-feed';
import { FindingsView } from './findings/findings-view';
import { InventoryView } from './inventory/inventory-view';
import { FixAllRuleProvider } from './fix-all-rule';
import { InsertionReview } from './insertion-review';
import { ModelReportEditor } from './model-report-editor';
import { registerArchiveMemberDocuments } from './archive-member-documents';
import { logSkippedFiles, logStartup } from './output-log';
import { RenderedPanel } from './rendered-panel';
import { RuleCatalog } from './rule-picker';
import { registerAiFeatures } from './ai-features';
import { StatusBar } from './status-bar';

let stopClient: (() => Promise<void>) | undefined;

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  const output = vscode.window.createOutputChannel('AISec', { log: true });
  context.subscriptions.push(output);
  logStartup(output, context);
  const client = createLanguageClient(context, output);
  stopClient = () => client.stop();
  const started = client.start();
  const ready = async (): Promise<void> => {
    await started;
  };

  const feed = new FindingsFeed();
  const statusBar = new StatusBar(feed);
  const rendered = new RenderedPanel();
  const rules = new RuleCatalog(client);
  const details = new FindingDetailsView(client, ready);
  const review = new InsertionReview(client, output);
  context.subscriptions.push(
    feed,
    statusBar,
    rendered,
    details,
    review,
    vscode.window.registerWebviewViewProvider(FindingDetailsView.viewId, details),
    new FindingsView(feed, details, context.workspaceState),
    new InventoryView(client, ready),
    ModelReportEditor.register(new ModelReportEditor(client, ready, feed)),
    registerArchiveMemberDocuments(client, ready),
    vscode.languages.registerCodeActionsProvider(
      [...CODE_LANGUAGES.map((language) => ({ language })), { scheme: 'file', pattern: '**/{requirements*.txt,pyproject.toml,package.json,.env,.env.*}' }, { scheme: 'file', pattern: PIPELINE_PATTERN }],
      new FixAllRuleProvider(),
      { providedCodeActionKinds: FixAllRuleProvider.kinds },
    ),
    logSkippedFiles(output, feed),
    ...registerCommands({ client, output, statusBar, rendered, rules, review }),
  );
  const ai = registerAiFeatures(context, client, output, rendered);
  context.subscriptions.push(...ai.disposables);

  try {
    await started;
    await ai.sendCredentials();
    // The findings view groups by category; the categories come from the server's rule list.
    void rules.list().then((list) => feed.setCategories(new Map(list.map((rule) => [rule.id, rule.category]))), () => undefined);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    output.error(`AISec could not start its language server: ${message}`);
    void vscode.window.showErrorMessage(`AISec could not start its language server: ${message}`, 'Show Output').then((choice) => {
      if (choice === 'Show Output') output.show();
    });
  }
}

export async function deactivate(): Promise<void> {
  await stopClient?.();
}
