/**
 * Every hiding place of issue #17 in every file kind a user pastes credentials into: configuration and
 * commands inside string literals, `curl` user and header, connection strings, command-line flags, URL
 * user-info and HTTP headers, in Python, TypeScript, a notebook, `.env`, YAML, shell and Markdown; and
 * every PEM variant of a private key.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { secretsEngine } from './engine';
import { generateKey, randomBody, rng } from './keygen';

const generic = generateKey('generic', 1);
const password = generateKey('password', 2);
const github = generateKey('github', 3);
/** An Elasticsearch API key as its header sends it: the base64 of `id:api_key`. */
const elastic = Buffer.from(`${randomBody(rng(17), 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-', 20)}:${randomBody(rng(18), 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-', 22)}`).toString('base64');

/** Each hiding place as one line of text, and the rule that must report it. */
const PLACES: readonly { name: string; line: string; ruleId: string }[] = [
  { name: 'configuration in a string', line: `paypal_secret=${generic}`, ruleId: 'AIS480' },
  { name: 'curl user and password', line: `curl -u deploy:${password} https://api.internal.io/v1`, ruleId: 'AIS480' },
  { name: 'curl bearer header', line: `curl -H 'Authorization: Bearer ${generic}' https://api.internal.io/v1`, ruleId: 'AIS480' },
  { name: 'authorization header', line: `Authorization: Bearer ${generic}`, ruleId: 'AIS480' },
  { name: 'API key header', line: `X-API-Key: ${generic}`, ruleId: 'AIS480' },
  { name: 'Elastic ApiKey header', line: `Authorization: ApiKey ${elastic}`, ruleId: 'AIS480' },
  { name: 'PostgreSQL URL', line: `postgres://app:${password}@db.prod.internal:5432/app`, ruleId: 'AIS454' },
  { name: 'MongoDB SRV URL', line: `mongodb+srv://app:${password}@cluster0.abcde.mongodb.net/app`, ruleId: 'AIS454' },
  { name: 'Redis URL without a user', line: `redis://:${password}@cache.prod.internal:6379/0`, ruleId: 'AIS454' },
  { name: '--password flag', line: `mysqladmin --password=${password} status`, ruleId: 'AIS480' },
  { name: 'mysql -p', line: `mysql -u root -p${password} appdb`, ruleId: 'AIS480' },
  { name: '--token flag', line: `vault login --token ${generic}`, ruleId: 'AIS480' },
  { name: 'URL user-info', line: `git clone https://deploy:${password}@git.internal.io/team/repo.git`, ruleId: 'AIS480' },
  { name: 'provider token', line: `GH_TOKEN=${github}`, ruleId: 'AIS444' },
];

function notebook(source: string): string {
  return JSON.stringify({
    cells: [{ cell_type: 'code', metadata: {}, source: [source], outputs: [], execution_count: null }],
    metadata: { kernelspec: { language: 'python', name: 'python3' } },
    nbformat: 4,
    nbformat_minor: 5,
  });
}

/** The line placed as each file kind writes it: a string literal in code, a shell line in a notebook, a value or a command elsewhere. */
function filesHolding(line: string): Record<string, string> {
  const quoted = JSON.stringify(line);
  return {
    'app/client.py': `COMMAND = ${quoted}\n`,
    'src/client.ts': `export const command = ${quoted};\n`,
    'notebooks/setup.ipynb': notebook(`!${line}\n`),
    '.env': `COMMAND=${quoted}\n`,
    '.github/workflows/deploy.yml': `on: push\njobs:\n  deploy:\n    runs-on: ubuntu-latest\n    steps:\n      - run: ${line}\n`,
    'scripts/deploy.sh': `#!/bin/sh\n${line}\n`,
    'docs/setup.md': `# Setup\n\n\`\`\`sh\n${line}\n\`\`\`\n`,
  };
}

test('every hiding place is reported in Python, TypeScript, a notebook, .env, YAML, shell and Markdown', async () => {
  const engine = await secretsEngine();
  const missed: string[] = [];
  for (const place of PLACES) {
    for (const [path, text] of Object.entries(filesHolding(place.line))) {
      const rules = engine.analyze({ path, text }).findings.map((f) => f.ruleId);
      if (!rules.includes(place.ruleId)) missed.push(`${place.name} in ${path}: ${rules.join(', ') || 'nothing'}`);
    }
  }
  assert.deepEqual(missed, []);
});

test('a password in a URL is masked whole in messages, and its finding names the URL', async () => {
  const engine = await secretsEngine();
  const text = `REMOTE = "https://deploy:${password}@git.internal.io/team/repo.git"\n`;
  const [finding] = engine.analyze({ path: 'app/remote.py', text }).findings;
  assert.equal(finding?.ruleId, 'AIS480');
  assert.match(finding.message, /password in a https URL/);
  assert.ok(!finding.message.includes(password));
});

test('placeholders in the same hiding places are not reported', async () => {
  const engine = await secretsEngine();
  const lines = [
    'curl -H "Authorization: Bearer $API_TOKEN" https://api.internal.io/v1',
    'Authorization: Bearer <your-token>',
    'git clone https://user:password@github.com/team/repo.git',
    'git clone https://${GIT_USER}:${GIT_TOKEN}@github.com/team/repo.git',
    'paypal_secret=changeme',
    'curl -H "Authorization: Bearer ${{ secrets.API_TOKEN }}" https://api.internal.io/v1',
  ];
  for (const line of lines) {
    for (const [path, text] of Object.entries(filesHolding(line))) {
      assert.deepEqual(engine.analyze({ path, text }).findings.map((f) => f.ruleId), [], `${path}: ${line}`);
    }
  }
});

test('every PEM private-key variant is reported, an encrypted one as a warning', async () => {
  const engine = await secretsEngine();
  const next = rng(41);
  const base64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
  const body = (start: string): string => [start + randomBody(next, base64, 64 - start.length), ...Array.from({ length: 6 }, () => randomBody(next, base64, 64))].join('\n');
  const variants: [string, string, string][] = [
    ['RSA PRIVATE KEY', body('MIIEpAIBAAKCAQEA'), 'error'],
    ['EC PRIVATE KEY', body('MHcCAQEEI'), 'error'],
    ['DSA PRIVATE KEY', body('MIIBuwIBAAKBgQ'), 'error'],
    ['PRIVATE KEY', body('MIIEvQIBADANBgkqhkiG9w0BAQEFAASC'), 'error'],
    ['ENCRYPTED PRIVATE KEY', body('MIIFHDBOBgkqhkiG9w0BBQ0wQTAp'), 'warning'],
    ['OPENSSH PRIVATE KEY', body('b3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQ'), 'error'],
  ];
  for (const [kind, key, severity] of variants) {
    const pem = `-----BEGIN ${kind}-----\n${key}\n-----END ${kind}-----\n`;
    const files: Record<string, string> = {
      'deploy/id_key.pem': pem,
      'app/keys.py': `KEY = """${pem}"""\n`,
      'src/keys.ts': `export const key = \`${pem}\`;\n`,
      '.env': `PRIVATE_KEY="${pem.replace(/\n/g, '\\n')}"\n`,
      'deploy/values.yaml': `tls:\n  key: |\n${pem.split('\n').map((l) => `    ${l}`).join('\n')}\n`,
      'docs/keys.md': `\`\`\`\n${pem}\`\`\`\n`,
    };
    for (const [path, text] of Object.entries(files)) {
      const findings = engine.analyze({ path, text }).findings;
      assert.deepEqual(findings.map((f) => f.ruleId), ['AIS452'], `${kind} in ${path}`);
      // A key in a .env file is one severity lower: the file is meant to stay out of the repository.
      if (path !== '.env') assert.equal(findings[0]!.severity, severity, `${kind} in ${path}`);
    }
  }
});
