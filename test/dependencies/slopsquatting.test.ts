/**
 * AIS505, slopsquatting signals for names that exist but are not popular: registry facts (from a loopback
 * registry, or remembered) make a young package suspicious when two more signals agree, and the message
 * lists the evidence.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadEngine } from '../../server/src/host/load-engine';
import { createPackageIntel } from '../../server/src/intel/index';
import { startFakeRegistry } from '../intel/loopback';

const NOW = Date.parse('2026-12-06T00:00:00Z');
const daysAgo = (days: number): string => new Date(NOW - days * 86_400_000).toISOString();

test('a young package with no repository and install scripts is reported with its evidence; an established-looking one is not', async () => {
  const engine = await loadEngine();
  const intel = createPackageIntel({ online: false });
  intel.remember('npm', 'fresh-ai-helper-xq', { exists: true, facts: { firstRelease: daysAgo(60), releaseCount: 3, hasRepository: false, hasInstallScripts: true } });
  intel.remember('npm', 'fresh-but-open-xq', { exists: true, facts: { firstRelease: daysAgo(60), releaseCount: 3, hasRepository: true, hasInstallScripts: false } });
  intel.remember('npm', 'brand-new-xq', { exists: true, facts: { firstRelease: daysAgo(3), releaseCount: 1, hasRepository: true } });
  const text = JSON.stringify({ name: 'p', dependencies: { 'fresh-ai-helper-xq': '1.0.0', 'fresh-but-open-xq': '1.0.0', 'brand-new-xq': '0.0.1' } }, null, 2);
  const findings = engine.analyze({ path: '/p/package.json', text, ports: { intel, clock: { now: () => NOW } } }).findings.filter((f) => f.ruleId === 'AIS505');
  assert.deepEqual(findings.map((f) => f.message), [
    'fresh-ai-helper-xq was first published 60 days ago, links no source repository and runs install scripts; new packages with little history are how invented and look-alike names get claimed.',
    'brand-new-xq was first published 3 days ago and has a single release; new packages with little history are how invented and look-alike names get claimed.',
  ]);
});

test('the registries\' answers say whether a source repository is linked', async () => {
  const registry = await startFakeRegistry({
    pypi: {
      'linked-xq': { info: { version: '1.0', project_urls: { Source: 'https://github.com/org/linked-xq' } }, releases: { '1.0': [{ upload_time_iso_8601: '2026-11-01T00:00:00Z' }] } },
      'unlinked-xq': { info: { version: '1.0', home_page: '', project_urls: null }, releases: { '1.0': [{ upload_time_iso_8601: '2026-11-01T00:00:00Z' }] } },
    },
    npm: { 'npm-linked-xq': { 'dist-tags': { latest: '1.0.0' }, time: { created: '2026-11-01T00:00:00Z' }, versions: { '1.0.0': { repository: { type: 'git', url: 'git+https://github.com/org/npm-linked-xq.git' } } } } },
  });
  try {
    const intel = createPackageIntel({ online: true, nameLists: {}, endpoints: { pypi: registry.url, npm: registry.url, osv: registry.url } });
    for (const [ecosystem, name] of [['pypi', 'linked-xq'], ['pypi', 'unlinked-xq'], ['npm', 'npm-linked-xq']] as const) intel.registryFacts(ecosystem, name);
    await intel.refresh();
    assert.equal(intel.registryFacts('pypi', 'linked-xq')?.hasRepository, true);
    assert.equal(intel.registryFacts('pypi', 'unlinked-xq')?.hasRepository, false);
    assert.equal(intel.registryFacts('npm', 'npm-linked-xq')?.hasRepository, true);
  } finally {
    await registry.close();
  }
});
