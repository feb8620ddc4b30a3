/**
 * The bundle's snapshot is a folder of parts (esbuild.mjs writes it with server/src/intel/snapshot-parts.ts, as
 * `aisec intel update` writes its refreshed copy): it answers exactly like the single file it was split from,
 * reads only the parts a question needs (the known-name set is a part of its own), `aisec intel update` can start
 * from it, and rewriting it replaces the folder as a whole.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Ecosystem } from '../../server/src/engine/ports';
import { createPackageIntel } from '../../server/src/intel/index';
import { readSnapshot, type SnapshotFile } from '../../server/src/intel/snapshot';
import { writeSnapshotParts } from '../../server/src/intel/snapshot-parts';

const INTEL_DIR = join(__dirname, '..', '..', 'server', 'data', 'intel');
const SNAPSHOT_FILE = join(INTEL_DIR, 'snapshot.json');
// The registry name lists sit beside the snapshot; the split copy in a temporary folder is given the same ones.
const nameLists = { pypi: [join(INTEL_DIR, 'names-pypi.bin')], npm: [join(INTEL_DIR, 'names-npm.bin')] };

/** The repository's snapshot split the way esbuild.mjs splits it for the bundle, in a temporary folder. */
function splitSnapshot(): string {
  const dir = join(mkdtempSync(join(tmpdir(), 'aisec-snapshot-parts-')), 'snapshot');
  writeSnapshotParts(JSON.parse(readFileSync(SNAPSHOT_FILE, 'utf8')), dir);
  return dir;
}

test('the parts folder puts back together into the snapshot it was split from', async () => {
  const dir = splitSnapshot();
  try {
    assert.deepEqual(readSnapshot(dir), readSnapshot(SNAPSHOT_FILE));
  } finally {
    rmSync(join(dir, '..'), { recursive: true, force: true });
  }
});

test('a parts folder answers every question like the single file', async () => {
  const dir = splitSnapshot();
  try {
    const whole = createPackageIntel({ online: false, snapshotPath: SNAPSHOT_FILE, nameLists });
    const parts = createPackageIntel({ online: false, snapshotPath: dir, nameLists });
    const names: Record<Ecosystem, string[]> = {
      pypi: ['requests', 'Scikit_Learn', 'torch', 'ctx', 'huggingface-hubs', 'ultralytics', 'huggingface_cli', 'sklearn', 'surely-not-a-known-name', 'numpy'],
      npm: ['react', 'chalk', '@azure/arm-dns', 'event-stream', 'surely-not-a-known-name', 'lodash'],
    };
    for (const ecosystem of ['pypi', 'npm'] as const) {
      assert.equal(parts.advisoryDate(ecosystem), whole.advisoryDate(ecosystem));
      assert.deepEqual(parts.popularNames(ecosystem), whole.popularNames(ecosystem));
      assert.deepEqual(parts.vendorScopedNames(ecosystem), whole.vendorScopedNames(ecosystem));
      for (const word of ['dataset', 'cookies', 'zzqx']) assert.equal(parts.isNamingWord(ecosystem, word), whole.isNamingWord(ecosystem, word), word);
      for (const name of names[ecosystem]) {
        const ask = (intel: typeof whole) => [intel.exists(ecosystem, name), intel.isListed(ecosystem, name), intel.isPopular(ecosystem, name), intel.malicious(ecosystem, name), intel.knownHallucination(ecosystem, name), intel.importNameConfusion(ecosystem, name), intel.vulnerabilities(ecosystem, name, '0.0.1'), intel.vulnerabilities(ecosystem, name, '1.13.0')];
        assert.deepEqual(ask(parts), ask(whole), `${ecosystem} ${name}`);
      }
    }
    for (const module of ['os', 'asyncio', 'numpy', 'sklearn', 'PIL']) {
      assert.equal(parts.isPythonStdlib(module), whole.isPythonStdlib(module), module);
      assert.deepEqual(parts.distributionsForImport(module), whole.distributionsForImport(module), module);
    }
    assert.ok(parts.vulnerabilities('pypi', 'torch', '1.13.0').some((a) => a.id === 'PYSEC-2022-43015'), 'the advisories are read when asked for');
  } finally {
    rmSync(join(dir, '..'), { recursive: true, force: true });
  }
});

test('a Python file\'s questions read neither npm\'s parts nor the advisories', async () => {
  const dir = splitSnapshot();
  try {
    // Parts a question would need are gone: reading one would throw.
    // The known names are a part of their own: the popular list, the advisories' names and the import map are not
    // read to build them.
    for (const part of ['npm.popular', 'npm.malicious', 'npm.advisories', 'npm.namingWords', 'npm.vendorScoped', 'npm.knownNames', 'pypi.advisories', 'pypi.popular', 'pypi.advisoryNames']) rmSync(join(dir, `${part}.json`));
    const intel = createPackageIntel({ online: false, snapshotPath: dir, nameLists });
    assert.ok(intel.isPythonStdlib('pickle'));
    assert.equal(intel.exists('pypi', 'requests'), true);
    assert.ok(intel.isPopular('pypi', 'torch'), 'a name with advisories is known without reading them');
    assert.equal(intel.malicious('pypi', 'huggingface-hubs'), 'all');
    assert.deepEqual(intel.distributionsForImport('sklearn'), ['scikit-learn']);
    assert.throws(() => intel.vulnerabilities('pypi', 'torch', '1.13.0'), /pypi\.advisories\.json/, 'the advisories part is read only now');
  } finally {
    rmSync(join(dir, '..'), { recursive: true, force: true });
  }
});

test('a parts folder without the known-name part (written by an earlier version) builds the set from the other parts', () => {
  const dir = splitSnapshot();
  try {
    const index = JSON.parse(readFileSync(join(dir, 'index.json'), 'utf8')) as { parts: string[] };
    writeFileSync(join(dir, 'index.json'), JSON.stringify({ ...index, parts: index.parts.filter((p) => !p.endsWith('.knownNames')) }));
    for (const ecosystem of ['pypi', 'npm'] as const) rmSync(join(dir, `${ecosystem}.knownNames.json`));
    const older = createPackageIntel({ online: false, snapshotPath: dir, nameLists });
    const whole = createPackageIntel({ online: false, snapshotPath: SNAPSHOT_FILE, nameLists });
    for (const [ecosystem, name] of [['pypi', 'Scikit_Learn'], ['pypi', 'huggingface-hubs'], ['pypi', 'zzqx-nothing'], ['npm', 'react'], ['npm', 'event-stream']] as const) {
      assert.equal(older.isPopular(ecosystem, name), whole.isPopular(ecosystem, name), `${ecosystem} ${name}`);
      assert.equal(older.exists(ecosystem, name), whole.exists(ecosystem, name), `${ecosystem} ${name}`);
    }
  } finally {
    rmSync(join(dir, '..'), { recursive: true, force: true });
  }
});

test('writing parts over a folder or a single file of that name replaces it whole and leaves nothing beside it', () => {
  const parent = mkdtempSync(join(tmpdir(), 'aisec-snapshot-rewrite-'));
  try {
    const snapshot = JSON.parse(readFileSync(SNAPSHOT_FILE, 'utf8')) as SnapshotFile;
    const dir = join(parent, 'intel-snapshot');
    writeFileSync(dir, JSON.stringify(snapshot));
    writeSnapshotParts(snapshot, dir);
    writeFileSync(join(dir, 'stale-part.json'), '[]');
    const changed: SnapshotFile = { ...snapshot, stdlib: ['only-this-module'] };
    writeSnapshotParts(changed, dir);
    assert.deepEqual(readdirSync(parent), ['intel-snapshot']);
    assert.ok(!existsSync(join(dir, 'stale-part.json')), 'the old folder is gone, not merged into');
    assert.deepEqual(readSnapshot(dir), { ...readSnapshot(SNAPSHOT_FILE), stdlib: ['only-this-module'] });
  } finally {
    rmSync(parent, { recursive: true, force: true });
  }
});
