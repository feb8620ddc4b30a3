/**
 * A pool of scan worker threads, one engine each. Jobs go to the worker with the fewest files in
 * flight; a worker that dies is replaced and the files it held come back as skipped, never lost.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import type * as WorkerThreads from 'node:worker_threads';
import type { Worker } from 'node:worker_threads';
import type { FileJob, FileOutcome } from './read-file';
import { closureService, type ClosureLink, type ClosureService } from './import-closure-service';

/**
 * `node:worker_threads`, loaded when the first worker starts: a small scan runs in the main thread and never
 * needs it (loading it at start-up was a few milliseconds of every one-file scan).
 */
const workerThreads = (): typeof WorkerThreads => createRequire(__filename)('node:worker_threads') as typeof WorkerThreads;

/** What every worker is told at start. */
export interface WorkerSetup {
  baseFolder: string;
  roots: string[];
  projectRoot: string;
  maxModelBytes: number;
  /** See `HostPortsOptions.filesFixed`. */
  filesFixed?: boolean;
}

/** What one worker is given: the common setup and, for a fixed tree, its link to the main thread's import closure. */
export interface WorkerStart extends WorkerSetup {
  closureLink?: ClosureLink;
}

interface Slot {
  worker: Worker;
  failed?: boolean;
  pending: Map<number, { job: FileJob; resolve: (outcome: FileOutcome) => void }>;
}

export class WorkerPool {
  private readonly slots: Slot[] = [];
  private closed = false;
  private startFailures = 0;
  /** The one import-closure pass of the scan (a fixed tree only: the pass memoises the file system's answers). */
  private readonly closure: ClosureService | undefined;

  /**
   * @param fallback analyses a file in this thread; used when workers cannot start (e.g. a broken bundle),
   * so a scan degrades to one thread instead of skipping everything.
   */
  constructor(
    size: number,
    private readonly setup: WorkerSetup,
    private readonly fallback: (job: FileJob) => Promise<FileOutcome>,
  ) {
    this.closure = setup.filesFixed ? closureService({ baseFolder: setup.baseFolder, projectRoot: setup.projectRoot }) : undefined;
    for (let i = 0; i < size; i += 1) this.slots.push(this.spawn());
  }

  /** Analyses one file on the least busy worker. */
  submit(job: FileJob): Promise<FileOutcome> {
    let slot = this.slots[0];
    for (const candidate of this.slots) if (slot === undefined || candidate.pending.size < slot.pending.size) slot = candidate;
    if (!slot) return this.fallback(job);
    const target = slot;
    return new Promise((resolve) => {
      target.pending.set(job.id, { job, resolve });
      target.worker.postMessage(job);
    });
  }

  async close(): Promise<void> {
    this.closed = true;
    await Promise.all(this.slots.map((slot) => slot.worker.terminate()));
    this.closure?.close();
  }

  private spawn(): Slot {
    const entry = workerEntry();
    const closureLink = this.closure?.link();
    const workerData: WorkerStart = { ...this.setup, ...(closureLink ? { closureLink } : {}) };
    const worker = new (workerThreads().Worker)(entry.file, { workerData, eval: entry.eval, transferList: closureLink ? [closureLink.port] : [] });
    const slot: Slot = { worker, pending: new Map() };
    // A worker answers with batches of outcomes (`outcome-batcher.ts`).
    worker.on('message', (outcomes: FileOutcome[]) => {
      for (const outcome of outcomes) {
        const entry = slot.pending.get(outcome.id);
        if (!entry) continue;
        slot.pending.delete(outcome.id);
        entry.resolve(outcome);
      }
    });
    let answered = false;
    worker.once('message', () => {
      answered = true;
    });
    const fail = (reason: string): void => {
      if (this.closed || slot.failed) return;
      slot.failed = true;
      const lost = [...slot.pending.values()];
      slot.pending.clear();
      const index = this.slots.indexOf(slot);
      // A worker that dies before its first answer cannot start at all: stop spawning and run the rest here.
      if (!answered) this.startFailures += 1;
      if (index >= 0) {
        if (this.startFailures < 2) this.slots[index] = this.spawn();
        else this.slots.splice(index, 1);
      }
      for (const { job, resolve } of lost) {
        if (answered) resolve(skippedOutcome(job, reason));
        else void this.fallback(job).then(resolve);
      }
    };
    worker.on('error', (error) => fail(`the scan worker crashed while analysing this file: ${error.message}`));
    worker.on('exit', (code) => fail(`the scan worker exited (code ${code}) while analysing this file`));
    return slot;
  }
}

/** The worker script: the bundled `scan-worker.js` next to the CLI, or the TypeScript source through tsx. */
function workerEntry(): { file: string; eval: boolean } {
  const bundled = join(__dirname, 'scan-worker.js');
  if (existsSync(bundled)) return { file: bundled, eval: false };
  // From source (tests, `tsx server/src/cli/main.ts`): register tsx's CommonJS hook inside the worker.
  const source = join(__dirname, 'scan-worker.ts');
  return { file: `require('tsx/cjs'); require(${JSON.stringify(source)});`, eval: true };
}

function skippedOutcome(job: FileJob, reason: string): FileOutcome {
  return { id: job.id, path: job.path, kind: job.kind, bytes: 0, skipped: reason };
}
