/**
 * The POSIX-shell lexer behind the shell-command model: it splits a command string into words and
 * operators and keeps, for every character of a word's unquoted value, the offset it came from, so a
 * finding can point at the exact word (or at a command inside `bash -c '…'`).
 *
 * `shell-quote` (used by the tests as the reference for word values) gives words without offsets,
 * expands `$VAR` and splits `$(…)` into operators, so it cannot locate a word in the source; this lexer
 * keeps `$VAR`, `${…}`, `$(…)` and backticks literally in the value and records command and process
 * substitutions so the parser can read the commands inside them.
 */

/** A word after quote removal: `text` is what the command receives, `offsets[i]` where `text[i]` came from. */
export interface LexWord {
  kind: 'word';
  text: string;
  offsets: number[];
  /** Source range of the raw word, quotes included. */
  start: number;
  end: number;
  /** True when any part of the word was quoted or escaped (a quoted word is never a keyword or an operator). */
  quoted: boolean;
  /** `$(…)`, backtick and `<(…)` / `>(…)` substitutions inside the word, as source ranges of their inner text. */
  substitutions: LexSubstitution[];
}

export interface LexSubstitution {
  kind: 'command' | 'process';
  innerStart: number;
  innerEnd: number;
}

/** `;`, `&`, `&&`, `||`, `|`, `|&`, `(`, `)`, `;;`, a newline (`\n`) or a redirection (`>`, `2>&1`, `<<EOF`...). */
export interface LexOperator {
  kind: 'op';
  op: string;
  start: number;
  end: number;
}

export type LexToken = LexWord | LexOperator;

const OPERATORS = ['&&', '||', ';;', '|&', '&>>', '&>', '>>', '>&', '<&', '>|', '<>', '<<<', '<<-', '<<', ';', '&', '|', '(', ')', '>', '<'];

/** Splits `source` into tokens; `positionOf` maps an index in `source` to the offset reported (identity by default). */
export function lexShell(source: string, positionOf: (index: number) => number = (i) => i): LexToken[] {
  const tokens: LexToken[] = [];
  const pendingHeredocs: { delimiter: string }[] = [];
  let i = 0;
  while (i < source.length) {
    const c = source[i]!;
    if (c === ' ' || c === '\t' || c === '\r') { i++; continue; }
    if (c === '\\' && source[i + 1] === '\n') { i += 2; continue; }
    if (c === '\n') {
      tokens.push({ kind: 'op', op: '\n', start: positionOf(i), end: positionOf(i) + 1 });
      i++;
      // A here-document's body follows the line that announced it: it is data, never commands.
      for (const heredoc of pendingHeredocs.splice(0)) i = skipHeredocBody(source, i, heredoc.delimiter);
      continue;
    }
    if (c === '#') {
      while (i < source.length && source[i] !== '\n') i++;
      continue;
    }
    const op = fileDescriptorRedirection(source, i) ?? operatorAt(source, i);
    if (op) {
      tokens.push({ kind: 'op', op, start: positionOf(i), end: positionOf(i + op.length - 1) + 1 });
      i += op.length;
      if (op === '<<' || op === '<<-') {
        const delimiter = readWord(source, skipBlanks(source, i), positionOf);
        if (delimiter) {
          pendingHeredocs.push({ delimiter: delimiter.word.text });
          tokens.push(delimiter.word);
          i = delimiter.next;
        }
      }
      continue;
    }
    const read = readWord(source, i, positionOf);
    if (!read) { i++; continue; }
    tokens.push(read.word);
    i = read.next;
  }
  return tokens;
}

/** `2>`, `2>&`, `1>>`: a number written right before a redirection belongs to it. */
function fileDescriptorRedirection(source: string, i: number): string | undefined {
  const digits = /^\d+/.exec(source.slice(i, i + 4))?.[0];
  if (!digits) return undefined;
  const op = operatorAt(source, i + digits.length);
  return op && /^[<>]/.test(op) ? digits + op : undefined;
}

function operatorAt(source: string, i: number): string | undefined {
  // `<(` and `>(` begin a process substitution, which is a word.
  if ((source[i] === '<' || source[i] === '>') && source[i + 1] === '(') return undefined;
  for (const op of OPERATORS) if (source.startsWith(op, i)) return op;
  return undefined;
}

function skipBlanks(source: string, i: number): number {
  while (source[i] === ' ' || source[i] === '\t') i++;
  return i;
}

function skipHeredocBody(source: string, i: number, delimiter: string): number {
  while (i < source.length) {
    let eol = source.indexOf('\n', i);
    if (eol < 0) eol = source.length;
    const line = source.slice(i, eol).replace(/^\t+/, '').replace(/\r$/, '');
    i = eol + 1;
    if (line === delimiter) return i;
  }
  return source.length;
}

const WORD_END = new Set([' ', '\t', '\r', '\n', ';', '&', '|', '(', ')', '<', '>']);

/** Reads one word starting at `start`; undefined when no word starts there. */
function readWord(source: string, start: number, positionOf: (index: number) => number): { word: LexWord; next: number } | undefined {
  let text = '';
  const offsets: number[] = [];
  const substitutions: LexSubstitution[] = [];
  let quoted = false;
  let i = start;
  const take = (from: number, to: number): void => {
    for (let k = from; k < to; k++) { text += source[k]; offsets.push(positionOf(k)); }
  };
  while (i < source.length) {
    const c = source[i]!;
    if ((c === '<' || c === '>') && source[i + 1] === '(') {
      if (i !== start && text !== '') break;
      const close = matchingClose(source, i + 2, '(', ')');
      substitutions.push({ kind: 'process', innerStart: positionOf(i + 2), innerEnd: positionOf(Math.max(i + 2, close - 1)) + (close > i + 2 ? 1 : 0) });
      take(i, Math.min(close + 1, source.length));
      i = close + 1;
      continue;
    }
    if (WORD_END.has(c)) break;
    if (c === '\\') {
      quoted = true;
      if (source[i + 1] === '\n') { i += 2; continue; }
      if (i + 1 < source.length) take(i + 1, i + 2);
      i += 2;
      continue;
    }
    if (c === "'") {
      quoted = true;
      const close = source.indexOf("'", i + 1);
      const end = close < 0 ? source.length : close;
      take(i + 1, end);
      i = end + 1;
      continue;
    }
    if (c === '"') {
      quoted = true;
      i = readDoubleQuoted(source, i + 1, take, substitutions, positionOf);
      continue;
    }
    if (c === '$' || c === '`') {
      const next = readDollarOrBacktick(source, i, substitutions, positionOf);
      take(i, next);
      i = next;
      continue;
    }
    take(i, i + 1);
    i++;
  }
  if (i === start) return undefined;
  return { word: { kind: 'word', text, offsets, start: positionOf(start), end: positionOf(i - 1) + 1, quoted, substitutions }, next: i };
}

/** Reads a double-quoted part from after its opening quote; returns the index after the closing quote. */
function readDoubleQuoted(source: string, i: number, take: (from: number, to: number) => void, substitutions: LexSubstitution[], positionOf: (index: number) => number): number {
  while (i < source.length && source[i] !== '"') {
    const c = source[i]!;
    if (c === '\\' && i + 1 < source.length) {
      // Inside double quotes a backslash escapes only these; elsewhere it stays.
      if ('$`"\\\n'.includes(source[i + 1]!)) {
        if (source[i + 1] !== '\n') take(i + 1, i + 2);
      } else take(i, i + 2);
      i += 2;
      continue;
    }
    if (c === '$' || c === '`') {
      const next = readDollarOrBacktick(source, i, substitutions, positionOf);
      take(i, next);
      i = next;
      continue;
    }
    take(i, i + 1);
    i++;
  }
  return i + 1;
}

/** Reads `$name`, `${…}`, `$(…)`, `$((…))` or `` `…` `` at `i`; returns the index after it. */
function readDollarOrBacktick(source: string, i: number, substitutions: LexSubstitution[], positionOf: (index: number) => number): number {
  if (source[i] === '`') {
    let k = i + 1;
    while (k < source.length && source[k] !== '`') k += source[k] === '\\' ? 2 : 1;
    substitutions.push({ kind: 'command', innerStart: positionOf(i + 1), innerEnd: innerEndOf(i + 1, k, positionOf) });
    return Math.min(k + 1, source.length);
  }
  const next = source[i + 1];
  if (next === '(' && source[i + 2] === '(') return Math.min(matchingClose(source, i + 3, '(', ')') + 2, source.length);
  if (next === '(') {
    const close = matchingClose(source, i + 2, '(', ')');
    substitutions.push({ kind: 'command', innerStart: positionOf(i + 2), innerEnd: innerEndOf(i + 2, close, positionOf) });
    return Math.min(close + 1, source.length);
  }
  if (next === '{') return Math.min(matchingClose(source, i + 2, '{', '}') + 1, source.length);
  let k = i + 1;
  if (k < source.length && /[@*#?$!0-9-]/.test(source[k]!)) return k + 1;
  while (k < source.length && /\w/.test(source[k]!)) k++;
  return k;
}

function innerEndOf(innerStart: number, close: number, positionOf: (index: number) => number): number {
  return close > innerStart ? positionOf(close - 1) + 1 : positionOf(innerStart);
}

/** The index of the bracket closing one opened before `i`, skipping quotes and nested brackets; the text's end when unclosed. */
function matchingClose(source: string, i: number, open: string, close: string): number {
  let depth = 1;
  while (i < source.length) {
    const c = source[i]!;
    if (c === '\\') { i += 2; continue; }
    if (c === "'") { const q = source.indexOf("'", i + 1); i = q < 0 ? source.length : q + 1; continue; }
    if (c === '"') {
      i++;
      while (i < source.length && source[i] !== '"') i += source[i] === '\\' ? 2 : 1;
      i++;
      continue;
    }
    if (c === open) depth++;
    else if (c === close && --depth === 0) return i;
    i++;
  }
  return source.length;
}
