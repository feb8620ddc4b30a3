/**
 * The kept spans of a partial run (`TextContext.focus`) widened to whole lines, for text checkers whose findings
 * never cross a line break and whose scan, started at a line's start, is in step with a scan of the whole text:
 * such a checker reads only these lines and still reports every finding that starts inside the spans.
 */

/** The lines holding `focus`, as [start, end) offsets (end after the line break), merged where they meet. */
export function focusLines(text: string, focus: readonly (readonly [number, number])[]): [number, number][] {
  const lines: [number, number][] = [];
  for (const [start, end] of focus) {
    const from = start === 0 ? 0 : text.lastIndexOf('\n', start - 1) + 1;
    const newline = text.indexOf('\n', end);
    const to = newline < 0 ? text.length : newline + 1;
    const last = lines[lines.length - 1];
    if (last && from <= last[1]) last[1] = Math.max(last[1], to);
    else lines.push([from, to]);
  }
  return lines;
}
