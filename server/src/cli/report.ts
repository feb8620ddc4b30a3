/**
 * The outcome of a scan as the emitters see it: findings, suppressed findings, skipped files, notes
 * and configuration errors, plus counts. Built incrementally from the scanner's events.
 */
import type { ConfigError } from '../engine/config-file';
import type { AnalysisNote, ArchiveMemberVerdict, Category, Finding, Severity, SuppressedFinding } from '../engine/index';
import type { ScanEvent } from '../host/scan';
import { appendAll } from '../engine/collections';

export interface FileNote {
  path: string;
  note: AnalysisNote;
}

export interface ScanReport {
  findings: Finding[];
  suppressed: SuppressedFinding[];
  /** `refused`: the file exists but was not read (a special file, or one that could not be read): it was not analysed. */
  skipped: { path: string; reason: string; refused?: boolean }[];
  notes: FileNote[];
  configErrors: ConfigError[];
  filesScanned: number;
  /** Model archives scanned, each with every member's verdict (findings or not), in scan order. */
  scannedMembers: { path: string; members: ArchiveMemberVerdict[] }[];
  /** The analysed files' paths (as findings name them), so a baseline can tell a fixed finding from a file not scanned. */
  scannedPaths: string[];
  bytesScanned: number;
  /** Findings removed by `--baseline`. */
  baselined: number;
  /** Findings not reported because they are below `--min-severity`. */
  belowMinSeverity: number;
  /** Findings not reported because they touch no line a `--diff-base` change added or edited. */
  outsideChange: number;
  workers: number;
  durationMs: number;
}

export function emptyReport(): ScanReport {
  return { findings: [], suppressed: [], skipped: [], notes: [], configErrors: [], filesScanned: 0, scannedMembers: [], scannedPaths: [], bytesScanned: 0, baselined: 0, belowMinSeverity: 0, outsideChange: 0, workers: 0, durationMs: 0 };
}

/** Adds one scanner event to the report. */
export function addEvent(report: ScanReport, event: ScanEvent): void {
  switch (event.type) {
    case 'config-error':
      report.configErrors.push(event.error);
      return;
    case 'mode':
      report.workers = event.workers;
      return;
    case 'skipped':
      report.skipped.push({ path: event.path, reason: event.reason, ...(event.refused ? { refused: true } : {}) });
      return;
    case 'file': {
      const { outcome } = event;
      if (outcome.skipped) {
        report.skipped.push({ path: outcome.path, reason: outcome.skipped, ...(outcome.refused ? { refused: true } : {}) });
        return;
      }
      const result = outcome.result;
      if (!result) return;
      const skippedNote = result.notes.find((n) => n.kind === 'skipped');
      if (skippedNote) {
        report.skipped.push({ path: outcome.path, reason: skippedNote.message.replace(/^skipped:\s*/, '') });
        return;
      }
      report.filesScanned += 1;
      report.scannedPaths.push(outcome.path);
      report.bytesScanned += outcome.bytes;
      appendAll(report.findings, result.findings);
      appendAll(report.suppressed, result.suppressed);
      for (const note of result.notes) report.notes.push({ path: outcome.path, note });
      if (result.archiveMembers) report.scannedMembers.push({ path: outcome.path, members: result.archiveMembers });
    }
  }
}

/**
 * Files some rules were not run on (the parser trapped or hit its deadline, the time budget ran out, the findings
 * cap was reached): a scan with any is not clean, whatever it found elsewhere.
 */
export function incompleteFiles(report: ScanReport): string[] {
  const paths = new Set<string>();
  for (const { path, note } of report.notes) if (note.kind === 'incomplete') paths.add(path);
  // A file AISec refused to read was not analysed at all, which a clean exit must not hide.
  for (const { path, refused } of report.skipped) if (refused) paths.add(path);
  return [...paths];
}

export const SEVERITY_ORDER: readonly Severity[] = ['error', 'warning', 'info'];

/** Severity rank: error 3, warning 2, info 1. */
export function severityRank(severity: Severity): number {
  return severity === 'error' ? 3 : severity === 'warning' ? 2 : 1;
}

export interface Summary {
  total: number;
  bySeverity: Record<Severity, number>;
  byCategory: Partial<Record<Category, Record<Severity, number>>>;
  files: number;
}

export function summarise(findings: readonly Finding[]): Summary {
  const bySeverity: Record<Severity, number> = { error: 0, warning: 0, info: 0 };
  const byCategory: Partial<Record<Category, Record<Severity, number>>> = {};
  const files = new Set<string>();
  for (const f of findings) {
    bySeverity[f.severity] += 1;
    const row = (byCategory[f.category] ??= { error: 0, warning: 0, info: 0 });
    row[f.severity] += 1;
    files.add(f.path);
  }
  return { total: findings.length, bySeverity, byCategory, files: files.size };
}

/** Orders findings by path, then position, then rule (the output order of every format). */
export function sortFindings(findings: Finding[]): Finding[] {
  return findings.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0) || a.range.start.line - b.range.start.line || a.range.start.column - b.range.start.column || a.ruleId.localeCompare(b.ruleId));
}
