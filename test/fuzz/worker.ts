/**
 * The fuzz worker: analyses the inputs `from` to `to` of a run in its own thread, so the runner can stop it
 * when one input never finishes (a hang in synchronous code or WebAssembly cannot be interrupted otherwise).
 * It announces each input before running it, so the runner knows which one a stopped worker was stuck on.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { getHeapStatistics } from 'node:v8';
import { loadEngine } from '../../server/src/host/load-engine';
import { fixturePorts } from '../helpers/ports';
import { createCanary } from './canary';
import { checkInput, describeError } from './check-input';
import { fuzzInput } from './mutate';
import { loadSeeds } from './seeds';
import type { WorkerJob, WorkerMessage } from './runner';

async function main(job: WorkerJob): Promise<void> {
  const post = (message: WorkerMessage): void => parentPort?.postMessage(message);
  const engine = await loadEngine();
  const ports = fixturePorts();
  const canary = createCanary(engine, ports);
  const seeds = loadSeeds();
  let peakHeap = 0;
  for (let index = job.from; index < job.to; index++) {
    // Hosts await the engine between files: after a parser trap its replacement is built asynchronously.
    await engine.ready();
    post({ type: 'start', index, call: 'mutation' });
    const input = fuzzInput(seeds, job.seed, index, job.mutation);
    const outcome = checkInput(engine, ports, input, job.limits, (call) => post({ type: 'start', index, call }));
    // Every suspicious input, and every so often any input, is followed by the canaries.
    if (outcome.suspicious || index % job.canaryEvery === 0) {
      await engine.ready();
      post({ type: 'start', index, call: 'canaries' });
      const problem = canary.check();
      if (problem) outcome.failures.push({ kind: 'canary', detail: `after this input: ${problem}` });
    }
    if (index % 256 === 0) peakHeap = Math.max(peakHeap, getHeapStatistics().used_heap_size);
    post({ type: 'done', index, kind: input.kind, size: input.text?.length ?? input.bytes?.length ?? 0, outcome });
  }
  post({ type: 'end', heapUsed: getHeapStatistics().used_heap_size, peakHeap: Math.max(peakHeap, getHeapStatistics().used_heap_size) });
}

main(workerData as WorkerJob).catch((error: unknown) => {
  parentPort?.postMessage({ type: 'fatal', detail: describeError(error) } satisfies WorkerMessage);
});
