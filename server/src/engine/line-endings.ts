/**
 * Line breaks of inserted text. Fixes are written with `\n`; a file that ends its lines with `\r\n` (or
 * `\r` alone) must receive the same breaks, or it ends up with mixed line endings that editors, linters
 * and diffs flag on every inserted line. Hosts pass each edit's text through `matchLineBreaks`.
 */

export type LineBreak = '\n' | '\r\n' | '\r';

/**
 * The line break the text uses around `offset`: the one ending the line that holds `offset`, else the
 * one ending the line before (the last line of a file often has none), else `\n` (a one-line file).
 */
export function lineBreakAt(text: string, offset: number): LineBreak {
  for (let i = Math.max(0, offset); i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === LF) return '\n';
    if (c === CR) return text.charCodeAt(i + 1) === LF ? '\r\n' : '\r';
  }
  for (let i = Math.min(offset, text.length) - 1; i >= 0; i--) {
    const c = text.charCodeAt(i);
    if (c === CR) return '\r';
    if (c === LF) return text.charCodeAt(i - 1) === CR ? '\r\n' : '\n';
  }
  return '\n';
}

/** `newText` with every line break (`\r\n`, `\r` or `\n`) replaced by `lineBreak`. */
export function matchLineBreaks(newText: string, lineBreak: LineBreak): string {
  if (lineBreak === '\n' && !newText.includes('\r')) return newText;
  return newText.replace(/\r\n|\r|\n/g, lineBreak);
}

const LF = 10;
const CR = 13;
