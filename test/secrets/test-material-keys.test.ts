/**
 * A private key in test material (the key of a local TLS test server, a test certificate authority) is
 * reported at information level, still by default, as Gitleaks and TruffleHog still report it; the same key
 * anywhere else, and a provider token in a test folder, keep their severity.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DEFAULT_CONFIG } from '../../server/src/engine/index';
import { secretsEngine } from './engine';
import { expandSecretPlaceholders } from './keygen';

const KEY_FILE = expandSecretPlaceholders('{{secret:private-key}}\n').text;
const TOKEN_FILE = expandSecretPlaceholders('GITHUB_TOKEN = "{{secret:github}}"\n').text;

async function severities(path: string, text: string, ruleId: string): Promise<string[]> {
  const engine = await secretsEngine();
  return engine.analyze({ path, text, config: { ...DEFAULT_CONFIG, projectPath: path } }).findings.filter((f) => f.ruleId === ruleId).map((f) => f.severity);
}

test('a private key in a test folder or a folder named as test material is information, reported by default', async () => {
  assert.deepEqual(await severities('tests/testserver/key.pem', KEY_FILE, 'AIS452'), ['info']);
  assert.deepEqual(await severities('.devcontainer/pebble-test/certs/pebble.minica.key.pem', KEY_FILE, 'AIS452'), ['info']);
  assert.deepEqual(await severities('src/testdata/server.key', KEY_FILE, 'AIS452'), ['info']);
  const engine = await secretsEngine();
  const message = engine.analyze({ path: 'tests/testserver/key.pem', text: KEY_FILE, config: { ...DEFAULT_CONFIG, projectPath: 'tests/testserver/key.pem' } }).findings[0]?.message ?? '';
  assert.match(message, /test material/);
});

test('the same key outside test material, and a provider token in a test folder, keep their severity', async () => {
  assert.deepEqual(await severities('deploy/certs/server.key.pem', KEY_FILE, 'AIS452'), ['error']);
  assert.deepEqual(await severities('contest/key.pem', KEY_FILE, 'AIS452'), ['error']);
  assert.deepEqual(await severities('/home/me/tests/app/key.pem', KEY_FILE, 'AIS452'), ['error']);
  assert.deepEqual(await severities('tests/settings.py', TOKEN_FILE, 'AIS444'), ['error']);
});
