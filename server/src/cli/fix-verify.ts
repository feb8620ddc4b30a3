/**
 * The proof a fixed file must pass before `aisec fix` writes it: it still parses (code with tree-sitter,
 * JSON and TOML manifests with their parsers), and, analysed again, it no longer raises the findings that
 * were fixed and raises nothing it did not raise before. Findings are compared by rule counts, not
 * positions or fingerprints, because a fix moves and changes the code around it.
 */
import type { Engine, Finding } from '../engine/index';
import { configSyntaxOf, readConfigTree } from '../engine/index';
import { parseTomlTree } from '../engine/manifests/toml-tree';
import type { ChosenFix } from './apply-fixes';
import { describeDelta, findingDelta } from '../host/finding-delta';

/** Why the fixed text may not be written, or undefined when it still parses. */
export function parseProblem(engine: Engine, path: string, before: string, after: string): string | undefined {
  const kind = engine.kindOf(path);
  const code = engine.parsesCleanly(path, after);
  if (code !== undefined) {
    if (engine.parsesCleanly(path, before) === false) return 'the file already has syntax errors, so a fix cannot be proved safe; nothing was written';
    return code ? undefined : 'the fixed code does not parse; nothing was written';
  }
  if (kind === 'mcp-config' || kind === 'agent-settings') {
    // Assistant configuration may be JSONC, TOML or YAML: read it the way its clients do.
    const syntax = configSyntaxOf(path);
    return syntax && readConfigTree(after, syntax).error ? `the fixed ${syntax.toUpperCase()} does not parse; nothing was written` : undefined;
  }
  if (kind === 'json' || kind === 'package-json' || kind === 'package-lock' || kind === 'notebook') {
    try {
      JSON.parse(after);
      return undefined;
    } catch {
      return 'the fixed JSON does not parse; nothing was written';
    }
  }
  if (kind === 'toml' || kind === 'pyproject' || kind === 'pipfile') {
    return parseTomlTree(after).error ? 'the fixed TOML does not parse; nothing was written' : undefined;
  }
  return undefined;
}

/** Why the fixed text may not be written (completing "Refused to fix <file>: …"), or undefined when it passes. */
export function verificationProblem(before: readonly Finding[], after: readonly Finding[], applied: readonly ChosenFix[]): string | undefined {
  // A fix that only edits another file (a dependency added to the manifest) shows only once that file is written.
  const inFile = applied.filter((c) => c.fix.edits.some((e) => e.file === undefined));
  const problem = describeDelta(findingDelta(before, after, inFile.map((c) => c.finding)));
  return problem ? `analysed again, the fixed code ${problem}; nothing was written` : undefined;
}

/**
 * The findings a written round did not remove: after the write there are more of them than before minus
 * those fixed. (A same-file fix is proved before it is written; this catches fixes of other files, such as
 * a dependency declared under a name the rule does not recognise.)
 */
export function stuckFindings(written: readonly { findings: readonly Finding[]; applied: readonly ChosenFix[] }[], after: readonly Finding[]): string[] {
  const count = (findings: readonly Finding[]): Map<string, number> => {
    const counts = new Map<string, number>();
    for (const f of findings) counts.set(findingKey(f), (counts.get(findingKey(f)) ?? 0) + 1);
    return counts;
  };
  const before = count(written.flatMap((p) => p.findings));
  const fixed = count(written.flatMap((p) => p.applied.map((c) => c.finding)));
  const remaining = count(after);
  return [...fixed].filter(([key, n]) => (remaining.get(key) ?? 0) > (before.get(key) ?? 0) - n).map(([key]) => key);
}

/** A finding across rounds: fingerprints do not depend on the position, which fixes elsewhere in the file move. */
export function findingKey(finding: Finding): string {
  return `${finding.path}\u0000${finding.ruleId}\u0000${finding.fingerprint}`;
}
