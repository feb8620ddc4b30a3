/**
 * The names a file imports from other modules, as the cross-file taint analysis needs them: local name →
 * module as written (`.helpers`, `pkg.llm`, `./helpers`) and the imported name (none for a module alias).
 * The host resolves the module to a project file (`ProjectFacts.taintSummary`); standard-library and
 * third-party modules simply have no summary.
 */
import type { Node } from 'web-tree-sitter';
import type { AstContext } from '../../../engine/rule';

export interface ImportedName {
  module: string;
  /** The imported name; undefined when the local name is the module itself (`import pkg.llm as llm`). */
  name?: string;
}

/**
 * Module-level imports (Python `import`/`from ... import`; JS/TS relative `import` and `require`). With `bare`,
 * JS/TS imports from bare specifiers (`@utils/git`, a `tsconfig.json` path alias the host may resolve) are kept
 * too; `node:` built-ins never are.
 */
export function projectImports(ctx: AstContext, options: { bare?: boolean } = {}): Map<string, ImportedName> {
  const out = new Map<string, ImportedName>();
  if (ctx.language === 'python') {
    for (const node of ctx.root.descendantsOfType(['import_statement', 'import_from_statement'])) if (node) addPythonImport(node, out);
  } else {
    const wanted = (module: string): boolean => module.startsWith('.') || (options.bare === true && !module.startsWith('node:'));
    for (const node of ctx.root.descendantsOfType(['import_statement', 'variable_declarator'])) if (node) addJsImport(node, out, wanted);
  }
  return out;
}

/** `pkg` + `helpers` → `pkg.helpers`; `.` + `helpers` → `.helpers`; `./llm` + `x` is not a module path in JS. */
export function submodule(module: string, name: string): string {
  return module.endsWith('.') ? `${module}${name}` : `${module}.${name}`;
}

function addPythonImport(node: Node, out: Map<string, ImportedName>): void {
  if (node.type === 'import_statement') {
    for (const child of node.childrenForFieldName('name')) {
      if (child?.type === 'dotted_name') {
        // `import a.b` binds `a`; `a.b.f()` is resolved from the callee's dotted text.
        const first = child.namedChild(0)?.text ?? child.text;
        out.set(first, { module: first });
      } else if (child?.type === 'aliased_import') {
        const name = child.childForFieldName('name');
        const alias = child.childForFieldName('alias');
        if (name && alias) out.set(alias.text, { module: name.text });
      }
    }
    return;
  }
  const module = node.childForFieldName('module_name')?.text.replace(/\s+/g, '');
  if (!module) return;
  for (const child of node.childrenForFieldName('name')) {
    if (child?.type === 'dotted_name') out.set(child.text, { module, name: child.text });
    else if (child?.type === 'aliased_import') {
      const name = child.childForFieldName('name');
      const alias = child.childForFieldName('alias');
      if (name && alias) out.set(alias.text, { module, name: name.text });
    }
  }
}

function addJsImport(node: Node, out: Map<string, ImportedName>, wanted: (module: string) => boolean): void {
  if (node.type === 'variable_declarator') {
    // `const { ask } = require('./llm')`, `const llm = require('./llm')`.
    const value = node.childForFieldName('value');
    const fn = value?.type === 'call_expression' ? value.childForFieldName('function') : undefined;
    const arg = value?.childForFieldName('arguments')?.namedChild(0);
    const module = fn?.text === 'require' && arg?.type === 'string' ? stringText(arg) : undefined;
    const target = node.childForFieldName('name');
    if (!module || !target || !wanted(module)) return;
    if (target.type === 'identifier') out.set(target.text, { module });
    else if (target.type === 'object_pattern') addObjectPattern(target, module, out);
    return;
  }
  const source = node.childForFieldName('source');
  const module = source ? stringText(source) : undefined;
  if (!module || !wanted(module)) return;
  const clause = node.namedChildren.find((c) => c?.type === 'import_clause');
  for (const part of clause?.namedChildren ?? []) {
    if (!part) continue;
    if (part.type === 'identifier') out.set(part.text, { module, name: 'default' });
    else if (part.type === 'namespace_import') {
      const alias = part.namedChildren.find((c) => c?.type === 'identifier');
      if (alias) out.set(alias.text, { module });
    } else if (part.type === 'named_imports') {
      for (const spec of part.namedChildren) {
        if (spec?.type !== 'import_specifier') continue;
        const name = spec.childForFieldName('name');
        const alias = spec.childForFieldName('alias');
        if (name) out.set((alias ?? name).text, { module, name: name.text });
      }
    }
  }
}

function addObjectPattern(pattern: Node, module: string, out: Map<string, ImportedName>): void {
  for (const prop of pattern.namedChildren) {
    if (prop?.type === 'shorthand_property_identifier_pattern') out.set(prop.text, { module, name: prop.text });
    else if (prop?.type === 'pair_pattern') {
      const key = prop.childForFieldName('key');
      const value = prop.childForFieldName('value');
      if (key && value?.type === 'identifier') out.set(value.text, { module, name: key.text });
    }
  }
}

function stringText(node: Node): string | undefined {
  const fragment = node.namedChildren.find((c) => c?.type === 'string_fragment');
  return fragment?.text ?? (node.text.length >= 2 ? node.text.slice(1, -1) : undefined);
}
