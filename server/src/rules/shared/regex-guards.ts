/**
 * A value checked against a regular expression that must match all of it, whose every match is free of shell
 * syntax (`re.fullmatch(r"[0-9a-f]{7,40}", rev)`, `/^[a-f0-9]{7,40}$/.test(hash)`), cannot carry a command into
 * a shell, so the shell rules treat it as a constant where the check holds: inside the `if` that tests it, or
 * after an `if` that leaves the function (or loop) when it fails.
 *
 * A pattern counts only when it is anchored at both ends (`re.fullmatch`; `re.match` with a final `$` or `\Z`;
 * `re.search` and JS `test` with `^` and `$`, without a multi-line flag) and matches only letters, digits and
 * `_ . - + : / @ , = %` (literal characters, classes of them, `\d`, `\w`, groups, alternatives, quantifiers).
 * Anything else (`.`, `\s`, a negated class, a class holding a space or a quote) may let shell syntax through.
 * Asked for `identifier` characters, only letters, digits and `_` count (`^[A-Za-z_][A-Za-z0-9_]*$`): a name a
 * program splices into Python source it generates (`python-exec-non-literal/quoted-template.ts`).
 */
import type { Node } from 'web-tree-sitter';
import type { AstContext } from '../../engine/rule';
import { unparenthesize } from '../../engine/resolve/walk';

/** Which characters a checked value may hold: shell-safe text, or (for source a program generates) a Python identifier. */
export type MatchCharacters = 'shell' | 'identifier';

/** Characters a match may contain: none of them means anything to a POSIX shell or cmd.exe inside a word. */
const SAFE_LITERAL = /[A-Za-z0-9_.\-+:/@,=%]/;
const ESCAPES_SAFE = new Set(['d', 'w', '.', '-', '+', '/', '_', ':', '@', ',', '=', '%', 'b', 'B', 'A', 'Z', 'z']);
/** Characters of a Python identifier: spliced into generated source they can name, never call or quote. */
const IDENTIFIER_LITERAL = /[A-Za-z0-9_]/;
const ESCAPES_IDENTIFIER = new Set(['d', 'w', '_', 'b', 'B', 'A', 'Z', 'z']);
const EXIT_STATEMENTS = new Set(['raise_statement', 'return_statement', 'continue_statement', 'break_statement', 'throw_statement']);

/** True when every string `body` (a regex source without its anchors' meaning checked) matches is free of shell syntax. */
export function matchesOnlyShellSafeText(body: string, characters: MatchCharacters = 'shell'): boolean {
  const literal = characters === 'shell' ? SAFE_LITERAL : IDENTIFIER_LITERAL;
  const escapes = characters === 'shell' ? ESCAPES_SAFE : ESCAPES_IDENTIFIER;
  let inClass = false;
  for (let i = 0; i < body.length; i++) {
    const c = body[i]!;
    if (c === '\\') {
      const next = body[i + 1] ?? '';
      if (!escapes.has(next)) return false;
      i += 1;
      continue;
    }
    if (inClass) {
      if (c === ']') inClass = false;
      else if (c === '^' && body[i - 1] === '[') return false;
      else if (c !== '-' && !literal.test(c)) return false;
      continue;
    }
    if (c === '[') inClass = true;
    else if (c === '.') return false;
    else if (!'(){}?*+|^$,'.includes(c) && !literal.test(c)) return false;
    // `(?` starts a flag or a lookaround; only a non-capturing group `(?:` is read as a group.
    else if (c === '(' && body[i + 1] === '?' && body[i + 2] !== ':') return false;
  }
  return !inClass;
}

/** A pattern anchored at both ends by its own text (`^...$`, `\A...\Z`), whose matches are shell-safe. */
function anchoredSafe(source: string, startAnchored: boolean, characters: MatchCharacters = 'shell'): boolean {
  const start = startAnchored || source.startsWith('^') || source.startsWith('\\A');
  const end = /(?:^|[^\\])\$$/.test(source) || source.endsWith('\\Z') || source.endsWith('\\z');
  return start && end && !/(?:^|[^\\])\|/.test(source.replace(/\([^()]*\)/g, '')) && matchesOnlyShellSafeText(source, characters);
}

/** The name a Python `re.fullmatch/match/search(PATTERN, name)` call checks with a full, shell-safe match. */
function pythonCheckedName(ctx: AstContext, expr: Node, characters: MatchCharacters): string | undefined {
  const call = unparenthesize(expr);
  if (call.type !== 'call') return undefined;
  const fn = call.childForFieldName('function');
  const qualified = fn ? ctx.python().qualifiedName(fn) : undefined;
  const args = call.childForFieldName('arguments')?.namedChildren.filter((a): a is Node => !!a && a.type !== 'comment') ?? [];
  let pattern: Node | undefined;
  let subject: Node | undefined;
  let kind: string | undefined;
  if (qualified === 're.fullmatch' || qualified === 're.match' || qualified === 're.search') {
    [pattern, subject] = args;
    kind = qualified.slice(3);
    // A flags argument (`re.M`) may change what `$` means.
    if (args.length > 2) return undefined;
  } else if (fn?.type === 'attribute' && ['fullmatch', 'match', 'search'].includes(fn.childForFieldName('attribute')?.text ?? '')) {
    // `HASH.fullmatch(x)` with `HASH = re.compile(r"...")` in the file.
    const compiled = fn.childForFieldName('object');
    const value = compiled ? ctx.python().boundValue(compiled) : undefined;
    const compile = value?.type === 'call' ? value : undefined;
    if (!compile || ctx.python().qualifiedName(compile.childForFieldName('function')!) !== 're.compile') return undefined;
    const compileArgs = compile.childForFieldName('arguments')?.namedChildren.filter((a): a is Node => !!a) ?? [];
    if (compileArgs.length !== 1) return undefined;
    pattern = compileArgs[0];
    subject = args[0];
    kind = fn.childForFieldName('attribute')?.text;
  }
  const source = pattern ? ctx.python().literalValue(pattern) : undefined;
  if (!subject || subject.type !== 'identifier' || source?.kind !== 'string') return undefined;
  const ok = kind === 'fullmatch' ? matchesOnlyShellSafeText(source.value, characters) : anchoredSafe(source.value, kind === 'match', characters);
  return ok ? subject.text : undefined;
}

/** The name a JS `/^...$/.test(name)` call checks with a full, shell-safe match. */
function jsCheckedName(expr: Node, characters: MatchCharacters): string | undefined {
  let call = expr;
  while (call.type === 'parenthesized_expression' && call.namedChild(0)) call = call.namedChild(0)!;
  if (call.type !== 'call_expression') return undefined;
  const fn = call.childForFieldName('function');
  const regex = fn?.type === 'member_expression' && fn.childForFieldName('property')?.text === 'test' ? fn.childForFieldName('object') : undefined;
  const subject = call.childForFieldName('arguments')?.namedChildren.filter((a): a is Node => !!a)[0];
  if (regex?.type !== 'regex' || subject?.type !== 'identifier') return undefined;
  const pattern = regex.childForFieldName('pattern')?.text ?? '';
  const flags = regex.childForFieldName('flags')?.text ?? '';
  return !flags.includes('m') && anchoredSafe(pattern, false, characters) ? subject.text : undefined;
}

/** The names a condition checks (`a and b` both; a negation's names when `negated` is asked). */
function checkedNames(ctx: AstContext, condition: Node, negated: boolean, characters: MatchCharacters): string[] {
  const node = ctx.language === 'python' ? unparenthesize(condition) : stripParens(condition);
  const check = (n: Node): string | undefined => (ctx.language === 'python' ? pythonCheckedName(ctx, n, characters) : jsCheckedName(n, characters));
  if (negated) {
    // `not re.fullmatch(...)`, `!/^..$/.test(x)`, `re.fullmatch(...) is None`; `a or b` fails when either fails.
    if ((node.type === 'not_operator' || (node.type === 'unary_expression' && node.child(0)?.text === '!')) && node.namedChild(0)) return checkedNames(ctx, node.namedChild(node.namedChildCount - 1)!, false, characters);
    if (node.type === 'comparison_operator' && /\bis\s+None$/.test(node.text) && node.namedChild(0)) return checkedNames(ctx, node.namedChild(0)!, false, characters);
    if ((node.type === 'boolean_operator' && node.child(1)?.text === 'or') || (node.type === 'binary_expression' && node.childForFieldName('operator')?.text === '||')) {
      return [...checkedNames(ctx, node.childForFieldName('left')!, true, characters), ...checkedNames(ctx, node.childForFieldName('right')!, true, characters)];
    }
    return [];
  }
  if ((node.type === 'boolean_operator' && node.child(1)?.text === 'and') || (node.type === 'binary_expression' && node.childForFieldName('operator')?.text === '&&')) {
    return [...checkedNames(ctx, node.childForFieldName('left')!, false, characters), ...checkedNames(ctx, node.childForFieldName('right')!, false, characters)];
  }
  const name = check(node);
  return name ? [name] : [];
}

function stripParens(node: Node): Node {
  let current = node;
  while (current.type === 'parenthesized_expression' && current.namedChild(0)) current = current.namedChild(0)!;
  return current;
}

/**
 * True when `use` (an identifier) is read where a full shell-safe match of its name holds: inside the body of an
 * `if` testing it, or after an `if` in an enclosing block that exits when the test fails.
 */
export function guardedByFullMatch(ctx: AstContext, use: Node, characters: MatchCharacters = 'shell'): boolean {
  const name = use.text;
  let child: Node = use;
  for (let current = use.parent, steps = 0; current && steps < 200; current = current.parent, steps++) {
    if (current.type === 'function_definition' || current.type === 'function_declaration' || current.type === 'arrow_function' || current.type === 'method_definition' || current.type === 'lambda') return false;
    if (current.type === 'if_statement') {
      const condition = current.childForFieldName('condition');
      const body = current.childForFieldName('consequence');
      if (condition && body?.id === child.id && checkedNames(ctx, condition, false, characters).includes(name)) return true;
    }
    if (current.type === 'block' || current.type === 'statement_block' || current.type === 'module' || current.type === 'program') {
      if (checkedBefore(ctx, current, name, characters, child.startIndex)) return true;
    }
    child = current;
  }
  return false;
}

/**
 * Where a block's statements check `name` with an exiting full match (`true`) or assign it again (`false`), in
 * order, per file analysis: every use of a module-level name asked this of the whole module, so a file of many
 * sinks walked its statements once per sink.
 */
const blockChecks = new WeakMap<AstContext, Map<string, { start: number; checked: boolean }[]>>();

/** Whether the statements of `block` before `before` leave `name` checked by an exiting full match. */
function checkedBefore(ctx: AstContext, block: Node, name: string, characters: MatchCharacters, before: number): boolean {
  let memo = blockChecks.get(ctx);
  if (!memo) blockChecks.set(ctx, (memo = new Map()));
  const key = `${block.id}:${characters}:${name}`;
  let events = memo.get(key);
  if (!events) {
    events = [];
    for (const statement of block.namedChildren) {
      if (!statement) continue;
      if (statement.type === 'if_statement' && exitsWhen(ctx, statement, name, characters)) events.push({ start: statement.startIndex, checked: true });
      // A later assignment of the name replaces the checked value.
      else if (assigns(statement, name)) events.push({ start: statement.startIndex, checked: false });
    }
    memo.set(key, events);
  }
  let checked = false;
  for (const event of events) {
    if (event.start >= before) break;
    checked = event.checked;
  }
  return checked;
}

/** `if not re.fullmatch(P, name): raise ...` (no `else`): past it, the name matched. */
function exitsWhen(ctx: AstContext, statement: Node, name: string, characters: MatchCharacters): boolean {
  const condition = statement.childForFieldName('condition');
  const body = statement.childForFieldName('consequence');
  if (!condition || !body || statement.childForFieldName('alternative')) return false;
  const last = body.type === 'block' || body.type === 'statement_block' ? body.namedChildren.filter((s): s is Node => !!s && s.type !== 'comment').pop() : body;
  const exits = !!last && (EXIT_STATEMENTS.has(last.type) || /^(?:sys\.)?exit\(|^process\.exit\(/.test(last.text));
  return exits && checkedNames(ctx, condition, true, characters).includes(name);
}

function assigns(statement: Node, name: string): boolean {
  return new RegExp(`(?:^|[^\\w.$])${name.replace(/\$/g, '\\$')}\\s*(?:[-+*/]?=)(?!=)`).test(statement.text);
}
