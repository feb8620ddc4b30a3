/**
 * Grammars load per language, when a host asks (`engine.ready(engine.grammarsFor(path))`): an engine created
 * with none loads Python's for a Python file and never the three JavaScript grammars; a TypeScript file asked
 * for later loads them; a parse of a language nobody asked for is reported as not analysed instead of throwing;
 * a runtime built after a trap loads every grammar asked for so far; the scan loop of the CLI asks per file.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createEngine, DEFAULT_CONFIG } from '../../server/src/engine/index';
import { engineOptions } from '../../server/src/host/load-engine';
import { scanPaths } from '../../server/src/host/scan';
import { ALL_MODULES, ALL_RULES } from '../../server/src/rules/index';
import { heapExhaustingPython, TRAP_HEAP_BYTES } from '../helpers/hostile-inputs';

const PYTHON = { path: 'loader.py', text: 'import pickle\n\n\ndef restore(blob):\n    return pickle.loads(blob)\n' };
const TYPESCRIPT = { path: 'run.ts', text: 'export function run(userInput: string) {\n  return eval(userInput);\n}\n' };

test('an engine created without grammars loads only what each file needs', async () => {
  const engine = await createEngine({ ...engineOptions(ALL_MODULES), languages: [] });
  assert.deepEqual(engine.loadedGrammars, []);
  assert.deepEqual(engine.grammarsFor('loader.py'), ['python']);
  assert.deepEqual(engine.grammarsFor('model.pt'), ['python'], 'an archive may hold Python code');
  assert.deepEqual(engine.grammarsFor('README.md'), []);
  assert.deepEqual(engine.grammarsFor('run.ts'), ['python', 'javascript', 'typescript', 'tsx']);
  assert.deepEqual(engine.grammarsFor('snippet', 'python'), ['python']);

  await engine.ready(engine.grammarsFor(PYTHON.path));
  assert.deepEqual(engine.loadedGrammars, ['python']);
  assert.deepEqual(engine.analyze(PYTHON).findings.map((f) => f.ruleId), ['AIS101']);
  assert.deepEqual(engine.loadedGrammars, ['python'], 'a Python analysis loads no JavaScript grammar');

  await engine.ready(engine.grammarsFor(TYPESCRIPT.path));
  assert.deepEqual(engine.loadedGrammars, ['python', 'javascript', 'typescript', 'tsx']);
  assert.deepEqual(engine.analyze(TYPESCRIPT).findings.map((f) => f.ruleId), ['AIS240']);
});

test('a file whose grammar was not asked for is reported as not analysed, and its text rules still run', async () => {
  const engine = await createEngine({ ...engineOptions(ALL_MODULES), languages: [] });
  const result = engine.analyze(TYPESCRIPT);
  assert.ok(result.notes.some((n) => n.kind === 'incomplete' && /typescript grammar is not loaded/.test(n.message)), JSON.stringify(result.notes));
  assert.equal(engine.parserRuntimes, 1, 'a missing grammar is not a trap: the runtime is kept');
  await engine.ready(engine.grammarsFor(TYPESCRIPT.path));
  assert.deepEqual(engine.analyze(TYPESCRIPT).findings.map((f) => f.ruleId), ['AIS240']);
});

test('concurrent requests for one grammar load it once', async () => {
  const loads: string[] = [];
  const options = engineOptions(ALL_MODULES);
  const engine = await createEngine({ ...options, languages: [], loadWasm: (file) => (loads.push(file), options.loadWasm(file)) });
  await Promise.all([engine.ready(['python']), engine.ready(['python']), engine.ready(engine.grammarsFor('a.py'))]);
  assert.deepEqual(loads, ['tree-sitter.wasm', 'tree-sitter-python.wasm']);
});

test('the runtime built after a trap has every grammar asked for before it', async () => {
  const engine = await createEngine({ ...engineOptions(ALL_MODULES, TRAP_HEAP_BYTES), languages: [] });
  await engine.ready(['python']);
  engine.analyze({ path: 'generated.py', text: heapExhaustingPython(), config: { ...DEFAULT_CONFIG, maxFileBytes: 64 * 1024 * 1024 } });
  await engine.ready();
  assert.equal(engine.parserRuntimes, 2);
  assert.deepEqual(engine.loadedGrammars, ['python']);
  assert.deepEqual(engine.analyze(PYTHON).findings.map((f) => f.ruleId), ['AIS101']);
});

test('a scan asks for the grammars of each file: a Python-only folder loads no JavaScript grammar', async () => {
  const folder = mkdtempSync(join(tmpdir(), 'aisec-grammars-'));
  try {
    writeFileSync(join(folder, PYTHON.path), PYTHON.text);
    writeFileSync(join(folder, 'notes.md'), '# notes\n');
    const engine = await createEngine({ ...engineOptions(ALL_MODULES), languages: [] });
    const found: string[] = [];
    for await (const event of scanPaths({ paths: [folder], cwd: folder, rules: ALL_RULES, engine: () => Promise.resolve(engine), jobs: 1 })) {
      if (event.type === 'file') found.push(...(event.outcome.result?.findings.map((f) => f.ruleId) ?? []));
    }
    assert.deepEqual(found, ['AIS101']);
    assert.deepEqual(engine.loadedGrammars, ['python']);

    writeFileSync(join(folder, TYPESCRIPT.path), TYPESCRIPT.text);
    const again: string[] = [];
    for await (const event of scanPaths({ paths: [folder], cwd: folder, rules: ALL_RULES, engine: () => Promise.resolve(engine), jobs: 1 })) {
      if (event.type === 'file') again.push(...(event.outcome.result?.findings.map((f) => f.ruleId) ?? []));
    }
    assert.deepEqual(again.sort(), ['AIS101', 'AIS240']);
    assert.deepEqual(engine.loadedGrammars, ['python', 'javascript', 'typescript', 'tsx']);
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
});
