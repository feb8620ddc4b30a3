/**
 * `aisec scan --verify`: each reported key is checked with its provider's read-only request, sent to fake
 * providers on 127.0.0.1 (the fixed origins are mapped there through AISEC_VERIFY_ORIGINS, the test hook).
 * Active, inactive, rate-limited and timed-out answers give `active`, `inactive` and `unknown`; the key is
 * sent only in the provider's header and never appears in the output; `--fail-on-verified` fails only on
 * active keys; without `--verify` nothing is sent.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCliAsync } from './run-cli';
import { generateKey } from '../secrets/keygen';
import { verifySecretFindings } from '../../server/src/verify/verify-secrets';
import type { Finding } from '../../server/src/engine/index';

interface Recorded {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
}

/** A fake provider: answers per credential, records every request. */
async function fakeProvider(answer: (credential: string) => number | 'hang'): Promise<{ origin: string; requests: Recorded[]; close(): Promise<void> }> {
  const requests: Recorded[] = [];
  const server: Server = createServer((req, res) => {
    requests.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers });
    const header = String(req.headers.authorization ?? req.headers['x-api-key'] ?? '');
    const credential = header.replace(/^(Bearer|token) /, '');
    const status = answer(credential);
    if (status === 'hang') return;
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(status === 200 ? '{"login":"someone"}' : '{"message":"Bad credentials"}');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    requests,
    close: () => new Promise((resolve) => { server.closeAllConnections(); server.close(() => resolve()); }),
  };
}

const LIVE = generateKey('github', 1);
const REVOKED = generateKey('github', 2);
const THROTTLED = generateKey('github', 3);
const OPENAI = generateKey('openai', 1);

test('--verify asks each provider at its fixed origin and reports active, inactive and unknown without printing a key', async () => {
  const github = await fakeProvider((t) => (t === LIVE ? 200 : t === THROTTLED ? 429 : 401));
  const openai = await fakeProvider(() => 401);
  const dir = mkdtempSync(join(tmpdir(), 'aisec-verify-'));
  try {
    // The same live key twice: one request. A host named in the file is never contacted.
    writeFileSync(join(dir, 'app.py'), `LIVE = "${LIVE}"\nAGAIN = "${LIVE}"\nOLD = "${REVOKED}"\nSLOW = "${THROTTLED}"\nOPENAI_API_KEY = "${OPENAI}"\nAPI_BASE = "http://127.0.0.1:9/evil"\n`);
    const env = { AISEC_VERIFY_ORIGINS: JSON.stringify({ 'https://api.github.com': github.origin, 'https://api.openai.com': openai.origin }) };
    const result = await runCliAsync(['scan', '.', '--verify', '--format', 'json', '--fail-on', 'never'], dir, env);
    assert.equal(result.status, 0, result.stderr);
    const findings = (JSON.parse(result.stdout) as { findings: { ruleId: string; message: string; properties?: { verified?: string } }[] }).findings;
    const verdicts = findings.filter((f) => f.properties?.verified).map((f) => `${f.ruleId} ${f.properties!.verified}`).sort();
    assert.deepEqual(verdicts, ['AIS400 inactive', 'AIS444 active', 'AIS444 active', 'AIS444 inactive', 'AIS444 unknown']);
    assert.ok(findings.some((f) => /Verified: GitHub accepts this key/.test(f.message)));
    assert.ok(findings.some((f) => /rate-limiting \(429\)/.test(f.message)));
    assert.match(result.stderr, /verified keys: 2 active, 2 inactive, 1 unknown/);
    assert.equal(github.requests.length, 3, 'one request per distinct key');
    for (const r of github.requests) assert.deepEqual([r.method, r.url], ['GET', '/user']);
    assert.equal(openai.requests[0]?.url, '/v1/models');
    assert.match(String(openai.requests[0]?.headers.authorization), /^Bearer sk-proj-/);
    for (const key of [LIVE, REVOKED, THROTTLED, OPENAI]) assert.ok(!result.stdout.includes(key) && !result.stderr.includes(key), 'no key in the output');

    const gate = await runCliAsync(['scan', '.', '--fail-on-verified', '--quiet'], dir, env);
    assert.equal(gate.status, 1, 'an active key fails the run');
    writeFileSync(join(dir, 'app.py'), `OLD = "${REVOKED}"\n`);
    assert.equal((await runCliAsync(['scan', '.', '--fail-on-verified', '--quiet'], dir, env)).status, 0, 'revoked keys alone do not fail it');

    const before = github.requests.length;
    await runCliAsync(['scan', '.', '--quiet', '--fail-on', 'never'], dir, env);
    assert.equal(github.requests.length, before, 'nothing is sent without --verify');
  } finally {
    await github.close();
    await openai.close();
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a provider that does not answer in time leaves the key unknown', async () => {
  const silent = await fakeProvider(() => 'hang');
  try {
    const text = `T = "${LIVE}"\n`;
    const finding = { ruleId: 'AIS444', category: 'secrets', path: '/x/app.py', message: 'GitHub token.', range: { start: { line: 0, column: 5 }, end: { line: 0, column: 5 + LIVE.length } } } as unknown as Finding;
    const summary = await verifySecretFindings([finding], () => text, { timeoutMs: 300, origins: { 'https://api.github.com': silent.origin } });
    assert.deepEqual(summary, { active: 0, inactive: 0, unknown: 1, unverifiable: 0 });
    assert.equal(finding.properties?.verified, 'unknown');
    assert.match(finding.message, /timed out/);
    assert.ok(!finding.message.includes(LIVE));
  } finally {
    await silent.close();
  }
});
