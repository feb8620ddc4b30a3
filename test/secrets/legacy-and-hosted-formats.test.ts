/**
 * Formats of `secrets-formats.md` found in the tenth session's gap list: credentials known by the host of the URL
 * that carries them (a legacy Sentry DSN's secret key, a Cloudant account URL on its current host, an Azure
 * Functions `code` parameter, a Teams connector on its first host), legacy keys that are bare UUIDs next to their
 * provider's name (npm, HubSpot), Cloudant's IAM keys, Yandex static keys, Mapbox temporary tokens and GitLab
 * session cookies. Each is reported in code, `.env`, shell and Markdown; placeholders, public parts, prose and
 * the same shapes without their context are not.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { secretsEngine } from './engine';
import { randomBody, rng } from './keygen';

const next = rng(1710);
const HEX = '0123456789abcdef';
const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
const B64URL = `${ALNUM}_-`;
const hex = (n: number): string => randomBody(next, HEX, n);
const uuid = (): string => `${hex(8)}-${hex(4)}-4${hex(3)}-a${hex(3)}-${hex(12)}`;
const b64u = (text: string): string => Buffer.from(text).toString('base64url');

/** Each credential in the line that carries it, and the rule that must report it. */
const BAD: readonly { name: string; line: string; ruleId: string }[] = [
  { name: 'legacy Sentry DSN', line: `SENTRY_DSN=https://${hex(32)}:${hex(32)}@o451234.ingest.sentry.io/5512345`, ruleId: 'AIS488' },
  { name: 'Cloudant legacy URL (appdomain host)', line: `CLOUDANT_URL=https://${uuid()}-bluemix:${hex(64)}@${uuid()}-bluemix.cloudantnosqldb.appdomain.cloud`, ruleId: 'AIS4083' },
  { name: 'Cloudant legacy URL (long account name)', line: `CLOUDANT_URL=https://${uuid()}-bluemix:${hex(64)}@${uuid()}-bluemix.cloudant.com`, ruleId: 'AIS4083' },
  { name: 'Cloudant IAM key', line: `CLOUDANT_APIKEY=${randomBody(next, B64URL, 44)}`, ruleId: 'AIS463' },
  { name: 'Azure Functions code parameter', line: `FUNCTION_URL=https://orders-api.azurewebsites.net/api/HttpTrigger1?code=${randomBody(next, B64URL, 54)}==`, ruleId: 'AIS4051' },
  { name: 'Azure Functions key header', line: `curl -H "x-functions-key: ${randomBody(next, B64URL, 54)}==" https://orders-api.azurewebsites.net/api/run`, ruleId: 'AIS4051' },
  { name: 'Teams connector on the legacy host', line: `TEAMS_WEBHOOK=https://outlook.office.com/webhook/${uuid()}@${uuid()}/IncomingWebhook/${hex(32)}/${uuid()}`, ruleId: 'AIS439' },
  { name: 'npm legacy token in .npmrc syntax', line: `//registry.npmjs.org/:_authToken=${uuid()}`, ruleId: 'AIS448' },
  { name: 'npm legacy token in NPM_TOKEN', line: `NPM_TOKEN=${uuid()}`, ruleId: 'AIS448' },
  { name: 'HubSpot legacy hapikey', line: `curl "https://api.hubapi.com/contacts/v1/lists/all/contacts/all?hapikey=${uuid()}"`, ruleId: 'AIS4014' },
  { name: 'Yandex static key secret', line: `YC_SECRET_ACCESS_KEY=YC${randomBody(next, B64URL, 38)}`, ruleId: 'AIS4017' },
  { name: 'Mapbox temporary token', line: `MAPBOX_TOKEN=tk.${b64u('{"u":"acme","a":"' + randomBody(next, ALNUM, 12) + '"}')}.${randomBody(next, B64URL, 22)}`, ruleId: 'AIS476' },
  { name: 'GitLab session cookie', line: `curl -H "Cookie: _gitlab_session=${hex(32)}" https://gitlab.acme.io/api/v4/projects`, ruleId: 'AIS445' },
];

/** The line as each file kind writes it. */
function filesHolding(line: string): Record<string, string> {
  const quoted = JSON.stringify(line);
  return {
    'app/settings.py': `SETTING = ${quoted}\n`,
    'src/settings.ts': `export const setting = ${quoted};\n`,
    '.env': `${line}\n`,
    'scripts/deploy.sh': `#!/bin/sh\n${line}\n`,
    'docs/setup.md': `# Setup\n\n\`\`\`sh\n${line}\n\`\`\`\n`,
  };
}

test('each format of the gap list is reported in code, .env, shell and Markdown', async () => {
  const engine = await secretsEngine();
  const missed: string[] = [];
  for (const bad of BAD) {
    for (const [path, text] of Object.entries(filesHolding(bad.line))) {
      const rules = engine.analyze({ path, text }).findings.map((f) => f.ruleId);
      if (!rules.includes(bad.ruleId)) missed.push(`${bad.name} in ${path}: ${rules.join(', ') || 'nothing'}`);
    }
  }
  assert.deepEqual(missed, []);
});

test('the secret of a legacy DSN is reported, never its public key, and the message names it', async () => {
  const engine = await secretsEngine();
  const publicKey = hex(32);
  const secret = hex(32);
  const [finding, ...rest] = engine.analyze({ path: 'app/monitoring.py', text: `sentry_sdk.init("https://${publicKey}:${secret}@sentry.io/123")\n` }).findings;
  assert.equal(rest.length, 0);
  assert.equal(finding?.ruleId, 'AIS488');
  assert.match(finding.message, /DSN secret key/);
  assert.ok(!finding.message.includes(secret) && !finding.message.includes(publicKey));
});

test('placeholders, public parts and the same shapes without their context are not reported', async () => {
  const engine = await secretsEngine();
  const lines = [
    // A current DSN has only its public key, which is meant for the browser.
    `SENTRY_DSN=https://${hex(32)}@o451234.ingest.sentry.io/5512345`,
    // A hex password on a host that is not Sentry's or Cloudant's is left to the URL reader's own rules.
    `MIRROR=https://${hex(32)}:${hex(32)}@mirror.acme.io/simple`,
    // Cloudant's account name (`<uuid>-bluemix`) is 44 characters like an IAM key, but it is a user name.
    `{"username": "${uuid()}-bluemix", "host": "${uuid()}-bluemix.cloudantnosqldb.appdomain.cloud"}`,
    'CLOUDANT_URL=https://<account>:<apikey>@<account>.cloudantnosqldb.appdomain.cloud',
    'FUNCTION_URL=https://orders-api.azurewebsites.net/api/HttpTrigger1?code=<your-function-key>',
    `FUNCTION_URL=https://orders-api.azurewebsites.net/api/HttpTrigger1?name=${randomBody(next, ALNUM, 40)}`,
    'TEAMS_WEBHOOK=https://outlook.office.com/webhook/<id>@<tenant>/IncomingWebhook/<hash>/<id>',
    '//registry.npmjs.org/:_authToken=${NPM_TOKEN}',
    // A UUID with no npm or HubSpot name near it is an identifier.
    `REQUEST_ID=${uuid()}`,
    `curl "https://api.hubapi.com/contacts/v1/lists/all/contacts/all?hapikey=YOUR_HUBSPOT_API_KEY"`,
    // `YC` and 38 characters without a Yandex name near them.
    `BUILD_TAG=YC${randomBody(next, B64URL, 38)}`,
    `MAPBOX_TOKEN=pk.${b64u('{"u":"acme","a":"' + randomBody(next, ALNUM, 12) + '"}')}.${randomBody(next, B64URL, 22)}`,
    'Cookie: _gitlab_session=<session>',
  ];
  const reported: string[] = [];
  for (const line of lines) {
    for (const [path, text] of Object.entries(filesHolding(line))) {
      const rules = engine.analyze({ path, text }).findings.map((f) => f.ruleId);
      if (rules.length > 0) reported.push(`${path}: ${line} -> ${rules.join(', ')}`);
    }
  }
  assert.deepEqual(reported, []);
});
