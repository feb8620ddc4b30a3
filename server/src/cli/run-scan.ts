/**
 * Runs a scan for the CLI: feeds the scanner's events into a report, streams text findings as each
 * file completes, draws a progress line on a terminal, and applies `--baseline`.
 */
import { resolve } from 'node:path';
import { fileKindOf, type Engine, type Finding, type RuleMeta } from '../engine/index';
import { scanPaths, type ScanOverrides } from '../host/scan';
import { readDiskFile } from '../host/safe-read';
import { decodeSource } from '../host/source-encoding';
import { endpointsFromEnv, userIntelCachePath } from '../host/engine-ports';
import { createPackageIntel, DEFAULT_ONLINE_DEADLINE_MS, type HostPackageIntel, type PendingQuery } from '../intel/index';
import type { ScanArgs } from './args';
import type { TextOptions } from './emitters/text';
import { RedactedDocument } from '../rules/secrets/redact-text';
import { verifyOriginsFromEnv, verifySecretFindings } from '../verify/verify-secrets';
import { addEvent, emptyReport, severityRank, type ScanReport } from './report';

/** Where the CLI writes. Tests and `main.ts` provide it; nothing else in the CLI touches the process. */
export interface CliIo {
  cwd: string;
  stdout(text: string): void;
  stderr(text: string): void;
  /** Progress is drawn only on a terminal. */
  stderrIsTty: boolean;
}

/** What the command line changes in every file's configuration. */
export function scanOverridesOf(args: ScanArgs): ScanOverrides {
  return {
    ...(args.select ? { select: args.select } : {}),
    ...(args.ignore ? { ignore: args.ignore } : {}),
    ...(args.noNosec ? { honourNosec: false } : {}),
    ...(args.maxFileBytes !== undefined ? { maxFileBytes: args.maxFileBytes } : {}),
    ...(args.maxModelFileBytes !== undefined ? { maxModelFileBytes: args.maxModelFileBytes } : {}),
    ...(args.profile ? { profile: args.profile } : {}),
  };
}

export interface ScanRun {
  report: ScanReport;
}

/**
 * Scans with the CLI's options. `paths` replaces the command line's paths (the re-scan after fixes),
 * and `contents` the bytes on disk (see `ScanRequest.contents`).
 */
export async function runScan(
  args: ScanArgs,
  io: CliIo,
  rules: readonly RuleMeta[],
  engine: () => Promise<Engine>,
  paths?: readonly string[],
  contents?: ReadonlyMap<string, Uint8Array>,
  listedBy?: { repositoryRoot: string },
): Promise<ScanRun> {
  const started = performance.now();
  const report = emptyReport();
  // Git chose no file (nothing staged, nothing changed): an empty list must not fall back to scanning the folder.
  if (listedBy && paths?.length === 0) return { report };
  const overrides = scanOverridesOf(args);
  const progress = io.stderrIsTty && !args.quiet ? new ProgressLine(io) : undefined;
  const request = {
    paths: paths ?? args.paths,
    cwd: io.cwd,
    ...(args.config ? { configFile: args.config } : {}),
    overrides,
    ...(args.jobs !== undefined ? { jobs: args.jobs } : {}),
    ...(args.noGitignore ? { respectGitignore: false } : {}),
    ...(args.timeBudgetMs > 0 ? { timeBudgetMs: args.timeBudgetMs } : {}),
    rules,
    engine,
    ...(contents ? { contents } : {}),
    ...(listedBy ? { listedBy } : {}),
  };
  let intel: HostPackageIntel | undefined;
  if (args.online) {
    // Online: a first, silent pass records what the snapshot and the cache cannot answer; those names are
    // fetched in batches (names and versions only, never private names) and the reported pass reads the answers.
    const deadlineMs = args.onlineDeadlineMs ?? DEFAULT_ONLINE_DEADLINE_MS;
    intel = createPackageIntel({ online: true, cacheFile: userIntelCachePath(), endpoints: endpointsFromEnv(), deadlineMs, ...(args.privateNames ? { privateNames: args.privateNames } : {}) });
    for await (const event of scanPaths({ ...request, intel })) void event;
    const fetched = await intel.refresh();
    if (!args.quiet) io.stderr(`aisec: online lookups: ${fetched.fetched} answer(s) fetched${fetched.failed > 0 ? `, ${fetched.failed} failed (those packages stay unknown)` : ''}\n`);
    // Said even with --quiet: a partial lookup changes what the report can say.
    if (fetched.notLookedUp.length > 0) io.stderr(`aisec: online lookups stopped at the ${deadlineMs} ms deadline (--online-deadline); not looked up, so still unknown: ${listQueries(fetched.notLookedUp)}\n`);
  }
  const events = scanPaths({ ...request, ...(intel ? { intel } : {}) });
  const threshold = severityRank(args.minSeverity);
  for await (const event of events) {
    const before = report.findings.length;
    addEvent(report, event);
    if (threshold > 1) dropBelow(report, before, threshold);
    if (event.type === 'file') progress?.update(report, event.outcome.path);
  }
  progress?.clear();
  if (args.verify) await verifyReportedKeys(report, io, args, contents);
  report.durationMs = performance.now() - started;
  return { report };
}

/**
 * `--verify`: asks each reported key's provider whether it is active. Keys are read back from the scanned
 * bytes (the staged content when there is one), never printed; the summary counts verdicts only.
 */
async function verifyReportedKeys(report: ScanReport, io: CliIo, args: ScanArgs, contents: ReadonlyMap<string, Uint8Array> | undefined): Promise<void> {
  const textOf = (path: string): string | undefined => {
    const bytes = contents?.get(path) ?? contents?.get(resolve(io.cwd, path));
    const read = bytes ? { ok: true as const, bytes } : readDiskFile(resolve(io.cwd, path), { kind: 'source' });
    // Decoded as the scan decoded it, so the finding's range points at the same characters.
    return read.ok ? decodeSource(read.bytes, fileKindOf(path) ?? 'text').text : undefined;
  };
  const origins = verifyOriginsFromEnv();
  const summary = await verifySecretFindings(report.findings, textOf, origins ? { origins } : {});
  if (!args.quiet) io.stderr(`aisec: verified keys: ${summary.active} active, ${summary.inactive} inactive, ${summary.unknown} unknown${summary.unverifiable > 0 ? ` (${summary.unverifiable} of providers without a read-only check)` : ''}\n`);
}

/** "pypi requests, npm left-pad, advisories for pypi flask, the commit of org/repo#main and 12 more". */
function listQueries(queries: readonly PendingQuery[]): string {
  const shown = queries.slice(0, 10).map((q) => (q.kind === 'registry' ? `${q.ecosystem} ${q.name}` : q.kind === 'osv' ? `advisories for ${q.ecosystem} ${q.name}` : `the commit of ${q.name}`));
  return `${shown.join(', ')}${queries.length > shown.length ? ` and ${queries.length - shown.length} more` : ''}`;
}

/**
 * Text output options reading code frames from disk, or from `contents` for the files a scan read from there (one file cached at a time). Frames show the file
 * through `RedactedDocument`: what the secrets scanner finds, URL passwords, and every value on the lines
 * of the file's reported secrets are masked.
 */
export function textOptions(io: CliIo, color: boolean, findingsOf?: (path: string) => readonly Finding[], contents?: ReadonlyMap<string, Uint8Array>): TextOptions {
  let cached: { path: string; findings: readonly Finding[]; document: RedactedDocument | undefined } | undefined;
  return {
    color,
    documentOf: (path) => {
      const findings = findingsOf?.(path) ?? [];
      if (cached?.path !== path || cached.findings !== findings) {
        // Code frames re-read files the scan analysed; the same safe read keeps a file swapped for a FIFO since from stalling the report,
        // and the same decoding (byte-order mark dropped, a declared encoding honoured) keeps the columns the findings give.
        // A staged scan shows the staged text, which is what was analysed.
        const given = contents?.get(resolve(io.cwd, path));
        const read = given ? ({ ok: true, bytes: given } as const) : readDiskFile(resolve(io.cwd, path), { kind: 'source' });
        const reported = findings.filter((f) => f.category === 'secrets').map((f) => f.range);
        cached = { path, findings, document: read.ok ? new RedactedDocument(decodeSource(read.bytes, fileKindOf(path) ?? 'text').text, reported) : undefined };
      }
      return cached.document;
    },
  };
}

/** Removes the findings added since `from` that are below the `--min-severity` rank, counting them. */
function dropBelow(report: ScanReport, from: number, threshold: number): void {
  const fresh = report.findings.splice(from);
  for (const finding of fresh) {
    if (severityRank(finding.severity) >= threshold) report.findings.push(finding);
    else report.belowMinSeverity += 1;
  }
}

/** A one-line progress display on standard error, redrawn at most ten times a second. */
class ProgressLine {
  private last = 0;
  private shown = false;

  constructor(private readonly io: CliIo) {}

  update(report: ScanReport, path: string): void {
    const now = performance.now();
    if (now - this.last < 100) return;
    this.last = now;
    const mb = (report.bytesScanned / (1024 * 1024)).toFixed(1);
    const line = `scanning: ${report.filesScanned} files, ${mb} MB, ${report.findings.length} findings  ${path}`;
    this.io.stderr(`\r\u001b[2K${line.length > 100 ? `${line.slice(0, 99)}…` : line}`);
    this.shown = true;
  }

  clear(): void {
    if (!this.shown) return;
    this.io.stderr('\r\u001b[2K');
    this.shown = false;
  }
}
