/**
 * The mutation fuzzer in `npm test` (issue 20, item 9): a few thousand inputs mutated from the repository's
 * real files (Python, JS, TS, notebooks, manifests, configuration files, model files; see test/fuzz/) go
 * through `analyze`, `analyzeBytes`, open documents with edits and the configuration reader. For every input:
 * no exception escapes, the result is well formed, no checker crashes behind the engine's guard, and no call
 * outlives the time budget plus a margin (a bound on runaway work, not a speed target); after every
 * suspicious input the canary files still yield exactly their findings; the heap stays bounded.
 * `npm run bench:fuzz` runs the same harness over 100,000 inputs. AISEC_FUZZ_SEED and AISEC_FUZZ_COUNT
 * explore further.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatFailures, runFuzz } from '../fuzz/runner';
import { FUZZ_KINDS } from '../fuzz/seeds';

const COUNT = Number(process.env.AISEC_FUZZ_COUNT ?? 2400);
const SEED = Number(process.env.AISEC_FUZZ_SEED ?? 20);
/** Generous: the engine holds grammars, compiled queries and one input at a time. */
const HEAP_BOUND_BYTES = 512 * 1024 * 1024;

test(`${COUNT} mutated inputs: no escape, no hang, later files still analysed, bounded heap`, { timeout: 600_000 }, async () => {
  const report = await runFuzz({ seed: SEED, count: COUNT, canaryEvery: 25 });
  assert.equal(report.inputs, COUNT, 'every input got a result');
  for (const kind of FUZZ_KINDS) assert.ok((report.inputsByKind[kind] ?? 0) >= COUNT / FUZZ_KINDS.length - 1, `too few ${kind} inputs: ${JSON.stringify(report.inputsByKind)}`);
  assert.equal(report.failedTotal, 0, `${report.failedTotal} of ${report.inputs} inputs failed (seed ${SEED}, ${JSON.stringify(report.failedInputs)}):\n${formatFailures(report)}`);
  assert.ok(report.heapAfterBytes < HEAP_BOUND_BYTES, `heap after the run: ${report.heapAfterBytes} bytes`);
  assert.ok(report.peakHeapBytes < HEAP_BOUND_BYTES, `peak heap: ${report.peakHeapBytes} bytes`);
});
