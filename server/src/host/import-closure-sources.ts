/**
 * The import closure's question (`import-closure.ts`) answered from the other side, for a tree that does not change
 * while it is asked (one CLI scan): every Python module of the project is tested once, and the walk goes back from
 * the few that pass, through the modules that import them, instead of forward from each analysed file through
 * everything it imports. A false answer, nearly every answer in real code, then costs no forward walk.
 *
 * Which modules can import a given one is known without reading every module's imports: a Python import names the
 * module it resolves to (`pkg.helpers`, `from . import helpers`, `pkg.helpers.run()` on `import pkg` all write
 * `helpers`, the file's name or, for `__init__.py`, its folder's), except a dots-only import (`from . import x`,
 * `from .. import y`), which can only reach `__init__.py` (or `<folder>.py`) of a folder above the importer. So only
 * the modules whose text contains such a name, or that live below such a folder, are candidates, and only their
 * imports are read and resolved, exactly as the forward walk resolves them.
 *
 * The answer is a filter: false means that no module passing the test lies within the levels asked (the forward
 * walk would answer false as well, or undefined where it would have been cut off at its file limit); true means
 * only that one may, and the forward walk then decides. Every file an import can resolve to lies in the folders
 * indexed here (see `moduleTree`), or the filter says true: a module whose relative import climbs above the
 * project root counts as one that may pass, and so does an analysed file with an import resolved outside the index.
 */
import { readdirSync, statSync } from 'node:fs';
import { basename, dirname, join, relative, sep } from 'node:path';
import type { ImportClosureTest } from '../engine/index';

/** What the forward walk knows of a module, asked here with the same answers. */
export interface ClosureModules {
  /** Undefined when the file cannot be read; true when it is longer than the summaries read (never tested nor followed). */
  tooLong(file: string): boolean | undefined;
  /** Whether the file's text passes the test (undefined when it can no longer be read). */
  passes(file: string, test: ImportClosureTest): boolean | undefined;
  text(file: string): string | undefined;
  /** The project files the file's imports resolve to, as the forward walk follows them. */
  targets(file: string, root: string): readonly string[];
}

export interface ClosureSources {
  /**
   * False when no module passing `test` is within `levels` imports of `from` (absolute path); true when one may be;
   * undefined when this side cannot tell (not a Python module of an indexed tree, or `from` unreadable).
   */
  mayReach(from: string, root: string, test: ImportClosureTest, levels: number): boolean | undefined;
}

/** Past these the tree is not indexed and every question goes forward. */
const MAX_ENTRIES = 200_000;
const MAX_DEPTH = 32;
/** A Python module's parts are word characters (`pythonModuleParts` in `taint-summaries.ts`). */
const MODULE_FOLDER = /^\w+$/;
const MODULE_FILE = /^\w+\.py$/;
/** A `from` import's leading dots and the character after them (none or a blank: a dots-only import). */
const RELATIVE_FROM = /from[\s\\]+(\.+)(\w?)/g;

interface ModuleTree {
  files: string[];
  members: ReadonlySet<string>;
}

/** Distances (in imports) from modules that may pass, grown one level at a time as questions need them. */
interface Reach {
  distance: Map<string, number>;
  /** The level whose modules are all in `distance`. */
  level: number;
  complete: boolean;
  /** The names of the modules closer than a number of levels (final once the reach has grown that far). */
  near: Map<number, ImportNames>;
}

/** How an import of some of a set of modules can be written: their names, and the folders of dots-only imports. */
interface ImportNames {
  /** Undefined when the set is empty. */
  named: RegExp | undefined;
  /** A dots-only import (`from . import x`) reaches `<folder>/__init__.py` or `<folder>.py` from below `folder`. */
  folders: string[];
}

export function closureSources(modules: ClosureModules): ClosureSources {
  const trees = new Map<string, ModuleTree | null>();
  const reaches = new Map<string, Reach>();

  const treeOf = (root: string): ModuleTree | null => {
    let tree = trees.get(root);
    if (tree === undefined) {
      tree = moduleTree(root);
      trees.set(root, tree);
    }
    return tree;
  };

  /** Level 0: the modules that pass, and those whose relative imports may leave the tree (they may reach one). */
  const startOf = (root: string, tree: ModuleTree, test: ImportClosureTest): Reach => {
    const distance = new Map<string, number>();
    for (const file of tree.files) {
      if (modules.tooLong(file) !== false) continue;
      const text = modules.text(file);
      if (text === undefined) continue;
      if (modules.passes(file, test) === true || climbsAboveRoot(text, file, root)) distance.set(file, 0);
    }
    return { distance, level: 0, complete: false, near: new Map() };
  };

  /** Adds the modules one import further from the last level: candidates by name, then their resolved imports. */
  const grow = (reach: Reach, root: string, tree: ModuleTree): void => {
    const frontier = [...reach.distance].filter(([, level]) => level === reach.level).map(([file]) => file);
    if (frontier.length === 0) {
      reach.complete = true;
      return;
    }
    const names = importNames(frontier);
    const next = reach.level + 1;
    for (const file of tree.files) {
      if (reach.distance.has(file) || modules.tooLong(file) !== false) continue;
      const text = modules.text(file);
      if (text === undefined || !mayImport(names, text, file)) continue;
      if (modules.targets(file, root).some((target) => reach.distance.get(target) === reach.level)) reach.distance.set(file, next);
    }
    reach.level = next;
  };

  return {
    mayReach: (from, root, test, levels) => {
      if (!(levels >= 1) || !from.endsWith('.py')) return undefined;
      const tree = treeOf(root);
      if (!tree || !tree.members.has(from) || modules.tooLong(from) === undefined) return undefined;
      const key = `${root}\u0000${test.key}`;
      let reach = reaches.get(key);
      if (!reach) {
        reach = startOf(root, tree, test);
        reaches.set(key, reach);
      }
      // A target of `from` at distance d has a passing module d imports further: within `levels` when d < levels.
      while (!reach.complete && reach.level < levels - 1) grow(reach, root, tree);
      // Most analysed files name none of the modules that may pass within reach: their imports are not resolved.
      const text = modules.text(from);
      if (text === undefined) return undefined;
      let near = reach.near.get(levels);
      if (!near) {
        near = importNames([...reach.distance].filter(([, distance]) => distance < levels).map(([file]) => file));
        reach.near.set(levels, near);
      }
      if (!climbsAboveRoot(text, from, root) && !mayImport(near, text, from)) return false;
      for (const target of modules.targets(from, root)) {
        if (target === from || !target.endsWith('.py')) continue;
        if (!tree.members.has(target)) return true;
        const distance = reach.distance.get(target);
        if (distance !== undefined && distance < levels) return true;
      }
      return false;
    },
  };
}

function importNames(files: readonly string[]): ImportNames {
  const names = new Set<string>();
  const folders: string[] = [];
  for (const file of files) {
    const folder = basename(file) === '__init__.py' ? dirname(file) : file.slice(0, -'.py'.length);
    names.add(basename(folder));
    folders.push(folder);
  }
  const named = names.size === 0 ? undefined : new RegExp([...names].map((name) => name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|'));
  return { named, folders };
}

/** Whether `file`, with this text, may import one of the modules `names` describes (never false when it does). */
function mayImport(names: ImportNames, text: string, file: string): boolean {
  if (names.named?.test(text)) return true;
  const folder = dirname(file);
  return names.folders.some((pkg) => folder === pkg || folder.startsWith(pkg + sep));
}

/**
 * The Python files an import can resolve to below `root`: a module's parts are word characters, so only folders
 * so named are entered (symbolic links followed, as the resolver's probes follow them). Null when the tree is too
 * large or too deep (a link cycle) to index.
 */
function moduleTree(root: string): ModuleTree | null {
  const files: string[] = [];
  let entries = 0;
  const walk = (folder: string, depth: number): boolean => {
    let listed;
    try {
      listed = readdirSync(folder, { withFileTypes: true });
    } catch {
      return true;
    }
    entries += listed.length;
    if (entries > MAX_ENTRIES) return false;
    for (const entry of listed) {
      const path = join(folder, entry.name);
      let isFolder = entry.isDirectory();
      let isFile = entry.isFile();
      if (entry.isSymbolicLink()) {
        const target = safeStat(path);
        isFolder = target?.isDirectory() ?? false;
        isFile = target?.isFile() ?? false;
      }
      if (isFile && MODULE_FILE.test(entry.name)) files.push(path);
      else if (isFolder && MODULE_FOLDER.test(entry.name)) {
        if (depth >= MAX_DEPTH || !walk(path, depth + 1)) return false;
      }
    }
    return true;
  };
  if (!walk(root, 0)) return null;
  return { files, members: new Set(files) };
}

function safeStat(path: string): ReturnType<typeof statSync> | undefined {
  try {
    return statSync(path, { throwIfNoEntry: false });
  } catch {
    return undefined;
  }
}

/**
 * Whether a relative import of the module may resolve outside `root` (`from ... import x` in a folder one level
 * below it; `from . import x` at the root looks for `<root>.py` beside it). Read over-approximately: any `from`
 * followed by dots counts, in strings too.
 */
export function climbsAboveRoot(text: string, file: string, root: string): boolean {
  if (!text.includes('from')) return false;
  const below = relative(root, dirname(file));
  const depth = below === '' ? 0 : below.split(sep).length;
  for (const match of text.matchAll(RELATIVE_FROM)) {
    const start = depth - ((match[1]?.length ?? 1) - 1);
    if (start < 0 || (start === 0 && !match[2])) return true;
  }
  return false;
}
