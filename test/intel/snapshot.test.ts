/**
 * The bundled snapshot: it loads lazily, is small enough for the .vsix, carries the notices its
 * licences require, agrees with the public data it was built from (when ../shared/data is present), and
 * answers the engine's questions offline.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { createPackageIntel, defaultSnapshotPath } from '../../server/src/intel/index';
import { readSnapshot } from '../../server/src/intel/snapshot';

const INTEL_DIR = join(__dirname, '..', '..', 'server', 'data', 'intel');
const SHARED_DATA = join(__dirname, '..', '..', '..', 'shared', 'data');

test('the snapshot is found, compact and carries its notices', () => {
  assert.equal(defaultSnapshotPath(), join(INTEL_DIR, 'snapshot.json'));
  assert.ok(statSync(join(INTEL_DIR, 'snapshot.json')).size < 3 * 1024 * 1024, 'under 3 MB before compression');
  const notice = readFileSync(join(INTEL_DIR, 'NOTICE.md'), 'utf8');
  for (const credit of ['Datadog GuardDog', 'npm-high-impact', 'Malicious Software Packages', 'OpenSSF Malicious Packages', 'Python Packaging Advisory Database', 'CC BY 4.0', 'pipreqs']) assert.ok(notice.includes(credit), credit);
  assert.ok(readFileSync(join(INTEL_DIR, 'LICENSE-APACHE-2.0.txt'), 'utf8').includes('Apache License'));
  assert.ok(readFileSync(join(INTEL_DIR, 'NOTICE-guarddog.txt'), 'utf8').length > 0);
});

test('the snapshot agrees with the public data it was built from', { skip: !existsSync(SHARED_DATA) && 'no ../shared/data here' }, () => {
  const snapshot = readSnapshot(join(INTEL_DIR, 'snapshot.json'));
  const pypiTop = JSON.parse(readFileSync(join(SHARED_DATA, 'popular', 'pypi-top.json'), 'utf8')) as { packages: string[] };
  assert.deepEqual(snapshot.pypi.popular.slice(0, 100), pypiTop.packages.slice(0, 100));
  const pypiMalicious = JSON.parse(readFileSync(join(SHARED_DATA, 'malicious', 'datadog-pypi-manifest.json'), 'utf8')) as Record<string, string[] | null>;
  for (const [name, versions] of Object.entries(pypiMalicious).slice(0, 200)) {
    const key = name.toLowerCase().replace(/[-_.]+/g, '-');
    if (versions === null) assert.equal(snapshot.pypi.malicious[key], null, name);
    else for (const v of versions) assert.ok(snapshot.pypi.malicious[key]?.includes(v), `${name} ${v}`);
  }
  const npmMalicious = JSON.parse(readFileSync(join(SHARED_DATA, 'malicious', 'datadog-npm-manifest.json'), 'utf8')) as Record<string, string[] | null>;
  assert.ok(Object.keys(npmMalicious).every((n) => n in snapshot.npm.malicious));
  assert.ok(snapshot.pypi.advisories.torch!.some(([id]) => id === 'PYSEC-2022-43015'));
});

test('offline answers: popularity, malware, advisories, the import map and the stdlib', () => {
  const intel = createPackageIntel({ online: false });
  assert.ok(intel.isPopular('pypi', 'Requests') && intel.isPopular('pypi', 'scikit_learn') && intel.isPopular('npm', 'react'));
  assert.equal(intel.exists('pypi', 'numpy'), true);
  assert.equal(intel.exists('pypi', 'surely-not-a-known-name'), false, 'offline, the bundled PyPI name list answers');
  assert.equal(intel.malicious('pypi', 'huggingface-hubs'), 'all');
  assert.deepEqual(intel.malicious('pypi', 'ultralytics'), ['8.3.41', '8.3.42', '8.3.45', '8.3.46']);
  assert.equal(intel.malicious('pypi', 'requests'), undefined);
  assert.equal(intel.malicious('npm', 'chalk') !== 'all', true, 'popular packages are only flagged for listed versions');
  assert.deepEqual(intel.vulnerabilities('pypi', 'torch', '1.13.0').map((a) => a.id).includes('PYSEC-2022-43015'), true);
  assert.deepEqual(intel.vulnerabilities('pypi', 'torch', '2.10.0'), []);
  assert.deepEqual(intel.vulnerabilities('pypi', 'ctx', '0.2.2').map((a) => a.id), ['PYSEC-2022-199']);
  assert.deepEqual(intel.distributionsForImport('sklearn'), ['scikit-learn']);
  assert.equal(intel.distributionsForImport('PIL')![0], 'pillow');
  assert.ok(intel.isPythonStdlib('os') && intel.isPythonStdlib('asyncio') && !intel.isPythonStdlib('numpy'));
  assert.equal(intel.knownHallucination('pypi', 'huggingface_cli'), 'huggingface_hub[cli]');
});
