/**
 * The online path against real HTTP servers on 127.0.0.1 serving recorded-style answers: existence and
 * age from PyPI and npm, OSV advisories and malware, the two-pass host flow (analyse, refresh, analyse),
 * the on-disk cache and its TTLs, private names never sent, offline mode, timeouts, the concurrency
 * limit, HTTP proxies and `intelUpdate`. The intel instances get no registry name lists (`nameLists: {}`), so
 * what they know comes from the loopback registry alone (the lists have their own tests).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadEngine } from '../../server/src/host/load-engine';
import { createPackageIntel, intelUpdate } from '../../server/src/intel/index';
import { proxyFor } from '../../server/src/intel/http';
import { startFakeRegistry, startProxy } from './loopback';
import type { FakeRegistryOptions } from './loopback';

const NOW = Date.parse('2026-11-30T12:00:00Z');

const FIXTURE: FakeRegistryOptions = {
  pypi: {
    'brand-new-helper': { info: { version: '0.0.1' }, releases: { '0.0.1': [{ upload_time_iso_8601: '2026-11-25T08:00:00Z' }] } },
    'older-helper': { info: { version: '2.0.0' }, releases: { '1.0.0': [{ upload_time_iso_8601: '2021-01-01T00:00:00Z' }], '2.0.0': [{ upload_time_iso_8601: '2022-01-01T00:00:00Z' }] } },
  },
  npm: {
    'left-pad': { name: 'left-pad', 'dist-tags': { latest: '1.3.0' }, time: { created: '2014-03-01T00:00:00Z' }, versions: { '1.3.0': {} } },
    'evil-helper': { name: 'evil-helper', 'dist-tags': { latest: '1.0.0' }, time: { created: '2020-01-01T00:00:00Z' }, versions: { '1.0.0': {}, '1.0.1': {} } },
  },
  osvIds: { 'npm:left-pad': ['GHSA-test-0001'], 'npm:evil-helper': ['MAL-2026-0001'], 'PyPI:older-helper': ['PYSEC-2026-0001'] },
  osvRecords: {
    'GHSA-test-0001': { id: 'GHSA-test-0001', aliases: ['CVE-2026-0001'], summary: 'Prototype pollution in left-pad.', affected: [{ package: { ecosystem: 'npm', name: 'left-pad' }, ranges: [{ type: 'SEMVER', events: [{ introduced: '0' }, { fixed: '1.3.1' }] }] }] },
    'MAL-2026-0001': { id: 'MAL-2026-0001', summary: 'Malicious code in evil-helper (npm)', affected: [{ package: { ecosystem: 'npm', name: 'evil-helper' }, ranges: [{ type: 'SEMVER', events: [{ introduced: '0' }] }] }] },
    'PYSEC-2026-0001': { id: 'PYSEC-2026-0001', summary: 'Code execution in older-helper.', affected: [{ package: { ecosystem: 'PyPI', name: 'older-helper' }, ranges: [{ type: 'ECOSYSTEM', events: [{ introduced: '0' }, { fixed: '2.0.1' }] }] }] },
  },
};

test('the host flow: analyse, fetch what was unknown, analyse again', async () => {
  const registry = await startFakeRegistry(FIXTURE);
  try {
    const engine = await loadEngine();
    const endpoints = { pypi: registry.url, npm: registry.url, osv: registry.url };
    const intel = createPackageIntel({ online: true, nameLists: {}, endpoints, timeoutMs: 5000, now: () => NOW });
    const ports = { intel, clock: { now: () => NOW } };
    const requirements = 'brand-new-helper==0.0.1\nolder-helper==2.0.0\nnot-on-pypi-at-all\n';
    const first = engine.analyze({ path: '/p/requirements.txt', text: requirements, ports });
    assert.deepEqual(first.findings.map((f) => f.ruleId), [], 'nothing is reported before the registry has answered');
    assert.ok(intel.pending().some((q) => q.kind === 'registry' && q.name === 'not-on-pypi-at-all'));
    const pkg = JSON.stringify({ name: 'p', dependencies: { 'left-pad': '1.3.0', 'evil-helper': '1.0.1' } }, null, 2);
    engine.analyze({ path: '/p/package.json', text: pkg, ports });
    const refreshed = await intel.refresh();
    assert.equal(refreshed.failed, 0);
    assert.ok(refreshed.fetched >= 5);

    const second = engine.analyze({ path: '/p/requirements.txt', text: requirements, ports });
    assert.deepEqual(second.findings.map((f) => `${f.range.start.line + 1} ${f.ruleId}`), ['1 AIS505', '2 AIS502', '3 AIS504']);
    assert.match(second.findings[1]!.message, /PYSEC-2026-0001.*Fixed in 2\.0\.1/);
    const npm = engine.analyze({ path: '/p/package.json', text: pkg, ports });
    assert.deepEqual(npm.findings.map((f) => `${f.ruleId} ${f.message.split(' ')[0]}`), ['AIS502 left-pad', 'AIS501 evil-helper']);
    assert.equal(npm.findings[0]!.fixes[0]!.edits[0]!.newText, '1.3.1');

    // Only names were sent: no file content, and nothing is asked twice within a refresh.
    assert.ok(registry.requests.every((r) => !r.includes('requirements')));
    assert.equal(registry.requests.filter((r) => r === 'GET /pypi/not-on-pypi-at-all/json').length, 1);
  } finally {
    await registry.close();
  }
});

test('answers are cached on disk: positive for days, negative for hours', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'aisec-intel-'));
  const registry = await startFakeRegistry(FIXTURE);
  try {
    const cacheFile = join(dir, 'cache.json');
    const endpoints = { pypi: registry.url, npm: registry.url, osv: registry.url };
    const warm = createPackageIntel({ online: true, nameLists: {}, endpoints, cacheFile, now: () => NOW });
    assert.equal(warm.exists('pypi', 'older-helper'), undefined);
    assert.equal(warm.exists('pypi', 'missing-name'), undefined);
    await warm.refresh();
    await registry.close();

    // A new process with the server gone answers from the file.
    const later = (hours: number) => createPackageIntel({ online: true, nameLists: {}, endpoints, cacheFile, now: () => NOW + hours * 3_600_000 });
    const soon = later(1);
    assert.equal(soon.exists('pypi', 'older-helper'), true);
    assert.equal(soon.exists('pypi', 'missing-name'), false);
    const nextDay = later(24);
    assert.equal(nextDay.exists('pypi', 'older-helper'), true, 'positive answers last days');
    assert.equal(nextDay.exists('pypi', 'missing-name'), undefined, 'negative answers expire after hours');
    assert.ok(nextDay.pending().some((q) => q.name === 'missing-name'), 'an expired negative answer is asked again');
    assert.equal(later(24 * 8).exists('pypi', 'older-helper'), undefined, 'positive answers expire after a week');
  } finally {
    await registry.close().catch(() => undefined);
    rmSync(dir, { recursive: true, force: true });
  }
});

test('private names are never sent, and offline mode sends nothing', async () => {
  const registry = await startFakeRegistry(FIXTURE);
  try {
    const endpoints = { pypi: registry.url, npm: registry.url, osv: registry.url };
    const engine = await loadEngine();
    const intel = createPackageIntel({ online: true, nameLists: {}, endpoints, privateNames: ['corp-*', '@corp/*'] });
    engine.analyze({ path: '/p/requirements.txt', text: 'corp-billing==1.0\npublic-thing==1.0\n', ports: { intel } });
    engine.analyze({ path: '/p/package.json', text: '{"dependencies":{"@corp/ui":"1.0.0","leftish-pad":"1.0.0"}}', ports: { intel } });
    await intel.refresh();
    assert.ok(registry.requests.some((r) => r.includes('public-thing')));
    assert.ok(registry.requests.every((r) => !/corp-billing|@corp|corp%2f/i.test(r)), registry.requests.join('\n'));

    const before = registry.requests.length;
    const offline = createPackageIntel({ online: false, endpoints });
    engine.analyze({ path: '/p/requirements.txt', text: 'some-unknown-name==1.0\n', ports: { intel: offline } });
    assert.deepEqual(offline.pending(), []);
    assert.deepEqual(await offline.refresh(), { fetched: 0, failed: 0, notLookedUp: [] });
    assert.equal(registry.requests.length, before);
  } finally {
    await registry.close();
  }
});

test('timeouts leave answers unknown, and the concurrency limit holds', async () => {
  const slow = await startFakeRegistry({ ...FIXTURE, hang: /hangs/, delayMs: 20 });
  try {
    const endpoints = { pypi: slow.url, npm: slow.url, osv: slow.url };
    const intel = createPackageIntel({ online: true, nameLists: {}, endpoints, timeoutMs: 1500, concurrency: 2 });
    for (const name of ['a-one', 'a-two', 'a-three', 'a-four', 'a-five', 'hangs-forever']) intel.exists('pypi', name);
    const result = await intel.refresh();
    assert.equal(result.failed, 1);
    assert.equal(result.fetched, 5);
    assert.equal(intel.exists('pypi', 'hangs-forever'), undefined, 'a timed-out lookup stays unknown');
    assert.equal(intel.exists('pypi', 'a-one'), false);
    assert.ok(slow.maxInFlight <= 2, `at most 2 requests at once, saw ${slow.maxInFlight}`);
  } finally {
    await slow.close();
  }
});

test('HTTP_PROXY and NO_PROXY are honoured', async () => {
  const registry = await startFakeRegistry(FIXTURE);
  const proxy = await startProxy();
  try {
    const endpoints = { pypi: registry.url, npm: registry.url, osv: registry.url };
    const viaProxy = createPackageIntel({ online: true, nameLists: {}, endpoints, env: { HTTP_PROXY: proxy.url } });
    viaProxy.exists('pypi', 'older-helper');
    await viaProxy.refresh();
    assert.equal(viaProxy.exists('pypi', 'older-helper'), true);
    assert.deepEqual(proxy.forwarded, [`${registry.url}/pypi/older-helper/json`]);
    const bypass = createPackageIntel({ online: true, nameLists: {}, endpoints, env: { HTTP_PROXY: proxy.url, NO_PROXY: 'localhost,127.0.0.1' } });
    bypass.exists('pypi', 'brand-new-helper');
    await bypass.refresh();
    assert.equal(bypass.exists('pypi', 'brand-new-helper'), true);
    assert.equal(proxy.forwarded.length, 1, 'NO_PROXY hosts are reached directly');
  } finally {
    await proxy.close();
    await registry.close();
  }
  const env = { HTTPS_PROXY: 'http://proxy.corp:3128', NO_PROXY: '.internal.example,pypi.org:8443' };
  assert.equal(proxyFor(new URL('https://pypi.org/simple'), env)?.host, 'proxy.corp:3128');
  assert.equal(proxyFor(new URL('https://a.internal.example/x'), env), undefined);
  assert.equal(proxyFor(new URL('http://pypi.org/x'), env), undefined, 'HTTPS_PROXY does not apply to http targets');
  assert.equal(proxyFor(new URL('https://x.org'), { https_proxy: 'proxy:8080' })?.href, 'http://proxy:8080/');
});

test('intelUpdate merges OSV advisories and malware into a new snapshot', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'aisec-update-'));
  const registry = await startFakeRegistry(FIXTURE);
  try {
    const outDir = join(dir, 'snapshot');
    const result = await intelUpdate({ outDir, endpoints: { osv: registry.url }, popularLimit: 3, names: { npm: ['left-pad', 'evil-helper'], pypi: ['older-helper'] }, registryNames: false, osvExports: false });
    assert.deepEqual(result.advisories, { pypi: 1, npm: 1 });
    assert.deepEqual(result.malicious, { pypi: 0, npm: 1 });
    // Written in the bundled snapshot's form, so a scan reads only the parts it asks about.
    assert.ok(['index', 'stdlib', 'pypi.popular', 'pypi.knownNames', 'npm.advisories'].every((part) => existsSync(join(outDir, `${part}.json`))), 'a parts folder');
    const updated = createPackageIntel({ online: false, updatedSnapshotPath: outDir });
    assert.equal(updated.malicious('npm', 'evil-helper'), 'all');
    assert.deepEqual(updated.vulnerabilities('npm', 'left-pad', '1.3.0').map((a) => [a.id, a.fixedIn]), [['GHSA-test-0001', '1.3.1']]);
    assert.deepEqual(updated.vulnerabilities('pypi', 'older-helper', '2.0.0').map((a) => a.id), ['PYSEC-2026-0001']);
    assert.ok(updated.isPopular('pypi', 'requests'), 'the rest of the snapshot is kept');
  } finally {
    await registry.close();
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a movable git ref is resolved to its commit for the pinning fix', async () => {
  const sha = '0123456789abcdef0123456789abcdef01234567';
  const { createServer } = await import('node:http');
  const seen: string[] = [];
  const server = createServer((req, res) => {
    seen.push(`${req.url} ${req.headers.accept}`);
    if (req.url === '/repos/org/mylib/commits/main') {
      res.writeHead(200, { 'content-type': 'text/plain' });
      res.end(sha);
    } else {
      res.writeHead(404);
      res.end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  try {
    const port = (server.address() as AddressInfo).port;
    const engine = await loadEngine();
    const intel = createPackageIntel({ online: true, nameLists: {}, endpoints: { github: `http://127.0.0.1:${port}` } });
    const text = 'mylib @ git+https://github.com/org/mylib.git@main\n';
    const first = engine.analyze({ path: '/p/requirements.txt', text, ports: { intel } });
    assert.deepEqual(first.findings.map((f) => [f.ruleId, f.fixes.length]), [['AIS507', 0]]);
    await intel.refresh();
    const second = engine.analyze({ path: '/p/requirements.txt', text, ports: { intel } });
    const fix = second.findings[0]!.fixes[0]!;
    assert.equal(fix.applicability, 'unsafe');
    assert.equal(fix.edits[0]!.newText, sha);
    assert.deepEqual(fix.edits[0]!.range, { start: { line: 0, column: 45 }, end: { line: 0, column: 49 } });
    assert.deepEqual(seen, ['/repos/org/mylib/commits/main application/vnd.github.sha']);
  } finally {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
});

test('scheduleRefresh batches pending questions and reports new answers once', async () => {
  const registry = await startFakeRegistry(FIXTURE);
  try {
    const intel = createPackageIntel({ online: true, nameLists: {}, endpoints: { pypi: registry.url, npm: registry.url, osv: registry.url } });
    intel.exists('pypi', 'older-helper');
    const updates: number[] = [];
    const done = new Promise<void>((resolve) => {
      intel.scheduleRefresh((r) => {
        updates.push(r.fetched);
        resolve();
      }, 10);
      // A second analysis before the timer fires joins the same fetch.
      intel.exists('pypi', 'brand-new-helper');
      intel.scheduleRefresh(() => updates.push(-1), 10);
    });
    await done;
    assert.deepEqual(updates, [2]);
    assert.equal(intel.exists('pypi', 'brand-new-helper'), true);
  } finally {
    await registry.close();
  }
});

test('the overall deadline aborts running lookups and skips the rest, naming each one not looked up', async () => {
  const silent = await startFakeRegistry({ hang: /./ });
  try {
    const endpoints = { pypi: silent.url, npm: silent.url, osv: silent.url, github: silent.url };
    // Each request may take 10 s; the refresh as a whole only 300 ms.
    const intel = createPackageIntel({ online: true, nameLists: {}, endpoints, timeoutMs: 10_000, deadlineMs: 300, concurrency: 2 });
    const names = ['d-one', 'd-two', 'd-three', 'd-four', 'd-five'];
    for (const name of names) intel.exists('pypi', name);
    intel.resolveVcsCommit('git+https://github.com/public-org/lib.git', 'main', 'lib');
    const result = await intel.refresh();
    assert.equal(result.fetched, 0);
    assert.equal(result.failed, 0, 'a lookup the deadline cut off is not a failure');
    assert.deepEqual(result.notLookedUp.map((q) => `${q.kind} ${q.name}`).sort(), [...names.map((n) => `registry ${n}`), 'vcs public-org/lib#main'].sort());
    assert.ok(silent.requests.length <= 2, `only the first two lookups were started: ${silent.requests.join(', ')}`);
    assert.equal(intel.exists('pypi', 'd-one'), undefined, 'what was not looked up stays unknown');
  } finally {
    await silent.close();
  }
});

test('a VCS reference is not even queued when its dependency name, owner or repository is private', () => {
  const intel = createPackageIntel({ online: true, privateNames: ['acme-*'] });
  intel.resolveVcsCommit('git+https://github.com/someorg/tools.git', 'main', 'acme-tools');
  intel.resolveVcsCommit('git+https://github.com/acme-corp/helper.git', 'v2', 'helper');
  intel.resolveVcsCommit('github:public-org/acme-widget#main', undefined, 'widget');
  intel.resolveVcsCommit('git+https://github.com/public-org/public-lib.git', 'main', 'public-lib');
  assert.deepEqual(intel.pending().map((q) => q.name), ['public-org/public-lib#main']);
  intel.setPrivateNames(['public-*']);
  assert.deepEqual(intel.pending(), [], 'new patterns drop queued VCS lookups too');
});
