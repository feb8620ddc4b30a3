/**
 * `aisec scan --history [--since REF]`: the secrets every commit added. Each file version a commit produced is
 * analysed once, as a whole file (so the syntax tree and the file kind confirm a candidate as in any scan), and a
 * finding is reported for a commit when it touches a line that commit added, with the commit and its author date.
 * A secret a later commit removed is still reported: it stays in the history until the history is rewritten.
 */
import { join, relative, resolve } from 'node:path';
import { fileKindOf, fileSizeLimit, isBinaryFileKind, DEFAULT_CONFIG, type Engine, type Finding } from '../engine/index';
import { ConfigLoader } from '../host/config-loader';
import { createHostPorts } from '../host/engine-ports';
import { historyChanges, type HistoryChange } from '../host/git-history';
import { isWithinPaths, readBlobs } from '../host/git-files';
import { analyzeFile, type FileOutcome } from '../host/read-file';
import { DEFAULT_MAX_MODEL_BYTES, display, engineConfigFor } from '../host/scan';
import { isExcludedFromListedFiles } from '../host/walk';
import { ALL_RULES } from '../rules/index';
import type { ScanArgs } from './args';
import { touchesChange } from './changed-lines';
import { addEvent, emptyReport, type ScanReport } from './report';
import { scanOverridesOf, type CliIo } from './run-scan';

/** Blobs read from git per `cat-file --batch`, so the history's file versions are never all in memory at once. */
const BLOBS_PER_READ = 200;

export interface HistoryScan {
  report: ScanReport;
  /** Commits read and file versions analysed, for the summary line. */
  commits: number;
  description: string;
}

/** Scans the lines the history added; without `--select`, only the secrets rules run (other rules judge code as it is now). */
export async function scanHistory(args: ScanArgs, io: CliIo, loadEngine: () => Promise<Engine>): Promise<HistoryScan> {
  const started = performance.now();
  const history = historyChanges(io.cwd, args.since);
  const report = emptyReport();
  const loader = new ConfigLoader(ALL_RULES, io.cwd);
  const explicit = args.config !== undefined ? loader.loadExplicit(resolve(io.cwd, args.config)) : undefined;
  const overrides = { ...scanOverridesOf(args), ...(args.select ? {} : { select: ['secrets'] }) };
  const reportedConfigs = new Set<string>();

  // Which file versions to analyse: text files a walk would reach, under the paths given.
  const versions = new Map<string, { absolute: string; blob: string; changes: HistoryChange[] }>();
  for (const change of history.changes) {
    const { file } = change;
    const absolute = join(history.root, file.path);
    if (file.blob === undefined || (file.mode !== undefined && file.mode !== '100644' && file.mode !== '100755')) continue;
    const kind = fileKindOf(absolute);
    // Key stores are read as bytes (a committed one is new as a whole in its commit); model files are left to scans of today's tree.
    if (!kind || (isBinaryFileKind(kind) && kind !== 'keystore') || !isWithinPaths(absolute, io.cwd, args.paths)) continue;
    if (isExcludedFromListedFiles(history.root, absolute, explicit ?? loader.forPath(absolute))) continue;
    const key = `${file.blob}\u0000${file.path}`;
    const version = versions.get(key) ?? { absolute, blob: file.blob, changes: [] };
    version.changes.push(change);
    versions.set(key, version);
  }

  const engine = await loadEngine();
  await engine.ready();
  const ports = createHostPorts(engine, { baseFolder: io.cwd, roots: [history.root], projectRoot: history.root, maxModelBytes: DEFAULT_MAX_MODEL_BYTES });
  // Symbolic links of today's checkout say nothing about a model file as an old commit held it.
  if (ports.project) delete ports.project.linkEscape;
  const list = [...versions.values()];
  let id = 0;
  for (let from = 0; from < list.length; from += BLOBS_PER_READ) {
    const batch = list.slice(from, from + BLOBS_PER_READ);
    const blobs = readBlobs(history.root, batch.map((v) => v.blob), '--history');
    for (const [i, version] of batch.entries()) {
      const bytes = blobs[i]!;
      const loaded = explicit ?? loader.forPath(version.absolute);
      if (loaded && !reportedConfigs.has(loaded.file)) {
        reportedConfigs.add(loaded.file);
        for (const error of loaded.errors) addEvent(report, { type: 'config-error', error });
      }
      const path = display(io.cwd, version.absolute);
      const kind = fileKindOf(version.absolute)!;
      const config = { ...engineConfigFor(loaded, version.absolute, overrides), projectPath: relative(history.root, version.absolute).split('\\').join('/') };
      const limit = fileSizeLimit(version.absolute, kind, overrides.maxFileBytes ?? loaded?.config.maxFileBytes ?? DEFAULT_CONFIG.maxFileBytes);
      const outcome: FileOutcome =
        bytes.length > limit
          ? { id, path, kind, bytes: 0, skipped: `the version of commit ${version.changes[0]!.commit.slice(0, 12)} is larger than the ${limit} byte limit (${bytes.length} bytes)` }
          : analyzeFile(engine, { id, absolutePath: version.absolute, path, kind, size: bytes.length, config, maxModelBytes: DEFAULT_MAX_MODEL_BYTES, ...(args.timeBudgetMs > 0 ? { timeBudgetMs: args.timeBudgetMs } : {}) }, ports, bytes);
      id += 1;
      const findings = outcome.result?.findings ?? [];
      // The version is counted, noted and skipped once; its findings are reported per commit that added their lines.
      addEvent(report, { type: 'file', outcome: outcome.result ? { ...outcome, result: { ...outcome.result, findings: [] } } : outcome });
      for (const change of version.changes) {
        for (const finding of findings) if (touchesChange(finding, change.file.added)) report.findings.push(inCommit(finding, change));
      }
    }
  }
  report.durationMs = performance.now() - started;
  return { report, commits: history.commits, description: history.description };
}

/**
 * The finding as the commit that added it: its id and author date in the properties and the message. Its fixes
 * are dropped: they edit a past version of the file, and a leaked key is rotated and the history rewritten.
 */
function inCommit(finding: Finding, change: HistoryChange): Finding {
  return {
    ...finding,
    fixes: [],
    message: `${finding.message} (added in commit ${change.commit.slice(0, 12)} on ${change.authorDate.slice(0, 10)})`,
    properties: { ...finding.properties, commit: change.commit, authorDate: change.authorDate },
  };
}
