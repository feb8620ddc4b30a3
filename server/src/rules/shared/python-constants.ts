/**
 * Whether a Python value is built only from constants, so a code-execution sink that receives it runs
 * nothing an outsider chose: a literal; an f-string, concatenation, `%` or `.format` of constants; an item
 * of a constant mapping (`_LOOKUP[name]`); a class attribute holding a constant (`self.CMD`); a loop over a
 * constant collection; a command-line argument restricted by `choices=`; a name every assignment of which is
 * such a value; or a name that a guard on the
 * way to the sink checks against a constant collection (`if name in _ALLOWED:`, `x if x in ("a", "b")
 * else None`, `if name not in _ALLOWED: raise ...`). Module sinks may also accept a constant prefix
 * (`if module.startswith("keras.src."):`), which confines an import to one package.
 *
 * Everything is reached by names the sink's statement contains (the guard encloses it, constants are
 * module or class names), so incremental analysis re-checks the sink when any of them changes.
 */
import type { Node } from 'web-tree-sitter';
import type { AstContext } from '../../engine/rule';
import { ancestorsOf, nodesWithAncestry, unparenthesize } from '../../engine/resolve/walk';
import { isLiteral } from './python-values';
import { argparseDeclaration } from './python-settings';

export interface ConstantOptions {
  /** A `startswith` check against a constant prefix counts as a guard (for module names, not for code). */
  prefixGuards?: boolean;
}

const MAX_DEPTH = 12;
const FUNCTION_TYPES = new Set(['function_definition', 'lambda', 'class_definition']);

/** True when `expr` (at its place in the tree) can only hold values built from constants. */
export function isBuiltFromConstants(ctx: AstContext, expr: Node, options: ConstantOptions = {}, depth = 0): boolean {
  if (depth > MAX_DEPTH) return false;
  const node = unparenthesize(expr);
  if (isLiteral(ctx, node)) return true;
  const constant = (child: Node | null | undefined): boolean => !!child && isBuiltFromConstants(ctx, child, options, depth + 1);
  switch (node.type) {
    case 'string':
      return node.descendantsOfType('interpolation').every((i) => !!i && constant(i.childForFieldName('expression') ?? i.namedChild(0)));
    case 'concatenated_string':
      return node.namedChildren.every((part) => !part || constant(part));
    case 'binary_operator': {
      const operator = node.child(1)?.type;
      return (operator === '+' || operator === '%') && constant(node.childForFieldName('left')) && constant(node.childForFieldName('right'));
    }
    case 'list':
    case 'tuple':
      return node.namedChildren.every((item) => !item || item.type === 'comment' || constant(item));
    case 'call':
      return isConstantFormatting(ctx, node, constant);
    case 'subscript':
      return isConstantCollection(ctx, node.childForFieldName('value'), depth + 1);
    case 'identifier':
    case 'attribute':
      return isConstantName(ctx, node, options, depth);
    default:
      return false;
  }
}

/** True for a collection whose items are all constants (a literal list, tuple, set or dict, or a name bound once to one). */
export function isConstantCollection(ctx: AstContext, expr: Node | null | undefined, depth = 0): boolean {
  if (!expr || depth > MAX_DEPTH) return false;
  const node = unparenthesize(expr);
  switch (node.type) {
    case 'list':
    case 'tuple':
    case 'set':
      return node.namedChildren.every((item) => !item || item.type === 'comment' || isLiteral(ctx, item));
    case 'dictionary':
      return node.namedChildren.every((pair) => !pair || pair.type === 'comment' || (pair.type === 'pair' && isLiteral(ctx, pair.childForFieldName('key') ?? undefined) && isConstantValue(ctx, pair.childForFieldName('value'), depth + 1)));
    case 'call': {
      // `_LOOKUP.keys()`, `_LOOKUP.values()`, `frozenset({...})`, `set([...])`, `tuple(...)`.
      const fn = node.childForFieldName('function');
      const args = node.childForFieldName('arguments')?.namedChildren ?? [];
      if (fn?.type === 'attribute' && ['keys', 'values'].includes(fn.childForFieldName('attribute')?.text ?? '') && args.length === 0) return isConstantCollection(ctx, fn.childForFieldName('object'), depth + 1);
      return fn?.type === 'identifier' && ['frozenset', 'set', 'tuple', 'list'].includes(fn.text) && args.length === 1 && isConstantCollection(ctx, args[0], depth + 1);
    }
    case 'identifier':
    case 'attribute': {
      const bound = boundConstant(ctx, node);
      // An empty collection is a container filled at run time; a mutated one is no constant either.
      return !!bound && !isEmptyCollection(bound) && isConstantCollection(ctx, bound, depth + 1) && !isMutated(ctx, node);
    }
    default:
      return false;
  }
}

function isCollectionLiteral(node: Node): boolean {
  return ['list', 'set', 'dictionary'].includes(unparenthesize(node).type);
}

function isEmptyCollection(node: Node): boolean {
  const inner = unparenthesize(node);
  return ['list', 'tuple', 'set', 'dictionary'].includes(inner.type) && inner.namedChildren.every((c) => !c || c.type === 'comment');
}

const MUTATORS = new Set(['append', 'extend', 'insert', 'add', 'update', 'setdefault', 'pop', 'popitem', 'remove', 'discard', 'clear', '__setitem__']);

/**
 * True when the collection a name or `self.X` refers to is changed in code the sink's analysis reaches: an
 * item assignment or deletion (`X[k] = v`), an augmented assignment, or a mutating method call
 * (`X.update(...)`), in the enclosing class, the enclosing top-level statement or a module-level statement.
 * A name bound at module level is module state: any function of the file may change it (`def register(name,
 * cmd): TOOLS[name] = cmd`), so the whole file is looked at (a local of the same name changed in another function
 * counts too, which only keeps a finding).
 */
function isMutated(ctx: AstContext, reference: Node): boolean {
  const target = reference.text;
  const places: Node[] = [];
  let top: Node = reference;
  for (const current of [reference, ...ancestorsOf(reference)]) {
    if (current.type === 'module') break;
    if (current.type === 'class_definition') places.push(current);
    top = current;
  }
  places.push(top);
  if (reference.type === 'identifier' && isModuleLevelBinding(ctx, reference)) places.push(ctx.root);
  return places.some((place) => mutatedNamesIn(ctx, place).has(target)) || moduleMutatedNames(ctx).has(target);
}

/** Whether the one value a name is bound to is assigned outside every function and class (module state). */
function isModuleLevelBinding(ctx: AstContext, identifier: Node): boolean {
  const bound = ctx.python().boundValue(identifier);
  if (!bound) return false;
  for (const ancestor of ancestorsOf(bound)) if (FUNCTION_TYPES.has(ancestor.type)) return false;
  return true;
}

/** What the module-level statements (not definitions) mutate, gathered once per file and checker. */
const moduleMutatedNamesByContext = new WeakMap<AstContext, Set<string>>();

function moduleMutatedNames(ctx: AstContext): Set<string> {
  let names = moduleMutatedNamesByContext.get(ctx);
  if (!names) {
    names = new Set();
    for (const child of ctx.root.namedChildren) {
      if (child && !['function_definition', 'class_definition', 'decorated_definition'].includes(child.type)) for (const name of mutatedNamesIn(ctx, child)) names.add(name);
    }
    moduleMutatedNamesByContext.set(ctx, names);
  }
  return names;
}

/**
 * The texts of everything `place` mutates, found in one walk per place, file and checker: walking every place
 * again for every constant name made a file of many sinks in one statement quadratic (fuzz input 4/18224,
 * 1,539 `eval(_HANDLERS[name])` in one error node, took 40 s).
 */
const mutatedNamesByContext = new WeakMap<AstContext, Map<number, Set<string>>>();

function mutatedNamesIn(ctx: AstContext, place: Node): Set<string> {
  let byPlace = mutatedNamesByContext.get(ctx);
  if (!byPlace) mutatedNamesByContext.set(ctx, (byPlace = new Map()));
  let names = byPlace.get(place.id);
  if (names) return names;
  const found = new Set<string>();
  const subscriptValue = (node: Node | null | undefined): void => {
    const value = node?.type === 'subscript' ? node.childForFieldName('value') : null;
    if (value) found.add(value.text);
  };
  for (const { node } of nodesWithAncestry(place, MUTATING_NODE_TYPES)) {
    if (node.type === 'augmented_assignment') {
      const left = node.childForFieldName('left');
      if (left) found.add(left.text);
    } else if (node.type === 'assignment') {
      subscriptValue(node.childForFieldName('left'));
    } else if (node.type === 'delete_statement') {
      for (const deleted of node.namedChildren) {
        if (deleted?.type === 'expression_list') deleted.namedChildren.forEach(subscriptValue);
        else subscriptValue(deleted);
      }
    } else {
      const fn = node.childForFieldName('function');
      const object = fn?.type === 'attribute' ? fn.childForFieldName('object') : null;
      if (object && MUTATORS.has(fn?.childForFieldName('attribute')?.text ?? '')) found.add(object.text);
    }
  }
  names = found;
  byPlace.set(place.id, names);
  return names;
}

const MUTATING_NODE_TYPES: ReadonlySet<string> = new Set(['augmented_assignment', 'assignment', 'delete_statement', 'call']);

/**
 * A dict literal a name is bound to once, whose values are all constants and which nothing changes, whatever its
 * keys are (`{bool: "bool", int: "int"}`): the value half of `for _, name in TABLE.items()` is a constant.
 */
export function hasConstantValues(ctx: AstContext, table: Node | null | undefined): boolean {
  if (!table || (table.type !== 'identifier' && table.type !== 'attribute')) return false;
  const bound = boundConstant(ctx, table);
  const dict = bound ? unparenthesize(bound) : undefined;
  if (dict?.type !== 'dictionary' || isEmptyCollection(dict) || isMutated(ctx, table)) return false;
  return dict.namedChildren.every((pair) => !pair || pair.type === 'comment' || (pair.type === 'pair' && isConstantValue(ctx, pair.childForFieldName('value'), 1)));
}

function isConstantValue(ctx: AstContext, value: Node | null, depth: number): boolean {
  return !!value && (isLiteral(ctx, value) || isConstantCollection(ctx, value, depth) || isBuiltFromConstants(ctx, value, {}, depth));
}

/** `"{} {}".format(a, b)` and `" ".join([...])` with a literal template and constant arguments. */
function isConstantFormatting(ctx: AstContext, call: Node, constant: (n: Node | null | undefined) => boolean): boolean {
  const fn = call.childForFieldName('function');
  if (fn?.type !== 'attribute') return false;
  const method = fn.childForFieldName('attribute')?.text;
  if (method !== 'format' && method !== 'join') return false;
  if (ctx.python().literalValue(fn.childForFieldName('object') ?? fn)?.kind !== 'string') return false;
  const args = call.childForFieldName('arguments')?.namedChildren ?? [];
  return args.every((arg) => !arg || arg.type === 'comment' || constant(arg.type === 'keyword_argument' ? arg.childForFieldName('value') : arg));
}

/** A name or attribute: bound to a constant, a loop over constants, an argument with `choices=`, or guarded. */
function isConstantName(ctx: AstContext, node: Node, options: ConstantOptions, depth: number): boolean {
  const bound = boundConstant(ctx, node);
  // A list, set or dict literal that code the sink's analysis reaches adds to (`parts.append(text)`) holds more
  // than its literal items.
  if (bound && isBuiltFromConstants(ctx, bound, options, depth + 1) && !(isCollectionLiteral(bound) && isMutated(ctx, node))) return true;
  // Assigned in several places (`if ...: cmd = A` / `else: cmd = B.format(x)`), each time from constants.
  const values = !bound && node.type === 'identifier' ? ctx.python().boundValues(node) : undefined;
  if (values && values.length > 1 && values.every((value) => isBuiltFromConstants(ctx, value, options, depth + 1))) return true;
  if (node.type === 'identifier' && loopsOverConstants(ctx, node, depth)) return true;
  if (node.type === 'attribute' && restrictedByChoices(ctx, node, depth)) return true;
  return guardedByConstants(ctx, node, options, depth);
}

/**
 * The one expression a name or attribute is bound to when that is knowable: a name assigned once
 * (`scope.boundValue`), or `self.X` / `cls.X` / `Class.X` for a class-level `X = ...` of the enclosing class.
 */
function boundConstant(ctx: AstContext, node: Node): Node | undefined {
  if (node.type === 'identifier') return ctx.python().boundValue(node);
  if (node.type !== 'attribute') return undefined;
  const object = node.childForFieldName('object');
  const name = node.childForFieldName('attribute')?.text;
  if (!object || !name || object.type !== 'identifier') return undefined;
  const cls = ancestorsOf(node).find((ancestor) => ancestor.type === 'class_definition');
  if (!cls || !['self', 'cls', cls.childForFieldName('name')?.text].includes(object.text)) return undefined;
  let value: Node | undefined;
  for (const statement of cls.childForFieldName('body')?.namedChildren ?? []) {
    const assignment = statement?.type === 'expression_statement' ? statement.namedChild(0) : undefined;
    if (assignment?.type !== 'assignment' || assignment.childForFieldName('left')?.text !== name) continue;
    // Assigned twice in the class body: no single value.
    if (value) return undefined;
    value = assignment.childForFieldName('right') ?? undefined;
  }
  // An instance assignment `self.X = ...` elsewhere in the class could replace the constant.
  if (value && cls.descendantsOfType('assignment').some((a) => a?.childForFieldName('left')?.text === node.text)) return undefined;
  return value;
}

/** `for cmd in ("ls", "pwd"):` where `cmd` is the loop variable. */
function loopsOverConstants(ctx: AstContext, identifier: Node, depth: number): boolean {
  for (const current of ancestorsOf(identifier)) {
    if (FUNCTION_TYPES.has(current.type)) break;
    if (current.type !== 'for_statement') continue;
    const left = current.childForFieldName('left');
    if (left?.type === 'identifier' && left.text === identifier.text) return isConstantCollection(ctx, current.childForFieldName('right'), depth + 1);
  }
  return false;
}

/** `args.mode` where `add_argument("--mode", choices=[...])` restricts it to constants. */
function restrictedByChoices(ctx: AstContext, attribute: Node, depth: number): boolean {
  const declaration = argparseDeclaration(ctx, attribute);
  if (!declaration) return false;
  const choices = ctx.python().argument(declaration, undefined, 'choices');
  return !!choices && isConstantCollection(ctx, choices, depth + 1);
}

/**
 * A guard between the sink and the start of its function that keeps `node` (compared by text) among
 * constants: the condition of an enclosing `if` or conditional expression, or an earlier
 * `if <negated check>: raise/return/continue/break` (or `assert <check>`) in an enclosing block.
 */
function guardedByConstants(ctx: AstContext, node: Node, options: ConstantOptions, depth: number): boolean {
  const target = node.text;
  const checks = (condition: Node | null, negated: boolean): boolean => !!condition && constrains(ctx, condition, target, negated, options, depth);
  let child: Node = node;
  for (const current of ancestorsOf(node)) {
    if (FUNCTION_TYPES.has(current.type)) break;
    if (current.type === 'conditional_expression' && current.namedChild(0)?.id === child.id && checks(current.namedChild(1), false)) return true;
    if ((current.type === 'if_statement' || current.type === 'elif_clause') && current.childForFieldName('consequence')?.id === child.id && checks(current.childForFieldName('condition'), false)) return true;
    if (current.type === 'block' || current.type === 'module') {
      const { positionOf, guards } = blockGuards(ctx, current);
      const position = positionOf.get(child.id) ?? -1;
      for (let i = guards.length - 1; i >= 0; i -= 1) {
        const guard = guards[i]!;
        if (guard.position >= position) continue;
        if (guard.node.type === 'assert_statement' ? checks(guard.node.namedChild(0), false) : checks(guard.node.childForFieldName('condition'), true)) return true;
      }
    }
    child = current;
  }
  return false;
}

/** The statements of a block that can guard later ones (asserts and early exits), with each statement's position. */
interface BlockGuards {
  positionOf: Map<number, number>;
  guards: Array<{ position: number; node: Node }>;
}

/**
 * One pass over a block per file and checker: walking back through the siblings from every sink instead
 * made a file of many sinks in one block cubic (tree-sitter finds a previous sibling from the first child).
 */
const guardsByContext = new WeakMap<AstContext, Map<number, BlockGuards>>();

function blockGuards(ctx: AstContext, block: Node): BlockGuards {
  let byBlock = guardsByContext.get(ctx);
  if (!byBlock) guardsByContext.set(ctx, (byBlock = new Map()));
  let found = byBlock.get(block.id);
  if (!found) {
    const positionOf = new Map<number, number>();
    const guards: BlockGuards['guards'] = [];
    block.namedChildren.forEach((statement, position) => {
      if (!statement) return;
      positionOf.set(statement.id, position);
      if (statement.type === 'assert_statement' || (statement.type === 'if_statement' && exitsEarly(statement))) guards.push({ position, node: statement });
    });
    found = { positionOf, guards };
    byBlock.set(block.id, found);
  }
  return found;
}

/** An `if` without `elif`/`else` whose body always leaves the block. */
function exitsEarly(statement: Node): boolean {
  if (statement.childForFieldName('alternative')) return false;
  const last = statement.childForFieldName('consequence')?.lastNamedChild;
  return !!last && ['raise_statement', 'return_statement', 'continue_statement', 'break_statement'].includes(last.type);
}

/**
 * Whether `condition` being true (or false, when `negated`) means `target` holds a constant: `target in C`,
 * `target == "x"`, `target.startswith("p")` (with prefix guards), joined by `and` (or `or` when negated).
 */
function constrains(ctx: AstContext, input: Node, target: string, negated: boolean, options: ConstantOptions, depth: number): boolean {
  // `not` and `and`/`or` chains are unfolded with an explicit stack: a condition can nest thousands deep.
  const pending: Array<{ node: Node; negated: boolean }> = [{ node: input, negated }];
  for (let next = pending.pop(); next; next = pending.pop()) {
    const condition = unparenthesize(next.node);
    if (condition.type === 'not_operator') {
      const argument = condition.childForFieldName('argument');
      if (argument) pending.push({ node: argument, negated: !next.negated });
    } else if (condition.type === 'boolean_operator') {
      // Either side constraining the target is enough, when both must hold (`and`, or a negated `or`).
      const operator = condition.child(1)?.type;
      if ((operator === 'and' && !next.negated) || (operator === 'or' && next.negated)) {
        for (const side of [condition.childForFieldName('right'), condition.childForFieldName('left')]) if (side) pending.push({ node: side, negated: next.negated });
      }
    } else if (comparisonConstrains(ctx, condition, target, next.negated, options, depth)) return true;
  }
  return false;
}

/** A single check (not a `not`, `and` or `or`): `target in C`, `target == "x"`, `target.startswith("p")`. */
function comparisonConstrains(ctx: AstContext, condition: Node, target: string, negated: boolean, options: ConstantOptions, depth: number): boolean {
  if (condition.type === 'comparison_operator' && condition.namedChildCount === 2) {
    const left = condition.namedChild(0);
    const right = condition.namedChild(1);
    const operator = condition.children.filter((c) => !!c && !c.isNamed).map((c) => c?.type).join(' ');
    if (!left || !right) return false;
    if ((operator === 'in' && !negated) || (operator === 'not in' && negated)) return left.text === target && isConstantCollection(ctx, right, depth + 1);
    if ((operator === '==' && !negated) || (operator === '!=' && negated)) return (left.text === target && isLiteral(ctx, right)) || (right.text === target && isLiteral(ctx, left));
    return false;
  }
  if (condition.type === 'call' && options.prefixGuards && !negated) {
    const fn = condition.childForFieldName('function');
    const prefix = ctx.python().argument(condition, 0, undefined);
    return fn?.type === 'attribute' && fn.childForFieldName('attribute')?.text === 'startswith' && fn.childForFieldName('object')?.text === target && !!prefix && isLiteral(ctx, prefix);
  }
  return false;
}
