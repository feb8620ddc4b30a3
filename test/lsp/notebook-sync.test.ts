/**
 * LSP notebook document sync: the server analyses a notebook's cells together as one program (as
 * `aisec scan` reads the .ipynb file), publishes each finding on its cell in the cell's coordinates, keeps
 * the workspace scan from publishing a second copy for the open notebook, and clears the cells on close.
 */
import { strict as assert } from 'node:assert';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { URI } from 'vscode-uri';
import { ALL_MODULES } from '../../server/src/rules/index';
import { ScanWorkspaceRequest } from '../../server/src/shared/protocol';
import { startHarness } from './harness';

const CODE = 2;
const MARKUP = 1;

function notebookOnDisk(): { root: string; path: string; uri: string; cellUri: (i: number) => string; sources: string[] } {
  const root = mkdtempSync(join(tmpdir(), 'aisec-nb-'));
  const sources = ['import pickle\n', '# Load the data\n', 'x = 1\ndata = pickle.loads(blob)\n'];
  const path = join(root, 'explore.ipynb');
  const kinds = ['code', 'markdown', 'code'];
  writeFileSync(path, JSON.stringify({ cells: sources.map((source, i) => ({ cell_type: kinds[i], source, metadata: {}, outputs: [] })), metadata: { language_info: { name: 'python' } }, nbformat: 4, nbformat_minor: 5 }));
  const uri = URI.file(path).toString();
  const cellUri = (i: number): string => URI.file(path).with({ scheme: 'vscode-notebook-cell', fragment: `W${i}sZmlsZQ==` }).toString();
  return { root, path, uri, cellUri, sources };
}

/** Opens the notebook (code, markdown, code cells) as the editor does. */
function openNotebook(h: Awaited<ReturnType<typeof startHarness>>, nb: ReturnType<typeof notebookOnDisk>): void {
  h.client.sendNotification('notebookDocument/didOpen', {
    notebookDocument: { uri: nb.uri, notebookType: 'jupyter-notebook', version: 1, cells: [CODE, MARKUP, CODE].map((kind, i) => ({ kind, document: nb.cellUri(i) })) },
    cellTextDocuments: nb.sources.map((text, i) => ({ uri: nb.cellUri(i), languageId: i === 1 ? 'markdown' : 'python', version: 1, text })),
  });
}

test('a notebook is analysed as one program and each finding lands on its cell', async () => {
  const nb = notebookOnDisk();
  const h = await startHarness({ modules: ALL_MODULES, workspaceFolders: [{ uri: URI.file(nb.root).toString(), name: 'nb' }] });
  try {
    const published = h.waitForDiagnostics(nb.cellUri(2), (d) => d.some((x) => x.code === 'AIS101'), 20000);
    openNotebook(h, nb);
    const diagnostics = await published;
    const finding = diagnostics.find((d) => d.code === 'AIS101')!;
    // The import is in the first cell, the call in the third: alone, the third cell would not be recognised.
    assert.equal(finding.range.start.line, 1, 'the range is the line in the cell');
    assert.match(finding.message, /\(cell 3, line 2\)/);
    assert.ok(!h.diagnostics.some((p) => p.uri === nb.cellUri(0) && p.diagnostics.length > 0), 'nothing on the importing cell');

    // An edit to the first cell (the import goes) changes what the third cell means.
    const cleared = h.waitForDiagnostics(nb.cellUri(2), (d) => !d.some((x) => x.code === 'AIS101'), 20000);
    h.client.sendNotification('notebookDocument/didChange', {
      notebookDocument: { uri: nb.uri, version: 2 },
      change: { cells: { textContent: [{ document: { uri: nb.cellUri(0), version: 2 }, changes: [{ text: 'import json\n' }] }] } },
    });
    await cleared;
    const back = h.waitForDiagnostics(nb.cellUri(2), (d) => d.some((x) => x.code === 'AIS101'), 20000);
    h.client.sendNotification('notebookDocument/didChange', {
      notebookDocument: { uri: nb.uri, version: 3 },
      change: { cells: { textContent: [{ document: { uri: nb.cellUri(0), version: 3 }, changes: [{ text: 'import pickle\n' }] }] } },
    });
    await back;

    // A workspace scan counts the open notebook from its live analysis and publishes nothing on the .ipynb file.
    const result = await h.client.sendRequest(ScanWorkspaceRequest.type, {});
    assert.equal(result.openFiles, 1);
    assert.ok(result.findings >= 1, JSON.stringify(result));
    assert.ok(!h.diagnostics.some((p) => p.uri === nb.uri && p.diagnostics.length > 0), 'no second copy on the .ipynb file');

    // Closing the notebook clears every cell; after the scan the file gets its on-disk diagnostics back.
    const onDisk = h.waitForDiagnostics(nb.uri, (d) => d.some((x) => x.code === 'AIS101'), 20000);
    const closedCell = h.waitForDiagnostics(nb.cellUri(2), (d) => d.length === 0, 20000);
    h.client.sendNotification('notebookDocument/didClose', { notebookDocument: { uri: nb.uri }, cellTextDocuments: nb.sources.map((_, i) => ({ uri: nb.cellUri(i) })) });
    await closedCell;
    await onDisk;
  } finally {
    await h.dispose();
    rmSync(nb.root, { recursive: true, force: true });
  }
});

test('a keystroke in a cell publishes that cell and the cells whose findings changed, not every cell', async () => {
  const nb = notebookOnDisk();
  const h = await startHarness({ modules: ALL_MODULES, workspaceFolders: [{ uri: URI.file(nb.root).toString(), name: 'nb' }] });
  try {
    const opened = h.waitForDiagnostics(nb.cellUri(2), (d) => d.some((x) => x.code === 'AIS101'), 20000);
    openNotebook(h, nb);
    await opened;
    assert.ok([0, 1].every((i) => h.diagnostics.some((p) => p.uri === nb.cellUri(i))), 'on open every cell gets its list');
    // A keystroke in the third cell that leaves the findings as they were: only that cell, at its new version.
    const mark = h.diagnostics.length;
    const typed = h.waitForDiagnostics(nb.cellUri(2), () => true, 20000);
    h.client.sendNotification('notebookDocument/didChange', {
      notebookDocument: { uri: nb.uri, version: 2 },
      change: { cells: { textContent: [{ document: { uri: nb.cellUri(2), version: 2 }, changes: [{ range: { start: { line: 0, character: 5 }, end: { line: 0, character: 5 } }, text: '0' }] }] } },
    });
    assert.ok((await typed).some((x) => x.code === 'AIS101'));
    assert.deepEqual(h.diagnostics.slice(mark).map((p) => [p.uri, p.version]), [[nb.cellUri(2), 2]]);
    // The import typed away in the first cell: the third cell, unchanged, loses its finding and is published.
    const cleared = h.waitForDiagnostics(nb.cellUri(2), (d) => !d.some((x) => x.code === 'AIS101'), 20000);
    h.client.sendNotification('notebookDocument/didChange', {
      notebookDocument: { uri: nb.uri, version: 3 },
      change: { cells: { textContent: [{ document: { uri: nb.cellUri(0), version: 2 }, changes: [{ range: { start: { line: 0, character: 7 }, end: { line: 0, character: 13 } }, text: 'json' }] }] } },
    });
    await cleared;
  } finally {
    await h.dispose();
    rmSync(nb.root, { recursive: true, force: true });
  }
});
