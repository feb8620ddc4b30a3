/**
 * Builds a `PythonScope` for one parsed Python file: one pass collects every binding (imports,
 * definitions, assignments, parameters, loop and `with` targets) per scope; lookups then pick the
 * binding that is visible at the use site.
 */
import type { Node } from 'web-tree-sitter';
import type { LiteralValue, PythonScope } from './python';
import { unparenthesize, walkNamed } from './walk';

/** Builtins that rules care about; any other unbound name resolves to nothing. */
const BUILTINS = new Set([
  'eval', 'exec', 'compile', '__import__', 'open', 'getattr', 'setattr', 'input', 'breakpoint', 'globals', 'locals', 'vars', 'print',
]);

/**
 * Nodes that open a scope. A class body is a scope of its own whose names are visible only inside the
 * class body itself, never to the methods nested in it nor to the enclosing module (Python's rule), so a
 * method `def load(self)` does not shadow a module-level `from torch import load`.
 */
const SCOPE_TYPES = new Set(['function_definition', 'lambda', 'module', 'class_definition']);

type Binding =
  | { kind: 'import'; qualified: string; at: number }
  | { kind: 'local'; value: Node | null; at: number };

interface ScopeInfo {
  bindings: Map<string, Binding[]>;
}

export function buildPythonScope(root: Node): PythonScope {
  const scopes = new Map<number, ScopeInfo>();
  const scopeOf = (node: Node): Node => {
    let current: Node | null = node.parent;
    while (current && !SCOPE_TYPES.has(current.type)) current = current.parent;
    return current ?? root;
  };
  const bind = (scopeNode: Node, name: string, binding: Binding): void => {
    let info = scopes.get(scopeNode.id);
    if (!info) scopes.set(scopeNode.id, (info = { bindings: new Map() }));
    const list = info.bindings.get(name);
    if (list) list.push(binding);
    else info.bindings.set(name, [binding]);
  };

  walkNamed(root, (node) => {
    switch (node.type) {
      case 'import_statement':
        collectImport(node, (name, qualified) => bind(scopeOf(node), name, { kind: 'import', qualified, at: node.startIndex }));
        return false;
      case 'import_from_statement':
        collectFromImport(node, (name, qualified) =>
          bind(scopeOf(node), name, qualified === undefined ? { kind: 'local', value: null, at: node.startIndex } : { kind: 'import', qualified, at: node.startIndex }),
        );
        return false;
      case 'function_definition':
      case 'class_definition': {
        const name = node.childForFieldName('name');
        if (name) bind(scopeOf(node), name.text, { kind: 'local', value: null, at: node.startIndex });
        if (node.type === 'function_definition') collectParameters(node, (n) => bind(node, n, { kind: 'local', value: null, at: node.startIndex }));
        return true;
      }
      case 'lambda':
        collectParameters(node, (n) => bind(node, n, { kind: 'local', value: null, at: node.startIndex }));
        return true;
      case 'assignment':
      case 'augmented_assignment': {
        const left = node.childForFieldName('left');
        const right = node.type === 'assignment' ? node.childForFieldName('right') : null;
        if (left) collectTargets(left, right, (n, v) => bind(scopeOf(node), n, { kind: 'local', value: node.type === 'assignment' ? v : null, at: node.startIndex }));
        return true;
      }
      case 'named_expression': {
        const name = node.childForFieldName('name');
        if (name) bind(scopeOf(node), name.text, { kind: 'local', value: node.childForFieldName('value'), at: node.startIndex });
        return true;
      }
      case 'for_statement':
      case 'for_in_clause': {
        const left = node.childForFieldName('left');
        if (left) collectTargets(left, null, (n) => bind(scopeOf(node), n, { kind: 'local', value: null, at: node.startIndex }));
        return true;
      }
      case 'as_pattern': {
        const alias = node.childForFieldName('alias');
        const target = alias?.namedChild(0) ?? alias;
        if (target?.type === 'identifier') bind(scopeOf(node), target.text, { kind: 'local', value: null, at: node.startIndex });
        return true;
      }
      case 'global_statement':
      case 'nonlocal_statement':
        return false;
      default:
        return true;
    }
  });

  const lookup = (identifier: Node): Binding | undefined => {
    const name = identifier.text;
    let scopeNode: Node | null = scopeOf(identifier);
    let innermost = true;
    while (scopeNode) {
      // Enclosing class bodies are skipped: only code directly in the class body sees its names.
      const list = !innermost && scopeNode.type === 'class_definition' ? undefined : scopes.get(scopeNode.id)?.bindings.get(name);
      innermost = false;
      if (list && list.length > 0) {
        let chosen: Binding | undefined;
        for (const b of list) if (b.at < identifier.startIndex) chosen = b;
        // A use before any binding in this scope (e.g. a helper defined later in the module) sees the first one.
        return chosen ?? list[0];
      }
      if (scopeNode.type === 'module') break;
      scopeNode = scopeOf(scopeNode);
    }
    return undefined;
  };

  const bindingsOf = (identifier: Node): Binding[] | undefined => {
    let scopeNode: Node | null = scopeOf(identifier);
    let innermost = true;
    while (scopeNode) {
      const list = !innermost && scopeNode.type === 'class_definition' ? undefined : scopes.get(scopeNode.id)?.bindings.get(identifier.text);
      innermost = false;
      if (list && list.length > 0) return list;
      if (scopeNode.type === 'module') break;
      scopeNode = scopeOf(scopeNode);
    }
    return undefined;
  };

  const qualifiedName = (input: Node, depth = 0): string | undefined => {
    if (depth > 20) return undefined;
    const node = unparenthesize(input);
    switch (node.type) {
      case 'identifier': {
        const binding = lookup(node);
        if (!binding) return BUILTINS.has(node.text) ? `builtins.${node.text}` : undefined;
        if (binding.kind === 'import') return binding.qualified;
        // `loads = pickle.loads` or `LOADER = yaml.SafeLoader`: an alias bound once to a resolvable name.
        const all = bindingsOf(node);
        if (binding.value && all && all.length === 1 && (binding.value.type === 'attribute' || binding.value.type === 'identifier')) {
          return qualifiedName(binding.value, depth + 1);
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
    if (depth > 20) return undefined;
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
        if (binding.value && all && all.length === 1) return literalValue(binding.value, depth + 1);
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

  const isBound = (identifier: Node): boolean => lookup(identifier) !== undefined;

  return { qualifiedName: memoisedQualifiedName, literalValue: (n) => literalValue(n), argument, hasSplat, boundValue, isBound };
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

function collectParameters(fn: Node, add: (name: string) => void): void {
  const params = fn.childForFieldName('parameters');
  if (!params) return;
  for (const p of params.namedChildren) {
    if (!p) continue;
    if (p.type === 'identifier') add(p.text);
    else {
      const id = p.childForFieldName('name') ?? p.namedChildren.find((c) => c?.type === 'identifier');
      if (id?.type === 'identifier') add(id.text);
    }
  }
}

function collectTargets(left: Node, right: Node | null, add: (name: string, value: Node | null) => void): void {
  if (left.type === 'identifier') {
    add(left.text, right);
    return;
  }
  if (left.type === 'pattern_list' || left.type === 'tuple_pattern' || left.type === 'list_pattern' || left.type === 'tuple' || left.type === 'list') {
    for (const child of left.namedChildren) if (child) collectTargets(child, null, add);
  }
}
