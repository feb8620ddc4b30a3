/**
 * `aisec fix`: safe fixes by default, unsafe ones with --unsafe, --diff without writing, refusal to write a
 * file that would not parse; and the pure edit planner (no overlapping edits, other-file appends once).
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { applyFixesToText, applyOtherFileEdits, chooseFixes, otherFileEdits, type ChosenFix } from '../../server/src/cli/apply-fixes';
import { unifiedDiff } from '../../server/src/cli/redacted-diff';
import type { Finding, Fix, Range } from '../../server/src/engine/index';
import { WORKSPACE, jsonOf, runCli } from './run-cli';

let dir = '';

before(() => {
  dir = mkdtempSync(join(tmpdir(), 'aisec-fix-'));
  cpSync(join(WORKSPACE, 'src'), join(dir, 'src'), { recursive: true });
  writeFileSync(join(dir, 'broken.py'), 'import yaml\n\ndef f(text):\n    return yaml.load(text)\n\ndef (:\n');
});

after(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

test('--diff shows the change and writes nothing', () => {
  const original = readFileSync(join(dir, 'src', 'train.py'), 'utf8');
  const run = runCli(['fix', 'src/train.py', '--diff'], dir);
  assert.match(run.stdout, /^- {4}config = yaml\.load\(config_text\)$/m);
  assert.match(run.stdout, /^\+ {4}config = yaml\.safe_load\(config_text\)$/m);
  assert.match(run.stdout, /Would fix 1 finding in 1 file/);
  assert.equal(readFileSync(join(dir, 'src', 'train.py'), 'utf8'), original);
});

test('safe fixes are applied, unsafe ones only with --unsafe, and the result still parses', () => {
  const first = runCli(['fix', 'src/train.py'], dir);
  assert.equal(first.status, 1, 'findings without a safe fix remain');
  assert.match(first.stdout, /^Fixed 1 finding in 1 file\.$/m);
  assert.match(first.stdout, /has an unsafe fix: review them, then run `aisec fix --unsafe`/);
  let text = readFileSync(join(dir, 'src', 'train.py'), 'utf8');
  assert.match(text, /yaml\.safe_load\(config_text\)/);
  assert.match(text, /torch\.load\(checkpoint_path\)$/m, 'the unsafe fix is not applied by default');

  const second = runCli(['fix', 'src/train.py', '--unsafe'], dir);
  assert.match(second.stdout, /Fixed 1 finding in 1 file \(safe and unsafe fixes\)/);
  text = readFileSync(join(dir, 'src', 'train.py'), 'utf8');
  assert.match(text, /torch\.load\(checkpoint_path, weights_only=True\)/);
  const after = jsonOf(runCli(['scan', 'src/train.py', '--format', 'json'], dir));
  assert.deepEqual(after.findings.map((f) => f.ruleId), ['AIS101'], 'only the finding without a fix is left');
  assert.equal(after.notes.filter((n) => n.kind === 'partial').length, 0, 'the fixed file parses cleanly');
});

test('a file that does not parse is never written', () => {
  const before = readFileSync(join(dir, 'broken.py'), 'utf8');
  const run = runCli(['fix', 'broken.py'], dir);
  assert.match(run.stdout, /Refused to fix broken\.py: the file already has syntax errors/);
  assert.equal(readFileSync(join(dir, 'broken.py'), 'utf8'), before);
});

const range = (line: number, start: number, end: number): Range => ({ start: { line, column: start }, end: { line, column: end } });
const finding = (path: string, fixes: Fix[]): Finding => ({
  ruleId: 'AIS999', ruleName: 'test', category: 'secrets', severity: 'error', confidence: 'high', message: 'm', path, range: range(0, 0, 1), cwe: [], fixes, fingerprint: 'f',
});

test('overlapping fixes are deferred, identical edits applied once, unsafe ones need opting in', () => {
  const text = 'abcdef\n';
  const a: ChosenFix = { finding: finding('x.py', []), fix: { title: 'a', applicability: 'safe', edits: [{ range: range(0, 0, 3), newText: 'ABC' }] } };
  const b: ChosenFix = { finding: finding('x.py', []), fix: { title: 'b', applicability: 'safe', edits: [{ range: range(0, 2, 4), newText: 'CD' }] } };
  const c: ChosenFix = { finding: finding('x.py', []), fix: { title: 'c', applicability: 'safe', edits: [{ range: range(0, 0, 3), newText: 'ABC' }, { range: range(0, 5, 6), newText: 'F' }] } };
  const result = applyFixesToText(text, [a, b, c]);
  assert.equal(result.text, 'ABCdeF\n');
  assert.deepEqual(result.applied.map((x) => x.fix.title), ['a', 'c']);
  assert.deepEqual(result.deferred.map((x) => x.fix.title), ['b']);

  const safe: Fix = { title: 's', applicability: 'safe', edits: [{ range: range(0, 0, 1), newText: 'x' }] };
  const unsafe: Fix = { title: 'u', applicability: 'unsafe', edits: [{ range: range(0, 0, 1), newText: 'y' }] };
  const shown: Fix = { title: 'd', applicability: 'display-only', edits: [{ range: range(0, 0, 1), newText: 'z' }] };
  const findings = [finding('a.py', [unsafe]), finding('b.py', [shown]), finding('c.py', [unsafe, safe])];
  assert.deepEqual(chooseFixes(findings, false).map((c2) => `${c2.finding.path}:${c2.fix.title}`), ['c.py:s']);
  assert.deepEqual(chooseFixes(findings, true).map((c2) => `${c2.finding.path}:${c2.fix.title}`), ['a.py:u', 'c.py:s']);
});

test('edits to other files are grouped by target and appended once', () => {
  const append: Fix = { title: 'ignore .env', applicability: 'safe', edits: [{ range: range(0, 0, 0), newText: '.env\n', file: '../.gitignore', appendToFile: true }] };
  const fixes: ChosenFix[] = [{ finding: finding('app/a.py', [append]), fix: append }, { finding: finding('app/b.py', [append]), fix: append }];
  const targets = otherFileEdits(fixes, (from, file) => join(from, '..', file).replace(/\\/g, '/'));
  assert.deepEqual([...targets.keys()], ['.gitignore']);
  assert.equal(targets.get('.gitignore')?.length, 1);
  const edits = targets.get('.gitignore') ?? [];
  assert.equal(applyOtherFileEdits(undefined, edits).text, '.env\n');
  assert.equal(applyOtherFileEdits('node_modules/', edits).text, 'node_modules/\n.env\n');
  assert.equal(applyOtherFileEdits('.env\nnode_modules/\n', edits).text, '.env\nnode_modules/\n', 'an entry already present is not added twice');
  assert.equal(applyOtherFileEdits('.env*\n', edits, true).text, '.env*\n', 'a .gitignore pattern that covers the entry is enough');
  assert.equal(applyOtherFileEdits('dist/\r\nnode_modules/', edits).text, 'dist/\r\nnode_modules/\r\n.env\r\n', 'appended lines take the file\'s line breaks');
});

test('the diff shows only the changed block with context', () => {
  const diff = unifiedDiff('a.py', 'one\ntwo\nthree\nfour\nfive\nsix\n', 'one\ntwo\nthree\nFOUR\nfive\nsix\n');
  assert.equal(diff, '--- a/a.py\n+++ b/a.py\n@@ -2,5 +2,5 @@\n two\n three\n-four\n+FOUR\n five\n six\n');
});
