/**
 * Allow-list checks that end a flow (catalogue §6.4): the sink runs only inside `if x in ALLOWED:` /
 * `if (ALLOWED.includes(x))`, after an early exit `if x not in ALLOWED: raise` / `if (!ALLOWED.has(x))
 * return;`, after `assert x in ALLOWED`, or after an equality check against a literal.
 */
import type { Node } from 'web-tree-sitter';
import type { AstContext } from '../../../engine/rule';

const BLOCKS = new Set(['block', 'module', 'statement_block', 'program']);
const EXITS = ['raise_statement', 'return_statement', 'continue_statement', 'break_statement', 'throw_statement'];

/**
 * The statements of each block, read once per analysis (one instance per tree: node ids are unique only
 * within a tree). Walking back with `previousNamedSibling` costs tree-sitter a search from the block's start
 * per step, so a block of 1,500 sinks took seconds per sink (fuzz input 41/52145).
 */
export class BlockStatements {
  private readonly byBlock = new Map<number, { nodes: Node[]; types: string[] }>();

  /** The named statements before `child` in `block`, nearest first, with their types. */
  *before(block: Node, child: Node): Generator<{ node: Node; type: string }> {
    let entry = this.byBlock.get(block.id);
    if (!entry) {
      const nodes = block.namedChildren.filter((n): n is Node => n !== null);
      entry = { nodes, types: nodes.map((n) => n.type) };
      this.byBlock.set(block.id, entry);
    }
    const { nodes, types } = entry;
    let low = 0;
    let high = nodes.length;
    while (low < high) {
      const mid = (low + high) >> 1;
      if (nodes[mid]!.startIndex < child.startIndex) low = mid + 1;
      else high = mid;
    }
    for (let i = low - 1; i >= 0; i--) yield { node: nodes[i]!, type: types[i]! };
  }
}

/** True when an allow-list check on a value used in `arg` guards `sink` within `unit`. */
export function isGuarded(_ctx: AstContext, sink: Node, arg: Node, unit: Node, blocks: BlockStatements = new BlockStatements()): boolean {
  const names = keysIn(arg);
  if (names.size === 0) return false;
  let child: Node = sink;
  for (let p = sink.parent; p && p.id !== unit.id; child = p, p = p.parent) {
    if (p.type === 'if_statement') {
      const condition = p.childForFieldName('condition');
      const consequence = p.childForFieldName('consequence');
      if (condition && consequence) {
        const inThen = within(sink, consequence);
        if (inThen && check(condition, names, true)) return true;
        if (!inThen && check(condition, names, false)) return true;
      }
    }
    if (BLOCKS.has(p.type)) {
      for (const { node: s, type } of blocks.before(p, child)) {
        if (type === 'if_statement') {
          const condition = s.childForFieldName('condition');
          const consequence = s.childForFieldName('consequence');
          if (condition && consequence && exits(consequence) && check(condition, names, false)) return true;
        } else if (type === 'assert_statement') {
          const condition = s.namedChild(0);
          if (condition && check(condition, names, true)) return true;
        }
      }
    }
  }
  return false;
}

/** Variable names and `a.b` paths read by an expression. */
function keysIn(node: Node): Set<string> {
  const out = new Set<string>();
  const add = (n: Node): void => {
    const key = keyOf(n);
    if (key) out.add(key);
  };
  add(node);
  for (const n of node.descendantsOfType(['identifier', 'attribute', 'member_expression'])) if (n) add(n);
  return out;
}

function keyOf(input: Node, depth = 0): string | undefined {
  if (depth > 16) return undefined;
  const node = strip(input);
  if (node.type === 'identifier' || node.type === 'this') return node.text;
  if (node.type === 'attribute' || node.type === 'member_expression') {
    const object = node.childForFieldName('object');
    const prop = node.childForFieldName(node.type === 'attribute' ? 'attribute' : 'property');
    const base = object ? keyOf(object, depth + 1) : undefined;
    return base && prop ? `${base}.${prop.text}` : undefined;
  }
  // `x.strip()` / `x.trim()` / `x.lower()` compare the same value.
  if (node.type === 'call' || node.type === 'call_expression') {
    const fn = node.childForFieldName('function');
    if (fn && (fn.type === 'attribute' || fn.type === 'member_expression')) {
      const object = fn.childForFieldName('object');
      return object ? keyOf(object, depth + 1) : undefined;
    }
  }
  return undefined;
}

function strip(node: Node): Node {
  let n = node;
  while ((n.type === 'parenthesized_expression' || n.type === 'await' || n.type === 'await_expression') && n.namedChild(0)) n = n.namedChild(0) as Node;
  return n;
}

/**
 * True when `condition` being `positive` proves that one of `names` is an allowed value: with `positive`
 * the check is `x in ALLOWED`; without it (an early exit) the check is `x not in ALLOWED`.
 */
function check(input: Node, names: Set<string>, positive: boolean): boolean {
  // Negations and `and`/`or` chains are unfolded with an explicit stack (a condition can nest thousands deep);
  // the condition checks the names when any of its parts does.
  const pending: Pending[] = [{ node: input, positive }];
  for (let next = pending.pop(); next; next = pending.pop()) if (checkPart(next.node, names, next.positive, pending)) return true;
  return false;
}

interface Pending {
  node: Node;
  positive: boolean;
}

/** One part of a condition; its negated or joined parts are left in `pending`. */
function checkPart(input: Node, names: Set<string>, positive: boolean, pending: Pending[]): boolean {
  const node = strip(input);
  switch (node.type) {
    case 'not_operator': {
      const arg = node.childForFieldName('argument') ?? node.namedChild(0);
      if (arg) pending.push({ node: arg, positive: !positive });
      return false;
    }
    case 'unary_expression': {
      const arg = node.childForFieldName('argument');
      if (node.childForFieldName('operator')?.text === '!' && arg) pending.push({ node: arg, positive: !positive });
      return false;
    }
    case 'boolean_operator':
    case 'binary_expression': {
      const op = node.childForFieldName('operator')?.text ?? '';
      const left = node.childForFieldName('left');
      const right = node.childForFieldName('right');
      if (!left || !right) return false;
      if (((op === 'and' || op === '&&') && positive) || ((op === 'or' || op === '||') && !positive)) {
        pending.push({ node: right, positive }, { node: left, positive });
        return false;
      }
      if (node.type === 'binary_expression') {
        if (op === 'in') return positive && matches(left, names);
        const equality = op === '===' || op === '==';
        const inequality = op === '!==' || op === '!=';
        if ((equality && positive) || (inequality && !positive)) return comparesToLiteral(left, right, names);
      }
      return false;
    }
    case 'comparison_operator': {
      const operands = node.namedChildren.filter((c): c is Node => !!c);
      const operators = node.children.filter((c): c is Node => !!c && !c.isNamed).map((c) => c.text);
      if (operands.length !== 2 || operators.length === 0) return false;
      const op = operators.join(' ');
      if (op === 'in') return positive && matches(operands[0], names);
      if (op === 'not in') return !positive && matches(operands[0], names);
      if (op === '==') return positive && comparesToLiteral(operands[0], operands[1], names);
      if (op === '!=') return !positive && comparesToLiteral(operands[0], operands[1], names);
      return false;
    }
    case 'call':
    case 'call_expression': {
      // `ALLOWED.includes(x)`, `ALLOWED.has(x)`, `Object.hasOwn(ALLOWED, x)`, `ALLOWED.__contains__(x)`.
      const fn = node.childForFieldName('function');
      const args = node.childForFieldName('arguments')?.namedChildren.filter((c): c is Node => !!c) ?? [];
      const method = fn?.type === 'member_expression' ? fn.childForFieldName('property')?.text : fn?.type === 'attribute' ? fn.childForFieldName('attribute')?.text : undefined;
      if (!positive || !method) return false;
      if (['includes', 'has', 'hasOwnProperty', '__contains__'].includes(method)) return !!args[0] && matches(args[0], names);
      if (method === 'hasOwn') return !!args[1] && matches(args[1], names);
      return false;
    }
    default:
      return false;
  }
}

function matches(node: Node, names: Set<string>): boolean {
  const key = keyOf(node);
  return key !== undefined && names.has(key);
}

function comparesToLiteral(a: Node, b: Node, names: Set<string>): boolean {
  const isLiteral = (n: Node): boolean => ['string', 'number', 'integer', 'template_string'].includes(strip(n).type) && !strip(n).descendantsOfType(['interpolation', 'template_substitution']).some(Boolean);
  return (matches(a, names) && isLiteral(b)) || (matches(b, names) && isLiteral(a));
}

function within(node: Node, container: Node): boolean {
  return node.startIndex >= container.startIndex && node.endIndex <= container.endIndex;
}

function exits(block: Node): boolean {
  if (EXITS.includes(block.type)) return true;
  return block.descendantsOfType(EXITS).some(Boolean);
}

/** A block (or statement) that does nothing but return or raise: a check that stops the function. */
function onlyStops(block: Node): boolean {
  if (EXITS.includes(block.type)) return true;
  const statements = block.namedChildren.filter((c): c is Node => !!c && c.type !== 'comment');
  return statements.length > 0 && statements.every((c) => EXITS.includes(c.type));
}

/** Prompts that ask the person at the keyboard (`input("Run this? [y/N]")`, `click.confirm`, `confirm()`). */
const ASK_USER = new Set(['builtins.input', 'click.confirm', 'typer.confirm', 'rich.prompt.Confirm.ask', 'global.confirm', 'global.prompt', '@inquirer/prompts.confirm', 'inquirer.prompt', 'readline-sync.keyInYN', 'readline-sync.question']);
/**
 * How many statements before the sink a confirmation may stand and still be "immediately before" it; checks
 * that only stop (`assert`, an `if` whose body returns or raises) are not counted.
 */
const CONFIRMATION_REACH = 3;

/**
 * True when a human confirmation decides whether `sink` runs: the sink is inside `if input(...) == "y":`
 * (or `if ok:` where `ok` was read from a prompt), or shortly after `if answer != "y": return`. A
 * condition with `or` does not count, since another operand (an `auto_run` flag) can skip the question.
 */
export function isConfirmed(ctx: AstContext, sink: Node, unit: Node, blocks: BlockStatements = new BlockStatements()): boolean {
  let child: Node = sink;
  for (let p = sink.parent; p && p.id !== unit.id; child = p, p = p.parent) {
    if (p.type === 'if_statement') {
      const condition = p.childForFieldName('condition');
      const consequence = p.childForFieldName('consequence');
      if (condition && consequence && within(sink, consequence) && asksUser(ctx, condition)) return true;
    }
    if (BLOCKS.has(p.type)) {
      let reach = CONFIRMATION_REACH;
      for (const { node: s, type } of blocks.before(p, child)) {
        if (reach <= 0) break;
        if (type === 'assert_statement') continue;
        if (type !== 'if_statement') {
          reach--;
          continue;
        }
        const condition = s.childForFieldName('condition');
        const consequence = s.childForFieldName('consequence');
        if (condition && consequence && exits(consequence) && asksUser(ctx, condition)) return true;
        if (consequence && onlyStops(consequence) && !s.childForFieldName('alternative')) {
          // A check that only stops (`if not self._started: raise ToolError(...)`) does nothing the person
          // confirmed could change, so it does not move the confirmation away from the sink.
          continue;
        }
        reach--;
      }
    }
  }
  return false;
}

function asksUser(ctx: AstContext, condition: Node): boolean {
  const node = strip(condition);
  const op = node.type === 'boolean_operator' || node.type === 'binary_expression' ? node.childForFieldName('operator')?.text : undefined;
  if (op === 'or' || op === '||' || op === '??') return false;
  const python = ctx.language === 'python';
  const resolve = (n: Node): string | undefined => (python ? ctx.python().qualifiedName(n) : ctx.js().qualifiedName(n));
  const isPrompt = (call: Node): boolean => {
    const fn = call.childForFieldName('function');
    return !!fn && ASK_USER.has(resolve(fn) ?? '');
  };
  const promptIn = (n: Node): boolean => [n, ...n.descendantsOfType(['call', 'call_expression'])].some((c) => !!c && (c.type === 'call' || c.type === 'call_expression') && isPrompt(c));
  if (promptIn(node)) return true;
  for (const id of node.descendantsOfType('identifier')) {
    if (!id) continue;
    const value = python ? ctx.python().boundValue(id) : ctx.js().boundValue(id);
    if (value && promptIn(value)) return true;
  }
  return node.type === 'identifier' && (() => {
    const value = python ? ctx.python().boundValue(node) : ctx.js().boundValue(node);
    return !!value && promptIn(value);
  })();
}
