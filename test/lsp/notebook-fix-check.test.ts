/**
 * Fixes never contradict AISec in notebooks either: a fix of a cell is judged on the whole notebook, as the
 * notebook is analysed (its code cells joined), not on the cell alone. A fix whose new code is unsafe only
 * through an import in another cell, and a fix that makes code in another cell unsafe, are not offered; the
 * fix that raises nothing still is.
 */
import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import type { CodeAction, Diagnostic } from 'vscode-languageserver';
import { ALL_MODULES } from '../../server/src/rules/index';
import { startHarness, type Harness } from './harness';
import { fetchModelRule } from './test-rules';

const CODE = 2;
const MARKUP = 1;

/** `fetch_model(` gets three fixes: one writes `pickle.loads`, one imports `pickle` in its cell, one neither. */
const threeFixes = fetchModelRule('AIS993', 'test-notebook-fixes', (range, lineStart) => [
  { title: 'Load it with pickle.loads', applicability: 'safe', edits: [{ range, newText: 'pickle.loads' }] },
  { title: 'Import the loader module', applicability: 'safe', edits: [{ range: lineStart, newText: 'import pickle\n' }] },
  { title: 'Use fetch_pinned', applicability: 'safe', preferred: true, edits: [{ range, newText: 'fetch_pinned' }] },
]);

async function fixTitles(h: Harness, name: string, cells: { kind: number; text: string }[], fixed: number): Promise<string[]> {
  const notebook = `file:///virtual/nb/${name}.ipynb`;
  const cellUri = (i: number): string => `vscode-notebook-cell:/virtual/nb/${name}.ipynb#W${i}sZmlsZQ%3D%3D`;
  const published = h.waitForDiagnostics(cellUri(fixed), (d) => d.some((x) => x.code === 'AIS993'), 20000);
  h.client.sendNotification('notebookDocument/didOpen', {
    notebookDocument: { uri: notebook, notebookType: 'jupyter-notebook', version: 1, cells: cells.map((cell, i) => ({ kind: cell.kind, document: cellUri(i) })) },
    cellTextDocuments: cells.map((cell, i) => ({ uri: cellUri(i), languageId: cell.kind === MARKUP ? 'markdown' : 'python', version: 1, text: cell.text })),
  });
  const diagnostic = (await published).find((d) => d.code === 'AIS993') as Diagnostic;
  const actions: CodeAction[] = await h.client.sendRequest('textDocument/codeAction', { textDocument: { uri: cellUri(fixed) }, range: diagnostic.range, context: { diagnostics: [diagnostic], only: ['quickfix'] } });
  return actions.map((a) => a.title);
}

test('a fix in a notebook cell is judged on the whole notebook: imports of other cells count, and so do findings it raises there', async () => {
  const h = await startHarness({ modules: [...ALL_MODULES, threeFixes] });
  try {
    // `pickle.loads` is unsafe only through the import in cell 1 (the cell alone does not import pickle).
    const importElsewhere = await fixTitles(h, 'import-elsewhere', [
      { kind: CODE, text: 'import pickle\n' },
      { kind: MARKUP, text: '# Fetch the model\n' },
      { kind: CODE, text: 'model = fetch_model(name)\n' },
    ], 2);
    assert.ok(importElsewhere.includes('Use fetch_pinned'), JSON.stringify(importElsewhere));
    assert.ok(!importElsewhere.includes('Load it with pickle.loads'), `the fix AIS101 flags through cell 1's import is not offered: ${JSON.stringify(importElsewhere)}`);
    // Importing pickle in cell 3 makes the load in cell 5 resolve, and AIS101 reports it there.
    const findingElsewhere = await fixTitles(h, 'finding-elsewhere', [
      { kind: CODE, text: 'import os\n' },
      { kind: MARKUP, text: '# Fetch the model\n' },
      { kind: CODE, text: 'model = fetch_model(name)\n' },
      { kind: MARKUP, text: '# Restore the cache\n' },
      { kind: CODE, text: 'cache = pickle.loads(blob)\n' },
    ], 2);
    assert.ok(findingElsewhere.includes('Use fetch_pinned'), JSON.stringify(findingElsewhere));
    assert.ok(!findingElsewhere.includes('Import the loader module'), `the fix that raises AIS101 in cell 5 is not offered: ${JSON.stringify(findingElsewhere)}`);
  } finally {
    await h.dispose();
  }
});
