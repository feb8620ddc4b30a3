/**
 * The command table: every `aisec.*` command and its handler, in one place (rust-analyzer style).
 * Handlers talk to the server through the typed requests of `server/src/shared/protocol.ts`.
 */
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import type { ScanWorkspaceRequest } from '../../server/src/shared/protocol';
import {
  AnalyzeTextRequest,
  DIAGNOSTIC_SOURCE,
  FIX_ALL_KIND,
  RuleDocumentationRequest,
  SHOW_RULE_DOCUMENTATION_COMMAND,
  CHECK_SECRET_COMMAND,
  VerifySecretRequest,
} from '../../server/src/shared/protocol';
import { isCodeLanguage } from './client';
import { detectSnippetLanguage } from './detect-language';
import type { InsertionReview } from './insertion-review';
import { showMenu } from './menu';
import { MODEL_REPORT_VIEW_TYPE } from './model-report-editor';
import { MODEL_FILE_GLOB } from './model-files';
import type { RenderedPanel, RenderedReport } from './rendered-panel';
import type { RuleCatalog } from './rule-picker';
import { pickRule } from './rule-picker';
import type { SnippetOrigin } from './snippet-report';
import { renderSnippetReport } from './snippet-report';
import type { StatusBar } from './status-bar';
import { MENU_COMMAND } from './status-bar';
import { scanSummary, scanWorkspaceWithProgress } from './workspace-scan';

export interface CommandContext {
  client: LanguageClient;
  output: vscode.LogOutputChannel;
  statusBar: StatusBar;
  rendered: RenderedPanel;
  rules: RuleCatalog;
  review: InsertionReview;
}

type Handler = (context: CommandContext, ...args: unknown[]) => unknown;

const COMMANDS: Record<string, Handler> = {
  'aisec.scanWorkspace': scanWorkspace,
  'aisec.scanCurrentFile': scanCurrentFile,
  'aisec.scanSelection': scanSelection,
  'aisec.scanClipboard': scanClipboard,
  'aisec.fixAllSafe': fixAllSafe,
  [SHOW_RULE_DOCUMENTATION_COMMAND]: showRuleDocumentation,
  [CHECK_SECRET_COMMAND]: checkSecretActive,
  'aisec.showModelFileReport': showModelFileReport,
  'aisec.showOutput': (context) => context.output.show(),
  [MENU_COMMAND]: () => showMenu(),
  'aisec.restartServer': async (context) => {
    context.rules.reset();
    await context.client.restart();
    void vscode.window.showInformationMessage('AISec: the language server was restarted.');
  },
};

export function registerCommands(context: CommandContext): vscode.Disposable[] {
  return Object.entries(COMMANDS).map(([id, handler]) =>
    vscode.commands.registerCommand(id, async (...args: unknown[]) => {
      try {
        return await handler(context, ...args);
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        context.output.error(`${id} failed: ${message}`);
        void vscode.window.showErrorMessage(`AISec: ${message}`);
        return undefined;
      }
    }),
  );
}

async function scanWorkspace(context: CommandContext): Promise<ScanWorkspaceRequest.Result> {
  context.statusBar.setScanning(true);
  try {
    const result = await scanWorkspaceWithProgress(context.client);
    const summary = scanSummary(result);
    context.output.info(`${summary} (${result.durationMs} ms)`);
    if (!result.cancelled) context.statusBar.setScanned(true);
    void vscode.window.showInformationMessage(summary, 'Show Problems').then((choice) => {
      if (choice) void vscode.commands.executeCommand('workbench.actions.view.problems');
    });
    return result;
  } finally {
    context.statusBar.setScanning(false);
  }
}

async function scanCurrentFile(context: CommandContext): Promise<number | undefined> {
  const editor = vscode.window.activeTextEditor;
  if (!editor) {
    void vscode.window.showInformationMessage('AISec: open a file to scan it.');
    return undefined;
  }
  const document = editor.document;
  const result = await context.client.sendRequest(AnalyzeTextRequest.type, {
    text: document.getText(),
    uri: document.uri.toString(),
    languageId: document.languageId,
  });
  const name = vscode.workspace.asRelativePath(document.uri);
  const count = result.diagnostics.length;
  void vscode.window
    .showInformationMessage(`AISec: ${count} security issue${count === 1 ? '' : 's'} in ${name}.`, ...(count > 0 ? ['Show Problems'] : []))
    .then((choice) => {
      if (choice) void vscode.commands.executeCommand('workbench.actions.view.problems');
    });
  return count;
}

async function scanSelection(context: CommandContext): Promise<RenderedReport | undefined> {
  const editor = vscode.window.activeTextEditor;
  if (!editor || editor.selection.isEmpty) {
    void vscode.window.showInformationMessage('AISec: select some code to scan it as a snippet.');
    return undefined;
  }
  const text = editor.document.getText(editor.selection);
  const languageId = isCodeLanguage(editor.document.languageId) ? editor.document.languageId : detectSnippetLanguage(text);
  const origin = { file: vscode.workspace.asRelativePath(editor.document.uri), firstLine: editor.selection.start.line };
  return showSnippetFindings(context, 'AISec findings for the selection', text, languageId, editor.document.uri, origin);
}

async function scanClipboard(context: CommandContext): Promise<RenderedReport | undefined> {
  const text = await vscode.env.clipboard.readText();
  if (text.trim() === '') {
    void vscode.window.showInformationMessage('AISec: the clipboard holds no text.');
    return undefined;
  }
  return showSnippetFindings(context, 'AISec findings for the clipboard', text, detectSnippetLanguage(text), vscode.window.activeTextEditor?.document.uri);
}

async function showSnippetFindings(
  context: CommandContext,
  title: string,
  text: string,
  languageId: string,
  origin: vscode.Uri | undefined,
  snippetOrigin?: SnippetOrigin,
): Promise<RenderedReport> {
  // Only the folder settings of the origin matter; the snippet is analysed on its own.
  const result = await context.client.sendRequest(AnalyzeTextRequest.type, {
    text,
    languageId,
    ...(origin && origin.scheme === 'file' ? { uri: snippetUriNextTo(origin, languageId) } : {}),
  });
  return context.rendered.show({ title, markdown: renderSnippetReport(title, result.languageId, text, result.diagnostics, snippetOrigin) });
}

/** A URI in the origin's folder, so the folder's settings apply, with an extension that names the language. */
function snippetUriNextTo(origin: vscode.Uri, languageId: string): string {
  const extension = languageId === 'python' ? 'py' : languageId === 'typescriptreact' ? 'tsx' : languageId === 'typescript' ? 'ts' : 'js';
  return vscode.Uri.joinPath(origin, '..', `aisec-snippet.${extension}`).toString();
}

async function fixAllSafe(_context: CommandContext, uriArgument?: unknown): Promise<number> {
  const uri = uriArgument instanceof vscode.Uri ? uriArgument : vscode.window.activeTextEditor?.document.uri;
  if (!uri) return 0;
  const document = await vscode.workspace.openTextDocument(uri);
  const fullRange = new vscode.Range(0, 0, document.lineCount, 0);
  const actions =
    (await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', uri, fullRange, FIX_ALL_KIND)) ?? [];
  const fixAll = actions.find((action) => action.kind?.value === FIX_ALL_KIND && action.edit);
  const before = safeFixableCount(uri);
  if (!fixAll?.edit) {
    void vscode.window.showInformationMessage('AISec: no safe fixes in this file.');
    return 0;
  }
  await vscode.workspace.applyEdit(fixAll.edit);
  void vscode.window.showInformationMessage(`AISec: applied ${before === 1 ? 'a safe fix' : `${before} safe fixes`}.`);
  return before;
}

function safeFixableCount(uri: vscode.Uri): number {
  return vscode.languages
    .getDiagnostics(uri)
    .filter((d) => d.source === DIAGNOSTIC_SOURCE)
    .filter((d) => hasSafeFix(d)).length;
}

function hasSafeFix(diagnostic: vscode.Diagnostic): boolean {
  // `data` is not part of vscode.Diagnostic's type, but the language client keeps it on the object.
  const data = (diagnostic as vscode.Diagnostic & { data?: { fixes?: Array<{ applicability: string }> } }).data;
  return data?.fixes?.some((fix) => fix.applicability === 'safe') ?? false;
}

/**
 * "Check whether this key is active": never automatic. The user confirms that the key may be sent to its
 * provider's own API; the server reads the key from the open document and sends one read-only request.
 */
async function checkSecretActive(context: CommandContext, uri?: unknown, ruleId?: unknown, range?: unknown, provider?: unknown): Promise<VerifySecretRequest.Result | undefined> {
  if (typeof uri !== 'string' || typeof ruleId !== 'string' || !range) return undefined;
  const send = 'Send to ' + String(provider ?? 'the provider');
  const answer = await vscode.window.showWarningMessage(
    `AISec will send this key once to ${String(provider ?? 'its provider')}'s own API (a read-only request) to learn whether it is active. Only check keys that belong to you or your organisation.`,
    { modal: true },
    send,
  );
  if (answer !== send) return undefined;
  const result = await context.client.sendRequest(VerifySecretRequest.type, { uri, ruleId, range: range as VerifySecretRequest.Params['range'] });
  const show = result.verdict === 'active' ? vscode.window.showErrorMessage : vscode.window.showInformationMessage;
  void show(`AISec: ${result.message}`);
  return result;
}

async function showRuleDocumentation(context: CommandContext, ruleArgument?: unknown): Promise<RenderedReport | undefined> {
  const rule = typeof ruleArgument === 'string' ? ruleArgument : await pickRule(context.rules);
  if (!rule) return undefined;
  const docs = await context.client.sendRequest(RuleDocumentationRequest.type, { rule });
  if (!docs) {
    void vscode.window.showWarningMessage(`AISec: there is no rule named ${rule}.`);
    return undefined;
  }
  return context.rendered.show({ title: `${docs.id} ${docs.name}`, markdown: docs.markdown });
}

/**
 * "Show Details" for a model file: opens it in the model report editor, where the server's reading of its
 * bytes is rendered (format, pickled globals, verdict). The file comes from the explorer's context menu,
 * or is picked among the workspace's model files.
 */
async function showModelFileReport(_context: CommandContext, uriArgument?: unknown): Promise<vscode.Uri | undefined> {
  let uri = uriArgument instanceof vscode.Uri ? uriArgument : undefined;
  if (!uri) {
    const files = await vscode.workspace.findFiles(MODEL_FILE_GLOB, '**/{node_modules,.git,.venv,venv}/**', 500);
    const picked = await vscode.window.showQuickPick(
      files.map((file) => ({ label: vscode.workspace.asRelativePath(file), file })),
      { placeHolder: files.length > 0 ? 'Model file to describe' : 'No model files in the workspace' },
    );
    uri = picked?.file;
  }
  if (!uri) return undefined;
  await vscode.commands.executeCommand('vscode.openWith', uri, MODEL_REPORT_VIEW_TYPE);
  return uri;
}
