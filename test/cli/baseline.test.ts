/**
 * `aisec baseline` records the current findings; `aisec scan --baseline` then reports only new ones,
 * counting the rest as suppressed by the baseline. A malformed baseline is a usage error.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { appendFileSync, cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { WORKSPACE, jsonOf, runCli } from './run-cli';

let dir = '';

before(() => {
  dir = mkdtempSync(join(tmpdir(), 'aisec-baseline-'));
  cpSync(join(WORKSPACE, 'src'), join(dir, 'src'), { recursive: true });
});

after(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

test('a baseline hides accepted findings and shows new ones', () => {
  const written = runCli(['baseline', 'src'], dir);
  assert.equal(written.status, 0, written.stderr);
  assert.match(written.stdout, /Wrote 3 baseline entries to \.aisec-baseline\.json/);
  const file = readFileSync(join(dir, '.aisec-baseline.json'), 'utf8');
  assert.doesNotMatch(file, /"line"/, 'no line numbers in the baseline');
  assert.match(file, /"path": "src\/train\.py"/);

  const clean = runCli(['scan', 'src', '--baseline', '.aisec-baseline.json', '--format', 'json'], dir);
  assert.equal(clean.status, 0, clean.stderr);
  const report = jsonOf(clean);
  assert.equal(report.findings.length, 0);
  assert.equal(report.suppressed.filter((s) => s.by === 'baseline').length, 3);

  // Moving code keeps it baselined; a new finding is reported.
  writeFileSync(join(dir, 'src', 'train.py'), `# a new header line\n${readFileSync(join(dir, 'src', 'train.py'), 'utf8')}`);
  appendFileSync(join(dir, 'src', 'clean.py'), '\n\ndef unsafe(blob):\n    import pickle\n    return pickle.loads(blob)\n');
  const next = runCli(['scan', 'src', '--baseline', '.aisec-baseline.json'], dir);
  assert.equal(next.status, 1);
  assert.match(next.stdout, /^src\/clean\.py:10:12: AIS101/m);
  assert.doesNotMatch(next.stdout, /src\/train\.py/);
  assert.match(next.stdout, /3 in the baseline/);
});

test('a malformed or missing baseline is a usage error', () => {
  writeFileSync(join(dir, 'bad-baseline.json'), '{"version": 99}');
  const bad = runCli(['scan', 'src', '--baseline', 'bad-baseline.json'], dir);
  assert.equal(bad.status, 2);
  assert.match(bad.stderr, /unsupported baseline version/);
  assert.equal(runCli(['scan', 'src', '--baseline', 'missing.json'], dir).status, 2);
});
