/**
 * The caller side of cross-file command origins (`ProjectFacts.callerOrigins`): in one file of the project, every
 * use of a function imported from another project module under a given name, and for each call the origin of
 * every argument graded where it is written (`python-command-origin.ts`, `js-command-evidence.ts`). The host runs
 * this through `Engine.inspect` over the files that mention the name and keeps the uses whose module resolves to
 * the file defining the function; a use that is not a call (a callback, a re-export, an import never called) makes
 * the answer unknown, since the values it will be called with are not seen.
 */
import type { Node } from 'web-tree-sitter';
import type { AstContext } from '../../engine/rule';
import type { ValueOrigin } from '../../engine/ports';
import { ancestorsUpward, unparenthesize } from '../../engine/resolve/walk';
import { pythonCommandOrigin } from './python-command-origin';
import { jsCommandOrigin } from './js-command-evidence';
import { projectImports, submodule, type ImportedName } from './taint/project-imports';

/** One call of the imported function, with the origin of each argument it passes. */
export interface ImportedCall {
  /** 1-based line of the call. */
  line: number;
  positional: ValueOrigin[];
  /** Python keyword arguments by name. */
  keywords: Record<string, ValueOrigin>;
  /** The call passes `*args`, `**kwargs` or a spread, so any parameter may be filled by it. */
  splat: boolean;
}

/** A use of a name imported from a project module: a call, or (no `call`) any other use. */
export interface ImportedUse {
  /** The module as written, then other readings of it (`from pkg import utils` + `utils.f` → `pkg.utils`). */
  modules: string[];
  call?: ImportedCall;
  /**
   * A JS/TS import of the name from a bare specifier (`import { gitShow } from "@utils/git"`): a path alias of the
   * bundler or `tsconfig.json`, or a workspace package, which the host cannot resolve; it may be the defining file.
   */
  bare?: boolean;
}

export interface CallerFileSummary {
  uses: ImportedUse[];
  /** Modules imported or re-exported with `*` (their names are used unseen). */
  starModules: string[];
}

/** The uses in this file of functions named `name` imported from project modules (see the file comment). */
export function importedCallsOf(ctx: AstContext, name: string): CallerFileSummary {
  // Bare specifiers too: the host resolves a `tsconfig.json` path alias (`@utils/git`) to the defining file.
  const imports = projectImports(ctx, { bare: ctx.language !== 'python' });
  const summary: CallerFileSummary = { uses: [], starModules: ctx.language === 'python' ? pythonStarModules(ctx) : [] };
  if (ctx.language !== 'python') {
    jsReexports(ctx, name, summary);
    jsBareImports(ctx, name, summary);
  }
  const direct = new Map<string, ImportedName>();
  const modules = new Map<string, ImportedName>();
  for (const [local, imported] of imports) {
    if (imported.name === name) direct.set(local, imported);
    else modules.set(local, imported);
  }
  const called = new Set<string>();
  const identifierTypes = ctx.language === 'python' ? ['identifier'] : ['identifier', 'property_identifier', 'shorthand_property_identifier'];
  for (const identifier of ctx.root.descendantsOfType(identifierTypes)) {
    if (!identifier) continue;
    const use = ctx.language === 'python' ? pythonUse(ctx, identifier, name, direct, modules) : jsUse(ctx, identifier, name, direct, modules);
    if (!use) continue;
    summary.uses.push(use);
    if (use.call) called.add(use.modules[0] ?? '');
  }
  // An import that is never called (a re-export from a package's `__init__.py`, or kept for others) hands the
  // function on to code this file does not show.
  for (const imported of direct.values()) if (!summary.uses.some((u) => u.modules.includes(imported.module))) summary.uses.push({ modules: [imported.module] });
  return summary;
}

function pythonUse(ctx: AstContext, identifier: Node, name: string, direct: Map<string, ImportedName>, modules: Map<string, ImportedName>): ImportedUse | undefined {
  const parent = identifier.parent;
  if (!parent || insideImport(identifier)) return undefined;
  if (parent.type === 'keyword_argument' && parent.childForFieldName('name')?.id === identifier.id) return undefined;
  if (parent.type === 'attribute' && parent.childForFieldName('attribute')?.id === identifier.id) {
    if (identifier.text !== name) return undefined;
    const owner = moduleOfChain(parent.childForFieldName('object'), modules);
    if (!owner) return undefined;
    return useAt(ctx, parent, owner);
  }
  const imported = direct.get(identifier.text);
  if (!imported || (parent.type === 'attribute' && parent.childForFieldName('object')?.id !== identifier.id)) return undefined;
  return useAt(ctx, identifier, [imported.module]);
}

function jsUse(ctx: AstContext, identifier: Node, name: string, direct: Map<string, ImportedName>, modules: Map<string, ImportedName>): ImportedUse | undefined {
  const parent = identifier.parent;
  if (!parent || insideImport(identifier)) return undefined;
  if (parent.type === 'member_expression' && parent.childForFieldName('property')?.id === identifier.id) {
    if (identifier.text !== name) return undefined;
    const object = parent.childForFieldName('object');
    const owner = object?.type === 'identifier' ? modules.get(object.text) : undefined;
    if (!owner || owner.name !== undefined) return undefined;
    return useAt(ctx, parent, [owner.module]);
  }
  if (identifier.type !== 'identifier' && identifier.type !== 'shorthand_property_identifier') return undefined;
  const imported = direct.get(identifier.text);
  if (!imported) return undefined;
  return useAt(ctx, identifier, [imported.module]);
}

/** `utils` of `from pkg import utils` (→ `pkg.utils`), `pkg.utils` of `import pkg.utils`, an alias of a module. */
function moduleOfChain(object: Node | null, modules: Map<string, ImportedName>): string[] | undefined {
  if (!object) return undefined;
  const parts = unparenthesize(object).text.split('.');
  if (!parts.every((p) => /^[A-Za-z_]\w*$/.test(p))) return undefined;
  const head = modules.get(parts[0] ?? '');
  if (!head) return undefined;
  const rest = parts.slice(1);
  const base = head.name === undefined ? head.module : submodule(head.module, head.name);
  return [rest.reduce((m, part) => submodule(m, part), base)];
}

/** A use of the function at `callee`: a call when it is the callee of one, else another use. */
function useAt(ctx: AstContext, callee: Node, modules: string[]): ImportedUse {
  const call = callee.parent;
  const isCall = (call?.type === 'call' || call?.type === 'call_expression') && call.childForFieldName('function')?.id === callee.id;
  if (!call || !isCall) return { modules };
  const args = (call.childForFieldName('arguments')?.namedChildren ?? []).filter((a): a is Node => !!a && a.type !== 'comment');
  const graded: ImportedCall = { line: call.startPosition.row + 1, positional: [], keywords: {}, splat: false };
  for (const argument of args) {
    if (['list_splat', 'dictionary_splat', 'spread_element'].includes(argument.type)) {
      graded.splat = true;
      continue;
    }
    if (argument.type === 'keyword_argument') {
      const key = argument.childForFieldName('name')?.text;
      const value = argument.childForFieldName('value');
      if (key && value) graded.keywords[key] = pythonCommandOrigin(ctx, value);
      continue;
    }
    graded.positional.push(ctx.language === 'python' ? pythonCommandOrigin(ctx, argument) : jsCommandOrigin(ctx, argument));
  }
  return { modules, call: graded };
}

function insideImport(node: Node): boolean {
  for (const current of ancestorsUpward(node)) {
    if (['import_statement', 'import_from_statement', 'future_import_statement'].includes(current.type)) return true;
    if (['call', 'call_expression', 'block', 'statement_block', 'program', 'module'].includes(current.type)) return false;
  }
  return false;
}

function pythonStarModules(ctx: AstContext): string[] {
  return ctx.root
    .descendantsOfType('import_from_statement')
    .filter((n): n is Node => !!n && n.namedChildren.some((c) => c?.type === 'wildcard_import'))
    .map((n) => n.childForFieldName('module_name')?.text.replace(/\s+/g, '') ?? '')
    .filter((m) => m !== '');
}

/**
 * `export * from './x'` (and `export * as ns from './x'`): every name of `./x` handed on; `export { name } from './x'`:
 * this one. Both are uses this file does not show.
 */
function jsReexports(ctx: AstContext, name: string, summary: CallerFileSummary): void {
  for (const statement of ctx.root.descendantsOfType('export_statement')) {
    const source = statement?.childForFieldName('source');
    if (!statement || !source) continue;
    const module = source.text.slice(1, -1);
    if (statement.children.some((c) => c?.type === '*')) summary.starModules.push(module);
    else if (statement.descendantsOfType('export_specifier').some((s) => s?.childForFieldName('name')?.text === name)) summary.uses.push({ modules: [module] });
  }
}

/** `import { name } from "@alias/module"`, `const { name } = require("pkg/module")`: imports the host cannot resolve. */
function jsBareImports(ctx: AstContext, name: string, summary: CallerFileSummary): void {
  for (const node of ctx.root.descendantsOfType(['import_statement', 'call_expression'])) {
    if (!node) continue;
    const source = node.type === 'import_statement' ? node.childForFieldName('source') : node.childForFieldName('function')?.text === 'require' || node.childForFieldName('function')?.type === 'import' ? node.childForFieldName('arguments')?.namedChild(0) : undefined;
    if (source?.type !== 'string') continue;
    const module = source.text.slice(1, -1);
    if (module.startsWith('.') || module.startsWith('node:')) continue;
    const statement = node.type === 'import_statement' ? node : node.parent?.parent;
    if (statement && new RegExp(`(?<![\\w$])${name.replace(/\$/g, '\\$')}(?![\\w$])`).test(statement.text)) summary.uses.push({ modules: [module], bare: true });
  }
}
