/**
 * `aisec intel update` with OSV's per-ecosystem exports: a loopback server serves `<Ecosystem>/all.zip`
 * archives (plain and ZIP64), every record lands in the refreshed snapshot (advisories and malicious
 * packages, for both ecosystems), the export's date is recorded, and findings from old advisories say so.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { deflateRawSync } from 'node:zlib';
import { createPackageIntel, intelUpdate } from '../../server/src/intel/index';
import { readOsvExport } from '../../server/src/intel/osv-export';
import { zipEntries } from '../../server/src/intel/zip';
import { loadEngine } from '../../server/src/host/load-engine';
import { startFakeRegistry } from './loopback';
import { zip64EndRecords } from '../model-files/zip-writer';

const NEXT = { id: 'GHSA-f82v-jwr5-mffw', aliases: ['CVE-2025-29927'], summary: 'Authorization bypass in Next.js middleware.', affected: [{ package: { ecosystem: 'npm', name: 'next' }, ranges: [{ type: 'SEMVER', events: [{ introduced: '15.0.0' }, { fixed: '15.2.3' }] }] }] };
const VM2 = { id: 'GHSA-cchq-frgv-rjh5', aliases: ['CVE-2023-37466'], summary: 'vm2 Sandbox Escape vulnerability.', affected: [{ package: { ecosystem: 'npm', name: 'vm2' }, ranges: [{ type: 'SEMVER', events: [{ introduced: '0' }, { last_affected: '3.9.19' }] }] }] };
const MAL = { id: 'MAL-2026-1234', summary: 'Malicious code in evil-helper-xq (npm)', affected: [{ package: { ecosystem: 'npm', name: 'evil-helper-xq' }, ranges: [{ type: 'SEMVER', events: [{ introduced: '0' }] }] }] };
const WITHDRAWN = { id: 'GHSA-wwww-wwww-wwww', withdrawn: '2026-01-01T00:00:00Z', summary: 'Withdrawn.', affected: [{ package: { ecosystem: 'npm', name: 'left-pad' }, ranges: [{ type: 'SEMVER', events: [{ introduced: '0' }] }] }] };
const PYPI = { id: 'PYSEC-2026-77', aliases: ['CVE-2026-0077'], summary: 'Code execution in older-helper-xq.', affected: [{ package: { ecosystem: 'PyPI', name: 'Older_Helper-XQ' }, ranges: [{ type: 'ECOSYSTEM', events: [{ introduced: '0' }, { fixed: '2.0.1' }] }] }] };

test('an export archive is read whole, withdrawn records dropped and broken ones named', () => {
  const zip = zipArchive({ 'GHSA-f82v-jwr5-mffw.json': JSON.stringify(NEXT), 'MAL-2026-1234.json': JSON.stringify(MAL), 'GHSA-wwww-wwww-wwww.json': JSON.stringify(WITHDRAWN), 'broken.json': '{"id": ', 'README.txt': 'not a record' });
  const read = readOsvExport(zip, 'npm', 'npm/all.zip');
  assert.equal(read.records, 2);
  assert.deepEqual([...read.answers.keys()].sort(), ['evil-helper-xq', 'next']);
  assert.equal(read.skipped.length, 1);
  assert.match(read.skipped[0]!, /^broken\.json: /);
  assert.equal(readOsvExport(zipArchive({ 'a.json': JSON.stringify(VM2) }, { zip64: true }), 'npm', 'zip64').records, 1, 'the ZIP64 end record is followed');
  assert.throws(() => zipEntries(Buffer.from('not a zip at all, just text'), '/x/all.zip'), /\/x\/all\.zip is not a ZIP archive/);
});

test('an export with more entries than the model scanner lists is still read whole', () => {
  // npm's export holds several hundred thousand records; the model-archive cap (100,000) does not apply.
  const files: Record<string, string> = {};
  for (let i = 0; i < 100_001; i++) files[`GHSA-${i}.json`] = i === 100_000 ? JSON.stringify(MAL) : '{}';
  const entries = zipEntries(zipArchive(files, { zip64: true }), 'npm/all.zip');
  assert.equal(entries.length, 100_001);
  assert.equal(JSON.parse(entries[100_000]!.read().toString('utf8')).id, 'MAL-2026-1234');
});

test('aisec intel update reads both OSV exports from a loopback server, records their date, and findings use them', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'aisec-osv-export-'));
  const registry = await startFakeRegistry({
    files: {
      '/npm/all.zip': { type: 'application/zip', body: zipArchive({ 'GHSA-f82v-jwr5-mffw.json': JSON.stringify(NEXT), 'GHSA-cchq-frgv-rjh5.json': JSON.stringify(VM2), 'MAL-2026-1234.json': JSON.stringify(MAL) }, { zip64: true }) },
      '/PyPI/all.zip': { type: 'application/zip', body: zipArchive({ 'PYSEC-2026-77.json': JSON.stringify(PYPI) }) },
    },
  });
  try {
    const outDir = join(dir, 'intel-snapshot');
    const result = await intelUpdate({ outDir, endpoints: { osvExports: registry.url, osv: registry.url }, registryNames: false, now: () => Date.parse('2026-12-06T10:00:00Z') });
    assert.deepEqual(result.exports, { pypi: { records: 1 }, npm: { records: 3 } });
    assert.ok(!registry.requests.some((r) => r.includes('querybatch')), 'with the exports, no name is queried');
    const intel = createPackageIntel({ online: false, updatedSnapshotPath: outDir });
    assert.deepEqual(intel.vulnerabilities('npm', 'next', '15.1.0').map((a) => a.id), ['GHSA-f82v-jwr5-mffw']);
    assert.deepEqual(intel.vulnerabilities('npm', 'next', '15.2.3'), []);
    assert.deepEqual(intel.vulnerabilities('npm', 'vm2', '3.9.17').map((a) => a.id), ['GHSA-cchq-frgv-rjh5']);
    assert.equal(intel.malicious('npm', 'evil-helper-xq'), 'all');
    assert.deepEqual(intel.vulnerabilities('pypi', 'older-helper-xq', '1.0').map((a) => a.id), ['PYSEC-2026-77']);
    assert.ok(intel.vulnerabilities('pypi', 'torch', '1.13.0').length > 0, 'the bundled advisories are kept');
    assert.equal(intel.advisoryDate('npm'), '2026-12-06');

    const engine = await loadEngine();
    const lock = JSON.stringify({ name: 'x', version: '1.0.0', dependencies: { next: '15.1.0' } }, null, 2);
    const fresh = engine.analyze({ path: '/p/package.json', text: lock, ports: { intel, clock: { now: () => Date.parse('2026-12-07T00:00:00Z') } } }).findings.find((f) => f.ruleId === 'AIS502');
    assert.match(fresh?.message ?? '', /next 15\.1\.0 is affected by CVE-2025-29927: Authorization bypass in Next\.js middleware\. Fixed in 15\.2\.3\.$/);
    const stale = engine.analyze({ path: '/p/package.json', text: lock, ports: { intel, clock: { now: () => Date.parse('2027-06-01T00:00:00Z') } } }).findings.find((f) => f.ruleId === 'AIS502');
    assert.match(stale?.message ?? '', /The offline advisories are of 2026-12-06, 177 days old: `aisec intel update` fetches newer ones/);
  } finally {
    await registry.close();
    rmSync(dir, { recursive: true, force: true });
  }
});

test('an export that cannot be had falls back to querying names, and says why', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'aisec-osv-export-'));
  const registry = await startFakeRegistry({});
  try {
    const result = await intelUpdate({ outDir: join(dir, 'intel-snapshot'), endpoints: { osvExports: registry.url, osv: registry.url }, registryNames: false, popularLimit: 2 });
    assert.match(JSON.stringify(result.exports.npm), /npm\/all\.zip answered 404/);
    assert.ok(registry.requests.some((r) => r.startsWith('POST /v1/querybatch')));
  } finally {
    await registry.close();
    rmSync(dir, { recursive: true, force: true });
  }
});

test('the bundled PyPI advisories say how old they are', async () => {
  const engine = await loadEngine();
  const intel = createPackageIntel({ online: false });
  const finding = engine.analyze({ path: '/p/requirements.txt', text: 'torch==1.13.0\n', ports: { intel, clock: { now: () => Date.parse('2026-12-06T00:00:00Z') } } }).findings.find((f) => f.ruleId === 'AIS502');
  assert.match(finding?.message ?? '', /The offline advisories are of 2024-10-10, 787 days old/);
});

/** A ZIP archive of deflated files; `zip64` writes the ZIP64 end records the OSV npm export needs. */
function zipArchive(files: Record<string, string>, options: { zip64?: boolean } = {}): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const [name, text] of Object.entries(files)) {
    const data = deflateRawSync(Buffer.from(text));
    const nameBytes = Buffer.from(name);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(8, 8);
    local.writeUInt32LE(data.length, 18);
    local.writeUInt32LE(Buffer.byteLength(text), 22);
    local.writeUInt16LE(nameBytes.length, 26);
    locals.push(local, nameBytes, data);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(8, 10);
    central.writeUInt32LE(data.length, 20);
    central.writeUInt32LE(Buffer.byteLength(text), 24);
    central.writeUInt16LE(nameBytes.length, 28);
    central.writeUInt32LE(offset, 42);
    centrals.push(central, nameBytes);
    offset += 30 + nameBytes.length + data.length;
  }
  const directory = Buffer.concat(centrals);
  const count = Object.keys(files).length;
  const tail: Buffer[] = [];
  if (options.zip64) {
    tail.push(...zip64EndRecords(count, directory.length, offset));
  }
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(options.zip64 ? 0xffff : count, 8);
  end.writeUInt16LE(options.zip64 ? 0xffff : count, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(options.zip64 ? 0xffffffff : offset, 16);
  return Buffer.concat([...locals, directory, ...tail, end]);
}
