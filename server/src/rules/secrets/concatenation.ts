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
  const chains = literalChains(text, python);
  if (chains.length === 0) return [];
  let joined = '';
  const parts: Part[] = [];
  for (const chain of chains) {
    if (!joinsTokenCharacters(chain)) continue;
    for (const literal of chain) {
      parts.push({ start: literal.start, end: literal.end, from: joined.length });
      joined += literal.content;
    }
    joined += '\n\n';
  }
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

interface Literal {
  start: number;
  end: number;
  content: string;
}

/** The chains of two or more joined literals that start on a line holding a possible join. */
function literalChains(text: string, python: boolean): Literal[][] {
  const chains: Literal[][] = [];
  let scannedTo = 0;
  for (const join of possibleJoins(text, python)) {
    if (join < scannedTo) continue;
    const newline = text.indexOf('\n', join);
    const lineEnd = newline < 0 ? text.length : newline;
    let at = Math.max(text.lastIndexOf('\n', join - 1) + 1, scannedTo);
    while (at < lineEnd) {
      const literal = stringLiteralAt(text, at);
      if (!literal) {
        at += 1;
        continue;
      }
      const chain = [literal];
      for (let next = joinedLiteralAfter(text, literal.end, python); next; next = joinedLiteralAfter(text, chain[chain.length - 1]!.end, python)) chain.push(next);
      if (chain.length >= 2) chains.push(chain);
      at = chain[chain.length - 1]!.end;
    }
    scannedTo = Math.max(at, lineEnd);
  }
  return chains;
}

/**
 * Offsets where a join may be, in order: a `+` with a quote before it (spaces apart), and in Python a line that
 * ends with a quote followed by a line that starts with one. Only the lines holding one are lexed, so code without joins costs one
 * pass of `indexOf` (a regular expression starting at every quote was ten times slower on real code).
 */
function possibleJoins(text: string, python: boolean): number[] {
  const joins: number[] = [];
  const quoteBefore = (at: number): boolean => {
    let i = at - 1;
    while (i >= 0 && (text[i] === ' ' || text[i] === '\t' || text[i] === '\r' || text[i] === '\\')) i--;
    return isQuote(text[i]);
  };
  for (let plus = text.indexOf('+'); plus >= 0; plus = text.indexOf('+', plus + 1)) if (quoteBefore(plus)) joins.push(plus);
  if (python) {
    // A literal that ends its line, continued by a literal on the next line (inside brackets).
    for (const ending of ['"\n', "'\n"]) {
      for (let at = text.indexOf(ending); at >= 0; at = text.indexOf(ending, at + 1)) {
        let after = at + 2;
        while (text[after] === ' ' || text[after] === '\t') after++;
        if (isQuote(text[after])) joins.push(at + 1);
      }
    }
    joins.sort((a, b) => a - b);
  }
  return joins;
}

function isQuote(c: string | undefined): boolean {
  return c === '"' || c === "'" || c === '`';
}

/** The literal joined to the one ending at `from`: only white space (and line continuations) between, with one `+` unless `python` allows none. */
function joinedLiteralAfter(text: string, from: number, python: boolean): Literal | undefined {
  let plus = 0;
  let i = from;
  for (; i < text.length && i - from < 200; i++) {
    const c = text[i]!;
    if (c === '+') plus += 1;
    else if (c !== ' ' && c !== '\t' && c !== '\n' && c !== '\r' && c !== '\\') break;
  }
  if (plus > 1 || (plus === 0 && !python)) return undefined;
  return stringLiteralAt(text, i);
}

/** A string literal starting at `at` (a quote not preceded by a word character, so prefixes like `f"` are skipped). */
function stringLiteralAt(text: string, at: number): Literal | undefined {
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

/**
 * Whether a key could span one of the chain's joins: at some join, the characters that meet are a run of at least
 * 16 key characters (no space or punctuation of prose). Split sentences (`"Could not " + "connect"`) are not scanned.
 */
function joinsTokenCharacters(chain: readonly Literal[]): boolean {
  for (let i = 1; i < chain.length; i++) {
    const left = /[\w\-+/=.~]*$/.exec(chain[i - 1]!.content)![0].length;
    const right = /^[\w\-+/=.~]*/.exec(chain[i]!.content)![0].length;
    if (left > 0 && right > 0 && left + right >= 16) return true;
  }
  return false;
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
