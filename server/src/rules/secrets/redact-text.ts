/**
 * The one redaction of text that leaves AISec: code frames, context lines, diffs, configuration and
 * argument errors, notes and logs. Findings' messages already hold only `redactSecret` forms; this masks
 * source text itself. Three things are masked:
 * - every secret the secrets scanner can find in the text (code and plain-text readings together, so a
 *   value the checker would report in any file kind is covered), shown as `redactSecret(value)`;
 * - the password of every URL with user-info (`scheme://user:pass@host` → `scheme://user:****@host`),
 *   whatever the scheme or host, even when the scanner calls it a placeholder;
 * - on lines a host reports as holding a secret, every other quoted value and `=`/`:` value, so a value
 *   the finding's range does not cover (a second literal on the line) is not shown either.
 * A masked value never spans lines in the output: the first line shows the redacted form and the other
 * lines of a multi-line value (a PEM key) show `…`, so line numbers and diffs keep their shape.
 */
import type { Range } from '../../engine/finding';
import { redactSecret } from '../../engine/secrets/redact';
import { scanText } from './scanner';

/** A half-open span of text that output must not show, and what to show instead. */
interface Redaction {
  start: number;
  end: number;
  /** `secret`: shown as `redactSecret(value)`; `url-password`: shown as `****`. */
  kind: 'secret' | 'url-password';
}

/** How masked values are shown: by default `redactSecret(value)`; prompts sent to a model use a fixed placeholder. */
export interface RedactionOptions {
  placeholder?: (value: string) => string;
}

/** One line as shown, and a map from its columns to the shown columns. */
export interface RedactedLine {
  text: string;
  map(column: number): number;
}

const URL_PASSWORD_MASK = '****';

/** `text` with every secret and URL password masked (one-line messages, errors, notes, logs). */
export function redactText(text: string): string {
  return new RedactedDocument(text).text;
}

/**
 * A text prepared for display: its lines with every redaction applied. Build one per file and ask for
 * the lines a frame or a diff shows; the scan runs once, in the constructor.
 */
export class RedactedDocument {
  private readonly lines: string[];
  private readonly pieces = new Map<number, Piece[]>();

  /** `reported`: ranges of secrets a host reported in this text; they and every value on their lines are masked. */
  constructor(text: string, reported: readonly Range[] = [], private readonly options: RedactionOptions = {}) {
    this.lines = text.split('\n');
    const starts: number[] = [];
    let offset = 0;
    for (const line of this.lines) {
      starts.push(offset);
      offset += line.length + 1;
    }
    const toOffset = (p: Range['start']): number => Math.min(text.length, (starts[p.line] ?? text.length) + p.column);
    const spans: Redaction[] = reported.map((r) => ({ start: toOffset(r.start), end: toOffset(r.end), kind: 'secret' }));
    for (const r of findRedactions(text, linesOfRanges(reported), spans)) this.addPieces(r, text, starts);
  }

  get lineCount(): number {
    return this.lines.length;
  }

  /** The whole text as shown (line breaks kept). */
  get text(): string {
    return this.lines.map((_, i) => this.line(i).text).join('\n');
  }

  /** Line `index` (0-based) as shown; an index past the end gives an empty line. */
  line(index: number): RedactedLine {
    const raw = this.lines[index] ?? '';
    const pieces = this.pieces.get(index);
    if (!pieces) return { text: raw, map: (column) => column };
    let text = '';
    let cursor = 0;
    const shifts: { from: number; to: number; shownAt: number; delta: number }[] = [];
    let delta = 0;
    for (const p of pieces) {
      text += raw.slice(cursor, p.from);
      shifts.push({ from: p.from, to: p.to, shownAt: p.from + delta, delta: delta + p.replacement.length - (p.to - p.from) });
      text += p.replacement;
      delta += p.replacement.length - (p.to - p.from);
      cursor = p.to;
    }
    text += raw.slice(cursor);
    return {
      text,
      map: (column) => {
        let shift = 0;
        for (const s of shifts) {
          if (column <= s.from) break;
          // A column inside a masked value points at the start of its redacted form.
          if (column < s.to) return s.shownAt;
          shift = s.delta;
        }
        return column + shift;
      },
    };
  }

  private addPieces(r: Redaction, text: string, starts: readonly number[]): void {
    const value = text.slice(r.start, r.end);
    let line = lineOf(starts, r.start);
    let from = r.start - starts[line]!;
    let first = true;
    for (const segment of value.split('\n')) {
      const to = from + segment.length;
      // The first line shows the redacted form of the whole value, later lines only an ellipsis.
      const shown = this.options.placeholder ?? redactSecret;
      const replacement = first ? (r.kind === 'url-password' ? URL_PASSWORD_MASK : shown(value.replace(/\s+/g, ''))) : segment.endsWith('\r') ? '…\r' : '…';
      if (to > from || first) {
        const list = this.pieces.get(line) ?? [];
        list.push({ from, to, replacement });
        this.pieces.set(line, list);
      }
      first = false;
      line++;
      from = 0;
    }
  }
}

/**
 * The spans of `text` to mask, sorted and merged: `known` spans, every secret the scanner finds, URL
 * passwords, and every value on `reportedLines` (0-based lines on which a secret was reported).
 */
function findRedactions(text: string, reportedLines?: ReadonlySet<number>, known: readonly Redaction[] = []): Redaction[] {
  const spans: Redaction[] = known.filter((r) => r.end > r.start);
  const urlPasswords = new Set<number>();
  for (const match of text.matchAll(URL_USERINFO)) {
    const password = match[2]!;
    const end = match.index + match[0].length - 1;
    spans.push({ start: end - password.length, end, kind: 'url-password' });
    urlPasswords.add(end);
  }
  for (const mode of ['code', 'text'] as const) {
    for (const candidate of scanText(text, mode)) {
      if (candidate.tier === 0 || candidate.end <= candidate.start) continue;
      // A URL password the scanner reports keeps the URL mask, which shows none of it.
      if (urlPasswords.has(candidate.end) && text[candidate.start - 1] === ':') continue;
      spans.push({ start: candidate.start, end: candidate.end, kind: 'secret' });
    }
  }
  if (reportedLines && reportedLines.size > 0) {
    // A value that already holds a masked span (the URL around its password) keeps its readable rest.
    const found = mergeSpans(spans);
    const holdsFound = (v: Redaction): boolean => {
      // `found` is sorted and disjoint: look at the first span that ends after the value starts.
      let low = 0;
      let high = found.length;
      while (low < high) {
        const mid = (low + high) >> 1;
        if (found[mid]!.end <= v.start) low = mid + 1;
        else high = mid;
      }
      return low < found.length && found[low]!.start < v.end;
    };
    for (const value of valuesOnLines(text, reportedLines)) if (!holdsFound(value)) spans.push(value);
  }
  return mergeSpans(spans);
}

/** The line numbers a list of reported secret ranges touches. */
function linesOfRanges(ranges: readonly Range[]): Set<number> {
  const lines = new Set<number>();
  for (const range of ranges) {
    // A range that runs over many lines is a multi-line value: every line of it is a reported line.
    for (let line = range.start.line; line <= range.end.line && line - range.start.line < 10_000; line++) lines.add(line);
  }
  return lines;
}

interface Piece {
  from: number;
  to: number;
  replacement: string;
}

function lineOf(starts: readonly number[], offset: number): number {
  let low = 0;
  let high = starts.length - 1;
  while (low < high) {
    const mid = (low + high + 1) >> 1;
    if (starts[mid]! <= offset) low = mid;
    else high = mid - 1;
  }
  return low;
}

// ---------------------------------------------------------------------------------------------------

/**
 * `scheme://user:password@` with any scheme. The user part may be empty (`redis://:pw@host`); the
 * password stops at the characters that end user-info in a URL and at quotes and spaces, so the match
 * never leaves the literal it is in.
 */
const URL_USERINFO = /[A-Za-z][A-Za-z0-9+.-]{0,30}:\/\/([^\s:@/"'`<>\\]{0,200}):([^\s@/"'`<>\\]{1,200})@/g;

/** Quoted values (the body between the quotes) and bare `=`/`:` values on one line. */
const QUOTED_VALUE = /(["'`])((?:\\.|(?!\1)[^\\\r\n]){1,4000})\1/g;
const BARE_VALUE = /[=:][ \t]*([^\s"'`,;#)\]}]{4,4000})/g;

function valuesOnLines(text: string, lines: ReadonlySet<number>): Redaction[] {
  const out: Redaction[] = [];
  let lineNo = 0;
  let start = 0;
  while (start <= text.length) {
    const newline = text.indexOf('\n', start);
    const end = newline === -1 ? text.length : newline;
    if (lines.has(lineNo)) {
      const line = text.slice(start, end);
      for (const m of line.matchAll(QUOTED_VALUE)) {
        const bodyStart = start + m.index + 1;
        out.push({ start: bodyStart, end: bodyStart + m[2]!.length, kind: 'secret' });
      }
      for (const m of line.matchAll(BARE_VALUE)) {
        const value = m[1]!;
        const valueStart = start + m.index + m[0].length - value.length;
        out.push({ start: valueStart, end: valueStart + value.length, kind: 'secret' });
      }
    }
    if (newline === -1) break;
    start = newline + 1;
    lineNo++;
  }
  return out;
}

/** Sorts spans and merges overlapping ones; a merged span is a secret unless all of it is a URL password. */
function mergeSpans(spans: Redaction[]): Redaction[] {
  spans.sort((a, b) => a.start - b.start || b.end - a.end);
  const merged: Redaction[] = [];
  for (const span of spans) {
    const last = merged[merged.length - 1];
    if (last && span.start < last.end) {
      last.end = Math.max(last.end, span.end);
      if (span.kind === 'secret') last.kind = 'secret';
      continue;
    }
    merged.push({ ...span });
  }
  return merged;
}
