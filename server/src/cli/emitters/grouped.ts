/**
 * Text output at the scale of a real repository: findings grouped by severity (errors first), then by
 * file, and `--statistics` (one line per rule with its count, like `ruff --statistics`).
 */
import type { Finding, RuleMeta, Severity } from '../../engine/index';
import { SEVERITY_ORDER } from '../report';
import { formatFinding, type TextOptions } from './text';

/** Every finding with its frame, under one heading per severity; within a severity, by file then position. */
export function formatGroupedFindings(findings: readonly Finding[], options: TextOptions): string {
  const out: string[] = [];
  for (const severity of SEVERITY_ORDER) {
    const group = findings.filter((f) => f.severity === severity);
    if (group.length === 0) continue;
    out.push(`${HEADINGS[severity]} (${group.length}):`, '');
    for (const finding of sortByFile(group)) out.push(formatFinding(finding, options), '');
  }
  return out.length > 0 ? `${out.join('\n')}\n` : '';
}

export interface RuleStatistic {
  ruleId: string;
  ruleName: string;
  severity: Severity;
  count: number;
  /** Findings of the rule that have a safe fix. */
  fixable: number;
}

/** Counts per rule and severity, most frequent first (ties by code). */
export function ruleStatistics(findings: readonly Finding[]): RuleStatistic[] {
  const rows = new Map<string, RuleStatistic>();
  for (const f of findings) {
    const key = `${f.ruleId}\u0000${f.severity}`;
    const row = rows.get(key) ?? { ruleId: f.ruleId, ruleName: f.ruleName, severity: f.severity, count: 0, fixable: 0 };
    row.count += 1;
    if (f.fixes.some((fix) => fix.applicability === 'safe')) row.fixable += 1;
    rows.set(key, row);
  }
  return [...rows.values()].sort((a, b) => b.count - a.count || a.ruleId.localeCompare(b.ruleId) || SEVERITY_ORDER.indexOf(a.severity) - SEVERITY_ORDER.indexOf(b.severity));
}

/** The `--statistics` table: count, code, severity, `[*]` when some are fixable with `aisec fix`, name and title. */
export function formatStatistics(findings: readonly Finding[], rules: readonly RuleMeta[]): string {
  const titles = new Map(rules.map((r) => [r.id, r.title]));
  const rows = ruleStatistics(findings);
  if (rows.length === 0) return '';
  const width = Math.max(...rows.map((r) => String(r.count).length));
  const lines = rows.map((r) => `${String(r.count).padStart(width)}  ${r.ruleId}  ${r.severity.padEnd(7)}  ${r.fixable > 0 ? '[*]' : '   '} ${r.ruleName}: ${titles.get(r.ruleId) ?? ''}`);
  return `${lines.join('\n')}\n\n`;
}

const HEADINGS: Record<Severity, string> = { error: 'Errors', warning: 'Warnings', info: 'Information' };

function sortByFile(findings: readonly Finding[]): Finding[] {
  return [...findings].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0) || a.range.start.line - b.range.start.line || a.range.start.column - b.range.start.column || a.ruleId.localeCompare(b.ruleId));
}
