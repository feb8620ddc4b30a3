/**
 * Where each character of a decoded string (a YAML scalar, a JSON string) came from in the source, so a
 * command inside it is reported at its own line and column.
 */

/**
 * Walks the value and its source `text[from, to)` together: equal characters map to each other; source
 * characters the value lacks (indentation, folded line breaks, quotes) are stepped over. With
 * `backslashEscapes` (YAML double quotes, JSON) an escape maps its decoded character to the backslash.
 */
export function alignDecoded(text: string, value: string, from: number, to: number, backslashEscapes: boolean): number[] {
  const offsets: number[] = new Array<number>(value.length);
  let j = from;
  for (let i = 0; i < value.length; i++) {
    const want = value[i]!;
    while (j < to && text[j] !== want) {
      if (backslashEscapes && text[j] === '\\') break;
      j++;
    }
    if (j >= to) {
      // Out of source (an escape the walk could not follow): the rest maps to the end.
      for (let k = i; k < value.length; k++) offsets[k] = Math.max(from, to - 1);
      return offsets;
    }
    offsets[i] = j;
    j += backslashEscapes && text[j] === '\\' ? escapeLength(text, j) : 1;
  }
  return offsets;
}

function escapeLength(text: string, at: number): number {
  const kind = text[at + 1];
  if (kind === 'x') return 4;
  if (kind === 'u') return 6;
  if (kind === 'U') return 10;
  return 2;
}
