/**
 * Runs a seeded fuzz campaign on worker threads and collects the figures the test and `npm run bench:fuzz`
 * report: inputs, crashes, hangs, the slowest input, throughput and heap use. A worker stuck on one input
 * for longer than `killAfterMs` is stopped, the input is recorded as a hang, and a fresh worker continues
 * with the next input, so one hang never hides the rest of the run.
 */
import { Worker } from 'node:worker_threads';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { DEFAULT_LIMITS, type Failure, type FailureKind, type FuzzLimits, type InputOutcome } from './check-input';
import { DEFAULT_MUTATION_OPTIONS, fuzzInput, type MutationOptions } from './mutate';
import { loadSeeds, type FuzzKind } from './seeds';

export interface FuzzOptions {
  seed: number;
  count: number;
  /** The first input's index (to replay one input of a larger run); 0 by default. */
  from?: number;
  /** Worker threads (each loads its own engine). */
  workers?: number;
  limits?: FuzzLimits;
  mutation?: MutationOptions;
  /** The canaries run after every suspicious input and after every `canaryEvery`-th input. */
  canaryEvery?: number;
  /** A worker that has not finished one call of an input after this long is stopped (the input is a hang). */
  killAfterMs?: number;
  /** Called with the number of inputs done, now and then. */
  onProgress?: (done: number) => void;
}

export interface FailedInput {
  index: number;
  kind: FuzzKind;
  seedName: string;
  mutations: string[];
  size: number;
  failures: Failure[];
}

export interface FuzzReport {
  seed: number;
  inputs: number;
  inputsByKind: Partial<Record<FuzzKind, number>>;
  /** Inputs with any failure. */
  failedTotal: number;
  /** Inputs with at least one failure of each kind. */
  failedInputs: Record<FailureKind, number>;
  /** The first failed inputs with their reproductions (seed and index rebuild them). */
  failures: FailedInput[];
  slowest: { index: number; kind: FuzzKind; seedName: string; size: number; ms: number } | undefined;
  elapsedMs: number;
  /** The largest V8 heap a worker used (sampled), and the heap after its last input. */
  peakHeapBytes: number;
  heapAfterBytes: number;
}

/** Messages from a worker to the runner. */
export type WorkerMessage =
  /** The worker begins a call on input `index` (the watchdog bounds each call, not the whole input). */
  | { type: 'start'; index: number; call: string }
  | { type: 'done'; index: number; kind: FuzzKind; size: number; outcome: InputOutcome }
  | { type: 'end'; heapUsed: number; peakHeap: number }
  | { type: 'fatal'; detail: string };

/** What a worker is asked to do. */
export interface WorkerJob {
  seed: number;
  from: number;
  to: number;
  limits: FuzzLimits;
  mutation: MutationOptions;
  canaryEvery: number;
}

const MAX_REPORTED_FAILURES = 50;

/** Runs `count` inputs of the campaign `seed` and reports what happened. */
export async function runFuzz(options: FuzzOptions): Promise<FuzzReport> {
  const limits = options.limits ?? DEFAULT_LIMITS;
  const workers = Math.max(1, options.workers ?? 1);
  const killAfterMs = options.killAfterMs ?? 2 * (limits.budgetMs + limits.marginMs);
  const report: FuzzReport = {
    seed: options.seed,
    inputs: 0,
    inputsByKind: {},
    failedTotal: 0,
    failedInputs: { crash: 0, 'rule-failed': 0, malformed: 0, hang: 0, canary: 0 },
    failures: [],
    slowest: undefined,
    elapsedMs: 0,
    peakHeapBytes: 0,
    heapAfterBytes: 0,
  };
  let seeds: ReturnType<typeof loadSeeds> | undefined;
  const describe = (index: number): { kind: FuzzKind; seedName: string; mutations: string[]; size: number } => {
    seeds ??= loadSeeds();
    const input = fuzzInput(seeds, options.seed, index, options.mutation ?? DEFAULT_MUTATION_OPTIONS);
    return { kind: input.kind, seedName: input.seedName, mutations: input.mutations, size: input.text?.length ?? input.bytes?.length ?? 0 };
  };
  const record = (index: number, kind: FuzzKind, size: number, outcome: InputOutcome): void => {
    report.inputs++;
    report.inputsByKind[kind] = (report.inputsByKind[kind] ?? 0) + 1;
    if (!report.slowest || outcome.slowestMs > report.slowest.ms) report.slowest = { index, kind, seedName: describe(index).seedName, size, ms: Math.round(outcome.slowestMs) };
    if (options.onProgress && report.inputs % 1000 === 0) options.onProgress(report.inputs);
    if (outcome.failures.length === 0) return;
    report.failedTotal++;
    for (const kindOfFailure of new Set(outcome.failures.map((f) => f.kind))) report.failedInputs[kindOfFailure]++;
    if (report.failures.length < MAX_REPORTED_FAILURES) report.failures.push({ index, ...describe(index), failures: outcome.failures });
  };

  const started = performance.now();
  const first = options.from ?? 0;
  const chunk = Math.ceil(options.count / workers);
  const ranges = Array.from({ length: workers }, (_, w) => ({ from: first + w * chunk, to: first + Math.min(options.count, (w + 1) * chunk) })).filter((r) => r.from < r.to);
  await Promise.all(
    ranges.map(async (range) => {
      let from = range.from;
      while (from < range.to) {
        const job: WorkerJob = { seed: options.seed, from, to: range.to, limits, mutation: options.mutation ?? DEFAULT_MUTATION_OPTIONS, canaryEvery: options.canaryEvery ?? 50 };
        const stopped = await runWorker(job, killAfterMs, record, report);
        if (stopped === undefined) break;
        if (stopped.beforeFirstInput) throw new Error(`the fuzz worker could not start: ${stopped.failure.detail}`);
        // The worker died or hung on `stopped.index`: record it and go on after it in a fresh worker.
        const { kind, size } = describe(stopped.index);
        record(stopped.index, kind, size, { failures: [stopped.failure], slowestMs: stopped.ms, suspicious: true });
        from = stopped.index + 1;
      }
    }),
  );
  report.elapsedMs = Math.round(performance.now() - started);
  report.failures.sort((a, b) => a.index - b.index);
  return report;
}

/** A readable summary of the failed inputs, each with the command that reproduces it. */
export function formatFailures(report: FuzzReport): string {
  return report.failures
    .map((f) => {
      const reasons = f.failures.map((x) => `    ${x.kind}: ${x.detail.split('\n').join('\n      ')}`).join('\n');
      return `  input ${f.index} (${f.kind}, ${f.size} chars/bytes) from ${f.seedName}: ${f.mutations.join('; ')}\n${reasons}\n    reproduce: npm run bench:fuzz -- --seed ${report.seed} --from ${f.index} --count 1`;
    })
    .join('\n');
}

/** The input a worker was stopped on, and why. */
interface Stopped {
  index: number;
  failure: Failure;
  ms: number;
  /** The worker failed before it began any input (it cannot start at all). */
  beforeFirstInput: boolean;
}

/** Runs one worker over `job`; resolves undefined when it finished, or the input it was stopped on. */
function runWorker(
  job: WorkerJob,
  killAfterMs: number,
  record: (index: number, kind: FuzzKind, size: number, outcome: InputOutcome) => void,
  report: FuzzReport,
): Promise<Stopped | undefined> {
  return new Promise((resolve) => {
    const worker = new Worker(`require(${JSON.stringify(require.resolve('tsx/cjs'))}); require(${JSON.stringify(join(__dirname, 'worker.ts'))});`, { eval: true, workerData: job });
    let current: { index: number; call: string; since: number } | undefined;
    let settled = false;
    const finish = (value: Stopped | undefined): void => {
      if (settled) return;
      settled = true;
      clearInterval(watchdog);
      void worker.terminate();
      resolve(value);
    };
    const watchdog = setInterval(() => {
      if (current && performance.now() - current.since > killAfterMs) {
        const ms = performance.now() - current.since;
        finish({ index: current.index, ms, beforeFirstInput: false, failure: { kind: 'hang', detail: `${current.call} gave no result after ${Math.round(ms)} ms: the worker was stopped` } });
      }
    }, 250);
    let started = false;
    const stoppedOn = (detail: string): Stopped => ({ index: current?.index ?? job.from, ms: 0, beforeFirstInput: !started, failure: { kind: 'crash', detail } });
    worker.on('message', (message: WorkerMessage) => {
      if (message.type === 'start') {
        started = true;
        current = { index: message.index, call: message.call, since: performance.now() };
      }
      else if (message.type === 'done') {
        current = undefined;
        record(message.index, message.kind, message.size, message.outcome);
      } else if (message.type === 'end') {
        report.peakHeapBytes = Math.max(report.peakHeapBytes, message.peakHeap);
        report.heapAfterBytes = Math.max(report.heapAfterBytes, message.heapUsed);
        finish(undefined);
      } else finish(stoppedOn(`the worker failed: ${message.detail}`));
    });
    worker.on('error', (error) => finish(stoppedOn(`the worker died: ${error.stack ?? error.message}`)));
    worker.on('exit', (code) => finish(stoppedOn(`the worker exited with code ${code} before the end of its inputs`)));
  });
}
