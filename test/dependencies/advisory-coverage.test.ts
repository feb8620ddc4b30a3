/**
 * Versions checked against advisories the intel does not have come out clean for want of data. The intel tells
 * whether it has an ecosystem's advisories (`hasAdvisories`), and the engine turns a "no" into one `unchecked`
 * note per manifest or lockfile: none when the rule is off, when no version is checked (ranges only), when the
 * intel has the advisories (bundled, after an update, or online), and the language server logs it once per file.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadEngine } from '../../server/src/host/load-engine';
import { createPackageIntel } from '../../server/src/intel/index';
import { defaultSnapshotPath, readSnapshot } from '../../server/src/intel/snapshot';
import { DEFAULT_CONFIG } from '../../server/src/engine/index';
import type { AnalysisNote, PackageIntel } from '../../server/src/engine/index';
import { NoteLog } from '../../server/src/lsp/rule-failures';

const PACKAGE_JSON = JSON.stringify({ name: 'app', version: '1.0.0', dependencies: { next: '15.1.0', vm2: '3.9.17', express: '^4.18.0' } }, null, 2);
const LOCKFILE = JSON.stringify({ name: 'app', lockfileVersion: 3, packages: { '': { dependencies: { next: '15.1.0' } }, 'node_modules/next': { version: '15.1.0' } } }, null, 2);
const NEXT_ADVISORY: [string, string[], string, { i?: string; f?: string }[][]] = ['GHSA-f82v-jwr5-mffw', ['CVE-2025-29927'], 'Authorization bypass in Next.js middleware.', [[{ i: '15.0.0' }, { f: '15.2.3' }]]];

/** A refreshed snapshot like `aisec intel update` writes: the bundled one plus npm advisories, dated or not. */
function updatedSnapshot(dir: string, dated: boolean): string {
  const snapshot = readSnapshot(defaultSnapshotPath());
  snapshot.npm.advisories = { next: [NEXT_ADVISORY] };
  if (dated) snapshot.advisoryDates = { ...snapshot.advisoryDates, npm: '2026-12-06' };
  const file = join(dir, dated ? 'dated.json' : 'undated.json');
  writeFileSync(file, JSON.stringify(snapshot));
  return file;
}

const unchecked = (notes: readonly AnalysisNote[]): AnalysisNote[] => notes.filter((n) => n.kind === 'unchecked');

test('the intel says which ecosystems it has advisories for: bundled PyPI, npm only after an update or online', () => {
  const dir = mkdtempSync(join(tmpdir(), 'aisec-advisory-coverage-'));
  try {
    const bundled = createPackageIntel({ online: false });
    assert.equal(bundled.hasAdvisories('pypi'), true);
    assert.equal(bundled.hasAdvisories('npm'), false, 'the bundled snapshot has no npm advisories');
    assert.equal(createPackageIntel({ online: true }).hasAdvisories('npm'), true, 'online, OSV answers for every name');
    assert.equal(createPackageIntel({ online: false, updatedSnapshotPath: updatedSnapshot(dir, true) }).hasAdvisories('npm'), true);
    // An update whose export could not be read queried names one by one: those answers are advisories too.
    assert.equal(createPackageIntel({ online: false, updatedSnapshotPath: updatedSnapshot(dir, false) }).hasAdvisories('npm'), true);
    assert.equal(createPackageIntel({ online: false, updatedSnapshotPath: join(dir, 'missing.json') }).hasAdvisories('npm'), false, 'no update cache: the bundled snapshot answers');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a manifest and a lockfile whose npm pins cannot be checked get one note each, naming the file and the fix', async () => {
  const engine = await loadEngine();
  const ports = { intel: createPackageIntel({ online: false }) };
  const manifest = engine.analyze({ path: '/p/package.json', text: PACKAGE_JSON, ports });
  assert.deepEqual(manifest.findings.filter((f) => f.ruleId === 'AIS502'), []);
  const notes = unchecked(manifest.notes);
  assert.equal(notes.length, 1, 'two pinned dependencies, one note');
  assert.equal(notes[0]!.ruleId, 'AIS502');
  assert.match(notes[0]!.message, /^the npm dependency versions of package\.json were not checked for known vulnerabilities: the package intelligence in use has no npm advisories\. Run `aisec intel update` to download them for offline use, or allow online lookups \(`--online`, setting `aisec\.dependencies\.online`\)\.$/);
  const lock = unchecked(engine.analyze({ path: 'C:\\p\\package-lock.json', text: LOCKFILE, ports }).notes);
  assert.equal(lock.length, 1);
  assert.match(lock[0]!.message, /versions of package-lock\.json were not checked/);
});

test('no note when nothing would be checked, when AIS502 is off, or for PyPI whose advisories are bundled', async () => {
  const engine = await loadEngine();
  const ports = { intel: createPackageIntel({ online: false }) };
  const ranges = JSON.stringify({ name: 'app', version: '1.0.0', dependencies: { express: '^4.18.0' } });
  assert.deepEqual(unchecked(engine.analyze({ path: 'package.json', text: ranges, ports }).notes), [], 'a range is not checked against advisories, with data or without');
  assert.deepEqual(unchecked(engine.analyze({ path: 'package.json', text: PACKAGE_JSON, ports, config: { ...DEFAULT_CONFIG, ignore: ['AIS502'] } }).notes), []);
  const python = engine.analyze({ path: 'requirements.txt', text: 'torch==1.13.0\n', ports });
  assert.deepEqual(unchecked(python.notes), []);
  assert.ok(python.findings.some((f) => f.ruleId === 'AIS502'));
  // A host whose intel does not tell (an older port) is not second-guessed.
  const silent: PackageIntel = { exists: (e, n) => ports.intel.exists(e, n), isPopular: (e, n) => ports.intel.isPopular(e, n), popularNames: (e) => ports.intel.popularNames(e), malicious: (e, n) => ports.intel.malicious(e, n), vulnerabilities: (e, n, v) => ports.intel.vulnerabilities(e, n, v) };
  assert.deepEqual(unchecked(engine.analyze({ path: 'package.json', text: PACKAGE_JSON, ports: { intel: silent } }).notes), []);
});

test('with npm advisories from an update the pins are checked and no note is made', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'aisec-advisory-coverage-'));
  try {
    const engine = await loadEngine();
    const intel = createPackageIntel({ online: false, updatedSnapshotPath: updatedSnapshot(dir, true) });
    const result = engine.analyze({ path: 'package.json', text: PACKAGE_JSON, ports: { intel } });
    assert.deepEqual(unchecked(result.notes), []);
    assert.ok(result.findings.some((f) => f.ruleId === 'AIS502' && /next 15\.1\.0 is affected by CVE-2025-29927/.test(f.message)));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('the language server logs the note once per file however often the manifest is analysed', async () => {
  const engine = await loadEngine();
  const ports = { intel: createPackageIntel({ online: false }) };
  const lines: string[] = [];
  const log = new NoteLog((line) => lines.push(line));
  for (let edit = 0; edit < 3; edit++) log.report('/p/package.json', engine.analyze({ path: '/p/package.json', text: PACKAGE_JSON, ports }).notes);
  log.report('/q/package.json', engine.analyze({ path: '/q/package.json', text: PACKAGE_JSON, ports }).notes);
  assert.deepEqual(lines.map((l) => l.split(':')[0]), ['[unchecked AIS502] /p/package.json', '[unchecked AIS502] /q/package.json']);
});
