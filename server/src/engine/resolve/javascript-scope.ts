/**
 * Builds a `JsScope` for one parsed JS/TS file: module bindings from `import`, `require` and literal
 * dynamic `import()`, with destructuring and aliases, and local declarations that shadow them.
 */
import type { Node } from 'web-tree-sitter';
import type { JsScope } from './javascript';
import { unparenthesize } from './walk';
import { ANALYSIS_LIMITS, cycleGuard, type LimitReached } from '../analysis-limits';

const SCOPE_TYPES = new Set(['program', 'function_declaration', 'function_expression', 'arrow_function', 'method_definition', 'generator_function_declaration', 'generator_function', 'statement_block', 'class_body']);
const GLOBAL_OBJECTS = new Set(['globalThis', 'window', 'global', 'self']);
/** Nodes that open a scope or bind a name: the only ones the scope builder visits. */
const BINDING_SITES = [...SCOPE_TYPES, 'import_statement', 'variable_declarator', 'function_declaration', 'generator_function_declaration', 'class_declaration', 'catch_clause'];

type Binding =
  | { kind: 'module'; qualified: string; at: number }
  | { kind: 'local'; value: Node | null; constant: boolean; at: number };

/**
 * A scope known by its source range. Parents are recorded during the one walk, because
 * `Node.parent` in web-tree-sitter 0.25 searches down from the root and chains of it are quadratic.
 */
interface ScopeRecord {
  id: number;
  start: number;
  end: number;
  /** A `statement_block`: `var` and function declarations skip it. */
  block: boolean;
  parent: ScopeRecord | undefined;
  bindings: Map<string, Binding[]>;
}

export function buildJsScope(root: Node, limitReached: LimitReached = () => undefined): JsScope {
  const rootScope: ScopeRecord = { id: root.id, start: root.startIndex, end: root.endIndex, block: false, parent: undefined, bindings: new Map() };
  const records = new Map<number, ScopeRecord>([[root.id, rootScope]]);
  /** Scopes in document order (by start), for position lookups. */
  const ordered: ScopeRecord[] = [rootScope];
  /** The scopes enclosing the node being visited, innermost last. */
  const stack: ScopeRecord[] = [rootScope];
  const recordOf = (node: Node): ScopeRecord => {
    let record = records.get(node.id);
    if (!record) records.set(node.id, (record = { id: node.id, start: node.startIndex, end: node.endIndex, block: node.type === 'statement_block', parent: undefined, bindings: new Map() }));
    return record;
  };
  const functionScopeIn = (from: ScopeRecord): ScopeRecord => {
    let current: ScopeRecord | undefined = from;
    while (current && current.block) current = current.parent;
    return current ?? rootScope;
  };
  const bind = (scope: ScopeRecord | Node, name: string, binding: Binding): void => {
    const record = 'bindings' in scope ? scope : recordOf(scope);
    const list = record.bindings.get(name);
    if (list) list.push(binding);
    else record.bindings.set(name, [binding]);
  };
  /** The innermost scope whose range contains [start, end). */
  const scopeAt = (start: number, end: number): ScopeRecord => {
    let lo = 0;
    let hi = ordered.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (ordered[mid].start <= start) lo = mid;
      else hi = mid - 1;
    }
    let current: ScopeRecord | undefined = ordered[lo];
    while (current && !(current.start <= start && current.end >= end)) current = current.parent;
    return current ?? rootScope;
  };

  // Declared before the walk: `require` detection during the walk asks whether `require` is shadowed.
  const lookup = (identifier: Node): { binding: Binding; all: Binding[] } | undefined => {
    const name = identifier.text;
    for (let scope: ScopeRecord | undefined = scopeAt(identifier.startIndex, identifier.endIndex); scope; scope = scope.parent) {
      const list = scope.bindings.get(name);
      if (list && list.length > 0) {
        let chosen: Binding | undefined;
        for (const b of list) if (b.at <= identifier.startIndex) chosen = b;
        return { binding: chosen ?? list[0], all: list };
      }
    }
    return undefined;
  };

  // tree-sitter's native traversal finds the binding sites (in document order) far faster than a walk in
  // JavaScript that materialises every node; the scope stack works from positions.
  for (const found of root.descendantsOfType(BINDING_SITES)) {
    if (!found) continue;
    visitBindingSite(found);
  }

  function visitBindingSite(node: Node): void {
    while (stack.length > 1 && node.startIndex >= stack[stack.length - 1].end) stack.pop();
    const enclosing = stack[stack.length - 1];
    const scopeOf = (_node: Node): ScopeRecord => enclosing;
    const functionScopeOf = (_node: Node): ScopeRecord => functionScopeIn(enclosing);
    if (node.id !== root.id && SCOPE_TYPES.has(node.type)) {
      const record = recordOf(node);
      record.parent = enclosing;
      ordered.push(record);
      stack.push(record);
    }
    switch (node.type) {
      case 'import_statement': {
        // `import x = require('x')` keeps its source inside the require clause.
        const source = node.childForFieldName('source') ?? node.namedChildren.find((c) => c?.type === 'import_require_clause')?.childForFieldName('source');
        const module = source ? normaliseModule(stringText(source)) : undefined;
        if (!module) return;
        const clause = node.namedChildren.find((c) => c?.type === 'import_clause');
        if (clause) collectImportClause(clause, module, (name, qualified) => bind(rootScope, name, { kind: 'module', qualified, at: node.startIndex }));
        // TypeScript `import x = require('x')`.
        const requireClause = node.namedChildren.find((c) => c?.type === 'import_require_clause');
        const id = requireClause?.namedChild(0);
        if (id?.type === 'identifier') bind(rootScope, id.text, { kind: 'module', qualified: module, at: node.startIndex });
        return;
      }
      case 'variable_declarator': {
        const name = node.childForFieldName('name');
        const value = node.childForFieldName('value');
        const declaration = node.parent;
        const constant = declaration?.type === 'lexical_declaration' && declaration.child(0)?.type === 'const';
        const target = declaration?.type === 'variable_declaration' ? functionScopeOf(node) : scopeOf(node);
        if (!name) return;
        const module = value ? moduleOfExpression(value) : undefined;
        if (name.type === 'identifier') {
          if (module) bind(target, name.text, { kind: 'module', qualified: module, at: node.startIndex });
          else bind(target, name.text, { kind: 'local', value, constant, at: node.startIndex });
        } else if (name.type === 'object_pattern') {
          collectObjectPattern(name, (local, key) =>
            bind(target, local, module ? { kind: 'module', qualified: `${module}.${key}`, at: node.startIndex } : { kind: 'local', value: null, constant: false, at: node.startIndex }),
          );
        } else {
          for (const id of name.descendantsOfType('identifier')) if (id) bind(target, id.text, { kind: 'local', value: null, constant: false, at: node.startIndex });
        }
        return;
      }
      case 'function_declaration':
      case 'generator_function_declaration':
      case 'class_declaration': {
        const name = node.childForFieldName('name');
        if (name) bind(functionScopeOf(node), name.text, { kind: 'local', value: null, constant: false, at: node.startIndex });
        collectParams(node, (n) => bind(node, n, { kind: 'local', value: null, constant: false, at: node.startIndex }));
        return;
      }
      case 'function_expression':
      case 'arrow_function':
      case 'method_definition':
      case 'generator_function':
        collectParams(node, (n) => bind(node, n, { kind: 'local', value: null, constant: false, at: node.startIndex }));
        return;
      case 'catch_clause': {
        const param = node.childForFieldName('parameter');
        const body = node.childForFieldName('body');
        if (param && body) for (const id of identifiersIn(param)) bind(body, id, { kind: 'local', value: null, constant: false, at: node.startIndex });
        return;
      }
      default:
        return;
    }
  }

  // A name bound to itself through others (`a = b`, `b = a`) is a cycle, not a chain that reached its limit.
  const follow = cycleGuard();

  const qualifiedName = (input: Node, depth = 0): string | undefined => {
    if (depth > ANALYSIS_LIMITS['alias-chain'].depth) {
      if (follow.following()) limitReached('alias-chain');
      return undefined;
    }
    const node = unwrapExpression(input);
    switch (node.type) {
      // `{ shell }` in an object literal reads the variable `shell`.
      case 'shorthand_property_identifier':
      case 'identifier': {
        const found = lookup(node);
        if (!found) return GLOBAL_OBJECTS.has(node.text) ? 'global' : `global.${node.text}`;
        if (found.binding.kind === 'module') return found.binding.qualified;
        const value = found.binding.value;
        // `const run = cp.exec` or `const run = util.promisify(cp.exec)` keep the sink.
        if (value && found.all.length === 1 && found.binding.constant) {
          const inner = unwrapExpression(value);
          if (inner.type === 'member_expression' || inner.type === 'identifier') return follow(inner, () => qualifiedName(inner, depth + 1));
          if (inner.type === 'call_expression') {
            const fn = inner.childForFieldName('function');
            const q = fn ? qualifiedName(fn, depth + 1) : undefined;
            const arg = inner.childForFieldName('arguments')?.namedChild(0);
            if ((q === 'util.promisify' || q === 'node:util.promisify') && arg) return qualifiedName(arg, depth + 1);
          }
        }
        return undefined;
      }
      case 'member_expression': {
        const object = node.childForFieldName('object');
        const property = node.childForFieldName('property');
        if (!object || !property) return undefined;
        const base = qualifiedName(object, depth + 1);
        if (!base) return undefined;
        return `${base}.${property.text}`;
      }
      case 'subscript_expression': {
        const object = node.childForFieldName('object');
        const index = node.childForFieldName('index');
        if (!object || !index || (index.type !== 'string' && index.type !== 'template_string')) return undefined;
        const base = qualifiedName(object, depth + 1);
        return base ? `${base}.${stringText(index)}` : undefined;
      }
      case 'call_expression':
      case 'await_expression': {
        const module = moduleOfExpression(node);
        return module;
      }
      default:
        return undefined;
    }
  };

  const literalValue = (input: Node, depth = 0): string | number | boolean | null | undefined => {
    if (depth > ANALYSIS_LIMITS['constant-chain'].depth) {
      if (follow.following()) limitReached('constant-chain');
      return undefined;
    }
    const node = unwrapExpression(input);
    switch (node.type) {
      case 'string':
        return stringText(node);
      case 'template_string': {
        if (!node.namedChildren.some((c) => c?.type === 'template_substitution')) return stringText(node);
        // A template whose every substitution is itself a constant (`${DIR}/x`, `${PORT}`) is a constant too.
        let value = '';
        for (const child of node.namedChildren) {
          if (!child) continue;
          if (child.type !== 'template_substitution') {
            value += child.text;
            continue;
          }
          const inner = child.namedChild(0);
          const part = inner ? literalValue(inner, depth + 1) : undefined;
          if (part === undefined) return undefined;
          value += String(part);
        }
        return value;
      }
      case 'number':
        return Number(node.text.replace(/_/g, ''));
      case 'true':
        return true;
      case 'false':
        return false;
      case 'null':
        return null;
      case 'shorthand_property_identifier':
      case 'identifier': {
        if (node.text === 'undefined') return null;
        const found = lookup(node);
        if (found && found.binding.kind === 'local' && found.binding.constant && found.binding.value && found.all.length === 1) {
          const value = found.binding.value;
          return follow(value, () => literalValue(value, depth + 1));
        }
        return undefined;
      }
      case 'binary_expression': {
        const op = node.childForFieldName('operator')?.text;
        const left = node.childForFieldName('left');
        const right = node.childForFieldName('right');
        if (op !== '+' || !left || !right) return undefined;
        const l = literalValue(left, depth + 1);
        const r = literalValue(right, depth + 1);
        return typeof l === 'string' && typeof r === 'string' ? l + r : undefined;
      }
      default:
        return undefined;
    }
  };

  // Several rules resolve the same callees; resolution walks scopes, so each node is resolved once.
  const resolved = new Map<number, string | undefined>();
  return {
    qualifiedName: (n) => {
      if (resolved.has(n.id)) return resolved.get(n.id);
      const q = qualifiedName(n);
      resolved.set(n.id, q);
      return q;
    },
    isStaticString: (n) => typeof literalValue(n) === 'string',
    boundValue: (n) => {
      const node = unwrapExpression(n);
      if (node.type !== 'identifier' && node.type !== 'shorthand_property_identifier') return undefined;
      const found = lookup(node);
      if (!found || found.all.length !== 1 || found.binding.kind !== 'local') return undefined;
      return found.binding.value ?? undefined;
    },
    literalValue: (n) => literalValue(n),
  };

  function moduleOfExpression(input: Node): string | undefined {
    // Awaits and member chains (`require('child_process').exec`) are unwound in a loop, not by recursion: a
    // chain can be tens of thousands of members long.
    const properties: string[] = [];
    let node = unwrapExpression(input);
    for (;;) {
      if (node.type === 'await_expression') {
        const inner = node.namedChild(0);
        if (!inner) return undefined;
        node = unwrapExpression(inner);
      } else if (node.type === 'member_expression') {
        const object = node.childForFieldName('object');
        const property = node.childForFieldName('property');
        if (!object || !property) return undefined;
        properties.push(property.text);
        node = unwrapExpression(object);
      } else break;
    }
    const base = requiredModule(node);
    return base === undefined ? undefined : [base, ...properties.reverse()].join('.');
  }

  /** The module of `require('x')` or `import('x')`. */
  function requiredModule(node: Node): string | undefined {
    if (node.type !== 'call_expression') return undefined;
    const fn = node.childForFieldName('function');
    const args = node.childForFieldName('arguments');
    const first = args?.namedChild(0);
    if (!fn || !first) return undefined;
    const isRequire = fn.type === 'identifier' && fn.text === 'require' && !lookup(fn);
    const isImport = fn.type === 'import';
    if (!isRequire && !isImport) return undefined;
    if (first.type !== 'string' && !(first.type === 'template_string' && first.namedChildCount === 0)) return undefined;
    return normaliseModule(stringText(first));
  }
}

/** Text of a string or template literal without quotes. */
export function stringText(node: Node): string {
  if (node.type === 'string') {
    let value = '';
    for (const child of node.namedChildren) if (child && (child.type === 'string_fragment' || child.type === 'escape_sequence')) value += child.text;
    return value;
  }
  if (node.type === 'template_string') return node.text.slice(1, -1);
  return node.text;
}

/** Strips wrappers that do not change the value: parentheses, TS `as`/`!`/`satisfies`. */
export function unwrapExpression(input: Node): Node {
  let node = unparenthesize(input);
  for (;;) {
    if ((node.type === 'as_expression' || node.type === 'non_null_expression' || node.type === 'satisfies_expression' || node.type === 'type_assertion') && node.namedChild(0)) {
      node = unparenthesize(node.namedChild(0) as Node);
      continue;
    }
    return node;
  }
}

function normaliseModule(name: string): string {
  return name.startsWith('node:') ? name.slice(5) : name;
}

function collectImportClause(clause: Node, module: string, add: (name: string, qualified: string) => void): void {
  for (const child of clause.namedChildren) {
    if (!child) continue;
    if (child.type === 'identifier') add(child.text, module);
    else if (child.type === 'namespace_import') {
      const id = child.namedChildren.find((c) => c?.type === 'identifier');
      if (id) add(id.text, module);
    } else if (child.type === 'named_imports') {
      for (const spec of child.namedChildren) {
        if (!spec || spec.type !== 'import_specifier') continue;
        const name = spec.childForFieldName('name');
        const alias = spec.childForFieldName('alias');
        if (!name) continue;
        const imported = name.type === 'string' ? stringText(name) : name.text;
        add((alias ?? name).text, imported === 'default' ? module : `${module}.${imported}`);
      }
    }
  }
}

function collectObjectPattern(pattern: Node, add: (local: string, key: string) => void): void {
  for (const child of pattern.namedChildren) {
    if (!child) continue;
    if (child.type === 'shorthand_property_identifier_pattern') add(child.text, child.text);
    else if (child.type === 'pair_pattern') {
      const key = child.childForFieldName('key');
      const value = child.childForFieldName('value');
      if (key && value?.type === 'identifier') add(value.text, key.text);
    } else if (child.type === 'object_assignment_pattern') {
      const left = child.childForFieldName('left');
      if (left) add(left.text, left.text);
    }
  }
}

function collectParams(fn: Node, add: (name: string) => void): void {
  const params = fn.childForFieldName('parameters') ?? fn.childForFieldName('parameter');
  if (!params) return;
  for (const id of identifiersIn(params)) add(id);
}

/**
 * The names a parameter list or binding pattern declares, in source order. Type annotations and default
 * values declare nothing, so their subtrees are skipped. The walk goes down from `node` with its own stack:
 * asking each identifier for its ancestors costs a search from the root per step in tree-sitter, which on a
 * parameter list nested thousands deep (fuzz input 41/23513) took a minute.
 */
function identifiersIn(node: Node): string[] {
  const out: string[] = [];
  const stack: Node[] = [node];
  while (stack.length > 0) {
    const current = stack.pop()!;
    if (current.type === 'identifier' || current.type === 'shorthand_property_identifier_pattern') {
      out.push(current.text);
      continue;
    }
    if (current.type === 'type_annotation') continue;
    const children = current.namedChildren;
    const defaultValue = current.type === 'assignment_pattern' ? current.childForFieldName('right') : current.type === 'required_parameter' || current.type === 'optional_parameter' ? current.childForFieldName('value') : null;
    for (let i = children.length - 1; i >= 0; i--) {
      const child = children[i];
      if (child && child.id !== defaultValue?.id) stack.push(child);
    }
  }
  return out;
}
