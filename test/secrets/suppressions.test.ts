/** The suppression comments of other scanners and our own are honoured for secrets (applied by the engine). */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { secretsEngine } from './engine';
import { expandSecretPlaceholders } from './keygen';

test('aisec ignore, pragma allowlist, gitleaks:allow and nosec suppress a secret on their line', async () => {
  const engine = await secretsEngine();
  const { text } = expandSecretPlaceholders([
    'a = "{{secret:openai}}"  # aisec: ignore[AIS400]',
    'b = "{{secret:groq}}"  # pragma: allowlist secret',
    'c = "{{secret:github}}"  # gitleaks:allow',
    'd = "{{secret:stripe}}"  # nosec',
    'e = "{{secret:npm}}"',
    '',
  ].join('\n'));
  const result = engine.analyze({ path: 'app.py', text });
  assert.deepEqual(result.findings.map((f) => f.ruleId), ['AIS448']);
  assert.deepEqual(result.suppressed.map((s) => s.by).sort(), ['aisec-ignore', 'gitleaks-allow', 'nosec', 'pragma-allowlist']);
});

test('suppressions work in .env and TypeScript comments too', async () => {
  const engine = await secretsEngine();
  const env = expandSecretPlaceholders('OPENAI_API_KEY={{secret:openai}} # pragma: allowlist secret\n').text;
  assert.equal(engine.analyze({ path: '.env', text: env }).findings.length, 0);
  const ts = expandSecretPlaceholders("const k = '{{secret:anthropic}}'; // gitleaks:allow\n").text;
  assert.equal(engine.analyze({ path: 'a.ts', text: ts }).findings.length, 0);
});
