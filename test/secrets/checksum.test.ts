/**
 * The offline token checksums: the CRC32 matches zlib's, a GitHub/npm token is accepted with its checksum
 * in either base62 alphabet order and rejected when one character of the random part or checksum changes.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { crc32 as zlibCrc32 } from 'node:zlib';
import { base62, crc32, isGitHubChecksumValid } from '../../server/src/rules/secrets/checksum';
import { generateKey, randomBody, rng } from './keygen';

test('crc32 agrees with zlib on random ASCII strings', () => {
  const next = rng(5);
  for (let i = 0; i < 200; i++) {
    const text = randomBody(next, 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789', 8 + (i % 40));
    assert.equal(crc32(text), zlibCrc32(text), text);
  }
});

test('base62 pads to the width and uses the alphabet order given', () => {
  assert.equal(base62(0, 6), '000000');
  assert.equal(base62(61, 6), '00000z');
  assert.equal(base62(62, 6), '000010');
  assert.equal(base62(61, 6, '0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ'), '00000Z');
  assert.equal(base62(0xffffffff, 6), '4gfFC3');
});

test('GitHub and npm tokens are accepted only with a matching checksum', () => {
  for (const slug of ['github', 'npm']) {
    for (let i = 0; i < 20; i++) {
      const token = generateKey(slug, i);
      assert.ok(isGitHubChecksumValid(token), token);
      // One changed character in the random part or in the checksum breaks it.
      const flip = (s: string, at: number): string => s.slice(0, at) + (s[at] === 'a' ? 'b' : 'a') + s.slice(at + 1);
      assert.ok(!isGitHubChecksumValid(flip(token, 10)), `random part changed: ${token}`);
      assert.ok(!isGitHubChecksumValid(flip(token, token.length - 1)), `checksum changed: ${token}`);
    }
  }
  const random = 'Kq3Zt8Rw2Lp5Nx7Bv4Hm9Jc6Df1Gs0';
  const inverted = base62(crc32(random), 6, '0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ');
  assert.ok(isGitHubChecksumValid(`ghp_${random}${inverted}`), 'the inverted alphabet order is accepted too');
  assert.ok(!isGitHubChecksumValid(`ghp_${random}`), 'a token without its checksum is not one');
  assert.ok(!isGitHubChecksumValid(generateKey('github-bad-checksum')));
});
