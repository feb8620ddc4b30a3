/**
 * With `aisec.dependencies.online` on, the server asks the registries (a loopback one here) about names the
 * snapshot cannot answer and refreshes the diagnostics when the answers arrive; with it off, nothing is sent.
 */
import { strict as assert } from 'node:assert';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { ALL_MODULES } from '../../server/src/rules/index';
import { startFakeRegistry } from '../intel/loopback';
import type { FakeRegistry } from '../intel/loopback';
import { startHarness } from './harness';

const TEXT = 'requests==2.32.3\nquantum-flux-tensorizer-kit==0.3.1\nacme-internal-utils==1.0.0\n';
const ruleIds = (d: { data?: unknown }[]): string[] => d.map((x) => (x.data as { ruleId?: string } | undefined)?.ruleId ?? '');

describe('online package lookups in the language server', () => {
  let registry: FakeRegistry;
  const saved = { pypi: process.env.AISEC_PYPI_URL, osv: process.env.AISEC_OSV_URL, cache: process.env.XDG_CACHE_HOME };
  before(async () => {
    registry = await startFakeRegistry({ pypi: {} });
    process.env.AISEC_PYPI_URL = registry.url;
    process.env.AISEC_OSV_URL = registry.url;
    process.env.XDG_CACHE_HOME = mkdtempSync(join(tmpdir(), 'aisec-lsp-cache-'));
  });
  after(async () => {
    await registry.close();
    for (const [key, value] of [['AISEC_PYPI_URL', saved.pypi], ['AISEC_OSV_URL', saved.osv], ['XDG_CACHE_HOME', saved.cache]] as const) {
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    }
  });

  it('sends nothing while the setting is off', async () => {
    const h = await startHarness({ modules: ALL_MODULES, settings: { debounceMs: 0 } });
    try {
      const uri = 'file:///virtual/offline/requirements.txt';
      const published = h.waitForDiagnostics(uri, () => true, 20000);
      h.open(uri, 'pip-requirements', TEXT);
      // Offline, the bundled name list answers: both invented names are reported, and nothing is sent.
      assert.equal(ruleIds(await published).filter((id) => id === 'AIS504').length, 2);
      await new Promise((r) => setTimeout(r, 800));
      assert.equal(registry.requests.length, 0, registry.requests.join('\n'));
    } finally {
      await h.dispose();
    }
  });

  it('looks up unknown names, never private ones, and republishes with the answer', async () => {
    const h = await startHarness({ modules: ALL_MODULES, settings: { debounceMs: 0, dependencies: { online: true, privateNames: ['acme-*'] } } });
    try {
      const uri = 'file:///virtual/online/requirements.txt';
      // The private name's list answer goes once the settings are read; the invented name stays once the registry confirms it.
      const withMissing = h.waitForDiagnostics(uri, (d) => ruleIds(d).filter((id) => id === 'AIS504').length === 1 && registry.requests.some((r) => r.includes('quantum-flux-tensorizer-kit')), 20000);
      h.open(uri, 'pip-requirements', TEXT);
      const diagnostics = await withMissing;
      assert.equal(ruleIds(diagnostics).filter((id) => id === 'AIS504').length, 1);
      assert.ok(registry.requests.some((r) => r.includes('quantum-flux-tensorizer-kit')), registry.requests.join('\n'));
      assert.ok(!registry.requests.some((r) => r.includes('acme-internal-utils')), 'a private name was sent');
    } finally {
      await h.dispose();
    }
  });
});
