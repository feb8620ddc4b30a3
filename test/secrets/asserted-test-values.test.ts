/**
 * A token that a test file also asserts on is the input of a redaction or parsing test (claude-code-action's
 * sanitizer tests on the real-code benchmark): information, reported only in the audit profile. A key a test
 * only uses, and the same assertion outside test code, keep their severity.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DEFAULT_CONFIG } from '../../server/src/engine/index';
import { isAssertedValue } from '../../server/src/rules/secrets/asserted-test-values';
import { secretsEngine } from './engine';
import { expandSecretPlaceholders } from './keygen';

const AUDIT = { ...DEFAULT_CONFIG, profile: 'audit' as const };
const REDACTION_TEST = expandSecretPlaceholders([
  'import { redactTokens } from "../src/redact";',
  '',
  'it("redacts personal access tokens", () => {',
  '  const token = "{{secret:github}}";',
  '  const out = redactTokens(`Token: ${token}`);',
  '  expect(out).not.toContain("{{secret:github}}");',
  '});',
  '',
].join('\n')).text;
const CLIENT_TEST = expandSecretPlaceholders([
  'import { Octokit } from "@octokit/rest";',
  '',
  'it("lists issues", async () => {',
  '  const client = new Octokit({ auth: "{{secret:github#1}}" });',
  '  expect(await client.issues.list()).toBeDefined();',
  '});',
  '',
].join('\n')).text;

test('assertion lines are recognised in JS and Python tests', () => {
  assert.ok(isAssertedValue('x = "tok"\nexpect(out).not.toContain("tok")\n', 'tok'));
  assert.ok(isAssertedValue('assert "tok" not in out\n', 'tok'));
  assert.ok(isAssertedValue('self.assertNotIn("tok", out)\n', 'tok'));
  assert.ok(!isAssertedValue('client = Client(token="tok")\nexpect(client).toBeDefined()\n', 'tok'));
});

test('a token a test file asserts on is audit-only information; a used key and non-test code stay errors', async () => {
  const engine = await secretsEngine();
  const ais444 = (path: string, text: string, config = DEFAULT_CONFIG) => engine.analyze({ path, text, config: { ...config, projectPath: path } })
    .findings.filter((f) => f.ruleId === 'AIS444').map((f) => `${f.range.start.line + 1} ${f.severity}`);
  assert.deepEqual(ais444('test/redact.test.ts', REDACTION_TEST, AUDIT), ['4 info', '6 info']);
  assert.deepEqual(ais444('test/redact.test.ts', REDACTION_TEST), []);
  const message = engine.analyze({ path: 'test/redact.test.ts', text: REDACTION_TEST, config: { ...AUDIT, projectPath: 'test/redact.test.ts' } }).findings[0]?.message ?? '';
  assert.match(message, /asserts on the same value/);
  assert.deepEqual(ais444('test/issues.test.ts', CLIENT_TEST), ['4 error']);
  assert.deepEqual(ais444('src/redact-self-check.ts', REDACTION_TEST), ['4 error', '6 error']);
});
