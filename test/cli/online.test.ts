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
    // Offline, the bundled name list answers (and names its date); no name is private to an offline scan.
    const offlineMissing = (JSON.parse(offline.stdout) as { findings: { ruleId: string; message: string }[] }).findings.filter((f) => f.ruleId === 'AIS504');
    assert.deepEqual(offlineMissing.map((f) => f.message.split(' ')[0]), ['quantum-flux-tensorizer-kit', 'acme-internal-utils']);
    assert.match(offlineMissing[0]!.message, /not in the PyPI name list of 2026-11/);
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
    // Every endpoint is the loopback registry; it has no OSV export, so the names are queried one batch at a time.
    const env = { AISEC_OSV_URL: registry.url, AISEC_OSV_EXPORTS_URL: registry.url, AISEC_PYPI_URL: registry.url, AISEC_NPM_URL: registry.url, XDG_CACHE_HOME: join(project, '.cache') };
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

test('--online sends no private name to any host: registry names, and a VCS dependency\'s name, owner, repository and ref', async () => {
  const project = mkdtempSync(join(tmpdir(), 'aisec-online-vcs-'));
  // Each private VCS dependency is private for one reason: its name, its owner or its repository matches acme-*.
  const secrets = ['acme-tools', 'someorg/tools', 'release-7a', 'acme-corp', 'helper-private', 'v2-private', 'acme-widget', 'feature-x9', 'acme-other'];
  writeFileSync(
    join(project, 'requirements.txt'),
    [
      'acme-tools @ git+https://github.com/someorg/tools.git@release-7a',
      'helper-private @ git+https://github.com/acme-corp/helper-private.git@v2-private',
      'widget @ git+https://github.com/public-org/acme-widget.git@feature-x9',
      'acme-other==1.0.0',
      'public-lib @ git+https://github.com/public-org/public-lib.git@main',
      'git+https://github.com/public-org/egg-lib.git@main#egg=egg-lib',
      'archive-lib @ https://example.com/archive-lib-1.0.tar.gz#sha256=5b3c1a9d8e7b6c5d4e3f2a1b0c9d8e7f6a5b4c3d5b3c1a9d8e7b6c5d4e3f2a1b',
      'quantum-flux-tensorizer-kit==0.3.1',
      '',
    ].join('\n'),
  );
  const registry = await startFakeRegistry({ pypi: {} });
  try {
    const env = { AISEC_PYPI_URL: registry.url, AISEC_OSV_URL: registry.url, AISEC_NPM_URL: registry.url, AISEC_GITHUB_API_URL: registry.url, XDG_CACHE_HOME: join(project, '.cache') };
    const online = await runCliAsync(['scan', '.', '--online', '--private-names', 'acme-*', '--format', 'json', '--fail-on', 'never'], project, env, 60_000);
    assert.ok(!online.timedOut);
    const leaked = registry.requests.filter((request) => secrets.some((secret) => request.toLowerCase().includes(secret)));
    assert.deepEqual(leaked, [], 'no request names a private dependency, owner, repository or ref');
    // The recording is real: public VCS references and names were asked about.
    assert.ok(registry.requests.some((r) => r.startsWith('GET /repos/public-org/public-lib/commits/main')), registry.requests.join('\n'));
    assert.ok(registry.requests.some((r) => r.includes('/pypi/quantum-flux-tensorizer-kit/json')), registry.requests.join('\n'));
    // A git or URL requirement is installed from its location: PyPI is never asked about it, so it never "does not exist".
    for (const name of ['public-lib', 'egg-lib', 'archive-lib', 'widget']) assert.ok(!registry.requests.some((r) => r.includes(`/pypi/${name}/`)), `${name} was looked up on PyPI`);
    const missing = (JSON.parse(online.stdout) as { findings: { ruleId: string; message: string }[] }).findings.filter((f) => f.ruleId === 'AIS504');
    assert.equal(missing.length, 1, JSON.stringify(missing));
    assert.match(missing[0]!.message, /quantum-flux-tensorizer-kit/);
  } finally {
    await registry.close();
  }
});

test('--online stops at its overall deadline against a silent registry and says what was not looked up', async () => {
  const project = mkdtempSync(join(tmpdir(), 'aisec-online-deadline-'));
  const names = Array.from({ length: 40 }, (_, i) => `silent-unknown-package-${i}`);
  writeFileSync(join(project, 'requirements.txt'), names.map((n) => `${n}==1.0.0`).join('\n'));
  // Never answers: without a deadline, 40 names at 4 at a time and 5 s each (plus OSV) take about a minute.
  const registry = await startFakeRegistry({ hang: /./ });
  try {
    const env = { AISEC_PYPI_URL: registry.url, AISEC_OSV_URL: registry.url, AISEC_NPM_URL: registry.url, AISEC_GITHUB_API_URL: registry.url, XDG_CACHE_HOME: join(project, '.cache') };
    const run = await runCliAsync(['scan', '.', '--online', '--online-deadline', '1500', '--format', 'json', '--fail-on', 'never'], project, env, 30_000);
    assert.ok(!run.timedOut, 'the scan ended at its deadline');
    assert.equal(run.status, 0, run.stderr);
    assert.match(run.stderr, /online lookups stopped at the 1500 ms deadline \(--online-deadline\); not looked up, so still unknown: pypi silent-unknown-package-\d+, .* and \d+ more/);
    assert.ok(registry.requests.length > 0, 'lookups were attempted');
    // What the silent registry never answered is reported from the offline name list, and says so.
    const missing = (JSON.parse(run.stdout) as { findings: { ruleId: string; message: string }[] }).findings.filter((f) => f.ruleId === 'AIS504');
    assert.equal(missing.length, names.length);
    assert.ok(missing.every((f) => /not in the PyPI name list of 2026-11/.test(f.message)));
  } finally {
    await registry.close();
  }
});
