/**
 * A scan worker's outcome batches (`outcome-batcher.ts`): every outcome is sent exactly once and in order, a batch
 * goes out when the worker has no job left, when it is full, and when it has been open too long.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { MAX_BATCH_MS, MAX_BATCH_OUTCOMES, OutcomeBatcher } from '../../server/src/host/outcome-batcher';
import type { FileOutcome } from '../../server/src/host/read-file';

const outcome = (id: number): FileOutcome => ({ id, path: `f${id}.py`, kind: 'python', bytes: 1 });

function recorder(now: () => number = () => 0): { batcher: OutcomeBatcher; sent: number[][] } {
  const sent: number[][] = [];
  return { batcher: new OutcomeBatcher((batch) => sent.push(batch.map((o) => o.id)), now), sent };
}

test('the last outstanding outcome is sent at once', () => {
  const { batcher, sent } = recorder();
  batcher.expect();
  batcher.add(outcome(0));
  assert.deepEqual(sent, [[0]]);
  batcher.expect();
  batcher.expect();
  batcher.add(outcome(1));
  assert.deepEqual(sent, [[0]], 'one job is still to come');
  batcher.add(outcome(2));
  assert.deepEqual(sent, [[0], [1, 2]]);
});

test('a full batch is sent while jobs are still queued, and every outcome goes out once, in order', () => {
  const { batcher, sent } = recorder();
  const total = MAX_BATCH_OUTCOMES * 2 + 5;
  for (let i = 0; i < total; i += 1) batcher.expect();
  for (let i = 0; i < total; i += 1) batcher.add(outcome(i));
  assert.deepEqual(
    sent.map((batch) => batch.length),
    [MAX_BATCH_OUTCOMES, MAX_BATCH_OUTCOMES, 5],
  );
  assert.deepEqual(sent.flat(), Array.from({ length: total }, (_, i) => i));
});

test('a batch open longer than the limit is sent though jobs are queued (a large file holds the worker)', () => {
  let clock = 1000;
  const { batcher, sent } = recorder(() => clock);
  for (let i = 0; i < 4; i += 1) batcher.expect();
  batcher.add(outcome(0));
  clock += MAX_BATCH_MS - 1;
  batcher.add(outcome(1));
  assert.deepEqual(sent, []);
  clock += 1;
  batcher.add(outcome(2));
  assert.deepEqual(sent, [[0, 1, 2]]);
});
