/**
 * Builds a `PythonScope` for one parsed Python file: one pass collects every binding (imports,
 * definitions, assignments, parameters, loop and `with` targets) per scope; lookups then pick the
 * binding that is visible at the use site.
 */
import type { Node } from 'web-tree-sitter';
import { bindingNodes, type BindingNode } from './python-binding-nodes';
import type { LiteralValue, PythonScope } from './python';
import { unparenthesize } from './walk';
import { ANALYSIS_LIMITS, cycleGuard, type LimitReached } from '../analysis-limits';

/** Builtins that rules care about; any other unbound name resolves to nothing. */
const BUILTINS = new Set([
  'eval', 'exec', 'compile', '__import__', 'open', 'getattr', 'setattr', 'input', 'breakpoint', 'globals', 'locals', 'vars', 'print', 'repr',
]);

/*
 * Scopes are the module, functions, lambdas and class bodies. A class body is a scope of its own whose
 * names are visible only inside the class body itself, never to the methods nested in it nor to the
 * enclosing module (Python's rule), so a method `def load(self)` does not shadow a module-level
 * `from torch import load`.
 */

/**
 * `fallback` marks a binding made inside an `except` clause (`except ImportError: yaml = None`, or
 * `import json as yaml`): for resolution the name stays the module the `try` imported (see `qualifiedName`).
 */
type Binding =
  | { kind: 'import'; qualified: string; at: number; fallback?: true }
  | { kind: 'local'; value: Node | null; at: number; fallback?: true };

/** The capture names of the binding patterns (`python-binding-nodes.ts`), in the order a match's outer node is looked for. */
const BINDING_KINDS = ['import', 'from', 'function', 'class', 'lambda', 'assignment', 'augmented', 'walrus', 'for', 'as', 'parameters'] as const;

/**
 * The child a binding pattern needs, read from its field: a match whose field holds no such child is dropped,
 * as the query's constraint dropped it (`type`: the child's node type; without it, any named node, as `(_)`).
 */
const FIELD_CHILDREN: Readonly<Partial<Record<(typeof BINDING_KINDS)[number], { field: string; capture: string; type?: string }>>> = {
  function: { field: 'name', capture: 'name', type: 'identifier' },
  class: { field: 'name', capture: 'name', type: 'identifier' },
  walrus: { field: 'name', capture: 'name', type: 'identifier' },
  assignment: { field: 'left', capture: 'left' },
  augmented: { field: 'left', capture: 'left' },
  for: { field: 'left', capture: 'left' },
  as: { field: 'alias', capture: 'alias', type: 'as_pattern_target' },
};

/** One binding match: its kind, its outer node, its captures, and the node where the query completed it. */
interface BindingMatch {
  kind: (typeof BINDING_KINDS)[number];
  node: Node;
  nodes: Map<string, Node>;
  completedAt: Node;
  /** `completedAt.startIndex`, read once (every read of a node's field is a call into WASM). */
  completedStart: number;
}

/** A scope as an offset range, so the scope of any position is found without walking parents in WASM. */
interface ScopeRange {
  id: number;
  type: string;
  start: number;
  end: number;
  parent: ScopeRange | undefined;
  bindings: Map<string, Binding[]>;
}

/**
 * `nodes` are the tree's binding nodes when the caller already has them (`bindingNodesAndCalls`, one walk for
 * the scope and the calls). Their walk is linear in the tree and needs no polling; the query it replaced could run
 * for seconds over a deeply nested error tree and was stopped at the time budget.
 */
export function buildPythonScope(root: Node, limitReached: LimitReached = () => undefined, nodes: readonly BindingNode[] = bindingNodes(root)): PythonScope {
  const moduleScope: ScopeRange = { id: root.id, type: 'module', start: root.startIndex, end: Math.max(root.endIndex, root.startIndex + 1), parent: undefined, bindings: new Map() };
  const byId = new Map<number, ScopeRange>([[root.id, moduleScope]]);
  const pending: { node: Node; capture: string; matchNodes: Map<string, Node> }[] = [];
  // The spans of except clauses come from the same walk: a second walk over every node of the tree
  // cost about a quarter of the scope's time. (This grammar has no `except_group_clause`;
  // `except*` parses as an `except_clause`.)
  const exceptSpans: (readonly [number, number])[] = [];
  const found: BindingMatch[] = [];
  for (const first of nodes) {
    if (first.name === 'except') {
      exceptSpans.push([first.node.startIndex, first.node.endIndex]);
      continue;
    }
    const nodes = new Map<string, Node>([[first.name, first.node]]);
    const kind = BINDING_KINDS.find((k) => nodes.has(k));
    if (!kind) continue;
    const node = nodes.get(kind) as Node;
    let completedAt = node;
    const needed = FIELD_CHILDREN[kind];
    if (needed) {
      const child = node.childForFieldName(needed.field);
      if (!child || (needed.type !== undefined ? child.type !== needed.type : !child.isNamed)) continue;
      nodes.set(needed.capture, child);
      completedAt = child;
    }
    found.push({ kind, node, nodes, completedAt, completedStart: completedAt.startIndex });
  }
  for (const { kind, node, nodes } of inCompletionOrder(found)) {
    if (kind === 'function' || kind === 'class' || kind === 'lambda') {
      byId.set(node.id, { id: node.id, type: node.type, start: node.startIndex, end: node.endIndex, parent: undefined, bindings: new Map() });
    }
    pending.push({ node, capture: kind, matchNodes: nodes });
  }
  // Scopes sorted by start: the innermost scope holding a position is the last one that starts before it and ends after it.
  const sorted = [...byId.values()].sort((a, b) => a.start - b.start || b.end - a.end);
  const scopeAt = (position: number, exclude?: number): ScopeRange => {
    let low = 0;
    let high = sorted.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if (sorted[mid].start <= position) low = mid;
      else high = mid - 1;
    }
    // Scopes nest, so the innermost one holding the position encloses the last one starting before it: walk up
    // from there (scanning back through the sorted list instead was quadratic over a class of many methods).
    for (let scope: ScopeRange | undefined = sorted[low]; scope; scope = scope.parent) {
      if (scope.id !== exclude && scope.start <= position && position < scope.end) return scope;
    }
    return moduleScope;
  };
  // Parents in one sweep in start order: the open scopes form a stack, and each scope's parent is the innermost
  // still open at its start.
  const open: ScopeRange[] = [];
  for (const scope of sorted) {
    while (open.length > 0 && open[open.length - 1].end <= scope.start) open.pop();
    if (scope !== moduleScope) scope.parent = open[open.length - 1] ?? moduleScope;
    open.push(scope);
  }

  let bindingNode: Node = root;
  // Walking up from every binding is costly on deep trees (each `parent` step searches down from the root), so
  // only bindings inside an except clause's span walk up to see whether a scope boundary lies between.
  const mayBeInsideExcept = (node: Node): boolean => exceptSpans.some(([start, end]) => start <= node.startIndex && node.endIndex <= end);
  const bind = (scope: ScopeRange, name: string, unmarked: Binding): void => {
    const binding: Binding = mayBeInsideExcept(bindingNode) && insideExceptClause(bindingNode) ? { ...unmarked, fallback: true } : unmarked;
    const list = scope.bindings.get(name);
    if (list) list.push(binding);
    else scope.bindings.set(name, [binding]);
  };
  const scopeOfNode = (node: Node): ScopeRange => scopeAt(node.startIndex);
  /** Modules imported with `from M import *`; an otherwise unbound name is taken from the only one. */
  const starModules: string[] = [];

  for (const { node, capture, matchNodes } of pending) {
    const at = node.startIndex;
    bindingNode = node;
    switch (capture) {
      case 'import':
        collectImport(node, (name, qualified) => bind(scopeOfNode(node), name, { kind: 'import', qualified, at }));
        break;
      case 'from': {
        collectFromImport(node, (name, qualified) =>
          bind(scopeOfNode(node), name, qualified === undefined ? { kind: 'local', value: null, at } : { kind: 'import', qualified, at }),
        );
        const module = node.childForFieldName('module_name');
        if (module?.type === 'dotted_name' && node.namedChildren.some((c) => c?.type === 'wildcard_import')) starModules.push(module.text);
        break;
      }
      case 'function':
      case 'class': {
        // The name binds in the enclosing scope, not in the definition's own.
        const name = matchNodes.get('name');
        if (name) bind(scopeAt(node.startIndex, node.id), name.text, { kind: 'local', value: null, at });
        break;
      }
      case 'parameters': {
        const owner = node.parent;
        const scope = owner ? byId.get(owner.id) : undefined;
        if (scope) collectParameterList(node, (n) => bind(scope, n, { kind: 'local', value: null, at: owner?.startIndex ?? at }));
        break;
      }
      case 'assignment':
      case 'augmented': {
        const left = matchNodes.get('left');
        const right = capture === 'assignment' ? node.childForFieldName('right') : null;
        if (left) collectTargets(left, right, (n, v) => bind(scopeOfNode(node), n, { kind: 'local', value: capture === 'assignment' ? v : null, at }));
        break;
      }
      case 'walrus': {
        const name = matchNodes.get('name');
        if (name) bind(scopeOfNode(node), name.text, { kind: 'local', value: node.childForFieldName('value'), at });
        break;
      }
      case 'for': {
        const left = matchNodes.get('left');
        if (left) collectTargets(left, null, (n) => bind(scopeOfNode(node), n, { kind: 'local', value: null, at }));
        break;
      }
      case 'as': {
        const alias = matchNodes.get('alias');
        const target = alias?.namedChild(0) ?? alias;
        if (target?.type === 'identifier') bind(scopeOfNode(node), target.text, { kind: 'local', value: null, at });
        break;
      }
    }
  }

  /** The bindings of a name visible from a position: innermost scope first, enclosing class bodies skipped. */
  const visibleBindings = (name: string, position: number): Binding[] | undefined => {
    let scope: ScopeRange | undefined = scopeAt(position);
    let innermost = true;
    while (scope) {
      const list = !innermost && scope.type === 'class_definition' ? undefined : scope.bindings.get(name);
      innermost = false;
      if (list && list.length > 0) return list;
      scope = scope.parent;
    }
    return undefined;
  };

  const lookup = (identifier: Node): Binding | undefined => {
    const position = identifier.startIndex;
    const list = visibleBindings(identifier.text, position);
    if (!list) return undefined;
    let chosen: Binding | undefined;
    for (const b of list) if (b.at < position) chosen = b;
    // A use before any binding in this scope (e.g. a helper defined later in the module) sees the first one.
    return chosen ?? list[0];
  };

  const bindingsOf = (identifier: Node): Binding[] | undefined => visibleBindings(identifier.text, identifier.startIndex);

  // A name bound to itself through others (`a = b`, `b = a`) is a cycle, not a chain that reached its limit.
  const follow = cycleGuard();

  const qualifiedName = (input: Node, depth = 0): string | undefined => {
    if (depth > ANALYSIS_LIMITS['alias-chain'].depth) {
      if (follow.following()) limitReached('alias-chain');
      return undefined;
    }
    const node = unparenthesize(input);
    switch (node.type) {
      case 'identifier': {
        const binding = lookup(node);
        if (!binding) {
          if (BUILTINS.has(node.text)) return `builtins.${node.text}`;
          // `from os import *` then `system(cmd)`: with a single star import the name can only come from it.
          return starModules.length === 1 ? `${starModules[0]}.${node.text}` : undefined;
        }
        // `try: import yaml` / `except ImportError: yaml = None`: a name bound to a module on one path stays
        // that module, so the sinks reached through it are still resolved.
        if (binding.fallback) {
          const primary = bindingsOf(node)?.find((b) => b.kind === 'import' && !b.fallback);
          if (primary?.kind === 'import') return primary.qualified;
        }
        if (binding.kind === 'import') return binding.qualified;
        // `loads = pickle.loads` or `LOADER = yaml.SafeLoader`: an alias bound once to a resolvable name.
        const all = bindingsOf(node);
        if (binding.value && all && all.length === 1 && (binding.value.type === 'attribute' || binding.value.type === 'identifier')) {
          const value = binding.value;
          return follow(value, () => qualifiedName(value, depth + 1));
        }
        return undefined;
      }
      case 'attribute': {
        const object = node.childForFieldName('object');
        const attr = node.childForFieldName('attribute');
        if (!object || !attr) return undefined;
        const base = qualifiedName(object, depth + 1);
        return base ? `${base}.${attr.text}` : undefined;
      }
      case 'call': {
        // `__import__("os")`, `importlib.import_module("os")` and `getattr(os, "system")`.
        const fn = node.childForFieldName('function');
        const args = node.childForFieldName('arguments');
        if (!fn || !args) return undefined;
        const callee = qualifiedName(fn, depth + 1);
        const first = args.namedChild(0);
        if ((callee === 'builtins.__import__' || callee === 'importlib.import_module') && first) {
          const lit = literalValue(first);
          return lit?.kind === 'string' ? lit.value : undefined;
        }
        if (callee === 'builtins.getattr' && first) {
          const second = args.namedChild(1);
          const attrName = second ? literalValue(second) : undefined;
          const base = qualifiedName(first, depth + 1);
          return base && attrName?.kind === 'string' ? `${base}.${attrName.value}` : undefined;
        }
        return undefined;
      }
      default:
        return undefined;
    }
  };

  const literalValue = (input: Node, depth = 0): LiteralValue | undefined => {
    if (depth > ANALYSIS_LIMITS['constant-chain'].depth) {
      if (follow.following()) limitReached('constant-chain');
      return undefined;
    }
    const node = unparenthesize(input);
    switch (node.type) {
      case 'string': {
        if (node.descendantsOfType('interpolation').length > 0) return undefined;
        return { kind: 'string', value: stringContent(node) };
      }
      case 'concatenated_string': {
        let value = '';
        for (const part of node.namedChildren) {
          if (!part || part.type !== 'string' || part.descendantsOfType('interpolation').length > 0) return undefined;
          value += stringContent(part);
        }
        return { kind: 'string', value };
      }
      case 'integer':
      case 'float': {
        const n = Number(node.text.replace(/_/g, ''));
        return Number.isNaN(n) ? undefined : { kind: 'number', value: n };
      }
      case 'true':
        return { kind: 'bool', value: true };
      case 'false':
        return { kind: 'bool', value: false };
      case 'none':
        return { kind: 'none' };
      case 'list':
      case 'tuple':
      case 'set':
      case 'dictionary':
        return { kind: 'collection', empty: node.namedChildCount === 0 };
      case 'attribute':
      case 'call': {
        // A call only has a static value when it is `getattr(module, "name")` (or a literal import).
        const q = qualifiedName(node);
        return q ? { kind: 'name', value: q } : undefined;
      }
      case 'identifier': {
        const binding = lookup(node);
        if (!binding) {
          const q = qualifiedName(node);
          return q ? { kind: 'name', value: q } : undefined;
        }
        if (binding.kind === 'import') return { kind: 'name', value: binding.qualified };
        const all = bindingsOf(node);
        const value = binding.value;
        if (value && all && all.length === 1) return follow(value, () => literalValue(value, depth + 1));
        return undefined;
      }
      default:
        return undefined;
    }
  };

  const argument = (call: Node, position: number | undefined, keyword: string | undefined): Node | undefined => {
    const args = call.childForFieldName('arguments');
    if (!args) return undefined;
    let index = 0;
    for (const child of args.namedChildren) {
      if (!child) continue;
      if (child.type === 'keyword_argument') {
        const name = child.childForFieldName('name');
        if (keyword !== undefined && name?.text === keyword) return child.childForFieldName('value') ?? undefined;
        continue;
      }
      if (child.type === 'list_splat' || child.type === 'dictionary_splat' || child.type === 'comment') continue;
      if (position !== undefined && index === position) return child;
      index++;
    }
    return undefined;
  };

  const hasSplat = (call: Node): boolean => {
    const args = call.childForFieldName('arguments');
    return !!args?.namedChildren.some((c) => c?.type === 'list_splat' || c?.type === 'dictionary_splat');
  };

  // Several rules resolve the same callees; memoising by node id makes that one resolution per node.
  const qualifiedMemo = new Map<number, string | undefined>();
  const memoisedQualifiedName = (n: Node): string | undefined => {
    if (qualifiedMemo.has(n.id)) return qualifiedMemo.get(n.id);
    const q = qualifiedName(n);
    qualifiedMemo.set(n.id, q);
    return q;
  };

  const boundValue = (input: Node): Node | undefined => {
    const node = unparenthesize(input);
    if (node.type !== 'identifier') return undefined;
    const all = bindingsOf(node);
    if (!all || all.length !== 1) return undefined;
    const only = all[0];
    return only.kind === 'local' && only.value ? only.value : undefined;
  };

  const boundValues = (input: Node): Node[] | undefined => {
    const node = unparenthesize(input);
    const all = node.type === 'identifier' ? bindingsOf(node) : undefined;
    if (!all || all.length === 0) return undefined;
    const values: Node[] = [];
    for (const binding of all) {
      if (binding.kind !== 'local' || !binding.value) return undefined;
      values.push(binding.value);
    }
    return values;
  };

  const isBound = (identifier: Node): boolean => lookup(identifier) !== undefined;

  return { qualifiedName: memoisedQualifiedName, literalValue: (n) => literalValue(n), argument, hasSplat, boundValue, boundValues, isBound };
}

/** The text of a string literal without prefix and quotes (escape sequences are left as written). */
export function stringContent(node: Node): string {
  let value = '';
  for (const child of node.namedChildren) if (child?.type === 'string_content') value += child.text;
  return value;
}

function collectImport(node: Node, add: (name: string, qualified: string) => void): void {
  for (const child of node.namedChildren) {
    if (!child) continue;
    if (child.type === 'dotted_name') {
      // `import a.b.c` binds `a`.
      const first = child.namedChild(0)?.text ?? child.text;
      add(first, first);
    } else if (child.type === 'aliased_import') {
      const name = child.childForFieldName('name');
      const alias = child.childForFieldName('alias');
      if (name && alias) add(alias.text, name.text);
    }
  }
}

function collectFromImport(node: Node, add: (name: string, qualified: string | undefined) => void): void {
  const moduleNode = node.childForFieldName('module_name');
  if (!moduleNode) return;
  // Relative imports name first-party code: they bind local names that shadow, nothing more.
  const module = moduleNode.type === 'relative_import' ? undefined : moduleNode.text;
  for (const child of node.childrenForFieldName('name')) {
    if (!child) continue;
    if (child.type === 'dotted_name') add(child.text, module ? `${module}.${child.text}` : undefined);
    else if (child.type === 'aliased_import') {
      const name = child.childForFieldName('name');
      const alias = child.childForFieldName('alias');
      if (name && alias) add(alias.text, module ? `${module}.${name.text}` : undefined);
    }
  }
}

function collectParameterList(params: Node, add: (name: string) => void): void {
  for (const p of params.namedChildren) {
    if (!p) continue;
    if (p.type === 'identifier') add(p.text);
    else {
      const id = p.childForFieldName('name') ?? p.namedChildren.find((c) => c?.type === 'identifier');
      if (id?.type === 'identifier') add(id.text);
    }
  }
}

const TARGET_LISTS = new Set(['pattern_list', 'tuple_pattern', 'list_pattern', 'tuple', 'list']);

/**
 * The names an assignment target binds: `right` for a lone name, no single value for the names in a (nested)
 * unpacking. An explicit stack, in source order: a target can nest tens of thousands of tuples deep.
 */
function collectTargets(left: Node, right: Node | null, add: (name: string, value: Node | null) => void): void {
  if (left.type === 'identifier') {
    add(left.text, right);
    return;
  }
  const pending: Node[] = [left];
  for (let target = pending.pop(); target; target = pending.pop()) {
    if (target.type === 'identifier') add(target.text, null);
    else if (TARGET_LISTS.has(target.type)) {
      const children = target.namedChildren;
      for (let i = children.length - 1; i >= 0; i--) {
        const child = children[i];
        if (child) pending.push(child);
      }
    }
  }
}

const SCOPE_TYPES = new Set(['function_definition', 'class_definition', 'lambda', 'module']);

/** True when a binding statement sits in an `except` clause of its scope (a fallback for a failed import). */
function insideExceptClause(node: Node): boolean {
  for (let current = node.parent; current && !SCOPE_TYPES.has(current.type); current = current.parent) {
    if (current.type === 'except_clause' || current.type === 'except_group_clause') return true;
  }
  return false;
}

/**
 * The matches in the order the query returned them when the patterns held their child constraints: a match
 * completed when the cursor reached its last captured node, in document order with an ancestor before its
 * descendants. In a tree without errors that is already the order the matches come in; in a tree with errors a
 * child can lie after nodes its parent holds, and the order decides which binding of a name comes first.
 */
function inCompletionOrder(found: BindingMatch[]): BindingMatch[] {
  const compare = (a: BindingMatch, b: BindingMatch): number => a.completedStart - b.completedStart || (a.completedStart === b.completedStart ? b.completedAt.endIndex - a.completedAt.endIndex : 0);
  let ordered = true;
  for (let i = 1; i < found.length && ordered; i++) if (compare(found[i], found[i - 1]) < 0) ordered = false;
  if (ordered) return found;
  return found
    .map((match, index) => ({ match, index }))
    .sort((a, b) => compare(a.match, b.match) || a.index - b.index)
    .map(({ match }) => match);
}
