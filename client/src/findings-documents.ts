/**
 * Read-only virtual documents for results that have no file of their own: the findings of a snippet
 * (selection or clipboard) and a rule's documentation. Content is kept in memory per URI and replaced
 * when the same report is produced again.
 */
import * as vscode from 'vscode';
import type { Diagnostic } from 'vscode-languageclient/node';
import type { DiagnosticData } from '../../server/src/shared/protocol';

export class FindingsDocuments implements vscode.TextDocumentContentProvider {
  static readonly scheme = 'aisec-report';
  private readonly contents = new Map<string, string>();
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;

  provideTextDocumentContent(uri: vscode.Uri): string {
    return this.contents.get(uri.toString()) ?? '';
  }

  /** Stores `markdown` under a virtual URI named `name` and opens it beside the active editor. */
  async show(name: string, markdown: string): Promise<vscode.TextEditor> {
    const uri = vscode.Uri.from({ scheme: FindingsDocuments.scheme, path: `/${name}.md` });
    this.contents.set(uri.toString(), markdown);
    this.changed.fire(uri);
    const document = await vscode.workspace.openTextDocument(uri);
    await vscode.languages.setTextDocumentLanguage(document, 'markdown');
    return vscode.window.showTextDocument(document, { viewColumn: vscode.ViewColumn.Beside, preview: true, preserveFocus: false });
  }
}

/** Renders snippet findings as Markdown: one section per finding with its line, rule, message and fixes. */
export function renderSnippetReport(title: string, languageId: string, text: string, diagnostics: readonly Diagnostic[]): string {
  const lines = text.split(/\r?\n/);
  const out = [`# ${title}`, '', `Analysed as **${languageId}**, ${lines.length} line${lines.length === 1 ? '' : 's'}.`, ''];
  if (diagnostics.length === 0) {
    out.push('No security issues found.');
    return out.join('\n') + '\n';
  }
  out.push(`${diagnostics.length} security issue${diagnostics.length === 1 ? '' : 's'} found.`, '');
  for (const diagnostic of diagnostics) {
    const data = diagnostic.data as DiagnosticData | undefined;
    const code = typeof diagnostic.code === 'string' || typeof diagnostic.code === 'number' ? String(diagnostic.code) : '';
    const line = diagnostic.range.start.line;
    out.push(`## Line ${line + 1}: ${code} ${data?.ruleName ?? ''}`.trimEnd(), '');
    out.push(diagnostic.message, '');
    out.push('```' + fenceLanguage(languageId), lines[line] ?? '', '```', '');
    for (const fix of data?.fixes ?? []) out.push(`- Fix (${fix.applicability}): ${fix.title}`);
    if (diagnostic.codeDescription?.href) out.push(`- Documentation: ${diagnostic.codeDescription.href}`);
    out.push('');
  }
  return out.join('\n');
}

function fenceLanguage(languageId: string): string {
  return languageId === 'typescriptreact' ? 'tsx' : languageId;
}
