/**
 * A pool of scan worker threads, one engine each. Jobs go to the worker with the fewest files in
 * flight; a worker that dies is replaced and the files it held come back as skipped, never lost.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { FileJob, FileOutcome } from './read-file';

/** What every worker is told at start. */
export interface WorkerSetup {
  baseFolder: string;
  roots: string[];
  maxModelBytes: number;
}

interface Slot {
  worker: Worker;
  pending: Map<number, { job: FileJob; resolve: (outcome: FileOutcome) => void }>;
}

export class WorkerPool {
  private readonly slots: Slot[] = [];
  private closed = false;

  constructor(
    private readonly size: number,
    private readonly setup: WorkerSetup,
  ) {
    for (let i = 0; i < size; i += 1) this.slots.push(this.spawn());
  }

  /** Analyses one file on the least busy worker. */
  submit(job: FileJob): Promise<FileOutcome> {
    let slot = this.slots[0];
    for (const candidate of this.slots) if (slot === undefined || candidate.pending.size < slot.pending.size) slot = candidate;
    if (!slot) return Promise.resolve(skippedOutcome(job, 'no scan worker is running'));
    const target = slot;
    return new Promise((resolve) => {
      target.pending.set(job.id, { job, resolve });
      target.worker.postMessage(job);
    });
  }

  async close(): Promise<void> {
    this.closed = true;
    await Promise.all(this.slots.map((slot) => slot.worker.terminate()));
  }

  private spawn(): Slot {
    const { file, execArgv } = workerEntry();
    const worker = new Worker(file, { workerData: this.setup, execArgv });
    const slot: Slot = { worker, pending: new Map() };
    worker.on('message', (outcome: FileOutcome) => {
      const entry = slot.pending.get(outcome.id);
      if (!entry) return;
      slot.pending.delete(outcome.id);
      entry.resolve(outcome);
    });
    const fail = (reason: string): void => {
      if (this.closed) return;
      const lost = [...slot.pending.values()];
      slot.pending.clear();
      const index = this.slots.indexOf(slot);
      if (index >= 0) this.slots[index] = this.spawn();
      for (const { job, resolve } of lost) resolve(skippedOutcome(job, reason));
    };
    worker.on('error', (error) => fail(`the scan worker crashed while analysing this file: ${error.message}`));
    worker.on('exit', (code) => fail(`the scan worker exited (code ${code}) while analysing this file`));
    return slot;
  }
}

/** The worker script: the bundled `scan-worker.js` next to the CLI, or the TypeScript source through tsx. */
function workerEntry(): { file: string; execArgv: string[] } {
  const bundled = join(__dirname, 'scan-worker.js');
  if (existsSync(bundled)) return { file: bundled, execArgv: [] };
  return { file: join(__dirname, 'scan-worker.ts'), execArgv: ['--import', 'tsx'] };
}

function skippedOutcome(job: FileJob, reason: string): FileOutcome {
  return { id: job.id, path: job.path, kind: job.kind, bytes: 0, skipped: reason };
}
