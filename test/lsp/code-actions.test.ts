/**
 * Code actions over the protocol: the fixes of a diagnostic (preferred first), the two suppressions and
 * the documentation command; `source.fixAll.aisec` with safe fixes only.
 */
import { strict as assert } from 'node:assert';
import { after, before, describe, it } from 'node:test';
import type { CodeAction, Diagnostic, TextEdit } from 'vscode-languageserver';
import { startHarness } from './harness';
import type { Harness } from './harness';

const URI = 'file:///virtual/actions/app.py';
const TEXT = 'import pickle\n\ndef load(blob):\n    return pickle.loads(blob)\n';

function apply(text: string, edits: readonly TextEdit[]): string {
  const lines = text.split('\n');
  const offset = (p: TextEdit['range']['start']): number => lines.slice(0, p.line).reduce((n, l) => n + l.length + 1, 0) + p.character;
  return [...edits]
    .sort((a, b) => offset(b.range.start) - offset(a.range.start))
    .reduce((out, e) => out.slice(0, offset(e.range.start)) + e.newText + out.slice(offset(e.range.end)), text);
}

describe('code actions', () => {
  let h: Harness;
  let diagnostic: Diagnostic;
  before(async () => {
    h = await startHarness();
    const published = h.waitForDiagnostics(URI, (d) => d.length > 0);
    h.open(URI, 'python', TEXT);
    [diagnostic] = (await published) as [Diagnostic];
  });
  after(async () => {
    await h.dispose();
  });

  const actionsFor = (only?: string[]): Promise<CodeAction[]> =>
    h.client.sendRequest('textDocument/codeAction', {
      textDocument: { uri: URI },
      range: diagnostic.range,
      context: { diagnostics: [diagnostic], ...(only ? { only } : {}) },
    });

  it('offers the fixes (preferred safe fix first), both suppressions and the documentation', async () => {
    const actions = await actionsFor();
    assert.deepEqual(
      actions.map((a) => [a.title, a.isPreferred ?? false]),
      [
        ['Use json.loads', true],
        ['Replace with a restricted loader (unsafe) (review: changes behaviour)', false],
        ['Ignore AIS901 on this line', false],
        ['Ignore AIS901 in this file', false],
        ['Show documentation for AIS901', false],
      ],
    );
    assert.equal(apply(TEXT, actions[0]!.edit!.changes![URI]!), TEXT.replace('pickle.loads', 'json.loads'));
    assert.deepEqual(actions[4]!.command, { title: 'Show documentation for AIS901', command: 'aisec.showRuleDocumentation', arguments: ['AIS901'] });
  });

  it('suppresses on the line with an indented comment above, and in the file with a comment at the top', async () => {
    const actions = await actionsFor();
    const line = apply(TEXT, actions.find((a) => a.title.includes('on this line'))!.edit!.changes![URI]!);
    assert.equal(line, 'import pickle\n\ndef load(blob):\n    # aisec: ignore[AIS901]\n    return pickle.loads(blob)\n');
    const file = apply(TEXT, actions.find((a) => a.title.includes('in this file'))!.edit!.changes![URI]!);
    assert.equal(file, `# aisec: ignore-file[AIS901]\n${TEXT}`);
  });

  it('the line suppression really silences the finding', async () => {
    const actions = await actionsFor();
    const suppressed = apply(TEXT, actions.find((a) => a.title.includes('on this line'))!.edit!.changes![URI]!);
    const uri = 'file:///virtual/actions/suppressed.py';
    const published = h.waitForDiagnostics(uri);
    h.open(uri, 'python', suppressed);
    assert.deepEqual(await published, []);
  });

  it('uses // comments in TypeScript and extends an existing directive', async () => {
    const uri = 'file:///virtual/actions/web.ts';
    const text = '// aisec: ignore-file[AIS999]\nconst v = eval(x);\n';
    const published = h.waitForDiagnostics(uri, (d) => d.length > 0);
    h.open(uri, 'typescript', text);
    const [tsDiagnostic] = await published;
    const actions: CodeAction[] = await h.client.sendRequest('textDocument/codeAction', { textDocument: { uri }, range: tsDiagnostic!.range, context: { diagnostics: [tsDiagnostic] } });
    assert.equal(apply(text, actions.find((a) => a.title.includes('on this line'))!.edit!.changes![uri]!), '// aisec: ignore-file[AIS999]\n// aisec: ignore[AIS904]\nconst v = eval(x);\n');
    assert.equal(apply(text, actions.find((a) => a.title.includes('in this file'))!.edit!.changes![uri]!), '// aisec: ignore-file[AIS999, AIS904]\nconst v = eval(x);\n');
  });

  it('source.fixAll.aisec applies every safe fix and nothing unsafe', async () => {
    const uri = 'file:///virtual/actions/many.py';
    const text = 'a = pickle.loads(x)\nb = pickle.loads(y)\nanswer = input()\nc = eval(answer)\n';
    const published = h.waitForDiagnostics(uri, (d) => d.length === 3);
    h.open(uri, 'python', text);
    await published;
    const actions: CodeAction[] = await h.client.sendRequest('textDocument/codeAction', {
      textDocument: { uri },
      range: { start: { line: 0, character: 0 }, end: { line: 4, character: 0 } },
      context: { diagnostics: [], only: ['source.fixAll.aisec'] },
    });
    assert.equal(actions.length, 1);
    assert.equal(actions[0]!.kind, 'source.fixAll.aisec');
    // The eval finding has no fix and the unsafe alternatives are never chosen.
    assert.equal(apply(text, actions[0]!.edit!.changes![uri]!), 'a = json.loads(x)\nb = json.loads(y)\nanswer = input()\nc = eval(answer)\n');
    const quickOnly: CodeAction[] = await h.client.sendRequest('textDocument/codeAction', {
      textDocument: { uri },
      range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
      context: { diagnostics: [], only: ['quickfix'] },
    });
    assert.equal(quickOnly.length, 0, 'fix-all is only offered when source actions are asked for');
  });

  it('source.fixAll.aisec leaves the safe fix of a hint-level advisory alone; its quick fix stays offered', async () => {
    const uri = 'file:///virtual/actions/hint.py';
    const text = 'import shutil\na = pickle.loads(x)\ngit = shutil.which("git")\n';
    const published = h.waitForDiagnostics(uri, (d) => d.length === 2);
    h.open(uri, 'python', text);
    const hint = (await published).find((d) => d.code === 'AIS905');
    assert.ok(hint);
    const actions: CodeAction[] = await h.client.sendRequest('textDocument/codeAction', {
      textDocument: { uri },
      range: { start: { line: 0, character: 0 }, end: { line: 3, character: 0 } },
      context: { diagnostics: [], only: ['source.fixAll.aisec'] },
    });
    assert.equal(apply(text, actions[0]!.edit!.changes![uri]!), 'import shutil\na = json.loads(x)\ngit = shutil.which("git")\n');
    const quick: CodeAction[] = await h.client.sendRequest('textDocument/codeAction', { textDocument: { uri }, range: hint.range, context: { diagnostics: [hint] } });
    assert.ok(quick.some((a) => a.title === 'Use an absolute path'));
  });

  it('offers no fix-all when there is nothing safe to fix', async () => {
    const uri = 'file:///virtual/actions/clean.py';
    const published = h.waitForDiagnostics(uri);
    h.open(uri, 'python', 'print(1)\n');
    await published;
    const actions: CodeAction[] = await h.client.sendRequest('textDocument/codeAction', {
      textDocument: { uri },
      range: { start: { line: 0, character: 0 }, end: { line: 1, character: 0 } },
      context: { diagnostics: [], only: ['source'] },
    });
    assert.deepEqual(actions, []);
  });
});
