/**
 * Quick fixes inside notebook cells: a finding's fix edits the cells it concerns, in each cell's coordinates
 * (a call fixed in its cell, `import os` added at the top of the first code cell), and once applied the
 * notebook parses and AISec no longer reports the finding.
 */
import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import type { CodeAction, Diagnostic, TextEdit } from 'vscode-languageserver';
import { ALL_MODULES } from '../../server/src/rules/index';
import { commentMagics, joinCodeCells } from '../../server/src/engine/parsing/notebook';
import { applyEdits } from '../../server/src/lsp/fix-check';
import { startHarness, testEngine, type Harness } from './harness';

const CODE = 2;
const MARKUP = 1;
const NOTEBOOK = 'file:///virtual/nb/fixes.ipynb';
const cellUri = (i: number): string => `vscode-notebook-cell:/virtual/nb/fixes.ipynb#W${i}sZmlsZQ%3D%3D`;

const SOURCES = [
  '%pip install openai\nimport subprocess\nimport torch\n',
  '# Load the checkpoint\n',
  'x = 1\nstate = torch.load(path)\n',
  'client_key = "sk-proj-Zq8vR2mXk4LpT7nW1cY9bH3sD6fJ0gA5eU2iO8rK"\nprint(client_key)\n',
];
const KINDS = [CODE, MARKUP, CODE, CODE];

function openNotebook(h: Harness): void {
  h.client.sendNotification('notebookDocument/didOpen', {
    notebookDocument: { uri: NOTEBOOK, notebookType: 'jupyter-notebook', version: 1, cells: KINDS.map((kind, i) => ({ kind, document: cellUri(i) })) },
    cellTextDocuments: SOURCES.map((text, i) => ({ uri: cellUri(i), languageId: KINDS[i] === MARKUP ? 'markdown' : 'python', version: 1, text })),
  });
}

async function actionsFor(h: Harness, uri: string, diagnostic: Diagnostic): Promise<CodeAction[]> {
  return h.client.sendRequest('textDocument/codeAction', { textDocument: { uri }, range: diagnostic.range, context: { diagnostics: [diagnostic], only: ['quickfix'] } });
}

/** Applies a fix as the editor does: each cell's edits to that cell, sent as the notebook's change. */
function applyFix(h: Harness, sources: string[], action: CodeAction, version: number): string[] {
  const changes = action.edit?.changes ?? {};
  const next = [...sources];
  const textContent = Object.entries(changes).map(([uri, edits]: [string, TextEdit[]]) => {
    const index = SOURCES.findIndex((_, i) => cellUri(i) === uri);
    assert.ok(index >= 0, `the fix edits a cell of the notebook, not ${uri}`);
    next[index] = applyEdits(next[index]!, edits);
    return { document: { uri, version }, changes: [{ text: next[index]! }] };
  });
  h.client.sendNotification('notebookDocument/didChange', { notebookDocument: { uri: NOTEBOOK, version }, change: { cells: { textContent } } });
  return next;
}

async function notebookParses(sources: readonly string[]): Promise<boolean | undefined> {
  const engine = await testEngine(ALL_MODULES);
  const joined = joinCodeCells(sources.map((source, index) => ({ index, kind: KINDS[index] === MARKUP ? 'markdown' : 'code', source })));
  return engine.parsesCleanly('fixes.py', commentMagics(joined.text));
}

test('a fix for a finding in a notebook cell edits that cell at the finding, and the fixed notebook parses', async () => {
  const h = await startHarness({ modules: ALL_MODULES });
  try {
    const published = h.waitForDiagnostics(cellUri(2), (d) => d.some((x) => x.code === 'AIS102'), 20000);
    openNotebook(h);
    const diagnostic = (await published).find((d) => d.code === 'AIS102')!;
    assert.equal(diagnostic.range.start.line, 1, 'the finding is on its line in the cell');
    const fix = (await actionsFor(h, cellUri(2), diagnostic)).find((a) => /weights_only/.test(a.title));
    assert.ok(fix?.edit?.changes, 'the weights_only fix is offered on the cell');
    const edits = fix.edit.changes;
    assert.deepEqual(Object.keys(edits), [cellUri(2)], 'it edits the cell of the finding only');
    for (const edit of edits[cellUri(2)]!) assert.equal(edit.range.start.line, 1, `the edit is on the finding's line of the cell: ${JSON.stringify(edit)}`);

    const fixed = h.waitForDiagnostics(cellUri(2), (d) => !d.some((x) => x.code === 'AIS102'), 20000);
    const sources = applyFix(h, SOURCES, fix, 2);
    assert.match(sources[2]!, /torch\.load\(path, weights_only=True\)/);
    assert.equal(await notebookParses(sources), true, sources.join('\n---\n'));
    await fixed;
  } finally {
    await h.dispose();
  }
});

test('a fix that adds an import adds it once, to the first code cell, and edits the finding in its own cell', async () => {
  const h = await startHarness({ modules: ALL_MODULES });
  try {
    const published = h.waitForDiagnostics(cellUri(3), (d) => d.some((x) => x.code === 'AIS400'), 20000);
    openNotebook(h);
    const diagnostic = (await published).find((d) => d.code === 'AIS400')!;
    const actions = await actionsFor(h, cellUri(3), diagnostic);
    const fix = actions.find((a) => /os\.environ|environment/.test(a.title) && a.edit?.changes?.[cellUri(0)]);
    assert.ok(fix?.edit?.changes, `a fix reading the key from the environment: ${JSON.stringify(actions.map((a) => a.title))}`);
    const edits = fix.edit.changes;
    assert.deepEqual(Object.keys(edits).sort(), [cellUri(0), cellUri(3)].sort(), 'the import goes to the first cell, the key is replaced in its own cell');
    // Below the cell's `%pip` line, at the start of its imports.
    assert.deepEqual(edits[cellUri(0)], [{ range: { start: { line: 1, character: 0 }, end: { line: 1, character: 0 } }, newText: 'import os\n' }]);
    for (const edit of edits[cellUri(3)]!) assert.equal(edit.range.start.line, 0, `the key is replaced where it is: ${JSON.stringify(edit)}`);

    const fixed = h.waitForDiagnostics(cellUri(3), (d) => !d.some((x) => x.code === 'AIS400'), 20000);
    const sources = applyFix(h, SOURCES, fix, 2);
    assert.equal(sources[0]!.match(/^import os$/gm)?.length, 1, sources[0]);
    assert.match(sources[3]!, /os\.environ/);
    assert.equal(await notebookParses(sources), true, sources.join('\n---\n'));
    await fixed;
    assert.ok(!h.diagnostics.filter((p) => p.uri === cellUri(0)).at(-1)?.diagnostics.length, 'the fix raises nothing in the first cell');
  } finally {
    await h.dispose();
  }
});

test('the .env fix of a key in a notebook cell resolves to the real edits: the cell, the first cell\'s import, .env and .gitignore', async () => {
  const h = await startHarness({ modules: ALL_MODULES });
  try {
    const published = h.waitForDiagnostics(cellUri(3), (d) => d.some((x) => x.code === 'AIS400'), 20000);
    openNotebook(h);
    const diagnostic = (await published).find((d) => d.code === 'AIS400')!;
    const action = (await actionsFor(h, cellUri(3), diagnostic)).find((a) => a.title.startsWith('Move the value to .env'));
    assert.ok(action && !action.edit, `the .env fix is offered without its edit (the key is not sent in lists): ${JSON.stringify(action)}`);
    const resolved: CodeAction = await h.client.sendRequest('codeAction/resolve', action);
    const changes = resolved.edit?.documentChanges ?? [];
    const editsOf = (uri: string): TextEdit[] => changes.flatMap((c) => ('textDocument' in c && c.textDocument.uri === uri ? c.edits : [])) as TextEdit[];
    const key = SOURCES[3]!.split('"')[1]!;
    assert.deepEqual(editsOf(cellUri(3)).map((e) => [e.range.start.line, e.newText]), [[0, 'os.environ["OPENAI_API_KEY"]']], JSON.stringify(changes));
    assert.ok(editsOf(cellUri(0)).some((e) => e.newText === 'import os\n'), 'os is imported in the first code cell');
    assert.deepEqual(editsOf('file:///virtual/nb/.env').map((e) => e.newText), [`OPENAI_API_KEY=${key}\n`], 'the real key goes to .env');
    assert.ok(editsOf('file:///virtual/nb/.gitignore').some((e) => e.newText.includes('.env')));
  } finally {
    await h.dispose();
  }
});
