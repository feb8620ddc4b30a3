/**
 * A generic match in a log record shown in documentation (a command's sample output that prints the password it
 * generated) is an advisory; the same binding outside a log record, and a provider key in a log record, keep
 * their severity in the default profile.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DEFAULT_CONFIG } from '../../server/src/engine/index';
import { secretsEngine } from './engine';
import { expandSecretPlaceholders } from './keygen';

const LOG = '2025-03-03 03:24:41     INFO    user/reset_password.go:92       User: root, Password: X&K^(X0m(E&&';

async function findings(text: string, profile: 'default' | 'audit') {
  const engine = await secretsEngine();
  return engine.analyze({ path: 'docs/guide/reset-password.md', text, config: { ...DEFAULT_CONFIG, profile, projectPath: 'docs/guide/reset-password.md' } }).findings;
}

test('a password in a log record of documentation is an advisory that says why', async () => {
  const text = `# Reset the password\n\n\`\`\`\n${LOG}\n\`\`\`\n`;
  assert.deepEqual(await findings(text, 'default'), []);
  const [audit] = await findings(text, 'audit');
  assert.deepEqual([audit?.ruleId, audit?.severity, audit?.advisory], ['AIS480', 'info', 'reported']);
  assert.match(audit!.message, /log record shown in documentation/);
});

test('the same binding outside a log record, and a provider key in one, stay in the default profile', async () => {
  const plain = await findings('```\nUser: root, Password: X&K^(X0m(E&&\n```\n', 'default');
  assert.deepEqual(plain.map((f) => f.ruleId), ['AIS480']);
  const key = expandSecretPlaceholders(`\`\`\`\n2025-03-03 03:24:41 INFO client.go:12 key={{secret:groq}}\n\`\`\`\n`).text;
  assert.deepEqual((await findings(key, 'default')).map((f) => [f.ruleId, f.severity]), [['AIS405', 'error']]);
});
