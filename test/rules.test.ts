/**
 * Data-driven rule tests: every fixture under server/src/rules/**\/fixtures is analysed in the audit profile
 * (every finding) and its findings (of the fixture's own family) must equal its annotations — reported as
 * Missing and Extra — and every fix must leave a file that still parses and no longer raises the finding
 * it fixes. The default profile must report exactly the audit findings that are not advisory.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { loadEngine } from '../server/src/host/load-engine';
import { compareExpectations, expectationsOf, listFixtures, type Fixture } from './helpers/fixtures';
import { applyEdits } from './helpers/edits';
import { fixturePorts } from './helpers/ports';
import { DEFAULT_CONFIG } from '../server/src/engine/index';
import type { AnalysisResult, Engine, EngineConfig, Finding } from '../server/src/engine/index';
import { ALSO_REPORTS_PROPERTY } from '../server/src/engine/combine';

const fixtures = listFixtures();

/** A multi-file fixture is a folder under `fixtures/projects/` or a `bad-*`/`good-*` folder: that folder is its project root. */
function projectRootOf(path: string): string {
  const match = /^(.*[\\/]fixtures[\\/]projects[\\/][^\\/]+)[\\/]/.exec(path) ?? /^(.*[\\/]fixtures[\\/](?:bad|good)[^\\/]*)[\\/]/.exec(path);
  return match?.[1] ?? dirname(path);
}

const AUDIT: EngineConfig = { ...DEFAULT_CONFIG, profile: 'audit' };

function analyse(engine: Engine, fixture: Fixture, text?: string, config: EngineConfig = AUDIT): { result: AnalysisResult; text: string | undefined } {
  const kind = engine.kindOf(fixture.path);
  if (kind === 'model') {
    const bytes = readFileSync(fixture.path);
    return { result: engine.analyzeBytes({ path: fixture.path, bytes, fileSize: bytes.length, config, ports: fixturePorts(engine, projectRootOf(fixture.path)) }), text: undefined };
  }
  const source = text ?? readFileSync(fixture.path, 'utf8');
  return { result: engine.analyze({ path: fixture.path, text: source, config, ports: fixturePorts(engine, projectRootOf(fixture.path)) }), text: source };
}

const key = (f: Finding): string => `${f.range.start.line + 1}:${f.range.start.column + 1} ${f.ruleId} [${f.severity}]`;

test('there are rule fixtures', () => {
  assert.ok(fixtures.length > 0, 'no fixtures found under server/src/rules');
});

for (const fixture of fixtures) {
  test(`fixture ${fixture.relativePath}`, async () => {
    const engine = await loadEngine();
    const { result, text } = analyse(engine, fixture);
    const failed = result.notes.filter((n) => n.kind === 'rule-failed');
    assert.deepEqual(failed, [], `rules failed on ${fixture.relativePath}`);
    const own = result.findings.filter((f) => f.category === fixture.family);
    const actual = own.map((f) => ({ line: f.range.start.line + 1, ruleId: f.ruleId }));
    const expected = fixture.kind === 'good' ? [] : expectationsOf(fixture, text);
    if (fixture.kind === 'bad') assert.ok(expected.length > 0, `${fixture.relativePath} is a bad fixture without any expect: annotation`);
    const { missing, extra } = compareExpectations(expected, actual);
    const detail = own.map((f) => `  ${f.range.start.line + 1}:${f.range.start.column + 1} ${f.ruleId} ${f.message}`).join('\n');
    assert.deepEqual({ Missing: missing, Extra: extra }, { Missing: [], Extra: [] }, `${fixture.relativePath}\nfindings:\n${detail}`);
  });

  test(`default profile of ${fixture.relativePath}: the audit findings without the advisory ones`, async () => {
    const engine = await loadEngine();
    const audit = analyse(engine, fixture).result.findings;
    const quiet = analyse(engine, fixture, undefined, DEFAULT_CONFIG).result.findings;
    assert.ok(quiet.every((f) => f.advisory === undefined), 'the default profile marks no finding advisory');
    assert.deepEqual(quiet.map(key), audit.filter((f) => f.advisory === undefined).map(key));
  });

  if (fixture.kind !== 'bad') continue;
  test(`fixes of ${fixture.relativePath} parse and remove their finding`, async () => {
    const engine = await loadEngine();
    const { result, text } = analyse(engine, fixture);
    if (text === undefined) return;
    const parsedBefore = engine.parsesCleanly(fixture.path, text);
    for (const finding of result.findings.filter((f) => f.category === fixture.family)) {
      for (const fix of finding.fixes) {
        if (fix.edits.every((e) => e.file !== undefined)) continue;
        const fixed = applyEdits(text, fix.edits);
        assert.notEqual(fixed, text, `${fixture.relativePath}:${finding.range.start.line + 1} fix "${fix.title}" changes nothing`);
        if (parsedBefore) assert.equal(engine.parsesCleanly(fixture.path, fixed), true, `${fixture.relativePath}:${finding.range.start.line + 1} fix "${fix.title}" leaves code that does not parse:\n${fixed}`);
        // A combined finding names several problems (its rule and `alsoReports`); each fix removes one of them.
        const problems = problemsOf(finding);
        const afterFindings = analyse(engine, fixture, fixed).result.findings;
        const removesOne = problems.some((rule) => countProblems(afterFindings, rule) < countProblems(result.findings, rule));
        assert.ok(removesOne, `${fixture.relativePath}:${finding.range.start.line + 1} fix "${fix.title}" does not remove the ${problems.join(' or ')} finding`);
      }
    }
  });
}

/** The rule codes a finding reports: its own and, for a combined finding, those it also names. */
function problemsOf(finding: Finding): string[] {
  const also = finding.properties?.[ALSO_REPORTS_PROPERTY];
  return [finding.ruleId, ...(typeof also === 'string' && also.length > 0 ? also.split(',') : [])];
}

function countProblems(findings: readonly Finding[], rule: string): number {
  return findings.filter((f) => problemsOf(f).includes(rule)).length;
}
