/**
 * Credentials written where no `=` or `:` names them, or where only the path says what a value is: a committed
 * Rails master key (AIS4086), `.pgpass` lines and netrc `password` words (AIS480), and C#, PowerShell and batch
 * files, read by the secrets rules as `other-code`.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { secretsEngine } from './engine';
import { generateKey, randomBody, rng } from './keygen';
import { fileKindOf } from '../../server/src/engine/file-kinds';

const next = rng(4086);
const hexKey = (): string => randomBody(next, '0123456789abcdef', 32);

test('a committed Rails master key is reported by its path; placeholders and other .key files are not', async () => {
  const engine = await secretsEngine();
  const rules = (path: string, text: string): [string, string | undefined][] =>
    engine.analyze({ path, text }).findings.map((f) => [f.ruleId, f.severity]);
  const key = hexKey();
  assert.deepEqual(rules('app/config/master.key', `${key}\n`), [['AIS4086', 'error']]);
  assert.deepEqual(rules('config/credentials/production.key', key), [['AIS4086', 'error']]);
  assert.deepEqual(rules('config\\credentials\\staging.key', `${hexKey()}\r\n`), [['AIS4086', 'error']]);
  // The finding shows the key redacted, never whole.
  const message = engine.analyze({ path: 'config/master.key', text: key }).findings[0]!.message;
  assert.ok(!message.includes(key) && message.includes(key.slice(-4)), message);
  // In test material it is information (audit profile only).
  assert.deepEqual(rules('spec/dummy/config/master.key', key), []);
  // Placeholders, other contents and other paths.
  for (const text of ['0'.repeat(32), '0123456789abcdef0123456789abcdef', '<paste the master key here>', `${key.toUpperCase()}`, `${key}${key}`, `# ${key}`]) {
    assert.deepEqual(rules('config/master.key', text), [], text);
  }
  assert.deepEqual(rules('config/server.key', key), []);
  assert.deepEqual(rules('master.key', key), []);
});

test('.pgpass passwords are reported; wildcards, placeholders and comments are not', async () => {
  const engine = await secretsEngine();
  const password = generateKey('password', 21);
  assert.equal(fileKindOf('home/.pgpass'), 'text');
  assert.equal(fileKindOf('AppData/Roaming/postgresql/pgpass.conf'), 'text');
  const bad = [
    '# hostname:port:database:username:password',
    `db.internal.acme.io:5432:orders:app:${password}`,
    `*:*:*:replicator:${generateKey('password', 22).replace(/:/g, '')}`,
    // An escaped colon belongs to the field it is in.
    'warehouse\\:primary:5432:*:etl:' + generateKey('password', 23),
  ].join('\n');
  const findings = engine.analyze({ path: 'home/.pgpass', text: bad }).findings;
  assert.deepEqual(findings.map((f) => [f.ruleId, f.range.start.line]), [['AIS480', 1], ['AIS480', 2], ['AIS480', 3]]);
  assert.equal(bad.split('\n')[1]!.slice(findings[0]!.range.start.column), password);
  const good = ['localhost:5432:*:postgres:postgres', 'db:5432:app:app:<password>', 'db:5432:app:app:changeme', 'db:5432:app:app:*', '# db:5432:app:app:' + password, 'not:a:pgpass:line'].join('\n');
  assert.deepEqual(engine.analyze({ path: 'home/.pgpass', text: good }).findings, []);
});

test('netrc passwords are reported on their own line or inline; placeholders are not, and a provider token keeps its rule', async () => {
  const engine = await secretsEngine();
  const password = generateKey('password', 24);
  const bad = `machine ftp.acme.io\n  login deploy\n  password ${password}\n\nmachine git.acme.io login ci password "${generateKey('password', 25)}"\n`;
  const findings = engine.analyze({ path: 'home/.netrc', text: bad }).findings;
  assert.deepEqual(findings.map((f) => [f.ruleId, f.range.start.line]), [['AIS480', 2], ['AIS480', 4]]);
  const github = generateKey('github', 3);
  assert.deepEqual(engine.analyze({ path: 'home/_netrc', text: `machine github.com login x-access-token password ${github}\n` }).findings.map((f) => f.ruleId), ['AIS444']);
  const good = 'machine ftp.acme.io login deploy password <your-password>\nmachine git.acme.io login ci password $GIT_PASSWORD\ndefault login anonymous password user@example.com\n';
  assert.deepEqual(engine.analyze({ path: 'home/.netrc', text: good }).findings, []);
});

test('C#, PowerShell and batch files are read for secrets; references to the environment are not reported', async () => {
  const engine = await secretsEngine();
  for (const path of ['src/Deploy/Program.cs', 'scripts/deploy.ps1', 'scripts/Admin.psm1', 'tools/release.bat', 'tools/release.cmd']) assert.equal(fileKindOf(path), 'other-code', path);
  const openai = generateKey('openai-svcacct', 7);
  const password = generateKey('password', 26);
  const bad: Record<string, string> = {
    'src/Deploy/Program.cs': `var client = new OpenAIClient("${openai}");\nprivate const string DbPassword = "${password}";\n`,
    'scripts/deploy.ps1': `$env:OPENAI_API_KEY = "${openai}"\n$password = "${password}"\n`,
    'tools/release.bat': `set OPENAI_API_KEY=${openai}\nset DB_PASSWORD=${password}\n@echo off\n`,
    'tools/release.cmd': `set "OPENAI_API_KEY=${openai}"\nset "DB_PASSWORD=${password}"\n`,
  };
  for (const [path, text] of Object.entries(bad)) {
    assert.deepEqual(engine.analyze({ path, text }).findings.map((f) => [f.ruleId, f.range.start.line]), [['AIS400', 0], ['AIS480', 1]], path);
  }
  const good: Record<string, string> = {
    'src/Deploy/Program.cs': 'var client = new OpenAIClient(Environment.GetEnvironmentVariable("OPENAI_API_KEY"));\nprivate const string DbPassword = "<db-password>";\n',
    'scripts/deploy.ps1': '$password = $env:DB_PASSWORD\n$secure = ConvertTo-SecureString $password -AsPlainText -Force\n$cred = Get-Credential -Message "password"\n',
    'tools/release.bat': '@echo off\nset DB_PASSWORD=%DB_PASSWORD%\nset /p DB_PASSWORD=Enter the password:\n',
    'tools/release.cmd': 'set "DB_PASSWORD=%~1"\nset API_TOKEN=!TOKEN!\n',
  };
  for (const [path, text] of Object.entries(good)) assert.deepEqual(engine.analyze({ path, text }).findings, [], path);
});
