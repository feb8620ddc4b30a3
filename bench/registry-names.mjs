// Offline existence check and typosquat classes (issue 16): how long the registry name lists take to load
// and what they cost in memory, how long one lookup takes, how long the look-alike index takes to build,
// the share of known-malicious names the look-alike check catches (the DataDog lists in ../shared/data,
// when present), and the size of the .vsix (when `npm run package` has built one).
//
//   node bench/registry-names.mjs
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';

// The host code is TypeScript: run under tsx (re-executing this script with `--import tsx` when needed).
if (!process.execArgv.some((a) => a.includes('tsx'))) {
  const child = spawnSync(process.execPath, ['--expose-gc', '--import', 'tsx', fileURLToPath(import.meta.url), ...process.argv.slice(2)], { stdio: 'inherit' });
  process.exit(child.status ?? 1);
}
const { createPackageIntel } = await import('../server/src/intel/index.ts');
const { typosquatOf } = await import('../server/src/rules/dependencies/shared/typosquat.ts');

const root = join(fileURLToPath(import.meta.url), '..', '..');
const mib = (bytes) => `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
const memory = () => {
  globalThis.gc?.();
  const m = process.memoryUsage();
  return m.heapUsed + m.external + m.arrayBuffers;
};

const intel = createPackageIntel({ online: false });
intel.isPopular('pypi', 'requests'); // the JSON snapshot, measured elsewhere (bench/dependencies.mjs)
for (const ecosystem of ['pypi', 'npm']) {
  const before = memory();
  const t0 = performance.now();
  intel.exists(ecosystem, 'surely-an-invented-name-xq');
  const loadMs = performance.now() - t0;
  const held = memory() - before;
  const probes = Array.from({ length: 200_000 }, (_, i) => (i % 2 === 0 ? `invented-name-${i}` : ['requests', 'numpy', 'lodash', 'react', '@types/node'][i % 5]));
  const t1 = performance.now();
  let found = 0;
  for (const name of probes) if (intel.exists(ecosystem, name)) found++;
  const perLookupUs = ((performance.now() - t1) * 1000) / probes.length;
  console.log(`names-${ecosystem}.bin: load ${loadMs.toFixed(1)} ms, ${mib(held)} held, ${perLookupUs.toFixed(2)} µs per lookup (normalisation included; ${found} of ${probes.length} probes exist), list of ${intel.nameListDate(ecosystem, 'x')}`);
  // Invented-name detection offline (issue 16 goal: 0.9): the share of names the registry lacks that the check
  // reports as absent. The filter answers by a hash of the name, so its misses (false "exists") do not depend on
  // how a name looks; names an assistant invented and someone then registered do exist and are AIS505's case.
  const invented = probes.filter((_, i) => i % 2 === 0);
  const reported = invented.filter((name) => intel.exists(ecosystem, name) === false).length;
  console.log(`  invented names reported offline (${ecosystem}): ${reported} of ${invented.length} (${((100 * reported) / invented.length).toFixed(2)} %)`);
}

for (const ecosystem of ['pypi', 'npm']) {
  const before = memory();
  const t0 = performance.now();
  typosquatOf(intel, ecosystem, 'reqeusts-helper-xq');
  const buildMs = performance.now() - t0;
  const held = memory() - before;
  const names = ['arm-dns', 'requests-utils', 'rnatplotlib', 'pupeter', 'ganach-cli', 'some-unrelated-name', 'another-plain-name', 'fastapi-helper-xq'];
  const t1 = performance.now();
  const rounds = 2000;
  for (let i = 0; i < rounds; i++) for (const name of names) typosquatOf(intel, ecosystem, `${name}${i}`);
  const perCheckUs = ((performance.now() - t1) * 1000) / (rounds * names.length);
  console.log(`look-alike index (${ecosystem}, ${intel.popularNames(ecosystem).length} popular names): build ${buildMs.toFixed(0)} ms, ${mib(held)} held, ${perCheckUs.toFixed(1)} µs per new name`);
}

const shared = join(root, '..', 'shared', 'data', 'malicious');
for (const ecosystem of ['pypi', 'npm']) {
  const file = join(shared, `datadog-${ecosystem}-manifest.json`);
  if (!existsSync(file)) {
    console.log(`malicious look-alikes (${ecosystem}): ${file} not found, skipped`);
    continue;
  }
  const manifest = JSON.parse(readFileSync(file, 'utf8'));
  const names = Object.keys(manifest).filter((n) => manifest[n] === null);
  const byKind = {};
  let caught = 0;
  for (const name of names) {
    const verdict = typosquatOf(intel, ecosystem, name);
    if (!verdict) continue;
    caught++;
    const kind = verdict.kind ?? verdict.reason;
    byKind[kind] = (byKind[kind] ?? 0) + 1;
  }
  console.log(`malicious names caught as look-alikes (${ecosystem}): ${caught} of ${names.length} (${((caught / names.length) * 100).toFixed(1)} %; most are not look-alikes at all) by class ${JSON.stringify(byKind)}`);
}

const vsix = join(root, 'aisec-0.1.0.vsix');
console.log(existsSync(vsix) ? `.vsix: ${mib(statSync(vsix).size)} (limit 10 MB)` : '.vsix: not built (run `npm run package`)');
