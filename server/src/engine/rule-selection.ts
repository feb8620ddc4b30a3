/**
 * Decides which rules are on for a file and at what severity, from `select`, `ignore`, the severity
 * overrides (each keyed by rule code, rule name or category) and the profile, which keeps advisory
 * findings out of the default output.
 */
import type { EngineConfig } from './config';
import type { Finding, Severity } from './finding';
import type { RuleMeta } from './rule';

/** Whether the rule's checker has to run at all (it may still report only some findings, see `advisoryDisposition`). */
export function isRuleEnabled(rule: RuleMeta, config: EngineConfig): boolean {
  const keys = [rule.id.toLowerCase(), rule.name.toLowerCase(), rule.category.toLowerCase()];
  const hit = (list: readonly string[]): boolean => list.some((entry) => keys.includes(entry.toLowerCase()) || entry.toLowerCase() === 'all' || prefixMatch(entry, rule.id));
  if (config.ignore.length > 0 && hit(config.ignore)) return false;
  const selected = config.select.length === 0 || hit(config.select) || namesRule(config.extendSelect ?? [], rule);
  if (!selected) return false;
  // A rule whose every finding is advisory and hidden here has nothing to report: its checker is skipped.
  const policy = rule.advisory;
  if (policy?.findings === 'all' && !advisoryRequested(rule, config) && !(config.advisoryHints === true && policy.editor === 'hint')) return false;
  return true;
}

const FINDING_ADVISORY = { findings: 'all', editor: 'hint' } as const;

/**
 * What happens to one reported finding: `report` it (not advisory), report it as a requested advisory,
 * keep it as an editor `hint`, or `drop` it (advisory under the default profile).
 */
export function advisoryDisposition(rule: RuleMeta, config: EngineConfig, reported: Severity | undefined, findingAdvisory = false): 'report' | Finding['advisory'] | 'drop' {
  // A finding its checker marks advisory is treated as one of a rule whose every finding is advisory and shown as a hint.
  const policy = findingAdvisory ? FINDING_ADVISORY : rule.advisory;
  if (!policy) return 'report';
  if (policy.findings === 'info' && (reported ?? rule.severity) !== 'info') return 'report';
  if (advisoryRequested(rule, config)) return 'reported';
  return config.advisoryHints === true && policy.editor === 'hint' ? 'hint' : 'drop';
}

export function effectiveSeverity(rule: RuleMeta, config: EngineConfig, reported?: Severity): Severity {
  const overrides = config.severity;
  return overrides[rule.id] ?? overrides[rule.name] ?? overrides[rule.category] ?? reported ?? rule.severity;
}

/** How `aisec rules` and the documentation name a rule's profile: `default`, `audit`, or `default (info: audit)`. */
export function advisoryLabel(rule: RuleMeta): string {
  const policy = rule.advisory;
  if (!policy) return 'default';
  const where = policy.findings === 'all' ? 'audit' : 'default (info: audit)';
  return policy.editor === 'hint' ? `${where}, editor hint` : where;
}

/** One paragraph for the documentation: which profile reports the rule's findings, why, and how the editor shows them. */
export function profileDescription(rule: RuleMeta): string {
  const policy = rule.advisory;
  if (!policy) return 'Profile: default (reported by every scan).';
  const which = policy.findings === 'all' ? 'This rule is advisory: it reports' : 'The findings this rule reports at information level are advisory: they are reported';
  const editor = policy.editor === 'hint' ? 'Under the default profile the editor shows them as hints (a dotted underline, never in the Problems panel).' : 'Under the default profile they are not shown.';
  return `Profile: ${advisoryLabel(rule)}. ${which} only in the \`audit\` profile (\`aisec scan --profile audit\`, \`profile = "audit"\` in \`.aisec.toml\`, the \`aisec.profile\` setting) or when \`select\` / \`extend-select\` names the rule. ${policy.reason} ${editor}`;
}

/** The audit profile, or the rule named by code or name in `select` / `extend-select`. */
export function advisoryRequested(rule: Pick<RuleMeta, 'id' | 'name'>, config: Pick<EngineConfig, 'profile' | 'select' | 'extendSelect'>): boolean {
  return config.profile === 'audit' || namesRule(config.select, rule) || namesRule(config.extendSelect ?? [], rule);
}

function namesRule(list: readonly string[], rule: Pick<RuleMeta, 'id' | 'name'>): boolean {
  return list.some((entry) => {
    const lower = entry.toLowerCase();
    return lower === rule.id.toLowerCase() || lower === rule.name.toLowerCase();
  });
}

/**
 * `AIS1` selects every AIS1xx rule (Ruff-style code prefixes). The family prefix `AIS4` also selects the
 * four-digit secrets codes (AIS4000–AIS4999, see `rule-codes.ts`); a decade such as `AIS40` names only the
 * three-digit codes AIS400–AIS409 it named before those existed, so `ignore = ["AIS40"]` does not silently
 * switch off a hundred newer rules.
 */
function prefixMatch(entry: string, id: string): boolean {
  if (!/^AIS\d{1,2}$/i.test(entry) || !id.toUpperCase().startsWith(entry.toUpperCase())) return false;
  return entry.length === 4 || id.length === 6;
}
