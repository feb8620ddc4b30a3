/**
 * Paired credentials: a secret and the identifier it works with, in one file, are one finding on the secret with
 * both locations (the identifier as the first flow step); an identifier with no secret nearby is reported alone,
 * and an identifier too far away is not taken as the pair.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { secretsEngine } from './engine';
import { generateKey, randomBody, rng } from './keygen';
import type { Finding } from '../../server/src/engine/index';

const KEY_ID = generateKey('aws-access-key-id', 0, 8101);
const SECRET = generateKey('aws-secret-access-key', 0, 8102);
const AZURE_SECRET = generateKey('azure-ad-client-secret', 0, 8103);
const TWILIO_KEY = generateKey('twilio', 0, 2);
const CLIENT_ID = '6f1c2d3e-4b5a-4c7d-8e9f-a0b1c2d3e4f5';
const ACCOUNT_SID = `AC${randomBody(rng(8105), '0123456789abcdef', 32)}`;

async function findings(path: string, text: string): Promise<Finding[]> {
  return (await secretsEngine()).analyze({ path, text }).findings;
}

function lineOf(text: string, value: string): number {
  return text.slice(0, text.indexOf(value)).split('\n').length - 1;
}

test('an AWS key id and its secret access key are one finding, in code, .env and YAML', async () => {
  const files: Record<string, string> = {
    'deploy.py': `import boto3\n\ns3 = boto3.client(\n    "s3",\n    aws_access_key_id="${KEY_ID}",\n    aws_secret_access_key="${SECRET}",\n)\n`,
    'deploy.ts': `const s3 = new S3Client({\n  credentials: {\n    accessKeyId: "${KEY_ID}",\n    secretAccessKey: "${SECRET}",\n  },\n});\n`,
    '.env': `AWS_ACCESS_KEY_ID=${KEY_ID}\nAWS_REGION=eu-west-1\nAWS_SECRET_ACCESS_KEY=${SECRET}\n`,
    'values.yaml': `aws:\n  secret_access_key: ${SECRET}\n  access_key_id: ${KEY_ID}\n`,
  };
  for (const [path, text] of Object.entries(files)) {
    const found = await findings(path, text);
    assert.deepEqual(found.map((f) => f.ruleId), ['AIS441'], `${path}: ${found.map((f) => `${f.ruleId} ${f.message}`).join('\n')}`);
    const [finding] = found;
    assert.equal(finding!.range.start.line, lineOf(text, SECRET), path);
    assert.deepEqual(finding!.flow?.map((step) => step.range.start.line), [lineOf(text, KEY_ID), lineOf(text, SECRET)], path);
    assert.match(finding!.message, new RegExp(`together with its access key id AKIA…\\w{4} \\(line ${lineOf(text, KEY_ID) + 1}\\)`), path);
    const shown = JSON.stringify({ ...finding, fixes: [] });
    assert.ok(!shown.includes(KEY_ID) && !shown.includes(SECRET), `${path}: no raw value outside the .env fix`);
    assert.equal(finding!.properties?.pairedWith, finding!.flow![0]!.message.split(' ').pop());
  }
});

test('an AWS key id alone, or with its secret out of reach, is reported on its own', async () => {
  assert.deepEqual((await findings('a.py', `KEY_ID = "${KEY_ID}"\n`)).map((f) => f.ruleId), ['AIS440']);
  const far = `aws_access_key_id = "${KEY_ID}"\n${'# filler line of comment text\n'.repeat(60)}aws_secret_access_key = "${SECRET}"\n`;
  const found = await findings('far.py', far);
  assert.deepEqual(found.map((f) => f.ruleId).sort(), ['AIS440', 'AIS441']);
  assert.ok(found.every((f) => f.flow === undefined));
  // The secret is a docstring the syntax tree rejects: the key id is then reported on its own.
  const doc = `def f():\n    """aws_secret_access_key ${SECRET}"""\n    return "${KEY_ID}"\n`;
  assert.deepEqual((await findings('doc.py', doc)).map((f) => f.ruleId), ['AIS440']);
});

test('an Entra ID client secret with its client id, and a Twilio API key with its account SID', async () => {
  const azure = `from azure.identity import ClientSecretCredential\n\nAZURE_TENANT_ID = "0a1b2c3d-0000-4000-8000-123456789abc"\nAZURE_CLIENT_ID = "${CLIENT_ID}"\ncredential = ClientSecretCredential(AZURE_TENANT_ID, AZURE_CLIENT_ID, "${AZURE_SECRET}")\n`;
  const [entra] = await findings('azure.py', azure);
  assert.equal(entra?.ruleId, 'AIS443');
  assert.deepEqual(entra!.flow?.map((s) => s.range.start.line), [3, 4], 'the client id, not the tenant id');
  assert.match(entra!.message, /together with its client id 6f1c…e4f5 \(line 4\)/);

  const twilio = `# twilio\nTWILIO_ACCOUNT_SID=${ACCOUNT_SID}\nTWILIO_API_KEY=${TWILIO_KEY}\n`;
  const [key] = await findings('.env', twilio);
  assert.equal(key?.ruleId, 'AIS451');
  assert.deepEqual(key!.flow?.map((s) => s.range.start.line), [1, 2]);
  assert.match(key!.message, /together with its account SID/);

  // A GUID that is not named as a client id is not the pair.
  const unnamed = azure.replace('AZURE_CLIENT_ID = ', 'SUBSCRIPTION = ');
  const [alone] = await findings('azure.py', unnamed);
  assert.equal(alone?.flow, undefined);
});

test('temporary AWS credentials (ASIA key id, secret and session token) are one finding naming all three places', async () => {
  const keyId = generateKey('aws-sts-key-id', 0, 8201);
  const secret = generateKey('aws-secret-access-key', 0, 8202);
  const token = generateKey('aws-session-token', 0, 8203);
  const files: Record<string, string> = {
    'credentials.sh': `export AWS_ACCESS_KEY_ID=${keyId}\nexport AWS_SECRET_ACCESS_KEY=${secret}\nexport AWS_SESSION_TOKEN=${token}\n`,
    'session.py': `session = boto3.Session(\n    aws_access_key_id="${keyId}",\n    aws_secret_access_key="${secret}",\n    aws_session_token="${token}",\n)\n`,
  };
  for (const [path, text] of Object.entries(files)) {
    const found = await findings(path, text);
    assert.deepEqual(found.map((f) => f.ruleId), ['AIS441'], `${path}: ${found.map((f) => `${f.ruleId} ${f.message}`).join('\n')}`);
    assert.deepEqual(found[0]!.flow?.map((step) => step.range.start.line), [lineOf(text, keyId), lineOf(text, secret), lineOf(text, token)], path);
    assert.match(found[0]!.message, /together with its access key id ASIA…\w{4} \(line \d\) and its session token IQoJ…\S{4} \(line \d\)/, path);
  }
  // Without its secret, the token is its own finding, and the key id is reported on its own.
  const alone = await findings('.env', `AWS_ACCESS_KEY_ID=${keyId}\nAWS_SESSION_TOKEN=${token}\n`);
  assert.deepEqual(alone.map((f) => f.ruleId), ['AIS440', 'AIS4046']);
});

test('object-store HMAC secrets are one finding with their access id (Cloud Storage, Tencent Cloud, IBM COS)', async () => {
  const cases: [string, string, string, RegExp][] = [
    ['AIS4047', generateKey('gcs-hmac-id', 0, 1), generateKey('gcs-hmac', 0, 2), /HMAC access id GOOG…/],
    ['AIS4048', generateKey('tencent-cloud-id', 0, 3), generateKey('tencent-cloud', 0, 4), /SecretId AKID…/],
    ['AIS4049', generateKey('ibm-cos-hmac-id', 0, 5), generateKey('ibm-cos-hmac', 0, 6), /HMAC access key id/],
  ];
  for (const [ruleId, id, secret, label] of cases) {
    const text = ruleId === 'AIS4049'
      ? `{\n  "cos_hmac_keys": {\n    "access_key_id": "${id}",\n    "secret_access_key": "${secret}"\n  }\n}\n`
      : ruleId === 'AIS4047'
        ? `[Credentials]\ngs_access_key_id = ${id}\ngs_secret_access_key = ${secret}\n`
        : `cred = credential.Credential("${id}", "${secret}")  # AKID pair\n`;
    const path = ruleId === 'AIS4048' ? 'tencent.py' : ruleId === 'AIS4047' ? 'boto.cfg' : 'credentials.json';
    const found = await findings(path, text);
    assert.deepEqual(found.map((f) => f.ruleId), [ruleId], `${path}: ${found.map((f) => `${f.ruleId} ${f.message}`).join('\n')}`);
    assert.match(found[0]!.message, label, path);
    assert.equal(found[0]!.flow?.length, 2, `${path}: the access id is the first location`);
  }
});

test('a PayPal client secret and its client id are one finding; the client id alone is not reported', async () => {
  const id = generateKey('paypal-client-id', 0, 8201);
  const secret = generateKey('paypal', 0, 8202);
  const files: Record<string, string> = {
    '.env': `PAYPAL_MODE=live\nPAYPAL_CLIENT_ID=${id}\nPAYPAL_CLIENT_SECRET=${secret}\n`,
    'pay.py': `paypalrestsdk.configure({\n    "mode": "live",\n    "client_id": "${id}",\n    "client_secret": "${secret}",\n})\n`,
  };
  for (const [path, text] of Object.entries(files)) {
    const found = await findings(path, text);
    assert.deepEqual(found.map((f) => f.ruleId), ['AIS4080'], `${path}: ${found.map((f) => `${f.ruleId} ${f.message}`).join('\n')}`);
    assert.equal(found[0]!.range.start.line, lineOf(text, secret), path);
    assert.deepEqual(found[0]!.flow?.map((step) => step.range.start.line), [lineOf(text, id), lineOf(text, secret)], path);
    assert.ok(!JSON.stringify({ ...found[0], fixes: [] }).includes(id), `${path}: the client id is redacted too`);
  }
  assert.deepEqual(await findings('.env', `PAYPAL_CLIENT_ID=${id}\n`), []);
});

test('a Coinbase CDP private key is reported with its key name', async () => {
  const org = '3f9c2b1a-7d4e-4a6b-9c8d-2e1f0a9b8c7d';
  const key = '8a7b6c5d-4e3f-4a1b-9c2d-7e6f5a4b3c2d';
  const lines = [`MHcCAQEEI${randomBody(rng(8203), 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/', 55)}`];
  for (let i = 0; i < 2; i++) lines.push(randomBody(rng(8204 + i), 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/', 64));
  const pem = `-----BEGIN EC PRIVATE KEY-----\\n${lines.join('\\n')}\\n-----END EC PRIVATE KEY-----\\n`;
  const text = `{\n  "name": "organizations/${org}/apiKeys/${key}",\n  "privateKey": "${pem}"\n}\n`;
  const found = await findings('cdp_api_key.json', text);
  assert.deepEqual(found.map((f) => f.ruleId), ['AIS452'], found.map((f) => `${f.ruleId} ${f.message}`).join('\n'));
  assert.match(found[0]!.message, /Coinbase CDP API key name/);
  assert.equal(found[0]!.flow?.[0]?.range.start.line, 1);
});

test('an Oracle Cloud API signing key is reported with its fingerprint when an OCID says whose key it is', async () => {
  const base64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
  const lines = [`MIIEvQIBADANBgkqhkiG9w0BAQEFAASC${randomBody(rng(9301), base64, 32)}`];
  for (let i = 0; i < 4; i++) lines.push(randomBody(rng(9302 + i), base64, 64));
  const pem = `-----BEGIN PRIVATE KEY-----\\n${lines.join('\\n')}\\n-----END PRIVATE KEY-----\\n`;
  const fingerprint = Array.from({ length: 16 }, (_, i) => randomBody(rng(9310 + i), '0123456789abcdef', 2)).join(':');
  const ocid = (kind: string): string => `ocid1.${kind}.oc1..aaaaaaaa${randomBody(rng(kind.length), 'abcdefghijklmnopqrstuvwxyz0123456789', 52)}`;
  const text = `config = {\n    "user": "${ocid('user')}",\n    "fingerprint": "${fingerprint}",\n    "tenancy": "${ocid('tenancy')}",\n    "region": "eu-frankfurt-1",\n    "key_content": "${pem}",\n}\n`;
  const found = await findings('deploy/oci_client.py', text);
  assert.deepEqual(found.map((f) => f.ruleId), ['AIS452'], found.map((f) => `${f.ruleId} ${f.message}`).join('\n'));
  assert.match(found[0]!.message, /Oracle Cloud API key fingerprint/);
  assert.equal(found[0]!.flow?.[0]?.range.start.line, 2);
  // The same key next to an SSH-style fingerprint with no OCID is a private key and nothing more.
  const plain = await findings('deploy/keys.py', `FINGERPRINT = "${fingerprint}"\nKEY = "${pem}"\n`);
  assert.deepEqual(plain.map((f) => f.ruleId), ['AIS452']);
  assert.doesNotMatch(plain[0]!.message, /Oracle Cloud/);
});
