/**
 * Package-manager and build credentials files: Maven `settings.xml`, Gradle `gradle.properties`, Composer
 * `auth.json`, `NuGet.Config`, `.yarnrc.yml`, `.pypirc`, and JDBC connection strings. A plaintext password or
 * token in them is reported; encrypted values (Maven's `{…}`, NuGet's DPAPI `Password`), references and
 * empty values are not.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { secretsEngine } from './engine';
import { generateKey } from './keygen';

const password = generateKey('password', 5);
const token = generateKey('generic', 6);
const npm = generateKey('npm', 7);
const pypi = generateKey('pypi', 8);
const token2 = generateKey('generic', 9);
const hexToken = generateKey('wandb', 10);

/** Each file with the rule of every finding it must give, in order. */
const BAD: Record<string, { text: string; expect: string[] }> = {
  'settings.xml': { text: `<settings>\n  <servers>\n    <server>\n      <id>releases</id>\n      <username>deploy</username>\n      <password>${password}</password>\n    </server>\n  </servers>\n</settings>\n`, expect: ['AIS480'] },
  'gradle.properties': { text: `ossrhUsername=deploy\nossrhPassword=${password}\nsigning.password=${password}\n`, expect: ['AIS480', 'AIS480'] },
  'auth.json': { text: `{\n  "http-basic": {\n    "repo.acme.io": { "username": "deploy", "password": "${password}" }\n  }\n}\n`, expect: ['AIS480'] },
  'NuGet.Config': { text: `<configuration>\n  <packageSourceCredentials>\n    <internal>\n      <add key="Username" value="deploy" />\n      <add key="ClearTextPassword" value="${password}" />\n    </internal>\n  </packageSourceCredentials>\n</configuration>\n`, expect: ['AIS480'] },
  '.yarnrc.yml': { text: `npmScopes:\n  acme:\n    npmRegistryServer: "https://npm.acme.io"\n    npmAuthToken: "${token}"\nnpmRegistries:\n  "https://registry.npmjs.org":\n    npmAuthToken: ${npm}\n`, expect: ['AIS480', 'AIS448'] },
  '.pypirc': { text: `[distutils]\nindex-servers =\n  pypi\n  internal\n\n[pypi]\nusername = __token__\npassword = ${pypi}\n\n[internal]\nrepository = https://pypi.acme.io/\nusername = deploy\npassword = ${password}\n`, expect: ['AIS449', 'AIS480'] },
  // Composer's host-keyed token maps: the key is a host name, so only the map's own name says the value is a token.
  'php/auth.json': { text: `{\n  "bearer": {\n    "repo.acme.io": "${token}"\n  },\n  "github-oauth": { "github.com": "${hexToken}" },\n  "gitlab-oauth": { "gitlab.acme.io:8443": "${token2}" }\n}\n`, expect: ['AIS480', 'AIS480', 'AIS480'] },
  'php/composer.json': { text: `{\n  "name": "acme/app",\n  "config": {\n    "gitlab-token": { "gitlab.acme.io": "${token2}" },\n    "gitlab-domains": ["gitlab.acme.io"]\n  }\n}\n`, expect: ['AIS480'] },
  'config/jdbc.properties': { text: `db.url=jdbc:postgresql://db.prod.acme.io:5432/app?user=app&password=${password}&ssl=true\n`, expect: ['AIS480'] },
  'app/db.py': { text: `URL = "jdbc:sqlserver://db.prod.acme.io:1433;databaseName=app;user=app;password=${password};encrypt=true"\n`, expect: ['AIS480'] },
  'src/db.ts': { text: `export const url = "jdbc:mysql://app:${password}@db.prod.acme.io:3306/app";\n`, expect: ['AIS454'] },
};

const GOOD: Record<string, string> = {
  'settings.xml': '<settings>\n  <servers>\n    <server><id>releases</id><username>deploy</username><password>{COQLCE6DU6GtcS5P=}</password></server>\n    <server><id>snapshots</id><password>${env.MAVEN_PASSWORD}</password></server>\n    <server><id>empty</id><password></password></server>\n  </servers>\n</settings>\n',
  'gradle.properties': 'ossrhUsername=deploy\nossrhPassword=\nsigning.password=${SIGNING_PASSWORD}\norg.gradle.jvmargs=-Xmx2g\n',
  'NuGet.Config': '<configuration>\n  <packageSourceCredentials>\n    <internal>\n      <add key="Username" value="deploy" />\n      <add key="Password" value="AQAAANCMnd8BFdERjHoAwE/Cl+sBAAAAbW9uZ2JhZGtleWJsb2JkYXRhZm9ybm90aGluZw==" />\n      <add key="ClearTextPassword" value="%NUGET_PASSWORD%" />\n    </internal>\n  </packageSourceCredentials>\n</configuration>\n',
  '.yarnrc.yml': 'npmScopes:\n  acme:\n    npmAuthToken: "${NPM_TOKEN}"\n',
  '.pypirc': '[pypi]\nusername = __token__\npassword = <your PyPI token>\n',
  'php/auth.json': '{\n  "github-oauth": { "github.com": "${GITHUB_TOKEN}" },\n  "bearer": { "repo.example.org": "<your-token>" },\n  "gitlab-token": { "gitlab.acme.io": { "username": "deploy", "token": "" } },\n  "http-basic": {}\n}\n',
  // An OpenAPI security scheme named `bearer` holds words, not a host-keyed token.
  'api/openapi.json': '{ "components": { "securitySchemes": { "bearer": { "type": "http", "scheme": "bearer", "bearerFormat": "JWT" } } } }\n',
  'config/jdbc.properties': 'db.url=jdbc:postgresql://localhost:5432/app?user=app&password=${DB_PASSWORD}\nother.url=jdbc:h2:mem:test;user=sa;password=\n',
};

test('plaintext credentials in package-manager and build files are reported', async () => {
  const engine = await secretsEngine();
  for (const [path, { text, expect }] of Object.entries(BAD)) {
    const findings = engine.analyze({ path, text }).findings;
    assert.deepEqual(findings.map((f) => f.ruleId), expect, `${path}:\n${findings.map((f) => `${f.ruleId} ${f.message}`).join('\n')}`);
    for (const f of findings) assert.ok(!/&|;/.test(String(f.properties?.['redacted'])) || f.ruleId !== 'AIS480', `${path}: the value stops at its parameter's end`);
  }
});

test('encrypted values, references and empty values in those files are not reported', async () => {
  const engine = await secretsEngine();
  for (const [path, text] of Object.entries(GOOD)) {
    const findings = engine.analyze({ path, text }).findings;
    assert.deepEqual(findings.map((f) => `${f.ruleId} ${f.message}`), [], `${path}:\n${text}`);
  }
});

test('a JDBC query parameter ends at the next "&"', async () => {
  const engine = await secretsEngine();
  const text = BAD['config/jdbc.properties']!.text;
  const [finding] = engine.analyze({ path: 'config/jdbc.properties', text }).findings;
  const start = text.indexOf(password);
  assert.deepEqual([finding!.range.start.column, finding!.range.end.column], [start, start + password.length]);
});
