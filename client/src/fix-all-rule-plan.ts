/**
 * "Fix all AIS102 in this file": which fix of each of a rule's diagnostics is applied, and their edits. Each
 * diagnostic contributes its first fix (the server orders the preferred one first) when that fix edits only
 * this file, needs no secret rebuilt on the server, and is not a display-only suggestion; a fix whose edits
 * overlap an earlier one is left for a second run. Free of the VS Code API for unit tests.
 */
import type { DiagnosticData, DiagnosticFix } from '../../server/src/shared/protocol';

interface Position {
  line: number;
  character: number;
}

export interface PlannedEdit {
  range: { start: Position; end: Position };
  newText: string;
}

export interface FixAllPlan {
  edits: PlannedEdit[];
  /** How many diagnostics the edits fix. */
  fixed: number;
  /** True when one of the chosen fixes changes behaviour (its applicability is `unsafe`). */
  needsReview: boolean;
}

export function planFixAll(documentUri: string, diagnostics: ReadonlyArray<{ data?: DiagnosticData }>): FixAllPlan {
  const plan: FixAllPlan = { edits: [], fixed: 0, needsReview: false };
  for (const diagnostic of diagnostics) {
    const fix = diagnostic.data?.fixes[0];
    if (!fix || !appliesHere(fix, documentUri)) continue;
    const edits = fix.edits.map((edit) => ({ range: edit.range, newText: edit.newText }));
    if (edits.some((edit) => plan.edits.some((taken) => overlaps(edit.range, taken.range)))) continue;
    plan.edits.push(...edits);
    plan.fixed++;
    if (fix.applicability === 'unsafe') plan.needsReview = true;
  }
  return plan;
}

function appliesHere(fix: DiagnosticFix, documentUri: string): boolean {
  return fix.applicability !== 'display-only' && fix.redacted !== true && fix.edits.length > 0 && fix.edits.every((edit) => edit.uri === documentUri && edit.createFile !== true);
}

function before(a: Position, b: Position): boolean {
  return a.line < b.line || (a.line === b.line && a.character < b.character);
}

/** Two ranges overlap when they share a character, or are the same insertion point (their order would be ambiguous). */
function overlaps(a: PlannedEdit['range'], b: PlannedEdit['range']): boolean {
  const sameInsertion = a.start.line === b.start.line && a.start.character === b.start.character && a.end.line === b.end.line && a.end.character === b.end.character;
  return sameInsertion || (before(a.start, b.end) && before(b.start, a.end));
}
