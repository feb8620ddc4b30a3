/**
 * Fixes never contradict AISec: before a fix is offered, every file it changes is analysed in memory with
 * the fix applied, and a fix after which AISec would report more findings of some rule in that file than
 * before (a manifest entry that is a typosquat, a replacement that is itself unsafe) is not offered.
 * Suppressions (which remove findings by design), documentation commands and redacted fixes (their edits
 * are only computed when chosen) are left as they are.
 */
import type { CodeAction, TextEdit } from 'vscode-languageserver';
import { URI } from 'vscode-uri';
import { TextIndex } from '../engine/index';
import { fnv1a64 } from '../engine/hash';
import { readDiskText } from '../host/safe-read';
import type { Analysis } from './analysis';
import type { OpenDocument } from './open-documents';
import type { ResolvedSettings } from './settings-store';

export interface FixCheckContext {
  analysis: Analysis;
  /** Finding counts of texts already analysed, kept across code-action requests. */
  cache: FindingCountCache;
  /** The open document (or notebook cell) at `uri`, whose unsaved text is what a fix edits. */
  openDocument(uri: string): OpenDocument | undefined;
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
  for (const [uri, edits] of changes) {
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

/** Findings per rule (hints are not in the Problems panel, so they do not count). */
function countFindings(context: FixCheckContext, uri: string, file: FileUnderFix, text: string): ReadonlyMap<string, number> {
  // The settings are part of the key as well as the generation: two folders' files can differ only there.
  const settingsKey = fnv1a64(JSON.stringify([file.resolved.settings, file.resolved.config, file.languageId ?? '']));
  const key = [context.analysis.generation, uri, file.path, settingsKey, text.length, fnv1a64(text)].join('\u0000');
  return context.cache.get(key, () => countFindingsNow(context, uri, file, text));
}

function countFindingsNow(context: FixCheckContext, uri: string, file: FileUnderFix, text: string): Map<string, number> {
  const counts = new Map<string, number>();
  const { findings } = context.analysis.analyzeText(uri, file.path, text, file.resolved, file.languageId);
  for (const finding of findings) if (finding.advisory !== 'hint') counts.set(finding.ruleId, (counts.get(finding.ruleId) ?? 0) + 1);
  return counts;
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
