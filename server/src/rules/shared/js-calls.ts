/**
 * Helpers for JS/TS rules that flag calls to named functions: resolve each call's callee (or `new`
 * constructor) to a qualified name through the file's module bindings and hand matching calls to the rule.
 */
import type { Node } from 'web-tree-sitter';
import type { AstContext } from '../../engine/rule';
import { unwrapExpression } from '../../engine/resolve/javascript-scope';

export interface JsResolvedCall {
  /** The `call_expression` or `new_expression`. */
  call: Node;
  /** The callee (or constructor) expression. */
  callee: Node;
  /** The qualified name, e.g. `child_process.exec` or `global.eval`. */
  qualified: string;
  /** True for `new X(...)`. */
  isNew: boolean;
  /** Positional arguments (comments dropped); a spread element hides the rest. */
  args: Node[];
  /** True when an argument is a spread (`...rest`), so positions after it are unknown. */
  hasSpread: boolean;
}

/**
 * Every call whose callee resolves to one of `names`. Aliases (`import { exec as run }`,
 * `const run = promisify(exec)`) mean the callee text says nothing, so every callee is resolved; the scope
 * memoises resolutions, so rules sharing a file pay once.
 */
export function jsCallsTo(ctx: AstContext, names: ReadonlySet<string>): JsResolvedCall[] {
  const scope = ctx.js();
  const out: JsResolvedCall[] = [];
  for (const call of ctx.calls()) {
    const isNew = call.type === 'new_expression';
    const rawCallee = call.childForFieldName(isNew ? 'constructor' : 'function');
    if (!rawCallee) continue;
    const callee = indirectCallee(rawCallee);
    const qualified = scope.qualifiedName(callee);
    if (!qualified || !names.has(qualified)) continue;
    const argsNode = call.childForFieldName('arguments');
    // A tagged template (`` exec`ls` ``) has a template string instead of an argument list.
    if (argsNode && argsNode.type !== 'arguments') continue;
    const args: Node[] = [];
    let hasSpread = false;
    for (const child of argsNode?.namedChildren ?? []) {
      if (!child || child.type === 'comment') continue;
      if (child.type === 'spread_element') {
        hasSpread = true;
        break;
      }
      args.push(child);
    }
    out.push({ call, callee, qualified, isNew, args, hasSpread });
  }
  return out;
}

/** `(0, eval)(x)` and `(eval)(x)` call `eval` indirectly; the callee is the sequence's last element. */
export function indirectCallee(callee: Node): Node {
  const inner = unwrapExpression(callee);
  if (inner.type === 'sequence_expression') {
    const last = inner.namedChild(inner.namedChildCount - 1);
    if (last) return unwrapExpression(last);
  }
  return inner;
}

/** The property name a callee ends with (`a.b.exec` → `exec`, `exec` → `exec`, `a['exec']` → `exec`). */
export function lastSegment(callee: Node): string {
  if (callee.type === 'identifier') return callee.text;
  if (callee.type === 'member_expression') return callee.childForFieldName('property')?.text ?? '';
  if (callee.type === 'subscript_expression') {
    const index = callee.childForFieldName('index');
    if (index?.type === 'string') return index.text.slice(1, -1);
  }
  return '';
}

/** True when the expression's value is statically known (a literal string, number, ...; a const bound to one). */
export function isJsLiteral(ctx: AstContext, node: Node | undefined): boolean {
  if (!node) return false;
  return ctx.js().literalValue(node) !== undefined;
}

/** The value node of property `key` in an object literal (the last one wins, as at run time), or undefined. */
export function objectProperty(object: Node | undefined, key: string): Node | undefined {
  if (!object) return undefined;
  const node = unwrapExpression(object);
  if (node.type !== 'object') return undefined;
  let found: Node | undefined;
  for (const child of node.namedChildren) {
    if (!child) continue;
    if (child.type === 'pair') {
      const k = child.childForFieldName('key');
      const name = k?.type === 'string' ? k.text.slice(1, -1) : k?.text;
      if (name === key) found = child.childForFieldName('value') ?? undefined;
    } else if (child.type === 'shorthand_property_identifier' && child.text === key) {
      found = child;
    }
  }
  return found;
}

/**
 * JavaScript truthiness of an expression when it is statically known, or undefined. Non-literal values
 * (a variable, a call) are unknown; rules decide how to treat them.
 */
export function jsTruthiness(ctx: AstContext, node: Node | undefined): boolean | undefined {
  if (!node) return undefined;
  const inner = unwrapExpression(node);
  if (inner.type === 'undefined') return false;
  const value = ctx.js().literalValue(inner);
  if (value === undefined) return undefined;
  return Boolean(value);
}

/** Short callee text for messages (`cp.exec`, `eval`), cut to a sane length. */
export function calleeLabel(callee: Node): string {
  const text = callee.text.replace(/\s+/g, '');
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}
