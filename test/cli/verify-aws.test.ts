/**
 * AWS key pairs are verified with a real SigV4-signed STS `GetCallerIdentity` request: the signer reproduces the
 * AWS test suite's published vector, and a fake STS on 127.0.0.1 checks each request's signature against the
 * secret it knows for the key id (as STS does), then answers active, unknown key id, wrong secret, 429 or
 * nothing. The secret access key is never sent and never printed; only the signature travels.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCliAsync } from './run-cli';
import { generateKey } from '../secrets/keygen';
import { signV4 } from '../../server/src/verify/aws-sigv4';
import { verifySecretFindings } from '../../server/src/verify/verify-secrets';
import type { Finding } from '../../server/src/engine/index';

test('the signer reproduces the AWS SigV4 test suite vector get-vanilla', () => {
  const signed = signV4({
    method: 'GET', host: 'example.amazonaws.com', path: '/', headers: {}, body: '', region: 'us-east-1', service: 'service',
    accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY', now: new Date('2015-08-30T12:36:00Z'),
  });
  assert.equal(signed.canonicalRequest, 'GET\n/\n\nhost:example.amazonaws.com\nx-amz-date:20150830T123600Z\n\nhost;x-amz-date\ne3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
  assert.equal(signed.headers.authorization, 'AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, SignedHeaders=host;x-amz-date, Signature=5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31');
  assert.equal(signed.headers['x-amz-date'], '20150830T123600Z');
});

interface Pair {
  id: string;
  secret: string;
}

const pair = (index: number): Pair => ({ id: generateKey('aws-access-key-id', index, 8801), secret: generateKey('aws-secret-access-key', index, 8802) });
const ACTIVE = pair(1);
const UNKNOWN_ID = pair(2);
const WRONG_SECRET = { id: ACTIVE.id, secret: pair(3).secret };
const THROTTLED = pair(4);
const SILENT = pair(5);

interface StsRequest {
  raw: string;
  outcome: string;
}

/** A fake STS: checks the SigV4 signature with the secret it holds for the key id, as the real service does. */
async function fakeSts(known: readonly Pair[], behaviour: (id: string) => 'answer' | 'throttle' | 'hang'): Promise<{ origin: string; requests: StsRequest[]; close(): Promise<void> }> {
  const requests: StsRequest[] = [];
  const server: Server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
    req.on('end', () => {
      const headers = req.headers;
      const raw = `${req.method} ${req.url}\n${JSON.stringify(headers)}\n${body}`;
      const reply = (status: number, text: string, outcome: string): void => {
        requests.push({ raw, outcome });
        res.writeHead(status, { 'content-type': 'text/xml' });
        res.end(text);
      };
      const auth = /^AWS4-HMAC-SHA256 Credential=([A-Z0-9]+)\/(\d{8})\/us-east-1\/sts\/aws4_request, SignedHeaders=([a-z0-9;-]+), Signature=([0-9a-f]{64})$/.exec(String(headers.authorization ?? ''));
      if (req.method !== 'POST' || req.url !== '/' || body !== 'Action=GetCallerIdentity&Version=2011-06-15' || headers.host !== 'sts.amazonaws.com' || !auth) return reply(400, '<Error><Code>MalformedRequest</Code></Error>', 'malformed');
      const id = auth[1]!;
      const mode = behaviour(id);
      if (mode === 'hang') return requests.push({ raw, outcome: 'hang' });
      if (mode === 'throttle') return reply(429, '<ErrorResponse><Error><Code>Throttling</Code><Message>Rate exceeded</Message></Error></ErrorResponse>', 'throttled');
      const secret = known.find((p) => p.id === id)?.secret;
      if (!secret) return reply(403, '<ErrorResponse><Error><Code>InvalidClientTokenId</Code></Error></ErrorResponse>', 'unknown id');
      const amzDate = String(headers['x-amz-date']);
      const signedNames = auth[3]!.split(';');
      const signedHeaders = Object.fromEntries(signedNames.filter((n) => n !== 'host' && n !== 'x-amz-date').map((n) => [n, String(headers[n])]));
      const when = new Date(`${amzDate.slice(0, 4)}-${amzDate.slice(4, 6)}-${amzDate.slice(6, 8)}T${amzDate.slice(9, 11)}:${amzDate.slice(11, 13)}:${amzDate.slice(13, 15)}Z`);
      const expected = signV4({ method: 'POST', host: String(headers.host), path: '/', headers: signedHeaders, body, region: 'us-east-1', service: 'sts', accessKeyId: id, secretAccessKey: secret, now: when });
      if (!signedNames.includes('content-type') || expected.signature !== auth[4]) return reply(403, '<ErrorResponse><Error><Code>SignatureDoesNotMatch</Code></Error></ErrorResponse>', 'bad signature');
      reply(200, `<GetCallerIdentityResponse><GetCallerIdentityResult><Arn>arn:aws:iam::123456789012:user/ci</Arn><UserId>AIDA${id.slice(4)}</UserId><Account>123456789012</Account></GetCallerIdentityResult></GetCallerIdentityResponse>`, 'active');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    requests,
    close: () => new Promise((resolve) => { server.closeAllConnections(); server.close(() => resolve()); }),
  };
}

function credentialsFile(pairs: readonly Pair[]): string {
  return pairs.map((p, i) => `[profile${i}]\naws_access_key_id = ${p.id}\naws_secret_access_key = ${p.secret}\n`).join('\n');
}

test('--verify signs GetCallerIdentity for each AWS pair: active, inactive (unknown id, wrong secret), 429; no secret sent or printed', async () => {
  const sts = await fakeSts([ACTIVE, THROTTLED], (id) => (id === THROTTLED.id ? 'throttle' : 'answer'));
  const dir = mkdtempSync(join(tmpdir(), 'aisec-verify-aws-'));
  try {
    writeFileSync(join(dir, 'credentials.ini'), credentialsFile([ACTIVE, UNKNOWN_ID, WRONG_SECRET, THROTTLED]));
    // A temporary key (ASIA) cannot be checked without its session token: no request.
    writeFileSync(join(dir, 'session.env'), `AWS_ACCESS_KEY_ID=ASIA${ACTIVE.id.slice(4)}\nAWS_SECRET_ACCESS_KEY=${pair(6).secret}\n`);
    const env = { AISEC_VERIFY_ORIGINS: JSON.stringify({ 'https://sts.amazonaws.com': sts.origin }) };
    const result = await runCliAsync(['scan', '.', '--verify', '--format', 'json', '--fail-on', 'never'], dir, env);
    assert.equal(result.status, 0, result.stderr);
    const findings = (JSON.parse(result.stdout) as { findings: { ruleId: string; path: string; message: string; location: { line: number }; properties?: { verified?: string } }[] }).findings;
    const aws = findings.filter((f) => f.ruleId === 'AIS441').map((f) => [f.path, f.location.line, f.properties?.verified]);
    assert.deepEqual(aws, [['credentials.ini', 3, 'active'], ['credentials.ini', 7, 'inactive'], ['credentials.ini', 11, 'inactive'], ['credentials.ini', 15, 'unknown'], ['session.env', 2, 'unknown']], JSON.stringify(findings.map((f) => [f.ruleId, f.path, f.location.line, f.message])));
    assert.deepEqual(sts.requests.map((r) => r.outcome).sort(), ['active', 'bad signature', 'throttled', 'unknown id']);
    assert.ok(findings.some((f) => /Verified: AWS accepts this key/.test(f.message)));
    assert.ok(findings.some((f) => /rate-limiting \(429\)/.test(f.message)));
    assert.ok(findings.some((f) => /need a session token to be checked/.test(f.message)));
    for (const p of [ACTIVE, UNKNOWN_ID, WRONG_SECRET, THROTTLED, pair(6)]) {
      assert.ok(sts.requests.every((r) => !r.raw.includes(p.secret)), 'the secret access key is never sent');
      assert.ok(!result.stdout.includes(p.secret) && !result.stderr.includes(p.secret), 'no secret in the output');
      assert.ok(!result.stdout.includes(p.id) && !result.stderr.includes(p.id), 'no key id in the output');
    }
    const gate = await runCliAsync(['scan', '.', '--fail-on-verified', '--quiet'], dir, env);
    assert.equal(gate.status, 1, 'an active pair fails the run');
  } finally {
    await sts.close();
    rmSync(dir, { recursive: true, force: true });
  }
});

test('an AWS pair whose STS does not answer in time is unknown, and a secret without its key id sends nothing', async () => {
  const sts = await fakeSts([SILENT], () => 'hang');
  try {
    const text = `aws_access_key_id = ${SILENT.id}\naws_secret_access_key = ${SILENT.secret}\n`;
    const range = (line: number, value: string) => ({ start: { line, column: text.split('\n')[line]!.indexOf(value) }, end: { line, column: text.split('\n')[line]!.indexOf(value) + value.length } });
    const paired = { ruleId: 'AIS441', category: 'secrets', path: '/x/creds.ini', message: 'AWS secret access key.', range: range(1, SILENT.secret), flow: [{ range: range(0, SILENT.id), message: 'id' }, { range: range(1, SILENT.secret), message: 'secret' }] } as unknown as Finding;
    const alone = { ...paired, flow: undefined, message: 'AWS secret access key.' } as unknown as Finding;
    const summary = await verifySecretFindings([paired, alone], () => text, { timeoutMs: 300, origins: { 'https://sts.amazonaws.com': sts.origin }, now: () => new Date('2026-12-06T12:00:00Z') });
    assert.deepEqual(summary, { active: 0, inactive: 0, unknown: 2, unverifiable: 0 });
    assert.match(paired.message, /AWS: the request timed out/);
    assert.match(alone.message, /its access key id is not in the file/);
    assert.equal(sts.requests.length, 1, 'only the paired secret is sent for');
    assert.match(sts.requests[0]!.raw, /"x-amz-date":"20261206T120000Z"/);
    assert.ok(!sts.requests[0]!.raw.includes(SILENT.secret) && !paired.message.includes(SILENT.secret));
  } finally {
    await sts.close();
  }
});
