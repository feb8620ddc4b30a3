/**
 * The generic rule's token-efficiency filter: identifiers with numbers in them (API versions, model
 * names, charset and cipher names, UI ids) are as varied as keys and passed the entropy test, but they
 * tokenise into long known fragments; random keys shatter and must still be reported.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { secretsEngine } from './engine';
import { randomBody, rng } from './keygen';
import { countSubwordTokens, tokenisesLikeText } from '../../server/src/rules/secrets/token-efficiency';

/** Values that the generic rule reported under a secret-looking name before the filter. */
const IDENTIFIERS = [
  'DescribeInstances2016_11_15',
  'GetObjectAcl2006_03_01',
  'meta-llama/Llama-3.1-8B-Instruct',
  's3BucketPolicyV2',
  'utf8mb4_unicode_ci',
  'Win64x86Release',
  '2fa_backup_codes_v3',
  'OTP6DigitsTotp30s',
  'LogInWith2FA_Button',
  'rsaPublicKeyPem2048',
];

const ALPHABETS = {
  base62: 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789',
  base64url: 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-',
  lower36: 'abcdefghijklmnopqrstuvwxyz0123456789',
  upper36: 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789',
  hex: '0123456789abcdef',
};

/** The same binding in each syntax the generic rule reads. */
function contexts(value: string): { path: string; text: string }[] {
  return [
    { path: 'app/settings.py', text: `API_KEY = "${value}"\n` },
    { path: 'src/config.ts', text: `export const config = { secretToken: '${value}' };\n` },
    { path: '.env', text: `SERVICE_SECRET=${value}\n` },
    { path: 'deploy/values.yaml', text: `service:\n  auth_token: ${value}\n` },
    { path: 'scripts/deploy.sh', text: `export ACCESS_KEY="${value}"\n` },
  ];
}

test('identifiers and names with numbers in them tokenise like text and are not reported as secrets', async () => {
  const engine = await secretsEngine();
  for (const value of IDENTIFIERS) {
    assert.ok(tokenisesLikeText(value), `${value} tokenises like text (${JSON.stringify(countSubwordTokens(value))})`);
    for (const { path, text } of contexts(value)) {
      const findings = engine.analyze({ path, text }).findings.map((f) => f.ruleId);
      assert.deepEqual(findings, [], `${path}: ${text.trim()}`);
    }
  }
});

test('random keys of every common alphabet and length tokenise like keys', () => {
  const next = rng(17);
  let judged = 0;
  for (const [name, alphabet] of Object.entries(ALPHABETS)) {
    for (const length of [12, 16, 20, 24, 32, 40, 48, 64]) {
      for (let i = 0; i < 250; i++) {
        const value = randomBody(next, alphabet, length);
        const { tokens } = countSubwordTokens(value);
        assert.equal(tokenisesLikeText(value), false, `${name} ${value}: ${(value.length / tokens).toFixed(2)} characters per token`);
        judged++;
      }
    }
  }
  assert.equal(judged, 10_000);
});

test('random keys under a secret-looking name are still reported in every syntax', async () => {
  const engine = await secretsEngine();
  const next = rng(29);
  for (const alphabet of [ALPHABETS.base62, ALPHABETS.base64url, ALPHABETS.lower36]) {
    for (const length of [16, 24, 40]) {
      const value = randomBody(next, alphabet, length);
      for (const { path, text } of contexts(value)) {
        const findings = engine.analyze({ path, text }).findings.map((f) => f.ruleId);
        assert.deepEqual(findings, ['AIS480'], `${path}: ${text.trim()}`);
      }
    }
  }
});

test('words and identifiers cost few tokens per character, keys many', () => {
  const perToken = (value: string): number => value.length / countSubwordTokens(value).tokens;
  assert.ok(perToken('getUserProfileHandler') >= 4, 'a camelCase identifier is a few whole words');
  assert.ok(perToken('configuration') >= 6, 'a common word is one or two tokens');
  assert.ok(perToken('Zx7QpL2mN8vB4kR6tY9wE3aS5dF1gH0j') < 1.5, 'a random key shatters');
  assert.deepEqual(countSubwordTokens('2024'), { tokens: 2, longestWord: 0 }, 'digits go three to a token');
  assert.deepEqual(countSubwordTokens(''), { tokens: 0, longestWord: 0 });
});
