/**
 * `aisec rules` (a table of every rule, or JSON) and `aisec explain` (one rule's documentation).
 */
import { advisoryLabel, type RuleMeta } from '../engine/index';
import { ruleDocsText } from './rule-docs';

/** Every rule as an aligned table (code, name, category, severity, profile, fix), or as JSON. */
export function rulesTable(rules: readonly RuleMeta[], json: boolean): string {
  if (json) {
    const rows = rules.map((r) => ({ id: r.id, name: r.name, title: r.title, category: r.category, severity: r.severity, confidence: r.confidence, cwe: r.cwe, fileKinds: r.fileKinds, fix: r.fixAvailability, profile: r.advisory?.findings === 'all' ? 'audit' : 'default', ...(r.advisory ? { advisory: r.advisory } : {}) }));
    return `${JSON.stringify(rows, null, 2)}\n`;
  }
  const header = ['CODE', 'NAME', 'CATEGORY', 'SEVERITY', 'PROFILE', 'FIX', 'TITLE'];
  const rows = rules.map((r) => [r.id, r.name, r.category, r.severity, advisoryLabel(r), r.fixAvailability === 'none' ? '-' : r.fixAvailability, r.title]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => (row[i] ?? '').length)));
  const format = (row: string[]): string => row.map((cell, i) => (i === row.length - 1 ? cell : cell.padEnd(widths[i] ?? 0))).join('  ');
  return `${[format(header), ...rows.map(format)].join('\n')}\n\n${rules.length} rules. Profile \`audit\` rules (and the information-level findings of \`default (info: audit)\` rules) are reported only with \`--profile audit\`; \`editor hint\` ones appear in the editor as hints. \`aisec explain CODE\` prints one rule's documentation.\n`;
}

/** The documentation of the rule with this code or name (case-insensitive), or a message naming near misses. */
export function explainRule(rules: readonly RuleMeta[], key: string, color: boolean): { ok: boolean; text: string } {
  const lower = key.toLowerCase();
  const rule = rules.find((r) => r.id.toLowerCase() === lower || r.name.toLowerCase() === lower);
  const bold = (s: string): string => (color ? `\u001b[1m${s}\u001b[22m` : s);
  if (rule) return { ok: true, text: ruleDocsText(rule, bold) };
  const near = rules.filter((r) => r.id.toLowerCase().startsWith(lower.slice(0, 4)) || r.name.includes(lower)).slice(0, 5);
  return { ok: false, text: `no rule "${key}"${near.length > 0 ? `; did you mean ${near.map((r) => `${r.id} (${r.name})`).join(', ')}?` : ''} (\`aisec rules\` lists them)` };
}
