/**
 * One checker for AIS820-AIS822: a single pass of the engine's hidden-Unicode scanner over the file, then
 * one finding per run with a fix that deletes it. Severity follows the file: agent instruction files are
 * read by an assistant as orders, so every class is an error there; in code, Markdown and configuration,
 * bidi controls and zero-width characters are warnings (Trojan Source semantics, as Bandit and Ruff) and
 * tag characters stay errors.
 */
import type { Checker, ReportInput, TextContext } from '../../../engine/rule';
import type { Severity } from '../../../engine/finding';
import { describeCodePoint, isFiller, scanHiddenUnicode, type HiddenRun } from '../../../engine/text/hidden-unicode';
import { instructionFileOf, instructionReaders } from '../../../engine/agent-instructions/instruction-files';
import { TAG_CHARACTERS } from '../hidden-unicode-tag-characters/rule';
import { BIDI_CONTROL } from '../hidden-unicode-bidi-control/rule';
import { ZERO_WIDTH } from '../hidden-unicode-zero-width/rule';
import { focusLines } from '../../../engine/text/focus-lines';
import { CODE_KINDS, HIDDEN_UNICODE_FILE_KINDS } from './file-kinds';

/** The decoded hidden text is shown up to this many characters; the rest is counted. */
const SHOWN_TEXT = 240;

export const hiddenUnicodeChecker: Checker = {
  kind: 'text',
  name: 'hidden-unicode',
  ruleIds: [TAG_CHARACTERS.id, BIDI_CONTROL.id, ZERO_WIDTH.id],
  fileKinds: HIDDEN_UNICODE_FILE_KINDS,
  check(ctx) {
    // In a partial run only the kept spans' lines are read: a run never crosses a line break (`focus-lines.ts`).
    const runs = ctx.focus ? focusLines(ctx.text, ctx.focus).flatMap(([from, to]) => scanHiddenUnicode(ctx.text, from, to)) : scanHiddenUnicode(ctx.text);
    if (runs.length === 0) return;
    const instructions = ctx.fileKind === 'agent-instructions' ? instructionFileOf(ctx.path) : undefined;
    const readBy = instructions ? ` ${instructionReaders(instructions)}` : '';
    for (const run of runs) ctx.report(findingOf(ctx, run, readBy, instructions !== undefined));
  },
};

function findingOf(ctx: TextContext, run: HiddenRun, readBy: string, isInstructions: boolean): ReportInput {
  const range = ctx.rangeOf(run.start, run.end);
  const names = distinctNames(run.codePoints);
  if (run.kind === 'tag') {
    const shown = run.decoded.length > SHOWN_TEXT ? `${run.decoded.slice(0, SHOWN_TEXT)}… (${run.decoded.length - SHOWN_TEXT} more characters)` : run.decoded;
    const detail = run.decoded.trim()
      ? `${run.codePoints.length} invisible Unicode tag characters hide the text "${shown}"${/[.!?]$/.test(shown) ? '' : '.'}${readBy} Editors and diffs show nothing here; a language model reads it.`
      : `${run.codePoints.length} invisible Unicode tag characters (${names}) are here.${readBy} Editors and diffs show nothing; a language model reads them.`;
    return { ruleId: TAG_CHARACTERS.id, range, data: { detail }, fixes: [removal('Remove the hidden tag characters', run, range, 'safe')], fingerprintSeed: `tag:${run.decoded}` };
  }
  if (run.kind === 'bidi') {
    const reader = isInstructions ? 'the assistant' : CODE_KINDS.includes(ctx.fileKind) ? 'the compiler or interpreter' : 'a program or model';
    const detail = `Bidirectional control character${run.codePoints.length > 1 ? 's' : ''} ${names} reorder${run.codePoints.length > 1 ? '' : 's'} how this line is displayed (Trojan Source): what a reviewer sees differs from what ${reader} reads.${readBy}`;
    return { ruleId: BIDI_CONTROL.id, range, severity: isInstructions ? 'error' : 'warning', data: { detail }, fixes: [removal('Remove the bidirectional control characters', run, range, 'unsafe')], fingerprintSeed: `bidi:${names}` };
  }
  const where = run.insideWord ? `inside the word "${wordAround(ctx.text, run)}"` : run.codePoints.length >= 3 ? `in a run of ${run.codePoints.length}` : 'away from the script that uses it';
  const severity: Severity = isInstructions ? 'error' : 'warning';
  const detail = `Invisible character${run.codePoints.length > 1 ? 's' : ''} ${names} ${where}: hidden from reviewers and keyword searches, still read by a language model.${readBy}`;
  return {
    ruleId: ZERO_WIDTH.id,
    range,
    severity,
    data: { detail },
    // In code a filler can be a whole identifier (`const \u3164 = ...`): deleting it would not parse, so no fix is offered there.
    fixes: CODE_KINDS.includes(ctx.fileKind) && run.codePoints.some(isFiller) ? [] : [removal('Remove the invisible characters', run, range, run.removableWithoutVisibleChange ? 'safe' : 'unsafe')],
    fingerprintSeed: `zero-width:${names}:${wordAround(ctx.text, run)}`,
  };
}

function removal(title: string, run: HiddenRun, range: ReportInput['range'], applicability: 'safe' | 'unsafe'): NonNullable<ReportInput['fixes']>[number] {
  return { title, applicability, edits: [{ range, newText: '' }], preferred: applicability === 'safe' || run.kind === 'bidi' };
}

/** `U+200B ZERO WIDTH SPACE, U+200D ZERO WIDTH JOINER`: each distinct code point once, at most four. */
function distinctNames(codePoints: readonly number[]): string {
  const distinct = [...new Set(codePoints)];
  const shown = distinct.slice(0, 4).map(describeCodePoint).join(', ');
  return distinct.length > 4 ? `${shown} and ${distinct.length - 4} more` : shown;
}

/** The ASCII word around a run, with the run shown as `[U+200B]` marks (at most 40 characters each side). */
function wordAround(text: string, run: HiddenRun): string {
  let start = run.start;
  while (start > 0 && run.start - start < 40 && /[A-Za-z0-9_]/.test(text[start - 1])) start--;
  let end = run.end;
  while (end < text.length && end - run.end < 40 && /[A-Za-z0-9_]/.test(text[end])) end++;
  const marks = run.codePoints.map((cp) => `[U+${cp.toString(16).toUpperCase().padStart(4, '0')}]`).join('');
  return `${text.slice(start, run.start)}${marks}${text.slice(run.end, end)}`;
}
