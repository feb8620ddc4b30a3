/**
 * Review of AI-inserted code. When one change inserts a block of at least `snippetReview.minLines` lines or
 * `snippetReview.minChars` characters (a paste or an accepted inline completion), the inserted range is
 * analysed at once, in the context of its whole file, and findings on those lines raise one non-modal
 * notification with the actions Show, Fix Safe Issues and Dismiss.
 */
import * as vscode from 'vscode';
import type { Diagnostic, LanguageClient } from 'vscode-languageclient/node';
import { AnalyzeTextRequest } from '../../server/src/shared/protocol';
import type { DiagnosticData, DiagnosticFix } from '../../server/src/shared/protocol';
import { isCodeLanguage } from './client';

/** What the last review found; kept so "Fix Safe Issues" can apply exactly what was announced. */
interface Review {
  uri: vscode.Uri;
  version: number;
  range: vscode.Range;
  diagnostics: Diagnostic[];
}

export class InsertionReview implements vscode.Disposable {
  private readonly listener: vscode.Disposable;
  private applyingFixes = false;

  constructor(
    private readonly client: LanguageClient,
    private readonly output: vscode.OutputChannel,
  ) {
    this.listener = vscode.workspace.onDidChangeTextDocument((event) => this.onChange(event));
  }

  dispose(): void {
    this.listener.dispose();
  }

  private onChange(event: vscode.TextDocumentChangeEvent): void {
    if (this.applyingFixes || event.reason === vscode.TextDocumentChangeReason.Undo || event.reason === vscode.TextDocumentChangeReason.Redo) return;
    const document = event.document;
    if (!isCodeLanguage(document.languageId) || (document.uri.scheme !== 'file' && document.uri.scheme !== 'untitled')) return;
    const config = vscode.workspace.getConfiguration('aisec', document.uri);
    if (!config.get<boolean>('enable', true) || !config.get<boolean>('snippetReview.enable', true)) return;
    const minLines = config.get<number>('snippetReview.minLines', 3);
    const minChars = config.get<number>('snippetReview.minChars', 200);
    const inserted = insertedRanges(event.contentChanges).filter(({ text }) => isLargeInsertion(text, minLines, minChars));
    if (inserted.length === 0) return;
    const range = inserted.map((i) => i.range).reduce((a, b) => a.union(b));
    void this.review(document, range).catch((error: unknown) => {
      this.output.appendLine(`Reviewing inserted code failed: ${error instanceof Error ? error.message : String(error)}`);
    });
  }

  private async review(document: vscode.TextDocument, range: vscode.Range): Promise<void> {
    const version = document.version;
    const result = await this.client.sendRequest(AnalyzeTextRequest.type, {
      text: document.getText(),
      uri: document.uri.toString(),
      languageId: document.languageId,
      range: this.client.code2ProtocolConverter.asRange(range),
    });
    // Errors and warnings only: an information note (an undeclared import) is not worth interrupting for.
    const diagnostics = result.diagnostics.filter((d) => d.severity === undefined || d.severity <= 2);
    if (diagnostics.length === 0) return;
    const review: Review = { uri: document.uri, version, range, diagnostics };
    const hasSafeFix = diagnostics.some((d) => safeFixOf(d) !== undefined);
    const actions = hasSafeFix ? ['Show', 'Fix Safe Issues', 'Dismiss'] : ['Show', 'Dismiss'];
    const choice = await vscode.window.showWarningMessage(summarise(diagnostics), ...actions);
    if (choice === 'Show') await this.show(review);
    else if (choice === 'Fix Safe Issues') await this.fixSafeIssues(review);
  }

  private async show(review: Review): Promise<void> {
    const editor = await vscode.window.showTextDocument(review.uri, { preserveFocus: false });
    const first = review.diagnostics[0];
    const target = first ? this.client.protocol2CodeConverter.asRange(first.range).start : review.range.start;
    // "Next problem" from just before the finding opens the marker peek on it, in place.
    const before = target.line > 0 ? editor.document.lineAt(target.line - 1).range.end : new vscode.Position(0, 0);
    editor.selection = new vscode.Selection(before, before);
    editor.revealRange(new vscode.Range(target, target), vscode.TextEditorRevealType.InCenterIfOutsideViewport);
    await vscode.commands.executeCommand('editor.action.marker.next');
  }

  private async fixSafeIssues(review: Review): Promise<void> {
    const document = await vscode.workspace.openTextDocument(review.uri);
    if (document.version !== review.version) {
      // The text moved on since the review; re-review so the edits land where they belong.
      await this.review(document, review.range);
      return;
    }
    const edit = new vscode.WorkspaceEdit();
    const taken: vscode.Range[] = [];
    for (const diagnostic of review.diagnostics) {
      const fix = safeFixOf(diagnostic);
      if (!fix) continue;
      const ranges = fix.edits.map((e) => this.client.protocol2CodeConverter.asRange(e.range));
      if (ranges.some((r) => taken.some((t) => t.intersection(r) !== undefined && !t.intersection(r)?.isEmpty))) continue;
      taken.push(...ranges);
      for (const e of fix.edits) edit.replace(vscode.Uri.parse(e.uri), this.client.protocol2CodeConverter.asRange(e.range), e.newText);
    }
    this.applyingFixes = true;
    try {
      await vscode.workspace.applyEdit(edit);
    } finally {
      this.applyingFixes = false;
    }
  }
}

/** "Inserted code has 2 security issues: unsafe torch.load, hard-coded OpenAI key". */
export function summarise(diagnostics: readonly Diagnostic[]): string {
  const labels = [...new Set(diagnostics.map((d) => (d.data as DiagnosticData | undefined)?.label ?? String(d.code ?? 'issue')))];
  const count = diagnostics.length;
  return `Inserted code has ${count} security issue${count === 1 ? '' : 's'}: ${labels.join(', ')}`;
}

function safeFixOf(diagnostic: Diagnostic): DiagnosticFix | undefined {
  // A redacted fix carries masked text (the server rebuilds it when it is chosen as a code action).
  const fixes = ((diagnostic.data as DiagnosticData | undefined)?.fixes ?? []).filter((f) => f.redacted !== true);
  return fixes.find((f) => f.applicability === 'safe' && f.preferred) ?? fixes.find((f) => f.applicability === 'safe');
}

function isLargeInsertion(text: string, minLines: number, minChars: number): boolean {
  const lines = text.split('\n').length;
  return lines >= minLines || text.length >= minChars;
}

/**
 * Where each change's text ends up in the new document. VS Code reports the changes of one event against
 * the old text; processing them from the last to the first keeps the earlier starts valid, and each later
 * change shifts by the line delta of the ones before it.
 */
function insertedRanges(changes: readonly vscode.TextDocumentContentChangeEvent[]): Array<{ range: vscode.Range; text: string }> {
  const sorted = [...changes].sort((a, b) => a.rangeOffset - b.rangeOffset);
  const out: Array<{ range: vscode.Range; text: string }> = [];
  let lineShift = 0;
  for (const change of sorted) {
    const start = change.range.start.translate(lineShift);
    const lines = change.text.split('\n');
    const lastLine = lines[lines.length - 1] ?? '';
    const end = lines.length === 1 ? start.translate(0, lastLine.length) : new vscode.Position(start.line + lines.length - 1, lastLine.length);
    out.push({ range: new vscode.Range(start, end), text: change.text });
    lineShift += lines.length - 1 - (change.range.end.line - change.range.start.line);
  }
  return out;
}
