/**
 * Every provider, in Python, TypeScript, a notebook (code cell and output), `.env`, YAML, shell and Markdown: a key generated
 * from its format is reported under its own rule; placeholders shaped like its format and environment
 * lookups of its variable are not reported at all.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { secretsEngine } from './engine';
import { generateKey } from './keygen';
import { PROVIDERS, type ProviderRule } from '../../server/src/rules/secrets/providers';

/** Fixture slug and the line shape per provider (structural ones need a container). */
const SLUGS: Record<string, string> = Object.fromEntries(PROVIDERS.map((p) => [p.id, p.slug]));
SLUGS['AIS442'] = 'private-key-escaped';
SLUGS['AIS452'] = 'private-key-escaped';
SLUGS['AIS454'] = 'password';
SLUGS['AIS4007'] = 'ssh2-private-key-escaped';

function keyFor(p: ProviderRule, index = 0): string {
  return generateKey(SLUGS[p.id]!, index, 7);
}

/** The value as it is written: most keys alone, a database password inside its URL, a SAS signature in its URL, a connection-string secret in its string. */
function valueFor(p: ProviderRule, key: string): string {
  if (p.id === 'AIS454') return `postgresql://app:${key}@db.prod.internal:5432/app`;
  if (p.id === 'AIS4050') return `https://acct.blob.core.windows.net/exports/report.csv?sv=2022-11-02&ss=b&srt=co&sp=rl&se=2027-03-01T00:00:00Z&spr=https&sig=${key}`;
  if (p.id === 'AIS4083') return `https://acme-prod:${key}@acme-prod.cloudant.com`;
  if (p.id === 'AIS4063') return `Endpoint=https://cfg.azconfig.io;Id=Ab1x-l0-s0:Tq8mWz2kLp4n;Secret=${key}`;
  return key;
}

function notebook(source: string[], output: string[]): string {
  return `${JSON.stringify({
    cells: [{ cell_type: 'code', execution_count: 1, id: 'a', metadata: {}, outputs: [{ name: 'stdout', output_type: 'stream', text: output }], source }],
    metadata: { language_info: { name: 'python' } }, nbformat: 4, nbformat_minor: 5,
  }, null, 1)}\n`;
}

/** Files with one key each, keyed by path; every one must give exactly the provider's rule. */
function positives(p: ProviderRule): Record<string, string> {
  if (p.id === 'AIS442') {
    const sa = `{\n  "type": "service_account",\n  "project_id": "p",\n  "private_key": "${keyFor(p)}",\n  "client_email": "a@p.iam.gserviceaccount.com"\n}\n`;
    return { 'sa.json': sa };
  }
  if (p.id === 'AIS4009') {
    // A private JWK: the `d` member after the key's `kty`, in a JSON file, a Python dict and a TypeScript object.
    const d = keyFor(p);
    const x = keyFor(p, 1);
    return {
      'keys/signing.jwk.json': `{\n  "kty": "OKP",\n  "crv": "Ed25519",\n  "x": "${x}",\n  "d": "${d}"\n}\n`,
      'app.py': `JWK = {"kty": "EC", "crv": "P-256", "x": "${x}", "d": "${d}"}\n`,
      'app.ts': `export const jwk = { kty: 'OKP', crv: 'Ed25519', x: '${x}', d: '${d}' };\n`,
    };
  }
  if (p.id === 'AIS4064') {
    // A publish profile's password is an XML attribute, in the profile itself or pasted into code.
    const profile = `<publishData><publishProfile profileName="app - Web Deploy" publishMethod="MSDeploy" userName="$app" userPWD="${keyFor(p)}" destinationAppUrl="https://app.azurewebsites.net" /></publishData>`;
    return { 'app.PublishSettings': `${profile}\n`, 'app.py': `PROFILE = '${profile}'\n`, 'app.ts': `export const profile = '${profile}';\n` };
  }
  const v = valueFor(p, keyFor(p));
  const v2 = valueFor(p, keyFor(p, 1));
  const name = p.envVar;
  const files: Record<string, string> = {
    'app.py': `import os\n${name} = "${v}"\n`,
    'app.ts': `export const ${name} = '${v}';\n`,
    'notebook.ipynb': notebook([`${name} = "${v}"\n`, 'print(1)\n'], [`${name}=${v2}\n`]),
    '.env': `${name}=${v}\n`,
    'deploy/values.yaml': `env:\n  ${name}: "${v}"\n`,
    'scripts/setup.sh': `#!/bin/sh\nexport ${name}="${v}"\n`,
    'docs/setup.md': `# Setup\n\n\`\`\`sh\nexport ${name}=${v}\n\`\`\`\n`,
  };
  if (p.id === 'AIS452' || p.id === 'AIS4007') {
    // Multi-line keys in YAML, shell and Markdown are tested in hiding-places.test.ts.
    for (const path of ['deploy/values.yaml', 'scripts/setup.sh', 'docs/setup.md']) delete files[path];
    files['app.py'] = `KEY = "${v}"\n`;
    files['app.ts'] = `export const KEY = "${v}";\n`;
    files['notebook.ipynb'] = notebook([`KEY = "${v}"\n`], []);
    delete files['.env'];
  }
  return files;
}

/** Placeholders shaped like the provider's format, and lookups of its variable. */
function negatives(p: ProviderRule): Record<string, string> {
  const key = keyFor(p);
  const prefix = p.patterns[0] ? key.slice(0, p.patterns[0].prefixLength) : '';
  const body = key.slice(prefix.length);
  const xs = prefix + body.replace(/[A-Za-z0-9]/g, 'x');
  const zeros = prefix + body.replace(/[A-Za-z0-9]/g, '0');
  const dots = `${prefix}...`;
  const yours = `${prefix}your-${p.slug}-key-here`;
  const angle = `<${p.envVar}>`;
  const template = '${' + p.envVar + '}';
  const seq = prefix + 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789'.repeat(4).slice(0, body.length);
  const placeholders = [xs, zeros, dots, yours, angle, template, seq].map((v) => valueFor(p, v));
  const name = p.envVar;
  const py = ['import os', `${name} = os.environ["${name}"]`, `key = os.getenv("${name}")`, `client = Client(api_key=os.environ.get("${name}"))`, ...placeholders.map((v, i) => `${name}_${i} = "${v}"`)].join('\n');
  const ts = [`const a = process.env.${name};`, `const b = new Client({ apiKey: process.env.${name} });`, `const c = import.meta.env.${name};`, ...placeholders.map((v, i) => `const ${name}_${i} = '${v}';`)].join('\n');
  const env = [`${name}=`, `${name}=${template}`, ...placeholders.map((v, i) => `${name}_${i}=${v}`)].join('\n');
  const nb = notebook([`${name} = os.environ["${name}"]\n`, ...placeholders.map((v, i) => `${name}_${i} = "${v}"\n`)], [`${name}=${angle}\n`, `env: ${name}=${dots}\n`]);
  return { 'app.py': `${py}\n`, 'app.ts': `${ts}\n`, 'notebook.ipynb': nb, '.env': `${env}\n` };
}

for (const provider of PROVIDERS) {
  test(`${provider.id} ${provider.name}: generated keys are found in every file kind`, async () => {
    const engine = await secretsEngine();
    for (const [path, text] of Object.entries(positives(provider))) {
      const result = engine.analyze({ path, text });
      const ids = [...new Set(result.findings.map((f) => f.ruleId))];
      assert.deepEqual(ids, [provider.id], `${path}:\n${result.findings.map((f) => `${f.ruleId} ${f.message}`).join('\n')}\n${text.slice(0, 400)}`);
      if (path === 'notebook.ipynb' && provider.id !== 'AIS452' && provider.id !== 'AIS4007') assert.equal(result.findings.length, 2, 'the code cell and the output are both reported');
    }
  });

  test(`${provider.id} ${provider.name}: placeholders and environment lookups are not reported`, async () => {
    const engine = await secretsEngine();
    for (const [path, text] of Object.entries(negatives(provider))) {
      const result = engine.analyze({ path, text });
      assert.deepEqual(result.findings.map((f) => `${f.range.start.line + 1}: ${f.ruleId} ${f.message}`), [], `${path}:\n${text}`);
    }
  });
}
