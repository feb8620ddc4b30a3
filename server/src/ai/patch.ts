/**
 * Reading a model's reply as a patch: strict JSON first (structured outputs), then a tolerant extraction
 * for servers without them (a fenced ```json block, or the outermost braces of a chatty answer). A reply
 * that is not a patch gives a reason, which is said back to the model on the next attempt.
 */

/** Replace 1-based lines `startLine..endLine` with `newText`; `endLine = startLine - 1` inserts before `startLine`. */
export interface LineEdit {
  startLine: number;
  endLine: number;
  newText: string;
}

export interface ModelPatch {
  edits: LineEdit[];
  rationale: string;
}

/** The patch in `reply`, or why there is none. */
export function parsePatch(reply: string): ModelPatch | { problem: string } {
  const value = parseTolerantly(reply);
  if (value === undefined) return { problem: 'the reply was not JSON (expected {"edits": [...], "rationale": "..."})' };
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return { problem: 'the reply was JSON but not an object with "edits" and "rationale"' };
  const record = value as Record<string, unknown>;
  if (!Array.isArray(record.edits)) return { problem: 'the reply has no "edits" list' };
  const edits: LineEdit[] = [];
  for (const [i, raw] of record.edits.entries()) {
    const edit = raw as Record<string, unknown> | null;
    if (typeof edit !== 'object' || edit === null) return { problem: `edit ${i + 1} is not an object` };
    const { startLine, endLine, newText } = edit;
    if (!Number.isInteger(startLine) || !Number.isInteger(endLine)) return { problem: `edit ${i + 1} needs integer "startLine" and "endLine"` };
    if (typeof newText !== 'string') return { problem: `edit ${i + 1} needs a string "newText"` };
    edits.push({ startLine: startLine as number, endLine: endLine as number, newText });
  }
  if (edits.length === 0) return { problem: 'the reply has no edits' };
  return { edits, rationale: typeof record.rationale === 'string' ? record.rationale.trim() : '' };
}

function parseTolerantly(reply: string): unknown {
  const attempts = [reply.trim()];
  const fenced = /```(?:json|JSON)?\s*\n([\s\S]*?)\n?```/.exec(reply);
  if (fenced) attempts.push(fenced[1]!.trim());
  const first = reply.indexOf('{');
  const last = reply.lastIndexOf('}');
  if (first >= 0 && last > first) attempts.push(reply.slice(first, last + 1));
  for (const candidate of attempts) {
    try {
      return JSON.parse(candidate) as unknown;
    } catch {
      // Try the next reading.
    }
  }
  return undefined;
}
