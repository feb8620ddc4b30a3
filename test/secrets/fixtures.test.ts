/** The committed secrets fixtures, with keys generated at test time, and the fix invariant. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { secretsEngine } from './engine';
import { applyInFileEdits, findingKeys, loadFixtures } from './fixture-runner';
import { SECRET_RULES } from '../../server/src/rules/secrets/rules';
import { expandSecretPlaceholders } from './keygen';

const fixtures = loadFixtures();

for (const fixture of fixtures) {
  test(`secrets fixture ${fixture.name}`, async () => {
    const engine = await secretsEngine();
    const result = engine.analyze({ path: fixture.name, text: fixture.text });
    const got = findingKeys(result.findings);
    const missing = fixture.expected.filter((e) => !got.includes(e));
    const extra = got.filter((g) => !fixture.expected.includes(g));
    assert.deepEqual({ missing, extra }, { missing: [], extra: [] }, result.findings.map((f) => `${f.range.start.line + 1}: ${f.ruleId} ${f.message}`).join('\n'));
    if (fixture.name.startsWith('bad')) assert.ok(fixture.expected.length > 0, 'a bad fixture expects findings');
  });
}

/**
 * Rule codes are never renumbered or reused (suppressions, baselines and SARIF refer to them); the
 * table also names every rule the fixture templates and generated tests must exercise.
 */
const STABLE_CODES: readonly (readonly [string, string])[] = [
  ['AIS400', 'openai-api-key'],
  ['AIS401', 'openai-compatible-api-key'],
  ['AIS402', 'anthropic-api-key'],
  ['AIS403', 'huggingface-token'],
  ['AIS404', 'cohere-api-key'],
  ['AIS405', 'groq-api-key'],
  ['AIS406', 'replicate-api-token'],
  ['AIS407', 'perplexity-api-key'],
  ['AIS408', 'xai-api-key'],
  ['AIS409', 'openrouter-api-key'],
  ['AIS410', 'deepseek-api-key'],
  ['AIS411', 'mistral-api-key'],
  ['AIS412', 'google-api-key'],
  ['AIS413', 'azure-openai-api-key'],
  ['AIS414', 'langsmith-api-key'],
  ['AIS415', 'langfuse-secret-key'],
  ['AIS416', 'pinecone-api-key'],
  ['AIS417', 'wandb-api-key'],
  ['AIS418', 'nvidia-api-key'],
  ['AIS419', 'together-api-key'],
  ['AIS420', 'databricks-token'],
  ['AIS421', 'aws-bedrock-api-key'],
  ['AIS422', 'elevenlabs-api-key'],
  ['AIS423', 'sourcegraph-cody-token'],
  ['AIS424', 'braintrust-api-key'],
  ['AIS425', 'assemblyai-api-key'],
  ['AIS426', 'deepgram-api-key'],
  ['AIS427', 'clarifai-api-key'],
  ['AIS440', 'aws-access-key-id'],
  ['AIS441', 'aws-secret-access-key'],
  ['AIS442', 'gcp-service-account-key'],
  ['AIS443', 'azure-ad-client-secret'],
  ['AIS444', 'github-token'],
  ['AIS445', 'gitlab-token'],
  ['AIS446', 'slack-token'],
  ['AIS447', 'stripe-secret-key'],
  ['AIS448', 'npm-token'],
  ['AIS449', 'pypi-token'],
  ['AIS450', 'sendgrid-api-key'],
  ['AIS451', 'twilio-api-key'],
  ['AIS452', 'private-key'],
  ['AIS453', 'json-web-token'],
  ['AIS454', 'database-url-password'],
  ['AIS428', 'firecrawl-api-key'],
  ['AIS429', 'tavily-api-key'],
  ['AIS430', 'google-oauth-secret'],
  ['AIS431', 'digitalocean-token'],
  ['AIS432', 'heroku-api-key'],
  ['AIS433', 'cloudflare-api-token'],
  ['AIS434', 'hashicorp-vault-token'],
  ['AIS435', 'terraform-cloud-token'],
  ['AIS436', 'doppler-token'],
  ['AIS437', 'onepassword-secret'],
  ['AIS438', 'age-secret-key'],
  ['AIS439', 'microsoft-teams-webhook'],
  ['AIS455', 'tailscale-key'],
  ['AIS456', 'flyio-token'],
  ['AIS457', 'openshift-user-token'],
  ['AIS458', 'planetscale-token'],
  ['AIS459', 'supabase-access-token'],
  ['AIS460', 'netlify-token'],
  ['AIS461', 'alibaba-cloud-access-key'],
  ['AIS462', 'azure-storage-account-key'],
  ['AIS463', 'ibm-cloud-api-key'],
  ['AIS464', 'okta-api-token'],
  ['AIS465', 'auth0-client-secret'],
  ['AIS466', 'atlassian-api-token'],
  ['AIS467', 'bitbucket-app-password'],
  ['AIS468', 'azure-devops-pat'],
  ['AIS469', 'circleci-token'],
  ['AIS470', 'buildkite-token'],
  ['AIS471', 'sonarqube-token'],
  ['AIS472', 'postman-api-key'],
  ['AIS473', 'linear-api-key'],
  ['AIS474', 'notion-token'],
  ['AIS475', 'figma-token'],
  ['AIS476', 'mapbox-secret-token'],
  ['AIS477', 'airtable-token'],
  ['AIS478', 'contentful-token'],
  ['AIS479', 'rubygems-api-key'],
  ['AIS482', 'nuget-api-key'],
  ['AIS483', 'crates-io-token'],
  ['AIS484', 'docker-hub-token'],
  ['AIS485', 'jfrog-token'],
  ['AIS486', 'new-relic-key'],
  ['AIS487', 'grafana-token'],
  ['AIS488', 'sentry-token'],
  ['AIS489', 'dynatrace-token'],
  ['AIS490', 'shopify-token'],
  ['AIS491', 'square-token'],
  ['AIS492', 'jenkins-api-token'],
  ['AIS493', 'vercel-token'],
  ['AIS494', 'plaid-access-token'],
  ['AIS495', 'mailgun-api-key'],
  ['AIS496', 'mailchimp-api-key'],
  ['AIS497', 'brevo-api-key'],
  ['AIS498', 'telegram-bot-token'],
  ['AIS499', 'discord-token'],
  ['AIS4000', 'prefect-api-key'],
  ['AIS4001', 'pulumi-access-token'],
  ['AIS4002', 'datadog-api-key'],
  ['AIS4003', 'django-secret-key'],
  ['AIS4004', 'laravel-app-key'],
  ['AIS4005', 'rails-secret-key-base'],
  ['AIS4006', 'base64-private-key'],
  ['AIS4007', 'ssh2-private-key'],
  ['AIS4008', 'wireguard-private-key'],
  ['AIS4009', 'jwk-private-key'],
  ['AIS4010', 'flutterwave-secret-key'],
  ['AIS4011', 'shippo-api-token'],
  ['AIS4012', 'easypost-api-key'],
  ['AIS4013', 'duffel-access-token'],
  ['AIS4014', 'hubspot-private-app-token'],
  ['AIS4015', 'readme-api-key'],
  ['AIS4016', 'scalingo-api-token'],
  ['AIS4017', 'yandex-cloud-api-key'],
  ['AIS4018', 'amazon-mws-auth-token'],
  ['AIS4019', 'clojars-deploy-token'],
  ['AIS4020', 'sumo-logic-access-key'],
  ['AIS4021', 'honeycomb-api-key'],
  ['AIS4022', 'splunk-token'],
  ['AIS4023', 'snyk-api-token'],
  ['AIS4024', 'pagerduty-api-token'],
  ['AIS4025', 'facebook-access-token'],
  ['AIS4026', 'salesforce-access-token'],
  ['AIS4027', 'fcm-legacy-server-key'],
  ['AIS4028', 'aws-appsync-api-key'],
  ['AIS4029', 'launchdarkly-key'],
  ['AIS4030', 'harness-api-key'],
  ['AIS4031', 'octopus-deploy-api-key'],
  ['AIS4032', 'frameio-api-token'],
  ['AIS4033', 'infracost-api-key'],
  ['AIS4034', 'dependency-track-api-key'],
  ['AIS4035', 'stackhawk-api-key'],
  ['AIS4036', 'maxmind-license-key'],
  ['AIS4037', 'kubernetes-bootstrap-token'],
  ['AIS4039', 'razorpay-key-secret'],
  ['AIS4040', 'gocardless-access-token'],
  ['AIS4041', 'braintree-access-token'],
  ['AIS4042', 'checkout-secret-key'],
  ['AIS4038', 'password-hash'],
  ['AIS4043', 'paystack-secret-key'],
  ['AIS4044', 'twitter-bearer-token'],
  ['AIS4045', 'google-oauth-refresh-token'],
  ['AIS4046', 'aws-session-token'],
  ['AIS4047', 'gcs-hmac-secret'],
  ['AIS4048', 'tencent-cloud-secret-key'],
  ['AIS4049', 'ibm-cos-hmac-secret'],
  ['AIS4050', 'azure-sas-signature'],
  ['AIS4051', 'azure-identifiable-key'],
  ['AIS4052', 'fastly-api-token'],
  ['AIS4053', 'mandrill-api-key'],
  ['AIS4054', 'postmark-token'],
  ['AIS4055', 'sparkpost-api-key'],
  ['AIS4056', 'pusher-app-secret'],
  ['AIS4057', 'typeform-token'],
  ['AIS4058', 'teamcity-access-token'],
  ['AIS4059', 'codecov-upload-token'],
  ['AIS4060', 'supabase-service-role-key'],
  ['AIS4061', 'kubernetes-service-account-token'],
  ['AIS4062', 'auth0-management-token'],
  ['AIS4063', 'azure-app-configuration-secret'],
  ['AIS4064', 'azure-publish-profile-password'],
  ['AIS4065', 'vault-unseal-key'],
  ['AIS4066', 'softlayer-api-key'],
  ['AIS4067', 'linkedin-client-secret'],
  ['AIS4068', 'zendesk-api-token'],
  ['AIS4069', 'intercom-access-token'],
  ['AIS4070', 'mattermost-access-token'],
  ['AIS4071', 'messagebird-api-key'],
  ['AIS4072', 'drone-ci-token'],
  ['AIS4073', 'travis-ci-token'],
  ['AIS4074', 'mongodb-atlas-private-key'],
  ['AIS4075', 'firebase-database-secret'],
  ['AIS4076', 'lob-api-key'],
  ['AIS4077', 'settlemint-token'],
  ['AIS4078', 'clickhouse-cloud-secret'],
  ['AIS4079', 'notion-legacy-integration-token'],
  ['AIS4080', 'paypal-client-secret'],
  ['AIS4081', 'authress-service-client-key'],
  ['AIS4082', 'azure-entra-refresh-token'],
  ['AIS4083', 'cloudant-legacy-api-key'],
  ['AIS4084', 'freemius-secret-key'],
  ['AIS480', 'hard-coded-secret'],
  ['AIS481', 'secret-exposed-to-browser'],
];

test('rule codes and names are stable', () => {
  assert.deepEqual(SECRET_RULES.map((r) => [r.id, r.name]), STABLE_CODES);
});

test('every secrets rule appears in a bad fixture', () => {
  const expected = new Set(fixtures.flatMap((f) => f.expected.map((e) => e.split(': ')[1])));
  const missing = SECRET_RULES.map((r) => r.id).filter((id) => !expected.has(id));
  assert.deepEqual(missing, []);
});

test('every fix leaves code that parses and no longer raises its finding', async () => {
  const engine = await secretsEngine();
  let checked = 0;
  for (const fixture of fixtures) {
    if (!/\.(?:py|ts|tsx|js)$/.test(fixture.name)) continue;
    const result = engine.analyze({ path: fixture.name, text: fixture.text });
    for (const finding of result.findings) {
      for (const fix of finding.fixes) {
        assert.equal(fix.applicability, 'unsafe', 'moving a secret is never a bulk fix');
        // Only the fix that writes the value to .env keeps it; `aisec fix --unsafe` applies no other.
        assert.equal(fix.losesValue !== true, fix.edits.some((e) => e.file === '.env'), `${fixture.name}: "${fix.title}" is marked losesValue exactly when it stores the value nowhere`);
        const fixed = applyInFileEdits(fixture.text, fix.edits);
        assert.notEqual(fixed, fixture.text, `${fixture.name}: "${fix.title}" changes the file`);
        assert.equal(engine.parsesCleanly(fixture.name, fixed), true, `${fixture.name}: "${fix.title}" leaves code that parses:\n${fixed}`);
        const after = engine.analyze({ path: fixture.name, text: fixed });
        const again = after.findings.some((f) => f.ruleId === finding.ruleId && (f.properties?.['secretHash'] === finding.properties?.['secretHash']));
        assert.equal(again, false, `${fixture.name}:${finding.range.start.line + 1}: "${fix.title}" removes ${finding.ruleId}`);
        checked++;
      }
    }
  }
  assert.ok(checked > 40, `fixes were checked (${checked})`);
});

test('fix shapes: drop the SDK argument, env read with import os, env default, .env and .gitignore edits', async () => {
  const engine = await secretsEngine();
  const fixture = fixtures.find((f) => f.name === 'bad-ai-clients.py')!;
  const result = engine.analyze({ path: fixture.name, text: fixture.text });
  const byLine = (line: number) => result.findings.find((f) => f.range.start.line + 1 === line)!;
  const lines = fixture.text.split('\n');
  const lineOf = (needle: string) => lines.findIndex((l) => l.includes(needle)) + 1;

  const openaiFix = byLine(lineOf('client = OpenAI(api_key='));
  assert.match(openaiFix.fixes[0]!.title, /Remove the key: OpenAI reads OPENAI_API_KEY itself/);
  assert.match(applyInFileEdits(fixture.text, openaiFix.fixes[0]!.edits), /client = OpenAI\(\)/);
  assert.match(openaiFix.message, /must be rotated/);
  assert.match(openaiFix.message, /OPENAI_API_KEY/);

  const groq = byLine(lineOf('groq_client = Groq('));
  const read = applyInFileEdits(fixture.text, groq.fixes[0]!.edits);
  assert.match(read, /groq_client = Groq\(api_key=os\.environ\["GROQ_API_KEY"\]\)/);
  assert.doesNotMatch(read, /^import os\nimport os/m, 'import os is not added twice');

  const envDefault = byLine(lineOf('key = os.getenv("OPENAI_API_KEY"'));
  assert.match(applyInFileEdits(fixture.text, envDefault.fixes[0]!.edits), /key = os\.getenv\("OPENAI_API_KEY"\)/);

  const dotenv = openaiFix.fixes.at(-1)!;
  const envEdit = dotenv.edits.find((e) => e.file === '.env')!;
  const ignoreEdit = dotenv.edits.find((e) => e.file === '.gitignore')!;
  assert.equal(envEdit.appendToFile, true);
  assert.match(envEdit.newText, /^OPENAI_API_KEY=sk-proj-/);
  assert.equal(ignoreEdit.newText, '.env\n');
});

test('a Python file without import os gets one after its docstring', async () => {
  const engine = await secretsEngine();
  const { text } = expandSecretPlaceholders('"""Doc."""\nfrom __future__ import annotations\nclient = Groq(api_key="{{secret:groq}}")\n');
  const finding = engine.analyze({ path: 'x.py', text }).findings[0]!;
  const fixed = applyInFileEdits(text, finding.fixes[0]!.edits);
  assert.equal(fixed, '"""Doc."""\nfrom __future__ import annotations\nimport os\nclient = Groq(api_key=os.environ["GROQ_API_KEY"])\n');
});

test('TS: dropping the only option leaves new OpenAI(), a fallback keeps only the env read', async () => {
  const engine = await secretsEngine();
  const { text } = expandSecretPlaceholders("const a = new OpenAI({ apiKey: '{{secret:openai}}' });\nconst b = process.env.GROQ_API_KEY || '{{secret:groq}}';\nconst c = { Authorization: 'Bearer {{secret:openrouter}}' };\n");
  const [a, b, c] = engine.analyze({ path: 'x.ts', text }).findings;
  assert.match(applyInFileEdits(text, a!.fixes[0]!.edits), /const a = new OpenAI\(\);/);
  assert.match(applyInFileEdits(text, b!.fixes[0]!.edits), /const b = process\.env\.GROQ_API_KEY;/);
  assert.match(applyInFileEdits(text, c!.fixes[0]!.edits), /const c = \{ Authorization: `Bearer \$\{process\.env\.OPENROUTER_API_KEY\}` \};/);
});
