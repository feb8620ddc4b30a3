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
  // `x as string` says what the value is before the wrapper is stripped.
  if (node.type === 'as_expression' && node.namedChild(1)?.text === 'string') return true;
  const inner = unwrapExpression(node);
  if (ctx.js().literalValue(inner) !== undefined) return false;
  return isStringShaped(ctx, inner, depth) || isStringParameter(inner) || isRequestString(inner);
}

/** A parameter annotated `: string` in the enclosing function (`function run(code: string)`). */
function isStringParameter(node: Node): boolean {
  if (node.type !== 'identifier') return false;
  for (let p = node.parent, hops = 0; p && hops < 40; p = p.parent, hops++) {
    const params = p.childForFieldName('parameters');
    if (!params || !/function|arrow|method/.test(p.type)) continue;
    for (const param of params.namedChildren) {
      if (!param || (param.type !== 'required_parameter' && param.type !== 'optional_parameter')) continue;
      if (param.childForFieldName('pattern')?.text !== node.text) continue;
      return param.childForFieldName('type')?.text.replace(/^:\s*/, '') === 'string';
    }
    // The name is not a parameter here; an outer function may still declare it.
  }
  return false;
}

/** Values that are strings by construction in web code: request query/body/params, `location.*`, `document.cookie`. */
function isRequestString(node: Node): boolean {
  if (node.type !== 'member_expression' && node.type !== 'subscript_expression') return false;
  return /^(?:req|request|ctx\.request|ctx)\.(?:query|body|params|headers)\b|^(?:window\.|document\.)?location\.(?:hash|search|href|pathname)\b|^document\.(?:cookie|URL|referrer)\b/.test(node.text);
}

function isStringShaped(ctx: AstContext, node: Node, depth: number): boolean {
  // Concatenations are unfolded with an explicit stack, left operand first: a chain can be thousands long.
  const pending = [{ node, depth }];
  for (let next = pending.pop(); next; next = pending.pop()) {
    const current = next.node;
    switch (current.type) {
      case 'string':
      case 'template_string':
        return true;
      case 'binary_expression': {
        if (current.childForFieldName('operator')?.text !== '+') break;
        for (const side of [current.childForFieldName('right'), current.childForFieldName('left')]) if (side) pending.push({ node: unwrapExpression(side), depth: next.depth + 1 });
        break;
      }
      case 'identifier': {
        const value = ctx.js().boundValue(current);
        if (value && next.depth < 8) pending.push({ node: unwrapExpression(value), depth: next.depth + 1 });
        break;
      }
      case 'call_expression': {
        // `String(x)`, `x.toString()`, `parts.join('')`.
        const fn = current.childForFieldName('function');
        if (fn?.type === 'identifier' && fn.text === 'String') return true;
        const property = fn?.type === 'member_expression' ? fn.childForFieldName('property')?.text : undefined;
        if (property === 'toString' || property === 'join') return true;
        break;
      }
      default:
        break;
    }
  }
  return false;
}

/**
 * True when the expression visibly reads input from outside the program: an HTTP request (`req.body`,
 * `req.query`, `ctx.request`), the URL or cookies in a browser, command-line arguments, a Lambda event or
 * a message payload. Rules raise their severity when a sink's argument does this.
 */
export function readsExternalInput(node: Node): boolean {
  return /\b(?:req|request|ctx\.request)\.(?:body|query|params|headers|cookies)\b|\b(?:window\.|document\.)?location\.(?:hash|search|href|pathname)\b|\bdocument\.(?:cookie|URL|referrer)\b|\bprocess\.argv\b|\bevent\.(?:body|queryStringParameters|data)\b|\b(?:message|msg)\.data\b/.test(node.text);
}
