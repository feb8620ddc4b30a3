/**
 * Streamed answers against a server on 127.0.0.1 that writes server-sent events as the OpenAI API does:
 * pieces reach the caller while the server still holds the rest back; a stream that breaks off or stalls
 * ends in a clear message, never a hang, and is not retried once part of it was shown; cancellation closes
 * the connection; a 429 before the first piece is retried; an explanation answered once comes from the cache.
 */
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { AiAnswerCache } from '../../server/src/ai/answer-cache';
import { DEFAULT_AI_CONFIG, type AiConfig } from '../../server/src/ai/config';
import { requestExplanation } from '../../server/src/ai/explain';
import { explainRequestBody } from '../../server/src/ai/prompt';
import { AiRequestError, OpenAiCompatibleProvider } from '../../server/src/ai/provider';
import { createEngine, type Engine } from '../../server/src/engine/index';
import { engineOptions } from '../../server/src/host/load-engine';
import { ALL_MODULES } from '../../server/src/rules/index';
import { startFakeOpenAiServer, type FakeOpenAiServer } from './fake-openai-server';
import { OPENAI_KEY, SAMPLE } from './sample';

let fake: FakeOpenAiServer;
beforeEach(async () => {
  await fake?.close();
  fake = await startFakeOpenAiServer();
});
after(async () => {
  await fake?.close();
});

function provider(overrides: Partial<AiConfig> = {}): OpenAiCompatibleProvider {
  return new OpenAiCompatibleProvider({ ...DEFAULT_AI_CONFIG, enabled: true, baseUrl: fake.baseUrl, model: 'fake-model', timeoutMs: 5_000, maxRetries: 0, ...overrides });
}

const BODY = explainRequestBody('fake-model', 'Explain AIS101 at line 18.');

/** A promise and the function that settles it. */
function signal(): { promise: Promise<void>; resolve: () => void } {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}

async function failure(run: Promise<unknown>): Promise<AiRequestError> {
  const error = await run.then(() => undefined, (e: unknown) => e);
  assert.ok(error instanceof AiRequestError, `an AiRequestError, got ${String(error)}`);
  return error;
}

describe('streamed answers', () => {
  it('hand each piece on while the server still holds the rest back', async () => {
    const firstSeen = signal();
    fake.script.push({ kind: 'stream', chunks: ['**Unpickling** ', 'runs code; ', 'use `json.loads`.'], gate: (index) => (index === 1 ? firstSeen.promise : undefined) });
    const pieces: string[] = [];
    const reply = await provider().stream(BODY, (delta) => {
      pieces.push(delta);
      // The second piece is written only after the first one reached this callback.
      if (pieces.length === 1) firstSeen.resolve();
    });
    assert.deepEqual(pieces, ['**Unpickling** ', 'runs code; ', 'use `json.loads`.']);
    assert.equal(reply.content, '**Unpickling** runs code; use `json.loads`.');
    assert.equal(reply.requests, 1);
    assert.equal((fake.requests[0]!.body as { stream?: boolean }).stream, true);
  });

  it('that break off after a piece end with a message saying so, without a retry', async () => {
    fake.script.push({ kind: 'stream', chunks: ['The risk is '], end: 'drop' });
    const pieces: string[] = [];
    const error = await failure(provider({ maxRetries: 2 }).stream(BODY, (d) => pieces.push(d)));
    assert.equal(error.kind, 'connection');
    assert.match(error.message, /the answer from http:\/\/127\.0\.0\.1:\d+\/v1 broke off after 12 characters of the answer .*ask again/);
    assert.deepEqual(pieces, ['The risk is ']);
    assert.equal(fake.requests.length, 1, 'not retried once part of the answer was shown');
  });

  it('that stall end after the timeout with no new piece', async () => {
    fake.script.push({ kind: 'stream', chunks: ['The risk'], end: 'stall' });
    const error = await failure(provider({ timeoutMs: 300 }).stream(BODY, () => undefined));
    assert.equal(error.kind, 'timeout');
    assert.match(error.message, /sent nothing for 0\.3 s after 8 characters of the answer \(aisec\.ai\.timeoutMs\)/);
  });

  it('stop when cancelled, closing the connection', async () => {
    const controller = new AbortController();
    fake.script.push({ kind: 'stream', chunks: ['The risk'], end: 'stall' });
    const error = await failure(provider({ timeoutMs: 30_000 }).stream(BODY, () => controller.abort(), controller.signal));
    assert.equal(error.kind, 'cancelled');
    for (let i = 0; i < 100 && fake.abandoned === 0; i++) await new Promise((r) => setTimeout(r, 20));
    assert.equal(fake.abandoned, 1, 'the server saw the connection go');
  });

  it('are retried after a 429 that came before any piece', async () => {
    fake.script.push({ kind: 'error', status: 429, headers: { 'retry-after-ms': '50' } }, { kind: 'stream', chunks: ['ok'] });
    const reply = await provider({ maxRetries: 1 }).stream(BODY, () => undefined);
    assert.equal(reply.content, 'ok');
    assert.equal(reply.requests, 2);
  });
});

describe('Explain with AI', () => {
  let engine: Engine;
  before(async () => {
    engine = await createEngine(engineOptions(ALL_MODULES));
  });

  it('streams the redacted explanation, and answers the same finding again from the cache', async () => {
    const analyse = (t: string) => engine.analyze({ path: 'cache.py', text: t });
    const finding = analyse(SAMPLE).findings.find((f) => f.ruleId === 'AIS101')!;
    const config = { ...DEFAULT_AI_CONFIG, enabled: true, baseUrl: fake.baseUrl, model: 'fake-model', timeoutMs: 5_000, maxRetries: 0 };
    const cache = new AiAnswerCache();
    const input = { engine, provider: provider(), config, path: 'cache.py', text: SAMPLE, finding, rules: engine.rules, analyse, cache };
    fake.script.push({ kind: 'stream', chunks: ['Unpickling ', 'runs code.'] });
    const pieces: string[] = [];
    const first = await requestExplanation({ ...input, onText: (d) => pieces.push(d) });
    assert.deepEqual(first, { markdown: 'Unpickling runs code.', cached: false });
    assert.deepEqual(pieces, ['Unpickling ', 'runs code.']);
    assert.ok(!fake.requests[0]!.raw.includes(OPENAI_KEY));
    const again: string[] = [];
    assert.deepEqual(await requestExplanation({ ...input, onText: (d) => again.push(d) }), { markdown: 'Unpickling runs code.', cached: true });
    assert.deepEqual(again, ['Unpickling runs code.']);
    assert.equal(fake.requests.length, 1);
  });
});
