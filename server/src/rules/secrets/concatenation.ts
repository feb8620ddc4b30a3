/**
 * Keys split across string literals (`"sk-" + "proj-…"`, Python's implicit `"ghp_" "…"`), often written to slip
 * past a scanner. Chains of literals joined by `+` (or, in Python, only by white space) are read with a small
 * lexer (linear, no regular expression over the chain), their contents joined, and the joined texts scanned
 * together. Only distinctive formats (tier 1) that span two or more literals are kept: a key inside one literal is
 * already found by the plain scan, and a generic value needs the binding the joined text has lost.
 */
import type { Candidate } from './candidate';
import { scanText } from './scanner';

interface Part {
  /** Offsets of the literal, quotes included, in the file. */
  start: number;
  end: number;
  /** Offset of the literal's content in the joined text. */
  from: number;
}

/** Tier-1 candidates assembled from concatenated literals in code; `python` also joins literals that only white space separates. */
export function concatenatedCandidates(text: string, python: boolean): Candidate[] {
  if (!text.includes('+') && !python) return [];
  let joined = '';
  const parts: Part[] = [];
  const chainStarts: number[] = [];
  let chain: { start: number; end: number; content: string }[] = [];
  const flush = (): void => {
    if (chain.length >= 2) {
      chainStarts.push(parts.length);
      for (const literal of chain) {
        parts.push({ start: literal.start, end: literal.end, from: joined.length });
        joined += literal.content;
      }
      joined += '\n\n';
    }
    chain = [];
  };
  for (let at = 0; at < text.length; ) {
    const literal = stringLiteralAt(text, at);
    if (!literal) {
      at += 1;
      continue;
    }
    if (chain.length > 0 && !joinsWith(text, chain[chain.length - 1]!.end, literal.start, python)) flush();
    chain.push(literal);
    at = literal.end;
  }
  flush();
  if (parts.length === 0) return [];
  const found: Candidate[] = [];
  for (const candidate of scanText(joined, 'text')) {
    if (candidate.tier !== 1) continue;
    const first = partAt(parts, candidate.start);
    const last = partAt(parts, candidate.end - 1);
    if (first === last) continue;
    found.push({ ...candidate, start: parts[first]!.start, end: parts[last]!.end, container: 'assembled from string literals joined in the code' });
  }
  return found;
}

/** A string literal starting at `at` (a quote not preceded by a word character, so prefixes like `f"` are skipped). */
function stringLiteralAt(text: string, at: number): { start: number; end: number; content: string } | undefined {
  const quote = text[at];
  if (quote !== '"' && quote !== "'" && quote !== '`') return undefined;
  if (text.startsWith(quote.repeat(3), at)) return undefined;
  for (let i = at + 1; i < text.length && i - at <= 4096; i++) {
    const c = text[i]!;
    if (c === '\\') {
      i += 1;
      continue;
    }
    if (c === '\n' && quote !== '`') return undefined;
    if (quote === '`' && c === '$' && text[i + 1] === '{') return undefined;
    if (c === quote) return { start: at, end: i + 1, content: text.slice(at + 1, i) };
  }
  return undefined;
}

/** Whether only white space (and line continuations), with one `+` unless `python` allows none, lies between two literals. */
function joinsWith(text: string, from: number, to: number, python: boolean): boolean {
  let plus = 0;
  for (let i = from; i < to; i++) {
    const c = text[i]!;
    if (c === '+') plus += 1;
    else if (c !== ' ' && c !== '\t' && c !== '\n' && c !== '\r' && c !== '\\') return false;
  }
  return plus === 1 || (python && plus === 0);
}

/** The index of the part whose content holds joined offset `at` (parts are in order). */
function partAt(parts: readonly Part[], at: number): number {
  let low = 0;
  let high = parts.length - 1;
  while (low < high) {
    const middle = (low + high + 1) >> 1;
    if (parts[middle]!.from <= at) low = middle;
    else high = middle - 1;
  }
  return low;
}
