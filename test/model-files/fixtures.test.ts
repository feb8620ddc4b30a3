/**
 * Each committed model-file fixture gives exactly its expected verdict, rules and (for malicious files)
 * the global named in the message. The table below is written independently of the generator, so a
 * generator change that alters a fixture's meaning fails here. The generator is also run at test time
 * (real CPython) and its fresh output must give the same verdicts.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';
import { verdictOf } from '../../server/src/engine/model-report';
import { scanModelFile } from '../../server/src/engine/formats/model-scan';
import { FIXTURES, GENERATOR, check, fixture } from './helpers';

type Verdict = 'dangerous' | 'suspicious' | 'pickle' | 'safe' | 'unreadable';

const EXPECTED: Record<string, { verdict: Verdict; rules: string[]; global?: string }> = {
  'bad-os-system.pkl': { verdict: 'dangerous', rules: ['AIS601'], global: 'os.system' },
  'bad-builtins-exec.pkl': { verdict: 'dangerous', rules: ['AIS601'], global: 'builtins.exec' },
  'bad-stack-global-memo.pkl': { verdict: 'dangerous', rules: ['AIS601'], global: 'subprocess.check_output' },
  'bad-two-pickles.pkl': { verdict: 'dangerous', rules: ['AIS601'], global: 'builtins.eval' },
  'bad-getattr-gadget.pkl': { verdict: 'dangerous', rules: ['AIS601'], global: 'builtins.getattr' },
  'bad-unresolvable-global.pkl': { verdict: 'dangerous', rules: ['AIS601'], global: '?.system' },
  'bad-extension-code.pkl': { verdict: 'dangerous', rules: ['AIS601'], global: 'copyreg.<extension code 7>' },
  'bad-unknown-global.pkl': { verdict: 'suspicious', rules: ['AIS602'], global: 'mylab.pipelines.TrainingPipeline' },
  'bad-info-state-dict.pkl': { verdict: 'pickle', rules: ['AIS603'] },
  'bad-truncated.pkl': { verdict: 'unreadable', rules: ['AIS603', 'AIS604'] },
  'bad-garbage.pkl': { verdict: 'unreadable', rules: ['AIS603', 'AIS604'] },
  'bad-info-state-dict.pt': { verdict: 'pickle', rules: ['AIS603'] },
  'bad-torch-zip-data-pkl.pt': { verdict: 'dangerous', rules: ['AIS601'], global: 'os.system' },
  'bad-torch-legacy.pth': { verdict: 'dangerous', rules: ['AIS601'], global: 'webbrowser.open' },
  'bad-info-torch-legacy.pth': { verdict: 'pickle', rules: ['AIS603'] },
  'bad-truncated-archive.pt': { verdict: 'unreadable', rules: ['AIS603', 'AIS604'] },
  'bad-torchscript.pt': { verdict: 'suspicious', rules: ['AIS603', 'AIS608'] },
  'bad-nested-archive.pt': { verdict: 'dangerous', rules: ['AIS601'], global: 'os.system' },
  'bad-nested-too-deep.pt': { verdict: 'unreadable', rules: ['AIS604'] },
  'bad-torch-tar.pt': { verdict: 'dangerous', rules: ['AIS601'], global: 'os.system' },
  'bad-polyglot.pt': { verdict: 'dangerous', rules: ['AIS601', 'AIS610'], global: 'os.system' },
  'bad-encrypted.pt': { verdict: 'unreadable', rules: ['AIS603', 'AIS604'] },
  'bad-decoy-flag.pt': { verdict: 'dangerous', rules: ['AIS601', 'AIS604'], global: 'os.system' },
  'bad-duplicate-data-pkl.pt': { verdict: 'dangerous', rules: ['AIS601'], global: 'os.system' },
  'bad-crc.pt': { verdict: 'dangerous', rules: ['AIS601'], global: 'os.system' },
  'bad-wrong-ext.zip': { verdict: 'dangerous', rules: ['AIS601'], global: 'builtins.eval' },
  'bad-protocol0-member.zip': { verdict: 'dangerous', rules: ['AIS601'], global: 'os.system' },
  'bad-plain-pickle.bin': { verdict: 'dangerous', rules: ['AIS601'], global: 'os.system' },
  'bad-magic-bypass.pt': { verdict: 'dangerous', rules: ['AIS601'], global: 'os.system' },
  'bad-polyglot-pickle-zip.pkl': { verdict: 'dangerous', rules: ['AIS601', 'AIS610'], global: 'os.system' },
  'bad-deflated.pt': { verdict: 'dangerous', rules: ['AIS601'], global: 'os.system' },
  'bad-build-on-global.pkl': { verdict: 'dangerous', rules: ['AIS601'], global: 'argparse.Namespace' },
  'bad-archive.tgz': { verdict: 'dangerous', rules: ['AIS601'], global: 'os.system' },
  'bad-duplicate-weights.nemo': { verdict: 'dangerous', rules: ['AIS601'], global: 'os.system' },
  'bad-unopened.7z': { verdict: 'unreadable', rules: ['AIS604'] },
  'bad-target-os-system.safetensors': { verdict: 'dangerous', rules: ['AIS612'] },
  'bad-target-unknown.safetensors': { verdict: 'suspicious', rules: ['AIS612'] },
  'good-target-nemo.safetensors': { verdict: 'safe', rules: [] },
  'bad-target-config.nemo': { verdict: 'dangerous', rules: ['AIS603', 'AIS612'] },
  'bad-dotted-walk.pkl': { verdict: 'dangerous', rules: ['AIS601'], global: 'pathlib.os.system' },
  'good-float-array.npy': { verdict: 'safe', rules: [] },
  'bad-object-array.npy': { verdict: 'dangerous', rules: ['AIS601'], global: 'os.system' },
  'good-arrays.npz': { verdict: 'safe', rules: [] },
  'bad-object-array.npz': { verdict: 'dangerous', rules: ['AIS601'], global: 'builtins.eval' },
  'bad-count-lowered.npz': { verdict: 'dangerous', rules: ['AIS601', 'AIS610'], global: 'os.system' },
  'bad-hidden-local-member.npz': { verdict: 'dangerous', rules: ['AIS601', 'AIS610'], global: 'builtins.eval' },
  'bad-local-name.pt': { verdict: 'dangerous', rules: ['AIS601', 'AIS610'], global: 'os.system' },
  'bad-info-joblib-arrays.joblib': { verdict: 'pickle', rules: ['AIS603'] },
  'bad-joblib-payload.joblib': { verdict: 'dangerous', rules: ['AIS601'], global: 'os.system' },
  'bad-joblib-zlib.joblib': { verdict: 'dangerous', rules: ['AIS601'], global: 'os.system' },
  'bad-joblib-gzip.joblib': { verdict: 'dangerous', rules: ['AIS601'], global: 'os.system' },
  'bad-joblib-bz2.joblib': { verdict: 'unreadable', rules: ['AIS604'] },
  'good-dense.keras': { verdict: 'safe', rules: [] },
  'bad-lambda.keras': { verdict: 'suspicious', rules: ['AIS606'] },
  'bad-custom-object.keras': { verdict: 'suspicious', rules: ['AIS607'], global: 'mylab.layers.AttentionBlock' },
  'bad-module-injection.keras': { verdict: 'dangerous', rules: ['AIS601'], global: 'os.system' },
  'bad-lambda.h5': { verdict: 'suspicious', rules: ['AIS606'] },
  'good-dense.h5': { verdict: 'safe', rules: [] },
  'good-weights-only.h5': { verdict: 'safe', rules: [] },
  'good-graph.pb': { verdict: 'safe', rules: [] },
  'bad-write-file.pb': { verdict: 'suspicious', rules: ['AIS609'], global: 'WriteFile' },
  'good-weights.safetensors': { verdict: 'safe', rules: [] },
  'bad-offsets.safetensors': { verdict: 'unreadable', rules: ['AIS605'] },
  'bad-overlap.safetensors': { verdict: 'unreadable', rules: ['AIS605'] },
  'bad-header-json.safetensors': { verdict: 'unreadable', rules: ['AIS605'] },
  'bad-pickle-disguised.safetensors': { verdict: 'dangerous', rules: ['AIS601'], global: 'os.system' },
  'good-saved-model.pb': { verdict: 'safe', rules: [] },
  'bad-saved-model-pyfunc.pb': { verdict: 'suspicious', rules: ['AIS616'], global: 'EagerPyFunc' },
  'bad-saved-model-read-file.pb': { verdict: 'suspicious', rules: ['AIS609'], global: 'MatchingFiles' },
  'good-matmul.onnx': { verdict: 'safe', rules: [] },
  'good-external-data.onnx': { verdict: 'safe', rules: [] },
  'good-local-function.onnx': { verdict: 'safe', rules: [] },
  'bad-external-traversal.onnx': { verdict: 'dangerous', rules: ['AIS614'] },
  'bad-external-in-loop-body.onnx': { verdict: 'dangerous', rules: ['AIS614'] },
  'bad-custom-domain.onnx': { verdict: 'safe', rules: ['AIS615'] },
  'bad-handler.mar': { verdict: 'suspicious', rules: ['AIS603', 'AIS617'] },
  'bad-payload.mar': { verdict: 'dangerous', rules: ['AIS601', 'AIS617'], global: 'os.system' },
  // The checker alone reports the archive's rules; the engine adds the code rules' AIS101 and AIS203 on the handler.
  'bad-info-export.pt2': { verdict: 'pickle', rules: ['AIS603'] },
  'bad-export-custom-op.pt2': { verdict: 'pickle', rules: ['AIS603', 'AIS619'] },
  'bad-export-python-target.pt2': { verdict: 'suspicious', rules: ['AIS603', 'AIS619'] },
  'bad-export-aoti.pt2': { verdict: 'suspicious', rules: ['AIS603', 'AIS619'] },
  'bad-export-sample-payload.pt2': { verdict: 'dangerous', rules: ['AIS601'], global: 'os.system' },
  'good-saved-model-assets.pb': { verdict: 'safe', rules: [] },
  'bad-saved-model-asset-escape.pb': { verdict: 'dangerous', rules: ['AIS618'] },
  'bad-saved-model-const-path.pb': { verdict: 'dangerous', rules: ['AIS609', 'AIS618'] },
  'good-saved-model-tf1-table.pb': { verdict: 'safe', rules: [] },
  'bad-handler-code.mar': { verdict: 'suspicious', rules: ['AIS603', 'AIS617'] },
};

test('every committed model-file fixture is in the expectation table', () => {
  const onDisk = readdirSync(FIXTURES).filter((f) => !f.endsWith('.expect'));
  const untested = onDisk.filter((f) => !(f in EXPECTED));
  assert.deepEqual(untested, [], 'fixtures without an expected verdict');
});

for (const [name, expected] of Object.entries(EXPECTED)) {
  test(`fixture ${name} is ${expected.verdict} with ${expected.rules.join(', ') || 'no findings'}`, () => {
    const bytes = fixture(name);
    const verdict = verdictOf(scanModelFile({ path: name, bytes, fileSize: bytes.length }));
    assert.equal(verdict.verdict, expected.verdict, `${name}: ${verdict.summary}`);
    const reports = check(name, bytes);
    assert.deepEqual(reports.map((r) => r.ruleId).sort(), [...expected.rules].sort(), reports.map((r) => `${r.ruleId}: ${r.message ?? JSON.stringify(r.data)}`).join('\n'));
    for (const r of reports) assert.deepEqual(r.range, { start: { line: 0, column: 0 }, end: { line: 0, column: 0 } }, 'findings cover the whole file');
    if (expected.verdict === 'pickle' || expected.verdict === 'safe') {
      assert.deepEqual(reports.filter((r) => r.effectiveSeverity !== 'info'), [], 'benign files give no error or warning');
    }
    if (expected.global) {
      const named = reports.find((r) => r.ruleId === expected.rules[0]);
      assert.ok(named, 'the finding that names the global');
      assert.equal(named.properties?.['global'], expected.global);
      assert.equal(typeof named.properties?.['offset'], 'number');
      assert.ok(named.message?.includes(expected.global), `message names ${expected.global}: ${named.message}`);
      if (expected.rules[0] === 'AIS601' && !name.endsWith('.keras')) {
        assert.match(named.message ?? '', /byte \d+/, 'message gives the byte offset');
        assert.equal(named.effectiveSeverity, 'error');
      }
    }
  });
}

test('the byte offset in a message points at the importing opcode', () => {
  const bytes = fixture('bad-os-system.pkl');
  const [finding] = check('bad-os-system.pkl', bytes);
  const offset = finding!.properties!['offset'] as number;
  // Protocol 0 GLOBAL: the opcode 'c' followed by "os\nsystem\n".
  assert.equal(String.fromCharCode(...bytes.subarray(offset, offset + 11)), 'cos\nsystem\n');
  const zip = fixture('bad-torch-zip-data-pkl.pt');
  const [zipFinding] = check('bad-torch-zip-data-pkl.pt', zip);
  const zipOffset = zipFinding!.properties!['offset'] as number;
  assert.equal(zip[zipOffset], 0x63, 'a GLOBAL opcode in the stored data.pkl, at its offset in the file');
  assert.equal(String.fromCharCode(...zip.subarray(zipOffset + 1, zipOffset + 11)), 'os\nsystem\n');
});

test('the generator regenerates the fixtures with real CPython, giving the same verdicts', (t) => {
  const out = mkdtempSync(join(tmpdir(), 'aisec-model-fixtures-'));
  try {
    execFileSync('python3', [GENERATOR, '--out', out], { encoding: 'utf8' });
    const fresh = readdirSync(out).filter((f) => !f.endsWith('.expect')).sort();
    assert.deepEqual(fresh, Object.keys(EXPECTED).sort(), 'the generator writes exactly the expected fixtures');
    let identical = 0;
    for (const name of fresh) {
      const bytes = new Uint8Array(readFileSync(join(out, name)));
      const verdict = verdictOf(scanModelFile({ path: name, bytes, fileSize: bytes.length })).verdict;
      assert.equal(verdict, EXPECTED[name]!.verdict, `regenerated ${name}`);
      assert.equal(readIfExists(join(out, `${name}.expect`)), readIfExists(join(FIXTURES, `${name}.expect`)), `${name}.expect`);
      if (Buffer.compare(Buffer.from(bytes), readFileSync(join(FIXTURES, name))) === 0) identical++;
    }
    // Bytes can differ across CPython and zlib versions (zipfile headers, compressor output) while meaning
    // the same thing, so identity is reported rather than required; the verdicts above are the contract.
    t.diagnostic(`${identical} of ${fresh.length} regenerated fixtures are byte-identical to the committed ones`);
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
});

function readIfExists(path: string): string {
  return existsSync(path) ? readFileSync(path, 'utf8').trim() : '';
}
