/**
 * Converts between UTF-16 offsets and zero-based line/column positions. Built once per analysed text;
 * the one place where offsets become positions.
 */
import type { Position, Range } from './finding';

export class TextIndex {
  private readonly lineStarts: number[];

  constructor(
    readonly text: string,
    lineStarts?: number[],
  ) {
    this.lineStarts = lineStarts ?? lineStartsOf(text, 0, text.length, [0]);
  }

  /**
   * The index of `next`, which is this text with [start, oldEnd) replaced by `inserted`: line starts before the
   * edit are kept, those around the inserted text found again, those after it moved (no pass over the text).
   */
  edited(next: string, start: number, oldEnd: number, inserted: string): TextIndex {
    const delta = inserted.length - (oldEnd - start);
    const newEnd = start + inserted.length;
    const starts: number[] = [0];
    for (let i = 1; i < this.lineStarts.length && this.lineStarts[i] < start; i++) starts.push(this.lineStarts[i]);
    // From the character before the edit (a `\r` may now pair with an inserted `\n`) to the one after it.
    lineStartsOf(next, Math.max(0, start - 1), Math.min(next.length, newEnd + 1), starts);
    for (const old of this.lineStarts) {
      if (old < oldEnd + 2) continue;
      const moved = old + delta;
      if (moved > starts[starts.length - 1]) starts.push(moved);
    }
    return new TextIndex(next, starts);
  }

  private lineOf(offset: number): number {
    let lo = 0;
    let hi = this.lineStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.lineStarts[mid] <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }

  get lineCount(): number {
    return this.lineStarts.length;
  }

  positionAt(offset: number): Position {
    const clamped = Math.max(0, Math.min(offset, this.text.length));
    const line = this.lineOf(clamped);
    return { line, column: clamped - this.lineStarts[line] };
  }

  /** The position as tree-sitter names it (row and column in UTF-16 code units, as web-tree-sitter counts them). */
  pointAt(offset: number): { row: number; column: number } {
    const { line, column } = this.positionAt(offset);
    return { row: line, column };
  }

  offsetAt(position: Position): number {
    if (position.line >= this.lineStarts.length) return this.text.length;
    const start = this.lineStarts[Math.max(0, position.line)];
    return Math.min(start + position.column, this.lineEnd(position.line));
  }

  rangeOf(start: number, end: number): Range {
    return { start: this.positionAt(start), end: this.positionAt(end) };
  }

  /** Offset of the first character of `line`. */
  lineStart(line: number): number {
    return this.lineStarts[Math.min(Math.max(0, line), this.lineStarts.length - 1)];
  }

  /** Offset just past the last character of `line`, before its line break. */
  lineEnd(line: number): number {
    const next = line + 1 < this.lineStarts.length ? this.lineStarts[line + 1] : this.text.length;
    let end = next;
    while (end > this.lineStarts[line] && (this.text.charCodeAt(end - 1) === 10 || this.text.charCodeAt(end - 1) === 13)) end--;
    return end;
  }

  lineText(line: number): string {
    if (line < 0 || line >= this.lineStarts.length) return '';
    return this.text.slice(this.lineStarts[line], this.lineEnd(line));
  }
}

/** Appends to `starts` the offsets just after each line break in text[from, to). */
function lineStartsOf(text: string, from: number, to: number, starts: number[]): number[] {
  for (let i = from; i < to; i++) {
    const c = text.charCodeAt(i);
    if (c === 10) starts.push(i + 1);
    else if (c === 13) {
      if (text.charCodeAt(i + 1) === 10) i++;
      starts.push(i + 1);
    }
  }
  return starts;
}
