/**
 * The modules a Python or JS/TS file may ask the taint summaries about, read from its text without parsing
 * (`import-closure.ts`). It over-approximates `projectImports` (`rules/shared/taint/project-imports.ts`) and the
 * modules the analysis derives from it: every module of an `import`/`from ... import` statement anywhere in the
 * file (inside functions and `try` blocks too, and in strings, which only adds candidates), each imported name
 * as a possible submodule (`from pkg import utils` → `pkg.utils`), and the attribute chains written on an
 * imported name (`pkg.sub.f()` asks for `pkg.sub`), which the reader resolves one package at a time. JS/TS
 * files give their relative specifiers (`./llm`, `../tools/run`), the only ones the summaries resolve.
 */
import { submodule } from '../rules/shared/taint/project-imports';

export interface ModuleReferences {
  /** Modules as written or derived (`.helpers`, `pkg.llm`, `pkg.llm.client`, `./llm`). */
  modules: string[];
  /** Attribute chains on a name bound to a module or imported name: the module, then the names after it. */
  chains: { module: string; names: string[] }[];
}

/**
 * Import statements, at a line's start or after `;` or `:`. Sticky: `statements` tries them only where their keyword
 * occurs, which finds the matches a global search would (see there).
 */
const PY_FROM = /(?:^|[;:])[ \t]*from[ \t]+(\.*[\w.]*)[ \t]+import[ \t]*(\([^)]*\)|[^\n;#]*)/my;
const PY_IMPORT = /(?:^|[;:])[ \t]*import[ \t]+([^\n;#]*)/my;
const PY_CHAIN = /(?<![\w.])([A-Za-z_]\w*)((?:[ \t]*\.[ \t]*[A-Za-z_]\w*)+)/g;
const JS_SPECIFIERS = [
  /\bfrom\s*(['"])(\.{1,2}\/[^'"\n]*|\.{1,2})\1/g,
  /\bimport\s*(['"])(\.{1,2}\/[^'"\n]*)\1/g,
  /\b(?:require|import)\s*\(\s*(['"`])(\.{1,2}\/[^'"`\n]*|\.{1,2})\1/g,
];
/** Chains longer than this name attributes of objects, not packages. */
const MAX_CHAIN = 4;

/**
 * The imports of a file without the attribute chains on them: the modules, and each local name bound to a module
 * (or to an imported name as a possible submodule). The chains are read only for the names asked about
 * (`chainsOn`): a chain goes on only from a package, so a reader that resolves the bound modules first reads the
 * chains of few files (most bound modules are functions, classes or modules of other projects).
 */
export interface ModuleImports {
  modules: string[];
  /** Local name → the module it is bound to (Python only). */
  bound: ReadonlyMap<string, string>;
}

export function moduleReferences(text: string, python: boolean): ModuleReferences {
  const imports = moduleImports(text, python);
  return { modules: imports.modules, chains: python ? chainsOn(text, imports.bound, new Set(imports.bound.keys())) : [] };
}

export function moduleImports(text: string, python: boolean): ModuleImports {
  return python ? pythonImports(joinContinuations(text)) : { modules: [...new Set(JS_SPECIFIERS.flatMap((pattern) => [...text.matchAll(pattern)].map((m) => m[2] ?? '')))].filter(Boolean), bound: new Map() };
}

/** Backslash continuations join lines, so `from a import b, \` + `c` is one statement. */
function joinContinuations(source: string): string {
  return source.includes('\\\n') ? source.replace(/\\\r?\n/g, '  ') : source;
}

function pythonImports(text: string): ModuleImports {
  const modules = new Set<string>();
  const bound = new Map<string, string>();
  for (const match of statements(text, 'from', PY_FROM)) {
    const module = match[1] ?? '';
    if (!module) continue;
    modules.add(module);
    for (const item of (match[2] ?? '').replace(/[()]/g, ' ').split(',')) {
      const [name, alias] = item.trim().split(/\s+as\s+/);
      if (!name || !/^[A-Za-z_]\w*$/.test(name)) continue;
      const sub = submodule(module, name);
      modules.add(sub);
      bound.set(alias?.trim() || name, sub);
    }
  }
  for (const match of statements(text, 'import', PY_IMPORT)) {
    for (const item of (match[1] ?? '').split(',')) {
      const [dotted, alias] = item.trim().split(/\s+as\s+/).map((part) => part.replace(/\s+/g, ''));
      if (!dotted || !/^[A-Za-z_][\w.]*$/.test(dotted)) continue;
      const parts = dotted.split('.');
      for (let i = 1; i <= parts.length; i++) modules.add(parts.slice(0, i).join('.'));
      // `import a.b` binds `a`; `import a.b as x` binds `x` to `a.b`.
      if (alias) bound.set(alias, dotted);
      else bound.set(parts[0] ?? dotted, parts[0] ?? dotted);
    }
  }
  return { modules: [...modules], bound };
}

/**
 * The matches of a statement pattern (`PY_FROM`, `PY_IMPORT`: optional `;` or `:`, blanks, then `keyword`) that a
 * global search of it would find, in order. A match can only start where the keyword's occurrence, after the
 * blanks before it, begins a line or follows `;` or `:`, so only those places are tried, and one inside an earlier
 * match is skipped as a global search would skip it. Testing every position of the text cost more than the rest
 * of reading a module's imports.
 */
function statements(text: string, keyword: string, sticky: RegExp): RegExpExecArray[] {
  const found: RegExpExecArray[] = [];
  let end = 0;
  for (let at = text.indexOf(keyword); at >= 0; at = text.indexOf(keyword, at + 1)) {
    let start = at;
    while (start > 0 && (text[start - 1] === ' ' || text[start - 1] === '\t')) start -= 1;
    const before = start === 0 ? '\n' : text[start - 1];
    if (before === ';' || before === ':') start -= 1;
    else if (!LINE_BREAK.has(before ?? '')) continue;
    if (start < end) continue;
    sticky.lastIndex = start;
    const match = sticky.exec(text);
    if (!match) continue;
    found.push(match);
    end = sticky.lastIndex;
  }
  return found;
}

/** What `^` matches after in a multiline regular expression. */
const LINE_BREAK = new Set(['\n', '\r', '\u2028', '\u2029']);

/**
 * The attribute chains written on the bound local names in `names` (`pkg.sub.f()` on `pkg` asks for `pkg.sub`),
 * in the order of the text, each once.
 */
export function chainsOn(source: string, bound: ReadonlyMap<string, string>, names: ReadonlySet<string>): ModuleReferences['chains'] {
  const chains = new Map<string, { module: string; names: string[] }>();
  if (names.size === 0) return [];
  for (const match of joinContinuations(source).matchAll(PY_CHAIN)) {
    const local = match[1] ?? '';
    const module = names.has(local) ? bound.get(local) : undefined;
    if (!module) continue;
    const chain = (match[2] ?? '').split('.').map((name) => name.trim()).filter(Boolean).slice(0, MAX_CHAIN - 1);
    const key = `${module}.${chain.join('.')}`;
    if (!chains.has(key)) chains.set(key, { module, names: chain });
  }
  return [...chains.values()];
}
