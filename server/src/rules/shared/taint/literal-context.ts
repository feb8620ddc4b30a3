/**
 * Model text placed inside a string literal of the code or command it becomes part of, with the literal's
 * delimiter removed from it first: `text.replace('"', '')` then `f'display notification "{text}"'` given to
 * `osascript -e`. Such text cannot end the literal, so the interpreter reads it as data. This holds only when
 *
 * - the removed character is the delimiter of the literal around the insertion point (removing `'` does not
 *   protect a `"` literal),
 * - a backslash cannot escape the closing delimiter: the text has no backslash, or every backslash is doubled
 *   (`.replace("\\", "\\\\")`, `.encode("unicode_escape")`), and
 * - the literal is inert in the language that reads it: an AppleScript `"` string, a shell `'` string (a shell
 *   `"` string still expands `$(...)` and backticks), a Python `'`/`"` string that is not an f-string, a
 *   JavaScript `'`/`"` string (not a template literal), an SQL `'` string.
 *
 * `Trace.lacks` holds the characters a value cannot contain (a backslash in it: none that is unpaired), set by
 * `lacksAfterMethod`; `Trace.enclosed` the literal it sits in, set where an f-string or template literal embeds
 * it (`enclosingLiteral`); the sink decides with `inertQuotesAt` whether that literal keeps it data.
 */
import type { Node } from 'web-tree-sitter';
import type { SinkMatch, Trace } from './types';

/** String methods that never add characters: what the text lacked before, it lacks after. */
const KEEPS_CHARACTERS = new Set(['strip', 'lstrip', 'rstrip', 'lower', 'upper', 'casefold', 'removeprefix', 'removesuffix', 'trim', 'trimStart', 'trimEnd', 'toLowerCase', 'toUpperCase', 'decode', 'slice', 'substring']);
/** The quote characters a literal can be delimited by, and the backslash that could escape one. */
const DELIMITERS = `'"\``;
const BACKSLASH = '\\';

/**
 * What a tainted text lacks after `receiver.method(args)`: `.replace(c, r)` removes `c` (one character, when `r`
 * does not contain it) and may add the characters of `r`; `.replace("\\", "\\\\")` and `.encode("unicode_escape")`
 * pair every backslash; `re.sub("[\"']", "", t)` removes a class of quotes. Undefined when the method may add
 * anything (the text lacks nothing known).
 */
export function lacksAfterMethod(method: string, args: readonly Node[], before: string, python: boolean): string | undefined {
  if (KEEPS_CHARACTERS.has(method)) return before;
  if (method === 'encode') {
    const codec = args[0] ? literalText(args[0]) : undefined;
    if (codec === undefined) return args.length === 0 ? before : undefined;
    return /^(?:unicode[_-]escape)$/i.test(codec) ? addChars(before, BACKSLASH) : /^utf-?8$|^ascii$/i.test(codec) ? before : undefined;
  }
  // JavaScript `text.replace(/["\\]/g, "")`: a global regular expression of a character class.
  if ((method === 'replace' || method === 'replaceAll') && args[0]?.type === 'regex' && args.length >= 2) {
    const flags = args[0].childForFieldName('flags')?.text ?? '';
    const source = args[0].childForFieldName('pattern')?.text;
    if (!flags.includes('g') || source === undefined || literalText(args[1]) !== '') return undefined;
    const chars = classCharacters(source);
    return chars === undefined ? undefined : addChars(before, chars);
  }
  if ((method === 'replace' || method === 'replaceAll') && args.length >= 2) {
    const pattern = python || args[0]?.type === 'string' ? literalText(args[0]) : undefined;
    const replacement = literalText(args[1]);
    if (pattern === undefined || replacement === undefined) return undefined;
    // JavaScript `replace` with a string pattern replaces the first occurrence only.
    if (!python && method === 'replace') return removeChars(before, replacement);
    if (pattern === BACKSLASH && replacement === BACKSLASH + BACKSLASH) return addChars(before, BACKSLASH);
    const kept = removeChars(before, replacement);
    return pattern.length === 1 && !replacement.includes(pattern) ? addChars(kept, pattern) : kept;
  }
  return undefined;
}

/** `re.sub("[\"']", "", text)`: the characters of a plain character class (or one character) replaced by nothing. */
export function lacksAfterRegexRemoval(pattern: Node | undefined, replacement: Node | undefined, before: string): string | undefined {
  const regex = pattern ? literalText(pattern) : undefined;
  const by = replacement ? literalText(replacement) : undefined;
  if (regex === undefined || by !== '') return undefined;
  const chars = classCharacters(regex);
  return chars === undefined ? undefined : addChars(before, chars);
}

/** The characters a regular expression of one character or a plain character class matches (`["\\]`); undefined for anything else. */
function classCharacters(regex: string): string | undefined {
  // One character: plain, or a punctuation character escaped (a backslash is written `\\`).
  const single = /^(?:\\([^a-zA-Z0-9])|([^\\[\]^$.|?*+(){}]))$/.exec(regex);
  if (single) return single[1] ?? single[2];
  const klass = /^\[((?:\\.|[^\]\\^])+)\]$/.exec(regex);
  if (!klass?.[1]) return undefined;
  let chars = '';
  for (let i = 0; i < klass[1].length; i++) {
    const c = klass[1][i] ?? '';
    if (c === BACKSLASH) {
      const next = klass[1][++i] ?? '';
      if (/[a-zA-Z0-9]/.test(next)) return undefined;
      chars += next;
    } else if (c === '-' && i > 0 && i < klass[1].length - 1) return undefined;
    else chars += c;
  }
  return chars;
}

/**
 * The literal around an insertion point of an f-string or template literal, from the constant text before it:
 * the delimiter left open there and the letters just before it (Python's `f` makes a literal evaluate). Undefined
 * when no literal is open, or when the text after it never closes the literal. A backslash skips the next
 * character, as in every language here but the shell's `'` strings, where it cannot occur unpaired anyway.
 */
export function enclosingLiteral(before: string, after: string): Trace['enclosed'] {
  let open: string | undefined;
  let openedAt = -1;
  for (let i = 0; i < before.length; i++) {
    const c = before[i] ?? '';
    if (open !== undefined && c === BACKSLASH) i++;
    else if (open === undefined && DELIMITERS.includes(c)) {
      open = c;
      openedAt = i;
    } else if (c === open) open = undefined;
  }
  if (open === undefined) return undefined;
  for (let i = 0; i < after.length; i++) {
    const c = after[i] ?? '';
    if (c === BACKSLASH) i++;
    else if (c === open) return { quote: open, prefix: /[A-Za-z]*$/.exec(before.slice(0, openedAt))?.[0] ?? '' };
  }
  return undefined;
}

/** Whether a trace sits in a literal it cannot leave, of a kind the language reading `arg` keeps as data. */
export function staysInLiteral(trace: Trace, match: SinkMatch, arg: SinkMatch['args'][number]): boolean {
  const enclosed = trace.enclosed;
  if (!enclosed || !(trace.lacks ?? '').includes(enclosed.quote) || !(trace.lacks ?? '').includes(BACKSLASH)) return false;
  const inert = inertQuotesAt(match, arg);
  return inert.includes(enclosed.quote) && !(match.kind === 'code' && /[fF]/.test(enclosed.prefix));
}

/** The literal delimiters whose content the language reading a sink's argument keeps as data. */
function inertQuotesAt(match: SinkMatch, arg: SinkMatch['args'][number]): string {
  const codeFlag = /^the `[^`]+` code argument$/.test(arg.why ?? '');
  if (match.kind === 'command' && codeFlag) return arg.program ? INTERPRETER_QUOTES.find(([program]) => program.test(arg.program ?? ''))?.[1] ?? '' : '';
  // A command line run by a shell: only its `'` strings take their content literally.
  if (match.kind === 'command' && arg.why === undefined) return "'";
  if (match.kind === 'sql') return "'";
  // Python and JavaScript `'`/`"` strings (a Python f-string evaluates, see `staysInLiteral`; a template literal's delimiter is a backtick).
  if (match.kind === 'code' && CODE_EVALUATORS.test(match.label)) return `'"`;
  return '';
}

/** Code flags' interpreters and the literals of their languages that stay data. */
const INTERPRETER_QUOTES: [RegExp, string][] = [
  [/(?:^|\/)osascript$/, '"'],
  [/(?:^|\/)(?:sh|bash|zsh|dash|ksh)$/, "'"],
  [/(?:^|\/)(?:powershell|pwsh)(?:\.exe)?$/, "'"],
  [/(?:^|\/)python[0-9.]*$/, `'"`],
  [/(?:^|\/)(?:node|deno|bun)$/, `'"`],
];
const CODE_EVALUATORS = /^(?:exec|eval|compile|Function|new Function)$/;

function literalText(node: Node | undefined): string | undefined {
  if (!node || node.type !== 'string' || node.namedChildren.some((c) => c?.type === 'interpolation' || c?.type === 'template_substitution')) return undefined;
  const m = /^[rRbBuU]{0,2}(['"])([\s\S]*)\1$/.exec(node.text);
  if (!m || m[2] === undefined) return undefined;
  const raw = /^[rR]|^[bB][rR]/.test(node.text);
  return raw ? m[2] : m[2].replace(/\\(.)/g, (_, c: string) => (c === 'n' ? '\n' : c === 't' ? '\t' : c));
}

function addChars(set: string, chars: string): string {
  let out = set;
  for (const c of chars) if (!out.includes(c)) out += c;
  return out;
}

function removeChars(set: string, chars: string): string {
  let out = '';
  for (const c of set) if (!chars.includes(c)) out += c;
  return out;
}
