/**
 * A file-system implementation of the engine's `ProjectFacts` port for the CLI and the language server:
 * which distributions the manifests governing a file declare, which modules are first-party (local
 * modules and packages, the project's own name, workspace packages), and which manifest should receive a
 * missing dependency. Manifests are read with the engine's own parsers and cached per folder until
 * `invalidate()` is called (the language server calls it when a manifest changes).
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import type { Ecosystem, ManifestRef, ProjectFacts } from '../engine/ports';
import { parseManifest } from '../engine/manifests/index';
import type { ManifestKind } from '../engine/manifests/index';
import { fileKindOf } from '../engine/file-kinds';
import { normalize } from './package-intel';
import { parseJsonTree } from '../engine/manifests/json-tree';
import { asObject, valueAt } from '../engine/manifests/tree';
import { readDiskText } from '../host/safe-read';
import { walkProject } from '../host/project-walk';
import { ownerInFolder } from './repository-owner';

interface FolderFacts {
  declared: Record<Ecosystem, Set<string>>;
  projectNames: Record<Ecosystem, Set<string>>;
  /** Whether a manifest was found in this folder (stops the upward walk at a project root with `.git`). */
  isRoot: boolean;
  /** tsconfig/jsconfig `compilerOptions.paths` keys as patterns (`@app/*`): aliases, not packages. */
  pathAliases: RegExp[];
}


export interface ProjectFactsOptions {
  /** The workspace root: the upward walk from a file never goes above it. */
  root: string;
}

export class FileSystemProjectFacts implements ProjectFacts {
  private readonly folders = new Map<string, FolderFacts>();
  /** The manifest found from each folder, per ecosystem (undefined when there is none). */
  private readonly manifests = new Map<string, ManifestRef | undefined>();
  private readonly root: string;
  private modules: Set<string> | undefined;
  /** Whether a folder holds a Python module of a name (`holdsModule`), by folder and name. */
  private readonly localModules = new Map<string, boolean>();
  /** The repository owner named in each folder (git remote or manifest), undefined when none is. */
  private readonly owners = new Map<string, string | undefined>();

  constructor(options: ProjectFactsOptions) {
    this.root = resolve(options.root);
  }

  fileExists(fromPath: string, relativePath: string): boolean {
    return existsSync(resolve(dirname(fromPath), relativePath));
  }

  declaredDependencies(fromPath: string, ecosystem: Ecosystem): ReadonlySet<string> | undefined {
    const out = new Set<string>();
    let found = false;
    for (const dir of this.ancestors(fromPath)) {
      const facts = this.folder(dir);
      if (facts.declared[ecosystem].size > 0 || facts.projectNames[ecosystem].size > 0) found = true;
      for (const n of facts.declared[ecosystem]) out.add(n);
      if (facts.isRoot) break;
    }
    // No manifest at all: the host cannot say what is declared, so the undeclared-import rule stays quiet.
    return found ? out : undefined;
  }

  isFirstParty(fromPath: string, ecosystem: Ecosystem, moduleName: string): boolean {
    const ancestors = this.ancestors(fromPath);
    for (const dir of ancestors) {
      const facts = this.folder(dir);
      const name = normalize(ecosystem, moduleName);
      if (facts.projectNames[ecosystem].has(name)) return true;
      if (ecosystem === 'pypi' && this.holdsModule(dir, moduleName)) return true;
      if (ecosystem === 'npm' && facts.pathAliases.some((alias) => alias.test(moduleName))) return true;
      if (facts.isRoot) break;
    }
    // Packages and modules anywhere in the workspace (monorepos, scripts run from other folders).
    return ecosystem === 'pypi' && this.workspaceModules().has(moduleName);
  }

  /**
   * Whether `dir` (or its `src` folder) holds a Python module or package of that name. Kept per folder and name
   * until `invalidate()`: every file of a folder asks about the same ancestors, and an import closure asks about
   * each import of each file, so the probes were repeated thousands of times in a scan.
   */
  private holdsModule(dir: string, moduleName: string): boolean {
    const key = `${dir}\u0000${moduleName}`;
    let answer = this.localModules.get(key);
    if (answer === undefined) {
      answer = [dir, join(dir, 'src')].some((base) => existsSync(join(base, `${moduleName}.py`)) || existsSync(join(base, moduleName, '__init__.py')) || isDirectory(join(base, moduleName)));
      if (this.localModules.size > 200_000) this.localModules.clear();
      this.localModules.set(key, answer);
    }
    return answer;
  }

  /** Python package folders (with `__init__.py`) and modules found in the workspace, a few levels deep. */
  private workspaceModules(): ReadonlySet<string> {
    if (this.modules) return this.modules;
    const found = new Set<string>();
    walkProject(this.root, { maxEntries: 5000, maxDepth: 4 }, (path, entry) => {
      if (entry.isDirectory()) {
        if (existsSync(join(path, '__init__.py'))) found.add(entry.name);
      } else if (entry.name.endsWith('.py')) {
        found.add(entry.name.slice(0, -3));
      }
    });
    this.modules = found;
    return found;
  }

  manifestFor(fromPath: string, ecosystem: Ecosystem): ManifestRef | undefined {
    const from = dirname(resolve(fromPath));
    // Asked for every import of every analysis (each keystroke in the editor): read once per folder.
    const key = `${ecosystem}\u0000${from}`;
    if (this.manifests.has(key)) return this.manifests.get(key);
    const found = this.findManifest(fromPath, from, ecosystem);
    this.manifests.set(key, found);
    return found;
  }

  private findManifest(fromPath: string, from: string, ecosystem: Ecosystem): ManifestRef | undefined {
    for (const dir of this.ancestors(fromPath)) {
      const candidates: [string, ManifestRef['kind']][] = ecosystem === 'npm' ? [['package.json', 'package-json']] : [['requirements.txt', 'requirements'], ['pyproject.toml', 'pyproject']];
      for (const [file, kind] of candidates) {
        const full = join(dir, file);
        const text = readManifestText(full);
        if (text === undefined) continue;
        if (kind === 'pyproject' && !/^\s*dependencies\s*=/m.test(text)) continue;
        return { file: relative(from, full).split(sep).join('/'), kind, text };
      }
      if (this.folder(dir).isRoot) break;
    }
    return undefined;
  }

  /** The GitHub owner of the repository holding `fromPath`: the nearest folder whose checkout or manifest names one. */
  repositoryOwner(fromPath: string): string | undefined {
    for (const dir of this.ancestors(fromPath)) {
      if (!this.owners.has(dir)) this.owners.set(dir, ownerInFolder(dir));
      const owner = this.owners.get(dir);
      if (owner) return owner;
    }
    return undefined;
  }

  /** Forgets cached manifests (all, or those of one folder) after a manifest changed on disk. */
  invalidate(folder?: string): void {
    if (folder) this.folders.delete(resolve(folder));
    else this.folders.clear();
    this.manifests.clear();
    this.owners.clear();
    this.modules = undefined;
    this.localModules.clear();
  }

  /** The folder of `fromPath` and its parents up to the workspace root. */
  private ancestors(fromPath: string): string[] {
    const out: string[] = [];
    let dir = dirname(resolve(fromPath));
    for (;;) {
      out.push(dir);
      if (dir === this.root || !dir.startsWith(this.root)) break;
      const parent = dirname(dir);
      if (parent === dir) break;
      dir = parent;
    }
    return out;
  }

  private folder(dir: string): FolderFacts {
    const cached = this.folders.get(dir);
    if (cached) return cached;
    const facts: FolderFacts = { declared: { pypi: new Set(), npm: new Set() }, projectNames: { pypi: new Set(), npm: new Set() }, isRoot: existsSync(join(dir, '.git')), pathAliases: pathAliasesIn(dir) };
    let names: string[] = [];
    try {
      names = readdirSync(dir);
    } catch {
      names = [];
    }
    const files = names.filter((n) => fileKindOf(n) !== undefined).map((n) => join(dir, n));
    // A `requirements/` folder (`requirements/dev.txt`) holds requirements files whatever their names.
    const requirementsDir = join(dir, 'requirements');
    const nested = listFolder(requirementsDir).filter((n) => n.endsWith('.txt') || n.endsWith('.in')).map((n) => join(requirementsDir, n));
    for (const file of [...files, ...nested]) {
      const kind = nested.includes(file) ? 'requirements' : fileKindOf(file);
      if (!kind || kind === 'package-lock' || kind === 'yarn-lock' || kind === 'pnpm-lock') continue;
      if (!['requirements', 'pyproject', 'pipfile', 'setup-cfg', 'conda-env', 'package-json'].includes(kind)) continue;
      this.addManifest(facts, kind as ManifestKind, file);
    }
    this.addSetupPy(facts, join(dir, 'setup.py'));
    this.folders.set(dir, facts);
    return facts;
  }

  private addManifest(facts: FolderFacts, kind: ManifestKind, file: string): void {
    const text = readManifestText(file);
    if (text === undefined) return;
    const parsed = parseManifest(kind, text, file);
    const ecosystem: Ecosystem = kind === 'package-json' ? 'npm' : 'pypi';
    if (parsed.projectName) {
      facts.projectNames[ecosystem].add(normalize(ecosystem, parsed.projectName));
      // A Python project's import name is its distribution name with `_` (`my-lib` → `my_lib`).
      if (ecosystem === 'pypi') facts.projectNames.pypi.add(normalize('pypi', parsed.projectName.replace(/-/g, '_')));
    }
    for (const dep of parsed.dependencies) {
      // Constraints and overrides only steer versions; they do not make a package importable.
      if (dep.ecosystem === 'conda' || !dep.name || dep.role === 'constraint' || dep.role === 'override') continue;
      facts.declared[dep.ecosystem].add(normalize(dep.ecosystem, dep.alias?.name ?? dep.name));
      if (dep.alias) facts.declared[dep.ecosystem].add(normalize(dep.ecosystem, dep.name));
    }
    if (kind === 'package-json') this.addWorkspaces(facts, dirname(file), text);
  }

  /** Workspace packages (npm/yarn `workspaces` globs of the form `dir/*` or `dir`) are first-party. */
  private addWorkspaces(facts: FolderFacts, dir: string, text: string): void {
    for (const name of workspacePackageFolders(dir, text).keys()) facts.projectNames.npm.add(normalize('npm', name));
  }

  /** setup.py is never run; its literal `install_requires` strings are read with a pattern (the engine reads it properly from the tree). */
  private addSetupPy(facts: FolderFacts, file: string): void {
    const text = readManifestText(file);
    if (text === undefined) return;
    const name = /\bname\s*=\s*['"]([^'"]+)['"]/.exec(text)?.[1];
    if (name) {
      facts.projectNames.pypi.add(normalize('pypi', name));
      facts.projectNames.pypi.add(normalize('pypi', name.replace(/-/g, '_')));
    }
    const block = /install_requires\s*=\s*\[([\s\S]*?)\]/.exec(text)?.[1] ?? '';
    for (const m of block.matchAll(/['"]([A-Za-z0-9][A-Za-z0-9._-]*)/g)) facts.declared.pypi.add(normalize('pypi', m[1]!));
  }
}

/** The `compilerOptions.paths` keys of a tsconfig.json or jsconfig.json in `dir` (comments and trailing commas allowed). */
function pathAliasesIn(dir: string): RegExp[] {
  const out: RegExp[] = [];
  for (const file of ['tsconfig.json', 'jsconfig.json']) {
    const text = readManifestText(join(dir, file));
    if (text === undefined) continue;
    const paths = asObject(valueAt(parseJsonTree(text).root, 'compilerOptions', 'paths'));
    for (const entry of paths?.entries ?? []) {
      const pattern = entry.key.split('*').map((p) => p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('.*');
      // A package name is the first one or two segments of the specifier; match aliases on that prefix.
      out.push(new RegExp(`^${pattern.replace(/\/\.\*$/, '(/.*)?')}$`));
      if (entry.key.endsWith('/*')) out.push(new RegExp(`^${entry.key.slice(0, -2).replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(/.*)?$`));
    }
  }
  return out;
}

function isDirectory(path: string): boolean {
  try {
    // A missing path (the common answer) without an exception, which costs more than the probe.
    return statSync(path, { throwIfNoEntry: false })?.isDirectory() ?? false;
  } catch {
    return false;
  }
}

/**
 * The text of a manifest, or undefined when there is none that can be read: a missing file, a directory
 * named like a manifest (`setup.py/`), a FIFO or a device (never opened for reading), or a file above
 * the manifest cap. The walker reports special files it meets; these facts only treat them as absent.
 */
function readManifestText(file: string): string | undefined {
  const read = readDiskText(file, { kind: 'manifest' });
  return read.ok ? read.text : undefined;
}

/** The names in a folder (none when it is missing or cannot be listed). */
function listFolder(dir: string): string[] {
  try {
    return readdirSync(dir);
  } catch {
    return [];
  }
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

function fieldOf(value: unknown, key: string): unknown {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>)[key] : undefined;
}

/**
 * The packages of the npm/yarn workspaces a `package.json` in `dir` declares (its text is `manifestText`): each
 * package's name and folder, for the globs of the form `dir/*` or `dir`; the first folder claiming a name keeps it.
 */
export function workspacePackageFolders(dir: string, manifestText: string): Map<string, string> {
  const packages = new Map<string, string>();
  for (const pattern of workspacePatterns(parseJson(manifestText))) {
    const base = pattern.replace(/\/\*+$/, '');
    const dirs = pattern.endsWith('*') ? listFolder(join(dir, base)).map((n) => join(dir, base, n)) : [join(dir, base)];
    for (const d of dirs) {
      const manifest = readManifestText(join(d, 'package.json'));
      const name = manifest === undefined ? undefined : fieldOf(parseJson(manifest), 'name');
      if (typeof name === 'string' && name && !packages.has(name)) packages.set(name, d);
    }
  }
  return packages;
}

/** npm/yarn `workspaces` (a list, or `{ packages: [...] }`); entries that are not strings are left out, whatever the manifest's shape. */
function workspacePatterns(json: unknown): string[] {
  const workspaces = fieldOf(json, 'workspaces');
  const list = Array.isArray(workspaces) ? workspaces : fieldOf(workspaces, 'packages');
  return Array.isArray(list) ? list.filter((p): p is string => typeof p === 'string') : [];
}
