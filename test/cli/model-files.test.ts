/**
 * Model files through the CLI: read as bytes (never decoded as text, never skipped as binary), judged by
 * the model-file rules, and their verdict reaches the code that loads them. The pickle is written at
 * test time: protocol 0 text that would call os.system if it were ever unpickled (it never is).
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { jsonOf, REPO, runCli } from './run-cli';

const REAL_SAMPLES = join(REPO, 'test', 'model-files', 'real-samples');
const FIXTURES = join(REPO, 'server', 'src', 'rules', 'model-files', 'fixtures');

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

/** Files written by torch, onnx, numpy, joblib, scikit-learn, pandas and h5py that must stay quiet. */
const BENIGN_REAL_SAMPLES = [
  'torch-state-dict.pt', 'torch-checkpoint.pt', 'torch-parameter.pt', 'torch-legacy.pt', 'torch-export.onnx',
  'onnx-matmul.onnx', 'onnx-external.onnx', 'onnx-external.onnx.data', 'onnx-ort-contrib.onnx',
  'np1-arrays-p2.pkl', 'np1-arrays-p5.pkl', 'np1-float.npy', 'np1-arrays.npz', 'np1-object.npz', 'np2-arrays-p5.pkl', 'np2-arrays.npz',
  'joblib-arrays.joblib', 'joblib-arrays-zlib.joblib', 'sklearn-pipeline.joblib', 'sklearn-forest.joblib', 'sklearn-knn.joblib', 'sklearn-tfidf.joblib',
  'pandas-frame.pkl', 'h5py-dense.h5', 'h5py-weights-only.h5', 'torch-export-benign.pt2', 'torch-export-cond.pt2',
  'torch26-state-dict.pt', 'torch26-checkpoint.pt', 'torch26-whole-module.pt', 'torch26-exotic-dtypes.pt',
  'trixie-sklearn-pipeline.joblib', 'trixie-sklearn-boosting.joblib', 'trixie-sklearn-hist-boosting.joblib',
];

test('benign files written by the real libraries give no finding at all, and none is "not fully checked"', () => {
  const corpus = mkdtempSync(join(tmpdir(), 'aisec-benign-models-'));
  try {
    for (const name of BENIGN_REAL_SAMPLES) copyFileSync(join(REAL_SAMPLES, name), join(corpus, name));
    const run = runCli(['scan', '.', '--format', 'json'], corpus);
    const report = jsonOf(run);
    assert.deepEqual(report.findings.map((f) => `${f.path}: ${f.ruleId} ${f.message}`), []);
    assert.equal(run.status, 0, run.stderr);
    // The audit profile shows what the default hides: pickle-based files as AIS603 hints, and still nothing unchecked.
    const audit = jsonOf(runCli(['scan', '.', '--format', 'json', '--profile', 'audit'], corpus));
    assert.deepEqual(audit.findings.filter((f) => f.ruleId !== 'AIS603').map((f) => `${f.path}: ${f.ruleId} ${f.message}`), []);
    assert.ok(audit.findings.some((f) => f.path === 'torch-checkpoint.pt'), 'the audit profile still reports pickle-based checkpoints');
  } finally {
    rmSync(corpus, { recursive: true, force: true });
  }
});

test('each archive member\'s verdict is named in the text, JSON and SARIF reports', () => {
  const archive = mkdtempSync(join(tmpdir(), 'aisec-mar-'));
  try {
    copyFileSync(join(FIXTURES, 'bad-payload.mar'), join(archive, 'classifier.mar'));
    const text = runCli(['scan', '.'], archive);
    assert.match(text.stdout, /classifier\.mar:1:1: AIS601 \[error\] .*Members: handler\.py suspicious; model\.pt dangerous; model\.pt!model\/data\.pkl dangerous; \d+ others \(\d+ safe\)\./);
    const json = jsonOf(runCli(['scan', '.', '--format', 'json'], archive));
    const error = json.findings.find((f) => f.ruleId === 'AIS601');
    assert.match(String(error?.properties?.['members']), /MAR-INF\/MANIFEST\.json: safe; handler\.py: suspicious \(the TorchServe handler/);
    assert.equal(error?.properties?.['membersDangerous'], 2);
    const sarif = JSON.parse(runCli(['scan', '.', '--format', 'sarif'], archive).stdout) as { runs: Array<{ results: Array<{ ruleId: string; message: { text: string }; properties?: Record<string, unknown> }> }> };
    const result = sarif.runs[0]!.results.find((r) => r.ruleId === 'AIS601');
    assert.match(result?.message.text ?? '', /Members: handler\.py suspicious/);
    assert.match(String(result?.properties?.['members']), /model\.pt!model\/data\.pkl: dangerous/);
  } finally {
    rmSync(archive, { recursive: true, force: true });
  }
});

test('the members of an archive with no finding are listed with their verdicts: JSON scannedMembers, SARIF artifacts, text --verbose', () => {
  const corpus = mkdtempSync(join(tmpdir(), 'aisec-members-'));
  try {
    copyFileSync(join(REAL_SAMPLES, 'torch-state-dict.pt'), join(corpus, 'state.pt'));
    const json = jsonOf(runCli(['scan', '.', '--format', 'json'], corpus)) as unknown as { findings: unknown[]; scannedMembers: Array<{ path: string; members: Array<{ member: string; verdict: string; reason: string }> }> };
    assert.deepEqual(json.findings, [], 'a benign torch.save file has no finding in the default profile');
    assert.equal(json.scannedMembers.length, 1);
    const [archive] = json.scannedMembers;
    assert.equal(archive!.path, 'state.pt');
    const byMember = Object.fromEntries(archive!.members.map((m) => [m.member.replace(/^[^/]+\//, ''), m.verdict]));
    assert.equal(byMember['data.pkl'], 'pickle', JSON.stringify(archive!.members));
    assert.equal(byMember['byteorder'] ?? byMember['version'], 'safe');
    const sarif = JSON.parse(runCli(['scan', '.', '--format', 'sarif'], corpus).stdout) as { runs: Array<{ results: unknown[]; artifacts?: Array<{ location: { uri: string }; parentIndex?: number; properties?: { verdict: string } }> }> };
    const artifacts = sarif.runs[0]!.artifacts ?? [];
    assert.equal(artifacts[0]?.location.uri, 'state.pt');
    assert.equal(artifacts.length, archive!.members.length + 1, 'the archive and each member');
    assert.ok(artifacts.slice(1).every((a) => a.parentIndex === 0 && a.properties?.verdict !== undefined));
    assert.ok(artifacts.some((a) => a.location.uri.endsWith('data.pkl') && a.properties?.verdict === 'pickle'));
    const plain = runCli(['scan', '.'], corpus);
    assert.doesNotMatch(plain.stdout, /Members of state\.pt/, 'only --verbose lists them');
    const verbose = runCli(['scan', '.', '--verbose'], corpus);
    assert.match(verbose.stdout, /Members of state\.pt \(\d+\):\n( {2}.+\n)* {2}[^\n]*data\.pkl: pickle \(a pickle importing only allow-listed globals\)\n/);
    assert.match(verbose.stdout, / {2}archive\/version: safe\n/, 'a safe member is listed without a reason');
  } finally {
    rmSync(corpus, { recursive: true, force: true });
  }
});
