/**
 * A private key in test material (the key of a local TLS test server, a test certificate authority) is
 * reported at information level in the audit profile only (an editor hint by default), and so is a generic or
 * context match that a test file lowers to information (an example JWT); the same key anywhere else, and a
 * provider token in a test folder, keep their severity in the default profile.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DEFAULT_CONFIG } from '../../server/src/engine/index';
import { secretsEngine } from './engine';
import { expandSecretPlaceholders } from './keygen';

const KEY_FILE = expandSecretPlaceholders('{{secret:private-key}}\n').text;
const TOKEN_FILE = expandSecretPlaceholders('GITHUB_TOKEN = "{{secret:github}}"\n').text;

const JWT_FILE = 'const header = { Authorization: "Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ0ZXN0LXVzZXItNDIifQ.Qm9yZWRBcmVXZVRoYXRUaGlzSXNBU2lnbmF0dXJl" };\n';

async function severities(path: string, text: string, ruleId: string, profile: 'default' | 'audit' = 'default'): Promise<string[]> {
  const engine = await secretsEngine();
  return engine.analyze({ path, text, config: { ...DEFAULT_CONFIG, profile, projectPath: path } }).findings.filter((f) => f.ruleId === ruleId).map((f) => f.severity);
}

test('a private key in a test folder or a folder named as test material is information in the audit profile only', async () => {
  assert.deepEqual(await severities('tests/testserver/key.pem', KEY_FILE, 'AIS452', 'audit'), ['info']);
  assert.deepEqual(await severities('.devcontainer/pebble-test/certs/pebble.minica.key.pem', KEY_FILE, 'AIS452', 'audit'), ['info']);
  assert.deepEqual(await severities('src/testdata/server.key', KEY_FILE, 'AIS452', 'audit'), ['info']);
  assert.deepEqual(await severities('tests/testserver/key.pem', KEY_FILE, 'AIS452'), [], 'the default profile leaves it out');
  const engine = await secretsEngine();
  const [finding] = engine.analyze({ path: 'tests/testserver/key.pem', text: KEY_FILE, config: { ...DEFAULT_CONFIG, profile: 'audit', projectPath: 'tests/testserver/key.pem' } }).findings;
  assert.match(finding?.message ?? '', /test material/);
  assert.equal(finding?.advisory, 'reported');
});

test('a JWT in a test file is an advisory; in application code it keeps its severity', async () => {
  const inTest = await severities('test/redaction.test.ts', JWT_FILE, 'AIS453', 'audit');
  assert.deepEqual(inTest, ['info']);
  assert.deepEqual(await severities('test/redaction.test.ts', JWT_FILE, 'AIS453'), []);
  const inApp = await severities('src/client.ts', JWT_FILE, 'AIS453');
  assert.equal(inApp.length, 1);
  assert.notEqual(inApp[0], 'info');
});

test('the same key outside test material, and a provider token in a test folder, keep their severity', async () => {
  assert.deepEqual(await severities('deploy/certs/server.key.pem', KEY_FILE, 'AIS452'), ['error']);
  assert.deepEqual(await severities('contest/key.pem', KEY_FILE, 'AIS452'), ['error']);
  assert.deepEqual(await severities('/home/me/tests/app/key.pem', KEY_FILE, 'AIS452'), ['error']);
  assert.deepEqual(await severities('tests/settings.py', TOKEN_FILE, 'AIS444'), ['error']);
});
