/**
 * `aisec.run`: with `onSave` an open file is analysed when it is opened and saved, not after each edit
 * (Ruff's and ESLint's `run` setting); with the default `onType` edits are analysed as before.
 */
import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { startHarness } from './harness';

test('with aisec.run onSave, edits wait for the save', async () => {
  const h = await startHarness({ settings: { debounceMs: 0, run: 'onSave' } });
  try {
    const uri = 'file:///virtual/run/on-save.py';
    const opened = h.waitForDiagnostics(uri, (d) => d.length === 0);
    h.open(uri, 'python', 'import json\n');
    await opened;
    h.change(uri, 2, [{ text: 'import pickle\nobj = pickle.loads(blob)\n' }]);
    // A document change followed by a code-action request: the server has handled the change when it answers.
    await h.client.sendRequest('textDocument/codeAction', { textDocument: { uri }, range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, context: { diagnostics: [] } });
    await new Promise((resolve) => setTimeout(resolve, 300));
    assert.equal(h.diagnostics.filter((p) => p.uri === uri && p.diagnostics.length > 0).length, 0, 'no analysis while typing');
    const saved = h.waitForDiagnostics(uri, (d) => d.some((x) => x.code === 'AIS901'));
    h.client.sendNotification('textDocument/didSave', { textDocument: { uri } });
    await saved;
  } finally {
    await h.dispose();
  }
});

test('with the default (onType), an edit is analysed without a save', async () => {
  const h = await startHarness({ settings: { debounceMs: 0 } });
  try {
    const uri = 'file:///virtual/run/on-type.py';
    const opened = h.waitForDiagnostics(uri, (d) => d.length === 0);
    h.open(uri, 'python', 'import json\n');
    await opened;
    const typed = h.waitForDiagnostics(uri, (d) => d.some((x) => x.code === 'AIS901'));
    h.change(uri, 2, [{ text: 'import pickle\nobj = pickle.loads(blob)\n' }]);
    await typed;
  } finally {
    await h.dispose();
  }
});
