/**
 * Whether a safety switch passed to a call (`trust_remote_code=...`, `allow_pickle=...`,
 * `allow_dangerous_requests=...`) is on. A literal answers directly; a value forwarded from a parameter,
 * a command-line argument or a settings field is a choice left to whoever runs the code, so it is followed
 * to its declared default: a parameter default, an argparse `add_argument(..., default=..., action=...)`,
 * a dataclass / pydantic / attrs field default, or the `__init__` parameter that `self.x` was set from.
 *
 * Declarations are looked for only where the incremental analysis reaches them by name: the enclosing
 * function and class, the top-level classes and functions the enclosing top-level statement names
 * (a type annotation `args: ModelArguments`, a call `parse_args()`), and the module-level statements, which
 * every analysis parses (a script's `add_argument` lines, and its top-level calls that pass a parameter's value).
 */
import type { Node } from 'web-tree-sitter';
import type { AstContext } from '../../engine/rule';
import { unparenthesize } from '../../engine/resolve/walk';
import { literalTruthiness } from './python-calls';
import { parameterDefault } from './python-values';

export type SwitchState =
  /** The value is literally truthy (or names a constant that is). */
  | { state: 'on' }
  /** The value is literally falsy. */
  | { state: 'off' }
  /** Forwarded from a declaration whose default is truthy: on unless whoever runs the code turns it off. */
  | { state: 'on-by-default'; source: string }
  /** Forwarded, with a falsy or unknown default: on only when whoever runs the code asks for it. */
  | { state: 'configurable'; source: string | undefined; offByDefault: boolean };

/** Where a configurable switch comes from, for messages: "from the `x` parameter, which is off by default". */
export function configurableSource(state: Extract<SwitchState, { state: 'configurable' }>): string {
  if (!state.source) return 'from a value chosen at run time';
  return state.offByDefault ? `from ${state.source}, which is off by default` : `from ${state.source}`;
}

/**
 * The state of a switch argument's value. With `keyword`, a literal `True` that a condition on the setting
 * of the same name guards (`{"trust_remote_code": True} if args.trust_remote_code else None`) has that
 * setting's state.
 */
export function switchState(ctx: AstContext, value: Node, keyword?: string): SwitchState {
  const truth = literalTruthiness(ctx, value);
  if (truth === true) {
    const setting = keyword ? guardingSetting(value, keyword) : undefined;
    return setting ? switchState(ctx, setting) : { state: 'on' };
  }
  if (truth === false) return { state: 'off' };
  const forwarded = forwardedDefault(ctx, unparenthesize(value));
  if (!forwarded) return { state: 'configurable', source: undefined, offByDefault: false };
  const defaultTruth = forwarded.impliedTruth ?? (forwarded.value ? literalTruthiness(ctx, forwarded.value) : undefined);
  if (defaultTruth === true) return { state: 'on-by-default', source: forwarded.source };
  return { state: 'configurable', source: forwarded.source, offByDefault: defaultTruth === false };
}

const SCOPE_TYPES = new Set(['function_definition', 'lambda', 'class_definition', 'module']);

/** The setting named `keyword` that an enclosing `x if <setting> else y` or `if <setting>:` tests, if any. */
function guardingSetting(value: Node, keyword: string): Node | undefined {
  let child = value;
  for (let current = value.parent; current && !SCOPE_TYPES.has(current.type); child = current, current = current.parent) {
    const condition =
      current.type === 'conditional_expression' && current.namedChild(0)?.id === child.id
        ? current.namedChild(1)
        : (current.type === 'if_statement' || current.type === 'elif_clause') && current.childForFieldName('consequence')?.id === child.id
          ? current.childForFieldName('condition')
          : undefined;
    const setting = condition ? settingIn(condition, keyword) : undefined;
    if (setting) return setting;
  }
  return undefined;
}

/** `trust_remote_code`, `args.trust_remote_code`, or either side of an `and`. */
function settingIn(input: Node, keyword: string): Node | undefined {
  // `and` chains are unfolded with an explicit stack, left side first: they can nest thousands deep.
  const pending = [input];
  for (let next = pending.pop(); next; next = pending.pop()) {
    const condition = unparenthesize(next);
    if (condition.type === 'identifier' && condition.text === keyword) return condition;
    if (condition.type === 'attribute' && condition.childForFieldName('attribute')?.text === keyword) return condition;
    if (condition.type === 'boolean_operator' && condition.child(1)?.type === 'and') {
      for (const side of [condition.childForFieldName('right'), condition.childForFieldName('left')]) if (side) pending.push(side);
    }
  }
  return undefined;
}

interface Forwarded {
  /** Where the value is declared, for messages. */
  source: string;
  /** The declared default; undefined when the declaration has none. */
  value: Node | undefined;
  /** The default's truth when the declaration fixes it without a value (`action="store_true"` is False). */
  impliedTruth?: boolean;
}

function forwardedDefault(ctx: AstContext, value: Node, depth = 0): Forwarded | undefined {
  if (value.type === 'identifier') {
    const fromParameter = parameterDeclaration(value);
    if (fromParameter) {
      const defaultTruth = fromParameter.value ? literalTruthiness(ctx, fromParameter.value) : undefined;
      return (defaultTruth !== true && depth === 0 ? enabledByScriptCall(ctx, value) : undefined) ?? fromParameter;
    }
    // `trust = args.trust_remote_code` (bound once) forwards what it was bound to.
    const bound = ctx.python().boundValue(value);
    const inner = bound ? unparenthesize(bound) : undefined;
    return inner?.type === 'attribute' ? forwardedDefault(ctx, inner, depth) : undefined;
  }
  if (value.type !== 'attribute') return undefined;
  const name = value.childForFieldName('attribute')?.text;
  if (!name) return undefined;
  const fromArgument = argparseDefault(ctx, value);
  if (fromArgument) return fromArgument;
  for (const scope of reachableScopes(ctx, value)) {
    const found = fieldDefault(ctx, scope, name) ?? initAssignmentDefault(ctx, scope, name);
    if (found) return found;
  }
  return undefined;
}

/**
 * A parameter that the script's own top-level code turns on: `SGLWorker(..., args.trust_remote_code)` in the
 * `if __name__ == "__main__":` block, where `--trust-remote-code` is on by default (FastChat's sglang_worker.py).
 * Only module-level call sites count: incremental analysis always parses those, so the answer is the same
 * in a partial run; a call from another function proves nothing either way and is not looked for.
 */
function enabledByScriptCall(ctx: AstContext, parameter: Node): Forwarded | undefined {
  let fn: Node | null = parameter.parent;
  while (fn && fn.type !== 'function_definition') fn = fn.parent;
  const params = (fn?.childForFieldName('parameters')?.namedChildren ?? []).filter((p): p is Node => !!p && p.type !== 'comment');
  const position = params.findIndex((p) => (p.type === 'identifier' ? p : p.childForFieldName('name') ?? p.namedChild(0))?.text === parameter.text);
  if (!fn || position < 0 || params.some((p, i) => i < position && /splat/.test(p.type))) return undefined;
  const fnName = fn.childForFieldName('name')?.text;
  const cls = fnName === '__init__' ? fn.parent?.parent : undefined;
  const callee = cls?.type === 'class_definition' ? cls.childForFieldName('name')?.text : fn.parent?.type === 'module' || fn.parent?.parent?.type === 'module' ? fnName : undefined;
  if (!callee) return undefined;
  const index = cls ? position - 1 : position;
  for (const statement of moduleStatements(ctx)) {
    for (const call of descendantsIn(ctx, statement, 'call')) {
      if (call.childForFieldName('function')?.text !== callee) continue;
      const args = (call.childForFieldName('arguments')?.namedChildren ?? []).filter((a): a is Node => !!a && a.type !== 'comment');
      if (args.some((a) => a.type === 'list_splat' || a.type === 'dictionary_splat')) continue;
      const keyword = args.find((a) => a.type === 'keyword_argument' && a.childForFieldName('name')?.text === parameter.text);
      const positional = args.filter((a) => a.type !== 'keyword_argument');
      const argument = keyword ? keyword.childForFieldName('value') : index >= 0 ? positional[index] : undefined;
      if (!argument) continue;
      const truth = literalTruthiness(ctx, argument);
      const forwarded = truth === undefined ? forwardedDefault(ctx, unparenthesize(argument), 1) : undefined;
      const on = truth === true || (forwarded !== undefined && (forwarded.impliedTruth ?? (forwarded.value ? literalTruthiness(ctx, forwarded.value) : undefined)) === true);
      if (!on) continue;
      const line = call.startPosition.row + 1;
      return { source: `the \`${parameter.text}\` parameter, which the script's top-level call on line ${line} sets ${forwarded ? `from ${forwarded.source}` : 'to a true value'}`, value: undefined, impliedTruth: true };
    }
  }
  return undefined;
}

/** `def f(x=True)` / `def f(x)`: the parameter named like the identifier, with its default. */
function parameterDeclaration(identifier: Node): Forwarded | undefined {
  const fallback = parameterDefault(identifier);
  if (fallback) return { source: `the \`${identifier.text}\` parameter`, value: fallback };
  let fn: Node | null = identifier.parent;
  while (fn && fn.type !== 'function_definition' && fn.type !== 'lambda') fn = fn.parent;
  const params = fn?.childForFieldName('parameters');
  for (const param of params?.namedChildren ?? []) {
    const paramName = param?.type === 'identifier' ? param : param?.type === 'typed_parameter' ? param.namedChild(0) : undefined;
    if (paramName?.text === identifier.text) return { source: `the \`${identifier.text}\` parameter`, value: undefined };
  }
  return undefined;
}

/**
 * The subtrees to search for a declaration of an attribute: the enclosing class (for `self.x`), the
 * enclosing top-level statement, the top-level classes and functions whose names that statement uses, and
 * the module-level statements (a script's `parser.add_argument(...)` lines; incremental analysis always
 * parses those).
 */
function reachableScopes(ctx: AstContext, node: Node): Node[] {
  const scopes: Node[] = [];
  let top: Node = node;
  let enclosingClass: Node | undefined;
  for (let current: Node | null = node; current && current.type !== 'module'; current = current.parent) {
    if (!enclosingClass && current.type === 'class_definition') enclosingClass = current;
    top = current;
  }
  if (enclosingClass) scopes.push(enclosingClass);
  if (top.id !== enclosingClass?.id) scopes.push(top);
  scopes.push(...namedTopLevelScopes(ctx, top), ...moduleStatements(ctx).filter((statement) => statement.id !== top.id));
  return scopes;
}

/** The module-level statements other than definitions, once per analysis. */
function moduleStatements(ctx: AstContext): Node[] {
  return cachedPerAnalysis(ctx, 'module-statements', () =>
    ctx.root.namedChildren.filter((child): child is Node => !!child && !['function_definition', 'class_definition', 'decorated_definition', 'comment'].includes(child.type)),
  );
}

/** The top-level classes and functions (other than `top`) whose names `top` uses; once per statement and analysis. */
function namedTopLevelScopes(ctx: AstContext, top: Node): Node[] {
  return cachedPerAnalysis(ctx, `named:${top.id}`, () => {
    const used = new Set(descendantsIn(ctx, top, 'identifier').map((n) => n.text));
    const scopes: Node[] = [];
    for (const child of ctx.root.namedChildren) {
      if (!child || child.id === top.id) continue;
      const definition = child.type === 'decorated_definition' ? child.childForFieldName('definition') : child;
      if (definition?.type !== 'class_definition' && definition?.type !== 'function_definition') continue;
      const name = definition.childForFieldName('name')?.text;
      if (name !== undefined && used.has(name)) scopes.push(child);
    }
    return scopes;
  });
}

/**
 * The nodes of a type inside a scope, collected once per analysis: every forwarded switch searches the same
 * scopes (its whole enclosing class, which in real trainer files spans thousands of lines), and collecting
 * them again for each switch took a quarter of the analysis of such files.
 */
function descendantsIn(ctx: AstContext, scope: Node, type: string): Node[] {
  return cachedPerAnalysis(ctx, `${type}:${scope.id}`, () => scope.descendantsOfType(type).filter((n): n is Node => n !== null));
}

const valuesByContext = new WeakMap<AstContext, Map<string, unknown>>();

/** What `collect` returns for `key`, collected once per analysis (each key always collects the same kind of value). */
function cachedPerAnalysis<T>(ctx: AstContext, key: string, collect: () => T): T {
  let values = valuesByContext.get(ctx);
  if (!values) valuesByContext.set(ctx, (values = new Map()));
  if (values.has(key)) return values.get(key) as T;
  const found = collect();
  values.set(key, found);
  return found;
}

/**
 * The `add_argument(...)` calls inside a scope, once per scope and analysis: every forwarded switch asks each
 * reachable scope (a trainer's whole class) for its option, and looking at every call of the class for each
 * name took a tenth of an edit's analysis in real trainer files. A file that never says `add_argument` has none.
 */
function addArgumentCallsIn(ctx: AstContext, scope: Node): Node[] {
  if (!cachedPerAnalysis(ctx, 'says-add-argument', () => ctx.text.includes('add_argument'))) return [];
  return cachedPerAnalysis(ctx, `add-argument:${scope.id}`, () =>
    descendantsIn(ctx, scope, 'call').filter((call) => {
      const callee = call.childForFieldName('function');
      return callee?.type === 'attribute' && callee.childForFieldName('attribute')?.text === 'add_argument';
    }),
  );
}

/** The `self.<name> = <identifier>` assignments inside a scope by attribute name, once per scope and analysis. */
function selfAssignmentsIn(ctx: AstContext, scope: Node): Map<string, { right: Node }[]> {
  return cachedPerAnalysis(ctx, `self-assignments:${scope.id}`, () => {
    const byName = new Map<string, { right: Node }[]>();
    for (const assignment of descendantsIn(ctx, scope, 'assignment')) {
      const left = assignment.childForFieldName('left');
      if (left?.type !== 'attribute' || left.childForFieldName('object')?.text !== 'self') continue;
      const right = assignment.childForFieldName('right');
      const name = left.childForFieldName('attribute')?.text;
      if (!right || right.type !== 'identifier' || name === undefined) continue;
      const list = byName.get(name);
      if (list) list.push({ right });
      else byName.set(name, [{ right }]);
    }
    return byName;
  });
}

/**
 * The `parser.add_argument(...)` call that declares the command-line option read as `args.<name>`
 * (`"--trust-remote-code"`, `"--trust_remote_code"` or `dest="trust_remote_code"`), searched where the
 * incremental analysis reaches it by name (see `reachableScopes`).
 */
export function argparseDeclaration(ctx: AstContext, attribute: Node): Node | undefined {
  const name = attribute.childForFieldName('attribute')?.text;
  if (!name) return undefined;
  for (const scope of reachableScopes(ctx, attribute)) {
    const found = addArgumentCall(ctx, scope, name);
    if (found) return found;
  }
  return undefined;
}

function addArgumentCall(ctx: AstContext, scope: Node, name: string): Node | undefined {
  const dashed = name.replace(/_/g, '-');
  const python = ctx.python();
  for (const call of addArgumentCallsIn(ctx, scope)) {
    const dest = python.argument(call, undefined, 'dest');
    const destName = dest ? python.literalValue(dest) : undefined;
    if (destName?.kind === 'string' ? destName.value === name : optionFlags(ctx, call).some((f) => f.replace(/^-+/, '') === name || f.replace(/^-+/, '') === dashed)) return call;
  }
  return undefined;
}

/** The option strings of an `add_argument` call (`"-t"`, `"--trust-remote-code"`). */
function optionFlags(ctx: AstContext, call: Node): string[] {
  return (call.childForFieldName('arguments')?.namedChildren ?? [])
    .filter((a): a is Node => !!a && a.type === 'string')
    .map((a) => ctx.python().literalValue(a))
    .map((v) => (v?.kind === 'string' ? v.value : ''));
}

/** The default of an argparse option: `default=...`, or what `action="store_true"` / `"store_false"` implies. */
function argparseDefault(ctx: AstContext, attribute: Node): Forwarded | undefined {
  const call = argparseDeclaration(ctx, attribute);
  if (!call) return undefined;
  const python = ctx.python();
  const flags = optionFlags(ctx, call);
  const source = `the \`${flags.find((f) => f.startsWith('--')) ?? flags[0] ?? attribute.text}\` command-line argument`;
  const explicit = python.argument(call, undefined, 'default');
  if (explicit) return { source, value: explicit };
  const action = python.argument(call, undefined, 'action');
  const actionName = action ? python.literalValue(action) : undefined;
  // `store_false` stores True unless the flag is given; every other action defaults to None.
  return { source, value: undefined, impliedTruth: actionName?.kind === 'string' && actionName.value === 'store_false' };
}

/**
 * A class-level field `name: bool = <default>`, also `field(default=...)`, `Field(default=...)`,
 * `Field(<default>)` (pydantic) and `attr.ib(default=...)`.
 */
function fieldDefault(ctx: AstContext, scope: Node, name: string): Forwarded | undefined {
  for (const cls of [scope, ...descendantsIn(ctx, scope, 'class_definition')]) {
    if (cls.type !== 'class_definition') continue;
    const body = cls.childForFieldName('body');
    for (const statement of body?.namedChildren ?? []) {
      const assignment = statement?.type === 'expression_statement' ? statement.namedChild(0) : undefined;
      if (assignment?.type !== 'assignment' || assignment.childForFieldName('left')?.text !== name) continue;
      const source = `the \`${cls.childForFieldName('name')?.text ?? 'settings'}.${name}\` field`;
      const right = assignment.childForFieldName('right');
      return { source, value: right ? fieldFactoryDefault(right) : undefined };
    }
  }
  return undefined;
}

/** `field(default=True)` → `True`; `Field(True, ...)` → `True`; any other expression is the default itself. */
function fieldFactoryDefault(right: Node): Node | undefined {
  const node = unparenthesize(right);
  if (node.type !== 'call') return node;
  const callee = node.childForFieldName('function');
  const calleeName = callee?.type === 'attribute' ? callee.childForFieldName('attribute')?.text : callee?.text;
  if (!calleeName || !['field', 'Field', 'ib', 'attrib', 'Option'].includes(calleeName)) return node;
  const args = node.childForFieldName('arguments')?.namedChildren ?? [];
  for (const arg of args) {
    if (arg?.type === 'keyword_argument' && arg.childForFieldName('name')?.text === 'default') return arg.childForFieldName('value') ?? undefined;
  }
  const first = args[0];
  // pydantic's `Field(True, description=...)`; `field(default_factory=...)` and a bare `field()` have no literal default.
  return calleeName === 'Field' && first && first.type !== 'keyword_argument' ? first : undefined;
}

/** `self.name = param` in a method whose parameter `param` has a default. */
function initAssignmentDefault(ctx: AstContext, scope: Node, name: string): Forwarded | undefined {
  for (const { right } of selfAssignmentsIn(ctx, scope).get(name) ?? []) {
    const declared = parameterDeclaration(right);
    if (declared) return declared;
  }
  return undefined;
}
