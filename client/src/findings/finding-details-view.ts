/**
 * The details pane of the findings view (a webview view under the tree): the selected finding, its flow,
 * its fixes and "ignore" as buttons (they run the same code actions as the light bulb), the rule's
 * rendered documentation and, for a model file, its report.
 */
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { ModelFileReportRequest, RuleDocumentationRequest } from '../../../server/src/shared/protocol';
import { AI_FIX_TITLE } from '../../../server/src/shared/ai-protocol';
import { pageFor, renderMarkdown } from '../markdown-render';
import { escapeHtml } from '../message-markup';
import { isModelFile } from '../model-files';
import type { DetailsAction } from './details-html';
import { DETAILS_SCRIPT, findingDetailsHtml } from './details-html';
import type { Finding } from './findings-feed';


/** How often, and how far apart, the pane asks again for the actions of a finding in a file the server is still analysing. */
const ACTION_ATTEMPTS = 20;
const ACTION_RETRY_MS = 250;
export class FindingDetailsView implements vscode.WebviewViewProvider, vscode.Disposable {
  static readonly viewId = 'aisec.findingDetails';
  private view: vscode.WebviewView | undefined;
  private finding: Finding | undefined;
  private actions: vscode.CodeAction[] = [];
  private readonly disposables: vscode.Disposable[] = [];

  constructor(
    private readonly client: LanguageClient,
    private readonly ready: () => Promise<void>,
  ) {}

  resolveWebviewView(view: vscode.WebviewView): void {
    this.view = view;
    view.webview.options = { enableScripts: true };
    this.disposables.push(
      view.webview.onDidReceiveMessage((message: { type?: string; index?: number }) => void this.onMessage(message)),
      view.onDidDispose(() => (this.view = undefined)),
    );
    void this.render();
  }

  /** Shows a finding (the tree's selection); `undefined` shows the empty state. */
  async show(finding: Finding | undefined): Promise<void> {
    this.finding = finding;
    await this.render();
  }

  dispose(): void {
    for (const disposable of this.disposables) disposable.dispose();
  }

  private async render(): Promise<void> {
    const view = this.view;
    if (!view) return;
    const finding = this.finding;
    if (!finding) {
      view.webview.html = pageFor(view.webview, 'AISec finding', '<p class="muted">Select a finding to see its flow, its fixes and its rule\'s documentation.</p>');
      return;
    }
    view.webview.html = pageFor(view.webview, 'AISec finding', `<p class="muted">Loading ${escapeHtml(finding.code)}…</p>`);
    const [actions, documentationHtml, modelReportHtml] = await Promise.all([this.codeActions(finding), this.documentation(finding), this.modelReport(finding)]);
    if (this.finding !== finding || !this.view) return;
    this.actions = actions;
    const body = findingDetailsHtml({
      severity: finding.severity,
      code: finding.code,
      ruleName: finding.ruleName,
      message: finding.message,
      location: `${finding.file}:${finding.line + 1}:${finding.column + 1}`,
      flow: (finding.diagnostic.relatedInformation ?? []).map((step) => ({
        message: step.message,
        location: `${vscode.workspace.asRelativePath(step.location.uri)}:${step.location.range.start.line + 1}`,
      })),
      actions: actions.map((action): DetailsAction => ({ title: action.title, kind: action.title.startsWith('Ignore ') ? 'ignore' : 'fix' })),
      documentationHtml,
      modelReportHtml,
    });
    this.view.webview.html = pageFor(this.view.webview, `AISec ${finding.code}`, body, DETAILS_SCRIPT);
  }

  /** The quick fixes of this diagnostic (fixes first, then "ignore"); the documentation action is the page itself. */
  private async codeActions(finding: Finding): Promise<vscode.CodeAction[]> {
    // Model files have no text to fix; other files must be open for the server to compute actions.
    if (isModelFile(finding.resource) || !finding.code) return [];
    try {
      await vscode.workspace.openTextDocument(finding.resource);
      // A file the click has just opened is analysed by the server first; until then it knows no finding there
      // to act on. Every finding has at least its "Ignore" action, so an answer without one is asked again.
      for (let attempt = 0; ; attempt++) {
        const usable = await this.usableActions(finding);
        if (usable.some((a) => a.title.startsWith('Ignore ')) || attempt >= ACTION_ATTEMPTS - 1 || this.finding !== finding) return usable;
        await new Promise((resolve) => setTimeout(resolve, ACTION_RETRY_MS));
      }
    } catch {
      return [];
    }
  }

  private async usableActions(finding: Finding): Promise<vscode.CodeAction[]> {
    const ask = (resolveCount: number): Thenable<vscode.CodeAction[] | undefined> =>
      vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', finding.resource, finding.diagnostic.range, vscode.CodeActionKind.QuickFix.value, resolveCount);
    // Resolving "Fix with AI (verified)" sends the code to the model, which only the user's choice may do, so
    // only the actions before it are resolved (the server lists the AI actions last). The pane leaves the AI
    // fix to the light bulb, where it is resolved when chosen.
    const unresolved = (await ask(0)) ?? [];
    const firstAi = unresolved.findIndex((action) => action.title === AI_FIX_TITLE);
    const actions = (await ask(firstAi === -1 ? unresolved.length : firstAi)) ?? [];
    const mine = actions.filter((action) => !action.diagnostics || action.diagnostics.some((d) => sameDiagnostic(d, finding.diagnostic)));
    const usable = mine.filter((action) => (action.edit || action.command) && !action.title.startsWith('Show documentation'));
    return [...usable.filter((a) => !a.title.startsWith('Ignore ')), ...usable.filter((a) => a.title.startsWith('Ignore '))];
  }

  private documentation(finding: Finding): Promise<string> {
    if (!finding.code) return Promise.resolve('');
    return this.renderedAnswer(() => this.client.sendRequest(RuleDocumentationRequest.type, { rule: finding.code }));
  }

  private modelReport(finding: Finding): Promise<string> {
    if (!isModelFile(finding.resource)) return Promise.resolve('');
    return this.renderedAnswer(() => this.client.sendRequest(ModelFileReportRequest.type, { uri: finding.uri }));
  }

  /** A server answer holding Markdown, rendered; empty when there is none or the server cannot answer (the pane shows the rest). */
  private async renderedAnswer(ask: () => Promise<{ markdown: string } | null>): Promise<string> {
    try {
      await this.ready();
      const answer = await ask();
      return answer ? await renderMarkdown(answer.markdown) : '';
    } catch {
      return '';
    }
  }

  private async onMessage(message: { type?: string; index?: number }): Promise<void> {
    const finding = this.finding;
    if (!finding || typeof message.index !== 'number') return;
    if (message.type === 'open') await revealFinding(finding);
    else if (message.type === 'step') {
      const step = finding.diagnostic.relatedInformation?.[message.index];
      if (step) await vscode.window.showTextDocument(step.location.uri, { selection: step.location.range, preview: true });
    } else if (message.type === 'action') {
      const action = this.actions[message.index];
      if (!action) return;
      if (action.edit) await vscode.workspace.applyEdit(action.edit);
      if (action.command) await vscode.commands.executeCommand(action.command.command, ...(action.command.arguments ?? []));
    }
  }
}

/** Opens the finding's file at its range (a model file in its report editor). */
export async function revealFinding(finding: Finding, preserveFocus = false): Promise<void> {
  await vscode.commands.executeCommand('vscode.open', finding.resource, { selection: finding.diagnostic.range, preserveFocus, preview: true });
}

function sameDiagnostic(a: vscode.Diagnostic, b: vscode.Diagnostic): boolean {
  return a.message === b.message && a.range.isEqual(b.range);
}
