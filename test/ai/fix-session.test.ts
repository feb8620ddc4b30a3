/**
 * AI fixes against an OpenAI-compatible server on 127.0.0.1 that records every request: what is sent
 * (only the region, the imports and the finding; no secret), which patches are verified, which are
 * rejected and retried with the reason, and how endpoint failures end.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, beforeEach, describe, it } from 'node:test';
import { createEngine, type Engine } from '../../server/src/engine/index';
import { engineOptions } from '../../server/src/host/load-engine';
import { ALL_MODULES } from '../../server/src/rules/index';
import { scanText } from '../../server/src/rules/secrets/scanner';
import { DEFAULT_AI_CONFIG, type AiConfig } from '../../server/src/ai/config';
import { AiAnswerCache } from '../../server/src/ai/answer-cache';
import { requestVerifiedFix, type AiFixOutcome } from '../../server/src/ai/fix-session';
import { OpenAiCompatibleProvider, retryAfterMs } from '../../server/src/ai/provider';
import { completion, patchReply, startFakeOpenAiServer, type FakeOpenAiServer, type RecordedRequest } from './fake-openai-server';

import { NAMED_SECRET, OPENAI_KEY, SAMPLE } from './sample';

const GOOD = patchReply([
  { startLine: 4, endLine: 3, newText: 'import json' },
  { startLine: 18, endLine: 18, newText: '    return json.loads(data)' },
]);

let engine: Engine;
let fake: FakeOpenAiServer;

before(async () => {
  engine = await createEngine(engineOptions(ALL_MODULES));
});
beforeEach(async () => {
  await fake?.close();
  fake = await startFakeOpenAiServer();
});
after(async () => {
  await fake?.close();
});

function config(overrides: Partial<AiConfig> = {}): AiConfig {
  return { ...DEFAULT_AI_CONFIG, enabled: true, baseUrl: fake.baseUrl, model: 'fake-model', apiKey: 'test-key', timeoutMs: 5_000, maxRetries: 0, ...overrides };
}

async function fix(overrides: Partial<AiConfig> = {}, options: { signal?: AbortSignal; cache?: AiAnswerCache; text?: string; rules?: Engine['rules'] } = {}): Promise<AiFixOutcome> {
  const text = options.text ?? SAMPLE;
  const analyse = (t: string) => engine.analyze({ path: 'cache.py', text: t });
  const finding = analyse(text).findings.find((f) => f.ruleId === 'AIS101');
  assert.ok(finding, 'the sample raises AIS101');
  const cfg = config(overrides);
  return requestVerifiedFix({ engine, provider: new OpenAiCompatibleProvider(cfg), config: cfg, path: 'cache.py', text, finding, analyse, ...options, rules: options.rules ?? engine.rules });
}

function sentText(request: RecordedRequest): string {
  return (request.body.messages ?? []).map((m) => m.content).join('\n');
}

describe('what is sent', () => {
  it('sends the region, the imports and the finding, and nothing secret or outside the region', async () => {
    fake.script.push(GOOD);
    const outcome = await fix({ redactPatterns: ['load_cache'] });
    assert.equal(outcome.kind, 'verified');
    assert.equal(fake.requests.length, 1);
    const request = fake.requests[0]!;
    assert.equal(request.url, '/v1/chat/completions');
    assert.equal(request.headers.authorization, 'Bearer test-key');
    const sent = sentText(request);
    for (const forbidden of [OPENAI_KEY, NAMED_SECRET, 'hunter2-but-longer', 'UNRELATED_MARKER_TEXT', 'SECOND_UNRELATED_MARKER', 'db_password', 'load_cache']) {
      assert.ok(!request.raw.includes(forbidden), `the request must not contain ${forbidden}`);
    }
    assert.deepEqual(scanText(sent, 'text').filter((c) => c.tier > 0), [], 'no detectable secret in the request');
    assert.deepEqual(scanText(sent, 'code').filter((c) => c.tier > 0), [], 'no detectable secret in the request');
    assert.match(sent, /AIS101/);
    assert.match(sent, /3\| import pickle/);
    assert.match(sent, /18\| {5}return pickle\.loads\(data\)/);
    assert.match(sent, /What AISec recommends instead/);
    assert.match(sent, /<REDACTED_SECRET>/);
    assert.match(sent, /<REDACTED>/, 'the extra pattern replaced the function name');
    assert.deepEqual((request.body.response_format as { type: string }).type, 'json_schema');
  });
});

describe('trace logging', () => {
  it('logs every request and reply with secrets masked', async () => {
    const lines: string[] = [];
    const cfg = config();
    const provider = new OpenAiCompatibleProvider(cfg, (line) => lines.push(line));
    fake.script.push(completion(`{"edits": [], "rationale": "the key ${OPENAI_KEY} is fine"}`));
    await provider.complete({ model: 'fake-model', temperature: 0, messages: [{ role: 'user', content: `hello ${OPENAI_KEY}` }] });
    assert.equal(lines.length, 2);
    assert.match(lines[0]!, /AI request 1 to http:\/\/127\.0\.0\.1:\d+\/v1\/chat\/completions/);
    assert.match(lines[1]!, /AI reply \(100 prompt and 20 completion tokens\)/);
    for (const line of lines) assert.ok(!line.includes(OPENAI_KEY), 'no secret in the trace');
  });
});

describe('verification', () => {
  it('verifies a good patch and gives its evidence', async () => {
    fake.script.push(GOOD);
    const outcome = await fix();
    assert.equal(outcome.kind, 'verified');
    if (outcome.kind !== 'verified') return;
    assert.match(outcome.text, /^import json$/m);
    assert.match(outcome.text, /return json\.loads\(data\)/);
    assert.ok(outcome.evidence.some((e) => /AIS101 is no longer reported/.test(e)));
    assert.ok(outcome.evidence.some((e) => /no new finding/.test(e)));
    assert.ok(outcome.evidence.some((e) => /no new syntax error/.test(e)));
    assert.equal(outcome.usage.attempts, 1);
    assert.equal(outcome.usage.promptTokens, 100);
  });

  const rejected: Array<[string, ReturnType<typeof completion>, RegExp]> = [
    ['does not parse', patchReply([{ startLine: 18, endLine: 18, newText: '    return json.loads(data' }]), /does not parse/],
    ['keeps the finding', patchReply([{ startLine: 18, endLine: 18, newText: '    return pickle.loads(data)  # trusted' }]), /still raise AIS101/],
    ['adds a finding', patchReply([{ startLine: 18, endLine: 18, newText: '    return eval(data)' }]), /newly raise AIS201/],
    ['edits outside the region', patchReply([{ startLine: 10, endLine: 10, newText: '    return 1' }, { startLine: 18, endLine: 18, newText: '    return data' }]), /outside the region/],
    ['is malformed JSON', completion('Here is the fix: {"edits": [ {"startLine": 18, '), /not JSON/],
    ['writes a placeholder back', patchReply([{ startLine: 14, endLine: 14, newText: '    client_secret = "<REDACTED_SECRET>"' }, { startLine: 18, endLine: 18, newText: '    return data' }]), /placeholder/],
  ];
  for (const [name, bad, reason] of rejected) {
    it(`rejects a patch that ${name} and retries with the reason`, async () => {
      fake.script.push(bad, GOOD);
      const outcome = await fix();
      assert.equal(outcome.kind, 'verified');
      assert.equal(outcome.usage.attempts, 2);
      assert.equal(fake.requests.length, 2);
      const retry = fake.requests[1]!.body.messages!;
      assert.equal(retry[retry.length - 2]!.role, 'assistant');
      assert.match(retry[retry.length - 1]!.content, /AISec rejected that patch/);
      assert.match(retry[retry.length - 1]!.content, reason);
    });
  }

  it('gives "no verified fix" with the reason after three rejected patches', async () => {
    const bad = patchReply([{ startLine: 18, endLine: 18, newText: '    return eval(data)' }]);
    fake.script.push(bad, bad, bad, GOOD);
    const outcome = await fix();
    assert.equal(outcome.kind, 'no-fix');
    if (outcome.kind !== 'no-fix') return;
    assert.match(outcome.reason, /no verified fix after 3 attempts: .*AIS201/);
    assert.equal(outcome.rejections.length, 3);
    assert.equal(fake.requests.length, 3);
  });

  it('reads a fenced reply when the server does not support json_schema', async () => {
    fake.script.push({ kind: 'error', status: 400, message: "response_format 'json_schema' is not supported" });
    fake.script.push(completion(`Sure!\n\`\`\`json\n${(GOOD as { content: string }).content}\n\`\`\`\n`));
    const outcome = await fix();
    assert.equal(outcome.kind, 'verified');
    assert.equal(fake.requests[1]!.body.response_format, undefined);
  });

  it('answers the same code from the cache without a request, verified again', async () => {
    const cache = new AiAnswerCache();
    fake.script.push(GOOD);
    assert.equal((await fix({}, { cache })).kind, 'verified');
    const again = await fix({}, { cache });
    assert.equal(again.kind, 'verified');
    assert.equal(again.kind === 'verified' && again.cached, true);
    assert.equal(fake.requests.length, 1);
  });

  it('answers from the cache file in a new session; a changed model, rule text or code asks again', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'aisec-ai-cache-')), 'ai-answers.json');
    fake.fallback = () => GOOD;
    assert.equal((await fix({}, { cache: new AiAnswerCache({ file }) })).kind, 'verified');
    assert.equal(fake.requests.length, 1);
    const stored = readFileSync(file, 'utf8');
    assert.match(stored, /json\.loads/);
    for (const secret of [OPENAI_KEY, NAMED_SECRET, 'hunter2-but-longer']) assert.ok(!stored.includes(secret));

    const later = await fix({}, { cache: new AiAnswerCache({ file }) });
    assert.equal(later.kind === 'verified' && later.cached, true, 'the next session reuses the verified patch');
    assert.equal(fake.requests.length, 1, 'without a request');

    const changedRule = engine.rules.map((r) => (r.id === 'AIS101' ? { ...r, docs: { ...r.docs, useInstead: `${r.docs.useInstead}\nPrefer safetensors.` } } : r));
    const misses = [
      await fix({ model: 'another-model' }, { cache: new AiAnswerCache({ file }) }),
      await fix({}, { cache: new AiAnswerCache({ file }), rules: changedRule }),
      await fix({}, { cache: new AiAnswerCache({ file }), text: SAMPLE.replace('data = handle.read()', 'data = handle.read(4096)') }),
    ];
    assert.deepEqual(misses.map((m) => m.kind === 'verified' && !m.cached), [true, true, true]);
    assert.equal(fake.requests.length, 4, 'each change asked the model again');
  });

  it('asks again when a cached patch no longer verifies, and forgets it', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'aisec-ai-cache-')), 'ai-answers.json');
    fake.fallback = () => GOOD;
    await fix({}, { cache: new AiAnswerCache({ file }) });
    // The stored patch is tampered with: it now keeps the finding, so verification must refuse it.
    writeFileSync(file, readFileSync(file, 'utf8').replace('return json.loads(data)', 'return pickle.loads(data)'));
    const outcome = await fix({}, { cache: new AiAnswerCache({ file }) });
    assert.equal(outcome.kind === 'verified' && !outcome.cached, true);
    assert.equal(fake.requests.length, 2);
    assert.doesNotMatch(readFileSync(file, 'utf8'), /pickle\.loads/);
  });
});

describe('endpoint failures end in a clear message', () => {
  it('401', async () => {
    fake.script.push({ kind: 'error', status: 401, message: 'Incorrect API key provided' });
    const outcome = await fix({ maxRetries: 2 });
    assert.equal(outcome.kind, 'failed');
    assert.match(outcome.kind === 'failed' ? outcome.reason : '', /refused the API key \(HTTP 401: Incorrect API key provided\).*Set AI API Key/);
    assert.equal(fake.requests.length, 1, 'a 401 is not retried');
  });

  it('429 with Retry-After is retried after the wait', async () => {
    fake.script.push({ kind: 'error', status: 429, headers: { 'retry-after': '1' } }, GOOD);
    const outcome = await fix({ maxRetries: 2 });
    assert.equal(outcome.kind, 'verified');
    assert.equal(fake.requests.length, 2);
    assert.ok(fake.requests[1]!.at - fake.requests[0]!.at >= 900, 'the retry waited for Retry-After');
  });

  it('reads Retry-After in seconds or as an HTTP date, and retry-after-ms first', () => {
    assert.equal(retryAfterMs(new Headers({ 'retry-after': '2' })), 2000);
    const inFiveSeconds = retryAfterMs(new Headers({ 'retry-after': new Date(Date.now() + 5000).toUTCString() }))!;
    assert.ok(inFiveSeconds > 3000 && inFiveSeconds <= 5000, String(inFiveSeconds));
    assert.equal(retryAfterMs(new Headers({ 'retry-after': new Date(Date.now() - 60_000).toUTCString() })), 0, 'a date in the past: at once');
    assert.equal(retryAfterMs(new Headers({ 'retry-after-ms': '150', 'retry-after': '9' })), 150);
    assert.equal(retryAfterMs(new Headers({ 'retry-after': 'soon' })), undefined);
  });

  it('429 asking for a longer wait than allowed ends at once', async () => {
    fake.script.push({ kind: 'error', status: 429, headers: { 'retry-after': '3600' } });
    const outcome = await fix({ maxRetries: 2 });
    assert.equal(outcome.kind, 'failed');
    assert.match(outcome.kind === 'failed' ? outcome.reason : '', /asked to wait 3600 s/);
    assert.equal(fake.requests.length, 1);
  });

  it('500 is retried, then reported', async () => {
    fake.script.push({ kind: 'error', status: 500 }, { kind: 'error', status: 502 }, { kind: 'error', status: 500 });
    const outcome = await fix({ maxRetries: 2 });
    assert.equal(outcome.kind, 'failed');
    assert.match(outcome.kind === 'failed' ? outcome.reason : '', /the endpoint failed \(HTTP 500.*\) \(after 2 retries\)/);
    assert.equal(fake.requests.length, 3);
  });

  it('a timeout', async () => {
    fake.script.push({ kind: 'hang' });
    const outcome = await fix({ timeoutMs: 300 });
    assert.equal(outcome.kind === 'failed' && outcome.errorKind, 'timeout');
    assert.match(outcome.kind === 'failed' ? outcome.reason : '', /did not answer within 0\.3 s/);
  });

  it('a connection dropped in the middle of the answer', async () => {
    fake.script.push({ kind: 'drop' }, { kind: 'drop' });
    const outcome = await fix({ maxRetries: 1 });
    assert.equal(outcome.kind === 'failed' && outcome.errorKind, 'connection');
    assert.match(outcome.kind === 'failed' ? outcome.reason : '', /the connection to http:\/\/127\.0\.0\.1:\d+\/v1 failed/);
    assert.equal(fake.requests.length, 2);
  });

  it('cancellation stops a request that would otherwise wait for its timeout', async () => {
    fake.script.push({ kind: 'hang' });
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 100);
    const outcome = await fix({ timeoutMs: 60_000 }, { signal: controller.signal });
    assert.equal(outcome.kind === 'failed' && outcome.errorKind, 'cancelled');
  });

  it('cancellation also ends the wait before a retry', async () => {
    fake.script.push({ kind: 'error', status: 429, headers: { 'retry-after': '20' } });
    const controller = new AbortController();
    // Cancelled once the first request was answered (on a busy machine the analysis before it may take a while).
    const fixing = fix({ maxRetries: 2 }, { signal: controller.signal });
    for (let i = 0; i < 500 && fake.requests.length === 0; i++) await new Promise((r) => setTimeout(r, 20));
    await new Promise((r) => setTimeout(r, 50));
    controller.abort();
    const outcome = await fixing;
    assert.equal(outcome.kind === 'failed' && outcome.errorKind, 'cancelled');
    assert.equal(fake.requests.length, 1);
  });
});
