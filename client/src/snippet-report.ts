/**
 * Renders the findings of a snippet (a selection or the clipboard) as Markdown: one section per finding
 * with its line, rule, message and fixes. A selection's findings name lines of its file, not of the
 * selection. Free of the VS Code API for unit tests.
 */
import type { Diagnostic } from 'vscode-languageclient/node';
import type { DiagnosticData } from '../../server/src/shared/protocol';

export interface SnippetOrigin {
  /** The file the selection is in (relative path), or undefined for the clipboard. */
  file?: string;
  /** Zero-based line of the file where the snippet starts; 0 for the clipboard. */
  firstLine: number;
}

export function renderSnippetReport(title: string, languageId: string, text: string, diagnostics: readonly Diagnostic[], origin: SnippetOrigin = { firstLine: 0 }): string {
  const lines = text.split(/\r?\n/);
  const out = [`# ${title}`, ''];
  const where = origin.file ? ` from ${origin.file}, lines ${origin.firstLine + 1}–${origin.firstLine + lines.length}` : '';
  out.push(`Analysed as **${languageId}**, ${lines.length} line${lines.length === 1 ? '' : 's'}${where}.`, '');
  if (diagnostics.length === 0) {
    out.push('No security issues found.');
    return out.join('\n') + '\n';
  }
  out.push(`${diagnostics.length} security issue${diagnostics.length === 1 ? '' : 's'} found.`, '');
  for (const diagnostic of diagnostics) {
    const data = diagnostic.data as DiagnosticData | undefined;
    const code = typeof diagnostic.code === 'string' || typeof diagnostic.code === 'number' ? String(diagnostic.code) : '';
    const line = diagnostic.range.start.line;
    out.push(`## Line ${origin.firstLine + line + 1}: ${code} ${data?.ruleName ?? ''}`.trimEnd(), '');
    out.push(diagnostic.message, '');
    out.push('```' + fenceLanguage(languageId), lines[line] ?? '', '```', '');
    for (const fix of data?.fixes ?? []) out.push(`- Fix (${fix.applicability}): ${fix.title}`);
    const href = diagnostic.codeDescription?.href;
    // A command link only works inside VS Code's own Markdown; the rule is named above either way.
    if (href && /^https?:/.test(href)) out.push(`- Documentation: ${href}`);
    out.push('');
  }
  return out.join('\n');
}

function fenceLanguage(languageId: string): string {
  return languageId === 'typescriptreact' ? 'tsx' : languageId;
}
