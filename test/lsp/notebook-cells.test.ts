/**
 * In the editor each notebook cell is a document of its own (`vscode-notebook-cell:` URIs carrying the
 * notebook's path): the cell is analysed by its language, and its diagnostics land in the cell.
 */
import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { ALL_MODULES } from '../../server/src/rules/index';
import { startHarness } from './harness';

test('a Python cell of a notebook gets its own diagnostics', async () => {
  const h = await startHarness({ modules: ALL_MODULES });
  try {
    const cell = 'vscode-notebook-cell:/virtual/nb/explore.ipynb#W2sZmlsZQ%3D%3D';
    const published = h.waitForDiagnostics(cell, (d) => d.length > 0, 20000);
    h.open(cell, 'python', 'import pickle\n\ndata = pickle.loads(blob)\n');
    const diagnostics = await published;
    const codes = diagnostics.map((d) => d.code);
    assert.ok(codes.includes('AIS101'), JSON.stringify(diagnostics));
    assert.equal(diagnostics.find((d) => d.code === 'AIS101')?.range.start.line, 2, 'the range is in the cell, not in the .ipynb file');
  } finally {
    await h.dispose();
  }
});
