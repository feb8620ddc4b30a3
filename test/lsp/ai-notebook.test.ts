/**
 * "Fix with AI (verified)" in a notebook cell, against the recording fake endpoint: the model is sent the
 * notebook's code cells joined (the import of the first cell with the call of the third, no markdown), a
 * patch whose edit spans two cells is rejected and the reason said back, and the verified patch comes back
 * as edits of the cells it falls in (the new import at the end of the first cell, the call in the third),
 * after which the finding is gone from the cell.
 */
import { strict as assert } from 'node:assert';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { AnnotatedTextEdit, CodeAction, Diagnostic, TextDocumentEdit } from 'vscode-languageserver';
import { URI } from 'vscode-uri';
import { ALL_MODULES } from '../../server/src/rules/index';
import { AI_FIX_TITLE } from '../../server/src/shared/ai-protocol';
import { patchReply, startFakeOpenAiServer, type FakeOpenAiServer } from '../ai/fake-openai-server';
import { startHarness, type Harness } from './harness';

const CODE = 2;
const MARKUP = 1;
const SOURCES = ['import pickle\n', '# MARKDOWN_ONLY_TEXT\n', 'def load(blob):\n    return pickle.loads(blob)\n'];

describe('Fix with AI (verified) in a notebook cell', () => {
  let h: Harness;
  let fake: FakeOpenAiServer;
  const root = mkdtempSync(join(tmpdir(), 'aisec-ai-nb-'));
  const notebookUri = URI.file(join(root, 'explore.ipynb'));
  const cellUri = (i: number): string => notebookUri.with({ scheme: 'vscode-notebook-cell', fragment: `W${i}sZmlsZQ==` }).toString();
  let diagnostic: Diagnostic;

  before(async () => {
    fake = await startFakeOpenAiServer();
    h = await startHarness({ modules: ALL_MODULES, workspaceFolders: [{ uri: URI.file(root).toString(), name: 'nb' }], settings: { debounceMs: 0, ai: { enable: true, baseUrl: fake.baseUrl, model: 'fake-model', maxRetries: 0 } } });
    h.client.sendNotification('aisec/aiCredentials', { trusted: true });
    const published = h.waitForDiagnostics(cellUri(2), (d) => d.some((x) => x.code === 'AIS101'), 20_000);
    h.client.sendNotification('notebookDocument/didOpen', {
      notebookDocument: { uri: notebookUri.toString(), notebookType: 'jupyter-notebook', version: 1, cells: [CODE, MARKUP, CODE].map((kind, i) => ({ kind, document: cellUri(i) })) },
      cellTextDocuments: SOURCES.map((text, i) => ({ uri: cellUri(i), languageId: i === 1 ? 'markdown' : 'python', version: 1, text })),
    });
    diagnostic = (await published).find((d) => d.code === 'AIS101')!;
  });
  after(async () => {
    await h.dispose();
    await fake.close();
  });

  it('verifies the patch on the joined cells and lands it in the cells', async () => {
    const actions: CodeAction[] = await h.client.sendRequest('textDocument/codeAction', { textDocument: { uri: cellUri(2) }, range: diagnostic.range, context: { diagnostics: [diagnostic] } });
    const action = actions.find((a) => a.title === AI_FIX_TITLE);
    assert.ok(action, 'offered on a notebook cell');
    // Joined: 1 `import pickle`, 2 the blank line between the cells, 3 `def load(blob):`, 4 the call.
    fake.script.push(
      patchReply([{ startLine: 1, endLine: 4, newText: 'import json\n\ndef load(blob):\n    return json.loads(blob)' }]),
      patchReply([
        { startLine: 2, endLine: 1, newText: 'import json' },
        { startLine: 4, endLine: 4, newText: '    return json.loads(blob)' },
      ]),
    );
    const resolved: CodeAction = await h.client.sendRequest('codeAction/resolve', action);
    assert.equal(fake.requests.length, 2);
    const prompt = fake.requests[0]!.body.messages![1]!.content;
    assert.match(prompt, /^ {4}1\| import pickle$/m, 'the import of the first cell is sent');
    assert.match(prompt, /^ {4}4\| {5}return pickle\.loads\(blob\)$/m);
    assert.ok(!prompt.includes('MARKDOWN_ONLY_TEXT'), 'markdown cells are not code and are not sent');
    assert.match(fake.requests[1]!.body.messages!.at(-1)!.content, /spans notebook cells or the blank line between them/);

    const changes = (resolved.edit?.documentChanges ?? []) as TextDocumentEdit[];
    assert.deepEqual(changes.map((c) => c.textDocument.uri).sort(), [cellUri(0), cellUri(2)].sort());
    assert.equal(Object.values(resolved.edit!.changeAnnotations!)[0]!.needsConfirmation, true);
    const cellText = (i: number): string => {
      const change = changes.find((c) => c.textDocument.uri === cellUri(i))!;
      const edits = change.edits as AnnotatedTextEdit[];
      const lines = SOURCES[i]!.split('\n');
      const offset = (p: { line: number; character: number }): number => lines.slice(0, p.line).reduce((n, l) => n + l.length + 1, 0) + p.character;
      return [...edits].sort((a, b) => offset(b.range.start) - offset(a.range.start)).reduce((out, e) => out.slice(0, offset(e.range.start)) + e.newText + out.slice(offset(e.range.end)), SOURCES[i]!);
    };
    assert.equal(cellText(0), 'import pickle\nimport json\n');
    assert.equal(cellText(2), 'def load(blob):\n    return json.loads(blob)\n');

    // Applied as the editor applies it, the finding is gone from the cell.
    const cleared = h.waitForDiagnostics(cellUri(2), (d) => !d.some((x) => x.code === 'AIS101'), 20_000);
    h.client.sendNotification('notebookDocument/didChange', {
      notebookDocument: { uri: notebookUri.toString(), version: 2 },
      change: { cells: { textContent: [0, 2].map((i) => ({ document: { uri: cellUri(i), version: 2 }, changes: [{ text: cellText(i) }] })) } },
    });
    await cleared;
  });
});
