/**
 * `aisec/analyzeText`: analyses a selection, the clipboard, or a whole document of which only an inserted
 * range matters. The text is analysed as the given language (or as the document's), with the settings of
 * the folder the document belongs to.
 */
import type { Diagnostic, Range } from 'vscode-languageserver';
import type { AnalyzeTextRequest } from '../shared/protocol';
import type { Analysis } from './analysis';
import type { SettingsStore } from './settings-store';
import { filePathOf } from './workspace-folders';

const SNIPPET_URI = 'untitled:snippet';

export async function analyzeTextRequest(params: AnalyzeTextRequest.Params, analysis: Analysis, settings: SettingsStore): Promise<AnalyzeTextRequest.Result> {
  const uri = params.uri ?? SNIPPET_URI;
  const filePath = params.uri ? filePathOf(params.uri) : undefined;
  const path = filePath ?? `snippet${extensionOf(params.languageId)}`;
  const resolved = await settings.forPath(filePath);
  await analysis.engine.ready(analysis.engine.grammarsFor(path, params.languageId));
  const outcome = analysis.analyzeText(uri, path, params.text, resolved, params.languageId);
  const diagnostics = params.range ? outcome.diagnostics.filter((d) => intersects(d.range, params.range!)) : outcome.diagnostics;
  const kind = analysis.engine.kindOf(path, params.languageId);
  return { languageId: params.languageId ?? languageIdOf(kind), diagnostics: diagnostics.filter((d) => !isSkippedNote(d) || !params.range) };
}

function extensionOf(languageId: string | undefined): string {
  switch (languageId) {
    case 'typescript':
      return '.ts';
    case 'typescriptreact':
      return '.tsx';
    case 'javascript':
    case 'javascriptreact':
      return '.js';
    default:
      return '.py';
  }
}

function languageIdOf(kind: string | undefined): string {
  if (kind === 'tsx') return 'typescriptreact';
  return kind ?? 'plaintext';
}

function intersects(a: Range, b: Range): boolean {
  const before = (x: Range['start'], y: Range['start']): boolean => x.line < y.line || (x.line === y.line && x.character < y.character);
  return !before(a.end, b.start) && !before(b.end, a.start);
}

function isSkippedNote(diagnostic: Diagnostic): boolean {
  return (diagnostic.data as { skipped?: boolean } | undefined)?.skipped === true;
}
