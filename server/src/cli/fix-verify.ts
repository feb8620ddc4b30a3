/**
 * The proof a fixed file must pass before `aisec fix` writes it: analysed again, it no longer raises the
 * findings that were fixed, and raises nothing it did not raise before. Findings are compared by rule
 * counts, not positions or fingerprints, because a fix moves and changes the code around it.
 */
import type { Finding } from '../engine/index';
import type { ChosenFix } from './apply-fixes';

/** Why the fixed text may not be written (completing "Refused to fix <file>: …"), or undefined when it passes. */
export function verificationProblem(before: readonly Finding[], after: readonly Finding[], applied: readonly ChosenFix[]): string | undefined {
  // A fix that only edits another file (a dependency added to the manifest) shows only once that file is written.
  const inFile = applied.filter((c) => c.fix.edits.some((e) => e.file === undefined));
  const expected = countByRule(before);
  for (const { finding } of inFile) expected.set(finding.ruleId, (expected.get(finding.ruleId) ?? 0) - 1);
  const fixedRules = new Set(inFile.map((c) => c.finding.ruleId));
  const stillRaised: string[] = [];
  const newlyRaised: string[] = [];
  for (const [ruleId, count] of countByRule(after)) {
    if (count <= (expected.get(ruleId) ?? 0)) continue;
    (fixedRules.has(ruleId) ? stillRaised : newlyRaised).push(ruleId);
  }
  if (stillRaised.length === 0 && newlyRaised.length === 0) return undefined;
  const parts = [
    ...(stillRaised.length > 0 ? [`would still raise ${stillRaised.join(', ')}`] : []),
    ...(newlyRaised.length > 0 ? [`would newly raise ${newlyRaised.join(', ')}`] : []),
  ];
  return `analysed again, the fixed code ${parts.join(' and ')}; nothing was written`;
}

function countByRule(findings: readonly Finding[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const f of findings) counts.set(f.ruleId, (counts.get(f.ruleId) ?? 0) + 1);
  return counts;
}
