/**
 * Secrets hidden in containers: Kubernetes Secret `data` (base64), Docker/Podman registry `auth` entries (base64
 * `user:password`, also inside a Secret's `.dockerconfigjson`) and PuTTY private keys. Each is reported on the
 * encoded value with a message naming the container; templated, empty and placeholder values are not.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { secretsEngine } from './engine';
import { generateKey, randomBody, rng } from './keygen';
import { fileKindOf, type Finding } from '../../server/src/engine/index';

const b64 = (text: string): string => Buffer.from(text).toString('base64');
const GITHUB = generateKey('github', 0, 9101);
const PASSWORD = `Pr0d-${randomBody(rng(9102), 'ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789', 18)}`;
const REGISTRY_TOKEN = generateKey('github', 1, 9103);

async function findings(path: string, text: string): Promise<Finding[]> {
  return (await secretsEngine()).analyze({ path, text }).findings;
}

function lineOf(text: string, value: string): number {
  return text.slice(0, text.indexOf(value)).split('\n').length - 1;
}

test('a Kubernetes Secret: each base64 data value is decoded and scanned; stringData and templates stay as they are', async () => {
  const manifest = [
    'apiVersion: v1',
    'kind: ConfigMap',
    'data:',
    `  note: ${b64('not a secret')}`,
    '---',
    'apiVersion: v1',
    'kind: Secret',
    'metadata:',
    '  name: app',
    'type: Opaque',
    'data:',
    `  github-token: ${b64(GITHUB)}`,
    `  db-password: "${b64(PASSWORD)}"`,
    `  username: ${b64('admin')}`,
    `  placeholder: ${b64('changeme')}`,
    `  templated: "{{ .Values.password | b64enc }}"`,
    '',
  ].join('\n');
  const found = await findings('k8s/secret.yaml', manifest);
  assert.deepEqual(found.map((f) => [f.ruleId, f.range.start.line]), [['AIS444', lineOf(manifest, b64(GITHUB))], ['AIS480', lineOf(manifest, b64(PASSWORD))]], found.map((f) => f.message).join('\n'));
  assert.match(found[0]!.message, /base64-encoded in the Kubernetes Secret's `data\.github-token`; base64 is not encryption/);
  assert.match(found[1]!.message, /`db-password`/);
  // The range is the encoded value, and the hash is the decoded secret's (the same key elsewhere has the same hash).
  assert.equal(found[0]!.range.start.column, '  github-token: '.length);
  const plain = await findings('token.env', `GITHUB_TOKEN=${GITHUB}\n`);
  assert.equal(found[0]!.properties?.secretHash, plain[0]!.properties?.secretHash);
  // Not a Secret: the same data is not decoded (the generic reader may still judge the encoded text under its name).
  const configMap = await findings('configmap.yaml', manifest.replace('kind: Secret', 'kind: ConfigMap'));
  assert.ok(configMap.every((f) => f.ruleId !== 'AIS444' && !/Kubernetes/.test(f.message)), configMap.map((f) => f.message).join('\n'));
});

test('registry auths: config.json, a Secret\'s .dockerconfigjson, and entries without a password', async () => {
  const config = JSON.stringify({ auths: { 'ghcr.io': { auth: b64(`octocat:${REGISTRY_TOKEN}`) }, 'registry.example.com': { auth: b64(`deploy:${PASSWORD}`) }, 'empty.example.com': { auth: b64('user:') } }, credsStore: 'desktop' }, null, 2);
  const found = await findings('.docker/config.json', `${config}\n`);
  assert.deepEqual(found.map((f) => f.ruleId), ['AIS444', 'AIS480'], found.map((f) => f.message).join('\n'));
  assert.match(found[0]!.message, /with the user name "octocat" in a container registry `auth` entry/);
  assert.equal(found[1]!.range.start.line, lineOf(config, b64(`deploy:${PASSWORD}`)));

  const secret = `apiVersion: v1\nkind: Secret\ntype: kubernetes.io/dockerconfigjson\ndata:\n  .dockerconfigjson: ${b64(config)}\n`;
  const nested = await findings('pull-secret.yaml', secret);
  assert.deepEqual(nested.map((f) => [f.ruleId, f.range.start.line]), [['AIS444', 4], ['AIS480', 4]]);
  assert.match(nested[0]!.message, /container registry `auth` entry, inside the Kubernetes Secret's `data\.\.dockerconfigjson`; base64 is not encryption\)/);

  assert.deepEqual((await findings('.dockercfg', JSON.stringify({ 'https://index.docker.io/v1/': { auth: b64(`me:${PASSWORD}`), email: 'me@example.com' } }))).map((f) => f.ruleId), ['AIS480']);
});

test('a PuTTY private key: plain keys are errors, encrypted keys warnings, placeholder bodies nothing', async () => {
  const r = rng(9104);
  const lines = (n: number): string => Array.from({ length: n }, () => randomBody(r, 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/', 64)).join('\n');
  const ppk = (encryption: string, privateLines: string): string =>
    `PuTTY-User-Key-File-3: ssh-ed25519\nEncryption: ${encryption}\nComment: deploy@ci\nPublic-Lines: 2\n${lines(2)}\nPrivate-Lines: 3\n${privateLines}\nPrivate-MAC: ${randomBody(r, '0123456789abcdef', 64)}\n`;
  const plain = await findings('deploy.ppk', ppk('none', lines(3)));
  assert.deepEqual(plain.map((f) => [f.ruleId, f.severity, f.range.start.line, f.range.end.line]), [['AIS452', 'error', 0, 9]]);
  assert.match(plain[0]!.message, /PuTTY ssh-ed25519 private key/);
  const encrypted = await findings('deploy.ppk', ppk('aes256-cbc', lines(3)));
  assert.deepEqual(encrypted.map((f) => [f.ruleId, f.severity]), [['AIS452', 'warning']]);
  assert.deepEqual(await findings('deploy.ppk', ppk('none', 'AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA\nAAAA\nAAAA')), []);
  // Inside Markdown (a README pasting a key), the same block is found.
  assert.deepEqual((await findings('README.md', `# Access\n\n\`\`\`\n${ppk('none', lines(3))}\`\`\`\n`)).map((f) => f.ruleId), ['AIS452']);
});

test('key and credential files are read: .pem, .key, .asc (PGP armour), .ppk and .dockercfg', async () => {
  assert.deepEqual(['server.pem', 'tls.key', 'private.asc', 'id.ppk', '.dockercfg'].map((p) => fileKindOf(p)), ['text', 'text', 'text', 'text', 'json']);
  const r = rng(9105);
  const body = Array.from({ length: 6 }, () => randomBody(r, 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/', 64)).join('\n');
  const armour = `-----BEGIN PGP PRIVATE KEY BLOCK-----\nVersion: GnuPG v2\n\nlQOYBF${body}\n=AbCd\n-----END PGP PRIVATE KEY BLOCK-----\n`;
  assert.deepEqual((await findings('private.asc', armour)).map((f) => f.ruleId), ['AIS452']);
  assert.deepEqual(await findings('public.asc', armour.replace(/PRIVATE/g, 'PUBLIC')), []);
});

const CERTIFICATE = `-----BEGIN CERTIFICATE-----\nMIIC${randomBody(rng(9106), 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/', 60)}\n-----END CERTIFICATE-----\n`;
const CLIENT_KEY = generateKey('private-key', 0, 9107);
const SA_TOKEN = randomBody(rng(9108), 'abcdefghijklmnopqrstuvwxyz0123456789', 32);

function kubeconfig(user: { key: string; token: string; password: string }): string {
  return [
    'apiVersion: v1',
    'kind: Config',
    'clusters:',
    '- cluster:',
    `    certificate-authority-data: ${b64(CERTIFICATE)}`,
    '    server: https://k8s.example.com:6443',
    '  name: prod',
    'users:',
    '- name: admin',
    '  user:',
    `    client-certificate-data: ${b64(CERTIFICATE)}`,
    `    client-key-data: ${user.key}`,
    '- name: ci',
    '  user:',
    `    token: ${user.token}`,
    '- name: basic',
    '  user:',
    '    username: admin',
    `    password: ${user.password}`,
    '',
  ].join('\n');
}

test('a kubeconfig: the client key is decoded, token and password are read, certificates are public', async () => {
  const text = kubeconfig({ key: b64(CLIENT_KEY), token: SA_TOKEN, password: PASSWORD });
  for (const path of ['.kube/config', 'deploy/kubeconfig', 'admin.kubeconfig', 'kubeconfig.yaml']) {
    assert.equal(fileKindOf(path), 'yaml', path);
    const found = await findings(path, text);
    assert.deepEqual(found.map((f) => [f.ruleId, f.range.start.line]), [['AIS452', 11], ['AIS480', 14], ['AIS480', 18]], `${path}: ${found.map((f) => f.message).join('\n')}`);
    assert.match(found[0]!.message, /base64-encoded in a kubeconfig's `client-key-data`, which with its certificate signs in to the cluster; base64 is not encryption/);
    assert.equal(found[0]!.range.start.column, '    client-key-data: '.length);
    assert.match(found[1]!.message, /`token`/);
  }
  // The same kubeconfig in JSON (kubectl reads both).
  const json = JSON.stringify({ apiVersion: 'v1', kind: 'Config', users: [{ name: 'admin', user: { 'client-certificate-data': b64(CERTIFICATE), 'client-key-data': b64(CLIENT_KEY) } }, { name: 'ci', user: { token: SA_TOKEN } }] }, null, 2);
  const fromJson = await findings('kubeconfig.json', json);
  assert.deepEqual(fromJson.map((f) => [f.ruleId, f.range.start.line]), [['AIS452', lineOf(json, b64(CLIENT_KEY))], ['AIS480', lineOf(json, SA_TOKEN)]], fromJson.map((f) => f.message).join('\n'));
  // The key's hash is the decoded key's.
  assert.equal(found0Hash(await findings('.kube/config', text)), found0Hash(await findings('key.pem', `${CLIENT_KEY}\n`)));
});

function found0Hash(found: Finding[]): unknown {
  return found[0]!.properties?.secretHash;
}

test('a kubeconfig without credentials in it: placeholders, exec plugins and certificates alone report nothing', async () => {
  const placeholders = kubeconfig({ key: 'REDACTED', token: '<your-token>', password: '${KUBE_PASSWORD}' });
  assert.deepEqual(await findings('.kube/config', placeholders), []);
  const exec = 'apiVersion: v1\nkind: Config\nusers:\n- name: eks\n  user:\n    exec:\n      apiVersion: client.authentication.k8s.io/v1beta1\n      command: aws\n      args: [eks, get-token, --cluster-name, prod]\n';
  assert.deepEqual(await findings('.kube/config', exec), []);
});

test('a Kubernetes Secret in JSON: data values are decoded, alone or in a List; other kinds and escaped values are not', async () => {
  const secret = (name: string, data: Record<string, string>): Record<string, unknown> => ({ apiVersion: 'v1', kind: 'Secret', metadata: { name }, type: 'Opaque', data });
  const single = JSON.stringify(secret('app', { 'github-token': b64(GITHUB), 'db-password': b64(PASSWORD), username: b64('admin'), placeholder: b64('changeme') }), null, 2);
  const found = await findings('secret.json', single);
  assert.deepEqual(found.map((f) => [f.ruleId, f.range.start.line]), [['AIS444', lineOf(single, b64(GITHUB))], ['AIS480', lineOf(single, b64(PASSWORD))]], found.map((f) => f.message).join('\n'));
  assert.match(found[0]!.message, /base64-encoded in the Kubernetes Secret's `data\.github-token`; base64 is not encryption/);
  assert.equal(found[0]!.range.start.column, lineText(single, b64(GITHUB)).indexOf(b64(GITHUB)));

  const list = JSON.stringify({ apiVersion: 'v1', kind: 'List', items: [{ apiVersion: 'v1', kind: 'ConfigMap', data: { note: b64(GITHUB) } }, secret('pull', { '.dockerconfigjson': b64(JSON.stringify({ auths: { 'ghcr.io': { auth: b64(`octocat:${REGISTRY_TOKEN}`) } } })) })] });
  const listed = await findings('secrets.json', list);
  assert.deepEqual(listed.map((f) => f.ruleId), ['AIS444'], listed.map((f) => f.message).join('\n'));
  assert.match(listed[0]!.message, /container registry `auth` entry, inside the Kubernetes Secret's `data\.\.dockerconfigjson`/);

  // A ConfigMap is not decoded (its base64 is data, and the raw text is judged by the generic reader under its name at most).
  const configMap = await findings('configmap.json', single.replace('"Secret"', '"ConfigMap"'));
  assert.ok(configMap.every((f) => f.ruleId !== 'AIS444' && !/Kubernetes/.test(f.message)), configMap.map((f) => f.message).join('\n'));
  // JSON that does not parse is left to the plain scan (the generic reader judges the encoded text under its name).
  const broken = await findings('broken.json', single.slice(0, single.indexOf('"username"')));
  assert.ok(broken.every((f) => !/Kubernetes/.test(f.message)), broken.map((f) => f.message).join('\n'));
});

function lineText(text: string, value: string): string {
  const at = text.indexOf(value);
  return text.slice(text.lastIndexOf('\n', at) + 1, text.indexOf('\n', at) < 0 ? text.length : text.indexOf('\n', at));
}
