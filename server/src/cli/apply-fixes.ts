/**
 * Plans and applies fixes to file texts: picks the fixes of the allowed applicability, never applies two
 * fixes whose edits overlap (the later one waits for the next round), and groups edits that target other
 * files (`.env`, `.gitignore`) so they can be written once. Pure text manipulation; the caller does I/O.
 */
import type { Applicability, Finding, Fix, TextEdit } from '../engine/index';
import { lineBreakAt, matchLineBreaks, TextIndex } from '../engine/index';
import { gitignoreCovers } from '../engine/secrets/output-safety';
import { sha256Hex } from '../engine/secrets/sha256';
import { appendAll } from '../engine/collections';

/** A fix chosen for one finding. */
export interface ChosenFix {
  finding: Finding;
  fix: Fix;
}

/**
 * The first fix of each finding whose applicability is allowed (safe first, then unsafe when allowed). A fix
 * that would delete a value kept nowhere else (`losesValue`) is never chosen in bulk, nor one whose edits hold
 * a redacted placeholder.
 */
export function chooseFixes(findings: readonly Finding[], allowUnsafe: boolean): ChosenFix[] {
  const allowed: Applicability[] = allowUnsafe ? ['safe', 'unsafe'] : ['safe'];
  const out: ChosenFix[] = [];
  const applicable = (f: Fix, a: Applicability): boolean => f.applicability === a && f.edits.length > 0 && f.losesValue !== true && f.redacted !== true;
  for (const finding of findings) {
    const fix = allowed.map((a) => finding.fixes.find((f) => applicable(f, a))).find((f) => f !== undefined);
    if (fix) out.push({ finding, fix });
  }
  return out;
}

export interface TextFixResult {
  text: string;
  applied: ChosenFix[];
  /** Fixes left for a later round because they overlap an applied one. */
  deferred: ChosenFix[];
}

/**
 * Applies the same-file edits of `fixes` to `text`. A fix is applied whole or not at all: when any of its
 * edits overlaps an edit already accepted, the fix is deferred. Identical edits from two findings
 * (the same import added twice) are applied once. Inserted line breaks follow the file's (`\r\n`, `\r`).
 */
export function applyFixesToText(text: string, fixes: readonly ChosenFix[]): TextFixResult {
  const index = new TextIndex(text);
  const accepted: { start: number; end: number; newText: string }[] = [];
  const applied: ChosenFix[] = [];
  const deferred: ChosenFix[] = [];
  for (const chosen of fixes) {
    const edits = chosen.fix.edits.filter((e) => e.file === undefined).map((e) => located(index, e));
    const fresh = edits.filter((e) => !accepted.some((a) => a.start === e.start && a.end === e.end && a.newText === e.newText));
    const conflicts = fresh.some((e, i) => accepted.some((a) => overlaps(a, e)) || fresh.some((o, j) => j !== i && overlaps(o, e)));
    if (conflicts) {
      deferred.push(chosen);
      continue;
    }
    appendAll(accepted, fresh);
    applied.push(chosen);
  }
  accepted.sort((a, b) => b.start - a.start || b.end - a.end);
  let out = text;
  for (const e of accepted) out = out.slice(0, e.start) + e.newText + out.slice(e.end);
  return { text: out, applied, deferred };
}

/** An edit as offsets into the index's text, its line breaks matching the text's at that point. */
function located(index: TextIndex, edit: TextEdit): { start: number; end: number; newText: string } {
  const start = index.offsetAt(edit.range.start);
  return { start, end: index.offsetAt(edit.range.end), newText: matchLineBreaks(edit.newText, lineBreakAt(index.text, start)) };
}

/** Two edits overlap when their ranges intersect, or when both insert at the same point. */
function overlaps(a: { start: number; end: number }, b: { start: number; end: number }): boolean {
  if (a.start === a.end && b.start === b.end) return a.start === b.start;
  return a.start < b.end && b.start < a.end;
}

/** Edits of `fixes` that target other files, keyed by the target path as `resolve(finding folder, edit.file)` gives it. */
export function otherFileEdits(fixes: readonly ChosenFix[], resolveTarget: (findingPath: string, file: string) => string): Map<string, TextEdit[]> {
  const byTarget = new Map<string, TextEdit[]>();
  for (const { finding, fix } of fixes) {
    for (const edit of fix.edits) {
      if (edit.file === undefined) continue;
      const target = resolveTarget(finding.path, edit.file);
      const list = byTarget.get(target) ?? [];
      if (!list.some((e) => e.newText === edit.newText && e.appendToFile === edit.appendToFile && sameRange(e, edit))) list.push(edit);
      byTarget.set(target, list);
    }
  }
  return byTarget;
}

export interface OtherFileResult {
  text: string;
  /** Ranged edits not applied because the file is no longer the text they were computed on (`fileDigest`). */
  stale: TextEdit[];
}

/**
 * Applies edits to another file's current text (undefined when it does not exist yet). A ranged edit is
 * applied only to the exact text it was computed on (`fileDigest`), so running the same fix twice, or two
 * rounds of one run, cannot add a dependency twice. Appended text goes on its own line and is skipped when
 * the file already holds each of its lines. Line breaks follow the file's.
 */
export function applyOtherFileEdits(current: string | undefined, edits: readonly TextEdit[], isGitignore = false): OtherFileResult {
  let text = current ?? '';
  const stale: TextEdit[] = [];
  const ranged = edits.filter((e) => !e.appendToFile);
  if (ranged.length > 0 && current !== undefined) {
    const digest = sha256Hex(current);
    const index = new TextIndex(text);
    const fresh = ranged.filter((e) => e.fileDigest === undefined || e.fileDigest === digest);
    appendAll(stale, ranged.filter((e) => !fresh.includes(e)));
    const ordered = fresh.map((e) => located(index, e)).sort((a, b) => b.start - a.start);
    let lastStart = Number.POSITIVE_INFINITY;
    for (const e of ordered) {
      if (e.end > lastStart) continue;
      text = text.slice(0, e.start) + e.newText + text.slice(e.end);
      lastStart = e.start;
    }
  }
  const lineBreak = lineBreakAt(text, text.length);
  for (const edit of edits.filter((e) => e.appendToFile || current === undefined)) {
    const present = new Set(text.split(/\r\n|\r|\n/).map((l) => l.trim()));
    const lines = edit.newText.split(/\r?\n/).filter((l) => l.trim() !== '');
    // In .gitignore an entry is already there when any pattern covers it (`.env*` covers `.env`).
    const covered = (line: string): boolean => present.has(line.trim()) || (isGitignore && gitignoreCovers(text, line.trim()));
    if (lines.length > 0 && lines.every(covered)) continue;
    if (text.length > 0 && !/[\r\n]$/.test(text)) text += lineBreak;
    text += matchLineBreaks(edit.newText.endsWith('\n') ? edit.newText : `${edit.newText}\n`, lineBreak);
  }
  return { text, stale };
}

function sameRange(a: TextEdit, b: TextEdit): boolean {
  return a.range.start.line === b.range.start.line && a.range.start.column === b.range.start.column && a.range.end.line === b.range.end.line && a.range.end.column === b.range.end.column;
}
