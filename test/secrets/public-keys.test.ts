/**
 * Keys that are public by design are information at most (a Firebase web configuration's `apiKey`),
 * or not reported (PostHog project keys, Stripe publishable keys); the same Google key given to an SDK is
 * still an error.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DEFAULT_CONFIG } from '../../server/src/engine/index';
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

test('a read-only link to one blob is an advisory download link that says why; account, container and writable signatures stay errors', async () => {
  const engine = await secretsEngine();
  const sig = 'nPfDFuFwLLYoWGUotoX8wZ7mbXNRwg2wcIyXGpE19k0%3D';
  const url = (query: string): string => `https://files.example.blob.core.windows.net/file-1?${query}&sig=${sig}`;
  const findingsOf = (query: string, profile: 'default' | 'audit' = 'default') => engine.analyze({ path: 'cache.json', text: `{"og:image": "${url(query)}", "kind": "result"}\n`, config: { ...DEFAULT_CONFIG, profile } }).findings;
  const readLink = 'se=2123-10-18T23%3A51%3A44Z&sp=r&sv=2021-08-06&sr=b&rscc=max-age%3D31536000';
  assert.deepEqual(findingsOf(readLink), [], 'an advisory: reported in the audit profile only');
  const [link] = findingsOf(readLink, 'audit');
  assert.deepEqual([link?.ruleId, link?.severity, link?.advisory], ['AIS4050', 'info', 'reported']);
  assert.match(link!.message, /read-only link to one blob or file/);
  assert.doesNotMatch(link!.message, /must be rotated/);
  for (const query of ['se=2027-01-01&sp=rw&sv=2021-08-06&sr=b', 'se=2027-01-01&sp=r&sv=2021-08-06&sr=c', 'sv=2022-11-02&ss=b&srt=co&sp=r&se=2027-03-01T00:00:00Z', 'sv=2022-11-02&sp=rl&se=2027-03-01']) {
    const [finding] = findingsOf(query);
    assert.deepEqual([finding?.ruleId, finding?.severity, finding?.advisory], ['AIS4050', 'error', undefined], query);
  }
});
