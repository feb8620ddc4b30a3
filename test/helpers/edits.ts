/** Applies same-file text edits (engine ranges) to a text, last edit first. */
import type { TextEdit } from '../../server/src/engine/index';
import { TextIndex } from '../../server/src/engine/index';

export function applyEdits(text: string, edits: readonly TextEdit[]): string {
  const index = new TextIndex(text);
  const located = edits
    .filter((e) => e.file === undefined)
    .map((e) => ({ start: index.offsetAt(e.range.start), end: index.offsetAt(e.range.end), newText: e.newText }))
    .sort((a, b) => b.start - a.start || b.end - a.end);
  let out = text;
  for (const e of located) out = out.slice(0, e.start) + e.newText + out.slice(e.end);
  return out;
}
