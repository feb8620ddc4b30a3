/**
 * The ports a Node host gives the engine for a scan: package intelligence (the bundled snapshot, or the
 * newer one `aisec intel update` wrote; offline, so a scan is deterministic and never touches the
 * network) and project facts (files on disk, model-file verdicts, declared dependencies, first-party
 * modules, the manifest that should receive a new dependency). One set per thread.
 */
import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import type { Engine, EnginePorts, ProjectFacts } from '../engine/index';
import { createPackageIntel, FileSystemProjectFacts } from '../intel/index';
import type { RegistryEndpoints } from '../intel/index';
import { diskProjectFacts } from './project-facts';
import { taintSummaryFacts, type OpenText } from './taint-summaries';
import { fileWriterFacts } from './file-writers';
import { importClosureFacts } from './import-closure';
import { remoteImportClosure, type ClosureLink } from './import-closure-service';
import { callerOriginFacts } from './command-callers';
import { returnOriginFacts } from './command-returns';
import { memberOriginFacts } from './member-origins';
import { subclassModuleFacts } from './subclass-modules';
import { exportedDeclarationFacts } from './exported-declarations';
import type { TaintDependents } from './taint-dependents';
import { LIVE_FILE_STATES, memoisedFileStates } from './file-states';
import { LIVE_KEPT_CHARS, projectTexts, SCAN_KEPT_CHARS } from './project-texts';

export interface HostPortsOptions {
  /** The folder the engine's paths are relative to (the CLI's working folder). */
  baseFolder: string;
  /** Scan roots: relative references may also start from them. */
  roots: readonly string[];
  /** The project root manifests are searched up to. */
  projectRoot: string;
  /** The project roots when there are several (the language server's workspace folders), for imports across modules. */
  projectRoots?: () => readonly string[];
  maxModelBytes: number;
  /** Package intelligence to use instead of the offline snapshot (online scans share one instance). */
  intel?: EnginePorts['intel'];
  /** Where the taint summaries record which analysed file used which module (the language server's). */
  taintDependents?: TaintDependents;
  /** The text of a file open in the editor (absolute path), which module summaries read instead of the disk. */
  openText?: OpenText;
  /**
   * The files do not change while these ports live (one CLI scan): which candidate paths of an import exist, and
   * the stamps of summarised modules, are asked once per path instead of at every lookup.
   */
  filesFixed?: boolean;
  /**
   * A scan worker's link to the main thread, which answers the import-closure questions of every worker from one
   * pass (`import-closure-service.ts`); this thread's own pass is built only for questions the link cannot take.
   */
  closureLink?: ClosureLink;
}

/** Where online answers are cached between runs (positive answers for days, negative ones for hours). */
export function userIntelCachePath(env: NodeJS.ProcessEnv = process.env): string {
  return join(userCacheFolder(env), 'intel-cache.json');
}

/** The CLI's cache of verified AI patches and explanations (`ai/answer-cache.ts`). */
export function userAiCachePath(env: Readonly<Record<string, string | undefined>> = process.env): string {
  return join(userCacheFolder(env), 'ai-answers.json');
}

/** `$XDG_CACHE_HOME/aisec`, else `~/.cache/aisec`. */
function userCacheFolder(env: Readonly<Record<string, string | undefined>>): string {
  const cacheHome = env.XDG_CACHE_HOME && env.XDG_CACHE_HOME !== '' ? env.XDG_CACHE_HOME : join(homedir(), '.cache');
  return join(cacheHome, 'aisec');
}

/**
 * Registry endpoints, overridable by environment (mirrors, and loopback registries in tests):
 * AISEC_PYPI_URL, AISEC_NPM_URL, AISEC_OSV_URL, AISEC_GITHUB_API_URL.
 */
export function endpointsFromEnv(env: NodeJS.ProcessEnv = process.env): Partial<RegistryEndpoints> {
  const out: Partial<RegistryEndpoints> = {};
  if (env.AISEC_PYPI_URL) out.pypi = env.AISEC_PYPI_URL;
  if (env.AISEC_NPM_URL) out.npm = env.AISEC_NPM_URL;
  if (env.AISEC_OSV_URL) out.osv = env.AISEC_OSV_URL;
  if (env.AISEC_GITHUB_API_URL) out.github = env.AISEC_GITHUB_API_URL;
  if (env.AISEC_OSV_EXPORTS_URL) out.osvExports = env.AISEC_OSV_EXPORTS_URL;
  if (env.AISEC_HF_URL) out.huggingface = env.AISEC_HF_URL;
  return out;
}

/** Where `aisec intel update` writes the refreshed snapshot (a folder of parts) that scans prefer over the bundled one. */
export function userIntelSnapshotPath(env: NodeJS.ProcessEnv = process.env): string {
  return join(intelCacheFolder(env), 'intel-snapshot');
}

/** The single-file snapshot `aisec intel update` wrote before it wrote parts; read while no folder replaces it. */
export function legacyUserIntelSnapshotPath(env: NodeJS.ProcessEnv = process.env): string {
  return join(intelCacheFolder(env), 'intel-snapshot.json');
}

function intelCacheFolder(env: NodeJS.ProcessEnv): string {
  const cacheHome = env.XDG_CACHE_HOME && env.XDG_CACHE_HOME !== '' ? env.XDG_CACHE_HOME : join(homedir(), '.cache');
  return join(cacheHome, 'aisec');
}

/** Creates the ports for one engine (call once per thread and reuse for every file). */
export function createHostPorts(engine: Engine, options: HostPortsOptions): EnginePorts {
  const disk = diskProjectFacts({ baseFolder: options.baseFolder, roots: options.roots, engine, maxModelBytes: options.maxModelBytes });
  const manifests = new FileSystemProjectFacts({ root: options.projectRoot });
  // Paths outside the working folder reach the engine absolute; `join` would graft them onto it.
  const absolute = (fromPath: string): string => resolve(options.baseFolder, fromPath);
  // The answers depend only on the file's folder, and a scan asks the same questions for every file of a
  // folder: memoising them per folder saves the file-system probes (a quarter of the CPU time on real code).
  const firstParty = new Map<string, boolean>();
  // A scan treats its tree as fixed: both project passes share one memo of the file system's answers.
  const fileStates = options.filesFixed ? memoisedFileStates() : undefined;
  // One store of module texts for every project pass, so each file is read once (a scan keeps more of them).
  const texts = projectTexts(fileStates ?? LIVE_FILE_STATES, fileStates ? SCAN_KEPT_CHARS : LIVE_KEPT_CHARS);
  const declared = new Map<string, ReadonlySet<string> | undefined>();
  // What the passes over the project's modules (summaries, import closures, callers) share.
  const projectPass = {
    engine,
    baseFolder: options.baseFolder,
    projectRoot: options.projectRoot,
    ...(options.projectRoots ? { projectRoots: options.projectRoots } : {}),
    ...(options.taintDependents ? { dependents: options.taintDependents } : {}),
    ...(options.openText ? { openText: options.openText } : {}),
    ...(fileStates ? { fileStates } : {}),
    texts,
  };
  const ownClosure = (): NonNullable<ProjectFacts['importClosureMatches']> =>
    importClosureFacts({ ...projectPass, ...(fileStates ? { filesFixed: true } : {}), isFirstParty: (fromFile, topLevel) => project.isFirstParty?.(fromFile, 'pypi', topLevel) ?? true }).importClosureMatches;
  const project: ProjectFacts = {
    ...disk,
    declaredDependencies: (fromPath, ecosystem) => {
      const key = `${dirname(fromPath)}\u0000${ecosystem}`;
      if (!declared.has(key)) declared.set(key, manifests.declaredDependencies(absolute(fromPath), ecosystem));
      return declared.get(key);
    },
    isFirstParty: (fromPath, ecosystem, moduleName) => {
      const key = `${dirname(fromPath)}\u0000${ecosystem}\u0000${moduleName}`;
      let answer = firstParty.get(key);
      if (answer === undefined) {
        answer = manifests.isFirstParty(absolute(fromPath), ecosystem, moduleName);
        if (firstParty.size > 200_000) firstParty.clear();
        firstParty.set(key, answer);
      }
      return answer;
    },
    manifestFor: (fromPath, ecosystem) => manifests.manifestFor(absolute(fromPath), ecosystem),
    repositoryOwner: (fromPath) => manifests.repositoryOwner(absolute(fromPath)),
    ...fileWriterFacts({ engine, baseFolder: options.baseFolder, projectRoot: options.projectRoot, texts, ...(fileStates ? { fileStates } : {}) }),
    ...taintSummaryFacts({ ...projectPass, ports: { clock: { now: () => Date.now() } } }),
    importClosureMatches: options.closureLink ? remoteImportClosure(options.closureLink, ownClosure) : ownClosure(),
    ...callerOriginFacts(projectPass),
    ...returnOriginFacts({ ...projectPass, projectFacts: () => project }),
    ...memberOriginFacts({ ...projectPass, projectFacts: () => project }),
    ...exportedDeclarationFacts(projectPass),
    ...subclassModuleFacts({ ...projectPass, taintSummary: (fromPath, module, analysedPath) => project.taintSummary?.(fromPath, module, analysedPath) }),
  };
  const intel = options.intel ?? offlineIntel();
  // Wall-clock time: the dependency rules compare release dates with it, and budgets only take differences.
  return { project, clock: { now: () => Date.now() }, ...(intel ? { intel } : {}) };
}

/** The offline intelligence: the snapshot `aisec intel update` wrote, or the bundled one. */
function offlineIntel(): EnginePorts['intel'] {
  const updated = [userIntelSnapshotPath(), legacyUserIntelSnapshotPath()].find((path) => existsSync(path));
  try {
    return createPackageIntel({ online: false, ...(updated ? { updatedSnapshotPath: updated } : {}) });
  } catch {
    // Without a readable snapshot the dependency rules stay quiet rather than the scan failing.
    return undefined;
  }
}
