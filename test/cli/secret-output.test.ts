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
