/**
 * Fixes never contradict AISec: before a fix is offered, every file it changes is analysed in memory with
 * the fix applied, and a fix after which AISec would report more findings of some rule in that file than
 * before (a manifest entry that is a typosquat, a replacement that is itself unsafe) is not offered.
 * A fix of notebook cells is judged on the whole notebook, as it is analysed: its code cells joined with the
 * fix applied to the cells it edits (a fix in cell 3 that raises a finding in cell 5, or that relies on an
 * import in cell 1).
 * Suppressions (which remove findings by design), documentation commands and redacted fixes (their edits
 * are only computed when chosen) are left as they are.
 */
import type { CodeAction, TextEdit } from 'vscode-languageserver';
import { URI } from 'vscode-uri';
import { TextIndex } from '../engine/index';
import type { Finding } from '../engine/index';
import { fnv1a64 } from '../engine/hash';
import { readDiskText } from '../host/safe-read';
import type { Analysis } from './analysis';
import type { OpenDocument } from './open-documents';
import type { OpenNotebook, OpenNotebooks } from './open-notebooks';
import type { ResolvedSettings } from './settings-store';

export interface FixCheckContext {
  analysis: Analysis;
  /** Finding counts of texts already analysed, kept across code-action requests. */
  cache: FindingCountCache;
  /** The open document (or notebook cell) at `uri`, whose unsaved text is what a fix edits. */
  openDocument(uri: string): OpenDocument | undefined;
  /** The open notebooks, whose cells a fix may edit. */
  notebooks?: OpenNotebooks;
  settingsFor(path: string | undefined): Promise<ResolvedSettings>;
}

/** The actions whose edits raise no new AISec finding in any file they change. */
export async function withoutContradictingFixes(actions: readonly CodeAction[], context: FixCheckContext): Promise<CodeAction[]> {
  const before = new Map<string, ReadonlyMap<string, number>>();
  const kept: CodeAction[] = [];
  for (const action of actions) {
    const changes = editsByUri(action);
    if (!changes || (action.data as { suppression?: boolean } | undefined)?.suppression) {
      kept.push(action);
      continue;
    }
    if (!(await raisesNewFinding(changes, context, before))) kept.push(action);
  }
  return kept;
}

async function raisesNewFinding(changes: Map<string, TextEdit[]>, context: FixCheckContext, before: Map<string, ReadonlyMap<string, number>>): Promise<boolean> {
  const cellEdits = new Map<OpenNotebook, Map<string, TextEdit[]>>();
  for (const [uri, edits] of changes) {
    const notebook = context.notebooks?.ofCell(uri);
    if (!notebook) continue;
    const cells = cellEdits.get(notebook) ?? new Map<string, TextEdit[]>();
    cells.set(uri, edits);
    cellEdits.set(notebook, cells);
  }
  for (const [notebook, edits] of cellEdits) {
    let counts = before.get(notebook.uri);
    if (!counts) before.set(notebook.uri, (counts = await notebookFindings(context, notebook, new Map())));
    const fixed = new Map([...edits].map(([uri, cellEdits]) => [uri, applyEdits(context.openDocument(uri)?.document.text ?? '', cellEdits)]));
    const after = await notebookFindings(context, notebook, fixed);
    for (const [rule, count] of after) if (count > (counts.get(rule) ?? 0)) return true;
  }
  for (const [uri, edits] of changes) {
    if (context.notebooks?.ofCell(uri)) continue;
    const file = await fileOf(uri, context);
    if (!file) continue;
    let counts = before.get(uri);
    if (!counts) before.set(uri, (counts = countFindings(context, uri, file, file.text)));
    const after = countFindings(context, uri, file, applyEdits(file.text, edits));
    for (const [rule, count] of after) if (count > (counts.get(rule) ?? 0)) return true;
  }
  return false;
}

interface FileUnderFix {
  path: string;
  text: string;
  languageId?: string;
  resolved: ResolvedSettings;
}

async function fileOf(uri: string, context: FixCheckContext): Promise<FileUnderFix | undefined> {
  const open = context.openDocument(uri);
  const parsed = URI.parse(uri);
  const path = open?.path ?? (parsed.scheme === 'file' ? parsed.fsPath : undefined);
  if (!path) return undefined;
  const resolved = await context.settingsFor(path);
  if (open) return { path, text: open.document.text, languageId: open.languageId, resolved };
  // A file the fix creates starts empty; one that cannot be read is not judged.
  const read = readDiskText(path, { kind: 'config' });
  if (!read.ok) return read.missing ? { path, text: '', resolved } : undefined;
  return { path, text: read.text, resolved };
}

/**
 * Finding counts per analysed text. The editor asks for code actions on every cursor move and every
 * diagnostic hover, and each request would analyse the file once plus once per fix; the counts of one
 * document version (and of each fixed variant) are the same until the text, the settings or the project
 * facts change, so they are kept (most recently used first, a bounded number).
 */
export class FindingCountCache {
  private readonly entries = new Map<string, ReadonlyMap<string, number>>();

  constructor(private readonly capacity = 256) {}

  get(key: string, compute: () => ReadonlyMap<string, number>): ReadonlyMap<string, number> {
    const known = this.entries.get(key);
    if (known) {
      this.entries.delete(key);
      this.entries.set(key, known);
      return known;
    }
    const counts = compute();
    this.entries.set(key, counts);
    if (this.entries.size > this.capacity) this.entries.delete(this.entries.keys().next().value as string);
    return counts;
  }
}

/** Findings per rule of a file's text (hints are not in the Problems panel, so they do not count). */
function countFindings(context: FixCheckContext, uri: string, file: FileUnderFix, text: string): ReadonlyMap<string, number> {
  return cachedCounts(context, [uri, file.path, file.languageId ?? ''], file.resolved, text, () => context.analysis.analyzeText(uri, file.path, text, file.resolved, file.languageId).findings);
}

/** Findings per rule of an open notebook's program with some cells' text replaced (`texts`, by cell URI). */
async function notebookFindings(context: FixCheckContext, notebook: OpenNotebook, texts: ReadonlyMap<string, string>): Promise<ReadonlyMap<string, number>> {
  const resolved = await context.settingsFor(notebook.path);
  const layout = (context.notebooks as OpenNotebooks).joinedWith(notebook, texts);
  return cachedCounts(context, [notebook.uri, notebook.path, layout.language, layout.joined.starts.join(',')], resolved, layout.joined.text, () => context.analysis.analyzeJoinedCells(notebook.path, layout.joined, layout.language, resolved));
}

function cachedCounts(context: FixCheckContext, what: readonly string[], resolved: ResolvedSettings, text: string, findings: () => readonly Finding[]): ReadonlyMap<string, number> {
  // The settings are part of the key as well as the generation: two folders' files can differ only there.
  const settingsKey = fnv1a64(JSON.stringify([resolved.settings, resolved.config]));
  const key = [context.analysis.generation, ...what, settingsKey, text.length, fnv1a64(text)].join('\u0000');
  return context.cache.get(key, () => {
    const counts = new Map<string, number>();
    for (const finding of findings()) if (finding.advisory !== 'hint') counts.set(finding.ruleId, (counts.get(finding.ruleId) ?? 0) + 1);
    return counts;
  });
}

/** The text edits of an action per document, or undefined when it has none (a command). */
function editsByUri(action: CodeAction): Map<string, TextEdit[]> | undefined {
  const edit = action.edit;
  if (!edit) return undefined;
  const byUri = new Map<string, TextEdit[]>();
  for (const [uri, edits] of Object.entries(edit.changes ?? {})) byUri.set(uri, [...edits]);
  for (const change of edit.documentChanges ?? []) {
    if (!('textDocument' in change)) continue;
    const list = byUri.get(change.textDocument.uri) ?? [];
    for (const e of change.edits) list.push(e);
    byUri.set(change.textDocument.uri, list);
  }
  return byUri;
}

/** Applies non-overlapping edits, last first, so earlier offsets stay valid. */
export function applyEdits(text: string, edits: readonly TextEdit[]): string {
  const index = new TextIndex(text);
  const located = edits
    .map((e) => ({ start: index.offsetAt({ line: e.range.start.line, column: e.range.start.character }), end: index.offsetAt({ line: e.range.end.line, column: e.range.end.character }), newText: e.newText }))
    .sort((a, b) => b.start - a.start);
  let result = text;
  for (const e of located) result = result.slice(0, e.start) + e.newText + result.slice(e.end);
  return result;
}
