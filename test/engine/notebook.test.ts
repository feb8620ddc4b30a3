import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadEngine } from '../../server/src/host/load-engine';
import { readNotebook } from '../../server/src/engine/parsing/notebook';

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
