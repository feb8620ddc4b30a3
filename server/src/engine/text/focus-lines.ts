/**
 * The kept spans of a partial run (`TextContext.focus`) widened to whole lines, for text checkers whose findings
 * never cross a line break and whose scan, started at a line's start, is in step with a scan of the whole text:
 * such a checker reads only these lines and still reports every finding that starts inside the spans.
 */

/**
 * The lines holding `focus`, each span first widened by `reach` characters on both sides, as [start, end) offsets
 * (end after the line break), merged where they meet.
 */
export function focusLines(text: string, focus: readonly (readonly [number, number])[], reach = 0): [number, number][] {
  const lines: [number, number][] = [];
  for (const [start, end] of focus) {
    const from = lineStart(text, Math.max(0, start - reach));
    const to = lineEnd(text, Math.min(text.length, end + reach));
    const last = lines[lines.length - 1];
    if (last && from <= last[1]) last[1] = Math.max(last[1], to);
    else lines.push([from, to]);
  }
  return lines;
}

/** The offset where the line holding `at` starts. */
export function lineStart(text: string, at: number): number {
  return at === 0 ? 0 : text.lastIndexOf('\n', at - 1) + 1;
}

/** The offset after the line break that ends the line holding `at` (or the text's end). */
export function lineEnd(text: string, at: number): number {
  const newline = text.indexOf('\n', at);
  return newline < 0 ? text.length : newline + 1;
}
