/**
 * One finding per expression: findings that rules marked with the same combination key (`ReportInput.combine`)
 * and that cover the same range become one finding that names every problem and carries every fix. A
 * `from_pretrained(...)` call with `trust_remote_code=True`, no pinned revision and a possible pickle
 * fallback is one thing to review, so it is reported once, under the most severe of its rules.
 *
 * This runs after suppressions, so a comment that silences one rule removes only that problem.
 */
import type { Finding, Fix, Severity, SuppressedFinding } from './finding';

/** The property that lists the rule codes a combined finding also reports (comma-separated). */
export const ALSO_REPORTS_PROPERTY = 'alsoReports';

const SEVERITY_RANK: Readonly<Record<Severity, number>> = { error: 0, warning: 1, info: 2 };

/** Merges co-located findings of one combination key and strips the key from every finding. */
export function combineFindings(findings: readonly Finding[]): Finding[] {
  const groups = new Map<string, Finding[]>();
  const out: Finding[] = [];
  for (const finding of findings) {
    // An advisory kept only to be shown as an editor hint stays a hint of its own: joined to a reported
    // finding it would make the editor say more than `aisec scan` in the same profile.
    if (!finding.combine || finding.advisory === 'hint') {
      out.push(withoutKey(finding));
      continue;
    }
    const { start, end } = finding.range;
    const key = `${finding.path}\u0000${finding.combine.key}\u0000${start.line}:${start.column}-${end.line}:${end.column}`;
    const group = groups.get(key);
    if (group) group.push(finding);
    else groups.set(key, [finding]);
  }
  for (const group of groups.values()) out.push(merged(group));
  return out;
}

/** Suppressed findings are reported one by one; only the engine-internal key is removed. */
export function stripCombineKeys(suppressed: readonly SuppressedFinding[]): SuppressedFinding[] {
  return suppressed.map((s) => (s.finding.combine ? { ...s, finding: withoutKey(s.finding) } : s));
}

function merged(group: Finding[]): Finding {
  if (group.length === 1) return withoutKey(group[0]);
  // The most severe leads; among equals, a finding that traces a flow to the expression (it says more).
  const ordered = [...group].sort((a, b) => SEVERITY_RANK[a.severity] - SEVERITY_RANK[b.severity] || Number(!!b.flow) - Number(!!a.flow) || a.ruleId.localeCompare(b.ruleId));
  const [lead, ...others] = ordered;
  const also = others.map((f) => `${f.combine?.problem ?? f.message} (${f.ruleId})`).join('; ');
  return {
    ...withoutKey(lead),
    message: `${lead.message}${/[.!?)]$/.test(lead.message) ? '' : '.'} Also: ${also}.`,
    fixes: distinctFixes(ordered.flatMap((f) => f.fixes)),
    properties: { ...lead.properties, [ALSO_REPORTS_PROPERTY]: others.map((f) => f.ruleId).join(',') },
  };
}

/** Two problems can offer the same edit (both pin a revision, say); it is offered once. */
function distinctFixes(fixes: readonly Fix[]): Fix[] {
  const seen = new Set<string>();
  return fixes.filter((fix) => {
    const key = JSON.stringify([fix.title, fix.edits]);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function withoutKey(finding: Finding): Finding {
  if (!finding.combine) return finding;
  const { combine: _key, ...rest } = finding;
  return rest;
}
