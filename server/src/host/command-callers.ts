/**
 * The project pass behind `ProjectFacts.callerOrigins`: the calls other files of the project make to a function,
 * and where the argument they pass for one parameter comes from, so a shell helper (`def run_cmd(cmd):
 * os.system(cmd)` in `pkg/utils.py`, `export function gitShow(hash)`) is graded by what its callers give it.
 *
 * The first question lists the project's code files (a bounded walk of the project root). For a function of a
 * Python file only Python files are read, for JS/TS only JS/TS files; a file is parsed only when its text
 * contains the function's name as a word, and then `importedCallsOf` (`rules/shared/command-callers.ts`) lists
 * its uses of the name imported from project modules, which are kept when their module resolves (as the taint
 * summaries resolve imports) to the defining file. Calls from test code (`tests/`, `test_*.py`, `*.test.ts`, as the
 * test-code policy names them) are left out: a test passes its own fixtures, never a deployed program's input. Every such use must be a call without `*args` or a spread;
 * anything else, a star import or re-export of the defining module, a JS import from a bare specifier whose last
 * part names the defining file and that no `compilerOptions.paths` alias of the caller's nearest `tsconfig.json`
 * maps to a file (`tsconfig-paths.ts`; a mapped alias resolves like a relative import), or a cut-off walk makes
 * the answer unknown.
 *
 * The arguments are graded in their own file with the same ports, so a caller's own parameter is followed to its
 * callers in turn, up to `MAX_DEPTH` files away (past it, and around a cycle, the answer is unknown).
 * What a file says about a name is kept with its size and modification time (an open file: its editor version).
 * A scan, whose tree is fixed (`fileStates` memoised), also keeps each answer; the language server computes it at
 * each question from the kept per-file parts, since an edit anywhere in the project may add a call, and records
 * which files and names an analysis used (`TaintDependents`), so an edited caller re-analyses the helper.
 */
import { basename, dirname, parse, relative, resolve } from 'node:path';
import type { CalledParameter, CallerOrigins, EnginePorts, ProjectFacts, ValueOrigin } from '../engine/index';
import { DEFAULT_CONFIG } from '../engine/index';
import { isTestCodePath } from '../engine/test-code';
import { importedCallsOf, type CallerFileSummary } from '../rules/shared/command-callers';
import { readDiskFile } from './safe-read';
import { LIVE_KEPT_CHARS, projectTexts } from './project-texts';
import { displayPath, projectRootFor, resolveModule, type TaintSummaryOptions } from './taint-summaries';
import { walkProject } from './project-walk';
import { LIVE_FILE_STATES } from './file-states';
import { aliasesKeepFileNames, nearestConfig, readPathAliases, resolveAlias, type AliasFiles, type PathAliases } from './tsconfig-paths';
import { CycleSafeAnswers } from './cycle-safe-answers';

/**
 * The caller index is built from the same host facts as module summaries (engine, folders, open texts, file
 * states, dependants); its ports are those the callers are graded with, and its own `callerOrigins` is added.
 */
export type CallerOriginOptions = TaintSummaryOptions;

/** Files whose calls are graded away from the analysed one: a helper's callers, and their callers. */
const MAX_DEPTH = 2;
const MAX_ENTRIES = 20_000;
const MAX_WALK_DEPTH = 10;
/** Files longer than this are not read (generated or vendored code); a call in one makes the answer unknown. */
const MAX_FILE_BYTES = 512 * 1024;
/** Longer files are not even searched for a name (the answer is unknown). */
const MAX_MENTION_BYTES = 16 * 1024 * 1024;
const PYTHON = /\.py$/;
const JAVASCRIPT = /\.(?:[cm]?[jt]s|[jt]sx)$/;

interface Known {
  size: number;
  mtimeMs: number;
  version?: number;
  /** Whether the text holds a name as a word, per name asked. */
  mentions: Map<string, boolean>;
  summaries: Map<string, CallerFileSummary | null>;
}

/** The `callerOrigins` answer of a host, backed by the file system. */
export function callerOriginFacts(options: CallerOriginOptions): Required<Pick<ProjectFacts, 'callerOrigins'>> {
  const states = options.fileStates ?? LIVE_FILE_STATES;
  const fixed = options.fileStates !== undefined;
  const config = options.config ?? DEFAULT_CONFIG;
  /** The code files of each project root, test code left out. */
  const filesOf = new Map<string, string[]>();
  const known = new Map<string, Known>();
  const answers = new CycleSafeAnswers<CallerOrigins>(fixed);
  const texts = options.texts ?? projectTexts(states, LIVE_KEPT_CHARS);
  let depth = 0;
  let analysed = '';

  const knownOf = (file: string): Known | undefined => {
    const open = options.openText?.(file);
    const stamp = open ? { size: open.text.length, mtimeMs: 0, version: open.version } : states.stampOf(file);
    if (!stamp) return undefined;
    const cached = known.get(file);
    if (cached && cached.size === stamp.size && cached.mtimeMs === stamp.mtimeMs && cached.version === (open ? open.version : undefined)) return cached;
    const entry: Known = { size: stamp.size, mtimeMs: stamp.mtimeMs, ...(open ? { version: open.version } : {}), mentions: new Map(), summaries: new Map() };
    known.set(file, entry);
    return entry;
  };
  // The project's shared store keeps texts between questions (a file over `MAX_FILE_BYTES` is not read).
  const textOf = (file: string, entry: Known): string | undefined => {
    const open = options.openText?.(file);
    if (open) return open.text;
    return entry.size > MAX_FILE_BYTES ? undefined : texts.textOf(file, PYTHON.test(file) ? 'python' : 'javascript', MAX_FILE_BYTES);
  };
  const ports: EnginePorts = { ...options.ports, project: { ...options.ports?.project } };
  const aliasFiles: AliasFiles = {
    isFile: (path) => states.isRegularFile(path),
    read: (path) => {
      const read = readDiskFile(path, { kind: 'config', maxBytes: 1024 * 1024 });
      return read.ok ? new TextDecoder().decode(read.bytes) : undefined;
    },
  };
  const aliasesKept = new Map<string, { size: number; mtimeMs: number; aliases: PathAliases | undefined }>();
  /** The `tsconfig.json` path aliases that apply to `file` (kept while the configuration is unchanged). */
  const aliasesFor = (file: string, root: string): PathAliases | undefined => {
    const config = nearestConfig(file, root, aliasFiles);
    const stamp = config ? states.stampOf(config) : undefined;
    if (!config || !stamp) return undefined;
    const kept = aliasesKept.get(config);
    if (kept && kept.size === stamp.size && kept.mtimeMs === stamp.mtimeMs) return kept.aliases;
    const aliases = readPathAliases(config, aliasFiles);
    aliasesKept.set(config, { size: stamp.size, mtimeMs: stamp.mtimeMs, aliases });
    return aliases;
  };

  const callersOf = (defining: string, functionName: string, parameter: CalledParameter): CallerOrigins | undefined => {
    const root = projectRootFor(defining, options.projectRoots?.() ?? [options.projectRoot]);
    if (parse(root).root === root) return undefined;
    const python = PYTHON.test(defining);
    if (!python && !JAVASCRIPT.test(defining)) return undefined;
    let files = filesOf.get(root);
    if (!files) {
      // Calls from test code are left out: a test passes its own fixtures, never a deployed program's input.
      files = codeFiles(root)?.filter((file) => !isTestCodePath(relative(root, file)));
      if (!files) return undefined;
      filesOf.set(root, files);
    }
    const word = new RegExp(`(?<![\\w$])${functionName.replace(/\$/g, '\\$')}(?![\\w$])`);
    // Every import that can resolve to the defining file names it: its module name in Python (`utils` of
    // `from .utils import run`), its file name in a JS/TS specifier (`./utils/git`). A package's `__init__.py` or
    // a folder's `index` file is imported by its folder's name or as `.`, so those are not filtered this way.
    const stem = basename(defining).replace(/\.[^.]*$/, '');
    const filterByName = stem !== '__init__' && stem !== 'index';
    const moduleWord = new RegExp(`(?<![\\w$-])${stem.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?![\\w$-])`);
    const result: CallerOrigins = { calls: 0, origin: 'constant', omitted: false };
    let worstRank = -1;
    for (const file of files) {
      if (file === defining || PYTHON.test(file) !== python) continue;
      const entry = knownOf(file);
      if (!entry) continue;
      let mentions = entry.mentions.get(functionName);
      if (mentions === undefined) {
        // A file too long to parse (generated or vendored code) is still searched for the name: only one that
        // mentions it makes the answer unknown.
        const text = textOf(file, entry) ?? mentionText(file);
        if (text === undefined) return undefined;
        mentions = word.test(text) || (!python && /export\s*\*/.test(text));
        entry.mentions.set(functionName, mentions);
      }
      if (!mentions) continue;
      options.dependents?.record(analysed, file);
      let summary = entry.summaries.get(functionName);
      if (summary === undefined) {
        const text = textOf(file, entry);
        if (text === undefined) return undefined;
        // A file whose text never names the defining module cannot import from it (most files that call some
        // other `run` or `main`), so it is not parsed. A `paths` alias may name a file without its name
        // (`"@git": ["src/utils/git.ts"]`): then every mentioning file is read.
        if (filterByName && !moduleWord.test(text) && (python || aliasesKeepFileNames(aliasesFor(file, root)))) continue;
        depth += 1;
        try {
          summary = options.engine.inspect(displayPath(options.baseFolder, file), text, (ctx) => importedCallsOf(ctx, functionName), config, ports) ?? null;
        } finally {
          depth -= 1;
        }
        entry.summaries.set(functionName, summary);
      }
      if (!summary) continue;
      const aliases = python ? undefined : aliasesFor(file, root);
      const fileAt = (target: string): string | undefined => {
        const path = relative(dirname(file), target);
        return resolveModule(file, path.startsWith('.') ? path : `./${path}`, root, states.isRegularFile);
      };
      // A bare specifier a `paths` alias maps to a file (`@utils/git` → `src/utils/git.ts`) is that file.
      const aliased = (module: string): ReturnType<typeof resolveAlias> => (aliases && !module.startsWith('.') ? resolveAlias(aliases, module, fileAt) : undefined);
      const resolves = (module: string): boolean => {
        const alias = aliased(module);
        return (alias && alias !== 'none' ? alias.found : resolveModule(file, module, root, states.isRegularFile)) === defining;
      };
      if (summary.starModules.some(resolves)) return undefined;
      for (const use of summary.uses) {
        // An alias or package path whose last part names the defining file (`@utils/git` for `src/utils/git.ts`,
        // or its folder for an `index` file) may be that file: its calls are unseen, unless the project's
        // `paths` say which file it is (then its calls are the uses of that module, counted below).
        if (use.bare && use.modules.some((module) => mayName(module, defining) && !isFound(aliased(module)))) return undefined;
        if (use.bare) continue;
        if (!use.modules.some(resolves)) continue;
        const call = use.call;
        if (!call || call.splat) return undefined;
        const origin = call.positional[parameter.index] ?? call.keywords[parameter.name];
        result.calls += 1;
        if (!origin) {
          result.omitted = true;
          continue;
        }
        if (RANK[origin] > worstRank) {
          worstRank = RANK[origin];
          result.origin = origin;
          result.example = { path: displayPath(options.baseFolder, file), line: call.line };
        }
      }
    }
    return result;
  };

  const facts = {
    callerOrigins: (fromPath: string, functionName: string, parameter: CalledParameter): CallerOrigins | undefined => {
      const defining = resolve(options.baseFolder, fromPath);
      if (depth === 0) analysed = defining;
      options.dependents?.recordName(analysed, functionName);
      if (depth >= MAX_DEPTH) return undefined;
      const key = `${defining}\u0000${functionName}\u0000${parameter.index}\u0000${parameter.name}`;
      return answers.answer(key, () => callersOf(defining, functionName, parameter));
    },
  };
  ports.project = { ...ports.project, ...facts };
  return facts;
}

const RANK: Record<ValueOrigin, number> = { constant: 0, operator: 1, outside: 2 };

function isFound(alias: ReturnType<typeof resolveAlias>): alias is { found: string } {
  return alias !== undefined && alias !== 'none';
}

/** The text of a file too long to parse, read only to test whether it mentions a name (undefined if unreadable). */
function mentionText(file: string): string | undefined {
  const read = readDiskFile(file, { kind: 'source', maxBytes: MAX_MENTION_BYTES });
  return read.ok ? new TextDecoder().decode(read.bytes) : undefined;
}

/** True when the last part of a bare module specifier names `file` or, for an `index` file, its folder. */
function mayName(module: string, file: string): boolean {
  const last = module.replace(/\.[cm]?[jt]sx?$/, '').split('/').pop() ?? '';
  const base = basename(file).replace(/\.[^.]*$/, '');
  return last === base || (base === 'index' && last === basename(dirname(file)));
}

/**
 * A lookup of the Python files under a project root that are not test code (`codeFiles` filtered), each root walked
 * once per lookup; undefined for a root whose walk was cut off.
 */
export function projectPythonFiles(): (root: string) => string[] | undefined {
  const filesOf = new Map<string, string[] | null>();
  return (root) => {
    let files = filesOf.get(root);
    if (files === undefined) {
      files = codeFiles(root)?.filter((file) => file.endsWith('.py') && !isTestCodePath(relative(root, file))) ?? null;
      filesOf.set(root, files);
    }
    return files ?? undefined;
  };
}

/** The Python and JS/TS files under `root`, in a stable order; undefined when the walk was cut off. */
export function codeFiles(root: string): string[] | undefined {
  const found: string[] = [];
  let entries = 0;
  walkProject(root, { maxEntries: MAX_ENTRIES, maxDepth: MAX_WALK_DEPTH }, (path, entry) => {
    entries += 1;
    if (entry.isFile() && (PYTHON.test(entry.name) || (JAVASCRIPT.test(entry.name) && !entry.name.endsWith('.d.ts')))) found.push(path);
  });
  // A walk that used its whole budget may have missed callers.
  return entries >= MAX_ENTRIES ? undefined : found;
}
