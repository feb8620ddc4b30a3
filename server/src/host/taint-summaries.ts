/**
 * The project pass behind `ProjectFacts.taintSummary`: resolves a module as a file imports it (Python
 * `.helpers`, `..llm.client`, `pkg.helpers`; JS/TS `./helpers`) to a file of the project, and summarises that
 * file with the engine on first use (what its functions and methods do with model output). Summaries are
 * cached per file and checked against its size and modification time and those of the modules it was built
 * from, so an edited helper (or helper's helper) is summarised again and unchanged ones are reused.
 *
 * Bounded: a summary that needs another module's summary asks for it one level deeper, and past
 * `MAX_DEPTH` levels the answer is a summary marked `beyondBound` (its functions unknown), so the summaries
 * above it can say where the bound cut them and the analysed file gets a note. A summary that bound cut is cached per depth, so a module gets
 * the same summary whichever file (or worker thread) asked first; one it did not cut serves every depth.
 */
import { dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import type { Engine, EngineConfig, EnginePorts, ProjectFacts, TaintModuleSummary } from '../engine/index';
import { DEFAULT_CONFIG } from '../engine/index';
import { ANALYSIS_LIMITS } from '../engine/analysis-limits';
import { summarizeTaintModule } from '../rules/shared/taint/engine';
import { LIVE_FILE_STATES, type FileStamp, type FileStates } from './file-states';
import { LIVE_KEPT_CHARS, projectTexts, type ProjectTexts } from './project-texts';
import type { TaintDependents } from './taint-dependents';

/**
 * Levels of modules summarised behind the analysed file: its imports and theirs. Each level can summarise a
 * module once more (the depth is part of the cache key), so the bound also bounds the extra parsing. The
 * engine names it in the note of a file whose path it cut.
 */
export const MAX_DEPTH = ANALYSIS_LIMITS['taint-module-depth'].depth;

/**
 * Modules longer than this are not summarised (their functions stay unknown to importers). Helpers that ask a
 * model or run code live in small modules; summarising the 100-200 KB trainer modules of an ML library cost
 * more than the rest of its scan (huggingface/trl: 20 modules over 30 KB took 3.3 s of 3.8 s of summaries).
 */
export const MAX_SUMMARISED_CHARS = 32 * 1024;

export interface TaintSummaryOptions {
  engine: Engine;
  /** The folder the engine's paths are relative to. */
  baseFolder: string;
  /** Absolute imports (`pkg.helpers`) are searched from the importing file's folders up to this one. */
  projectRoot: string;
  /**
   * The project roots when there are several (the language server's workspace folders, asked at each lookup
   * since folders come and go): a file's absolute imports are searched up to the innermost root holding it.
   * Without it, `projectRoot` is the only root.
   */
  projectRoots?: () => readonly string[];
  config?: EngineConfig;
  /** The ports the summaries are computed with (their own `taintSummary` is added here). */
  ports?: EnginePorts;
  /** Records which analysed file used which module's summary (the language server's dependants). */
  dependents?: TaintDependents;
  /**
   * The text of a file open in an editor, by absolute path (the language server's open documents): a module
   * open with unsaved edits is summarised from that text, and its summary is kept per document version.
   */
  openText?: OpenText;
  /**
   * Where module resolution and the summary cache's freshness checks ask about files: the disk at every call
   * by default; a scan, whose tree is fixed while it runs, passes `memoisedFileStates()`.
   */
  fileStates?: FileStates;
  /**
   * Where the passes read module texts (one store per host, so each file is read once for all of them); by
   * default each pass keeps its own.
   */
  texts?: ProjectTexts;
}

/** The unsaved text and version of an open file (absolute path), or undefined when it is not open. */
export type OpenText = (file: string) => { text: string; version: number } | undefined;

interface Stamp extends FileStamp {
  /** The editor's version of an open file (its text, not the disk, was summarised). */
  version?: number;
}

interface Cached extends Stamp {
  summary: TaintModuleSummary | undefined;
  /** The modules whose summaries this one was built from (at any depth), with their state then. */
  uses: Map<string, Stamp>;
  /** The depth it was built at. */
  depth: number;
  /** The depth bound left a module out of it (directly or through a module it used). */
  cut: boolean;
  /** Levels of modules below it that it was built from (0: none). */
  height: number;
}

/** What the summaries being built (one per level) have used so far. */
interface Building {
  uses: Map<string, Stamp>;
  cut: boolean;
  height: number;
}

/** The `taintSummary` answer of a host, backed by the file system. */
export function taintSummaryFacts(options: TaintSummaryOptions): Required<Pick<ProjectFacts, 'taintSummary'>> {
  const cache = new Map<string, Cached>();
  const files = options.fileStates ?? LIVE_FILE_STATES;
  const stampOf = (file: string): Stamp | undefined => files.stampOf(file);
  const resolveFrom = folderModuleResolver(files);
  const texts = options.texts ?? projectTexts(files, LIVE_KEPT_CHARS);
  let depth = 0;
  // The file being analysed (the first asker), and what each summary being built used.
  let analysed = '';
  const building: Building[] = [];
  const used = (file: string, module: string, stamp: Stamp, entry: Cached, hop: boolean): void => {
    const into = building[building.length - 1];
    if (into) {
      into.uses.set(file, stamp);
      for (const [other, otherStamp] of entry.uses) into.uses.set(other, otherStamp);
      into.cut ||= entry.cut;
      into.height = Math.max(into.height, entry.height + 1);
    }
    // The analysed file asked for this summary itself (not while another module's summary was being built):
    // the host can later compare it with a new one and re-check only the units using what changed.
    // A re-export followed from another module names the module as that one imports it: the analysed file's own
    // imports cannot ask for it again, so only a full analysis is safe when it changes.
    if (into || hop) options.dependents?.record(analysed, file);
    else options.dependents?.recordSummary(analysed, file, module, entry.summary);
    for (const other of entry.uses.keys()) options.dependents?.record(analysed, other);
  };
  // An open file's state is its editor version; any other file's is its size and modification time.
  const stampNow = (file: string): Stamp | undefined => {
    const open = options.openText?.(file);
    return open ? { size: open.text.length, mtimeMs: 0, version: open.version } : stampOf(file);
  };
  // A summary is stale when its module changed, or a module it was built from did (a helper's helper).
  const fresh = (entry: Cached | undefined, stamp: Stamp): Cached | undefined =>
    entry && sameStamp(entry, stamp) && [...entry.uses].every(([other, then]) => sameStamp(stampNow(other), then)) ? entry : undefined;
  const facts = {
    taintSummary: (fromPath: string, module: string, analysedPath?: string): TaintModuleSummary | undefined => {
      const from = resolve(options.baseFolder, fromPath);
      if (depth === 0) analysed = analysedPath === undefined ? from : resolve(options.baseFolder, analysedPath);
      const root = projectRootFor(from, options.projectRoots?.() ?? [options.projectRoot]);
      const file = resolveFrom(from, module, root);
      if (!file) return undefined;
      const absolute = isAbsolute(fromPath);
      if (depth >= MAX_DEPTH) {
        const asking = building[building.length - 1];
        if (asking) asking.cut = true;
        return { path: absolute ? file : displayPath(options.baseFolder, file), functions: {}, classes: {}, reexports: {}, beyondBound: true };
      }
      const stamp = stampNow(file);
      if (!stamp) return undefined;
      // A summary serves another depth when building it there would not have met the bound either (it was
      // not cut, and the modules below it still fit): the helper of one file is often the helper's helper of
      // another. Otherwise it is kept per depth, so a module gets the same summary whichever file (or worker
      // thread) asked first.
      const anyDepth = `any\u0000${absolute ? 'absolute' : 'relative'}\u0000${file}`;
      const atDepth = `${depth}\u0000${absolute ? 'absolute' : 'relative'}\u0000${file}`;
      const shared = fresh(cache.get(anyDepth), stamp);
      let entry = shared && (shared.depth === depth || (!shared.cut && depth + shared.height < MAX_DEPTH)) ? shared : fresh(cache.get(atDepth), stamp);
      if (!entry) {
        const frame: Building = { uses: new Map(), cut: false, height: 0 };
        building.push(frame);
        let summary: TaintModuleSummary | undefined;
        try {
          summary = summarise(file, absolute);
        } finally {
          building.pop();
        }
        entry = { ...stamp, summary, uses: frame.uses, depth, cut: frame.cut, height: frame.height };
        if (cache.size > 20_000) cache.clear();
        cache.set(atDepth, entry);
        if (!entry.cut) cache.set(anyDepth, entry);
      }
      used(file, module, stamp, entry, depth === 0 && from !== analysed);
      return entry.summary;
    },
  };
  const ports: EnginePorts = { ...options.ports, project: { ...options.ports?.project, ...facts } };
  // The summarised file is named as the asking file names itself (the language server's paths are absolute,
  // the CLI's relative to its folder), so flow steps in it resolve the same way as the finding's path.
  const summarise = (file: string, absolute: boolean): TaintModuleSummary | undefined => {
    const kind = options.engine.kindOf(file);
    if (!kind) return undefined;
    const text = options.openText?.(file)?.text ?? texts.textOf(file, kind);
    if (text === undefined) return undefined;
    if (text.length > MAX_SUMMARISED_CHARS) return undefined;
    depth += 1;
    try {
      return options.engine.inspect(absolute ? file : displayPath(options.baseFolder, file), text, summarizeTaintModule, options.config ?? DEFAULT_CONFIG, ports);
    } finally {
      depth -= 1;
    }
  };
  return facts;
}

function sameStamp(a: Stamp | undefined, b: Stamp): boolean {
  return a !== undefined && a.size === b.size && a.mtimeMs === b.mtimeMs && a.version === b.version;
}

/**
 * The root a file's absolute imports are searched up to: the innermost project root holding it, or, for a file
 * outside every root (a library source opened from the editor, a script elsewhere on disk), its own folder, so
 * its imports never resolve to a project it is not part of.
 */
export function projectRootFor(file: string, roots: readonly string[]): string {
  let best: string | undefined;
  for (const candidate of roots) {
    const root = resolve(candidate);
    const inside = !relative(root, file).startsWith('..') && !isAbsolute(relative(root, file));
    if (inside && (best === undefined || root.length > best.length)) best = root;
  }
  return best ?? dirname(file);
}

const JS_EXTENSIONS = ['.ts', '.tsx', '.js', '.mjs', '.cjs', '.jsx', '.mts', '.cts'];

/**
 * The project file a module names, as imported from `from` (absolute paths); undefined when none exists.
 * `isFile` answers whether a candidate path is a regular file (the disk, or a scan's memo of it); `exists`, when
 * given, whether a path exists at all, so that folders without a dotted module's top-level package are skipped.
 */
export function resolveModule(from: string, module: string, projectRoot: string, isFile: (path: string) => boolean = LIVE_FILE_STATES.isRegularFile, exists?: (path: string) => boolean): string | undefined {
  if (module.startsWith('./') || module.startsWith('../')) return resolveRelativeScript(from, module, isFile);
  const parts = pythonModuleParts(module);
  if (!parts) return undefined;
  for (const start of pythonStarts(from, module, projectRoot)) {
    const found = probeStart(start, parts, isFile, exists);
    if (found) return found;
  }
  return undefined;
}

/** A JS/TS relative specifier's file. TypeScript ESM imports name the emitted `.js` file. */
function resolveRelativeScript(from: string, module: string, isFile: (path: string) => boolean): string | undefined {
  const target = resolve(dirname(from), module);
  const stem = target.replace(/\.(?:js|mjs|cjs|jsx)$/, '');
  const candidates = [target, ...JS_EXTENSIONS.map((ext) => `${stem}${ext}`), ...JS_EXTENSIONS.map((ext) => join(target, `index${ext}`))];
  return candidates.find((candidate) => isFile(candidate));
}

/** The names of a Python module below its dots (`..a.b` → `a`, `b`), or undefined when it is no module name. */
function pythonModuleParts(module: string): string[] | undefined {
  if (!/^\.*[A-Za-z_][\w.]*$|^\.+$/.test(module)) return undefined;
  const level = /^\.*/.exec(module)?.[0].length ?? 0;
  return module.slice(level).split('.').filter((p) => p !== '');
}

/**
 * The folders a Python module is looked for in, in order: a relative one's package folder; for an absolute one
 * (`pkg.helpers` from `root/src/pkg/main.py`), the folders above the file up to the project root, and its `src`.
 */
function pythonStarts(from: string, module: string, projectRoot: string): string[] {
  const level = /^\.*/.exec(module)?.[0].length ?? 0;
  const starts: string[] = [];
  if (level > 0) {
    let folder = dirname(from);
    for (let i = 1; i < level; i++) folder = dirname(folder);
    starts.push(folder);
  } else {
    for (let folder = dirname(from); ; folder = dirname(folder)) {
      if (relative(projectRoot, folder).startsWith('..')) break;
      starts.push(folder);
      if (folder === projectRoot || dirname(folder) === folder) break;
    }
    starts.push(join(projectRoot, 'src'));
  }
  return starts;
}

/** The file of the module named by `parts` in one folder (`a/b.py`, else `a/b/__init__.py`), if there is one. */
function probeStart(start: string, parts: readonly string[], isFile: (path: string) => boolean, exists?: (path: string) => boolean): string | undefined {
  // A folder without the top-level package holds none of its submodules: one probe (kept by a scan's memo)
  // instead of two per module asked.
  if (exists && parts.length > 1 && !exists(join(start, parts[0] ?? ''))) return undefined;
  const base = join(start, ...parts);
  return [`${base}.py`, join(base, '__init__.py')].find((candidate) => isFile(candidate));
}

/**
 * `resolveModule` with its answers kept per folder, project root and module: every file of a folder resolves the
 * same imports alike, and a project pass asks the same questions for each of them. Below that, what each folder
 * looked in holds is kept by folder and module too: the files of sibling folders look in the same folders above
 * them, and an absolute import from deep in a package looks in every folder up to the root.
 */
export function folderModuleResolver(files: FileStates): (from: string, module: string, root: string) => string | undefined {
  const resolved = new Map<string, string | null>();
  const held = new Map<string, Map<string, string | null>>();
  const exists = (path: string): boolean => files.stampOf(path) !== undefined;
  const heldIn = (start: string, parts: readonly string[]): string | undefined => {
    let answers = held.get(start);
    if (!answers) {
      if (held.size > 20_000) held.clear();
      answers = new Map();
      held.set(start, answers);
    }
    const key = parts.join('.');
    let found = answers.get(key);
    if (found === undefined) {
      found = probeStart(start, parts, files.isRegularFile, exists) ?? null;
      answers.set(key, found);
    }
    return found ?? undefined;
  };
  const resolveAnew = (from: string, module: string, root: string): string | undefined => {
    if (module.startsWith('./') || module.startsWith('../')) return resolveRelativeScript(from, module, files.isRegularFile);
    const parts = pythonModuleParts(module);
    if (!parts) return undefined;
    for (const start of pythonStarts(from, module, root)) {
      const found = heldIn(start, parts);
      if (found) return found;
    }
    return undefined;
  };
  return (from, module, root) => {
    const key = `${dirname(from)}\u0000${root}\u0000${module}`;
    let file = resolved.get(key);
    if (file === undefined) {
      file = resolveAnew(from, module, root) ?? null;
      if (resolved.size > 100_000) resolved.clear();
      resolved.set(key, file);
    }
    return file ?? undefined;
  };
}

/** A file named as the engine's paths are: relative to the base folder when inside it, else absolute. */
export function displayPath(baseFolder: string, file: string): string {
  const rel = relative(baseFolder, file);
  return (rel.startsWith('..') ? file : rel).split(sep).join('/');
}
