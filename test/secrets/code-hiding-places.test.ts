/**
 * Hiding places that only code has: the literal that writes a container (`COMPOSER_AUTH`, a Docker `config.json`,
 * a Kubernetes Secret manifest), a key joined from a list of literals, a password as the next item of an argument
 * list, `docker login -p`/`sshpass -p`, an HMAC JWT signing key passed to `jwt.encode`/`jwt.sign`, and the
 * password of a basic-auth pair. Each in Python and TypeScript (and shell where a shell writes it), with the
 * placeholders of the same shapes, which are not reported.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { secretsEngine } from './engine';
import { generateKey } from './keygen';

const github = generateKey('github', 5);
const token = generateKey('generic', 6);
const password = generateKey('password', 7);
const dockerAuth = Buffer.from(`deploy:${password}`).toString('base64');
const composerBearer = `{"bearer": {"repo.example.org": "${token}"}}`;
const manifest = `apiVersion: v1\nkind: Secret\nmetadata:\n  name: db\ndata:\n  password: ${Buffer.from(password).toString('base64')}\n`;

/** Each shape as Python, TypeScript and (when a script writes it) shell, and the rule that must report it. */
const SHAPES: readonly { name: string; ruleId: string; files: Record<string, string> }[] = [
  {
    name: 'COMPOSER_AUTH with a bearer token', ruleId: 'AIS480', files: {
      'app/setup.py': `import os\nos.environ["COMPOSER_AUTH"] = '${composerBearer}'\n`,
      'src/setup.ts': `process.env.COMPOSER_AUTH = '${composerBearer}';\n`,
    },
  },
  {
    name: 'Composer github-oauth map in a dict', ruleId: 'AIS480', files: {
      'app/setup.py': `auth = {"github-oauth": {"github.com": "${token}"}}\n`,
      'src/setup.ts': `const auth = { "github-oauth": { "github.com": "${token}" } };\n`,
    },
  },
  {
    name: 'Docker config.json written from a string', ruleId: 'AIS480', files: {
      'app/setup.py': `CONFIG = '{"auths": {"registry.example.com": {"auth": "${dockerAuth}"}}}'\n`,
      'src/setup.ts': `const config = '{"auths": {"registry.example.com": {"auth": "${dockerAuth}"}}}';\n`,
    },
  },
  {
    name: 'Kubernetes Secret manifest in a string', ruleId: 'AIS480', files: {
      'app/deploy.py': `MANIFEST = """${manifest}"""\n`,
      'src/deploy.ts': `const manifest = \`${manifest}\`;\n`,
    },
  },
  {
    name: 'key joined from a list of literals', ruleId: 'AIS444', files: {
      'app/client.py': `KEY = "".join(["${github.slice(0, 18)}", "${github.slice(18)}"])\n`,
      'app/client_tuple.py': `KEY = ''.join((\n    '${github.slice(0, 18)}',\n    '${github.slice(18)}',\n))\n`,
      'src/client.ts': `const key = ['${github.slice(0, 18)}', '${github.slice(18)}'].join('');\n`,
    },
  },
  {
    name: 'password as the next item of an argument list', ruleId: 'AIS480', files: {
      'app/db.py': `subprocess.run(["mysql", "-u", "root", "--password", "${password}", "appdb"])\n`,
      'src/db.ts': `spawn('mysql', ['-u', 'root', '--password', '${password}', 'appdb']);\n`,
    },
  },
  {
    name: 'docker login -p', ruleId: 'AIS480', files: {
      'app/push.py': `os.system("docker login -u deploy -p ${password} registry.example.com")\n`,
      'src/push.ts': `execSync('docker login -u deploy -p ${password} registry.example.com');\n`,
      'scripts/push.sh': `podman login -u deploy -p '${password}' registry.example.com\n`,
    },
  },
  {
    name: 'sshpass -p', ruleId: 'AIS480', files: {
      'app/copy.py': `os.system("sshpass -p ${password} scp build.tar deploy@host:/srv")\n`,
      'src/copy.ts': `execSync('sshpass -p ${password} scp build.tar deploy@host:/srv');\n`,
      'scripts/copy.sh': `sshpass -p '${password}' scp build.tar deploy@host:/srv\n`,
    },
  },
  {
    name: 'JWT signing key', ruleId: 'AIS480', files: {
      'app/auth.py': `import jwt\ntoken = jwt.encode({"sub": user_id}, "${token}", algorithm="HS256")\n`,
      'app/verify.py': `import jwt\nclaims = jwt.decode(token, '${token}', algorithms=["HS256"])\n`,
      'src/auth.ts': `const signed = jwt.sign(payload, '${token}', { expiresIn: '1h' });\n`,
    },
  },
  {
    name: 'basic-auth pair', ruleId: 'AIS480', files: {
      'app/fetch.py': `requests.get(url, auth=("deploy", "${password}"))\n`,
      'app/fetch_auth.py': `session.auth = HTTPBasicAuth("deploy", "${password}")\n`,
    },
  },
];

test('secrets in the hiding places of code are reported in Python, TypeScript and shell', async () => {
  const engine = await secretsEngine();
  const missed: string[] = [];
  for (const shape of SHAPES) {
    for (const [path, text] of Object.entries(shape.files)) {
      const rules = engine.analyze({ path, text }).findings.map((f) => f.ruleId);
      if (!rules.includes(shape.ruleId)) missed.push(`${shape.name} in ${path}: ${rules.join(', ') || 'nothing'}`);
    }
  }
  assert.deepEqual(missed, []);
});

test('placeholders, references and other flags in the same shapes are not reported', async () => {
  const engine = await secretsEngine();
  const files: Record<string, string> = {
    'app/composer.py': `os.environ["COMPOSER_AUTH"] = '{"github-oauth": {"github.com": "<your-github-token>"}}'\n`,
    'src/composer.ts': 'process.env.COMPOSER_AUTH = `{"bearer": {"repo.example.org": "${token}"}}`;\n',
    'app/words.py': `MESSAGE = "".join(["Could not connect to the ", "database server, retrying"])\n`,
    'src/words.ts': `const path = ['src', 'generated', 'client'].join('');\n`,
    'app/args.py': `parser.add_argument("--password", "-p", help="the database password")\nsubprocess.run(["psql", "--password", "--host", host])\n`,
    'src/args.ts': `spawn('vault', ['login', '--token', tokenFromEnv]);\n`,
    'scripts/run.sh': `docker run -p 8080:80 app\ndocker login -u deploy -p "$REGISTRY_PASSWORD" registry.example.com\nsshpass -p "$SSH_PASS" ssh deploy@host\n`,
    'app/jwt_docs.py': `token = jwt.encode(payload, "secret", algorithm="HS256")\nclaims = jwt.decode(token, settings.SECRET_KEY, algorithms=["HS256"])\ntoken2 = jwt.encode(payload, "your-256-bit-secret")\n`,
    'src/jwt.ts': `const signed = jwt.sign(payload, process.env.JWT_SECRET!, { expiresIn: '1h' });\nconst other = jwt.sign({ id }, 'shhhhh');\n`,
    'app/fetch.py': `requests.get(url, auth=("user", "password"))\nrequests.get(url, auth=(user, password))\n`,
  };
  for (const [path, text] of Object.entries(files)) {
    assert.deepEqual(engine.analyze({ path, text }).findings.map((f) => `${f.ruleId} ${f.message}`), [], path);
  }
});
