/**
 * A scan worker thread: loads its own engine (grammars and compiled queries are per thread) and
 * analyses the files the scanner sends, one message per file and in order, answering with the outcomes
 * in batches (`OutcomeBatcher`): a message costs the same whether it carries one small outcome or many.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { loadEngineOnDemand } from './load-engine';
import { analyzeFile, type FileJob, type FileOutcome } from './read-file';
import { createHostPorts } from './engine-ports';
import type { EnginePorts } from '../engine/index';
import type { WorkerStart } from './worker-pool';
import { OutcomeBatcher } from './outcome-batcher';

const port = parentPort;
if (port) {
  const setup = workerData as WorkerStart;
  const enginePromise = loadEngineOnDemand();
  let ports: EnginePorts | undefined;
  const outcomes = new OutcomeBatcher((batch: FileOutcome[]) => port.postMessage(batch));
  // Jobs run one after another: a file that trapped the parser leaves it being rebuilt, and the next job
  // waits for the new one (`engine.ready()`) instead of finding it missing; each job's grammars load on first use.
  let previous: Promise<void> = Promise.resolve();
  port.on('message', (job: FileJob) => {
    outcomes.expect();
    previous = previous.then(() =>
      enginePromise.then(
        async (engine) => {
          await engine.ready(engine.grammarsFor(job.path));
          ports ??= createHostPorts(engine, setup);
          outcomes.add(analyzeFile(engine, job, ports));
        },
        (error: unknown) => {
          outcomes.add({ id: job.id, path: job.path, kind: job.kind, bytes: 0, skipped: `the analysis engine failed to load: ${(error as Error).message}` });
        },
      ),
    );
  });
}
