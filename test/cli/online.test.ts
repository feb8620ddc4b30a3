/**
 * `aisec scan --online`: names the bundled snapshot cannot answer for are looked up in the registries
 * (a loopback registry here), cached, and reported on the second pass; private names are never sent.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startFakeRegistry } from '../intel/loopback';
import { runCliAsync } from './run-cli';

test('--online reports a dependency the registry does not have, and sends no private name', async () => {
  const project = mkdtempSync(join(tmpdir(), 'aisec-online-'));
  writeFileSync(join(project, 'requirements.txt'), 'requests==2.32.3\nquantum-flux-tensorizer-kit==0.3.1\nacme-internal-utils==1.0.0\n');
  const registry = await startFakeRegistry({ pypi: {} });
  try {
    const env = { AISEC_PYPI_URL: registry.url, AISEC_OSV_URL: registry.url, AISEC_NPM_URL: registry.url, XDG_CACHE_HOME: join(project, '.cache') };
    const offline = await runCliAsync(['scan', '.', '--format', 'json', '--fail-on', 'never'], project, env);
    const offlineIds = (JSON.parse(offline.stdout) as { findings: { ruleId: string }[] }).findings.map((f) => f.ruleId);
    assert.ok(!offlineIds.includes('AIS504'), 'offline, an unknown name is never reported as missing');
    assert.equal(registry.requests.length, 0, 'offline scans send nothing');

    const online = await runCliAsync(['scan', '.', '--online', '--private-names', 'acme-*', '--format', 'json', '--fail-on', 'never'], project, env);
    const findings = (JSON.parse(online.stdout) as { findings: { ruleId: string; message: string }[] }).findings;
    const missing = findings.filter((f) => f.ruleId === 'AIS504');
    assert.equal(missing.length, 1, `expected one hallucinated-package finding, got ${JSON.stringify(findings)}\n${online.stderr}`);
    assert.match(missing[0]!.message, /quantum-flux-tensorizer-kit/);
    assert.ok(registry.requests.some((r) => r.includes('/pypi/quantum-flux-tensorizer-kit/json')), registry.requests.join('\n'));
    assert.ok(!registry.requests.some((r) => r.includes('acme-internal-utils')), 'a private name was sent');
    assert.ok(existsSync(join(project, '.cache', 'aisec', 'intel-cache.json')), 'answers are cached on disk');
  } finally {
    await registry.close();
  }
});

test('aisec intel update refreshes the snapshot from OSV (loopback) and scans use it', async () => {
  const project = mkdtempSync(join(tmpdir(), 'aisec-update-'));
  writeFileSync(join(project, 'requirements.txt'), 'older-helper==1.0.0\n');
  const registry = await startFakeRegistry({
    osvIds: { 'PyPI:older-helper': ['PYSEC-2026-0001'] },
    osvRecords: {
      'PYSEC-2026-0001': { id: 'PYSEC-2026-0001', summary: 'Code execution in older-helper.', affected: [{ package: { ecosystem: 'PyPI', name: 'older-helper' }, ranges: [{ type: 'ECOSYSTEM', events: [{ introduced: '0' }, { fixed: '2.0.1' }] }] }] },
    },
  });
  try {
    const env = { AISEC_OSV_URL: registry.url, AISEC_PYPI_URL: registry.url, AISEC_NPM_URL: registry.url, XDG_CACHE_HOME: join(project, '.cache') };
    const before = await runCliAsync(['scan', '.', '--format', 'json', '--fail-on', 'never'], project, env);
    assert.ok(!(JSON.parse(before.stdout) as { findings: { ruleId: string }[] }).findings.some((f) => f.ruleId === 'AIS502'));
    const update = await runCliAsync(['intel', 'update'], project, env);
    assert.equal(update.status, 0, update.stderr);
    assert.ok(registry.requests.some((r) => r.startsWith('POST /v1/querybatch') && r.includes('older-helper')), 'the workspace dependency was queried');
    const after = await runCliAsync(['scan', '.', '--format', 'json', '--fail-on', 'never'], project, env);
    const vulnerable = (JSON.parse(after.stdout) as { findings: { ruleId: string; message: string }[] }).findings.filter((f) => f.ruleId === 'AIS502');
    assert.equal(vulnerable.length, 1, after.stdout);
    assert.match(vulnerable[0]!.message, /PYSEC-2026-0001|2\.0\.1/);
  } finally {
    await registry.close();
  }
});
