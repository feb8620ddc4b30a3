/**
 * The checker's findings (one per rule per file, messages, properties, severities, the allow option) and
 * the model-file report and verdict used by hover, "Show Details" and the ProjectFacts port.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DEFAULT_CONFIG } from '../../server/src/engine/config';
import { modelFileReport, modelFileVerdictOf } from '../../server/src/engine/model-report';
import { check, fixture, RULES } from './helpers';

test('every rule of the family has docs with the safetensors conversion or safe-loading commands where relevant', () => {
  for (const id of ['AIS601', 'AIS602', 'AIS603', 'AIS604', 'AIS608']) {
    const docs = RULES.get(id)!.docs;
    assert.match(docs.useInstead, /weights_only=True/, id);
    assert.match(docs.useInstead, /save_file/, id);
  }
  assert.equal(RULES.size, 19);
});

test('AIS601 names the global, the byte offset, the member and the call; properties carry global/offset/format', () => {
  const [finding] = check('model.pt', fixture('bad-torch-zip-data-pkl.pt'));
  assert.equal(finding!.ruleId, 'AIS601');
  assert.match(finding!.message!, /runs `os\.system`, imported at byte \d+ \(in model\/data\.pkl\) and called as REDUCE \('touch \/tmp\/pwned',\)/);
  assert.equal(finding!.properties!['format'], 'pytorch-zip');
  assert.equal(finding!.properties!['member'], 'model/data.pkl');
  assert.equal(finding!.properties!['global'], 'os.system');
});

test('compressed members report the offset inside the decompressed member', () => {
  const reports = check('m.joblib', fixture('bad-joblib-zlib.joblib'));
  assert.match(reports[0]!.message!, /byte \d+ of the decompressed data/);
});

test('several dangerous globals give one AIS601 that lists the others', () => {
  const two = new Uint8Array([...fixture('bad-os-system.pkl'), ...fixture('bad-builtins-exec.pkl')]);
  const reports = check('two.pkl', two);
  assert.deepEqual(reports.map((r) => r.ruleId), ['AIS601']);
  assert.match(reports[0]!.message!, /Also imports `builtins\.exec`/);
  assert.equal(reports[0]!.properties!['distinctGlobals'], 2);
});

test('modelFiles.allowGlobals turns a suspicious global into an allowed one but never overrides the deny list', () => {
  const config = { ...DEFAULT_CONFIG, options: { 'modelFiles.allowGlobals': ['mylab.pipelines.TrainingPipeline', 'os.system'] } };
  assert.deepEqual(check('p.pkl', fixture('bad-unknown-global.pkl'), undefined, config).map((r) => r.ruleId), ['AIS603']);
  assert.deepEqual(check('p.pkl', fixture('bad-os-system.pkl'), undefined, config).map((r) => r.ruleId), ['AIS601']);
});

test('AIS604 is a warning for damaged files and information for files over the size cap', () => {
  const damaged = check('t.pkl', fixture('bad-truncated.pkl')).find((r) => r.ruleId === 'AIS604')!;
  assert.equal(damaged.effectiveSeverity, 'warning');
  const sd = fixture('bad-info-state-dict.pt');
  const capped = check('big.pt', sd.subarray(0, 600), 3_000_000_000).find((r) => r.ruleId === 'AIS604')!;
  assert.equal(capped.effectiveSeverity, 'info');
  assert.match(capped.data!['reason']!, /only the first .* of 2861 MB were read \(maxModelFileBytes\)/);
});

test('the verdict port: one line per file, most severe first', () => {
  const verdict = (name: string): string => {
    const bytes = fixture(name);
    const v = modelFileVerdictOf({ path: name, bytes, fileSize: bytes.length });
    return `${v.verdict}: ${v.summary}`;
  };
  assert.match(verdict('bad-torch-zip-data-pkl.pt'), /^dangerous: imports os\.system at byte \d+ \(in model\/data\.pkl\)/);
  assert.match(verdict('bad-unknown-global.pkl'), /^suspicious: imports mylab\.pipelines\.TrainingPipeline/);
  assert.match(verdict('bad-info-state-dict.pt'), /^pickle: PyTorch checkpoint/);
  assert.match(verdict('good-weights.safetensors'), /^safe: safetensors/);
  assert.match(verdict('bad-joblib-bz2.joblib'), /^unreadable: not fully checked: the content is bzip2-compressed/);
  assert.match(verdict('bad-lambda.keras'), /^suspicious: Keras Lambda layer "lambda"/);
});

test('the report shows format, pickles, globals with verdicts and offsets, and what to do', () => {
  const bytes = fixture('bad-torch-legacy.pth');
  const report = modelFileReport({ path: '/work/models/bad-torch-legacy.pth', bytes, fileSize: bytes.length });
  const md = report.markdown;
  assert.match(md, /^# Model file: bad-torch-legacy\.pth/);
  assert.match(md, /\*\*Verdict: DANGEROUS\*\*/);
  assert.match(md, /\| Format \| PyTorch checkpoint \(legacy stacked pickles\) \|/);
  assert.match(md, /\| Pickles found \| 5 \(protocol 2, all complete\) \|/);
  assert.match(md, /\| `webbrowser\.open` \| dangerous \| byte \d+ \| 1 \| REDUCE \('https:\/\/evil\.example',\) \| opens network connections or a browser \|/);
  assert.match(md, /\| `torch\._utils\._rebuild_tensor_v2` \| safe \|/);
  assert.match(md, /\| \(file\) \| 0–\d+ \| 2 \| \d+ \| yes \|/);
  assert.match(md, /Do \*\*not\*\* load this file/);
  assert.match(md, /nothing in it was executed or unpickled/);
  const safe = fixture('good-weights.safetensors');
  assert.match(modelFileReport({ path: 'w.safetensors', bytes: safe, fileSize: safe.length }).markdown, /Valid: 2 tensors, 1 metadata keys/);
});

test('the file report lists reader disagreements, and an ambiguous archive is never called safe', () => {
  const bytes = fixture('bad-local-name.pt');
  const report = modelFileReport({ path: 'model.pt', bytes, fileSize: bytes.length });
  assert.equal(report.verdict.verdict, 'dangerous');
  assert.match(report.markdown, /## ZIP readers disagree\n\nEvery member any of these readers sees was scanned\.\n\n- member "archive\/data\.pkl" is named "archive\/datap\.kl" in its local header/);
  // Without the payload, the disagreement alone makes the archive suspicious.
  const benign = fixture('good-arrays.npz').slice();
  const view = new DataView(benign.buffer);
  view.setUint16(benign.length - 22 + 8, 1, true);
  view.setUint16(benign.length - 22 + 10, 1, true);
  const verdict = modelFileReport({ path: 'arrays.npz', bytes: benign, fileSize: benign.length }).verdict;
  assert.equal(verdict.verdict, 'suspicious');
  assert.match(verdict.summary, /ZIP readers disagree about the archive: the end record declares 1 entry but the central directory holds 2/);
});
