/**
 * A scan worker thread: loads its own engine (grammars and compiled queries are per thread) and
 * analyses the files the scanner sends, one message per file, answering with the outcome.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { loadEngine } from './load-engine';
import { analyzeFile, type FileJob } from './read-file';
import { createHostPorts } from './engine-ports';
import type { EnginePorts } from '../engine/index';
import type { WorkerSetup } from './worker-pool';

const port = parentPort;
if (port) {
  const setup = workerData as WorkerSetup;
  const enginePromise = loadEngine();
  let ports: EnginePorts | undefined;
  port.on('message', (job: FileJob) => {
    void enginePromise.then(
      (engine) => {
        ports ??= createHostPorts(engine, setup);
        port.postMessage(analyzeFile(engine, job, ports));
      },
      (error: unknown) => {
        port.postMessage({ id: job.id, path: job.path, kind: job.kind, bytes: 0, skipped: `the analysis engine failed to load: ${(error as Error).message}` });
      },
    );
  });
}
