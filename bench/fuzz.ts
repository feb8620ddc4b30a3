/**
 * `npm run bench:fuzz`: the mutation fuzzer over 100,000 inputs (Python, JS, TS, notebooks, manifests,
 * configuration files and model files, mutated from the repository's real files; see test/fuzz/). Prints
 * inputs, crashes, hangs, the slowest input and throughput, and exits non-zero on any crash or hang.
 *
 *   npm run bench:fuzz -- [--seed N] [--count N] [--from N] [--workers N] [--budget MS]
 *
 * `--seed S --from I --count 1` replays input I of a run with seed S alone.
 */
import { parseArgs } from 'node:util';
import { formatFailures, runFuzz } from '../test/fuzz/runner';
import { DEFAULT_LIMITS } from '../test/fuzz/check-input';

const { values } = parseArgs({
  options: {
    seed: { type: 'string', default: '1' },
    count: { type: 'string', default: '100000' },
    from: { type: 'string', default: '0' },
    workers: { type: 'string', default: '1' },
    budget: { type: 'string', default: String(DEFAULT_LIMITS.budgetMs) },
  },
});
const number = (name: keyof typeof values): number => {
  const value = Number(values[name]);
  if (!Number.isInteger(value) || value < 0) {
    console.error(`--${name} must be a whole number, not "${values[name]}"`);
    process.exit(2);
  }
  return value;
};

async function main(): Promise<void> {
const seed = number('seed');
const count = number('count');
const started = Date.now();
const report = await runFuzz({
  seed,
  count,
  from: number('from'),
  workers: Math.max(1, number('workers')),
  limits: { ...DEFAULT_LIMITS, budgetMs: number('budget') },
  onProgress: (done) => {
    if (done % 10000 === 0) console.error(`  ${done} inputs, ${Math.round((Date.now() - started) / 1000)} s`);
  },
});
const crashes = report.failedInputs.crash + report.failedInputs['rule-failed'] + report.failedInputs.malformed + report.failedInputs.canary;
const mb = (bytes: number): string => `${(bytes / 1024 / 1024).toFixed(0)} MB`;
console.log(`fuzz seed ${seed}: ${report.inputs} inputs (${Object.entries(report.inputsByKind).map(([k, n]) => `${k} ${n}`).join(', ')})`);
console.log(`  crashes: ${crashes} (exceptions ${report.failedInputs.crash}, checker failures ${report.failedInputs['rule-failed']}, malformed results ${report.failedInputs.malformed}, broken canaries ${report.failedInputs.canary})`);
console.log(`  hangs: ${report.failedInputs.hang} (over ${DEFAULT_LIMITS.marginMs} ms past the ${number('budget')} ms budget, or stopped)`);
if (report.slowest) console.log(`  slowest input: #${report.slowest.index} ${report.slowest.kind} from ${report.slowest.seedName}, ${report.slowest.size} chars/bytes, ${report.slowest.ms} ms`);
console.log(`  time: ${(report.elapsedMs / 1000).toFixed(1)} s, ${Math.round(report.inputs / (report.elapsedMs / 1000))} inputs/s; heap ${mb(report.heapAfterBytes)} after the run, ${mb(report.peakHeapBytes)} at most`);
if (report.failures.length > 0) console.log(`failed inputs (first ${report.failures.length} of ${report.failedTotal}):\n${formatFailures(report)}`);
process.exit(report.failedTotal > 0 ? 1 : 0);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(2);
});
