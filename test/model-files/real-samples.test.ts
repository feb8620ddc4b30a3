/**
 * Model files written by the real libraries (numpy 1 and 2, joblib, scikit-learn, pandas, h5py, torch, onnx; see
 * real-samples/PROVENANCE.md) give their expected verdicts: benign files raise no error or warning,
 * payloads are errors naming the global.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { verdictOf } from '../../server/src/engine/model-report';
import { scanModelFile } from '../../server/src/engine/formats/model-scan';
import { check } from './helpers';
import { fileKindOf } from '../../server/src/engine/file-kinds';

const SAMPLES = join(__dirname, 'real-samples');

const EXPECTED: Record<string, { verdict: string; global?: string }> = {
  'np1-arrays-p2.pkl': { verdict: 'pickle' },
  'np1-arrays-p5.pkl': { verdict: 'pickle' },
  'np1-float.npy': { verdict: 'safe' },
  'np1-arrays.npz': { verdict: 'safe' },
  'np1-object.npz': { verdict: 'pickle' },
  'np1-object-payload.npy': { verdict: 'dangerous', global: 'posix.system' },
  'np2-arrays-p2.pkl': { verdict: 'pickle' },
  'np2-arrays-p5.pkl': { verdict: 'pickle' },
  'np2-float.npy': { verdict: 'safe' },
  'np2-arrays.npz': { verdict: 'safe' },
  'np2-object.npz': { verdict: 'pickle' },
  'np2-object-payload.npy': { verdict: 'dangerous', global: 'posix.system' },
  'joblib-arrays.joblib': { verdict: 'pickle' },
  'joblib-arrays-zlib.joblib': { verdict: 'pickle' },
  'joblib-arrays-gzip.joblib': { verdict: 'pickle' },
  'joblib-payload.joblib': { verdict: 'dangerous', global: 'posix.system' },
  'sklearn-pipeline.joblib': { verdict: 'pickle' },
  'sklearn-forest.joblib': { verdict: 'pickle' },
  'sklearn-knn.joblib': { verdict: 'pickle' },
  'sklearn-tfidf.joblib': { verdict: 'pickle' },
  'trixie-sklearn-pipeline.joblib': { verdict: 'pickle' },
  'trixie-sklearn-boosting.joblib': { verdict: 'pickle' },
  'trixie-sklearn-hist-boosting.joblib': { verdict: 'pickle' },
  'pandas-frame.pkl': { verdict: 'pickle' },
  'pandas-series-tz.pkl': { verdict: 'pickle' },
  'h5py-lambda-fixed-string.h5': { verdict: 'suspicious' },
  'h5py-lambda-vlen-string.h5': { verdict: 'suspicious' },
  'h5py-dense.h5': { verdict: 'safe' },
  'h5py-weights-only.h5': { verdict: 'safe' },
  'torch-state-dict.pt': { verdict: 'pickle' },
  'torch-checkpoint.pt': { verdict: 'pickle' },
  'torch-parameter.pt': { verdict: 'pickle' },
  'torch-legacy.pt': { verdict: 'pickle' },
  'torch-payload.pt': { verdict: 'dangerous', global: 'posix.system' },
  'torch-scripted.pt': { verdict: 'suspicious' },
  'torch-export.onnx': { verdict: 'safe' },
  'torch-export-benign.pt2': { verdict: 'pickle' },
  'torch-export-cond.pt2': { verdict: 'pickle' },
  'torch-export-custom-op.pt2': { verdict: 'pickle' },
  'torch26-state-dict.pt': { verdict: 'pickle' },
  'torch26-checkpoint.pt': { verdict: 'pickle' },
  'torch26-whole-module.pt': { verdict: 'pickle' },
  'torch26-exotic-dtypes.pt': { verdict: 'pickle' },
  'onnx-matmul.onnx': { verdict: 'safe' },
  'onnx-external.onnx': { verdict: 'safe' },
  'onnx-ort-contrib.onnx': { verdict: 'safe' },
  'onnx-custom-domain.onnx': { verdict: 'safe' },
  'onnx-external-escape.onnx': { verdict: 'dangerous' },
  'onnx-subgraph-escape.onnx': { verdict: 'dangerous' },
};

test('every real sample has an expected verdict', () => {
  // Model files only: the external-data file an ONNX sample points to is raw floats, read by no rule.
  const files = readdirSync(SAMPLES).filter((f) => fileKindOf(f) === 'model');
  assert.deepEqual(files.filter((f) => !(f in EXPECTED)), []);
});

for (const [name, expected] of Object.entries(EXPECTED)) {
  test(`real sample ${name} is ${expected.verdict}`, () => {
    const path = join(SAMPLES, name);
    if (!existsSync(path)) assert.fail(`real sample ${name} is missing: see real-samples/PROVENANCE.md for the script that writes it`);
    const bytes = new Uint8Array(readFileSync(path));
    const scan = scanModelFile({ path: name, bytes, fileSize: bytes.length });
    assert.equal(verdictOf(scan).verdict, expected.verdict, `${verdictOf(scan).summary}\n${JSON.stringify(scan.gaps)}`);
    assert.ok(scan.pickles.every((p) => p.complete), 'every pickle walked to its STOP');
    const reports = check(name, bytes);
    if (expected.verdict === 'pickle' || expected.verdict === 'safe') {
      assert.deepEqual(reports.filter((r) => r.effectiveSeverity !== 'info').map((r) => r.message ?? r.ruleId), []);
    }
    if (expected.global) {
      const error = reports.find((r) => r.ruleId === 'AIS601');
      assert.equal(error?.properties?.['global'], expected.global);
    }
  });
}
