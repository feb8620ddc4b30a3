/**
 * The ports a Node host gives the engine for a scan: package intelligence (the bundled snapshot, or the
 * newer one `aisec intel update` wrote; offline, so a scan is deterministic and never touches the
 * network) and project facts (files on disk, model-file verdicts, declared dependencies, first-party
 * modules, the manifest that should receive a new dependency). One set per thread.
 */
import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import type { Engine, EnginePorts, ProjectFacts } from '../engine/index';
import { createPackageIntel, FileSystemProjectFacts } from '../intel/index';
import { diskProjectFacts } from './project-facts';

export interface HostPortsOptions {
  /** The folder the engine's paths are relative to (the CLI's working folder). */
  baseFolder: string;
  /** Scan roots: relative references may also start from them. */
  roots: readonly string[];
  /** The project root manifests are searched up to. */
  projectRoot: string;
  maxModelBytes: number;
}

/** Where `aisec intel update` writes the refreshed snapshot that scans prefer over the bundled one. */
export function userIntelSnapshotPath(env: NodeJS.ProcessEnv = process.env): string {
  const cacheHome = env.XDG_CACHE_HOME && env.XDG_CACHE_HOME !== '' ? env.XDG_CACHE_HOME : join(homedir(), '.cache');
  return join(cacheHome, 'aisec', 'intel-snapshot.json');
}

/** Creates the ports for one engine (call once per thread and reuse for every file). */
export function createHostPorts(engine: Engine, options: HostPortsOptions): EnginePorts {
  const disk = diskProjectFacts({ baseFolder: options.baseFolder, roots: options.roots, engine, maxModelBytes: options.maxModelBytes });
  const manifests = new FileSystemProjectFacts({ root: options.projectRoot });
  const absolute = (fromPath: string): string => join(options.baseFolder, fromPath);
  // The answers depend only on the file's folder, and a scan asks the same questions for every file of a
  // folder: memoising them per folder saves the file-system probes (a quarter of the CPU time on real code).
  const firstParty = new Map<string, boolean>();
  const declared = new Map<string, ReadonlySet<string> | undefined>();
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
  };
  const updated = userIntelSnapshotPath();
  let intel: EnginePorts['intel'];
  try {
    intel = createPackageIntel({ online: false, ...(existsSync(updated) ? { updatedSnapshotPath: updated } : {}) });
  } catch {
    // Without a readable snapshot the dependency rules stay quiet rather than the scan failing.
    intel = undefined;
  }
  return { project, clock: { now: () => performance.now() }, ...(intel ? { intel } : {}) };
}
