/**
 * Keys that are public by design are information at most (a Firebase web configuration's `apiKey`),
 * or not reported (PostHog project keys, Stripe publishable keys); the same Google key given to an SDK is
 * still an error.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { secretsEngine } from './engine';
import { expandSecretPlaceholders } from './keygen';

const TEMPLATES = join(__dirname, '..', '..', 'server', 'src', 'rules', 'secrets', 'fixture-templates');

test('a Firebase web configuration key is information that says why; a Gemini key stays an error', async () => {
  const engine = await secretsEngine();
  const { text } = expandSecretPlaceholders(readFileSync(join(TEMPLATES, 'bad-firebase.ts.tmpl'), 'utf8'));
  const findings = engine.analyze({ path: 'src/firebase.ts', text }).findings;
  assert.deepEqual(findings.map((f) => [f.range.start.line + 1, f.ruleId, f.severity]), [[6, 'AIS412', 'info'], [13, 'AIS412', 'error']]);
  assert.match(findings[0].message, /Firebase web configuration, where it is public by design/);
  assert.doesNotMatch(findings[0].message, /must be rotated/);
});

test('PostHog project keys and Stripe publishable keys are not reported', async () => {
  const engine = await secretsEngine();
  const text = readFileSync(join(TEMPLATES, 'good-public-keys.py.tmpl'), 'utf8');
  assert.deepEqual(engine.analyze({ path: 'telemetry.py', text }).findings, []);
});

test('an installed application\'s Google OAuth client secret is information that says why; a web client\'s stays an error', async () => {
  const engine = await secretsEngine();
  const installed = expandSecretPlaceholders(readFileSync(join(TEMPLATES, 'bad-installed-app.ts.tmpl'), 'utf8')).text;
  const [desktop] = engine.analyze({ path: 'src/oauth2.ts', text: installed }).findings;
  assert.deepEqual([desktop?.ruleId, desktop?.severity], ['AIS430', 'info']);
  assert.match(desktop!.message, /installed \(desktop or command-line\) application/);
  assert.doesNotMatch(desktop!.message, /must be rotated/);
  const web = expandSecretPlaceholders(readFileSync(join(TEMPLATES, 'bad-web-oauth.py.tmpl'), 'utf8')).text;
  assert.deepEqual(engine.analyze({ path: 'auth.py', text: web }).findings.map((f) => [f.ruleId, f.severity]), [['AIS430', 'error']]);
  const withoutMarker = installed.replace(/installed application/g, 'application');
  assert.equal(engine.analyze({ path: 'src/oauth2.ts', text: withoutMarker }).findings[0]?.severity, 'error', 'no installed-application marker: a secret');
});

test('a Supabase anon key is information that says why; the service_role key and other JWTs are not lowered', async () => {
  const engine = await secretsEngine();
  const { text } = expandSecretPlaceholders('const admin = createClient(url, "{{secret:supabase-service-role}}");\nconst browser = createClient(url, "{{secret:supabase-anon}}");\nconst session = "{{secret:jwt}}";\n');
  const findings = engine.analyze({ path: 'src/supabase.ts', text }).findings;
  assert.deepEqual(findings.map((f) => [f.range.start.line + 1, f.ruleId, f.severity]), [[1, 'AIS4060', 'error'], [2, 'AIS4060', 'info'], [3, 'AIS453', 'warning']]);
  assert.match(findings[1]!.message, /anon key .* public by design.*row-level security/);
  assert.doesNotMatch(findings[1]!.message, /must be rotated/);
});
