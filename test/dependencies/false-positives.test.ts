/**
 * The false-positive guard: the 1,000 most popular PyPI and npm names, pinned, give no look-alike,
 * invented-name or brand-new findings, even when an online lookup has confirmed they exist; the
 * project's own package.json and package-lock.json give no dependency findings; and the look-alike
 * rule stays quiet on almost all of the moderately popular names it does not exempt.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadEngine } from '../../server/src/host/load-engine';
import { createPackageIntel } from '../../server/src/intel/index';
import type { Ecosystem, PackageIntel } from '../../server/src/engine/ports';
import { typosquatOf } from '../../server/src/rules/dependencies/shared/typosquat';

const NOW = Date.parse('2026-11-30T12:00:00Z');
const NAME_RULES = new Set(['AIS503', 'AIS504', 'AIS505']);

test('the 1,000 most popular PyPI names, pinned, raise no look-alike or invented-name finding', async () => {
  const engine = await loadEngine();
  const intel = createPackageIntel({ online: false });
  const names = intel.popularNames('pypi').slice(0, 1000);
  for (const name of names) intel.remember('pypi', name, { exists: true, facts: { firstRelease: '2015-01-01T00:00:00Z', releaseCount: 40 } });
  const text = names.map((n) => `${n}==1.0.0`).join('\n') + '\n';
  const result = engine.analyze({ path: '/fp/requirements.txt', text, ports: { intel, clock: { now: () => NOW } } });
  const offending = result.findings.filter((f) => NAME_RULES.has(f.ruleId) || (f.ruleId === 'AIS501' && !/compromised release/.test(f.message)));
  assert.deepEqual(offending.map((f) => `${f.range.start.line + 1} ${f.ruleId} ${f.message}`), []);
  assert.equal(result.notes.filter((n) => n.kind === 'rule-failed').length, 0);
});

test('the 1,000 most popular npm names, pinned, raise no look-alike or invented-name finding', async () => {
  const engine = await loadEngine();
  const intel = createPackageIntel({ online: false });
  const names = intel.popularNames('npm').slice(0, 1000);
  for (const name of names) intel.remember('npm', name, { exists: true, facts: { firstRelease: '2015-01-01T00:00:00Z', releaseCount: 40 } });
  const text = JSON.stringify({ name: 'fp', dependencies: Object.fromEntries(names.map((n) => [n, '1.0.0'])) }, null, 2);
  const result = engine.analyze({ path: '/fp/package.json', text, ports: { intel, clock: { now: () => NOW } } });
  const offending = result.findings.filter((f) => NAME_RULES.has(f.ruleId) || (f.ruleId === 'AIS501' && !/compromised release/.test(f.message)));
  assert.deepEqual(offending.map((f) => `${f.range.start.line + 1} ${f.ruleId} ${f.message}`), []);
});

test("the project's own package.json and package-lock.json give no dependency findings", async () => {
  const engine = await loadEngine();
  const intel = createPackageIntel({ online: false });
  const root = join(__dirname, '..', '..');
  for (const file of ['package.json', 'package-lock.json']) {
    const result = engine.analyze({ path: join(root, file), text: readFileSync(join(root, file), 'utf8'), ports: { intel, clock: { now: () => NOW } } });
    assert.deepEqual(result.findings.filter((f) => f.category === 'dependencies').map((f) => `${file}:${f.range.start.line + 1} ${f.ruleId} ${f.message}`), []);
  }
});

/** Measures the look-alike rule on legitimate names it cannot exempt: ranks 5,001-15,000 judged against only the top 5,000. */
function falseAlarmRate(ecosystem: Ecosystem, upper: number): { rate: number; examples: string[] } {
  const full = createPackageIntel({ online: false });
  const all = full.popularNames(ecosystem);
  const top = all.slice(0, 5000);
  const topSet = new Set(top);
  const restricted: PackageIntel = { ...bind(full), isPopular: (_e, n) => topSet.has(n), popularNames: () => top };
  // Every third name keeps the measurement representative and the test quick.
  const candidates = all.slice(5000, upper).filter((_, i) => i % 3 === 0);
  const flagged = candidates.filter((n) => typosquatOf(restricted, ecosystem, n) !== undefined);
  return { rate: flagged.length / candidates.length, examples: flagged.slice(0, 10) };
}

function bind(intel: PackageIntel): PackageIntel {
  return {
    exists: intel.exists.bind(intel), isPopular: intel.isPopular.bind(intel), popularNames: intel.popularNames.bind(intel),
    malicious: intel.malicious.bind(intel), vulnerabilities: intel.vulnerabilities.bind(intel),
  };
}

test('the look-alike rule flags few legitimate, moderately popular names', () => {
  // The catalogue measured 5-7% of popular names sitting one edit from another popular name; the affix, brand
  // and scope checks must not add much on top of that.
  for (const [ecosystem, upper] of [['pypi', 15000], ['npm', 15000]] as const) {
    const { rate, examples } = falseAlarmRate(ecosystem, upper);
    assert.ok(rate < 0.12, `${ecosystem}: ${(rate * 100).toFixed(1)}% of legitimate names flagged, e.g. ${examples.join(', ')}`);
  }
});

test('override selectors name the package they force, and type-only imports of undeclared names invent nothing', async () => {
  const engine = await loadEngine();
  const intel = createPackageIntel({ online: false });
  const manifest = JSON.stringify(
    {
      name: 'fp',
      dependencies: { express: '4.21.2' },
      overrides: { 'body-parser@<=1.20.3': '1.20.3', 'undici@>=6.0.0 <7.0.0': '6.28.0', '@babel/core@7': '7.26.0', express: { 'path-to-regexp@<=0.1.12': '0.1.12' } },
      pnpm: { overrides: { 'vite@5>esbuild@<0.25': '0.25.0' } },
    },
    null,
    2,
  );
  const manifestFindings = engine.analyze({ path: '/fp/package.json', text: manifest, ports: { intel, clock: { now: () => NOW } } }).findings;
  assert.deepEqual(manifestFindings.filter((f) => NAME_RULES.has(f.ruleId)).map((f) => `${f.ruleId} ${f.message}`), []);

  const project = { declaredDependencies: () => new Set(['ace-builds']), isFirstParty: () => false, fileExists: () => false };
  const analyzeTs = (text: string) => engine.analyze({ path: '/fp/src/editor.ts', text, ports: { intel, project, clock: { now: () => NOW } } }).findings.filter((f) => f.ruleId === 'AIS504');
  assert.deepEqual(analyzeTs("import type { Point } from 'ace-builds-internal/document'\nexport const p: Point | undefined = undefined\n"), []);
  assert.equal(analyzeTs("import { Point } from 'ace-builds-internal/document'\nexport const p = Point\n").length, 1, 'a value import of the same invented name is still reported');
});
