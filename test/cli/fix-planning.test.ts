/**
 * The pure parts of `aisec fix`: inserted text takes the file's line breaks (LF, CRLF, CR), a fix that
 * would delete a secret kept nowhere else is never chosen in bulk, ranged edits of other files apply only
 * to the text they were computed on, dependency edits use the manifest's constraint style (never `"*"`),
 * and the re-analysis check catches a fix that leaves its finding or adds one.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { applyFixesToText, applyOtherFileEdits, chooseFixes, type ChosenFix } from '../../server/src/cli/apply-fixes';
import { findingKey, stuckFindings, verificationProblem } from '../../server/src/cli/fix-verify';
import { writeRound, type FilePlan } from '../../server/src/cli/fix-writes';
import { loadEngine } from '../../server/src/host/load-engine';
import { lineBreakAt, matchLineBreaks, type Finding, type Fix, type Range } from '../../server/src/engine/index';
import { sha256Hex } from '../../server/src/engine/secrets/sha256';
import { addDependencyEdit } from '../../server/src/rules/dependencies/shared/add-dependency';

const range = (line: number, start: number, end: number): Range => ({ start: { line, column: start }, end: { line, column: end } });
const finding = (ruleId: string, fixes: Fix[] = []): Finding => ({
  ruleId, ruleName: 'test', category: 'secrets', severity: 'error', confidence: 'high', message: 'm', path: 'a.py', range: range(0, 0, 1), cwe: [], fixes, fingerprint: ruleId,
});
const chosen = (fix: Fix, ruleId = 'AIS999'): ChosenFix => ({ finding: finding(ruleId, [fix]), fix });
const insertImport: Fix = { title: 'import os', applicability: 'safe', edits: [{ range: range(0, 0, 0), newText: 'import os\n' }] };

test('the line break around an offset, and inserted text converted to it', () => {
  assert.equal(lineBreakAt('a\r\nb\r\n', 0), '\r\n');
  assert.equal(lineBreakAt('a\rb\r', 2), '\r');
  assert.equal(lineBreakAt('a\nb', 3), '\n', 'the last line without a break takes the one before');
  assert.equal(lineBreakAt('one line', 3), '\n');
  assert.equal(matchLineBreaks('x\ny\r\nz\r', '\r\n'), 'x\r\ny\r\nz\r\n');
});

test('inserted lines take the file\'s line breaks: LF, CRLF and CR', () => {
  for (const lineBreak of ['\n', '\r\n', '\r']) {
    const text = `from groq import Groq${lineBreak}client = Groq()${lineBreak}`;
    assert.equal(applyFixesToText(text, [chosen(insertImport)]).text, `import os${lineBreak}${text}`, JSON.stringify(lineBreak));
  }
});

test('a fix that deletes a value kept nowhere else is never chosen in bulk; the one writing .env is', () => {
  const drop: Fix = { title: 'Remove the key', applicability: 'unsafe', preferred: true, losesValue: true, edits: [{ range: range(0, 0, 5), newText: '' }] };
  const toEnv: Fix = { title: 'Move to .env', applicability: 'unsafe', edits: [{ range: range(0, 0, 5), newText: 'os.environ["K"]' }, { range: range(0, 0, 0), newText: 'K=v\n', file: '.env', appendToFile: true }] };
  const redacted: Fix = { ...toEnv, redacted: true };
  assert.deepEqual(chooseFixes([finding('AIS401', [drop, toEnv])], true).map((c) => c.fix.title), ['Move to .env']);
  assert.deepEqual(chooseFixes([finding('AIS401', [drop])], true), []);
  assert.deepEqual(chooseFixes([finding('AIS401', [drop, redacted])], true), [], 'a redacted copy is never applied');
});

test('a ranged edit of another file applies only to the text it was computed on', () => {
  const before = 'requests\n';
  const edit = { range: range(1, 0, 1), newText: 'pyyaml\n', file: 'requirements.txt', fileDigest: sha256Hex(before) };
  const first = applyOtherFileEdits(before, [edit]);
  assert.deepEqual(first, { text: 'requests\npyyaml\n', stale: [] });
  const again = applyOtherFileEdits(first.text, [edit]);
  assert.equal(again.text, first.text, 'applying the same edit to the changed file adds nothing');
  assert.deepEqual(again.stale, [edit]);
});

test('dependency edits use the manifest\'s constraint style, carry its digest, and are never "*"', () => {
  const requirements = { file: 'requirements.txt', kind: 'requirements' as const, text: 'requests==2.31.0\r\nnumpy==1.26.0\r\n' };
  const pinned = addDependencyEdit(requirements, 'pyyaml', '6.0.1');
  assert.equal(pinned?.newText, 'pyyaml==6.0.1\n');
  assert.equal(pinned?.fileDigest, sha256Hex(requirements.text));
  assert.equal(applyOtherFileEdits(requirements.text, [pinned!]).text, 'requests==2.31.0\r\nnumpy==1.26.0\r\npyyaml==6.0.1\r\n');
  assert.equal(addDependencyEdit({ ...requirements, text: 'requests>=2\n' }, 'pyyaml', '6.0.1')?.newText, 'pyyaml>=6.0.1\n');
  assert.equal(addDependencyEdit({ ...requirements, text: 'requests\n' }, 'pyyaml', undefined)?.newText, 'pyyaml\n', 'no version known: the bare name');
  assert.equal(addDependencyEdit({ ...requirements, text: 'requests \\\n' }, 'pyyaml', undefined)?.newText, '\npyyaml\n', 'a continued last line is ended first');
  const pyproject = { file: 'pyproject.toml', kind: 'pyproject' as const, text: '[project]\nname = "x"\ndependencies = ["requests~=2.31"]\n' };
  assert.equal(addDependencyEdit(pyproject, 'pyyaml', '6.0.1')?.newText, ', "pyyaml~=6.0.1"');

  const packageJson = (deps: string): { file: string; kind: 'package-json'; text: string } => ({ file: 'package.json', kind: 'package-json', text: `{\n  "dependencies": {${deps}}\n}\n` });
  assert.equal(addDependencyEdit(packageJson('"express": "^4.18.0"'), 'lodash', '4.17.21')?.newText, ',\n    "lodash": "^4.17.21"');
  assert.equal(addDependencyEdit(packageJson('"express": "~4.18.0", "cors": "~2.8.5"'), 'lodash', '4.17.21')?.newText, ',\n    "lodash": "~4.17.21"');
  assert.equal(addDependencyEdit(packageJson('"express": "4.18.0"'), 'lodash', '4.17.21')?.newText, ',\n    "lodash": "4.17.21"');
  assert.equal(addDependencyEdit(packageJson('"express": "^4.18.0"'), 'lodash', undefined), undefined, 'no version known: no "*" entry');
});

test('the re-analysis check: the fixed finding must be gone and nothing new raised', () => {
  const fix: Fix = { title: 'safe_load', applicability: 'safe', edits: [{ range: range(0, 0, 4), newText: 'safe_load' }] };
  const fixed = chosen(fix, 'AIS101');
  const other = finding('AIS202');
  assert.equal(verificationProblem([fixed.finding, other], [other], [fixed]), undefined);
  assert.match(verificationProblem([fixed.finding, other], [fixed.finding, other], [fixed]) ?? '', /would still raise AIS101/);
  assert.match(verificationProblem([fixed.finding], [finding('AIS203')], [fixed]) ?? '', /would newly raise AIS203/);
  const manifestOnly = chosen({ title: 'Add x', applicability: 'unsafe', edits: [{ range: range(0, 0, 0), newText: 'x\n', file: 'requirements.txt' }] }, 'AIS506');
  assert.equal(verificationProblem([manifestOnly.finding], [manifestOnly.finding], [manifestOnly]), undefined, 'a manifest edit shows only once the manifest is written');
});

test('a fix whose finding is still there after it was written is found, and only that one', () => {
  const manifestFix: Fix = { title: 'Add pyyaml', applicability: 'unsafe', edits: [{ range: range(0, 0, 0), newText: 'pyyaml\n', file: 'requirements.txt' }] };
  const twin = (): Finding => ({ ...finding('AIS506', [manifestFix]), fingerprint: 'same-import' });
  const [first, second] = [twin(), twin()];
  const plan = { findings: [first, second], applied: [{ finding: first, fix: manifestFix }] };
  assert.deepEqual(stuckFindings([plan], [second]), [], 'one of two identical findings fixed: the other may be fixed later');
  assert.deepEqual(stuckFindings([plan], [first, second]), [findingKey(first)], 'both still there: the fix did nothing');
});

test('a manifest edit that would leave the manifest malformed is refused and nothing is written', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'aisec-fix-manifest-'));
  try {
    const manifest = '{\n  "dependencies": {\n    "express": "^4.18.0"\n  }\n}\n';
    writeFileSync(join(dir, 'package.json'), manifest);
    writeFileSync(join(dir, 'a.js'), 'import _ from "lodash";\n');
    // An edit computed on other text: without a digest it would be placed, and break the JSON.
    const broken: Fix = { title: 'Add lodash', applicability: 'unsafe', edits: [{ range: range(2, 4, 4), newText: '"lodash": "^4.17.21"\n', file: 'package.json' }] };
    const plan: FilePlan = { path: 'a.js', snapshot: { bytes: new Uint8Array(), text: '', encoding: { charset: 'utf-8', bom: false } }, findings: [], applied: [{ finding: { ...finding('AIS506', [broken]), path: 'a.js' }, fix: broken }] };
    const refusals: string[] = [];
    const written = writeRound(await loadEngine(), [plan], dir, (_plan, reason) => refusals.push(reason), []);
    assert.deepEqual(written, []);
    assert.deepEqual(refusals, ['package.json: the fixed JSON does not parse; nothing was written']);
    assert.equal(readFileSync(join(dir, 'package.json'), 'utf8'), manifest);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
