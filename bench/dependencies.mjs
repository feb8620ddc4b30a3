// Dependencies benchmark: a 5,000-line requirements file and a 2,000-package package-lock.json, checked
// offline with the bundled snapshot (every rule of the family, including look-alike searches for the
// names that are not popular). Prints the first (cold: snapshot and look-alike index loading) and the
// median warm time. Goal: under 200 ms per file, warm.
//
//   node bench/dependencies.mjs [runs]
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';

// The engine is TypeScript: run under tsx (re-executing this script with `--import tsx` when needed).
if (!process.execArgv.some((a) => a.includes('tsx'))) {
  const child = spawnSync(process.execPath, ['--import', 'tsx', fileURLToPath(import.meta.url), ...process.argv.slice(2)], { stdio: 'inherit' });
  process.exit(child.status ?? 1);
}
const { loadEngine } = await import('../server/src/host/load-engine.ts');
const { createPackageIntel } = await import('../server/src/intel/index.ts');

const RUNS = Number(process.argv[2] ?? 15);
const GOAL_MS = 200;

const engine = await loadEngine();
const intel = createPackageIntel({ online: false });
const ports = { intel, clock: { now: () => Date.parse('2026-11-30T12:00:00Z') } };

const requirements = makeRequirements(intel.popularNames('pypi'), 5000);
const lock = makePackageLock(intel.popularNames('npm'), 2000);

const results = [];
for (const [path, text, label] of [['/bench/requirements.txt', requirements, '5,000-line requirements.txt'], ['/bench/package-lock.json', lock, '2,000-package package-lock.json']]) {
  const times = [];
  let findings = 0;
  for (let i = 0; i <= RUNS; i++) {
    const t0 = performance.now();
    const result = engine.analyze({ path, text, ports });
    times.push(performance.now() - t0);
    findings = result.findings.length;
  }
  const cold = times[0];
  const warm = times.slice(1).sort((a, b) => a - b)[Math.floor(RUNS / 2)];
  results.push({ label, cold, warm, findings, bytes: text.length });
}

for (const r of results) {
  console.log(`${r.label.padEnd(34)} ${(r.bytes / 1024).toFixed(0).padStart(5)} KB  cold ${r.cold.toFixed(1).padStart(7)} ms  warm ${r.warm.toFixed(1).padStart(6)} ms  (${r.findings} findings)  ${r.warm < GOAL_MS ? 'ok' : `over the ${GOAL_MS} ms goal`}`);
}
process.exitCode = results.every((r) => r.warm < GOAL_MS) ? 0 : 1;

/** Popular names with pins, ranges, markers, extras, hashes, comments, options and some unknown or look-alike names. */
function makeRequirements(names, lines) {
  const out = ['--index-url https://pypi.org/simple', '-r base.txt'];
  for (let i = 0; out.length < lines; i++) {
    const name = names[i % names.length];
    switch (i % 10) {
      case 0: out.push(`# group ${i}`); break;
      case 1: out.push(`${name}>=1.0,<3 ; python_version >= "3.9"`); break;
      case 2: out.push(`${name}[extra]==2.1.${i % 7}`); break;
      case 3: out.push(`${name}-helperz${i}==0.0.1`); break;
      case 4: out.push(`${name}~=1.4`); break;
      case 5: out.push(`${name.slice(0, -1)}${name.at(-1) === 'x' ? 'y' : 'x'}==1.0`); break;
      default: out.push(`${name}==1.${i % 30}.0`);
    }
  }
  return out.join('\n') + '\n';
}

/** A v3 lockfile: popular packages, some nested copies, scoped names, integrity and resolved URLs. */
function makePackageLock(names, count) {
  const packages = { '': { name: 'bench', version: '1.0.0' } };
  for (let i = 0; i < count; i++) {
    const name = names[i % names.length];
    const key = i % 5 === 0 ? `node_modules/${names[(i + 7) % names.length]}/node_modules/${name}` : `node_modules/${name}`;
    const version = `${1 + (i % 9)}.${i % 13}.${i % 4}`;
    packages[key] = { version, resolved: `https://registry.npmjs.org/${name}/-/${name.split('/').pop()}-${version}.tgz`, integrity: `sha512-${'a'.repeat(86)}==`, ...(i % 11 === 0 ? { dev: true } : {}), ...(i % 17 === 0 ? { hasInstallScript: true } : {}) };
  }
  return JSON.stringify({ name: 'bench', version: '1.0.0', lockfileVersion: 3, requires: true, packages }, null, 2);
}
