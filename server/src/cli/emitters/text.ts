/**
 * The human-readable report: each finding as `path:line:col: CODE [severity] message (name)` with a
 * code frame, its fixes and its flow, then notes about skipped or partly analysed files, then a summary
 * by category and severity. Findings are converted here and only here for the terminal.
 */
import type { Finding } from '../../engine/index';
import { formatConfigError } from '../../engine/config-file';
import { redactText, type RedactedDocument } from '../../rules/secrets/redact-text';
import { codeFrameRows } from './code-frame';
import { redactForOutput } from '../../rules/secrets/redact-output';
import { CATEGORIES, cellPosition, fileKindOf, isBinaryFileKind } from '../../engine/index';
import { incompleteFiles, SEVERITY_ORDER, summarise, type ScanReport } from '../report';
import { scanFixHint } from '../fix-hints';

export interface TextOptions {
  color: boolean;
  /**
   * A file as code frames show it (undefined when it cannot be read): secrets, URL passwords and the
   * values on lines with a reported secret are already masked, so no frame line is ever printed raw.
   */
  documentOf: (path: string) => RedactedDocument | undefined;
  /** At most this many skipped files and notes are listed one per line. */
  maxListed?: number;
  /** Show fix hints (the `aisec fix` command is mentioned when a safe fix exists). */
  fixHints?: boolean;
  /** List every member of every model archive with its verdict (`--verbose`). */
  listMembers?: boolean;
}

/** Formats one finding with its code frame. */
export function formatFinding(unredacted: Finding, options: TextOptions): string {
  const finding = redactForOutput(unredacted);
  const c = colors(options.color);
  const { line, column } = finding.range.start;
  const severity = finding.severity === 'error' ? c.red('error') : finding.severity === 'warning' ? c.yellow('warning') : c.blue('info');
  const out: string[] = [];
  // A notebook place is named by its cell and the line and column in the cell's text, as the message says.
  const cell = finding.notebook ? cellPosition(finding.notebook) : undefined;
  // A finding in a Python file inside a model archive is named `model.mar!/handler.py:12:5`, as Java names JAR members.
  const inMember = finding.member ? `${finding.path}!/${finding.member.member}:${finding.member.range.start.line + 1}:${finding.member.range.start.column + 1}` : undefined;
  const where = cell ? `${finding.path}:cell ${cell.cell}:${cell.line}:${cell.column}` : inMember ?? `${finding.path}:${line + 1}:${column + 1}`;
  out.push(`${c.bold(where)}: ${c.bold(finding.ruleId)} [${severity}] ${finding.message} ${c.dim(`(${finding.ruleName})`)}`);
  // Model files are binary: their findings name byte offsets, and a frame would print raw bytes.
  const document = isBinaryFileKind(fileKindOf(finding.path)) ? undefined : options.documentOf(finding.path);
  if (document) out.push(...codeFrame(document, finding, c));
  for (const step of finding.flow ?? []) out.push(`    ${c.dim('flow')} ${step.path !== undefined ? `${step.path}:` : ''}${step.range.start.line + 1}:${step.range.start.column + 1} ${step.message}`);
  for (const fix of finding.fixes) {
    const label = fix.applicability === 'safe' ? c.green('fix') : fix.applicability === 'unsafe' ? c.yellow('unsafe fix') : c.dim('suggestion');
    out.push(`    ${label}: ${fix.title}`);
  }
  return out.join('\n');
}

/** Each model archive with each member's verdict (and why, unless it is safe). */
function formatScannedMembers(report: ScanReport, c: ReturnType<typeof colors>): string[] {
  const out: string[] = [];
  for (const { path, members } of report.scannedMembers) {
    out.push(c.bold(`Members of ${path} (${members.length}):`));
    for (const m of members) out.push(`  ${m.member}: ${m.verdict === 'not-checked' ? 'not checked' : m.verdict}${m.verdict === 'safe' ? '' : ` (${redactText(m.reason)})`}`);
  }
  return out;
}

/** The closing part of the report: config errors, notes, skipped files and the summary. */
export function formatSummary(report: ScanReport, options: TextOptions): string {
  const c = colors(options.color);
  const out: string[] = [];
  const limit = options.maxListed ?? 20;
  if (report.configErrors.length > 0) {
    out.push(c.red(c.bold(`Configuration errors (${report.configErrors.length}):`)));
    for (const error of report.configErrors) out.push(`  ${redactText(formatConfigError(error))}`);
    out.push('');
  }
  const notes = report.notes.filter((n) => n.note.kind !== 'skipped');
  if (notes.length > 0 && limit === 0) {
    out.push(`${plural(notes.length, 'note')} about partly analysed files (see --format json).`);
  } else if (notes.length > 0) {
    out.push(c.bold(`Notes (${notes.length}):`));
    for (const { path, note } of notes.slice(0, limit)) {
      const where = note.range ? `${path}:${note.range.start.line + 1}:${note.range.start.column + 1}` : path;
      out.push(`  ${where}: ${note.kind}${note.ruleId ? ` ${note.ruleId}` : ''}: ${redactText(note.message)}`);
    }
    if (notes.length > limit) out.push(`  ... and ${notes.length - limit} more (see --format json)`);
    out.push('');
  }
  if (options.listMembers && report.scannedMembers.length > 0) out.push(...formatScannedMembers(report, c), '');
  if (report.skipped.length > 0 && limit === 0) {
    // Quiet output: the count is on the closing line.
  } else if (report.skipped.length > 0) {
    out.push(c.bold(`Skipped ${plural(report.skipped.length, 'file')}:`));
    for (const { path, reason } of report.skipped.slice(0, limit)) out.push(`  ${path}: ${redactText(reason)}`);
    if (report.skipped.length > limit) out.push(`  ... and ${report.skipped.length - limit} more (see --format json)`);
    out.push('');
  }

  const summary = summarise(report.findings);
  const incomplete = incompleteFiles(report).length;
  if (summary.total === 0 && incomplete > 0) {
    out.push(c.yellow(c.bold(`No findings in what was analysed, but ${plural(incomplete, 'file')} ${incomplete === 1 ? 'was' : 'were'} analysed only in part or refused (see the notes and skipped files above).`)));
  } else if (summary.total === 0) {
    out.push(c.green(c.bold('No findings.')));
  } else {
    const parts = SEVERITY_ORDER.filter((s) => summary.bySeverity[s] > 0).map((s) => `${summary.bySeverity[s]} ${s}`);
    out.push(c.bold(`Found ${plural(summary.total, 'finding')} (${parts.join(', ')}) in ${plural(summary.files, 'file')}.`));
    const width = Math.max(...CATEGORIES.map((k) => k.length));
    for (const category of CATEGORIES) {
      const row = summary.byCategory[category];
      if (!row) continue;
      const total = row.error + row.warning + row.info;
      const detail = SEVERITY_ORDER.filter((s) => row[s] > 0).map((s) => `${row[s]} ${s}`).join(', ');
      out.push(`  ${category.padEnd(width)}  ${String(total).padStart(5)}  ${c.dim(detail)}`);
    }
    if (incomplete > 0) out.push(c.yellow(`  ${plural(incomplete, 'file')} ${incomplete === 1 ? 'was' : 'were'} analysed only in part or refused (see the notes and skipped files above).`));
    const hint = options.fixHints !== false ? scanFixHint(report.findings) : undefined;
    if (hint) out.push(`  ${hint}`);
  }
  const suppressedBy = new Map<string, number>();
  for (const s of report.suppressed) suppressedBy.set(s.by, (suppressedBy.get(s.by) ?? 0) + 1);
  const extras: string[] = [];
  if (report.suppressed.length > 0) extras.push(`${report.suppressed.length} suppressed (${[...suppressedBy].map(([by, n]) => `${n} ${by}`).join(', ')})`);
  if (report.baselined > 0) extras.push(`${report.baselined} in the baseline`);
  if (report.belowMinSeverity > 0) extras.push(`${report.belowMinSeverity} below --min-severity`);
  if (report.outsideChange > 0) extras.push(`${report.outsideChange} on lines the change left alone`);
  if (extras.length > 0) out.push(c.dim(`Not shown: ${extras.join('; ')}.`));
  const seconds = (report.durationMs / 1000).toFixed(2);
  out.push(c.dim(`Scanned ${plural(report.filesScanned, 'file')} (${formatSize(report.bytesScanned)}) in ${seconds} s${report.skipped.length > 0 ? `; skipped ${report.skipped.length}` : ''}.`));
  return out.join('\n');
}

/** A few lines around the finding with a caret underline, long lines clipped around the column. */
function codeFrame(document: RedactedDocument, finding: Finding, c: Colors): string[] {
  const rows = codeFrameRows(document, finding);
  const gutter = String((rows.at(-1)?.line ?? 0) + 1).length;
  const out: string[] = [];
  for (const row of rows) {
    const window = clip(row.text, row.mark?.from ?? 0);
    const marker = row.mark ? c.red('>') : ' ';
    out.push(`  ${marker} ${c.dim(`${String(row.line + 1).padStart(gutter)} |`)} ${window.text}`);
    if (row.mark) {
      const from = Math.max(0, row.mark.from - window.offset);
      const width = Math.max(1, Math.min(row.mark.to, window.offset + MAX_FRAME_WIDTH) - row.mark.from);
      const pad = visibleWidth(window.text.slice(0, from));
      out.push(`    ${' '.repeat(gutter)} ${c.dim('|')} ${' '.repeat(pad)}${c.red('^'.repeat(Math.min(width, MAX_FRAME_WIDTH)))}`);
    }
  }
  return out;
}

const MAX_FRAME_WIDTH = 120;

/** Clips a long line to a window that shows `column`; tabs become one space so carets line up. */
function clip(line: string, column: number): { text: string; offset: number } {
  const clean = line.replace(/\t/g, ' ');
  if (clean.length <= MAX_FRAME_WIDTH) return { text: clean, offset: 0 };
  const offset = Math.max(0, Math.min(column - 20, clean.length - MAX_FRAME_WIDTH));
  const text = clean.slice(offset, offset + MAX_FRAME_WIDTH);
  return { text: `${offset > 0 ? '…' : ''}${text}${offset + MAX_FRAME_WIDTH < clean.length ? '…' : ''}`, offset: offset > 0 ? offset - 1 : 0 };
}

function visibleWidth(text: string): number {
  return [...text].length;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

function formatSize(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
  if (bytes >= 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${bytes} bytes`;
}

interface Colors {
  red(s: string): string;
  yellow(s: string): string;
  blue(s: string): string;
  green(s: string): string;
  bold(s: string): string;
  dim(s: string): string;
}

function colors(enabled: boolean): Colors {
  const wrap = (open: number, close: number) => (s: string): string => (enabled ? `\u001b[${open}m${s}\u001b[${close}m` : s);
  return { red: wrap(31, 39), yellow: wrap(33, 39), blue: wrap(34, 39), green: wrap(32, 39), bold: wrap(1, 22), dim: wrap(2, 22) };
}
