/**
 * Password hashes (AIS4038) are not credentials: a slow, salted hash (bcrypt, Argon2, PBKDF2, SHA-crypt) is
 * information in the audit profile only, while a fast one (MD5-crypt, Apache `$apr1$`, Jupyter `sha1:`) is a
 * warning under the default profile, since a committed copy is cracked offline.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DEFAULT_CONFIG } from '../../server/src/engine/config';
import { secretsEngine } from './engine';
import { generateKey } from './keygen';

const SLOW = ['bcrypt', 'argon2'];
const FAST = ['password-hash', 'jupyter-sha1'];

function config(lines: string[]): string {
  return `${lines.map((line, i) => `HASH_${i} = "${line}"`).join('\n')}\n`;
}

test('slow hashes are not reported by default; fast ones are warnings', async () => {
  const engine = await secretsEngine();
  const text = config([...SLOW, ...FAST].map((slug) => generateKey(slug)));
  const findings = engine.analyze({ path: 'jupyter_server_config.py', text }).findings;
  assert.deepEqual(findings.map((f) => [f.range.start.line, f.ruleId, f.severity]), [[2, 'AIS4038', 'warning'], [3, 'AIS4038', 'warning']]);
  assert.match(findings[0]!.message, /fast to crack/);
});

test('the audit profile reports slow hashes as information, with their kind', async () => {
  const engine = await secretsEngine();
  const text = config(SLOW.map((slug) => generateKey(slug)).concat(`pbkdf2_sha256$870000$Qm9vZ3U4c2FsdEFC$${generateKey('wireguard').slice(0, 43)}=`));
  const findings = engine.analyze({ path: 'seed_admin.py', text, config: { ...DEFAULT_CONFIG, profile: 'audit' } }).findings;
  assert.deepEqual(findings.map((f) => [f.ruleId, f.severity]), [['AIS4038', 'info'], ['AIS4038', 'info'], ['AIS4038', 'info']]);
  assert.deepEqual(findings.map((f) => /bcrypt|Argon2|PBKDF2/.exec(f.message)?.[0]), ['bcrypt', 'Argon2', 'PBKDF2']);
});

test('look-alikes of hashes are not reported: a cost out of range, a short hash, a regex replacement', async () => {
  const engine = await secretsEngine();
  const bcrypt = generateKey('bcrypt');
  const text = config([bcrypt.replace('$12$', '$45$'), bcrypt.slice(0, 40), '$1$2', 'sha1:abc:def']);
  const findings = engine.analyze({ path: 'app.py', text, config: { ...DEFAULT_CONFIG, profile: 'audit' } }).findings;
  assert.deepEqual(findings.map((f) => `${f.range.start.line}: ${f.ruleId}`), []);
});
