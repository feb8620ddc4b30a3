/**
 * What a change did to a file's findings, compared by rule counts (not positions or fingerprints, because
 * a fix moves and changes the code around it): the rules of fixed findings that are still raised as often
 * as before, and rules raised more often than before. Shared by `aisec fix` and the AI fix verification.
 */
import type { Finding } from '../engine/index';

export interface FindingDelta {
  /** Rules of fixed findings whose count did not drop. */
  stillRaised: string[];
  /** Rules raised more often than before (other than the fixed ones). */
  newlyRaised: string[];
}

/** Compares `after` with `before` minus one finding per entry of `fixed`. */
export function findingDelta(before: readonly Finding[], after: readonly Finding[], fixed: readonly Finding[]): FindingDelta {
  const expected = countByRule(before);
  for (const finding of fixed) expected.set(finding.ruleId, (expected.get(finding.ruleId) ?? 0) - 1);
  const fixedRules = new Set(fixed.map((f) => f.ruleId));
  const delta: FindingDelta = { stillRaised: [], newlyRaised: [] };
  for (const [ruleId, count] of countByRule(after)) {
    if (count <= (expected.get(ruleId) ?? 0)) continue;
    (fixedRules.has(ruleId) ? delta.stillRaised : delta.newlyRaised).push(ruleId);
  }
  return delta;
}

/** "would still raise AIS101 and would newly raise AIS280", or undefined when nothing is left or new. */
export function describeDelta(delta: FindingDelta): string | undefined {
  const parts = [
    ...(delta.stillRaised.length > 0 ? [`would still raise ${delta.stillRaised.join(', ')}`] : []),
    ...(delta.newlyRaised.length > 0 ? [`would newly raise ${delta.newlyRaised.join(', ')}`] : []),
  ];
  return parts.length > 0 ? parts.join(' and ') : undefined;
}

function countByRule(findings: readonly Finding[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const f of findings) counts.set(f.ruleId, (counts.get(f.ruleId) ?? 0) + 1);
  return counts;
}
