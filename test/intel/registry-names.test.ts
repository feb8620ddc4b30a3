/**
 * The offline existence check: the bundled name lists answer for real and invented names (PEP 503 and npm
 * normalisation, scopes), the fuse filter keeps its stated false-positive rate, broken files are refused
 * with their path, `aisec intel update` refreshes the lists from loopback registries, and AIS504 names the
 * list's date (and its age once stale).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { createPackageIntel, defaultSnapshotPath } from '../../server/src/intel/index';
import { buildFuseFilter, fuseHas } from '../../server/src/intel/fuse-filter';
import { decodeNameList, encodeNameList, registryNameSets } from '../../server/src/intel/name-list-file';
import { tarEntry, updateRegistryNames } from '../../server/src/intel/names-update';
import { loadEngine } from '../../server/src/host/load-engine';
import type { EnginePorts } from '../../server/src/engine/index';
import { DEFAULT_CONFIG } from '../../server/src/engine/index';
import { startFakeRegistry } from './loopback';

test('the bundled lists know real names under any spelling and not invented ones', () => {
  const intel = createPackageIntel({ online: false });
  for (const name of ['numpy', 'Scikit_Learn', 'zope.interface', 'python-dateutil', 'backports.tarfile']) assert.equal(intel.exists('pypi', name), true, name);
  for (const name of ['lodash', '@azure/arm-dns', '@types/node', 'JSONStream', '@Babel/Core']) assert.equal(intel.exists('npm', name), true, name);
  for (const name of ['langchain-toolkit-pro-helper', 'openai-function-router-utils', 'torch-secure-loader-xyz']) assert.equal(intel.exists('pypi', name), false, name);
  assert.equal(intel.exists('npm', 'react-ai-form-autofill-helper-pro'), false);
  assert.equal(intel.exists('npm', '@azure/arm-dns-invented-helper'), false, 'a public scope with an invented package');
  assert.equal(intel.exists('npm', '@no-such-public-scope-xq/tool'), undefined, 'a scope with nothing public is a private registry\'s');
  assert.equal(intel.nameListDate('pypi', 'anything'), '2026-11');
  assert.match(intel.nameListDate('npm', 'anything') ?? '', /^\d{4}-\d{2}-\d{2}$/);
});

test('online, a name the list lacks is also asked of the registry, whose answer then wins', () => {
  const intel = createPackageIntel({ online: true });
  assert.equal(intel.exists('pypi', 'brand-new-project-xq'), false, 'until the registry answers, the list does');
  assert.deepEqual(intel.pending().map((q) => `${q.kind}:${q.name}`), ['registry:brand-new-project-xq']);
  intel.remember('pypi', 'brand-new-project-xq', { exists: true });
  assert.equal(intel.exists('pypi', 'brand-new-project-xq'), true);
  assert.equal(intel.nameListDate('pypi', 'brand-new-project-xq'), undefined, 'the answer is the registry\'s, not the list\'s');
});

test('names AI assistants invented and someone registered are flagged with what was meant', async () => {
  const engine = await loadEngine();
  const intel = createPackageIntel({ online: false });
  assert.equal(intel.knownHallucination('npm', 'react-codeshift'), 'jscodeshift');
  const finding = engine.analyze({ path: '/p/setup.sh', text: 'npx react-codeshift --transform x.js src\n', ports: { intel } }).findings.find((f) => f.ruleId === 'AIS504');
  assert.match(finding?.message ?? '', /react-codeshift is a name AI assistants invent.*Did you mean jscodeshift\?/);
  assert.equal(finding?.severity, 'error');
});

test('names declared private are never answered from the public list', () => {
  const intel = createPackageIntel({ online: false, privateNames: ['corp-*'] });
  assert.equal(intel.exists('pypi', 'corp-billing'), undefined);
  assert.equal(intel.exists('pypi', 'acme-billing-internal-xq'), false);
});

test('the fuse filter has no false negatives and about 0.4 % false positives', (t) => {
  const keys = Array.from({ length: 50_000 }, (_, i) => `package-${i}-${(i * 2654435761) % 1000}`);
  const filter = buildFuseFilter(keys);
  assert.ok(keys.every((k) => fuseHas(filter, k)));
  let positives = 0;
  const trials = 200_000;
  for (let i = 0; i < trials; i++) if (fuseHas(filter, `invented-${i}`)) positives++;
  const rate = positives / trials;
  t.diagnostic(`false-positive rate ${(rate * 100).toFixed(3)} %, ${((filter.fingerprints.length * 8) / keys.length).toFixed(2)} bits per name`);
  assert.ok(rate > 0.002 && rate < 0.006, `rate ${rate}`);
  assert.ok(filter.fingerprints.length * 8 < keys.length * 10, 'under 10 bits a name');
});

test('a broken name list is refused with its path and what is wrong', () => {
  const good = encodeNameList('pypi', '2026-11', 'test', registryNameSets('pypi', ['numpy', 'Foo_Bar']));
  assert.ok(fuseHas(decodeNameList(good, 'ok.bin').filters['names']!, 'foo-bar'));
  assert.throws(() => decodeNameList(Buffer.from('hello'), '/x/names.bin'), /\/x\/names\.bin is not an AISec name list/);
  assert.throws(() => decodeNameList(good.subarray(0, good.length - 10), '/x/cut.bin'), /\/x\/cut\.bin: filter "names" does not fit the file/);
  const dir = mkdtempSync(join(tmpdir(), 'aisec-names-'));
  try {
    // A broken refreshed list is skipped: the bundled one still answers.
    writeFileSync(join(dir, 'names-pypi.bin'), 'garbage');
    const intel = createPackageIntel({ online: false, nameLists: { pypi: [join(dir, 'names-pypi.bin'), join(defaultSnapshotPath(), '..', 'names-pypi.bin')] } });
    assert.equal(intel.exists('pypi', 'numpy'), true);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('aisec intel update refreshes both lists from loopback registries, and the newer list answers', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'aisec-names-update-'));
  const tarball = gzipSync(tar({ 'package/package.json': '{"name":"all-the-package-names"}', 'package/names.json': JSON.stringify(['left-pad', 'brand-new-npm-pkg', '@fresh-scope/tool']) }));
  const files: Record<string, { type: string; body: Buffer | string }> = {
      '/simple/': { type: 'application/vnd.pypi.simple.v1+json', body: JSON.stringify({ meta: { 'api-version': '1.1' }, projects: [{ name: 'Fresh_Pkg' }, { name: 'numpy' }] }) },
      '/all-the-package-names': { type: 'application/json', body: '' },
      '/tarballs/atpn-2.0.9999.tgz': { type: 'application/octet-stream', body: tarball },
  };
  const registry = await startFakeRegistry({ files });
  // The packument names the tarball on the same loopback server.
  const packument = { 'dist-tags': { latest: '2.0.9999' }, versions: { '2.0.9999': { dist: { tarball: `${registry.url}/tarballs/atpn-2.0.9999.tgz` } } }, time: { '2.0.9999': '2026-12-05T03:00:00.000Z' } };
  files['/all-the-package-names']!.body = JSON.stringify(packument);
  try {
    const result = await updateRegistryNames({ outDir: dir, endpoints: { pypi: registry.url, npm: registry.url }, timeoutMs: 5000, today: '2026-12-06' });
    assert.deepEqual(result, { names: { pypi: 2, npm: 3 }, errors: {} });
    const simple = registry.requests.find((r) => r.startsWith('GET /simple/'));
    assert.ok(simple, 'the PyPI simple index was asked');
    const intel = createPackageIntel({ online: false, updatedSnapshotPath: join(dir, 'intel-snapshot.json') });
    assert.equal(intel.exists('pypi', 'fresh-pkg'), true, 'a name newer than the bundled list');
    assert.equal(intel.nameListDate('pypi', 'x'), '2026-12-06');
    assert.equal(intel.exists('npm', 'brand-new-npm-pkg'), true);
    assert.equal(intel.nameListDate('npm', 'x'), '2026-12-05', 'the npm list is dated by the package\'s publish time');
    assert.equal(intel.exists('npm', '@fresh-scope/invented'), false);
  } finally {
    await registry.close();
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a registry that fails leaves the previous list and says why', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'aisec-names-fail-'));
  const registry = await startFakeRegistry({ files: { '/simple/': { type: 'text/html', body: '<html>not json</html>' } } });
  try {
    const result = await updateRegistryNames({ outDir: dir, endpoints: { pypi: registry.url, npm: registry.url }, timeoutMs: 5000, today: '2026-12-06' });
    assert.match(result.errors.pypi ?? '', /\/simple\/: the answer is not JSON/);
    assert.match(result.errors.npm ?? '', /all-the-package-names answered 404/);
    assert.deepEqual(result.names, {});
  } finally {
    await registry.close();
    rmSync(dir, { recursive: true, force: true });
  }
});

test('tar entries are found by name, also after other entries', () => {
  const archive = tar({ 'package/a.txt': 'x'.repeat(700), 'package/names.json': '["a"]' });
  assert.equal(tarEntry(archive, 'package/names.json')?.toString(), '["a"]');
  assert.equal(tarEntry(archive, 'package/missing.json'), undefined);
});

test('AIS504 offline: an error in a manifest or install command, a warning for an import, with the list\'s date', async () => {
  const engine = await loadEngine();
  const intel = createPackageIntel({ online: false });
  const at = (now: string): EnginePorts => ({ intel, clock: { now: () => Date.parse(now) }, project: { isFirstParty: () => false, fileExists: () => false, declaredDependencies: () => new Set<string>() } });
  const manifest = engine.analyze({ path: '/p/requirements.txt', text: 'numpy==2.1.0\nlangchain-toolkit-pro-helper==0.1\n', ports: at('2026-12-06T00:00:00Z') }).findings.filter((f) => f.ruleId === 'AIS504');
  assert.deepEqual(manifest.map((f) => [f.range.start.line, f.severity]), [[1, 'error']]);
  assert.match(manifest[0]!.message, /langchain-toolkit-pro-helper does not exist on PyPI \(not in the PyPI name list of 2026-11\)/);
  const command = engine.analyze({ path: '/p/setup.sh', text: 'pip install torch-secure-loader-xyz\n', ports: at('2026-12-06T00:00:00Z') }).findings.filter((f) => f.ruleId === 'AIS504');
  assert.deepEqual(command.map((f) => f.severity), ['error']);
  const stale = engine.analyze({ path: '/p/requirements.txt', text: 'langchain-toolkit-pro-helper==0.1\n', ports: at('2027-06-01T00:00:00Z') }).findings.find((f) => f.ruleId === 'AIS504');
  assert.match(stale?.message ?? '', /name list of 2026-11, which is 212 days old: run `aisec intel update`/);
  // An unmapped module name is weak evidence (namespace packages, distributions named otherwise, local
  // scripts): a warning in the audit profile, not reported by default.
  const importText = 'import numpy\nimport openai_function_router_utils\n';
  const imported = engine.analyze({ path: '/p/app.py', text: importText, ports: at('2026-12-06T00:00:00Z'), config: { ...DEFAULT_CONFIG, profile: 'audit' } }).findings.filter((f) => f.ruleId === 'AIS504');
  assert.deepEqual(imported.map((f) => [f.range.start.line, f.severity, f.advisory]), [[1, 'warning', 'reported']]);
  assert.deepEqual(engine.analyze({ path: '/p/app.py', text: importText, ports: at('2026-12-06T00:00:00Z') }).findings.filter((f) => f.ruleId === 'AIS504'), []);
  // Prose around install commands in documentation reads as package names: advisory there.
  const docs = engine.analyze({ path: '/p/README.md', text: 'Install with `pip install from source` or `poetry add package-name --group dev`.\n', ports: at('2026-12-06T00:00:00Z') }).findings.filter((f) => f.ruleId === 'AIS504');
  assert.deepEqual(docs, []);
  // A lockfile was resolved by a registry: a name missing from the older list is not called invented.
  const lock = JSON.stringify({ name: 'x', lockfileVersion: 3, packages: { '': { name: 'x' }, 'node_modules/react-ai-form-autofill-helper-pro': { version: '1.0.0', resolved: 'https://registry.npmjs.org/react-ai-form-autofill-helper-pro/-/react-ai-form-autofill-helper-pro-1.0.0.tgz', integrity: 'sha512-abc' } } });
  assert.deepEqual(engine.analyze({ path: '/p/package-lock.json', text: lock, ports: at('2026-12-06T00:00:00Z') }).findings.filter((f) => f.ruleId === 'AIS504'), []);
  // A dependency pinned to a private index is expected to be missing from the public one.
  const privateIndex = engine.analyze({ path: '/p/requirements.txt', text: '--extra-index-url https://pypi.corp.example/simple\nacme-billing-internal-xq==1.0\n', ports: at('2026-12-06T00:00:00Z') }).findings.filter((f) => f.ruleId === 'AIS504');
  assert.deepEqual(privateIndex, []);
  assert.ok(readFileSync(join(defaultSnapshotPath(), '..', 'NOTICE.md'), 'utf8').includes('all-the-package-names'), 'the npm list\'s licence is credited');
});

/** A minimal ustar archive of regular files. */
function tar(files: Record<string, string>): Buffer {
  const blocks: Buffer[] = [];
  for (const [name, text] of Object.entries(files)) {
    const body = Buffer.from(text);
    const header = Buffer.alloc(512);
    header.write(name, 0, 'latin1');
    header.write('0000644\0', 100, 'latin1');
    header.write(`${body.length.toString(8).padStart(11, '0')}\0`, 124, 'latin1');
    header.write('0', 156, 'latin1');
    header.write('ustar\0', 257, 'latin1');
    blocks.push(header, body, Buffer.alloc((512 - (body.length % 512)) % 512));
  }
  return Buffer.concat([...blocks, Buffer.alloc(1024)]);
}
