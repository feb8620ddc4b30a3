/**
 * Source a program generates from its own template, splicing in only quoted values and checked names: a tool
 * binder writing `def {name}(self, {params}) -> str:` with `name` checked against `^[A-Za-z_][A-Za-z0-9_]*$` and
 * every description passed as `{text!r}`, or a skill recorder writing `steps = {self.steps}` (a list of strings,
 * which `str()` prints as quoted literals) under a name that `re.sub("[^0-9a-zA-Z]+", "_", ...)` reduced to
 * identifier characters. Whatever the values hold, the generated code is the template's: a quoted literal cannot
 * leave its quotes and an identifier cannot call, import or end a statement. `exec` of such source is advisory.
 *
 * A spliced part counts when it is, through names the function binds and what they are appended with:
 * - a constant (`python-constants.ts`), or a name looped over a constant table (`for _, name in TYPES.items()`);
 * - `{x!r}` or `repr(x)`: a Python literal for the strings, numbers and containers of them that data holds;
 * - a name checked by a full match of an identifier-only pattern where the check holds (`regex-guards.ts`), or
 *   bound to `re.sub(r"[^A-Za-z0-9_]+", "_", x)` (a negated class of identifier characters, an identifier
 *   replacement);
 * - a template of such parts, `sep.join(parts)` of a list only ever built from them, or what a function of this
 *   file returns when every returned value is one;
 * - a list only ever built from string values (literals, formats, concatenations with a literal), spliced whole
 *   (`{steps}`: `str()` of a list of strings quotes each one).
 * Anything else (a parameter, a value from a call of another module, a list handed to other code) keeps the
 * finding an error. A module-level list's additions are looked for in the whole file; changes made through
 * another name for the same list are not seen.
 */
import type { Node } from 'web-tree-sitter';
import type { AstContext } from '../../../engine/rule';
import { ancestorsOf, unparenthesize } from '../../../engine/resolve/walk';
import { hasConstantValues, isBuiltFromConstants, isConstantCollection } from '../../shared/python-constants';
import { guardedByFullMatch } from '../../shared/regex-guards';

const MAX_DEPTH = 16;
const MAX_STEPS = 2_000;
/** String methods whose result holds only what the receiver held. */
const NARROWING_METHODS = new Set(['strip', 'lstrip', 'rstrip', 'lower', 'upper', 'title', 'capitalize', 'casefold']);
const LIST_ADDITIONS = new Set(['append', 'extend', 'insert']);
/** `[^A-Za-z0-9_]+` and the like: a negated class of identifier characters, repeated or not. */
const NON_IDENTIFIER_CLASS = /^(?:\[\^(?:[A-Za-z0-9_]|\\w|\\d|[A-Za-z0-9]-[A-Za-z0-9])+\]|\\W)[+*]?$/;

/** True when `code` is generated source whose every spliced part is quoted or an identifier (see the file comment). */
export function isQuotedTemplate(ctx: AstContext, code: Node): boolean {
  return new TemplateWalk(ctx).spliced(code, 0);
}

class TemplateWalk {
  private steps = 0;
  private readonly following = new Set<number>();

  constructor(private readonly ctx: AstContext) {}

  /** The text of `expr`, spliced raw into source, is template text, a Python literal or an identifier. */
  spliced(expr: Node, depth: number): boolean {
    if (depth > MAX_DEPTH || ++this.steps > MAX_STEPS) return false;
    const node = unparenthesize(expr);
    if (isBuiltFromConstants(this.ctx, node)) return true;
    switch (node.type) {
      case 'string':
        return node.namedChildren.every((part) => part?.type !== 'interpolation' || this.interpolation(part, depth));
      case 'concatenated_string':
        return node.namedChildren.every((part) => !part || part.type === 'comment' || this.spliced(part, depth + 1));
      case 'binary_operator':
        return node.child(1)?.type === '+' && this.every([node.childForFieldName('left'), node.childForFieldName('right')], depth);
      case 'list':
      case 'tuple':
        return this.every(node.namedChildren, depth);
      case 'call':
        return this.call(node, depth);
      case 'identifier':
        return this.name(node, (value) => this.spliced(value, depth + 1));
      default:
        return false;
    }
  }

  private every(nodes: ReadonlyArray<Node | null>, depth: number): boolean {
    return nodes.every((n) => !n || n.type === 'comment' || this.spliced(n, depth + 1));
  }

  private interpolation(part: Node, depth: number): boolean {
    const expression = part.childForFieldName('expression') ?? part.namedChild(0);
    if (!expression) return false;
    // A nested `{width}` in a format specifier is spliced too.
    const nested = part.childForFieldName('format_specifier')?.descendantsOfType('interpolation') ?? [];
    if (!nested.every((n) => !!n && this.interpolation(n, depth + 1))) return false;
    if (part.childForFieldName('type_conversion')?.text === '!r') return true;
    return this.spliced(expression, depth + 1) || this.isListOfStrings(expression);
  }

  private call(node: Node, depth: number): boolean {
    const fn = node.childForFieldName('function');
    const args = (node.childForFieldName('arguments')?.namedChildren ?? []).filter((a): a is Node => !!a && a.type !== 'comment');
    if (!fn) return false;
    const python = this.ctx.python();
    const qualified = python.qualifiedName(fn) ?? (fn.type === 'identifier' && !python.isBound(fn) ? `builtins.${fn.text}` : undefined);
    if (qualified === 'builtins.repr' && args.length === 1) return true;
    if (qualified === 're.sub') return isIdentifierSanitiser(this.ctx, args);
    if (fn.type === 'attribute') {
      const method = fn.childForFieldName('attribute')?.text ?? '';
      const receiver = fn.childForFieldName('object');
      if (!receiver) return false;
      if (NARROWING_METHODS.has(method) && args.length === 0) return this.spliced(receiver, depth + 1);
      if (method === 'join' && args.length === 1) return this.spliced(receiver, depth + 1) && this.spliced(args[0]!, depth + 1);
      return false;
    }
    // A function of this file whose every returned value is spliceable (`py_type = _resolve_param_type(spec)`).
    const helper = fn.type === 'identifier' ? moduleFunction(this.ctx, fn.text) : undefined;
    if (!helper || this.following.has(helper.id)) return false;
    this.following.add(helper.id);
    try {
      const values = returnedValues(helper);
      return values.length > 0 && values.every((value) => this.spliced(value, depth + 1));
    } finally {
      this.following.delete(helper.id);
    }
  }

  /**
   * A name: checked by an identifier-only full match where it is read, the variable of a loop over a constant
   * table, or every value its assignments and list additions in its scope give it passes `accept`.
   */
  private name(identifier: Node, accept: (value: Node) => boolean): boolean {
    if (guardedByFullMatch(this.ctx, identifier, 'identifier')) return true;
    if (this.loopsOverConstants(identifier)) return true;
    const values = this.ctx.python().boundValues(identifier);
    if (!values || values.length === 0 || this.following.has(identifier.id)) return false;
    this.following.add(identifier.id);
    try {
      // A name the function binds is added to in the function; a module-level name anywhere in the file.
      const fn = scopeOf(identifier);
      const local = !!fn && values.every((value) => value.startIndex >= fn.startIndex && value.endIndex <= fn.endIndex);
      const added = listAdditions(local ? fn : this.ctx.root, identifier.text);
      return !!added && [...values, ...added].every((value) => accept(value));
    } finally {
      this.following.delete(identifier.id);
    }
  }

  /** `for _, name in TABLE.items():` (or over a constant collection) encloses the use. */
  private loopsOverConstants(identifier: Node): boolean {
    for (const ancestor of ancestorsOf(identifier)) {
      if (ancestor.type === 'function_definition' || ancestor.type === 'class_definition') return false;
      if (ancestor.type !== 'for_statement') continue;
      const left = ancestor.childForFieldName('left');
      const binds = !!left && (left.text === identifier.text || left.descendantsOfType('identifier').some((n) => n?.text === identifier.text));
      if (!binds) continue;
      const right = ancestor.childForFieldName('right');
      const fn = right?.type === 'call' ? right.childForFieldName('function') : undefined;
      const method = fn?.type === 'attribute' ? fn.childForFieldName('attribute')?.text : undefined;
      // `for _, name in TABLE.items()`: the value half of the pair; `for name in TABLE.values()`.
      const valueHalf = method === 'values' || (method === 'items' && left?.type !== 'identifier' && left?.namedChildren.at(-1)?.text === identifier.text);
      if (valueHalf) return hasConstantValues(this.ctx, fn!.childForFieldName('object'));
      return isConstantCollection(this.ctx, right);
    }
    return false;
  }

  /** A list (a name or `self.x`) every write and addition of which is a string value: `str()` of it quotes each one. */
  private isListOfStrings(expr: Node): boolean {
    const node = unparenthesize(expr);
    if (node.type === 'identifier') return this.name(node, (value) => isStringList(value) || isStringValue(value));
    const object = node.type === 'attribute' ? node.childForFieldName('object') : undefined;
    const attribute = node.childForFieldName('attribute')?.text;
    if (object?.type !== 'identifier' || object.text !== 'self' || !attribute) return false;
    const cls = ancestorsOf(node).find((a) => a.type === 'class_definition');
    if (!cls) return false;
    const writes = selfAttributeWrites(cls, attribute);
    return !!writes && writes.length > 0 && writes.every((w) => w.kind === 'list' ? isStringList(w.value) : isStringValue(w.value));
  }
}

/** `re.sub(PATTERN, REPL, x)` whose pattern removes every run of non-identifier characters and whose replacement is one. */
function isIdentifierSanitiser(ctx: AstContext, args: Node[]): boolean {
  const [pattern, replacement] = args;
  if (!pattern || !replacement || args.length > 3 || args.some((a) => a.type === 'keyword_argument' && a.childForFieldName('name')?.text === 'flags')) return false;
  const source = ctx.python().literalValue(pattern);
  const repl = ctx.python().literalValue(replacement);
  return source?.kind === 'string' && repl?.kind === 'string' && NON_IDENTIFIER_CLASS.test(source.value) && /^[A-Za-z0-9_]*$/.test(repl.value);
}

/** A value that is a `str` whatever it holds: a literal, an f-string, or a concatenation with a string literal. */
function isStringValue(value: Node): boolean {
  const node = unparenthesize(value);
  if (node.type === 'string' || node.type === 'concatenated_string') return true;
  if (node.type === 'binary_operator' && node.child(1)?.type === '+') {
    const left = node.childForFieldName('left');
    const right = node.childForFieldName('right');
    return (!!left && isStringValue(left)) || (!!right && isStringValue(right));
  }
  return false;
}

function isStringList(value: Node): boolean {
  const node = unparenthesize(value);
  return node.type === 'list' && node.namedChildren.every((item) => !item || item.type === 'comment' || isStringValue(item));
}

type AttributeWrite = { kind: 'list' | 'item'; value: Node };

/**
 * In a class: what `self.<name> = [...]` assigns and what `self.<name>.append(v)` adds. Undefined when it is
 * written any other way (an item assignment, `+=`, another value, an addition of several values at once).
 */
function selfAttributeWrites(cls: Node, name: string): AttributeWrite[] | undefined {
  const target = `self.${name}`;
  const writes: AttributeWrite[] = [];
  for (const node of cls.descendantsOfType(['assignment', 'augmented_assignment', 'call'])) {
    if (!node) continue;
    if (node.type === 'call') {
      const fn = node.childForFieldName('function');
      const receiver = fn?.type === 'attribute' ? fn.childForFieldName('object') : undefined;
      if (receiver?.text !== target) continue;
      const method = fn!.childForFieldName('attribute')?.text ?? '';
      const args = (node.childForFieldName('arguments')?.namedChildren ?? []).filter((a): a is Node => !!a && a.type !== 'comment');
      if (method === 'append' && args.length === 1) writes.push({ kind: 'item', value: args[0]! });
      else if (!['pop', 'index', 'count', 'copy'].includes(method)) return undefined;
      continue;
    }
    const left = node.childForFieldName('left');
    if (left?.type === 'subscript' && left.childForFieldName('value')?.text === target) return undefined;
    if (left?.text !== target) continue;
    const right = node.childForFieldName('right');
    if (node.type !== 'assignment' || !right) return undefined;
    writes.push({ kind: 'list', value: right });
  }
  return writes;
}

/** Values added to a list name in its scope (`xs.append(v)`, `xs.extend([...])`, `xs.insert(i, v)`, `xs += [...]`); undefined for an item assignment. */
function listAdditions(scope: Node, name: string): Node[] | undefined {
  const added: Node[] = [];
  for (const node of scope.descendantsOfType(['call', 'augmented_assignment', 'assignment'])) {
    if (!node) continue;
    if (node.type === 'call') {
      const fn = node.childForFieldName('function');
      if (fn?.type !== 'attribute' || fn.childForFieldName('object')?.text !== name) continue;
      const method = fn.childForFieldName('attribute')?.text ?? '';
      if (!LIST_ADDITIONS.has(method)) continue;
      const args = (node.childForFieldName('arguments')?.namedChildren ?? []).filter((a): a is Node => !!a && a.type !== 'comment');
      const value = method === 'insert' ? args[1] : args[0];
      if (!value) return undefined;
      added.push(value);
      continue;
    }
    const left = node.childForFieldName('left');
    if (left?.type === 'subscript' && left.childForFieldName('value')?.text === name) return undefined;
    if (node.type === 'augmented_assignment' && left?.text === name) {
      const right = node.childForFieldName('right');
      if (!right) return undefined;
      added.push(right);
    }
  }
  return added;
}

function scopeOf(node: Node): Node | undefined {
  return ancestorsOf(node).find((a) => a.type === 'function_definition');
}

/** A function defined once at module level (not decorated). */
function moduleFunction(ctx: AstContext, name: string): Node | undefined {
  const found = ctx.root.namedChildren.filter((s): s is Node => s?.type === 'function_definition' && s.childForFieldName('name')?.text === name);
  return found.length === 1 ? found[0] : undefined;
}

/** The values a function returns; a bare `return` gives nothing to splice, so it is left out. */
function returnedValues(fn: Node): Node[] {
  const values: Node[] = [];
  const stack: Node[] = (fn.childForFieldName('body')?.namedChildren ?? []).filter((c): c is Node => !!c);
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (node.type === 'return_statement' && node.namedChild(0)) values.push(node.namedChild(0)!);
    for (const child of node.namedChildren) if (child && !['function_definition', 'lambda', 'class_definition', 'decorated_definition'].includes(child.type)) stack.push(child);
  }
  return values;
}
