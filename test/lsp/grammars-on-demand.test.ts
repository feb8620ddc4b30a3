/**
 * The language server starts with Python's grammar only (`loadEngineWith(['python'])` in `lsp/main.ts`): a
 * TypeScript file opened later is still analysed, its analysis waiting for the JavaScript grammars, and a
 * snippet analysed as TypeScript too.
 */
import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { createEngine } from '../../server/src/engine/index';
import { engineOptions } from '../../server/src/host/load-engine';
import { AnalyzeTextRequest } from '../../server/src/shared/protocol';
import { startHarness } from './harness';
import { TEST_MODULES } from './test-rules';

test('a server started with the Python grammar alone analyses a Python file, then a TypeScript file opened later', async () => {
  const engine = createEngine({ ...engineOptions(TEST_MODULES), languages: ['python'] });
  const h = await startHarness({ engine });
  try {
    const python = 'file:///virtual/project/app.py';
    const pickle = h.waitForDiagnostics(python, (d) => d.length > 0);
    h.open(python, 'python', 'import pickle\nobj = pickle.loads(blob)\n');
    assert.equal((await pickle)[0]?.code, 'AIS901');
    assert.deepEqual((await engine).loadedGrammars, ['python']);

    const script = 'file:///virtual/project/run.ts';
    const evaluated = h.waitForDiagnostics(script, (d) => d.length > 0);
    h.open(script, 'typescript', 'const v = eval(x);\n');
    assert.equal((await evaluated)[0]?.code, 'AIS904');
    assert.deepEqual((await engine).loadedGrammars, ['python', 'javascript', 'typescript', 'tsx']);
  } finally {
    await h.dispose();
  }
});

test('a snippet in a language whose grammar is not loaded yet is analysed', async () => {
  const engine = createEngine({ ...engineOptions(TEST_MODULES), languages: ['python'] });
  const h = await startHarness({ engine });
  try {
    const result = await h.client.sendRequest(AnalyzeTextRequest.type, { text: 'const v = eval(x);\n', languageId: 'javascript' });
    assert.deepEqual(result.diagnostics.map((d) => d.code), ['AIS904']);
  } finally {
    await h.dispose();
  }
});
