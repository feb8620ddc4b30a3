/**
 * Canary files: ordinary files with known findings, analysed again after every suspicious input. A trap
 * that leaves a parser broken, or state that leaks from one file into the next, shows up as a canary that
 * no longer yields exactly its findings, through `analyze` and through a freshly opened document.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DEFAULT_CONFIG, type AnalysisResult, type Engine, type EnginePorts } from '../../server/src/engine/index';
import { compareExpectations, expectationsOf, listFixtures } from '../helpers/fixtures';
import { describeError } from './check-input';

/** Bad fixtures of rules that need the syntax tree, in both parsed languages. */
const CANARY_FIXTURES = ['deserialization/unsafe-pickle-load/fixtures/bad.py', 'code-execution/js-eval-non-literal/fixtures/bad.ts'];

export interface Canary {
  /** Undefined when every canary yields exactly what it yielded on the fresh engine; else what differs. */
  check(): string | undefined;
}

/**
 * Records the canaries' findings on the engine before any fuzz input, after checking that they include the
 * fixtures' annotated findings (so the reference itself is known to be right).
 */
export function createCanary(engine: Engine, ports: EnginePorts): Canary {
  const fixtures = listFixtures().filter((f) => CANARY_FIXTURES.includes(f.relativePath));
  if (fixtures.length !== CANARY_FIXTURES.length) throw new Error(`canary fixtures missing: ${CANARY_FIXTURES.join(', ')}`);
  const canaries = fixtures.map((fixture) => {
    const text = readFileSync(fixture.path, 'utf8');
    const path = join('/canary', fixture.relativePath);
    const result = engine.analyze({ path, text, ports });
    const own = result.findings.filter((f) => f.category === fixture.family).map((f) => ({ line: f.range.start.line + 1, ruleId: f.ruleId }));
    const { missing } = compareExpectations(expectationsOf(fixture, text), own);
    if (missing.length > 0) throw new Error(`canary ${fixture.relativePath} lacks its annotated findings on a fresh engine: ${missing.join(', ')}`);
    return { name: fixture.relativePath, path, text, expected: signature(result) };
  });
  return {
    check() {
      for (const canary of canaries) {
        try {
          const analysed = signature(engine.analyze({ path: canary.path, text: canary.text, ports }));
          if (analysed !== canary.expected) return `canary ${canary.name} through analyze: ${analysed} instead of ${canary.expected}`;
          const document = engine.openDocument(canary.path, canary.text);
          const opened = signature(engine.analyzeDocument(document, DEFAULT_CONFIG, ports));
          document.dispose();
          if (opened !== canary.expected) return `canary ${canary.name} through analyzeDocument: ${opened} instead of ${canary.expected}`;
        } catch (error) {
          return `canary ${canary.name} threw ${describeError(error)}`;
        }
      }
      return undefined;
    },
  };
}

function signature(result: AnalysisResult): string {
  const findings = result.findings.map((f) => `${f.ruleId}@${f.range.start.line + 1}:${f.range.start.column + 1}`).join(' ');
  const notes = result.notes.map((n) => n.kind).join(' ');
  return `[${findings}]${notes ? ` notes: ${notes}` : ''}`;
}
