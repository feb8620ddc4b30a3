/**
 * The bundled snapshot has no npm advisories (README, "No npm advisories offline": no openly licensed npm
 * package ships npm-ecosystem advisory records). This keeps that gap visible and its messages honest: an offline
 * scan of a pinned `next 15.1.0` reports no advisory finding, and the snapshot records no npm advisory date, so no
 * npm finding can claim one. Bundling npm advisories must change both assertions together with `advisoryDates.npm`.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createPackageIntel } from '../../server/src/intel/index';
import { loadEngine } from '../../server/src/host/load-engine';

test('offline, the bundled snapshot has no npm advisories and records no npm advisory date', async () => {
  const intel = createPackageIntel({ online: false });
  assert.equal(intel.advisoryDate('npm'), undefined);
  assert.match(intel.advisoryDate('pypi') ?? '', /^\d{4}-\d{2}-\d{2}$/, 'PyPI advisories are bundled with their date');
  assert.deepEqual(intel.vulnerabilities('npm', 'next', '15.1.0'), []);
  assert.deepEqual(intel.vulnerabilities('npm', 'vm2', '3.9.17'), []);

  const engine = await loadEngine();
  const text = JSON.stringify({ name: 'app', dependencies: { next: '15.1.0', vm2: '3.9.17' } }, null, 2);
  const found = engine.analyze({ path: '/p/package.json', text, ports: { intel, clock: { now: () => Date.parse('2026-12-07T00:00:00Z') } } }).findings;
  assert.deepEqual(found.filter((f) => f.ruleId === 'AIS502').map((f) => f.message), []);
});
