// `npm run bench`: runs every benchmark script in bench/ (`*.mjs`, and `*.ts` through tsx; scan.mjs first,
// then the others in name order),
// each in its own process so one's memory does not colour another's figures. A benchmark that fails is
// reported and the others still run; the exit code is 1 when any failed.
import { readdirSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const bench = dirname(fileURLToPath(import.meta.url));
const NOT_BENCHMARKS = new Set(['run.mjs', 'prepare-corpus.mjs', 'rules-on-real-code.ts']);
const only = process.argv.slice(2);

const scripts = readdirSync(bench)
  .filter((name) => (name.endsWith('.mjs') || (name.endsWith('.ts') && !name.endsWith('.d.ts'))) && !NOT_BENCHMARKS.has(name))
  .filter((name) => only.length === 0 || only.some((o) => name.includes(o)))
  .sort((a, b) => (a === 'scan.mjs' ? -1 : b === 'scan.mjs' ? 1 : a.localeCompare(b)));

const failed = [];
for (const script of scripts) {
  console.log(`\n=== bench/${script} ===`);
  const started = Date.now();
  // The secrets comparison needs secretlint 12's always-on profiler turned into a no-op to show its real speed.
  // It also collects garbage before each timed pass, so neither tool is billed for the other's.
  const preload = script === 'secrets.ts' ? ['--expose-gc', '--require', join(bench, 'secretlint-profiler-stub.cjs')] : [];
  const args = script.endsWith('.ts') ? [...preload, '--import', 'tsx', join(bench, script)] : [join(bench, script)];
  const result = spawnSync(process.execPath, args, { stdio: 'inherit', cwd: join(bench, '..') });
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  if (result.status !== 0) failed.push(script);
  console.log(`=== bench/${script}: ${result.status === 0 ? 'done' : `FAILED (exit ${result.status ?? result.signal})`} in ${seconds} s ===`);
}
if (failed.length > 0) {
  console.log(`\nfailed: ${failed.join(', ')}`);
  process.exit(1);
}
