/**
 * Fixes in the editor keep the document's line breaks and its first character: in a CRLF document an
 * inserted line ends with CRLF (quick fixes, fix-all and a `.env` appended on disk), and when a client
 * leaves a byte-order mark in the text, positions count it and a file suppression goes after it.
 */
import { strict as assert } from 'node:assert';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { CodeAction, Diagnostic, TextEdit, WorkspaceEdit } from 'vscode-languageserver';
import { pathToFileURL } from 'node:url';
import { fixAllAction } from '../../server/src/lsp/code-actions';
import { ignoreInFileEdit } from '../../server/src/lsp/suppress-edits';
import type { Finding } from '../../server/src/engine/index';
import { ALL_MODULES } from '../../server/src/rules/index';
import { secretsEngine } from '../secrets/engine';
import { generateKey } from '../secrets/keygen';
import { startHarness } from './harness';
import type { Harness } from './harness';

const KEY = generateKey('groq');

/** Every line break in the inserted texts of an edit. */
function insertedBreaks(edit: WorkspaceEdit | undefined): string[] {
  const texts: string[] = [];
  for (const edits of Object.values(edit?.changes ?? {})) texts.push(...edits.map((e) => e.newText));
  for (const change of edit?.documentChanges ?? []) if ('edits' in change) texts.push(...change.edits.map((e) => e.newText));
  return texts.flatMap((t) => t.match(/\r\n|\r|\n/g) ?? []);
}

describe('fix line breaks over LSP', () => {
  let h: Harness;
  let folder: string;
  before(async () => {
    h = await startHarness({ modules: ALL_MODULES });
    folder = mkdtempSync(join(tmpdir(), 'aisec-lsp-crlf-'));
  });
  after(async () => {
    await h.dispose();
    rmSync(folder, { recursive: true, force: true });
  });

  async function actionsFor(uri: string, text: string, wanted: (d: Diagnostic) => boolean): Promise<{ diagnostic: Diagnostic; actions: CodeAction[] }> {
    const published = h.waitForDiagnostics(uri, (d) => d.some(wanted), 20000);
    h.open(uri, 'python', text);
    const diagnostic = (await published).find(wanted)!;
    const actions: CodeAction[] = await h.client.sendRequest('textDocument/codeAction', { textDocument: { uri }, range: diagnostic.range, context: { diagnostics: [diagnostic] } });
    return { diagnostic, actions };
  }

  it('inserts CRLF lines into a CRLF document, and into a CRLF .env on disk', async () => {
    writeFileSync(join(folder, '.env'), 'OTHER=1\r\n');
    const uri = pathToFileURL(join(folder, 'agent.py')).toString();
    const text = `from groq import Groq\r\nclient = Groq(api_key="${KEY}")\r\n`;
    const { actions } = await actionsFor(uri, text, (d) => String((d.data as { ruleId?: string }).ruleId).startsWith('AIS4'));
    const read = actions.find((a) => a.title.startsWith('Read the key from os.environ'));
    assert.ok(read?.edit, actions.map((a) => a.title).join(', '));
    assert.ok(insertedBreaks(read.edit).length > 0, 'the fix inserts a line (import os)');
    assert.deepEqual([...new Set(insertedBreaks(read.edit))], ['\r\n']);
    const env = actions.find((a) => a.title.includes('.env'))!;
    const resolved: CodeAction = await h.client.sendRequest('codeAction/resolve', env);
    assert.ok(resolved.edit);
    assert.deepEqual([...new Set(insertedBreaks(resolved.edit))], ['\r\n']);
  });

  it('places a first-line fix correctly when the client leaves a byte-order mark in the text', async () => {
    const uri = 'file:///virtual/bom/model.py';
    const text = '\uFEFFimport torch; m = torch.load("model.pt")\n';
    const { actions } = await actionsFor(uri, text, (d) => (d.data as { ruleId?: string }).ruleId === 'AIS102');
    const fix = actions.find((a) => a.title.includes('weights_only'));
    assert.ok(fix?.edit?.changes?.[uri], actions.map((a) => a.title).join(', '));
    const edits = fix.edit.changes[uri] as TextEdit[];
    const applied = edits.reduce((out, e) => out.slice(0, e.range.start.character) + e.newText + out.slice(e.range.end.character), text);
    assert.equal(applied, '\uFEFFimport torch; m = torch.load("model.pt", weights_only=True)\n');
  });
});

describe('secret fixes in a text that starts with a byte-order mark', () => {
  it('insert `import os` after the mark', async () => {
    const engine = await secretsEngine();
    const text = `\uFEFFfrom groq import Groq\nclient = Groq(api_key="${KEY}")\n`;
    const fix = engine.analyze({ path: 'bom.py', text }).findings[0]?.fixes.find((f) => f.title.startsWith('Read the key'));
    const insert = fix?.edits.find((e) => e.newText === 'import os\n');
    assert.deepEqual(insert?.range.start, { line: 0, column: 1 });
  });
});

describe('editor edits built on the server', () => {
  it('fix-all converts inserted line breaks to the document\'s', () => {
    const range = { start: { line: 1, column: 0 }, end: { line: 1, column: 0 } };
    const finding = { ruleId: 'AIS999', fixes: [{ title: 'add a line', applicability: 'safe', edits: [{ range, newText: '# checked\n' }] }] } as unknown as Finding;
    const action = fixAllAction('file:///a.py', 'a = 1\r\nb = 2\r\n', [finding]);
    assert.equal(action?.edit?.changes?.['file:///a.py']?.[0]?.newText, '# checked\r\n');
  });

  it('a file suppression goes after a byte-order mark', () => {
    const edit = ignoreInFileEdit('\uFEFFimport yaml\n', 'python', 'AIS101');
    assert.deepEqual(edit?.range.start, { line: 0, character: 1 });
    assert.equal(edit?.newText, '# aisec: ignore-file[AIS101]\n');
  });
});
