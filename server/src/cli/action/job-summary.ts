/**
 * The job summary the action appends to `GITHUB_STEP_SUMMARY`: counts by category and severity as a Markdown
 * table and the most severe findings with links to their lines on GitHub. Messages are redacted for output
 * and escaped so a message cannot break the table or add markup.
 */
import { CATEGORIES, type Finding } from '../../engine/index';
import { redactForOutput } from '../../rules/secrets/redact-output';
import { incompleteFiles, SEVERITY_ORDER, severityRank, sortFindings, summarise } from '../report';
import type { ScanOutcome } from '../scan-command';

export interface SummaryContext {
  /** `GITHUB_SERVER_URL/GITHUB_REPOSITORY/blob/GITHUB_SHA`, when the environment names all three. */
  blobBase?: string;
  /** Finding path (relative to the working folder) → path in the repository. */
  repositoryPath: (path: string) => string;
  /** Said under the heading (the diff base, warnings). */
  notes: readonly string[];
  /** How many findings are listed one by one. */
  topCount?: number;
}

/** The summary as Markdown. */
export function jobSummary(outcome: ScanOutcome, context: SummaryContext): string {
  const { report } = outcome;
  const summary = summarise(report.findings);
  const out: string[] = [];
  const parts = SEVERITY_ORDER.filter((s) => summary.bySeverity[s] > 0).map((s) => `${summary.bySeverity[s]} ${s}`);
  out.push(`## AISec: ${summary.total === 0 ? 'no findings' : `${summary.total} finding${summary.total === 1 ? '' : 's'} (${parts.join(', ')})`}`, '');
  out.push(scannedLine(outcome), '');
  for (const note of context.notes) out.push(`> ${escapeMarkdown(note)}`, '');
  if (summary.total > 0) {
    out.push('| Category | Error | Warning | Info | Total |', '| --- | ---: | ---: | ---: | ---: |');
    for (const category of CATEGORIES) {
      const row = summary.byCategory[category];
      if (!row) continue;
      out.push(`| ${category} | ${row.error} | ${row.warning} | ${row.info} | ${row.error + row.warning + row.info} |`);
    }
    out.push(`| **Total** | **${summary.bySeverity.error}** | **${summary.bySeverity.warning}** | **${summary.bySeverity.info}** | **${summary.total}** |`, '');
    const top = topFindings(report.findings, context.topCount ?? 20);
    out.push(`### ${top.length === summary.total ? 'Findings' : `Top ${top.length} findings`}`, '', '| Severity | Rule | Location | Message |', '| --- | --- | --- | --- |');
    for (const finding of top) out.push(findingRow(finding, context));
    out.push('');
  }
  return `${out.join('\n')}\n`;
}

function scannedLine(outcome: ScanOutcome): string {
  const { report } = outcome;
  const bits = [`Scanned ${report.filesScanned} file${report.filesScanned === 1 ? '' : 's'}${outcome.selection ? ` (${escapeMarkdown(outcome.selection.description)})` : ''}`];
  if (report.suppressed.length > 0) bits.push(`${report.suppressed.length} suppressed`);
  if (outcome.baseline) bits.push(`${report.baselined} accepted in the baseline, ${outcome.baseline.fixed.length} fixed since`);
  const incomplete = incompleteFiles(report).length;
  if (incomplete > 0) bits.push(`${incomplete} analysed only in part or refused`);
  if (report.skipped.length > 0) bits.push(`${report.skipped.length} skipped`);
  return `${bits.join('; ')}.`;
}

/** The most severe findings first, then in report order. */
function topFindings(findings: readonly Finding[], count: number): Finding[] {
  return sortFindings([...findings])
    .sort((a, b) => severityRank(b.severity) - severityRank(a.severity))
    .slice(0, count);
}

function findingRow(unredacted: Finding, context: SummaryContext): string {
  const finding = redactForOutput(unredacted);
  const line = finding.range.start.line + 1;
  const path = context.repositoryPath(finding.path);
  const label = `${escapeMarkdown(path)}:${line}`;
  const location = context.blobBase ? `[${label}](${context.blobBase}/${path.split('/').map(encodeURIComponent).join('/')}#L${line})` : label;
  return `| ${finding.severity} | \`${finding.ruleId}\` ${escapeMarkdown(finding.ruleName)} | ${location} | ${escapeMarkdown(finding.message)} |`;
}

/**
 * Text safe in a Markdown table cell: one line, no HTML (GitHub would render tags), and no `|` that would end
 * the cell. Emphasis characters stay: messages quote code in backticks, where a backslash would show.
 */
export function escapeMarkdown(text: string): string {
  return text
    .replace(/[\r\n]+/g, ' ')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/\|/g, '\\|');
}
