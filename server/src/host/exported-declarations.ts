/**
 * The project pass behind `ProjectFacts.exportedDeclaration`: the text of the top-level declaration another
 * module of the project exports under a name, so the shell rules can tell that an imported `SANDBOX_NAME` is a
 * string constant, or that a `config.command` typed `SandboxConfig` holds one of a few string literals.
 *
 * The module is resolved as the taint summaries resolve JS imports (relative paths, a `.js` specifier naming its
 * `.ts` source), and a bare specifier naming a package of the project's npm/yarn workspaces (`@org/core`, the
 * `workspaces` globs `dir/*` or `dir` of the project root's `package.json`) resolves to that package's source
 * entry: `index.ts` or `src/index.ts`, or its `types`/`main` with `dist/` read as `src/`. Re-exports
 * (`export * from`, `export { name } from`) are followed a few modules deep. Nothing is parsed: a declaration is
 * found by its `export` line and ends at the first `;` or closing brace outside brackets and strings. What each file
 * says about a name is kept while its size and modification time stay the same, and every file read is recorded
 * as a dependency of the analysed file (`TaintDependents`); workspace packages are read once per project root.
 */
import { dirname, join, resolve } from 'node:path';
import type { ProjectFacts } from '../engine/index';
import { LIVE_FILE_STATES, type FileStates } from './file-states';
import { LIVE_KEPT_CHARS, projectTexts, type ProjectTexts } from './project-texts';
import { readDiskText } from './safe-read';
import { workspacePackageFolders } from '../intel/project-facts';
import { projectRootFor, resolveModule } from './taint-summaries';
import type { TaintDependents } from './taint-dependents';

export interface ExportedDeclarationOptions {
  baseFolder: string;
  projectRoot: string;
  projectRoots?: () => readonly string[];
  fileStates?: FileStates;
  texts?: ProjectTexts;
  /** The language server's record of which files an analysis read, so an edit of a declaring module re-analyses its importers. */
  dependents?: TaintDependents;
}

/** Modules followed through re-exports before giving up. */
const MAX_REEXPORT_HOPS = 4;
/** A declaration longer than this is cut (an interface of a few fields is what the rules read). */
const MAX_DECLARATION_CHARS = 8_000;

export function exportedDeclarationFacts(options: ExportedDeclarationOptions): Required<Pick<ProjectFacts, 'exportedDeclaration'>> {
  const states = options.fileStates ?? LIVE_FILE_STATES;
  const texts = options.texts ?? projectTexts(states, LIVE_KEPT_CHARS);
  const workspaces = new Map<string, ReadonlyMap<string, string>>();
  const answers = new Map<string, { size: number; mtimeMs: number; text: string | null; sources: string[] }>();

  const packagesOf = (root: string): ReadonlyMap<string, string> => {
    let found = workspaces.get(root);
    if (!found) {
      found = workspacePackages(root);
      workspaces.set(root, found);
    }
    return found;
  };
  const resolveFrom = (from: string, module: string, root: string): string | undefined => {
    if (module.startsWith('./') || module.startsWith('../')) return resolveModule(from, module, root, states.isRegularFile);
    const folder = packagesOf(root).get(module);
    return folder ? packageEntry(folder, states.isRegularFile) : undefined;
  };
  /** What one file says about `name` itself: its own declaration, or the modules it re-exports the name from. */
  const ownAnswer = (file: string, name: string): { text: string | null; sources: string[] } | undefined => {
    const stamp = states.stampOf(file);
    if (!stamp) return undefined;
    const key = `${file}\u0000${name}`;
    const kept = answers.get(key);
    if (kept && kept.size === stamp.size && kept.mtimeMs === stamp.mtimeMs) return kept;
    const text = texts.textOf(file, 'javascript');
    if (text === undefined) return undefined;
    const own = declarationText(text, name);
    const answer = { size: stamp.size, mtimeMs: stamp.mtimeMs, text: own ?? null, sources: own === undefined ? reexportSources(text, name) : [] };
    if (answers.size > 50_000) answers.clear();
    answers.set(key, answer);
    return answer;
  };
  // Each step is asked again (cheaply, from the kept answers), so a changed module of the chain is read anew.
  const declarationIn = (from: string, file: string, name: string, root: string, hops: number): string | undefined => {
    options.dependents?.record(from, file);
    const own = ownAnswer(file, name);
    if (!own) return undefined;
    if (own.text !== null) return own.text;
    if (hops >= MAX_REEXPORT_HOPS) return undefined;
    for (const module of own.sources) {
      const target = resolveFrom(file, module, root);
      const found = target ? declarationIn(from, target, name, root, hops + 1) : undefined;
      if (found !== undefined) return found;
    }
    return undefined;
  };
  return {
    exportedDeclaration: (fromPath, module, name) => {
      const from = resolve(options.baseFolder, fromPath);
      const root = projectRootFor(from, options.projectRoots?.() ?? [options.projectRoot]);
      const file = resolveFrom(from, module, root);
      return file ? declarationIn(from, file, name, root, 0) : undefined;
    },
  };
}

/** The text of `export const|let|var|interface|type|enum NAME ...` up to its end, or undefined. */
export function declarationText(text: string, name: string): string | undefined {
  const escaped = name.replace(/\$/g, '\\$');
  const start = new RegExp(`^export\\s+(?:declare\\s+)?(?:const|let|var|interface|type|enum)\\s+${escaped}(?![\\w$])`, 'm').exec(text);
  if (!start) return undefined;
  let depth = 0;
  let quote = '';
  const limit = Math.min(text.length, start.index + MAX_DECLARATION_CHARS);
  for (let i = start.index; i < limit; i++) {
    const c = text[i]!;
    if (quote) {
      if (c === '\\') i += 1;
      else if (c === quote) quote = '';
      continue;
    }
    if (c === '"' || c === "'" || c === '`') quote = c;
    else if (c === '{' || c === '(' || c === '[') depth += 1;
    else if (c === '}' || c === ')' || c === ']') {
      depth -= 1;
      // `interface X { ... }` and `enum X { ... }` end at their closing brace.
      if (depth === 0 && c === '}' && /^\s*(?:\n|$)/.test(text.slice(i + 1, i + 3)) && /^export\s+(?:declare\s+)?(?:interface|enum)\b/.test(start[0])) return text.slice(start.index, i + 1);
    } else if (depth === 0 && c === ';') return text.slice(start.index, i + 1);
    // A statement without a semicolon ends at a line that starts another statement.
    else if (depth === 0 && c === '\n' && /^\n\s*(?:export|import|const|let|var|function|class|interface|type|enum)\b/.test(text.slice(i, i + 20))) return text.slice(start.index, i);
  }
  return undefined;
}

/** The modules a file re-exports `name` from: `export { name } from 'm'` first, then every `export * from 'm'`. */
function reexportSources(text: string, name: string): string[] {
  const named: string[] = [];
  const star: string[] = [];
  for (const m of text.matchAll(/^export\s+(?:type\s+)?(\*|\{[^}]*\})\s+from\s+['"]([^'"]+)['"]/gm)) {
    const [, what, module] = m;
    if (!what || !module) continue;
    if (what === '*') star.push(module);
    else if (what.slice(1, -1).split(',').some((part) => part.trim().replace(/^type\s+/, '') === name)) named.push(module);
  }
  return [...named, ...star];
}

/** The project root's workspace packages by name (`intel/project-facts.ts` reads them the same way for first-party names). */
function workspacePackages(root: string): ReadonlyMap<string, string> {
  const manifest = readDiskText(join(root, 'package.json'), { kind: 'manifest' });
  return manifest.ok ? workspacePackageFolders(root, manifest.text) : new Map();
}

/** A workspace package's source entry: `index.ts`, `src/index.ts`, or its `types`/`main` read as source. */
function packageEntry(folder: string, isFile: (path: string) => boolean): string | undefined {
  const manifest = readJson(join(folder, 'package.json'));
  const declared = [manifest?.['types'], manifest?.['main']].filter((v): v is string => typeof v === 'string');
  const fromManifest = declared.flatMap((entry) => {
    const stem = entry.replace(/^\.\//, '').replace(/\.d\.ts$|\.[cm]?js$/, '');
    return [stem, stem.replace(/^(?:dist|lib|build|out)\//, 'src/')].flatMap((s) => [`${s}.ts`, `${s}.tsx`, `${s}.js`]);
  });
  return ['index.ts', 'src/index.ts', ...fromManifest, 'index.js', 'src/index.js'].map((entry) => join(folder, entry)).find((path) => dirname(path).startsWith(folder) && isFile(path));
}

function readJson(path: string): Record<string, unknown> | undefined {
  const read = readDiskText(path, { kind: 'manifest' });
  if (!read.ok) return undefined;
  try {
    const value: unknown = JSON.parse(read.text);
    return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}
