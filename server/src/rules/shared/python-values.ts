/**
 * Value questions Python rules share: what kind of object a method's receiver is, whether an argument is
 * a literal, and what the model-file scanner said about a literal model path.
 */
import type { Node } from 'web-tree-sitter';
import type { AstContext } from '../../engine/rule';
import { unparenthesize } from '../../engine/resolve/walk';

/**
 * The qualified name of the constructor that produced a method's receiver: `requests.Session` for
 * `requests.Session().get(...)` and for `s.get(...)` after `s = requests.Session()` (bound once), also
 * through a `with requests.Session() as s:` block. Undefined when unknown.
 */
export function receiverConstructor(ctx: AstContext, receiver: Node): string | undefined {
  const scope = ctx.python();
  const node = unparenthesize(receiver);
  if (node.type === 'call') {
    const fn = node.childForFieldName('function');
    return fn ? scope.qualifiedName(fn) : undefined;
  }
  if (node.type !== 'identifier') return undefined;
  const value = scope.boundValue(node);
  if (value) {
    const inner = unparenthesize(value);
    if (inner.type !== 'call') return undefined;
    const fn = inner.childForFieldName('function');
    return fn ? scope.qualifiedName(fn) : undefined;
  }
  return withTargetConstructor(ctx, node);
}

/** `with X(...) as name:` where `name` is the identifier: the qualified name of `X`. */
function withTargetConstructor(ctx: AstContext, identifier: Node): string | undefined {
  let current: Node | null = identifier.parent;
  while (current && current.type !== 'function_definition' && current.type !== 'module') {
    if (current.type === 'with_statement') {
      for (const item of current.descendantsOfType('as_pattern')) {
        if (!item) continue;
        const alias = item.childForFieldName('alias');
        const target = alias?.namedChild(0) ?? alias;
        const value = item.namedChild(0);
        if (target?.text === identifier.text && value?.type === 'call') {
          const fn = value.childForFieldName('function');
          return fn ? ctx.python().qualifiedName(fn) : undefined;
        }
      }
    }
    current = current.parent;
  }
  return undefined;
}

/** True when the node is a string literal or a name bound once to one. */
export function isLiteralStringArg(ctx: AstContext, node: Node | undefined): boolean {
  return !!node && ctx.python().literalValue(node)?.kind === 'string';
}

/** The literal string value of an argument (or a name bound once to one). */
export function literalString(ctx: AstContext, node: Node | undefined): string | undefined {
  if (!node) return undefined;
  const value = ctx.python().literalValue(node);
  return value?.kind === 'string' ? value.value : undefined;
}

/** True when the node is any literal (string, number, bool, None, a collection of literals or a name bound once to one). */
export function isLiteral(ctx: AstContext, node: Node | undefined, depth = 0): boolean {
  // Deeper nesting than any real literal is treated as unknown (and keeps the stack small on hostile input).
  if (!node || depth > 32) return false;
  const value = ctx.python().literalValue(node);
  if (!value || value.kind === 'name') return false;
  if (value.kind !== 'collection') return true;
  const inner = unparenthesize(node);
  if (inner.type === 'identifier') return false;
  return inner.namedChildren.every((c) => !c || c.type === 'comment' || isLiteral(ctx, c, depth + 1));
}

/**
 * A sentence to append to a model-loading finding when the host's model-file scanner has a verdict for
 * the literal path, e.g. " The file model.pt was scanned: dangerous (imports os.system)."
 */
export function modelFileNote(ctx: AstContext, pathArgument: Node | undefined): string {
  const path = literalString(ctx, pathArgument);
  const verdictOf = ctx.ports.project?.modelFileVerdict;
  if (!path || !verdictOf) return '';
  const verdict = verdictOf(ctx.path, path);
  if (!verdict) return '';
  return ` Model file scan of \`${path}\`: ${verdict.verdict} (${verdict.summary}).`;
}

/** True when the host's model-file scanner judged the literal path dangerous (the finding then becomes an error). */
export function scannedDangerous(ctx: AstContext, pathArgument: Node | undefined): boolean {
  const path = literalString(ctx, pathArgument);
  return !!path && ctx.ports.project?.modelFileVerdict?.(ctx.path, path)?.verdict === 'dangerous';
}

/** True when the file imports `module` (or one of its submodules) anywhere, judged from the text. */
export function textImports(text: string, module: string): boolean {
  // Only a text naming the module can import it: the check is cheap, while the expression anchored at line
  // starts tries every offset of the file (a few milliseconds per rule on every keystroke in a 400 KB file).
  if (!text.includes(module)) return false;
  let pattern = importPatterns.get(module);
  if (!pattern) {
    const escaped = module.replace(/\./g, '\\.');
    pattern = new RegExp(`^[ \\t]*(?:import[ \\t]+[^\\n]*\\b${escaped}\\b|from[ \\t]+${escaped}\\b)`, 'm');
    importPatterns.set(module, pattern);
  }
  return pattern.test(text);
}

/** `textImports`' expression per module (a handful of modules are asked about). */
const importPatterns = new Map<string, RegExp>();

/**
 * When `identifier` is a parameter of the function it is used in, the default value the parameter
 * declares (`def load(path, trust_remote_code=True)`), or undefined.
 */
export function parameterDefault(identifier: Node): Node | undefined {
  if (identifier.type !== 'identifier') return undefined;
  let fn: Node | null = identifier.parent;
  while (fn && fn.type !== 'function_definition' && fn.type !== 'lambda') fn = fn.parent;
  const params = fn?.childForFieldName('parameters');
  if (!params) return undefined;
  for (const param of params.namedChildren) {
    if (!param || (param.type !== 'default_parameter' && param.type !== 'typed_default_parameter')) continue;
    if (param.childForFieldName('name')?.text === identifier.text) return param.childForFieldName('value') ?? undefined;
  }
  return undefined;
}

/**
 * The fixed text at the start of a string built at run time: the literal head of an f-string
 * (`f"pkg.{x}"` → `pkg.`) or the leftmost literal of a concatenation (`"pkg." + x`); undefined otherwise.
 */
export function literalPrefix(ctx: AstContext, start: Node): string | undefined {
  // `"_g%d" % i` and `"_g{}".format(i)`: the text before the first placeholder is fixed.
  if (start.type === 'binary_operator' && start.child(1)?.type === '%') {
    const template = ctx.python().literalValue(start.childForFieldName('left') ?? start);
    return template?.kind === 'string' ? template.value.split('%')[0] : undefined;
  }
  if (start.type === 'call') {
    const fn = start.childForFieldName('function');
    const object = fn?.type === 'attribute' && fn.childForFieldName('attribute')?.text === 'format' ? fn.childForFieldName('object') : undefined;
    const template = object ? ctx.python().literalValue(object) : undefined;
    return template?.kind === 'string' ? template.value.split('{')[0] : undefined;
  }
  // The prefix is the leftmost operand of `a + b + ...`; walk down the left spine iteratively.
  let node = start;
  for (let depth = 0; node.type === 'binary_operator' && node.child(1)?.type === '+' && depth < 200; depth++) {
    const left = node.childForFieldName('left');
    if (!left) return undefined;
    const value = ctx.python().literalValue(left);
    if (value?.kind === 'string') return value.value;
    node = unparenthesize(left);
  }
  if (node.type !== 'string') return undefined;
  let prefix = '';
  for (const child of node.namedChildren) {
    if (!child || child.type === 'string_start') continue;
    if (child.type !== 'string_content') break;
    prefix += child.text;
  }
  return prefix;
}
