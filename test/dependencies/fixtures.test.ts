/**
 * Dependency fixtures that need package intelligence and project facts: each folder under
 * test/dependencies/fixtures is a small project, analysed with the bundled snapshot (offline), the
 * registry answers recorded in its `registry.json` (as an online lookup would have cached them), the
 * file-system project facts and a fixed clock. Expectations use the same `expect:` comments and
 * `.expect` sidecars as the rule fixtures; folders named `good-*` must give no dependency finding.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { loadEngine } from '../../server/src/host/load-engine';
import { createPackageIntel, FileSystemProjectFacts } from '../../server/src/intel/index';
import type { HostPackageIntel } from '../../server/src/intel/index';
import { parseManifest, pythonLockKind } from '../../server/src/engine/manifests/index';
import type { PythonLockKind } from '../../server/src/engine/manifests/index';
import { DEFAULT_CONFIG } from '../../server/src/engine/index';
import type { EnginePorts, Finding } from '../../server/src/engine/index';
import { compareExpectations, expectationsOf, listFixtures } from '../helpers/fixtures';
import type { Expectation, Fixture } from '../helpers/fixtures';
import { applyEdits } from '../helpers/edits';

const ROOT = join(__dirname, 'fixtures');
/** The fixtures describe detection, advisory findings included. */
const AUDIT = { ...DEFAULT_CONFIG, profile: 'audit' as const };
const NOW = Date.parse('2026-11-30T12:00:00Z');
/** Every dependency rule must be expected somewhere (here or in server/src/rules/dependencies/fixtures). */
const ALL_IDS = ['AIS501', 'AIS502', 'AIS503', 'AIS504', 'AIS505', 'AIS506', 'AIS507', 'AIS508', 'AIS509', 'AIS510', 'AIS511', 'AIS512', 'AIS513', 'AIS514'];

interface Case {
  name: string;
  dir: string;
  files: string[];
}

function cases(): Case[] {
  return readdirSync(ROOT).sort().map((name) => ({ name, dir: join(ROOT, name), files: walk(join(ROOT, name)) }));
}

function walk(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir).sort()) {
    const full = join(dir, name);
    if (statSync(full).isDirectory()) walk(full, out);
    else if (!name.endsWith('.expect') && name !== 'registry.json') out.push(full);
  }
  return out;
}

export function portsFor(dir: string, intel: HostPackageIntel = createPackageIntel({ online: false })): EnginePorts {
  const seedFile = join(dir, 'registry.json');
  if (existsSync(seedFile)) {
    const seed = JSON.parse(readFileSync(seedFile, 'utf8')) as Record<'pypi' | 'npm', Record<string, { exists: boolean; facts?: Record<string, unknown> }>>;
    for (const ecosystem of ['pypi', 'npm'] as const) for (const [name, answer] of Object.entries(seed[ecosystem] ?? {})) intel.remember(ecosystem, name, answer);
  }
  return { intel, project: new FileSystemProjectFacts({ root: dir }), clock: { now: () => NOW } };
}

function fixtureOf(file: string, c: Case): Fixture {
  return { path: file, relativePath: relative(ROOT, file), family: 'dependencies', kind: c.name.startsWith('good') ? 'good' : 'bad' };
}

const seenExpectations = new Set<string>();

/** Python lockfiles have no file kind yet; the host passes them as TOML or JSON. */
const LOCK_LANGUAGE: Record<PythonLockKind, string> = { 'poetry-lock': 'toml', 'uv-lock': 'toml', pylock: 'toml', 'pipfile-lock': 'json' };

for (const c of cases()) {
  test(`dependency project ${c.name}`, async () => {
    const engine = await loadEngine();
    const ports = portsFor(c.dir);
    const problems: string[] = [];
    for (const file of c.files) {
      const lock = pythonLockKind(file);
      const languageId = engine.kindOf(file) || !lock ? undefined : LOCK_LANGUAGE[lock];
      if (!engine.kindOf(file) && !languageId) continue;
      const text = readFileSync(file, 'utf8');
      const result = engine.analyze({ path: file, text, ports, languageId, config: AUDIT });
      const failed = result.notes.filter((n) => n.kind === 'rule-failed');
      if (failed.length > 0) problems.push(`${relative(ROOT, file)}: ${failed.map((n) => n.message).join('; ')}`);
      const own = result.findings.filter((f) => f.category === 'dependencies');
      const expected: Expectation[] = c.name.startsWith('good') ? [] : expectationsOf(fixtureOf(file, c), text);
      for (const e of expected) seenExpectations.add(e.ruleId);
      const { missing, extra } = compareExpectations(expected, own.map((f) => ({ line: f.range.start.line + 1, ruleId: f.ruleId })));
      if (missing.length > 0 || extra.length > 0) {
        problems.push(`${relative(ROOT, file)}\n  Missing: ${JSON.stringify(missing)}\n  Extra: ${JSON.stringify(extra)}\n${own.map((f) => `    ${f.range.start.line + 1}:${f.range.start.column + 1} ${f.ruleId} ${f.message}`).join('\n')}`);
      }
      if (!c.name.startsWith('good')) problems.push(...checkFixes(engine, file, text, own, ports));
    }
    assert.deepEqual(problems, []);
  });
}

/** Same-file fixes must remove their finding; fixes that add a dependency to another manifest must declare it there. */
function checkFixes(engine: Awaited<ReturnType<typeof loadEngine>>, file: string, text: string, findings: readonly Finding[], ports: EnginePorts): string[] {
  const problems: string[] = [];
  for (const finding of findings) {
    for (const fix of finding.fixes) {
      const where = `${relative(ROOT, file)}:${finding.range.start.line + 1} ${finding.ruleId} fix "${fix.title}"`;
      const local = fix.edits.filter((e) => e.file === undefined);
      if (local.length > 0) {
        const fixed = applyEdits(text, local);
        if (fixed === text) problems.push(`${where} changes nothing`);
        const lock = pythonLockKind(file);
        const after = engine.analyze({ path: file, text: fixed, ports, languageId: engine.kindOf(file) || !lock ? undefined : LOCK_LANGUAGE[lock], config: AUDIT }).findings.filter((f) => f.ruleId === finding.ruleId).length;
        const before = findings.filter((f) => f.ruleId === finding.ruleId).length;
        if (after >= before) problems.push(`${where} does not remove the finding`);
      }
      for (const edit of fix.edits.filter((e) => e.file !== undefined)) {
        const target = resolve(dirname(file), edit.file!);
        const kind = engine.kindOf(target);
        const updated = applyEdits(readFileSync(target, 'utf8'), [{ ...edit, file: undefined }]);
        const parsed = parseManifest(kind as 'requirements', updated, target);
        const dist = /^Add (\S+) to/.exec(fix.title)?.[1];
        if (parsed.diagnostics.length > 0) problems.push(`${where} leaves ${edit.file} malformed: ${parsed.diagnostics[0]!.message}`);
        if (!parsed.dependencies.some((d) => d.name.toLowerCase() === dist?.toLowerCase())) problems.push(`${where} does not declare ${dist} in ${edit.file}`);
      }
    }
  }
  return problems;
}

test('every dependency rule is exercised by a fixture', () => {
  const generic = listFixtures().filter((f) => f.family === 'dependencies' && f.kind === 'bad');
  for (const f of generic) for (const e of expectationsOf(f, readFileSync(f.path, 'utf8'))) seenExpectations.add(e.ruleId);
  for (const c of cases()) {
    if (c.name.startsWith('good')) continue;
    for (const file of c.files) for (const e of expectationsOf(fixtureOf(file, c), readFileSync(file, 'utf8'))) seenExpectations.add(e.ruleId);
  }
  assert.deepEqual(ALL_IDS.filter((id) => !seenExpectations.has(id)), []);
});

test('names in the dependencies.allow option get no package-risk findings', async () => {
  const engine = await loadEngine();
  const ports = portsFor(join(ROOT, 'bad-python'));
  const text = 'reqeusts==2.32.3\ncorp-tool==1.0\nnumpyy\n--trusted-host x.example\n';
  const config = { ...DEFAULT_CONFIG, options: { 'dependencies.allow': ['reqeusts', 'corp-*'] } };
  const result = engine.analyze({ path: join(ROOT, 'bad-python', 'requirements.txt'), text, ports, config });
  assert.deepEqual(result.findings.map((f) => `${f.range.start.line + 1} ${f.ruleId}`), ['3 AIS503', '4 AIS510']);
});
