/**
 * What a JavaScript shell command is built from, for the shell rules (AIS244, AIS245). A command whose
 * every interpolated value is a constant or a number (`taskkill /pid ${child.pid}`, `${DOCKER} image prune`)
 * cannot carry shell syntax, so it is not reported; on 11 real repositories a quarter of the shell findings
 * were of that shape.
 */
import type { Node } from 'web-tree-sitter';
import type { AstContext } from '../../engine/rule';
import { unwrapExpression } from '../../engine/resolve/javascript-scope';

/** Members and names that hold numbers: process ids, ports, counts and lengths. */
const NUMERIC_MEMBER = /^(?:pid|ppid|port|length|size|count|exitCode|status)$/;
const NUMERIC_NAME = /^(?:pid|ppid|port|[a-z]*(?:Pid|Port|Count|Index|Length))$/;
const NUMBER_FUNCTIONS = new Set(['Number', 'parseInt', 'parseFloat', 'Math.floor', 'Math.ceil', 'Math.round', 'Math.max', 'Math.min']);

/**
 * True when the command string is built only from constants and numbers: a literal, a template or `+`
 * concatenation whose parts are constants (constant bindings are followed), numbers, or number-valued
 * members such as `.pid`. Anything else (a parameter, a call, a property of an object) is not constant.
 */
export function isConstantCommand(ctx: AstContext, node: Node): boolean {
  const stack: Node[] = [node];
  let budget = 200;
  while (stack.length > 0) {
    if (--budget < 0) return false;
    const current = unwrapExpression(stack.pop()!);
    if (ctx.js().literalValue(current) !== undefined || isNumeric(ctx, current)) continue;
    if (current.type === 'template_string') {
      for (const child of current.namedChildren) if (child?.type === 'template_substitution' && child.namedChild(0)) stack.push(child.namedChild(0)!);
      continue;
    }
    if (current.type === 'binary_expression' && current.childForFieldName('operator')?.text === '+') {
      const left = current.childForFieldName('left');
      const right = current.childForFieldName('right');
      if (!left || !right) return false;
      stack.push(left, right);
      continue;
    }
    if (current.type === 'identifier') {
      // A `const` bound once to a template or concatenation of constants is followed into its value.
      const value = ctx.js().boundValue(current);
      if (value && value.id !== current.id) {
        stack.push(value);
        continue;
      }
    }
    return false;
  }
  return true;
}

function isNumeric(ctx: AstContext, node: Node): boolean {
  switch (node.type) {
    case 'number':
      return true;
    case 'member_expression':
      return NUMERIC_MEMBER.test(node.childForFieldName('property')?.text ?? '');
    case 'identifier':
      return NUMERIC_NAME.test(node.text);
    case 'call_expression': {
      const callee = node.childForFieldName('function');
      return callee !== null && NUMBER_FUNCTIONS.has(callee.text);
    }
    case 'binary_expression': {
      const op = node.childForFieldName('operator')?.text ?? '';
      const left = node.childForFieldName('left');
      const right = node.childForFieldName('right');
      return ['-', '*', '/', '%'].includes(op) || (op === '+' && left !== null && right !== null && isNumeric(ctx, unwrapExpression(left)) && isNumeric(ctx, unwrapExpression(right)));
    }
    default:
      return false;
  }
}
