import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadEngine } from '../../server/src/host/load-engine';
import { readNotebook } from '../../server/src/engine/parsing/notebook';
import { DEFAULT_CONFIG, cellPosition, joinCodeCells } from '../../server/src/engine/index';

function notebook(cells: { type: 'code' | 'markdown'; source: string[] }[]): string {
  return JSON.stringify(
    {
      cells: cells.map((c) => ({ cell_type: c.type, metadata: {}, source: c.source, ...(c.type === 'code' ? { outputs: [], execution_count: null } : {}) })),
      metadata: { kernelspec: { language: 'python', name: 'python3' } },
      nbformat: 4,
      nbformat_minor: 5,
    },
    null,
    1,
  );
}

test('a notebook finding maps to the cell, the line in the cell and the .ipynb line; imports resolve across cells', async () => {
  const engine = await loadEngine();
  const text = notebook([
    { type: 'code', source: ['import pickle as pk\n', '!pip install torch\n'] },
    { type: 'markdown', source: ['# Load the cached data\n'] },
    { type: 'code', source: ['x = 1\n', 'data = pk.loads(blob)\n'] },
  ]);
  const result = engine.analyze({ path: '/tmp/nb.ipynb', text });
  const f = result.findings.find((x) => x.ruleId === 'AIS101');
  assert.ok(f, `expected AIS101, got ${JSON.stringify(result)}`);
  assert.equal(f.notebook?.cellIndex, 2);
  assert.equal(f.notebook?.cellLine, 1);
  const fileLine = text.split('\n')[f.range.start.line];
  assert.match(fileLine, /pk\.loads\(blob\)/, 'the range points at the .ipynb line holding the call');
  assert.equal(fileLine.slice(f.range.start.column, f.range.start.column + 'pk.loads'.length), 'pk.loads');
  assert.match(f.message, /cell 3, line 2/);
});

test('magic lines stay visible to text checkers and are comments to the parser', () => {
  const read = readNotebook(notebook([{ type: 'code', source: ['%pip install transformers\n', '!ls\n', 'import os\n'] }]));
  assert.ok(read.ok);
  if (!read.ok) return;
  assert.match(read.notebook.virtualText, /^%pip install transformers$/m);
  assert.match(read.notebook.parseText, /^#pip install transformers$/m);
  assert.equal(read.notebook.parseText.length, read.notebook.virtualText.length);
});

test('a notebook that is not JSON gives a parse-error note, not a crash', async () => {
  const engine = await loadEngine();
  const result = engine.analyze({ path: '/tmp/broken.ipynb', text: '{"cells": [ {"cell_type": "code", "source": ["import pickle\\n"' });
  assert.ok(result.notes.some((n) => n.kind === 'parse-error' && n.range !== undefined));
});

test('a notebook whose size comes from its outputs is scanned; the size limit applies to its code cells', async () => {
  const engine = await loadEngine();
  const cells = [
    { cell_type: 'code', metadata: {}, execution_count: 1, source: ['import pickle\n', 'data = pickle.loads(blob)\n'], outputs: [{ output_type: 'stream', name: 'stdout', text: ['x'.repeat(3 * 1024 * 1024)] }] },
  ];
  const text = JSON.stringify({ cells, metadata: {}, nbformat: 4, nbformat_minor: 5 });
  const config = { ...DEFAULT_CONFIG, maxFileBytes: 2 * 1024 * 1024 };
  assert.ok(text.length > config.maxFileBytes);
  const result = engine.analyze({ path: '/tmp/outputs.ipynb', text, config });
  assert.deepEqual(result.notes.filter((n) => n.kind === 'skipped'), []);
  assert.deepEqual(result.findings.map((f) => [f.ruleId, f.notebook?.cellIndex, f.notebook?.cellLine]), [['AIS101', 0, 1]]);
  const tight = engine.analyze({ path: '/tmp/outputs.ipynb', text, config: { ...config, maxFileBytes: 20 } });
  assert.match(tight.notes.find((n) => n.kind === 'skipped')?.message ?? '', /the notebook's code cells are larger than the .* limit/);
});

test('a notebook finding names its cell and line the same way in the message and in the location; columns are in the cell text', async () => {
  const engine = await loadEngine();
  // Escapes in the JSON string make the .ipynb column differ from the column in the cell.
  const text = notebook([
    { type: 'markdown', source: ['# intro\n'] },
    { type: 'code', source: ['import pickle\n', 'x = "a\\"b\\tc"; y = pickle.loads(blob)\n'] },
  ]);
  const f = engine.analyze({ path: '/tmp/nb.ipynb', text }).findings.find((x) => x.ruleId === 'AIS101');
  assert.ok(f?.notebook);
  const position = cellPosition(f.notebook);
  assert.deepEqual(position, { cell: 2, line: 2, column: 20, endLine: 2, endColumn: 38 });
  assert.match(f.message, new RegExp(`\\(cell ${position.cell}, line ${position.line}\\)`));
  assert.equal('x = "a\\"b\\tc"; y = pickle.loads(blob)'.slice(position.column - 1, position.endColumn - 1), 'pickle.loads(blob)');
});

test('a call left open in one cell does not swallow the next cells, in the scan and in the open notebook alike', async () => {
  const engine = await loadEngine();
  const cells = [
    'import pickle\nimport torch\n',
    'data = pickle.loads(blob\nclass Cache:\n    def load(self, path):\n        return torch.load(path)\n',
    'class Store:\n    def read(self, raw):\n        return pickle.loads(raw)\n',
  ];
  const text = notebook(cells.map((source) => ({ type: 'code', source: source.split(/(?<=\n)/) })));
  const scanned = engine.analyze({ path: '/tmp/open.ipynb', text }).findings.filter((f) => f.ruleId === 'AIS101');
  // Jupyter compiles the third cell alone, so its load is reported although the second cell cannot run.
  assert.deepEqual(scanned.map((f) => [f.notebook?.cellIndex, f.notebook?.cellLine]), [[2, 2]]);
  const joined = joinCodeCells(cells.map((source, index) => ({ index, kind: 'code' as const, source })));
  const open = engine.openNotebookCode('/tmp/open.ipynb', joined.text, 'python', joined.starts);
  const live = engine.analyzeDocument(open).findings.filter((f) => f.ruleId === 'AIS101');
  assert.deepEqual(live.map((f) => f.range.start.line), [joined.text.slice(0, joined.text.indexOf('return pickle.loads(raw)')).split('\n').length - 1]);
  open.dispose();
});
