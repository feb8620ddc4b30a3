/**
 * Hostile input through the whole CLI: empty files, a 10 MB single-line minified JS file, invalid UTF-8,
 * NUL bytes, 5,000-deep nesting and syntax errors throughout. The scan must finish (no timed assertion:
 * the spawn has a generous timeout), never crash, and say which files were skipped or partly analysed.
 * The inputs are generated in a temporary folder.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { jsonOf, runCli, type JsonReport } from './run-cli';

let dir = '';

before(() => {
  dir = mkdtempSync(join(tmpdir(), 'aisec-hostile-'));
  writeFileSync(join(dir, 'empty.py'), '');
  writeFileSync(join(dir, 'empty.ts'), '');
  writeFileSync(join(dir, 'empty.ipynb'), '');
  writeFileSync(join(dir, 'requirements.txt'), '');
  const chunk = 'var a=function(b,c){return b+c*2},d=[1,2,3].map(function(e){return e*e});';
  const minified = `${chunk.repeat(Math.ceil((10 * 1024 * 1024) / chunk.length))}eval(userCode);`;
  writeFileSync(join(dir, 'bundle.min.js'), minified);
  writeFileSync(join(dir, 'latin1.py'), Buffer.concat([Buffer.from('import pickle\n# caf'), Buffer.from([0xe9, 0xff, 0xfe]), Buffer.from('\n\ndef f(b):\n    return pickle.loads(b)\n')]));
  writeFileSync(join(dir, 'nul.py'), Buffer.concat([Buffer.from('import pickle\n'), Buffer.from([0, 0, 0, 1]), Buffer.from('pickle.loads(x)\n')]));
  writeFileSync(join(dir, 'deep.py'), `x = ${'['.repeat(5000)}${']'.repeat(5000)}\nimport pickle\npickle.loads(data)\n`);
  writeFileSync(join(dir, 'deep.js'), `const x = ${'('.repeat(5000)}1${')'.repeat(5000)};\neval(code);\n`);
  writeFileSync(join(dir, 'deep.json'), `${'['.repeat(5000)}${']'.repeat(5000)}`);
  writeFileSync(join(dir, 'broken.py'), 'import pickle\ndef (:\n  ))) = = \n\ndef restore(blob):\n    return pickle.loads(blob)\n\nclass\nif if if\nwhile ]:\n');
  writeFileSync(join(dir, 'broken.ts'), 'import { exec } from "child_process";\nfunction ( { ] \nexec(`rm ${x}`);\nlet let let = ;\n');
  writeFileSync(join(dir, 'broken.ipynb'), '{"cells": [ {"cell_type": "code", "source": ["import pickle\\n", "pickle.loads(b)"] ');
});

after(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

function scan(...extra: string[]): { status: number; report: JsonReport; stderr: string } {
  const result = runCli(['scan', '.', '--format', 'json', ...extra], dir);
  assert.doesNotMatch(result.stderr, /internal error/i, result.stderr);
  assert.ok(result.status === 0 || result.status === 1, `exit ${result.status}: ${result.stderr}`);
  return { status: result.status, report: jsonOf(result), stderr: result.stderr };
}

const reasonFor = (report: JsonReport, path: string): string => report.skipped.find((s) => s.path === path)?.reason ?? '';
const notesFor = (report: JsonReport, path: string): string => report.notes.filter((n) => n.path === path).map((n) => `${n.kind}: ${n.message}`).join('\n');

test('hostile files never crash the scan and each problem is reported', () => {
  const { report } = scan();
  assert.match(reasonFor(report, 'nul.py'), /binary/);
  assert.match(reasonFor(report, 'bundle.min.js'), /larger than the 2 MB limit/);
  assert.match(notesFor(report, 'latin1.py'), /not valid UTF-8/);
  assert.ok(report.findings.some((f) => f.path === 'latin1.py' && f.ruleId === 'AIS101'), 'a file with invalid bytes is still analysed');
  assert.match(notesFor(report, 'broken.py'), /partial: .*syntax errors/);
  assert.ok(report.findings.some((f) => f.path === 'broken.py' && f.ruleId === 'AIS101'), 'code around syntax errors is still analysed');
  assert.match(notesFor(report, 'broken.ipynb'), /not valid JSON/);
  assert.ok(report.findings.some((f) => f.path === 'deep.py' && f.ruleId === 'AIS101'), 'deep nesting does not stop the analysis');
  for (const empty of ['empty.py', 'empty.ts', 'empty.ipynb', 'requirements.txt']) {
    assert.equal(report.findings.filter((f) => f.path === empty).length, 0, `${empty} has no findings`);
  }
});

test('a 10 MB single-line file is analysed within its time budget when the size limit allows it, on worker threads too', () => {
  const { report } = scan('--max-file-size', '16MB', '--time-budget', '2000', '--jobs', '2');
  assert.equal(reasonFor(report, 'bundle.min.js'), '');
  const evalFinding = report.findings.find((f) => f.path === 'bundle.min.js' && f.ruleId === 'AIS240');
  // A fast machine finds the eval at the end of the line; a slow one stops at the budget and says so.
  if (evalFinding) assert.ok(evalFinding.location.column > 10_000_000);
  else assert.match(notesFor(report, 'bundle.min.js'), /incomplete: not analysed: .*time budget/);
  assert.match(reasonFor(report, 'nul.py'), /binary/);
  assert.ok(report.findings.some((f) => f.path === 'latin1.py'), 'the other files are analysed by the workers');
});

test('the text report clips a 10 MB line in its code frame', () => {
  writeFileSync(join(dir, 'wide.js'), `${'var a=1;'.repeat(50_000)}eval(userCode);${'var b=2;'.repeat(1000)}\n`);
  const result = runCli(['scan', 'wide.js'], dir);
  assert.equal(result.status, 1, result.stderr);
  assert.match(result.stdout, /wide\.js:1:400001: AIS240/);
  const longest = Math.max(...result.stdout.split('\n').map((l) => l.length));
  assert.ok(longest < 400, `a code frame line is ${longest} characters long`);
});
