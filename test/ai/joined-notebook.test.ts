/**
 * A notebook's code cells joined for an AI fix, and edits of the joined text mapped back to cells: cells
 * with and without a final line break, markdown cells left out, magics shown as comments and never
 * rewritten, insertions after a cell's last line going to that cell, and edits across cells refused; the
 * edits written back into the `.ipynb` text in the shape and layout its sources had.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { cellEditsOf, joinNotebook, type CellEdit, type JoinedNotebook } from '../../server/src/ai/joined-notebook';
import { rewriteNotebookCells } from '../../server/src/ai/notebook-cells-write';

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

describe('verified cell edits written into the .ipynb text', () => {
  const insertAfterFirstLine = (cellIndex: number): CellEdit[] => [{ cellIndex, edit: { startLine: 2, endLine: 1, newText: 'import json' } }];

  it('keeps a string source a string, and every byte outside the edited source', () => {
    const text = '{"cells": [{"cell_type": "code", "source": "import pickle\\nx = 1", "outputs": [], "metadata": {}}],\r\n "metadata": {}, "nbformat": 4, "nbformat_minor": 5}';
    const joined = joinNotebook(text) as JoinedNotebook;
    const out = rewriteNotebookCells(text, insertAfterFirstLine(0), 'import pickle\nimport json\nx = 1');
    assert.ok(!('problem' in out), JSON.stringify(out));
    assert.equal(out.text, text.replace('"import pickle\\nx = 1"', '"import pickle\\nimport json\\nx = 1"'));
    assert.notEqual(joined.text, out.joined.text);
  });

  it('lays out a list source as the old list was laid out, compact or one line per row', () => {
    const compact = '{"cells": [{"cell_type": "code", "source": ["import pickle\\n", "x = 1"]}], "metadata": {}}';
    const out = rewriteNotebookCells(compact, insertAfterFirstLine(0), 'import pickle\nimport json\nx = 1') as { text: string };
    assert.equal(out.text, compact.replace('["import pickle\\n", "x = 1"]', '["import pickle\\n", "import json\\n", "x = 1"]'));
    const single = '{\n "cells": [\n  {\n   "cell_type": "code",\n   "source": [\n    "import pickle"\n   ]\n  }\n ]\n}\n';
    const grown = rewriteNotebookCells(single, insertAfterFirstLine(0), 'import pickle\nimport json') as { text: string };
    assert.equal(grown.text, '{\n "cells": [\n  {\n   "cell_type": "code",\n   "source": [\n    "import pickle\\n",\n    "import json"\n   ]\n  }\n ]\n}\n');
  });

  it('refuses when the rewritten cells would not join to the verified code', () => {
    const text = notebook([['code', 'import pickle\nx = 1']]);
    const out = rewriteNotebookCells(text, insertAfterFirstLine(0), 'import pickle\nimport yaml\nx = 1');
    assert.deepEqual(out, { problem: 'the rewritten notebook\'s code cells are not the code that was verified' });
  });
});
