/** SHA-256/HMAC vectors, redaction, and the hash-only, line-independent baseline. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash, createHmac } from 'node:crypto';
import { hmacSha256Hex, sha256Hex } from '../../server/src/engine/secrets/sha256';
import { redactSecret } from '../../server/src/engine/secrets/redact';
import { gitignoreCovers } from '../../server/src/engine/secrets/output-safety';
import { buildBaseline, filterByBaseline, parseBaseline, saltFromBytes, serializeBaseline } from '../../server/src/engine/baseline';
import { secretsEngine } from './engine';
import { expandSecretPlaceholders, rng } from './keygen';

test('SHA-256 matches the FIPS vectors and Node for many lengths and scripts', () => {
  assert.equal(sha256Hex(''), 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
  assert.equal(sha256Hex('abc'), 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
  assert.equal(sha256Hex('abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq'), '248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1');
  const next = rng(1);
  for (let n = 0; n < 300; n += 7) {
    const text = Array.from({ length: n }, () => String.fromCodePoint(next() < 0.8 ? 32 + Math.floor(next() * 95) : 0x4e00 + Math.floor(next() * 500))).join('') + (n % 3 === 0 ? '😀' : '');
    assert.equal(sha256Hex(text), createHash('sha256').update(text, 'utf8').digest('hex'), `length ${n}`);
  }
});

test('HMAC-SHA-256 matches RFC 4231 and Node, including keys longer than a block', () => {
  assert.equal(hmacSha256Hex('Jefe', 'what do ya want for nothing?'), '5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843');
  for (const key of ['k', 'x'.repeat(64), 'y'.repeat(131)]) {
    assert.equal(hmacSha256Hex(key, 'message'), createHmac('sha256', key).update('message').digest('hex'));
  }
});

test('redaction shows at most a prefix and four trailing characters', () => {
  const key = expandSecretPlaceholders('{{secret:openai}}').secrets[0]!;
  const redacted = redactSecret(key);
  assert.match(redacted, /^sk-proj-….{4}$/);
  assert.equal(redactSecret('hunter2!'), '<8 chars>');
  assert.equal(redactSecret('Tr0ub4dor&3x9Zq'), 'Tr…Zq');
  assert.equal(redactSecret('ab12cd34ef56gh78ij90kl'), 'ab12…90kl');
});

test('baselines match on rule, path and keyed hash, not on lines, and never store the value', async () => {
  const engine = await secretsEngine();
  const { text, secrets } = expandSecretPlaceholders('import os\nclient = OpenAI(api_key="{{secret:openai}}")\ntoken = "{{secret:github}}"\n');
  const before = engine.analyze({ path: 'src/app.py', text }).findings;
  assert.equal(before.length, 2);
  const salt = saltFromBytes(Uint8Array.from({ length: 16 }, (_, i) => i * 17));
  const baseline = buildBaseline(before.slice(0, 1), salt);
  const file = serializeBaseline(baseline);
  for (const secret of secrets) assert.ok(!file.includes(secret));
  assert.doesNotMatch(file, /"line"/);
  const parsed = parseBaseline(file);
  assert.ok(parsed.ok);
  assert.deepEqual(parsed.baseline, baseline);

  // Moving code keeps the baselined finding suppressed; the other one is still reported.
  const moved = `# a comment\n\n${text}`;
  const after = engine.analyze({ path: 'src/app.py', text: moved }).findings;
  const { kept, suppressed } = filterByBaseline(after, parsed.baseline);
  assert.deepEqual(suppressed.map((s) => [s.finding.ruleId, s.by]), [['AIS400', 'baseline']]);
  assert.deepEqual(kept.map((f) => f.ruleId), ['AIS444']);
  // Another path or another salt does not match.
  assert.equal(filterByBaseline(after, parsed.baseline, () => 'other/app.py').suppressed.length, 0);
  assert.equal(filterByBaseline(after, { ...parsed.baseline, salt: 'ffeeddccbbaa99887766554433221100' }).suppressed.length, 0);
});

test('malformed baselines are reported, not thrown', () => {
  assert.equal(parseBaseline('{').ok, false);
  assert.equal(parseBaseline('{"version":2}').ok, false);
  assert.equal(parseBaseline('{"version":1,"hashAlgorithm":"hmac-sha256","salt":"00112233445566778899aabbccddeeff","entries":[{"rule":"AIS400","path":"a.py","hash":"sk-proj-raw"}]}').ok, false);
});

test('gitignoreCovers decides whether the .gitignore edit is needed', () => {
  assert.equal(gitignoreCovers('node_modules\n.env\n', '.env'), true);
  assert.equal(gitignoreCovers('/.env\n', '.env'), true);
  assert.equal(gitignoreCovers('.env*\n', '.env'), true);
  assert.equal(gitignoreCovers('*.env\n', '.env'), true);
  assert.equal(gitignoreCovers('.env.local\n', '.env'), false);
  assert.equal(gitignoreCovers('.env*\n!.env\n', '.env'), false);
  assert.equal(gitignoreCovers('', '.env'), false);
});
