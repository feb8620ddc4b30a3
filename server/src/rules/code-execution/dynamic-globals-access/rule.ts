/**
 * AIS212 dynamic-globals-access: `globals()[x]`, `locals()[x]`, `vars()[x]` or `f.__globals__[x]` with a
 * key chosen at run time.
 */
import type { Node } from 'web-tree-sitter';
import { defineRule, type AstContext } from '../../../engine/rule';
import { unparenthesize } from '../../../engine/resolve/walk';
import { isLiteral, literalPrefix } from '../../shared/python-values';
import { originReport, pythonCommandOrigin } from '../../shared/python-command-origin';

const NAMESPACES = new Set(['builtins.globals', 'builtins.locals', 'builtins.vars']);

export default defineRule(
  {
    id: 'AIS212',
    name: 'dynamic-globals-access',
    title: 'Module namespace indexed by a run-time key',
    category: 'code-execution',
    fileKinds: ['python'],
    severity: 'warning',
    confidence: 'low',
    cwe: ['CWE-94'],
    message: '`{{expr}}` looks up any name in the namespace by a key chosen at run time; an untrusted key can reach any function or class in scope. Use an explicit allow-list dict.',
    fixAvailability: 'none',
    docs: {
      whatItDoes: 'Flags subscripts of `globals()`, `locals()`, `vars()` (without arguments) and `f.__globals__` whose key is not a literal. Keys with a fixed prefix (`f"_handle_{kind}"`), assignments that define names, a module `__getattr__`, keys drawn from the namespace itself (a loop or comprehension over `globals()`, its `.keys()`/`.items()`, or a name bound to such a comprehension), and keys built only from constants (a loop over a constant set of names, an item of a constant table; the shell rules\' origin walk) are not flagged. A key that comes only from the operator\'s own input (`sys.argv`, argparse options, environment variables) is advisory information (audit profile, an editor hint).',
      whyIsThisBad: 'Looking a callable up by name in the module namespace lets whoever controls the name call any function, class or imported module in scope (`os`, `eval`, `subprocess`), and assigning through it can overwrite them.',
      example: 'handler = globals()[request.args["action"]]\nhandler()\n',
      useInstead: 'HANDLERS = {"resize": resize, "crop": crop}\nhandler = HANDLERS[request.args["action"]]\n',
      references: ['https://cwe.mitre.org/data/definitions/94.html', 'https://docs.python.org/3/library/functions.html#globals'],
    },
  },
  {
    kind: 'ast',
    keywords: ['globals()[', 'locals()[', 'vars()[', '__globals__['],
    onFile(ctx) {
      const scope = ctx.python();
      for (const call of ctx.calls()) {
        const callee = call.childForFieldName('function');
        if (!callee || call.childForFieldName('arguments')?.namedChildCount !== 0) continue;
        const qualified = scope.qualifiedName(callee);
        if (!qualified || !NAMESPACES.has(qualified)) continue;
        checkSubscript(ctx, call);
      }
      if (!ctx.text.includes('__globals__[')) return;
      for (const attribute of ctx.root.descendantsOfType('attribute')) {
        if (attribute?.childForFieldName('attribute')?.text === '__globals__') checkSubscript(ctx, attribute);
      }
    },
  },
);

function checkSubscript(ctx: AstContext, namespace: Node): void {
  const parent = namespace.parent;
  if (parent?.type !== 'subscript' || parent.childForFieldName('value')?.id !== namespace.id) return;
  // Defining names dynamically (`globals()[name] = make(name)`) is code generation by the module itself, not a lookup.
  const grand = parent.parent;
  if (grand?.type === 'assignment' && grand.childForFieldName('left')?.id === parent.id) return;
  if (grand?.type === 'delete_statement' || grand?.parent?.type === 'delete_statement') return;
  // A module's `__getattr__` (PEP 562 lazy loading) looks up names that code in the program asked for.
  if (enclosingFunctionName(parent) === '__getattr__') return;
  const key = parent.childForFieldName('subscript');
  // A fixed prefix (`globals()[f"_cast_{kind}"]`) confines the lookup to names the module chose.
  if (!key || isLiteral(ctx, key) || (literalPrefix(ctx, unparenthesize(key)) ?? '') !== '') return;
  if (isNamespaceKey(ctx, key, namespace.text)) return;
  // A key built only from constants (a loop over a constant set of names, an entry of a constant table) is
  // the module's own choice; one from the operator's command line or environment is their choice: advisory.
  const origin = pythonCommandOrigin(ctx, key);
  if (origin === 'constant') return;
  ctx.report({ ruleId: 'AIS212', range: ctx.rangeOfNode(parent), data: { expr: parent.text.length > 60 ? `${parent.text.slice(0, 57)}...` : parent.text }, ...originReport(origin) });
}

/**
 * A key drawn from the namespace itself: the variable of a loop or comprehension over `globals()` (its
 * `.keys()` or `.items()`), or over a name bound once to such a comprehension (nanoGPT's
 * `config_keys = [k for k, v in globals().items() if ...]`, then `{k: globals()[k] for k in config_keys}`).
 * Such a key only names what is already there, chosen by the code.
 */
function isNamespaceKey(ctx: AstContext, key: Node, namespace: string): boolean {
  if (key.type !== 'identifier') return false;
  for (let current: Node | null = key.parent; current && current.type !== 'function_definition' && current.type !== 'module'; current = current.parent) {
    const loops = current.type === 'for_statement' ? [current] : COMPREHENSIONS.has(current.type) ? current.namedChildren.filter((c): c is Node => c?.type === 'for_in_clause') : [];
    for (const loop of loops) {
      const left = loop.childForFieldName('left');
      const names = left?.type === 'identifier' ? [left] : (left?.namedChildren ?? []).filter((n): n is Node => n?.type === 'identifier');
      if (!names[0] || names[0].text !== key.text) continue;
      const right = loop.childForFieldName('right');
      return !!right && (iteratesNamespace(right, namespace) || iteratesNamespaceComprehension(ctx, right, namespace));
    }
  }
  return false;
}

const COMPREHENSIONS = new Set(['list_comprehension', 'dictionary_comprehension', 'set_comprehension', 'generator_expression']);

/** `globals()`, `globals().keys()`, `globals().items()`, `list(globals())`. */
function iteratesNamespace(node: Node, namespace: string): boolean {
  const inner = unparenthesize(node);
  if (inner.text === namespace || inner.text === `${namespace}.keys()` || inner.text === `${namespace}.items()`) return true;
  const args = inner.type === 'call' ? inner.childForFieldName('arguments')?.namedChildren ?? [] : [];
  return inner.type === 'call' && ['list', 'sorted', 'tuple'].includes(inner.childForFieldName('function')?.text ?? '') && args.length === 1 && !!args[0] && iteratesNamespace(args[0], namespace);
}

/** A name bound once to a comprehension whose first loop iterates the namespace and whose result is its loop variable. */
function iteratesNamespaceComprehension(ctx: AstContext, node: Node, namespace: string): boolean {
  const bound = node.type === 'identifier' ? ctx.python().boundValue(node) : undefined;
  if (!bound || !COMPREHENSIONS.has(bound.type)) return false;
  const loop = bound.namedChildren.find((c) => c?.type === 'for_in_clause');
  const left = loop?.childForFieldName('left');
  const variable = left?.type === 'identifier' ? left : left?.namedChildren.find((n) => n?.type === 'identifier');
  const body = bound.childForFieldName('body');
  const right = loop?.childForFieldName('right');
  return !!variable && !!right && body?.text === variable.text && iteratesNamespace(right, namespace);
}

function enclosingFunctionName(node: Node): string | undefined {
  let current: Node | null = node.parent;
  while (current && current.type !== 'function_definition') current = current.parent;
  return current?.childForFieldName('name')?.text;
}
