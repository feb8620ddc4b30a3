/**
 * A scan worker thread: loads its own engine (grammars and compiled queries are per thread) and
 * analyses the files the scanner sends, one message per file, answering with the outcome.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { loadEngine } from './load-engine';
import { analyzeFile, type FileJob } from './read-file';
import { diskProjectFacts } from './project-facts';
import type { WorkerSetup } from './worker-pool';

const port = parentPort;
if (port) {
  const setup = workerData as WorkerSetup;
  const enginePromise = loadEngine();
  let facts: ReturnType<typeof diskProjectFacts> | undefined;
  port.on('message', (job: FileJob) => {
    void enginePromise.then(
      (engine) => {
        facts ??= diskProjectFacts({ baseFolder: setup.baseFolder, roots: setup.roots, engine, maxModelBytes: setup.maxModelBytes });
        port.postMessage(analyzeFile(engine, job, { project: facts, clock: { now: () => performance.now() } }));
      },
      (error: unknown) => {
        port.postMessage({ id: job.id, path: job.path, kind: job.kind, bytes: 0, skipped: `the analysis engine failed to load: ${(error as Error).message}` });
      },
    );
  });
}
