/**
 * `aisec fix --ai` against the recording fake endpoint: `--dry-run` prints the verified diff and writes
 * nothing; without it the verified fix is written; a finding whose patches are all rejected is reported
 * with the reason and its file is left as it was; without an endpoint the command says so.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, beforeEach, describe, it } from 'node:test';
import { runCli, runCliAsync } from '../cli/run-cli';
import { patchReply, startFakeOpenAiServer, type FakeOpenAiServer } from './fake-openai-server';
import { OPENAI_KEY, SAMPLE } from './sample';

const GOOD = patchReply([
  { startLine: 4, endLine: 3, newText: 'import json' },
  { startLine: 18, endLine: 18, newText: '    return json.loads(data)' },
]);
const BAD = patchReply([{ startLine: 18, endLine: 18, newText: '    return eval(data)' }]);

let fake: FakeOpenAiServer;
let folder: string;
let cacheHome: string;

beforeEach(async () => {
  await fake?.close();
  fake = await startFakeOpenAiServer();
  folder = mkdtempSync(join(tmpdir(), 'aisec-ai-cli-'));
  cacheHome = mkdtempSync(join(tmpdir(), 'aisec-ai-cli-cache-'));
  writeFileSync(join(folder, 'cache.py'), SAMPLE);
});
after(async () => {
  await fake?.close();
});

function env(): NodeJS.ProcessEnv {
  return { AISEC_AI_BASE_URL: fake.baseUrl, AISEC_AI_MODEL: 'fake-model', OPENAI_API_KEY: '', XDG_CACHE_HOME: cacheHome };
}

describe('aisec fix --ai', () => {
  it('--dry-run prints the verified diff and writes nothing', async () => {
    // AIS400 (the hard-coded key) is asked about too: the fake has no answer for it, so it ends unfixed.
    fake.fallback = (request) => (JSON.stringify(request.body).includes('AIS101') ? GOOD : BAD);
    const result = await runCliAsync(['fix', '--ai', '--dry-run', 'cache.py'], folder, env(), 120_000);
    assert.equal(result.timedOut, false);
    assert.match(result.stdout, /cache\.py:18 AIS101: verified AI fix/);
    assert.match(result.stdout, /✓ AIS101 is no longer reported/);
    assert.match(result.stdout, /^\+import json$/m);
    assert.match(result.stdout, /^- {4}return pickle\.loads\(data\)$/m);
    assert.match(result.stdout, /^\+ {4}return json\.loads\(data\)$/m);
    assert.match(result.stdout, /AIS400: no verified fix: no verified fix after 3 attempts/);
    assert.ok(!result.stdout.includes(OPENAI_KEY), 'the diff is redacted');
    assert.equal(result.status, 1, 'one finding has no verified fix');
    assert.equal(readFileSync(join(folder, 'cache.py'), 'utf8'), SAMPLE);
    rmSync(folder, { recursive: true, force: true });
  });

  it('writes only the verified fix', async () => {
    fake.fallback = (request) => (JSON.stringify(request.body).includes('AIS101') ? GOOD : BAD);
    const result = await runCliAsync(['fix', '--ai', 'cache.py'], folder, env(), 120_000);
    assert.match(result.stdout, /cache\.py: written/);
    const written = readFileSync(join(folder, 'cache.py'), 'utf8');
    assert.match(written, /^import json$/m);
    assert.match(written, /return json\.loads\(data\)/);
    assert.ok(!written.includes('eval('), 'the rejected patches were never applied');
    rmSync(folder, { recursive: true, force: true });
  });

  it('a second run answers from the cache of verified patches without a request, and the cache holds no secret', async () => {
    fake.fallback = (request) => (JSON.stringify(request.body).includes('AIS101') ? GOOD : BAD);
    await runCliAsync(['fix', '--ai', '--dry-run', 'cache.py'], folder, env(), 120_000);
    const asked = fake.requests.length;
    const again = await runCliAsync(['fix', '--ai', '--dry-run', 'cache.py'], folder, env(), 120_000);
    assert.match(again.stdout, /cache\.py:18 AIS101: verified AI fix \(from the cache\)/);
    assert.match(again.stdout, /✓ from the cache of earlier answers, verified again/);
    assert.match(again.stdout, /^\+ {4}return json\.loads\(data\)$/m);
    assert.equal(fake.requests.filter((r) => r.raw.includes('AIS101')).length, 1, 'AIS101 was asked about once');
    assert.ok(fake.requests.length > asked, 'AIS400, never verified, is asked about again');
    const stored = readFileSync(join(cacheHome, 'aisec', 'ai-answers.json'), 'utf8');
    assert.ok(!stored.includes(OPENAI_KEY));
    rmSync(folder, { recursive: true, force: true });
  });

  it('rejects a patch whose new import the dependency rules flag (a known-malicious package), then takes the next', async () => {
    const maliciousImport = patchReply([
      { startLine: 4, endLine: 3, newText: 'import a1rn' },
      { startLine: 18, endLine: 18, newText: '    return a1rn.loads(data)' },
    ]);
    let asked = 0;
    fake.fallback = (request) => {
      if (!JSON.stringify(request.body).includes('AIS101')) return BAD;
      asked += 1;
      return asked === 1 ? maliciousImport : GOOD;
    };
    const result = await runCliAsync(['fix', '--ai', '--dry-run', 'cache.py'], folder, env(), 120_000);
    assert.match(result.stdout, /cache\.py:18 AIS101: verified AI fix/);
    assert.match(result.stdout, /✓ imports changed: the dependency rules checked them/);
    assert.doesNotMatch(result.stdout, /^\+import a1rn$/m);
    const retry = fake.requests.filter((r) => r.raw.includes('AIS101'))[1]!;
    assert.match(retry.body.messages!.at(-1)!.content, /would newly raise AIS501/);
    rmSync(folder, { recursive: true, force: true });
  });

  it('without an endpoint says what to set', () => {
    const result = runCli(['fix', '--ai', 'cache.py'], folder, { AISEC_AI_BASE_URL: '', AISEC_AI_MODEL: '', OPENAI_API_KEY: '' });
    assert.equal(result.status, 2);
    assert.match(result.stderr, /no model is configured \(set aisec\.ai\.model or AISEC_AI_MODEL\)/);
    rmSync(folder, { recursive: true, force: true });
  });
});
