/**
 * Scans files and folders with the engine: walks them (see `walk.ts`), resolves the configuration of
 * each file, and analyses text files with `analyze` and model files with `analyzeBytes`. Large scans
 * run on worker threads, one per core, each with its own engine; small ones run in this thread, which
 * avoids paying the workers' start-up. Outcomes are yielded in walk order (stable output), with a bounded
 * number of files in flight so memory does not grow with the size of the tree.
 */
import { availableParallelism } from 'node:os';
import { existsSync, statSync } from 'node:fs';
import { dirname, join, parse, relative, resolve, sep } from 'node:path';
import { configForPath, type ConfigError } from '../engine/config-file';
import { DEFAULT_CONFIG, isBinaryFileKind, type Engine, type EngineConfig, type Profile, type RuleMeta } from '../engine/index';
import { ConfigLoader, pathForConfig, type LoadedConfig } from './config-loader';
import { createHostPorts } from './engine-ports';
import type { EnginePorts } from '../engine/index';
import { analyzeFile, type FileJob, type FileOutcome } from './read-file';
import { walkFiles, type WalkEntry } from './walk';
import { DISK_READ_CAPS } from './safe-read';
import { WorkerPool } from './worker-pool';

/** Settings given on the command line; they win over configuration files. */
export interface ScanOverrides {
  /** Replaces the configured selection. */
  select?: readonly string[];
  /** Added to the configured ignores. */
  ignore?: readonly string[];
  honourNosec?: boolean;
  maxFileBytes?: number;
  maxModelFileBytes?: number;
  /** Wins over the configuration files' `profile`. */
  profile?: Profile;
}

export interface ScanRequest {
  /** Files and folders to scan. */
  paths: readonly string[];
  /** The folder report paths are relative to. */
  cwd: string;
  /** `--config FILE`: one configuration for every file instead of the nearest one. */
  configFile?: string;
  overrides?: ScanOverrides;
  /** Worker threads: 0 or undefined = decide (one per core for large scans), 1 = this thread only. */
  jobs?: number;
  respectGitignore?: boolean;
  /** Per-file analysis budget in milliseconds (0 or undefined: none). */
  timeBudgetMs?: number;
  /** The registry, to validate rule names in configuration files. */
  rules: readonly RuleMeta[];
  /** Loads the in-thread engine (only when the scan runs in this thread or a model verdict is needed). */
  engine: () => Promise<Engine>;
  /**
   * Package intelligence shared with the caller (online scans): the scan then runs in this thread, so every
   * question the snapshot cannot answer is recorded on this one instance for the caller to fetch.
   */
  intel?: EnginePorts['intel'];
  /**
   * Bytes to analyse instead of what is on disk, by absolute path (`aisec fix` analyses exactly the bytes it
   * edits). The scan then runs in this thread.
   */
  contents?: ReadonlyMap<string, Uint8Array>;
  /** `paths` are files git chose in this repository (`--staged`, `--diff-base`): see `WalkOptions.listedBy`. */
  listedBy?: { repositoryRoot: string };
}

export type ScanEvent =
  | { type: 'config-error'; error: ConfigError }
  | { type: 'file'; outcome: FileOutcome }
  | { type: 'skipped'; path: string; reason: string; refused?: boolean }
  | { type: 'mode'; workers: number };

/** Model files are read up to this many bytes unless configured otherwise (the safe reader's cap for model files). */
export const DEFAULT_MAX_MODEL_BYTES = DISK_READ_CAPS.model;

/**
 * A scan stays in one thread until the walk has found this many files or bytes: a worker takes about
 * 0.2 s to start (grammars, queries, the intel snapshot) while one thread analyses about 6 MB/s, so
 * workers pay only for scans bigger than a few megabytes (measured: 60 small files take 0.25 s in one
 * thread, 0.41 s with two workers; 57 MB take 9.3 s in one thread, 6.4 s with two workers on 2 cores).
 */
export const PARALLEL_THRESHOLD = { files: 400, bytes: 4 * 1024 * 1024 };

/** Scans `request.paths`, yielding configuration errors, then one event per file in walk order. */
export async function* scanPaths(request: ScanRequest): AsyncGenerator<ScanEvent> {
  const cwd = resolve(request.cwd);
  const roots = request.paths.length > 0 ? request.paths.map((p) => resolve(cwd, p)) : [cwd];
  const loader = new ConfigLoader(request.rules, cwd);
  const explicit = request.configFile ? loader.loadExplicit(resolve(cwd, request.configFile)) : undefined;
  const overrides = request.overrides ?? {};
  const reported = new Set<string>();
  const configErrors = function* (loaded: LoadedConfig | undefined): Generator<ScanEvent> {
    if (!loaded || reported.has(loaded.file)) return;
    reported.add(loaded.file);
    for (const error of loaded.errors) yield { type: 'config-error', error };
  };
  yield* configErrors(explicit);
  for (const root of roots) yield* configErrors(explicit ?? loader.forPath(root));

  const maxModelBytes = (config: LoadedConfig | undefined): number => overrides.maxModelFileBytes ?? config?.config.maxModelFileBytes ?? DEFAULT_MAX_MODEL_BYTES;
  const walk = walkFiles({
    roots,
    configs: loader,
    ...(explicit ? { explicitConfig: explicit } : {}),
    maxFileBytes: (config) => overrides.maxFileBytes ?? config?.config.maxFileBytes ?? DEFAULT_CONFIG.maxFileBytes,
    ...(request.respectGitignore === false ? { respectGitignore: false } : {}),
    ...(request.listedBy ? { listedBy: request.listedBy } : {}),
  });

  // Decide between this thread and workers from the first files of the walk.
  const head: WalkEntry[] = [];
  let walkDone = false;
  const requested = request.jobs ?? 0;
  const cores = Math.max(1, availableParallelism());
  if (requested === 0) {
    let headBytes = 0;
    while (head.length < PARALLEL_THRESHOLD.files && headBytes < PARALLEL_THRESHOLD.bytes) {
      const next = await walk.next();
      if (next.done) {
        walkDone = true;
        break;
      }
      head.push(next.value);
      if (next.value.type === 'file') headBytes += isBinaryFileKind(next.value.kind) ? Math.min(next.value.size, 1024 * 1024) : next.value.size;
    }
  }
  const workers = request.intel || request.contents || requested === 1 ? 0 : requested > 1 ? requested : walkDone ? 0 : cores;
  yield { type: 'mode', workers };

  // Nothing is written while a scan runs, so the project pass may remember which import paths exist.
  const setup = { baseFolder: cwd, roots, projectRoot: projectRootOf(roots), maxModelBytes: maxModelBytes(explicit), filesFixed: true };
  // Path-based policies (test code) judge a file by its path in its project, whatever the working folder.
  const projectBases = roots.map((root) => ({ root, base: projectBaseOf(root) }));
  // A root that is the file itself (every root of a git-chosen list) is found without comparing against the others.
  const rootsByPath = new Map(projectBases.map((entry) => [entry.root, entry] as const));
  const projectPathOf = (file: string): string => {
    const holder = rootsByPath.get(file) ?? projectBases.find(({ root }) => !relative(root, file).startsWith('..'));
    return toPosixPath(relative(holder?.base ?? cwd, file));
  };
  // Files are analysed in this thread one after another, each once the parser is ready: a file that trapped the
  // parser leaves it being rebuilt, and the next file waits for the new one.
  let local: Promise<{ engine: Engine; ports: EnginePorts }> | undefined;
  let previous: Promise<unknown> = Promise.resolve();
  const inThisThread = (job: FileJob): Promise<FileOutcome> => {
    const loaded = (local ??= request.engine().then((engine) => ({ engine, ports: createHostPorts(engine, { ...setup, ...(request.intel ? { intel: request.intel } : {}) }) })));
    const next = previous.then(async () => {
      const { engine, ports } = await loaded;
      await engine.ready(engine.grammarsFor(job.path));
      return analyzeFile(engine, job, ports, request.contents?.get(job.absolutePath));
    });
    previous = next;
    return next;
  };
  let submit: (job: FileJob) => Promise<FileOutcome>;
  let pool: WorkerPool | undefined;
  if (workers > 0) {
    pool = new WorkerPool(workers, setup, inThisThread);
    const activePool = pool;
    submit = (job) => activePool.submit(job);
  } else {
    submit = inThisThread;
  }

  // Results come back in walk order; a deeper queue keeps one worker busy while the other finishes a large
  // file at the head of the queue (16 per worker left a core idle; each entry is a path, not file text).
  const maxInFlight = Math.max(1, workers) * 64;
  const inFlight: Promise<ScanEvent>[] = [];
  let id = 0;
  const enqueue = (entry: WalkEntry): ScanEvent[] => {
    const extra: ScanEvent[] = [];
    if (entry.type === 'skipped') {
      inFlight.push(Promise.resolve({ type: 'skipped', path: display(cwd, entry.path), reason: entry.reason, ...(entry.refused ? { refused: true } : {}) }));
      return extra;
    }
    if (entry.config && !reported.has(entry.config.file)) for (const event of configErrors(entry.config)) extra.push(event);
    const job: FileJob = {
      id: id++,
      absolutePath: entry.path,
      path: display(cwd, entry.path),
      kind: entry.kind,
      size: entry.size,
      config: { ...engineConfigFor(entry.config, entry.path, overrides), projectPath: projectPathOf(entry.path) },
      maxModelBytes: maxModelBytes(entry.config),
      ...(request.timeBudgetMs ? { timeBudgetMs: request.timeBudgetMs } : {}),
    };
    inFlight.push(submit(job).then((outcome) => ({ type: 'file', outcome })));
    return extra;
  };

  try {
    const source = (async function* () {
      yield* head;
      if (!walkDone) yield* walk;
    })();
    for await (const entry of source) {
      yield* enqueue(entry);
      while (inFlight.length >= maxInFlight) {
        const next = inFlight.shift();
        if (next) yield await next;
      }
    }
    while (inFlight.length > 0) {
      const next = inFlight.shift();
      if (next) yield await next;
    }
  } finally {
    await pool?.close();
  }
}

/** The engine configuration for one file: defaults, then its configuration file, then the command line. */
export function engineConfigFor(loaded: LoadedConfig | undefined, path: string, overrides: ScanOverrides): EngineConfig {
  const fromFile = loaded ? configForPath(loaded.config, pathForConfig(loaded, path)) : DEFAULT_CONFIG;
  return {
    ...fromFile,
    select: overrides.select && overrides.select.length > 0 ? [...overrides.select] : fromFile.select,
    ignore: overrides.ignore ? [...fromFile.ignore, ...overrides.ignore] : fromFile.ignore,
    honourNosec: overrides.honourNosec ?? fromFile.honourNosec,
    maxFileBytes: overrides.maxFileBytes ?? fromFile.maxFileBytes,
    ...(overrides.profile ? { profile: overrides.profile } : {}),
  };
}

/** Files that mark the root of a project (a repository, a configured or packaged project). */
const PROJECT_MARKERS = ['.git', '.aisec.toml', 'pyproject.toml', 'package.json', 'setup.py'];

/**
 * The nearest folder at or above `path` that marks a project, else the folder of `path` itself: scanning
 * `repo/tests` judges `tests/x.py`, and a fixture project with its own `pyproject.toml` is a project of its own.
 */
function projectBaseOf(path: string): string {
  const start = existsSync(path) && !statSync(path).isDirectory() ? dirname(path) : path;
  for (let up = start; ; ) {
    if (PROJECT_MARKERS.some((marker) => existsSync(join(up, marker)))) return up;
    const parent = dirname(up);
    if (parent === up) return start;
    up = parent;
  }
}

function toPosixPath(path: string): string {
  return path.split(sep).join('/');
}

/**
 * The folder manifests and first-party modules are searched up to, decided from the scanned paths alone so
 * that the same tree gives the same findings from any working folder: the repository (the nearest folder
 * holding `.git`) of the first root, or, outside a repository, the deepest folder holding every root.
 */
export function projectRootOf(roots: readonly string[]): string {
  const folders = roots.map((root) => (existsSync(root) && !statSync(root).isDirectory() ? dirname(root) : root));
  for (let up = folders[0] ?? parse(process.cwd()).root; ; ) {
    if (existsSync(join(up, '.git'))) return up;
    const parent = dirname(up);
    if (parent === up) break;
    up = parent;
  }
  let common = folders[0] ?? parse(process.cwd()).root;
  while (!folders.every((folder) => folder === common || !relative(common, folder).startsWith('..'))) common = dirname(common);
  return common;
}

/** A report path: relative to the working folder when inside it, `/`-separated. */
export function display(cwd: string, path: string): string {
  const rel = relative(cwd, path);
  if (rel === '') return '.';
  return (rel.startsWith('..') ? path : rel).split(sep).join('/');
}
