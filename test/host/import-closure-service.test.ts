/**
 * The main thread's import-closure service (`import-closure-service.ts`): a worker's questions, asked over the link,
 * get the answers the worker's own pass would give, without the worker building that pass; tests the main thread
 * does not know stay in the worker.
 */
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { closureService, type ClosureLink } from '../../server/src/host/import-closure-service';
import { importClosureFacts } from '../../server/src/host/import-closure';
import { memoisedFileStates } from '../../server/src/host/file-states';
import { MODEL_OUTPUT_SOURCE_TEXT } from '../../server/src/rules/shared/taint/model-output-names';
import { random } from '../helpers/incremental-edits';

const REPO = join(__dirname, '..', '..');
const folders: string[] = [];
after(() => {
  for (const folder of folders) rmSync(folder, { recursive: true, force: true });
});

const ASKS_MODEL = 'from openai import OpenAI\nclient = OpenAI()\n\ndef draft(task):\n    return client.chat.completions.create(model="m", messages=[]).choices[0].message.content\n';

/** A project of packages whose modules import earlier ones at random; a few ask a model. */
function generatedProject(seed: number, count: number): { root: string; files: string[] } {
  const next = random(seed);
  const root = mkdtempSync(join(tmpdir(), 'aisec-closure-service-'));
  folders.push(root);
  const modules = Array.from({ length: count }, (_, i) => ({ pkg: `pkg${i % 4}`, name: `m${i}` }));
  const files: string[] = [];
  for (const pkg of ['pkg0', 'pkg1', 'pkg2', 'pkg3']) {
    mkdirSync(join(root, pkg), { recursive: true });
    writeFileSync(join(root, pkg, '__init__.py'), '');
  }
  for (const [i, module] of modules.entries()) {
    const lines: string[] = [];
    for (let k = 0; k < 3; k += 1) {
      // Imports go to earlier modules only, so the modules before the first that asks a model reach none.
      const target = modules[Math.floor(next() * i)];
      if (!target || target === module) continue;
      lines.push(next() < 0.5 ? `from ${target.pkg} import ${target.name}` : `import ${target.pkg}.${target.name}`);
    }
    if (next() < 0.04) lines.push(ASKS_MODEL);
    lines.push(`\ndef run_${i}(code):\n    exec(code)\n`);
    const file = join(root, module.pkg, `${module.name}.py`);
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, lines.join('\n'));
    files.push(file);
  }
  return { root, files };
}

interface WorkerAnswers {
  answers: (boolean | null)[];
  localBuilt: number;
  other: string;
}

/** Asks every question from a worker thread through `link`, as a scan worker does. */
function askFromWorker(link: ClosureLink, files: readonly string[], levels: number | undefined): Promise<WorkerAnswers> {
  const script = `
    require('tsx/cjs');
    const { workerData, parentPort } = require('node:worker_threads');
    const { remoteImportClosure } = require(${JSON.stringify(join(REPO, 'server/src/host/import-closure-service.ts'))});
    const { MODEL_OUTPUT_SOURCE_TEXT } = require(${JSON.stringify(join(REPO, 'server/src/rules/shared/taint/model-output-names.ts'))});
    let localBuilt = 0;
    const ask = remoteImportClosure(workerData.link, () => { localBuilt += 1; return () => 'local'; });
    const answers = workerData.files.map((file) => ask(file, MODEL_OUTPUT_SOURCE_TEXT, workerData.levels) ?? null);
    // A test the main thread does not know is answered by the worker's own pass.
    const other = ask(workerData.files[0], { key: 'unknown-test', matches: () => true });
    parentPort.postMessage({ answers, localBuilt, other });
  `;
  const worker = new Worker(script, { eval: true, workerData: { link, files, levels }, transferList: [link.port] });
  return new Promise((resolve, reject) => {
    worker.once('message', (message: WorkerAnswers) => {
      resolve(message);
      void worker.terminate();
    });
    worker.once('error', reject);
  });
}

for (const [seed, levels] of [
  [1, undefined],
  [2, 2],
  [3, 1],
] as const) {
  test(`a worker's closure questions are answered by the main thread as its own pass would answer them (seed ${seed}, levels ${levels ?? 'any'})`, async () => {
    const { root, files } = generatedProject(seed, 260);
    const service = closureService({ baseFolder: root, projectRoot: root });
    try {
      const fromWorker = await askFromWorker(service.link(), files, levels);
      const states = memoisedFileStates();
      const own = importClosureFacts({ baseFolder: root, projectRoot: root, fileStates: states, filesFixed: true, isFirstParty: () => true });
      const expected = files.map((file) => own.importClosureMatches(file, MODEL_OUTPUT_SOURCE_TEXT, levels) ?? null);
      assert.deepEqual(fromWorker.answers, expected);
      // The project is built so that both answers occur.
      assert.ok(expected.includes(true) && expected.includes(false), `answers: ${expected.join(',')}`);
      assert.equal(fromWorker.other, 'local');
      assert.equal(fromWorker.localBuilt, 1, 'only the unknown test builds the worker its own pass');
    } finally {
      service.close();
    }
  });
}
