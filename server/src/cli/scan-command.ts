/**
 * `aisec scan` as a function the CLI and the GitHub Action share: it chooses the files (the paths given,
 * or what git selects with `--staged` / `--diff-base`), scans them, applies `--baseline`, writes the report
 * in the requested format and computes the exit code.
 */
import { existsSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { unknownSelectors } from '../engine/config-file';
import type { BaselineEntry } from '../engine/baseline';
import type { Finding } from '../engine/index';
import { changedSinceSelection, GitSelectionError, stagedSelection, withinPaths, type GitSelection } from '../host/git-files';
import { loadEngine, loadEngineOnDemand } from '../host/load-engine';
import { ALL_RULES } from '../rules/index';
import { UsageError, type ScanArgs } from './args';
import { applyBaseline, readBaselineFile } from './baseline-file';
import { keepFindingsOnChangedLines } from './changed-lines';
import { scanHistory, type HistoryScan } from './history-scan';
import { formatGroupedFindings, formatStatistics, ruleStatistics } from './emitters/grouped';
import { toHtmlReport } from './emitters/html';
import { toJsonReport } from './emitters/json';
import { toSarif } from './emitters/sarif';
import { formatSummary } from './emitters/text';
import { endOfFile, resolveEditFile } from './paths';
import { incompleteFiles, severityRank, type ScanReport } from './report';
import { runScan, textOptions, type CliIo } from './run-scan';
import type { TextOptions } from './emitters/text';
import { VERSION } from './version';

export interface ScanOutcome {
  report: ScanReport;
  /** With `--baseline`: the file as given and the entries no finding matches any more. */
  baseline?: { file: string; fixed: BaselineEntry[] };
  /** With `--staged` or `--diff-base`: what git chose (and the staged bytes). */
  selection?: GitSelection;
  /** With `--history`: findings come from past versions of files, so no code frame can be read from disk. */
  history?: boolean;
}

/** Rejects what cannot be scanned before any work: missing paths, unknown rule selectors, conflicting options. */
export function checkScanArgs(args: ScanArgs, io: CliIo): void {
  for (const path of args.paths) if (!existsSync(resolve(io.cwd, path))) throw new UsageError(`${path}: no such file or folder`);
  for (const [option, list] of [['--select', args.select], ['--ignore', args.ignore]] as const) {
    const unknown = unknownSelectors(list ?? [], ALL_RULES);
    if (unknown.length > 0) throw new UsageError(`${option}: ${unknown.map((u) => `"${u.entry}" is not a rule code, name or category${u.suggestion}`).join('; ')}`);
  }
  if ([args.staged, args.diffBase !== undefined, args.history].filter(Boolean).length > 1) throw new UsageError('--staged, --diff-base and --history choose what to scan in different ways; give one of them');
  if (args.since !== undefined && !args.history) throw new UsageError('--since REF belongs to --history (to scan the files changed since REF, use --diff-base REF)');
  // Verification reads each key back from the file on disk, which is not the version a past commit held.
  if (args.history && args.verify) throw new UsageError('--verify and --fail-on-verified check keys in the working tree; they cannot be combined with --history');
}

/** Scans what `args` selects and applies the baseline. */
export async function scanSelected(args: ScanArgs, io: CliIo): Promise<ScanOutcome> {
  const baseline = args.baseline !== undefined ? readBaselineFile(io.cwd, args.baseline) : undefined;
  if (args.history) {
    const history = await historyScan(args, io);
    const outcome: ScanOutcome = { report: history.report, history: true };
    if (!args.quiet) io.stderr(`aisec: scanned ${history.report.filesScanned} file versions added by ${history.commits} ${history.description}\n`);
    if (baseline && args.baseline !== undefined) outcome.baseline = { file: args.baseline, fixed: applyBaseline(history.report, baseline, io.cwd, args.baseline).fixed };
    return outcome;
  }
  const selection = gitSelection(args, io);
  const { report } = selection
    ? await runScan(args, io, ALL_RULES, loadEngineOnDemand, selection.files, selection.contents, { repositoryRoot: selection.root })
    : await runScan(args, io, ALL_RULES, loadEngineOnDemand);
  if (selection?.changedLines) keepFindingsOnChangedLines(report, selection.changedLines, io.cwd);
  if (selection && !args.quiet) io.stderr(`aisec: scanned ${report.filesScanned} of ${selection.files.length} ${selection.description}\n`);
  const outcome: ScanOutcome = { report, ...(selection ? { selection } : {}) };
  if (baseline && args.baseline !== undefined) outcome.baseline = { file: args.baseline, fixed: applyBaseline(report, baseline, io.cwd, args.baseline).fixed };
  return outcome;
}

async function historyScan(args: ScanArgs, io: CliIo): Promise<HistoryScan> {
  try {
    return await scanHistory(args, io, loadEngine);
  } catch (error) {
    if (error instanceof GitSelectionError) throw new UsageError(error.message);
    throw error;
  }
}

function gitSelection(args: ScanArgs, io: CliIo): GitSelection | undefined {
  try {
    if (args.staged) return withinPaths(stagedSelection(io.cwd), io.cwd, args.paths);
    if (args.diffBase !== undefined) return withinPaths(changedSinceSelection(io.cwd, args.diffBase), io.cwd, args.paths);
    return undefined;
  } catch (error) {
    if (error instanceof GitSelectionError) throw new UsageError(error.message);
    throw error;
  }
}

/** The SARIF log of a report, its URIs relative to the working folder. */
export function sarifText(report: ScanReport, io: CliIo): string {
  return `${JSON.stringify(toSarif(report, { version: VERSION, rules: ALL_RULES, sourceRoot: io.cwd, endOfFile: (p) => endOfFile(resolve(io.cwd, p)), resolveEditFile }), null, 2)}\n`;
}

/** Writes the report in the requested format to standard output or `--output`. */
export function writeReport(outcome: ScanOutcome, args: ScanArgs, io: CliIo, summaryOnly = false): void {
  const { report } = outcome;
  const contents = outcome.selection?.contents;
  let text: string;
  if (args.statistics && !summaryOnly) {
    text = args.format === 'json' ? `${JSON.stringify(ruleStatistics(report.findings), null, 2)}\n` : `${formatStatistics(report.findings, ALL_RULES)}${formatSummary(report, { ...textOptions(io, args.color && args.output === undefined), maxListed: 0 })}\n`;
  } else if (args.format === 'json') text = `${JSON.stringify(toJsonReport(report, VERSION), null, 2)}\n`;
  else if (args.format === 'sarif') text = sarifText(report, io);
  else if (args.format === 'html') {
    const byPath = groupByPath(report.findings);
    const documents = outcome.history ? withoutCodeFrames(textOptions(io, false)) : textOptions(io, false, (path) => byPath.get(path) ?? [], contents);
    text = toHtmlReport(report, { version: VERSION, rules: ALL_RULES, documentOf: documents.documentOf, generatedAt: new Date().toISOString(), ...(outcome.baseline ? { baseline: outcome.baseline } : {}) });
  } else {
    const byPath = groupByPath(report.findings);
    const colored = textOptions(io, args.color && args.output === undefined, (path) => byPath.get(path) ?? [], contents);
    const options = outcome.history ? withoutCodeFrames(colored) : colored;
    const body = summaryOnly ? '' : formatGroupedFindings(report.findings, options);
    const summary = formatSummary(report, args.quiet ? { ...options, maxListed: 0 } : { ...options, listMembers: args.verbose });
    text = `${body}${summary}\n`;
  }
  if (args.output !== undefined) {
    writeFileSync(resolve(io.cwd, args.output), text);
    if (!args.quiet) io.stderr(`aisec: wrote the ${args.format} report to ${args.output}\n`);
    if (args.format === 'text') return;
    io.stderr(formatSummary(report, { ...textOptions(io, false), maxListed: 0, fixHints: false }).split('\n').slice(-3).join('\n') + '\n');
    return;
  }
  io.stdout(text);
}

/** 0 clean, 1 a finding at or above `--fail-on`, 2 configuration errors, 3 nothing fails but some file was analysed only in part. */
export function exitCode(report: ScanReport, args: ScanArgs): number {
  if (report.configErrors.length > 0) return 2;
  // `--fail-on-verified` gates CI on keys a provider confirmed live, and on nothing else.
  if (args.failOnVerified) return report.findings.some((f) => f.properties?.verified === 'active') ? 1 : 0;
  if (args.failOn === 'never') return 0;
  const threshold = severityRank(args.failOn);
  if (report.findings.some((f) => severityRank(f.severity) >= threshold)) return 1;
  // A file the parser trapped on or gave up on may hide findings: the scan must not pass as clean.
  return incompleteFiles(report).length > 0 ? 3 : 0;
}

/** A history scan's findings are in past versions of their files: the working tree's text would frame the wrong lines. */
function withoutCodeFrames(options: TextOptions): TextOptions {
  return { ...options, documentOf: () => undefined };
}

function groupByPath(findings: readonly Finding[]): Map<string, Finding[]> {
  const map = new Map<string, Finding[]>();
  for (const f of findings) map.set(f.path, [...(map.get(f.path) ?? []), f]);
  return map;
}
