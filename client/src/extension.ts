/**
 * Entry point of the AISec extension: starts the language client and wires the commands, the status bar
 * and the review of inserted code. Activation failures are shown to the user, never swallowed.
 */
import * as vscode from 'vscode';
import { createLanguageClient } from './client';
import { registerCommands } from './commands';
import { FindingsDocuments } from './findings-documents';
import { InsertionReview } from './insertion-review';
import { StatusBar } from './status-bar';
import { registerAiFeatures } from './ai-features';

let stopClient: (() => Promise<void>) | undefined;

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  const output = vscode.window.createOutputChannel('AISec');
  context.subscriptions.push(output);
  const client = createLanguageClient(context, output);
  stopClient = () => client.stop();

  const statusBar = new StatusBar();
  const documents = new FindingsDocuments();
  const review = new InsertionReview(client, output);
  context.subscriptions.push(
    statusBar,
    review,
    vscode.workspace.registerTextDocumentContentProvider(FindingsDocuments.scheme, documents),
    ...registerCommands({ client, output, statusBar, documents, review }),
  );
  const ai = registerAiFeatures(context, client, output);
  context.subscriptions.push(...ai.disposables);

  try {
    await client.start();
    await ai.sendCredentials();
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    output.appendLine(`AISec could not start its language server: ${message}`);
    void vscode.window.showErrorMessage(`AISec could not start its language server: ${message}`, 'Show Output').then((choice) => {
      if (choice === 'Show Output') output.show();
    });
  }
}

export async function deactivate(): Promise<void> {
  await stopClient?.();
}
