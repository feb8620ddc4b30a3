/**
 * `aisec.ai.provider: editor` over the protocol: the server's chat goes to the client as
 * `aisec/editorModelChat` (the client runs it on VS Code's Language Model API). An explanation is streamed:
 * the client sends the model's fragments as `$/progress` on the request's partial-result token, and they
 * reach the explanation's own partial results while the model is still writing; cancelling the explanation
 * cancels the client's model request; a model that stops sending ends in a timeout message, never a hang,
 * and one that fails part-way in its own message;
 * a fix asks without a token and is verified as with an endpoint.
 */
import { strict as assert } from 'node:assert';
import { after, before, describe, it } from 'node:test';
import type { CodeAction, Diagnostic } from 'vscode-languageserver';
import { CancellationTokenSource, ResponseError, type CancellationToken } from 'vscode-jsonrpc/node';
import { ALL_MODULES } from '../../server/src/rules/index';
import { AI_FIX_TITLE, type AiExplainPartial, type EditorModelChatRequest } from '../../server/src/shared/ai-protocol';
import { OPENAI_KEY, SAMPLE } from '../ai/sample';
import { startHarness, type Harness } from './harness';

const URI = 'file:///virtual/ai-editor/cache.py';

/** What the client side of one editor-model chat does: it may send fragments, wait, and answer. */
type ChatHandler = (params: EditorModelChatRequest.Params, fragment: (delta: string) => void, token: CancellationToken) => Promise<EditorModelChatRequest.Result>;

describe('the editor model provider over LSP', () => {
  let h: Harness;
  let diagnostics: Diagnostic[];
  let handler: ChatHandler;
  const chats: EditorModelChatRequest.Params[] = [];
  const cancelledChats: number[] = [];

  before(async () => {
    h = await startHarness({ modules: ALL_MODULES, settings: { debounceMs: 0, ai: { enable: true, provider: 'editor', model: 'gpt-test', timeoutMs: 1_500 } } });
    h.client.onRequest('aisec/editorModelChat', (params: EditorModelChatRequest.Params, token: CancellationToken) => {
      const index = chats.push(params) - 1;
      token.onCancellationRequested(() => cancelledChats.push(index));
      const fragment = (delta: string): void => {
        if (params.partialResultToken !== undefined) void h.client.sendNotification('$/progress', { token: params.partialResultToken, value: { delta } });
      };
      return handler(params, fragment, token);
    });
    const published = h.waitForDiagnostics(URI, (d) => d.some((x) => x.code === 'AIS101'));
    h.open(URI, 'python', SAMPLE);
    diagnostics = await published;
    h.client.sendNotification('aisec/aiCredentials', { trusted: true });
  });
  after(async () => {
    await h.dispose();
  });

  const fingerprintOf = (rule: string): string => (diagnostics.find((d) => d.code === rule)!.data as { fingerprint: string }).fingerprint;
  /** The explanation's partial results the client received on `token`, once there are at least `count`. */
  const piecesOf = async (token: string, count: number): Promise<string[]> => {
    const pieces = (): string[] => (h.progress as Array<{ token: unknown; value: AiExplainPartial.Value }>).filter((p) => p.token === token).map((p) => p.value.delta);
    for (let i = 0; i < 250 && pieces().length < count; i++) await new Promise((r) => setTimeout(r, 20));
    return pieces();
  };

  it('streams an explanation: each fragment reaches the client\'s partial results while the model still writes', async () => {
    const token = 'explain-editor-stream';
    handler = async (_params, fragment) => {
      fragment('**Unpickling** ');
      // The rest is written only after the first fragment came back as a partial result of the explanation.
      assert.deepEqual(await piecesOf(token, 1), ['**Unpickling** ']);
      fragment('runs code; ');
      fragment('use `json.loads`.');
      return { content: '**Unpickling** runs code; use `json.loads`.', model: 'test/gpt-test' };
    };
    const result = await h.client.sendRequest('aisec/aiExplain', { uri: URI, ruleId: 'AIS101', fingerprint: fingerprintOf('AIS101'), partialResultToken: token });
    assert.deepEqual(result, { markdown: '**Unpickling** runs code; use `json.loads`.', cached: false });
    assert.deepEqual(await piecesOf(token, 3), ['**Unpickling** ', 'runs code; ', 'use `json.loads`.']);
    const chat = chats.at(-1)!;
    assert.equal(chat.family, 'gpt-test');
    assert.equal(typeof chat.partialResultToken, 'string', 'the server asked the client for a stream');
    assert.ok(!JSON.stringify(chat.messages).includes(OPENAI_KEY), 'the redacted prompt, as for an endpoint');
  });

  it('cancelling the explanation cancels the model request in the editor', async () => {
    const token = 'explain-editor-cancel';
    handler = (_params, fragment, cancel) => {
      fragment('The key ');
      // A model that would go on writing until the editor cancels it.
      return new Promise((resolve) => cancel.onCancellationRequested(() => resolve({ problem: 'Canceled' })));
    };
    const source = new CancellationTokenSource();
    const explaining = h.client.sendRequest('aisec/aiExplain', { uri: URI, ruleId: 'AIS400', fingerprint: fingerprintOf('AIS400'), partialResultToken: token }, source.token).catch((error: unknown) => error);
    assert.deepEqual(await piecesOf(token, 1), ['The key ']);
    const chat = chats.length - 1;
    source.cancel();
    const outcome = await explaining;
    assert.ok(outcome instanceof ResponseError ? outcome.code === -32800 : /cancelled/.test((outcome as { problem?: string }).problem ?? ''), `cancelled: ${JSON.stringify(outcome)}`);
    for (let i = 0; i < 100 && !cancelledChats.includes(chat); i++) await new Promise((r) => setTimeout(r, 20));
    assert.ok(cancelledChats.includes(chat), 'the client was told to cancel its model request');
  });

  it('a model that stops sending ends in a timeout message, and the request is cancelled in the editor', async () => {
    handler = (_params, fragment, cancel) => {
      fragment('Hard-coded keys ');
      return new Promise((resolve) => cancel.onCancellationRequested(() => resolve({ problem: 'Canceled' })));
    };
    // Another region than the tests above, so no cached explanation answers.
    h.close(URI);
    const published = h.waitForDiagnostics(URI, (d) => d.some((x) => x.code === 'AIS400'));
    h.open(URI, 'python', `# stalled\n${SAMPLE}`, 2);
    diagnostics = await published;
    const result = await h.client.sendRequest<{ problem?: string }>('aisec/aiExplain', { uri: URI, ruleId: 'AIS400', fingerprint: fingerprintOf('AIS400'), partialResultToken: 'explain-editor-stall' });
    assert.match(result.problem ?? '', /the editor's model sent nothing for 1\.5 s after 16 characters of the answer \(aisec\.ai\.timeoutMs\)/);
    assert.ok(cancelledChats.includes(chats.length - 1));
  });

  it('a model that fails part-way ends in its message, saying how far the answer got', async () => {
    handler = async (_params, fragment) => {
      fragment('Keys in ');
      return { problem: 'NoPermissions: the model stopped answering' };
    };
    const result = await h.client.sendRequest<{ problem?: string }>('aisec/aiExplain', { uri: URI, ruleId: 'AIS400', fingerprint: fingerprintOf('AIS400'), partialResultToken: 'explain-editor-broken' });
    assert.equal(result.problem, 'NoPermissions: the model stopped answering (after 8 characters of the answer)');
  });

  it('a fix asks without a stream, and the editor model\'s patch is verified before it is offered', async () => {
    handler = async (params) => {
      assert.equal(params.partialResultToken, undefined);
      const lines = params.messages.at(-1)!.content.split('\n');
      const at = (text: string): number => Number(/^\s*(\d+)\|/.exec(lines.find((l) => l.includes(text))!)![1]);
      const patch = { edits: [{ startLine: at('import pickle') + 1, endLine: at('import pickle'), newText: 'import json' }, { startLine: at('pickle.loads('), endLine: at('pickle.loads('), newText: '    return json.loads(data)' }], rationale: 'JSON runs no code' };
      return { content: `Here is the fix:\n\`\`\`json\n${JSON.stringify(patch)}\n\`\`\``, model: 'test/gpt-test' };
    };
    const diagnostic = diagnostics.find((d) => d.code === 'AIS101')!;
    const actions: CodeAction[] = await h.client.sendRequest('textDocument/codeAction', { textDocument: { uri: URI }, range: diagnostic.range, context: { diagnostics: [diagnostic] } });
    const resolved: CodeAction = await h.client.sendRequest('codeAction/resolve', actions.find((a) => a.title === AI_FIX_TITLE)!);
    const annotation = Object.values(resolved.edit?.changeAnnotations ?? {})[0];
    assert.equal(annotation?.needsConfirmation, true, JSON.stringify(h.shownMessages));
    assert.match(annotation?.description ?? '', /AIS101 is no longer reported/);
  });
});
