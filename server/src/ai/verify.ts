/**
 * The proof an AI patch must pass before anyone sees it, all in memory: its edits stay inside the sent
 * region and the import block, it writes back no redaction placeholder, it is small, the patched file has
 * no syntax error the original did not have, and, analysed again with the host's configuration and
 * project facts (so new imports are checked against the manifests by the dependency rules), the finding
 * is gone and no rule raises anything new. A passing patch carries these checks as its evidence.
 */
import type { AnalysisResult, Engine, Finding } from '../engine/index';
import { describeDelta, findingDelta } from '../host/finding-delta';
import type { LineEdit, ModelPatch } from './patch';
import { placeholderCount } from './redaction';
import { syntaxErrorCount, type SentRegion } from './region';

export interface VerifyInput {
  engine: Engine;
  path: string;
  text: string;
  finding: Finding;
  /** The file's findings before the patch (same configuration as `analyse`). */
  findingsBefore: readonly Finding[];
  region: SentRegion;
  patch: ModelPatch;
  /** Analyses a text of this file as the host does (its configuration and ports). */
  analyse: (text: string) => AnalysisResult;
}

export type Verification = { ok: true; text: string; evidence: string[] } | { ok: false; reason: string };

/** A patch may change at most this many lines, or twice the region plus 20, whichever is smaller. */
export const MAX_CHANGED_LINES = 200;

export function verifyPatch(input: VerifyInput): Verification {
  const { engine, path, text, finding, region } = input;
  const lines = text.split('\n');
  const placement = placementProblem(input.patch.edits, region, lines.length);
  if (placement) return { ok: false, reason: placement };
  const after = applyLineEdits(text, input.patch.edits);
  if (after === text) return { ok: false, reason: 'the patch changes nothing' };
  if (placeholderCount(after) > placeholderCount(text)) return { ok: false, reason: 'the patch writes a redaction placeholder into the code; read the secret from the environment instead' };

  const changed = changedLineCount(input.patch.edits);
  const regionLines = region.region.end - region.region.start + 1;
  const bound = Math.min(MAX_CHANGED_LINES, regionLines * 2 + 20);
  if (changed > bound) return { ok: false, reason: `the patch changes ${changed} lines, more than the ${bound} allowed for a ${regionLines}-line region` };

  const errorsBefore = syntaxErrorCount(engine, path, text) ?? 0;
  const errorsAfter = syntaxErrorCount(engine, path, after);
  if (errorsAfter === undefined) return { ok: false, reason: 'the patched file could not be parsed' };
  if (errorsAfter > errorsBefore) return { ok: false, reason: `the patched code does not parse (${errorsAfter - errorsBefore} new syntax error${errorsAfter - errorsBefore === 1 ? '' : 's'})` };

  const analysed = input.analyse(after);
  const cut = analysed.notes.find((n) => n.kind === 'incomplete' || n.kind === 'rule-failed' || n.kind === 'partial');
  if (cut) return { ok: false, reason: `the patched file could not be fully analysed again (${cut.message})` };
  const delta = findingDelta(input.findingsBefore, analysed.findings, [finding]);
  const problem = describeDelta(delta);
  if (problem) {
    const fresh = analysed.findings.filter((f) => delta.newlyRaised.includes(f.ruleId) || delta.stillRaised.includes(f.ruleId));
    const detail = fresh.slice(0, 3).map((f) => `${f.ruleId} at line ${f.range.start.line + 1}: ${f.message}`).join('; ');
    return { ok: false, reason: `analysed again, the patched code ${problem} (${detail})` };
  }
  const touchesImports = input.patch.edits.some((e) => !insideSpan(e, region.region));
  const evidence = [
    `edits stay inside lines ${region.region.start + 1}-${region.region.end + 1}${region.imports.length > 0 || touchesImports ? ' and the import block' : ''} of ${path}`,
    `parses: no new syntax error (${errorsBefore} before, ${errorsAfter} after)`,
    `${finding.ruleId} is no longer reported`,
    `analysed again: no new finding of any rule (${analysed.findings.length} finding${analysed.findings.length === 1 ? '' : 's'} left in the file)`,
    ...(touchesImports ? ['imports changed: the dependency rules checked them against the project\'s manifests and raised nothing new'] : []),
    `size: ${changed} changed line${changed === 1 ? '' : 's'} (bound ${bound})`,
  ];
  return { ok: true, text: after, evidence };
}

/** Why the edits may not be applied where they are, or undefined. */
function placementProblem(edits: readonly LineEdit[], region: SentRegion, lineCount: number): string | undefined {
  const zones = [region.region, ...region.imports];
  const sorted = [...edits].sort((a, b) => a.startLine - b.startLine || a.endLine - b.endLine);
  for (const [i, e] of sorted.entries()) {
    const where = `lines ${e.startLine}-${e.endLine}`;
    if (e.startLine < 1 || e.endLine < e.startLine - 1 || e.endLine > lineCount) return `an edit addresses ${where}, which is not a range of this ${lineCount}-line file`;
    const insertion = e.endLine === e.startLine - 1;
    const start = e.startLine - 1;
    const allowed = insertion
      ? start === region.importInsertLine || zones.some((z) => start >= z.start && start <= z.end + 1)
      : zones.some((z) => start >= z.start && e.endLine - 1 <= z.end);
    if (!allowed) {
      return `an edit changes ${where}, outside the region (lines ${region.region.start + 1}-${region.region.end + 1}) and the import lines; only those may change, and a new import goes before line ${region.importInsertLine + 1}`;
    }
    const next = sorted[i + 1];
    if (next && next.startLine <= e.endLine) return `edits at ${where} and lines ${next.startLine}-${next.endLine} overlap`;
  }
  return undefined;
}

function insideSpan(edit: LineEdit, span: { start: number; end: number }): boolean {
  return edit.startLine - 1 >= span.start && edit.startLine - 1 <= span.end + 1 && edit.endLine - 1 <= span.end;
}

/** `text` with the edits applied (bottom-up); new lines take the file's line break. */
export function applyLineEdits(text: string, edits: readonly LineEdit[]): string {
  const lines = text.split('\n');
  const crlf = text.includes('\r\n');
  const ordered = [...edits].sort((a, b) => b.startLine - a.startLine || b.endLine - a.endLine);
  for (const edit of ordered) {
    const body = edit.newText.replace(/\r\n/g, '\n').replace(/\n$/, '');
    const replacement = edit.newText === '' ? [] : body.split('\n').map((l) => (crlf ? `${l}\r` : l));
    const removed = edit.endLine - edit.startLine + 1;
    // The file's last line has no line break of its own: a replacement of it keeps it that way.
    const last = edit.startLine - 1 + removed === lines.length;
    if (crlf && last && replacement.length > 0 && !lines[lines.length - 1]!.endsWith('\r')) replacement[replacement.length - 1] = replacement[replacement.length - 1]!.replace(/\r$/, '');
    lines.splice(edit.startLine - 1, removed, ...replacement);
  }
  return lines.join('\n');
}

function changedLineCount(edits: readonly LineEdit[]): number {
  return edits.reduce((sum, e) => sum + Math.max(e.endLine - e.startLine + 1, e.newText === '' ? 0 : e.newText.replace(/\n$/, '').split('\n').length), 0);
}
