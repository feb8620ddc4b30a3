/**
 * A notebook's code cells joined for an AI fix, and edits of the joined text mapped back to cells: cells
 * with and without a final line break, markdown cells left out, magics shown as comments and never
 * rewritten, insertions after a cell's last line going to that cell, and edits across cells refused.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { cellEditsOf, joinNotebook, type JoinedNotebook } from '../../server/src/ai/joined-notebook';

function notebook(cells: Array<[kind: 'code' | 'markdown', source: string]>): string {
  return JSON.stringify({ cells: cells.map(([kind, source]) => ({ cell_type: kind, source, metadata: {} })), metadata: { language_info: { name: 'python' } }, nbformat: 4, nbformat_minor: 5 });
}

const JOINED = joinNotebook(notebook([
  ['code', '!pip install requests\nimport pickle'],
  ['markdown', '# Notes'],
  ['code', 'data = pickle.loads(blob)\nprint(data)\n'],
])) as JoinedNotebook;

const patch = (edits: Array<{ startLine: number; endLine: number; newText: string }>) => ({ edits, rationale: '' });

describe('joined notebook', () => {
  it('joins the code cells as the parser reads them, remembering where each cell starts', () => {
    assert.equal(JOINED.text, '#pip install requests\nimport pickle\n\ndata = pickle.loads(blob)\nprint(data)\n');
    assert.deepEqual(JOINED.cells, [{ index: 0, firstLine: 0, lineCount: 2 }, { index: 2, firstLine: 3, lineCount: 2 }]);
    assert.deepEqual([...JOINED.magicLines], [0]);
    assert.equal(JOINED.language, 'python');
  });

  it('maps edits to cell lines, and an insertion after a cell to the end of that cell', () => {
    assert.deepEqual(cellEditsOf(JOINED, patch([
      { startLine: 3, endLine: 2, newText: 'import json' },
      { startLine: 4, endLine: 4, newText: 'data = json.loads(blob)' },
    ])), [
      { cellIndex: 0, edit: { startLine: 3, endLine: 2, newText: 'import json' } },
      { cellIndex: 2, edit: { startLine: 1, endLine: 1, newText: 'data = json.loads(blob)' } },
    ]);
  });

  it('refuses an edit across cells, of the line between them, or of a magic', () => {
    assert.match((cellEditsOf(JOINED, patch([{ startLine: 2, endLine: 4, newText: 'x' }])) as { problem: string }).problem, /spans notebook cells/);
    assert.match((cellEditsOf(JOINED, patch([{ startLine: 3, endLine: 3, newText: 'x' }])) as { problem: string }).problem, /spans notebook cells or the blank line/);
    assert.match((cellEditsOf(JOINED, patch([{ startLine: 1, endLine: 2, newText: 'import pickle' }])) as { problem: string }).problem, /IPython magic/);
  });

  it('says why a notebook that is not JSON cannot be joined', () => {
    assert.match(joinNotebook('{"cells": [') as string, /could not be read/);
  });
});
