/**
 * "Fix with AI (verified)" over the protocol, against the recording fake endpoint: the action is offered
 * on every AISec diagnostic without any request; the request runs only in `codeAction/resolve`, whose
 * result is a confirmation-needing (refactor preview) edit that removes the finding. In an untrusted
 * workspace, or with AI off, the action is absent. The preview request shows the exact body.
 */
import { strict as assert } from 'node:assert';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { CodeAction, Diagnostic, TextDocumentEdit, AnnotatedTextEdit } from 'vscode-languageserver';
import { ALL_MODULES } from '../../server/src/rules/index';
import { AI_FIX_TITLE, type AiExplainPartial } from '../../server/src/shared/ai-protocol';
import { startHarness, type Harness } from './harness';
import { CancellationTokenSource, ResponseError } from 'vscode-jsonrpc/node';
import { completion, patchReply, startFakeOpenAiServer, type FakeOpenAiServer } from '../ai/fake-openai-server';
import { OPENAI_KEY, SAMPLE } from '../ai/sample';

const URI = 'file:///virtual/ai/cache.py';
const storageFolder = mkdtempSync(join(tmpdir(), 'aisec-lsp-ai-storage-'));

describe('Fix with AI (verified) over LSP', () => {
  let h: Harness;
  let fake: FakeOpenAiServer;
  let diagnostics: Diagnostic[];
  const SETTINGS = () => ({ debounceMs: 0, ai: { enable: true, baseUrl: fake.baseUrl, model: 'fake-model', maxRetries: 0 } });
  before(async () => {
    fake = await startFakeOpenAiServer();
    h = await startHarness({ modules: ALL_MODULES, settings: SETTINGS(), initializationOptions: { storageFolder } });
    const published = h.waitForDiagnostics(URI, (d) => d.some((x) => x.code === 'AIS101'));
    h.open(URI, 'python', SAMPLE);
    diagnostics = await published;
  });
  after(async () => {
    await h.dispose();
    await fake.close();
  });

  /** The streamed pieces the client received on `token`, once there are at least `count` (the harness records every `$/progress`). */
  const piecesOf = async (token: string, count: number): Promise<string[]> => {
    const pieces = (): string[] => (h.progress as Array<{ token: unknown; value: AiExplainPartial.Value }>).filter((p) => p.token === token).map((p) => p.value.delta);
    for (let i = 0; i < 250 && pieces().length < count; i++) await new Promise((r) => setTimeout(r, 20));
    return pieces();
  };

  const actionsFor = (diagnostic: Diagnostic): Promise<CodeAction[]> =>
    h.client.sendRequest('textDocument/codeAction', { textDocument: { uri: URI }, range: diagnostic.range, context: { diagnostics: [diagnostic] } });

  it('is absent until the client says the workspace is trusted', async () => {
    const actions = await actionsFor(diagnostics.find((d) => d.code === 'AIS101')!);
    assert.ok(!actions.some((a) => a.title === AI_FIX_TITLE));
    h.client.sendNotification('aisec/aiCredentials', { trusted: false, apiKey: 'key-from-secret-storage' });
    assert.ok(!(await actionsFor(diagnostics[0]!)).some((a) => a.title === AI_FIX_TITLE));
    assert.equal(fake.requests.length, 0);
  });

  it('is offered on every finding once trusted, and makes no request until resolved', async () => {
    h.client.sendNotification('aisec/aiCredentials', { trusted: true, apiKey: 'key-from-secret-storage' });
    for (const diagnostic of diagnostics) {
      const actions = await actionsFor(diagnostic);
      const action = actions.find((a) => a.title === AI_FIX_TITLE);
      assert.ok(action, `offered on ${String(diagnostic.code)}`);
      assert.equal(action.edit, undefined, 'lazily resolved');
      assert.ok(actions.some((a) => a.title === 'Explain with AI' && a.command?.command === 'aisec.explainWithAi'));
    }
    assert.equal(fake.requests.length, 0);
  });

  it('shows the exact request body on preview, without sending it', async () => {
    const diagnostic = diagnostics.find((d) => d.code === 'AIS101')!;
    const fingerprint = (diagnostic.data as { fingerprint: string }).fingerprint;
    const preview = await h.client.sendRequest<{ body?: string }>('aisec/aiPreview', { uri: URI, ruleId: 'AIS101', fingerprint });
    assert.ok(preview.body);
    const body = JSON.parse(preview.body) as { model: string; messages: Array<{ content: string }> };
    assert.equal(body.model, 'fake-model');
    assert.ok(!preview.body.includes(OPENAI_KEY));
    assert.match(body.messages[1]!.content, /pickle\.loads/);
    assert.equal(fake.requests.length, 0);
  });

  it('explains a finding in Markdown from the same redacted prompt', async () => {
    const diagnostic = diagnostics.find((d) => d.code === 'AIS101')!;
    const fingerprint = (diagnostic.data as { fingerprint: string }).fingerprint;
    fake.script.push(completion('**Unpickling** runs code: use `json.loads`.'));
    const before = fake.requests.length;
    const result = await h.client.sendRequest<{ markdown?: string }>('aisec/aiExplain', { uri: URI, ruleId: 'AIS101', fingerprint });
    assert.equal(result.markdown, '**Unpickling** runs code: use `json.loads`.');
    const request = fake.requests[before]!;
    assert.equal(request.body.response_format, undefined);
    assert.ok(!request.raw.includes(OPENAI_KEY));
    assert.match(request.body.messages![0]!.content, /explain one security finding/);
  });

  it('cancelling a streamed explanation closes the connection to the endpoint', async () => {
    const diagnostic = diagnostics.find((d) => d.code === 'AIS400')!;
    const fingerprint = (diagnostic.data as { fingerprint: string }).fingerprint;
    fake.script.push({ kind: 'stream', chunks: ['The key '], end: 'stall' });
    const source = new CancellationTokenSource();
    const token = 'explain-cancel';
    const abandoned = fake.abandoned;
    const explaining = h.client.sendRequest('aisec/aiExplain', { uri: URI, ruleId: 'AIS400', fingerprint, partialResultToken: token }, source.token).catch((error: unknown) => error);
    assert.deepEqual(await piecesOf(token, 1), ['The key ']);
    source.cancel();
    const outcome = await explaining;
    assert.ok(outcome instanceof ResponseError ? outcome.code === -32800 : /cancelled/.test((outcome as { problem?: string }).problem ?? ''), 'cancelled');
    for (let i = 0; i < 100 && fake.abandoned === abandoned; i++) await new Promise((r) => setTimeout(r, 20));
    assert.equal(fake.abandoned, abandoned + 1, 'the endpoint saw the connection close');
  });

  it('streams an explanation as partial results while the model writes it', async () => {
    const diagnostic = diagnostics.find((d) => d.code === 'AIS400')!;
    const fingerprint = (diagnostic.data as { fingerprint: string }).fingerprint;
    const token = 'explain-stream';
    // The second piece is written only after the client saw the first: the text reaches it progressively.
    fake.script.push({ kind: 'stream', chunks: ['A hard-coded ', 'key leaks ', 'with the code.'], gate: async (index) => void (index === 1 && (await piecesOf(token, 1))) });
    const result = await h.client.sendRequest<{ markdown?: string; cached?: boolean }>('aisec/aiExplain', { uri: URI, ruleId: 'AIS400', fingerprint, partialResultToken: token });
    assert.deepEqual(await piecesOf(token, 3), ['A hard-coded ', 'key leaks ', 'with the code.']);
    assert.deepEqual(result, { markdown: 'A hard-coded key leaks with the code.', cached: false });
    assert.ok(!fake.requests.at(-1)!.raw.includes(OPENAI_KEY));
  });

  it('cancelling the resolve stops the request', async () => {
    fake.script.push({ kind: 'hang' });
    const diagnostic = diagnostics.find((d) => d.code === 'AIS101')!;
    const action = (await actionsFor(diagnostic)).find((a) => a.title === AI_FIX_TITLE)!;
    const source = new CancellationTokenSource();
    const before = fake.requests.length;
    const resolving = h.client.sendRequest<CodeAction>('codeAction/resolve', action, source.token).catch((error: unknown) => error);
    for (let i = 0; i < 100 && fake.requests.length === before; i++) await new Promise((r) => setTimeout(r, 20));
    assert.equal(fake.requests.length, before + 1, 'the request reached the endpoint');
    source.cancel();
    const outcome = await resolving;
    assert.ok(outcome instanceof ResponseError ? outcome.code === -32800 : (outcome as CodeAction).edit === undefined, 'cancelled, without an edit');
  });

  it('resolves to a verified edit that needs confirmation and removes the finding', async () => {
    fake.script.length = 0;
    fake.script.push(patchReply([
      { startLine: 4, endLine: 3, newText: 'import json' },
      { startLine: 18, endLine: 18, newText: '    return json.loads(data)' },
    ]));
    const diagnostic = diagnostics.find((d) => d.code === 'AIS101')!;
    const action = (await actionsFor(diagnostic)).find((a) => a.title === AI_FIX_TITLE)!;
    const before = fake.requests.length;
    const resolved: CodeAction = await h.client.sendRequest('codeAction/resolve', action);
    assert.equal(fake.requests.length, before + 1, 'one request, made by the resolve');
    const request = fake.requests.at(-1)!;
    assert.equal(request.headers.authorization, 'Bearer key-from-secret-storage');
    const edit = resolved.edit!;
    const annotation = Object.values(edit.changeAnnotations ?? {})[0]!;
    assert.equal(annotation.needsConfirmation, true);
    assert.match(annotation.description ?? '', /AIS101 is no longer reported/);
    const change = edit.documentChanges![0] as TextDocumentEdit;
    assert.equal(change.textDocument.uri, URI);
    const textEdits = change.edits as AnnotatedTextEdit[];
    assert.equal(textEdits.length, 2, 'one edit per hunk');
    assert.ok(textEdits.every((e) => e.annotationId === Object.keys(edit.changeAnnotations!)[0]));
    assert.ok(!textEdits.some((e) => e.newText.includes(OPENAI_KEY)));
    // Applying it, as the editor does after the preview, leaves no AIS101.
    const lines = SAMPLE.split('\n');
    const offset = (p: { line: number; character: number }): number => lines.slice(0, p.line).reduce((n, l) => n + l.length + 1, 0) + p.character;
    const fixed = [...textEdits].sort((a, b) => offset(b.range.start) - offset(a.range.start)).reduce((out, e) => out.slice(0, offset(e.range.start)) + e.newText + out.slice(offset(e.range.end)), SAMPLE);
    assert.match(fixed, /^import json$/m);
    const republished = h.waitForDiagnostics(URI, (d) => !d.some((x) => x.code === 'AIS101'));
    h.change(URI, 2, [{ text: fixed }]);
    assert.ok((await republished).length > 0, 'the other findings stay');
  });

  it('a restarted server answers the same finding from the storage folder, verified again, without a request', async () => {
    const restarted = await startHarness({ modules: ALL_MODULES, settings: SETTINGS(), initializationOptions: { storageFolder } });
    try {
      const published = restarted.waitForDiagnostics(URI, (d) => d.some((x) => x.code === 'AIS101'));
      restarted.open(URI, 'python', SAMPLE);
      const diagnostic = (await published).find((d) => d.code === 'AIS101')!;
      restarted.client.sendNotification('aisec/aiCredentials', { trusted: true, apiKey: 'key-from-secret-storage' });
      const action = ((await restarted.client.sendRequest('textDocument/codeAction', { textDocument: { uri: URI }, range: diagnostic.range, context: { diagnostics: [diagnostic] } })) as CodeAction[]).find((a) => a.title === AI_FIX_TITLE)!;
      const before = fake.requests.length;
      const resolved: CodeAction = await restarted.client.sendRequest('codeAction/resolve', action);
      assert.equal(fake.requests.length, before, 'no request');
      const annotation = Object.values(resolved.edit?.changeAnnotations ?? {})[0];
      assert.match(annotation?.description ?? '', /from the cache of earlier answers, verified again/);
      assert.ok(!readFileSync(join(storageFolder, 'ai-answers.json'), 'utf8').includes(OPENAI_KEY));
    } finally {
      await restarted.dispose();
    }
  });

  it('resolves to no edit, with a message, when no patch passes', async () => {
    const bad = patchReply([{ startLine: 18, endLine: 18, newText: '    return eval(data)' }]);
    h.close(URI);
    const published = h.waitForDiagnostics(URI, (d) => d.some((x) => x.code === 'AIS101'));
    // A different region, so the cached patch of the test above (same prompt hash) does not answer.
    h.open(URI, 'python', SAMPLE.replace('data = handle.read()', 'data = handle.read()  # raw bytes'), 3);
    const diagnostic = (await published).find((d) => d.code === 'AIS101')!;
    fake.script.push(bad, bad, bad);
    const action = (await actionsFor(diagnostic)).find((a) => a.title === AI_FIX_TITLE)!;
    const resolved: CodeAction = await h.client.sendRequest('codeAction/resolve', action);
    assert.equal(resolved.edit, undefined);
    assert.ok(h.shownMessages.some((m) => /no verified fix for AIS101: no verified fix after 3 attempts/.test(m)));
  });
});
