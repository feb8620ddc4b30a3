/**
 * Keys split across string literals (`"sk-" + "proj-…"`, Python's implicit `"ghp_" "…"`, JavaScript template
 * literals that substitute a literal, `` `ghp_${'…'}…` ``), often written to slip past a scanner. Chains of
 * literals joined by `+` (or, in Python, only by white space) are read with a small lexer (linear, no regular
 * expression over the chain), their contents joined, and the joined texts scanned together. A template's text
 * and the string literals it substitutes are pieces of the join; any other substitution (`${part}`) breaks it,
 * because its value is unknown. Lists of literals joined with an empty separator (`"".join([...])`,
 * `[...].join("")`) are chains too. Only distinctive formats (tier 1) that span two or more pieces are kept: a key
 * inside one piece is already found by the plain scan, and a generic value needs the binding the joined text has lost.
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

/**
 * Tier-1 candidates assembled from concatenated literals in code; `python` also joins literals that only white space
 * separates; `listJoins` false skips the search for `.join(` (the text holds none).
 */
export function concatenatedCandidates(text: string, python: boolean, listJoins = true): Candidate[] {
  const chains = literalChains(text, python, listJoins);
  if (chains.length === 0) return [];
  let joined = '';
  const parts: Part[] = [];
  for (const chain of chains) {
    const pieces = chain.flatMap((literal) => literal.pieces);
    if (!joinsTokenCharacters(pieces)) continue;
    for (const piece of pieces) {
      if (piece !== BREAK) parts.push({ start: piece.start, end: piece.end, from: joined.length });
      joined += piece.content;
    }
    joined += BREAK.content;
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

interface Piece {
  /** Offsets in the file: a whole literal (quotes included) or, in a template, its text or a substituted literal. */
  start: number;
  end: number;
  content: string;
}

/** A substitution whose value is unknown: nothing is joined across it. */
const BREAK: Piece = { start: -1, end: -1, content: '\n\n' };

interface Literal {
  start: number;
  end: number;
  /** One piece for a plain literal; a template's text and substituted literals, with breaks, in order. */
  pieces: Piece[];
  /** A template that substitutes a literal: a join on its own. */
  joinsInside?: boolean;
}

/** The chains of two or more joined literals: on a line holding a possible join, or listed and joined with an empty separator. */
function literalChains(text: string, python: boolean, listJoins: boolean): Literal[][] {
  const chains: Literal[][] = listJoins ? listJoinChains(text, python) : [];
  let scannedTo = 0;
  for (const join of possibleJoins(text, python)) {
    if (join < scannedTo) continue;
    const newline = text.indexOf('\n', join);
    const lineEnd = newline < 0 ? text.length : newline;
    let at = Math.max(Math.min(text.lastIndexOf('\n', join - 1) + 1, templateStartBefore(text, join)), scannedTo);
    while (at < lineEnd) {
      const literal = stringLiteralAt(text, at);
      if (!literal) {
        at += 1;
        continue;
      }
      const chain = [literal];
      for (let next = joinedLiteralAfter(text, literal.end, python); next; next = joinedLiteralAfter(text, chain[chain.length - 1]!.end, python)) chain.push(next);
      if (chain.length >= 2 || literal.joinsInside) chains.push(chain);
      at = chain[chain.length - 1]!.end;
    }
    scannedTo = Math.max(at, lineEnd);
  }
  return chains;
}

/** Lists longer than this are not read as one join: a key is split into a handful of parts, not hundreds. */
const MAX_LIST_ITEMS = 64;

/**
 * Lists of literals joined with an empty separator, which is a concatenation written as a list: Python's
 * `"".join(["ghp_…", "…"])` (a tuple too) and JavaScript's `['ghp_…', '…'].join('')`. Found by `.join(`, so code
 * without it costs one `indexOf` pass; a list holding anything but literals (a name, a call) is not a join of
 * known text and is skipped. In JavaScript the list is read forward from the last `[` before `].join(`, so a
 * list whose literals hold a `[` is missed, which keys never do.
 */
function listJoinChains(text: string, python: boolean): Literal[][] {
  const chains: Literal[][] = [];
  // `join(` is searched and its dot checked: `indexOf('.join(')` stops at every `.` of the text (a third of the time here).
  for (let word = text.indexOf('join(', 1); word >= 0; word = text.indexOf('join(', word + 5)) {
    if (text.charCodeAt(word - 1) !== 46) continue;
    const at = word - 1;
    if (python) {
      const separator = text.slice(at - 2, at);
      if (separator !== '""' && separator !== "''") continue;
      let open = at + 6;
      while (isSpace(text[open])) open++;
      if (text[open] !== '[' && text[open] !== '(') continue;
      const list = literalList(text, open + 1, text[open] === '[' ? ']' : ')');
      if (list && list.chain.length >= 2) chains.push(list.chain);
    } else {
      if (text[at - 1] !== ']' || !/^\.join\((?:''|""|``)\)/.test(text.slice(at, at + 10))) continue;
      const open = openingBracketBefore(text, at - 1);
      if (open < 0) continue;
      const list = literalList(text, open + 1, ']');
      if (list && list.end === at && list.chain.length >= 2) chains.push(list.chain);
    }
  }
  return chains;
}

/** How far before `].join(` its list's `[` is looked for: the list of a split key is short, and the bound keeps a file of joins linear. */
const MAX_LIST_LENGTH = 2048;

/** The last `[` before `close` within `MAX_LIST_LENGTH` characters, or -1. */
function openingBracketBefore(text: string, close: number): number {
  for (let i = close - 1; i >= 0 && close - i <= MAX_LIST_LENGTH; i--) if (text[i] === '[') return i;
  return -1;
}

/** The literals of a list starting at `from` up to its `close` bracket (a trailing comma allowed), or undefined when an item is not a literal. */
function literalList(text: string, from: number, close: string): { chain: Literal[]; end: number } | undefined {
  const chain: Literal[] = [];
  let i = from;
  for (;;) {
    while (isSpace(text[i])) i++;
    if (text[i] === close) return { chain, end: i + 1 };
    if (chain.length >= MAX_LIST_ITEMS) return undefined;
    const literal = stringLiteralAt(text, i);
    if (!literal) return undefined;
    chain.push(literal);
    i = literal.end;
    while (isSpace(text[i])) i++;
    if (text[i] === ',') i++;
    else if (text[i] !== close) return undefined;
  }
}

function isSpace(c: string | undefined): boolean {
  return c === ' ' || c === '\t' || c === '\n' || c === '\r';
}

/**
 * Where to start lexing for a template substitution at `join`: the nearest backtick before it, which opens its
 * template when the template began on an earlier line (else the line's start comes first anyway).
 */
function templateStartBefore(text: string, join: number): number {
  if (text[join] !== '$') return join;
  const backtick = text.lastIndexOf('`', join - 1);
  return backtick >= 0 && join - backtick <= MAX_LITERAL_LENGTH ? backtick : join;
}

/**
 * Offsets where a join may be, in order: a `+` with a quote before it (spaces apart), in JavaScript a template
 * substitution that starts with a quote (`${'`), and in Python a line that ends with a quote followed by a line
 * that starts with one. Only the lines holding one are lexed, so code without joins costs one
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
  if (!python) {
    for (let at = text.indexOf('${'); at >= 0; at = text.indexOf('${', at + 2)) {
      let after = at + 2;
      while (text[after] === ' ' || text[after] === '\t') after++;
      if (isQuote(text[after])) joins.push(at);
    }
  }
  if (python) {
    // A literal that ends its line, continued by a literal on the next line (inside brackets).
    for (const ending of ['"\n', "'\n"]) {
      for (let at = text.indexOf(ending); at >= 0; at = text.indexOf(ending, at + 1)) {
        let after = at + 2;
        while (text[after] === ' ' || text[after] === '\t') after++;
        if (isQuote(text[after])) joins.push(at + 1);
      }
    }
  }
  return joins.sort((a, b) => a - b);
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

/** Templates nested in substitutions deeper than this are not read (their value is unknown), so the lexer's recursion is bounded. */
const MAX_TEMPLATE_NESTING = 4;

/** The longest literal read, so one unclosed quote costs a bounded look ahead. */
const MAX_LITERAL_LENGTH = 4096;

/** A string literal starting at `at` (a quote not preceded by a word character, so prefixes like `f"` are skipped). */
function stringLiteralAt(text: string, at: number, nesting = 0): Literal | undefined {
  const quote = text[at];
  if (quote !== '"' && quote !== "'" && quote !== '`') return undefined;
  if (text.startsWith(quote.repeat(3), at)) return undefined;
  if (quote === '`') return templateLiteralAt(text, at, nesting);
  for (let i = at + 1; i < text.length && i - at <= MAX_LITERAL_LENGTH; i++) {
    const c = text[i]!;
    if (c === '\\') {
      i += 1;
      continue;
    }
    if (c === '\n') return undefined;
    if (c === quote) return { start: at, end: i + 1, pieces: [{ start: at, end: i + 1, content: text.slice(at + 1, i) }] };
  }
  return undefined;
}

/** A template literal: its text pieces, the string literals it substitutes as pieces, other substitutions as breaks. */
function templateLiteralAt(text: string, at: number, nesting: number): Literal | undefined {
  const pieces: Piece[] = [];
  let joinsInside = false;
  let pieceStart = at;
  let textStart = at + 1;
  for (let i = at + 1; i < text.length && i - at <= MAX_LITERAL_LENGTH; i++) {
    const c = text[i]!;
    if (c === '\\') {
      i += 1;
      continue;
    }
    if (c === '`') {
      pieces.push({ start: pieceStart, end: i + 1, content: text.slice(textStart, i) });
      return { start: at, end: i + 1, pieces, ...(joinsInside ? { joinsInside } : {}) };
    }
    if (c !== '$' || text[i + 1] !== '{') continue;
    pieces.push({ start: pieceStart, end: i, content: text.slice(textStart, i) });
    const substitution = substitutionAt(text, i + 2, at + MAX_LITERAL_LENGTH, nesting);
    if (!substitution) return undefined;
    const single = substitution.literal?.pieces.length === 1 ? substitution.literal.pieces[0]! : undefined;
    pieces.push(single ?? BREAK);
    if (single) joinsInside = true;
    i = substitution.end - 1;
    pieceStart = substitution.end;
    textStart = substitution.end;
  }
  return undefined;
}

/**
 * The substitution whose expression starts at `from` (after `${`): where it ends (after its `}`) and, when the
 * expression is one string literal, that literal. Braces are counted and nested literals skipped, up to `limit`.
 */
function substitutionAt(text: string, from: number, limit: number, nesting: number): { end: number; literal?: Literal } | undefined {
  if (nesting >= MAX_TEMPLATE_NESTING) return undefined;
  let i = from;
  while (text[i] === ' ' || text[i] === '\t') i++;
  if (isQuote(text[i])) {
    // The expression starts with a literal: the whole expression when `}` follows, else its first operand.
    const literal = stringLiteralAt(text, i, nesting + 1);
    if (!literal) return undefined;
    let after = literal.end;
    while (text[after] === ' ' || text[after] === '\t') after++;
    if (text[after] === '}') return { end: after + 1, literal };
    i = literal.end;
  }
  let depth = 1;
  for (; i < text.length && i < limit; i++) {
    const c = text[i]!;
    if (c === '{') depth += 1;
    else if (c === '}' && --depth === 0) return { end: i + 1 };
    else if (isQuote(c)) {
      const nested = stringLiteralAt(text, i, nesting + 1);
      if (!nested) return undefined;
      i = nested.end - 1;
    }
  }
  return undefined;
}

/**
 * Whether a key could span one of the chain's joins: at some join, the characters that meet are a run of at least
 * 16 key characters (no space or punctuation of prose). Split sentences (`"Could not " + "connect"`) are not scanned.
 */
function joinsTokenCharacters(allPieces: readonly Piece[]): boolean {
  // An empty piece (`${''}`) joins its neighbours.
  const pieces = allPieces.filter((piece) => piece.content !== '');
  for (let i = 1; i < pieces.length; i++) {
    if (pieces[i - 1] === BREAK || pieces[i] === BREAK) continue;
    const left = /[\w\-+/=.~]*$/.exec(pieces[i - 1]!.content)![0].length;
    const right = /^[\w\-+/=.~]*/.exec(pieces[i]!.content)![0].length;
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
