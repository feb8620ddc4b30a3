/**
 * The import checker asks the shared dependency pipeline for newness only (AIS505). Without registry facts that
 * finding cannot be made, so the pipeline stops before its look-alike search: a scan of code importing modules
 * no list knows must not build the look-alike indexes for nothing (they were about 2 % of a scan's CPU), and
 * a young package imported by name is still reported.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadEngine } from '../../server/src/host/load-engine';
import { createPackageIntel } from '../../server/src/intel/index';
import type { PackageIntel, ProjectFacts } from '../../server/src/engine/ports';

const NOW = Date.parse('2026-12-06T00:00:00Z');
const daysAgo = (days: number): string => new Date(NOW - days * 86_400_000).toISOString();

/** Project facts that know the file system: no module of these imports is first-party. */
const project: ProjectFacts = { isFirstParty: () => false, fileExists: () => false };

/** The intel, counting the calls that build the look-alike indexes (a fresh object, so no index is cached for it). */
function counting(intel: PackageIntel): { intel: PackageIntel; popularNamesCalls: () => number } {
  let calls = 0;
  const wrapped = new Proxy(intel, {
    get(target, property) {
      if (property === 'popularNames') return (...args: Parameters<PackageIntel['popularNames']>) => ((calls += 1), target.popularNames(...args));
      const value: unknown = Reflect.get(target, property, target);
      return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
    },
  });
  return { intel: wrapped, popularNamesCalls: () => calls };
}

test('an import of a young package is reported for its newness', async () => {
  const engine = await loadEngine();
  const intel = createPackageIntel({ online: false });
  intel.remember('pypi', 'fresh-ai-helper-xq', { exists: true, facts: { firstRelease: daysAgo(3), releaseCount: 1, hasRepository: true } });
  const text = 'import fresh_ai_helper_xq\n\nfresh_ai_helper_xq.run()\n';
  const findings = engine.analyze({ path: '/p/app.py', text, ports: { intel, project, clock: { now: () => NOW } } }).findings.filter((f) => f.ruleId === 'AIS505');
  assert.deepEqual(findings.map((f) => f.message), ['fresh-ai-helper-xq was first published 3 days ago and has a single release; new packages with little history are how invented and look-alike names get claimed.']);
});

test('imports of unlisted modules without registry facts do not build the look-alike indexes', async () => {
  const engine = await loadEngine();
  const base = createPackageIntel({ online: false });
  // Listed but not popular, so the pipeline runs past its registry checks to newness.
  base.remember('pypi', 'quiet-module-xq', { exists: true });
  const { intel, popularNamesCalls } = counting(base);
  const text = 'import quiet_module_xq\nfrom torchx_helper_xq import thing\n\nquiet_module_xq.run(thing)\n';
  const result = engine.analyze({ path: '/p/app.py', text, ports: { intel, project, clock: { now: () => NOW } } });
  assert.deepEqual(result.findings.filter((f) => f.ruleId === 'AIS505'), []);
  assert.equal(popularNamesCalls(), 0);
});
