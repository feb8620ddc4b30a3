/**
 * Shape checks for JS/TS expressions that are certainly strings built at run time (template literals with
 * substitutions, concatenation with a string). Rules use them where a non-string (a function) is the safe
 * and common case, as for `setTimeout(callback, ms)`.
 */
import type { Node } from 'web-tree-sitter';
import type { AstContext } from '../../engine/rule';
import { unwrapExpression } from '../../engine/resolve/javascript-scope';

/** True when `node` evaluates to a string that is not a compile-time constant. */
export function isDynamicString(ctx: AstContext, node: Node, depth = 0): boolean {
  if (depth > 8) return false;
  const inner = unwrapExpression(node);
  if (ctx.js().literalValue(inner) !== undefined) return false;
  return isStringShaped(ctx, inner, depth);
}

function isStringShaped(ctx: AstContext, node: Node, depth: number): boolean {
  switch (node.type) {
    case 'string':
    case 'template_string':
      return true;
    case 'binary_expression': {
      if (node.childForFieldName('operator')?.text !== '+') return false;
      const left = node.childForFieldName('left');
      const right = node.childForFieldName('right');
      return (!!left && isStringShaped(ctx, unwrapExpression(left), depth + 1)) || (!!right && isStringShaped(ctx, unwrapExpression(right), depth + 1));
    }
    case 'identifier': {
      const value = ctx.js().boundValue(node);
      return !!value && depth < 8 && isStringShaped(ctx, unwrapExpression(value), depth + 1);
    }
    case 'call_expression': {
      // `String(x)`, `x.toString()`, `parts.join('')`.
      const fn = node.childForFieldName('function');
      if (fn?.type === 'identifier' && fn.text === 'String') return true;
      const property = fn?.type === 'member_expression' ? fn.childForFieldName('property')?.text : undefined;
      return property === 'toString' || property === 'join';
    }
    default:
      return false;
  }
}
