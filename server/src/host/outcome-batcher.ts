/**
 * Groups a scan worker's outcomes into fewer messages. Each outcome is small (a few hundred bytes on real code)
 * while each message has a fixed cost on both threads, which one message per file made a noticeable share of a
 * worker scan's CPU. A batch is sent when it is full, when it has been open for `MAX_BATCH_MS` (the scanner
 * yields outcomes in walk order and should not wait long for one held back), and whenever the worker has no
 * job left, so no outcome waits for a job that may never come.
 */
import type { FileOutcome } from './read-file';

export const MAX_BATCH_OUTCOMES = 32;
export const MAX_BATCH_MS = 50;

export class OutcomeBatcher {
  private batch: FileOutcome[] = [];
  private openedAt = 0;
  private waiting = 0;

  constructor(
    private readonly send: (batch: FileOutcome[]) => void,
    private readonly now: () => number = Date.now,
  ) {}

  /** A job arrived: its outcome will come through `add`. */
  expect(): void {
    this.waiting += 1;
  }

  /** The outcome of a job `expect` announced. */
  add(outcome: FileOutcome): void {
    this.waiting = Math.max(0, this.waiting - 1);
    if (this.batch.length === 0) this.openedAt = this.now();
    this.batch.push(outcome);
    if (this.waiting === 0 || this.batch.length >= MAX_BATCH_OUTCOMES || this.now() - this.openedAt >= MAX_BATCH_MS) this.flush();
  }

  private flush(): void {
    const batch = this.batch;
    this.batch = [];
    this.send(batch);
  }
}
