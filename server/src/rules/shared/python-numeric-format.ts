/**
 * Which parts of a formatted Python string can only be numbers: a value formatted with a numeric conversion
 * (`"nvidia-smi -i %d" % gpu`, `f"lsof -i :{port:d}"`, `"kill {:d}".format(pid)`) is written as digits, a sign, a
 * point or an exponent, or the formatting raises (`%d` and `:d` refuse a string). Such a part carries no shell
 * syntax whatever its origin, so the command-origin walk (`python-command-origin.ts`) takes it as a constant.
 *
 * `%c` and `:c` are left out (they turn a number into any character), and so are the conversions that take a
 * string (`%s`, `%r`, `%a`, a specifier without a type). A `*` width or precision, a `%(name)d` mapping key or a
 * `{}` field whose name has an attribute or index makes the mapping from fields to values unsure, and then no
 * part counts as numeric.
 */
import type { Node } from 'web-tree-sitter';
import type { AstContext } from '../../engine/rule';
import { unparenthesize } from '../../engine/resolve/walk';

/** `%` conversions that accept only numbers and print only number characters. */
const PERCENT_NUMERIC = new Set(['d', 'i', 'u', 'o', 'x', 'X', 'e', 'E', 'f', 'F', 'g', 'G']);
/** Format-specification types that accept only numbers and print only number characters. */
const SPEC_NUMERIC = new Set(['b', 'd', 'o', 'x', 'X', 'n', 'e', 'E', 'f', 'F', 'g', 'G', '%']);

/** Whether a format specification (`d`, `>8.2f`, `:05d`) ends in a numeric presentation type. */
export function isNumericFormatSpec(spec: string): boolean {
  const text = spec.startsWith(':') ? spec.slice(1) : spec;
  if (text.includes('{')) return false;
  const type = text.slice(-1);
  return text.length > 0 && SPEC_NUMERIC.has(type);
}

/**
 * The operands of `template % values` that the template formats only as numbers (their node ids), when the
 * template is a string literal; an empty set when any conversion makes the mapping unsure.
 */
export function numericPercentOperands(ctx: AstContext, operation: Node): Set<number> {
  const found = new Set<number>();
  const template = operation.childForFieldName('left');
  const values = operation.childForFieldName('right');
  const literal = template ? ctx.python().literalValue(template) : undefined;
  if (!values || literal?.kind !== 'string') return found;
  const conversions: string[] = [];
  const pattern = /%(\([^)]*\))?([#0\- +]*)(\*|\d+)?(?:\.(\*|\d+))?[hlL]?([a-zA-Z%])/g;
  for (const match of literal.value.matchAll(pattern)) {
    const [, key, , width, precision, type] = match;
    if (type === '%') continue;
    if (key !== undefined || width === '*' || precision === '*' || !type) return found;
    conversions.push(type);
  }
  const inner = unparenthesize(values);
  const operands = inner.type === 'tuple' ? inner.namedChildren.filter((c): c is Node => !!c && c.type !== 'comment') : [inner];
  if (inner.type === 'tuple' && operands.some((o) => o.type === 'list_splat')) return found;
  // A single operand that is not a tuple literal fills the one conversion (or is a tuple the walk cannot split).
  if (inner.type !== 'tuple' && conversions.length !== 1) return found;
  operands.forEach((operand, index) => {
    const type = conversions[index];
    if (type && PERCENT_NUMERIC.has(type)) found.add(operand.id);
  });
  return found;
}

/**
 * The arguments of `"template".format(...)` that every field naming them formats only as numbers (their node
 * ids); an empty set when the receiver is no string literal or a field is not a plain index, name or `{}`.
 */
export function numericFormatArguments(ctx: AstContext, receiver: Node, args: readonly Node[]): Set<number> {
  const found = new Set<number>();
  const literal = ctx.python().literalValue(receiver);
  if (literal?.kind !== 'string' || args.some((a) => a.type === 'list_splat' || a.type === 'dictionary_splat')) return found;
  const specs = new Map<string, boolean>();
  let next = 0;
  const text = literal.value.replace(/\{\{|\}\}/g, '');
  for (const match of text.matchAll(/\{([^{}!:]*)(?:![rsa])?(?::([^{}]*))?\}/g)) {
    const name = match[1] ?? '';
    if (name !== '' && !/^(?:\d+|[A-Za-z_]\w*)$/.test(name)) return found;
    const key = name === '' ? String(next++) : name;
    const numeric = isNumericFormatSpec(match[2] ?? '');
    specs.set(key, (specs.get(key) ?? true) && numeric);
  }
  let position = 0;
  for (const argument of args) {
    if (argument.type === 'comment') continue;
    const key = argument.type === 'keyword_argument' ? argument.childForFieldName('name')?.text ?? '' : String(position++);
    const value = argument.type === 'keyword_argument' ? argument.childForFieldName('value') : argument;
    if (value && specs.get(key) === true) found.add(value.id);
  }
  return found;
}
