/**
 * Decides which rules are on for a file and at what severity, from `select`, `ignore` and the
 * severity overrides (each keyed by rule code, rule name or category).
 */
import type { EngineConfig } from './config';
import type { Severity } from './finding';
import type { RuleMeta } from './rule';

export function isRuleEnabled(rule: RuleMeta, config: EngineConfig): boolean {
  const keys = [rule.id.toLowerCase(), rule.name.toLowerCase(), rule.category.toLowerCase()];
  const hit = (list: readonly string[]): boolean => list.some((entry) => keys.includes(entry.toLowerCase()) || entry.toLowerCase() === 'all' || prefixMatch(entry, rule.id));
  if (config.ignore.length > 0 && hit(config.ignore)) return false;
  if (config.select.length === 0) return true;
  return hit(config.select);
}

export function effectiveSeverity(rule: RuleMeta, config: EngineConfig, reported?: Severity): Severity {
  const overrides = config.severity;
  return overrides[rule.id] ?? overrides[rule.name] ?? overrides[rule.category] ?? reported ?? rule.severity;
}

/** `AIS1` selects every AIS1xx rule (Ruff-style code prefixes). */
function prefixMatch(entry: string, id: string): boolean {
  return /^AIS\d{1,2}$/i.test(entry) && id.toUpperCase().startsWith(entry.toUpperCase());
}
