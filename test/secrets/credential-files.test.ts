/**
 * Files that hold credentials outside the languages AISec analyses: Oracle Cloud's CLI configuration
 * (`~/.oci/config`, whose `pass_phrase` unlocks the API signing key), Gradle build scripts (keystore passwords) and
 * PHP plugins (SDK secrets), read by the secrets rules only.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { secretsEngine } from './engine';
import { generateKey } from './keygen';
import { fileKindOf } from '../../server/src/engine/file-kinds';

const passphrase = generateKey('password', 11);

function ociConfig(value: string): string {
  return [
    '[DEFAULT]',
    'user=ocid1.user.oc1..aaaaaaaa3xq7vn2lk5r4mz6tq2b8c4d5e6f7g8h9j0k1l2m3n4o5p6q7',
    'fingerprint=20:3b:97:13:55:1c:5b:0d:d3:37:d8:50:4e:c5:3a:34',
    'key_file=~/.oci/oci_api_key.pem',
    `pass_phrase=${value}`,
    'tenancy=ocid1.tenancy.oc1..aaaaaaaaba3pv6wkcr4jqae5f15p2b2m2yt2j6rx32uzr4h25vqstifs',
    'region=us-ashburn-1',
    '',
  ].join('\n');
}

test('the passphrase of an Oracle Cloud signing key is reported; the OCIDs and the fingerprint are not', async () => {
  const engine = await secretsEngine();
  const findings = engine.analyze({ path: 'home/.oci/config', text: ociConfig(passphrase) }).findings;
  assert.deepEqual(findings.map((f) => [f.ruleId, f.range.start.line]), [['AIS480', 4]]);
  assert.deepEqual(engine.analyze({ path: 'home/.oci/config', text: ociConfig('<your-passphrase>') }).findings, []);
});

test('PHP and Gradle build scripts have a kind of their own, and Oracle Cloud configuration is text', () => {
  assert.equal(fileKindOf('wp-content/plugins/acme/acme.php'), 'other-code');
  assert.equal(fileKindOf('app/build.gradle'), 'other-code');
  assert.equal(fileKindOf('app/build.gradle.kts'), 'other-code');
  assert.equal(fileKindOf('gradle/signing.gradle'), 'other-code');
  assert.equal(fileKindOf('home/.oci/config'), 'text');
});

test('git credential stores, netrc files and Terraform variables and state are read for secrets', async () => {
  const engine = await secretsEngine();
  const token = generateKey('password', 12);
  const files: Record<string, string> = {
    'home/.git-credentials': `https://deploy:${token}@git.acme.io\n`,
    'infra/prod.tfvars': `db_password = "${token}"\n`,
    'infra/terraform.tfstate': `{"version": 4, "resources": [{"instances": [{"attributes": {"id": "db-1", "password": "${token}"}}]}]}\n`,
    'home/.netrc': `machine api.heroku.com\n  login deploy@acme.io\n  password ${'3f9c2b1a-7d4e-4a6b-9c8d-2e1f0a9b8c7d'}\n`,
  };
  for (const [path, text] of Object.entries(files)) {
    assert.equal(fileKindOf(path), 'text', path);
    assert.equal(engine.analyze({ path, text }).findings.length, 1, path);
  }
});

test('Yarn\'s npmAuthIdent (base64 of user:password) is reported; a reference to a variable is not', async () => {
  const engine = await secretsEngine();
  const ident = Buffer.from(`deploy:${generateKey('password', 13)}`).toString('base64');
  const bad = engine.analyze({ path: '.yarnrc.yml', text: `npmRegistries:\n  "https://npm.acme.io":\n    npmAuthIdent: "${ident}"\n` }).findings;
  assert.deepEqual(bad.map((f) => [f.ruleId, f.range.start.line]), [['AIS480', 2]]);
  const good = engine.analyze({ path: '.yarnrc.yml', text: 'npmRegistries:\n  "https://npm.acme.io":\n    npmAuthIdent: "${NPM_AUTH_IDENT}"\n' }).findings;
  assert.deepEqual(good, []);
});
