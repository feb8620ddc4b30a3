/**
 * The JSON report (`--format json`): one object with the findings, suppressed findings, skipped files,
 * notes, configuration errors and a summary. Positions are 1-based lines and columns (columns count
 * UTF-16 code units), the convention of compilers and of SARIF.
 */
import { cellPosition, type Finding, type Range, type TextEdit } from '../../engine/index';
import { redactForOutput } from '../../rules/secrets/redact-output';
import { redactText } from '../../rules/secrets/redact-text';
import { incompleteFiles, summarise, type ScanReport } from '../report';

export interface JsonLocation {
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
}

/** Converts an engine range (0-based) to a 1-based location. */
export function toLocation(range: Range): JsonLocation {
  return { line: range.start.line + 1, column: range.start.column + 1, endLine: range.end.line + 1, endColumn: range.end.column + 1 };
}

/** One finding as JSON. */
export function toJsonFinding(unredacted: Finding): Record<string, unknown> {
  const finding = redactForOutput(unredacted);
  return {
    ruleId: finding.ruleId,
    ruleName: finding.ruleName,
    category: finding.category,
    severity: finding.severity,
    confidence: finding.confidence,
    message: finding.message,
    path: finding.path,
    location: toLocation(finding.range),
    cwe: finding.cwe,
    fingerprint: finding.fingerprint,
    fixes: finding.fixes.map((fix) => ({ title: fix.title, applicability: fix.applicability, ...(fix.redacted ? { redacted: true } : {}), edits: fix.edits.map((e) => toJsonEdit(e, finding)) })),
    ...(finding.flow ? { flow: finding.flow.map((step) => ({ ...(step.path !== undefined ? { path: step.path } : {}), location: toLocation(step.range), message: step.message })) } : {}),
    // `location` is the place in the .ipynb file; `notebook` the place in the cell, numbered as the message names it.
    ...(finding.notebook ? { notebook: cellPosition(finding.notebook) } : {}),
    // `location` is the archive's first line; `member` the Python file inside it and the place in that file.
    ...(finding.member ? { member: { path: finding.member.member, location: toLocation(finding.member.range) } } : {}),
    ...(finding.properties ? { properties: finding.properties } : {}),
    // Advisory findings (reported because of the audit profile or an explicit selection) say so.
    ...(finding.advisory ? { profile: 'audit' } : {}),
  };
}

/** The whole report as a JSON value. */
export function toJsonReport(report: ScanReport, version: string): Record<string, unknown> {
  const summary = summarise(report.findings);
  return {
    tool: 'aisec',
    version,
    positions: '1-based lines and columns; columns count UTF-16 code units',
    findings: report.findings.map(toJsonFinding),
    suppressed: report.suppressed.map((s) => ({ ruleId: s.finding.ruleId, path: s.finding.path, location: toLocation(s.finding.range), by: s.by, fingerprint: s.finding.fingerprint })),
    skipped: report.skipped.map((s) => ({ ...s, reason: redactText(s.reason) })),
    notes: report.notes.map(({ path, note }) => ({ path, kind: note.kind, message: redactText(note.message), ...(note.ruleId ? { ruleId: note.ruleId } : {}), ...(note.range ? { location: toLocation(note.range) } : {}) })),
    configErrors: report.configErrors.map((e) => ({ ...e, message: redactText(e.message) })),
    // Every member of every model archive with its verdict, so a clean archive shows what was checked.
    scannedMembers: report.scannedMembers.map(({ path, members }) => ({ path, members: members.map((m) => ({ member: m.member, verdict: m.verdict, reason: redactText(m.reason) })) })),
    summary: {
      findings: summary.total,
      filesWithFindings: summary.files,
      bySeverity: summary.bySeverity,
      byCategory: summary.byCategory,
      suppressed: report.suppressed.length,
      baselined: report.baselined,
      outsideChange: report.outsideChange,
      filesScanned: report.filesScanned,
      bytesScanned: report.bytesScanned,
      skipped: report.skipped.length,
      incompleteFiles: incompleteFiles(report).length,
      durationMs: Math.round(report.durationMs),
    },
  };
}

function toJsonEdit(edit: TextEdit, finding: Finding): Record<string, unknown> {
  const redact = holdsSecret(edit, finding);
  return {
    ...(edit.file !== undefined ? { file: edit.file } : {}),
    ...(edit.appendToFile ? { appendToFile: true } : { location: toLocation(edit.range) }),
    newText: redact ? '[redacted: this edit writes the secret value]' : edit.newText,
    ...(redact ? { redacted: true } : {}),
  };
}

/**
 * A secrets fix that moves the value to another file (`.env`) carries the secret in its text; reports
 * are uploaded and shared, so that text never goes into them (the `aisec fix` command applies it locally).
 */
export function holdsSecret(edit: TextEdit, finding: Finding): boolean {
  return finding.category === 'secrets' && edit.file !== undefined;
}
