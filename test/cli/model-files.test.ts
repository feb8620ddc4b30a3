/**
 * Model files through the CLI: read as bytes (never decoded as text, never skipped as binary), judged by
 * the model-file rules, and their verdict reaches the code that loads them. The pickle is written at
 * test time: protocol 0 text that would call os.system if it were ever unpickled (it never is).
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { jsonOf, runCli } from './run-cli';

let dir = '';

before(() => {
  dir = mkdtempSync(join(tmpdir(), 'aisec-models-'));
  writeFileSync(join(dir, 'model.pkl'), "cos\nsystem\n(S'echo hi'\ntR.");
  writeFileSync(join(dir, 'weights.bin'), Buffer.from([0x80, 0x02, 0x7d, 0x71, 0x00, 0x2e, 0x00, 0x00]));
  writeFileSync(join(dir, 'load.py'), 'import torch\n\nmodel = torch.load("model.pkl", weights_only=False)\n');
});

after(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

test('a malicious pickle is found, and the code loading it says so', () => {
  const run = runCli(['scan', '.', '--format', 'json'], dir);
  assert.equal(run.status, 1, run.stderr);
  const report = jsonOf(run);
  const model = report.findings.filter((f) => f.path === 'model.pkl' && f.category === 'model-files');
  assert.ok(model.length > 0, JSON.stringify(report.findings.map((f) => [f.path, f.ruleId])));
  assert.ok(!report.skipped.some((s) => s.path === 'weights.bin'), 'model files with NUL bytes are not skipped as binary');
  const loader = report.findings.find((f) => f.path === 'load.py' && f.ruleId === 'AIS102');
  assert.match(loader?.message ?? '', /model\.pkl/);
  const text = runCli(['scan', 'model.pkl'], dir);
  assert.doesNotMatch(text.stdout, /> +1 \| cos/, 'no code frame of binary content');
});
