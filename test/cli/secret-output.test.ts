/**
 * Reports never carry a secret: a key generated at test time (never committed) is found, and neither the
 * text, the JSON nor the SARIF report holds its value, although one of its fixes writes it to `.env`.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateKey } from '../secrets/keygen';
import { jsonOf, runCli } from './run-cli';

let dir = '';
const key = generateKey('openai', 7);

before(() => {
  dir = mkdtempSync(join(tmpdir(), 'aisec-secret-out-'));
  writeFileSync(join(dir, 'app.py'), `from openai import OpenAI\n\nclient = OpenAI(api_key="${key}")\n`);
});

after(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

test('text, JSON and SARIF reports hold no secret value', () => {
  const json = runCli(['scan', '.', '--format', 'json'], dir);
  const report = jsonOf(json);
  assert.ok(report.findings.some((f) => f.category === 'secrets'), 'the generated key is found');
  const moved = report.findings.flatMap((f) => f.fixes).find((f) => f.edits.some((e) => (e as { file?: string }).file === '.env'));
  assert.ok(moved, 'a fix moves the value to .env');
  assert.ok(moved.edits.some((e) => (e as { redacted?: boolean }).redacted === true));
  for (const format of ['text', 'json', 'sarif']) {
    const out = runCli(['scan', '.', '--format', format], dir);
    assert.ok(!out.stdout.includes(key) && !out.stderr.includes(key), `the ${format} report leaks the key`);
    assert.ok(!out.stdout.includes(key.slice(8, 40)), `the ${format} report leaks part of the key`);
  }
});

/**
 * Code frames, context lines, diffs and errors print source text and user input; each goes through the
 * same redaction as the messages. Each case below printed the raw value before (issue 20, failure 6).
 */
const github = generateKey('github', 3);
const urlPassword = 'Qv7rTz2pLm9w';

function project(files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), 'aisec-redact-'));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(root, name), text);
  return root;
}

function assertHidden(output: string, values: readonly string[], what: string): void {
  for (const value of values) assert.ok(!output.includes(value), `${what} prints ${value.slice(0, 4)}… in full:\n${output}`);
}

test('code frames mask URL passwords and secrets on context lines, even ones not reported', () => {
  // The URL's host is an example host (the rule does not report it) and the GitHub rule is ignored, so
  // neither value has a finding of its own: only the frame of the pickle finding between them shows them.
  const root = project({
    'app.py': `import pickle\nDB = "postgresql://admin:${urlPassword}@db.prod.example.com:5432/app"\nrows = pickle.loads(DB)\nTOKEN = "${github}"\n`,
  });
  try {
    const out = runCli(['scan', '.', '--ignore', 'AIS444', '--fail-on', 'never'], root);
    assert.match(out.stdout, /AIS101/);
    assert.match(out.stdout, /postgresql:\/\/admin:\*\*\*\*@db\.prod\.example\.com/);
    assert.match(out.stdout, /TOKEN = "ghp_…\w{4}"/);
    assertHidden(out.stdout + out.stderr, [urlPassword, github, github.slice(8, 30)], 'the text report');
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

test('a reported line masks its other values too, and the caret still points at the secret', () => {
  const other = 'Lw8vQz3nRt6y';
  const root = project({ 'cfg.py': `headers = {"Authorization": "${github}", "X-Session": "${other}"}\n` });
  try {
    const out = runCli(['scan', '.', '--fail-on', 'never'], root);
    assert.match(out.stdout, /AIS444/);
    assertHidden(out.stdout, [github, other], 'the frame of a reported line');
    const frame = out.stdout.split('\n');
    const row = frame.findIndex((l) => l.includes('> 1 |'));
    const caret = frame[row + 1]!.indexOf('^');
    assert.equal(frame[row]!.slice(caret, caret + 5), 'ghp_…', 'the caret is under the redacted key');
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

test('aisec fix --diff prints removed and context lines redacted', () => {
  const root = project({ 'agent.py': `from openai import OpenAI\nPROXY = "http://bot:${urlPassword}@proxy.example.com:3128"\nclient = OpenAI(api_key="${key}")\nTOKEN = "${github}"\n` });
  try {
    const out = runCli(['fix', '--unsafe', '--diff', '.', '--fail-on', 'never'], root);
    assert.match(out.stdout, /^-client = OpenAI\(api_key="sk-proj-…\S{4}"\)$/m, out.stdout);
    assert.match(out.stdout, /^[- ]PROXY = "http:\/\/bot:\*\*\*\*@proxy\.example\.com:3128"$/m);
    assertHidden(out.stdout + out.stderr, [key, key.slice(8, 40), github, urlPassword], 'the diff');
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

test('configuration and argument errors never echo a value that looks like a secret', () => {
  const root = project({ '.aisec.toml': `ignore = ["${github}"]\n`, 'app.py': 'import pickle\npickle.loads(b"")\n' });
  try {
    for (const format of ['text', 'json', 'sarif']) {
      const out = runCli(['scan', 'app.py', '--format', format], root);
      assert.equal(out.status, 2, `${format}: a configuration error fails the run`);
      assert.match(out.stdout + out.stderr, /ghp_…\w{4}/, `${format}: the error names the value in its redacted form`);
      assertHidden(out.stdout + out.stderr, [github], `the ${format} configuration error`);
    }
    const argument = runCli(['scan', 'app.py', '--select', github], root);
    assert.equal(argument.status, 2);
    assert.match(argument.stderr, /--select: "ghp_…\w{4}" is not a rule code/);
    assertHidden(argument.stderr, [github], 'the argument error');
    const explain = runCli(['explain', github], root);
    assertHidden(explain.stdout + explain.stderr, [github], 'aisec explain');
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});
