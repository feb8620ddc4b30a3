/**
 * The import closure of a worker scan, answered once in the main thread. Each question
 * (`ProjectFacts.importClosureMatches`) depends only on the tree, which a CLI scan treats as fixed, yet every
 * worker used to build its own closure pass: each resolved the imports of most of the project's modules and
 * tested every module's text (a third of a worker's CPU on the benchmark corpus, paid once per worker). Here the
 * main thread, idle while workers analyse, keeps the one pass of the scan and answers every worker from it.
 *
 * A worker's question is synchronous (the engine asks it in the middle of a rule), so it is asked over a
 * `MessagePort` and waited for with `Atomics.wait` on a small shared buffer: slot 0 holds the number of the
 * last answered question, slot 1 its answer. Questions on one port are answered in the order they were asked,
 * so a worker waiting for question n reads the answer only once slot 0 says n. A worker that waits longer than
 * `ANSWER_TIMEOUT_MS` (a main thread that stopped serving) answers the question itself with its own pass, which
 * gives the same answer at the old cost. Only tests the main thread knows by key (`SHARED_CLOSURE_TESTS`) are
 * sent; any other test is answered in the worker.
 */
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import type * as WorkerThreads from 'node:worker_threads';
import type { MessagePort } from 'node:worker_threads';
import type { ImportClosureTest, ProjectFacts } from '../engine/index';
import { MODEL_OUTPUT_SOURCE_TEXT } from '../rules/shared/taint/model-output-names';
import { FileSystemProjectFacts } from '../intel/index';
import { memoisedFileStates } from './file-states';
import { importClosureFacts } from './import-closure';
import { projectTexts, SCAN_KEPT_CHARS } from './project-texts';

type ClosureQuestion = ProjectFacts['importClosureMatches'];

/** The tests a worker may ask the main thread about, by key (the functions cannot cross threads). */
export const SHARED_CLOSURE_TESTS: ReadonlyMap<string, ImportClosureTest> = new Map([[MODEL_OUTPUT_SOURCE_TEXT.key, MODEL_OUTPUT_SOURCE_TEXT]]);

/**
 * How long a worker waits for the main thread before it answers a question itself: a safety net, not a path a
 * scan should take. The main thread's first question of a scan may test every module of the tree (seconds of CPU,
 * many times that in wall time on a loaded machine), and a worker that gave up then would build the whole pass
 * again, the cost this service removes.
 */
export const ANSWER_TIMEOUT_MS = 5 * 60_000;

/** What a worker is given to ask the main thread: its end of the channel and the shared answer slots. */
export interface ClosureLink {
  port: MessagePort;
  /** Two `Int32` slots: the number of the last answered question, and that answer (see `ANSWERS`). */
  slots: SharedArrayBuffer;
}

interface ClosureRequest {
  sequence: number;
  fromPath: string;
  key: string;
  /** Absent: no limit (`Infinity` is kept out of the message for clarity, although it would clone). */
  levels?: number;
}

/** An answer as stored in the shared slot. */
const ANSWERS = { false: 0, true: 1, unknown: 2 } as const;

export interface ClosureServiceOptions {
  baseFolder: string;
  projectRoot: string;
}

/** The main thread's side: one closure pass for the whole scan, and a link per worker to ask it. */
export interface ClosureService {
  /** A new link for one worker (its port is to be transferred to the worker). */
  link(): ClosureLink;
  close(): void;
}

export function closureService(options: ClosureServiceOptions): ClosureService {
  const fileStates = memoisedFileStates();
  const manifests = new FileSystemProjectFacts({ root: options.projectRoot });
  const firstParty = new Map<string, boolean>();
  // The same pass, with the same first-party test, as `createHostPorts` builds for a scan in one thread.
  const facts = importClosureFacts({
    baseFolder: options.baseFolder,
    projectRoot: options.projectRoot,
    fileStates,
    texts: projectTexts(fileStates, SCAN_KEPT_CHARS),
    filesFixed: true,
    isFirstParty: (fromFile, topLevel) => {
      const key = `${dirname(fromFile)}\u0000${topLevel}`;
      let answer = firstParty.get(key);
      if (answer === undefined) {
        answer = manifests.isFirstParty(fromFile, 'pypi', topLevel);
        if (firstParty.size > 200_000) firstParty.clear();
        firstParty.set(key, answer);
      }
      return answer;
    },
  });
  const ports: MessagePort[] = [];
  const { MessageChannel } = createRequire(__filename)('node:worker_threads') as typeof WorkerThreads;
  return {
    link: () => {
      const channel = new MessageChannel();
      const slots = new SharedArrayBuffer(2 * Int32Array.BYTES_PER_ELEMENT);
      const view = new Int32Array(slots);
      channel.port1.on('message', (request: ClosureRequest) => {
        let answer: boolean | undefined;
        try {
          const test = SHARED_CLOSURE_TESTS.get(request.key);
          answer = test ? facts.importClosureMatches(request.fromPath, test, request.levels ?? Number.POSITIVE_INFINITY) : undefined;
        } catch {
          answer = undefined;
        }
        Atomics.store(view, 1, answer === undefined ? ANSWERS.unknown : answer ? ANSWERS.true : ANSWERS.false);
        Atomics.store(view, 0, request.sequence);
        Atomics.notify(view, 0);
      });
      // The port must not keep the process alive once the scan is over.
      channel.port1.unref();
      ports.push(channel.port1);
      return { port: channel.port2, slots };
    },
    close: () => {
      for (const port of ports) port.close();
    },
  };
}

/**
 * The worker's side: asks the main thread through `link` for the tests it knows, and `local` (the worker's own
 * pass, built only if needed) for any other test or when the main thread does not answer in time.
 */
export function remoteImportClosure(link: ClosureLink, local: () => ClosureQuestion): NonNullable<ClosureQuestion> {
  const view = new Int32Array(link.slots);
  let sequence = 0;
  let own: ClosureQuestion;
  const ownAnswer: NonNullable<ClosureQuestion> = (fromPath, test, levels) => (own ??= local())?.(fromPath, test, levels);
  return (fromPath, test, levels) => {
    if (SHARED_CLOSURE_TESTS.get(test.key) !== test) return ownAnswer(fromPath, test, levels);
    sequence += 1;
    const request: ClosureRequest = { sequence, fromPath, key: test.key, ...(levels !== undefined && Number.isFinite(levels) ? { levels } : {}) };
    link.port.postMessage(request);
    const deadline = Date.now() + ANSWER_TIMEOUT_MS;
    for (let answered = Atomics.load(view, 0); answered !== sequence; answered = Atomics.load(view, 0)) {
      const left = deadline - Date.now();
      if (left <= 0) return ownAnswer(fromPath, test, levels);
      Atomics.wait(view, 0, answered, left);
    }
    const answer = Atomics.load(view, 1);
    return answer === ANSWERS.unknown ? undefined : answer === ANSWERS.true;
  };
}

