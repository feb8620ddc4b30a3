/**
 * Shared knowledge for Python command-execution rules: which functions run a shell or a program, how
 * Bandit judges a `shell=` value, and what counts as a literal command.
 */
import type { Node } from 'web-tree-sitter';
import type { AstContext } from '../../engine/rule';
import { unparenthesize } from '../../engine/resolve/walk';
import { isLiteral } from './python-values';
import { isBuiltFromConstants } from './python-constants';
import { appendAll } from '../../engine/collections';

/** `subprocess` functions that take `shell=`. */
export const SUBPROCESS_WITH_SHELL = new Set(['subprocess.Popen', 'subprocess.call', 'subprocess.check_call', 'subprocess.check_output', 'subprocess.run']);

/** Functions that always run their argument through a shell. */
export const SHELL_FUNCTIONS = new Set([
  'os.system',
  'os.popen',
  'os.popen2',
  'os.popen3',
  'os.popen4',
  'popen2.popen2',
  'popen2.popen3',
  'popen2.popen4',
  'popen2.Popen3',
  'popen2.Popen4',
  'subprocess.getoutput',
  'subprocess.getstatusoutput',
  'commands.getoutput',
  'commands.getstatusoutput',
  'commands.getstatus',
  'platform.popen',
]);

/** Functions that start a program without a shell: `os.exec*`, `os.spawn*`, `os.posix_spawn*`, `os.startfile`. */
export const OS_EXEC_FUNCTIONS = new Set([
  ...['execl', 'execle', 'execlp', 'execlpe', 'execv', 'execve', 'execvp', 'execvpe'].map((n) => `os.${n}`),
  ...['spawnl', 'spawnle', 'spawnlp', 'spawnlpe', 'spawnv', 'spawnve', 'spawnvp', 'spawnvpe'].map((n) => `os.${n}`),
  'os.posix_spawn',
  'os.posix_spawnp',
  'os.startfile',
]);

/** Index of the program argument of an `os.exec*`/`os.spawn*` call (spawn takes a mode first). */
export function programIndex(qualified: string): number {
  return qualified.startsWith('os.spawn') ? 1 : 0;
}

/**
 * Bandit's truthiness for `shell=`: a literal uses its truth value, the names `False`/`None` are false,
 * and any other expression counts as true but is not `known`. Names bound once to a literal are resolved.
 */
export function shellTruthiness(ctx: AstContext, node: Node | undefined): { on: boolean; known: boolean } {
  if (!node) return { on: false, known: true };
  const value = ctx.python().literalValue(node);
  if (!value) return { on: true, known: false };
  switch (value.kind) {
    case 'bool': return { on: value.value, known: true };
    case 'none': return { on: false, known: true };
    case 'number': return { on: value.value !== 0, known: true };
    case 'string': return { on: value.value.length > 0, known: true };
    case 'collection': return { on: !value.empty, known: true };
    case 'name': return { on: true, known: false };
  }
}

/**
 * True when the command is built only from constants: a literal string or argument list, a format of
 * constants, a class attribute holding a constant command, a command-line argument restricted by
 * `choices=`, or a name a guard keeps among constants (see `python-constants.ts`).
 */
export function isLiteralCommand(ctx: AstContext, node: Node | undefined): boolean {
  if (!node) return false;
  return isLiteral(ctx, node) || isBuiltFromConstants(ctx, node);
}

/** True for a list or tuple expression (an argv), written in place. */
export function isArgvExpression(node: Node): boolean {
  const inner = unparenthesize(node);
  return inner.type === 'list' || inner.type === 'tuple';
}

/**
 * Prefilter keywords for a builtin called by its bare name (`eval(`), excluding method calls such as
 * `model.eval()`: the characters that can precede a bare call, plus `builtins.eval`, `getattr(builtins, ...)` and
 * `from builtins import eval`.
 */
export function bareCallKeywords(name: string): string[] {
  return [' ', '(', '=', '[', ',', '\t', ':', '{', '\n', '!', '+'].map((c) => `${c}${name}(`).concat([`builtins.${name}`, 'getattr(builtins', '__builtins__', `import ${name}`]);
}

/** Characters that make a shell do more than split words: any of them means the argv rewrite is not equivalent. */
const SHELL_SYNTAX = /[|&;<>()$`\\"'*?[\]{}~#!\n\r]/;

type CommandPiece = { kind: 'text'; text: string } | { kind: 'expr'; node: Node; source: string; formatted: boolean };

/**
 * Rewrites a command built from words and interpolated values (`f"convert {src} {dst}"`,
 * `"rm -rf " + path`) as a Python argv list (`["convert", str(src), str(dst)]`), so that no shell parses
 * it and interpolated values stay single arguments. Undefined when the text uses any shell syntax
 * (quotes, pipes, redirects, variables, globs, escapes) or the expression is of another shape.
 */
export function argvFromCommand(ctx: AstContext, node: Node): string | undefined {
  const pieces = commandPieces(ctx, unparenthesize(node));
  if (!pieces) return undefined;
  const words: CommandPiece[][] = [];
  let current: CommandPiece[] = [];
  const flush = (): void => {
    if (current.length > 0) words.push(current);
    current = [];
  };
  for (const raw of pieces) {
    const piece = raw.kind === 'expr' ? unquoted(ctx, raw) : raw;
    if (!piece) return undefined;
    if (piece.kind === 'expr') {
      current.push(piece);
      continue;
    }
    if (SHELL_SYNTAX.test(piece.text)) return undefined;
    const segments = piece.text.split(/(\s+)/);
    segments.forEach((segment, i) => {
      if (i % 2 === 1) flush();
      else if (segment) current.push({ kind: 'text', text: segment });
    });
  }
  flush();
  if (words.length === 0 || words[0].length !== 1 || words[0][0].kind !== 'text') return undefined;
  const rendered: string[] = [];
  for (const word of words) {
    const only = word[0];
    if (word.length === 1 && only.kind === 'text') rendered.push(`"${only.text}"`);
    else if (word.length === 1 && only.kind === 'expr') rendered.push(only.formatted ? `str(${only.source})` : only.source);
    else {
      // A word that mixes text and values (`--out={dst}`) stays one argument, written as an f-string.
      const body = word.map((p) => (p.kind === 'text' ? p.text : `{${p.source}}`)).join('');
      if (body.includes('"')) return undefined;
      rendered.push(`f"${body}"`);
    }
  }
  return `[${rendered.join(', ')}]`;
}

/**
 * In an argv there is no shell to undo quoting, so `shlex.quote(x)` becomes `x`; a value that is several
 * quoted words joined together cannot become one argument, so it stops the rewrite.
 */
function unquoted(ctx: AstContext, piece: CommandPiece & { kind: 'expr' }): CommandPiece | undefined {
  const node = unparenthesize(piece.node);
  if (node.type !== 'call') return piece;
  const fn = node.childForFieldName('function');
  const qualified = fn ? ctx.python().qualifiedName(fn) : undefined;
  if (qualified === 'shlex.join' || (fn?.type === 'attribute' && fn.childForFieldName('attribute')?.text === 'join')) return undefined;
  if (qualified !== 'shlex.quote' && qualified !== 'pipes.quote') return piece;
  const args = node.childForFieldName('arguments');
  const only = args?.namedChildren.filter((c): c is Node => !!c && c.type !== 'comment');
  if (!only || only.length !== 1 || only[0].type === 'keyword_argument' || only[0].type === 'list_splat') return undefined;
  return { kind: 'expr', node: only[0], source: only[0].text, formatted: piece.formatted };
}

function commandPieces(ctx: AstContext, node: Node): CommandPiece[] | undefined {
  if (node.type === 'string') return stringPieces(node);
  if (node.type !== 'binary_operator' || node.child(1)?.type !== '+') return undefined;
  // `a + b + c` nests to the left: collect the right operands while walking down iteratively.
  const operands: Node[] = [];
  let current: Node | null = node;
  while (current?.type === 'binary_operator' && current.child(1)?.type === '+' && operands.length < 64) {
    const right = current.childForFieldName('right');
    if (!right) return undefined;
    operands.unshift(unparenthesize(right));
    current = current.childForFieldName('left');
  }
  if (!current || current.type === 'binary_operator') return undefined;
  operands.unshift(unparenthesize(current));
  const pieces: CommandPiece[] = [];
  for (const operand of operands) {
    if (operand.type === 'string') {
      const inner = stringPieces(operand);
      if (!inner) return undefined;
      appendAll(pieces, inner);
    } else {
      const literal = ctx.python().literalValue(operand);
      if (literal?.kind === 'string') pieces.push({ kind: 'text', text: literal.value });
      else pieces.push({ kind: 'expr', node: operand, source: operand.text, formatted: false });
    }
  }
  return pieces;
}

function stringPieces(node: Node): CommandPiece[] | undefined {
  const prefix = node.child(0)?.text ?? '';
  // Byte strings and raw strings change what the text means; leave them to the shlex fix.
  if (/[bBrR]/.test(prefix)) return undefined;
  const pieces: CommandPiece[] = [];
  for (const child of node.namedChildren) {
    if (!child || child.type === 'string_start' || child.type === 'string_end') continue;
    if (child.type === 'string_content') {
      if (child.namedChildCount > 0) return undefined;
      pieces.push({ kind: 'text', text: child.text });
    } else if (child.type === 'interpolation') {
      const expression = child.childForFieldName('expression');
      if (!expression || child.childForFieldName('format_specifier') || child.childForFieldName('type_conversion') || expression.text.includes('"') || expression.text.includes('\\')) return undefined;
      pieces.push({ kind: 'expr', node: expression, source: expression.text, formatted: true });
    } else return undefined;
  }
  return pieces;
}

const QUOTERS = new Set(['shlex.quote', 'pipes.quote', 'shlex.join']);

/**
 * True when every value interpolated into a shell command is escaped with `shlex.quote` (or the whole
 * argv is joined with `shlex.join`): `f"ls {shlex.quote(p)}"`, `"rm " + shlex.quote(p)`,
 * `" ".join(shlex.quote(a) for a in args)`. Such commands are much harder to inject into, so rules lower
 * their severity instead of treating them like raw interpolation.
 */
export function isShellQuoted(ctx: AstContext, node: Node): boolean {
  const inner = unparenthesize(node);
  const quoted = (expr: Node | null | undefined): boolean => {
    const e = expr ? unparenthesize(expr) : undefined;
    if (!e) return false;
    if (ctx.python().literalValue(e)?.kind === 'string') return true;
    if (e.type !== 'call') return false;
    const fn = e.childForFieldName('function');
    const q = fn ? ctx.python().qualifiedName(fn) : undefined;
    if (q && QUOTERS.has(q)) return true;
    // `" ".join(shlex.quote(a) for a in args)`
    if (fn?.type === 'attribute' && fn.childForFieldName('attribute')?.text === 'join' && ctx.python().literalValue(fn.childForFieldName('object') ?? fn)?.kind === 'string') {
      const arg = e.childForFieldName('arguments');
      const generator = arg?.type === 'generator_expression' ? arg : arg?.namedChild(0);
      if (generator && (generator.type === 'generator_expression' || generator.type === 'list_comprehension')) return quoted(generator.childForFieldName('body'));
    }
    return false;
  };
  if (inner.type === 'string') {
    const interpolations = inner.namedChildren.filter((c): c is Node => c?.type === 'interpolation');
    return interpolations.length > 0 && interpolations.every((i) => quoted(i.childForFieldName('expression')));
  }
  if (inner.type === 'binary_operator' && inner.child(1)?.type === '+') {
    const operands: Node[] = [];
    let current: Node | null = inner;
    while (current?.type === 'binary_operator' && current.child(1)?.type === '+' && operands.length < 64) {
      const right = current.childForFieldName('right');
      if (right) operands.push(right);
      current = current.childForFieldName('left');
    }
    if (!current || current.type === 'binary_operator') return false;
    operands.push(current);
    return operands.every((o) => {
      const u = unparenthesize(o);
      return u.type === 'string' ? u.namedChildren.every((c) => c?.type !== 'interpolation' || quoted(c.childForFieldName('expression'))) : quoted(u);
    });
  }
  return quoted(inner);
}
