/**
 * A pickle, joblib or torch load of a file the same code writes (its own cache or checkpoint: the same path
 * expression, in the same function, at module level both, or in one class through `self.`) is advisory: reported
 * in the audit profile at warning level with a note, absent from the default profile. A path that only shares
 * a parameter's name with a written one, or that nothing here writes, stays an error.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { loadEngine } from '../../server/src/host/load-engine';
import { join, resolve } from 'node:path';
import { DEFAULT_CONFIG, type EngineConfig } from '../../server/src/engine/index';
import { fixturePorts } from '../helpers/ports';

const AUDIT = { ...DEFAULT_CONFIG, profile: 'audit' as const };
const fixture = (rule: string, name: string): string => readFileSync(`server/src/rules/deserialization/${rule}/fixtures/${name}`, 'utf8');
const lines = (findings: { range: { start: { line: number } }; severity: string; advisory?: string }[]): string[] => findings.map((f) => `${f.range.start.line + 1} ${f.severity} ${f.advisory ?? 'default'}`);

test('pickle loads of the cache the same class or function writes are advisory; the near misses stay errors', async () => {
  const engine = await loadEngine();
  const text = fixture('unsafe-pickle-load', 'bad-own-cache.py');
  const audit = engine.analyze({ path: 'vectordb.py', text, config: AUDIT }).findings.filter((f) => f.ruleId === 'AIS101');
  assert.deepEqual(lines(audit), ['17 warning reported', '23 warning reported', '38 error default', '44 error default', '49 error default']);
  assert.match(audit[0]?.message ?? '', /The same code writes this file/);
  const quiet = engine.analyze({ path: 'vectordb.py', text }).findings.filter((f) => f.ruleId === 'AIS101');
  assert.deepEqual(lines(quiet), ['38 error default', '44 error default', '49 error default']);
});

test('resuming from the checkpoint the same script saves is advisory; so is a checkpoint from the command line (the operator choice); one loaded and written back (read-modify-write) is not', async () => {
  const engine = await loadEngine();
  const text = fixture('unsafe-torch-load', 'bad-own-checkpoint.py');
  const audit = engine.analyze({ path: 'train.py', text, config: AUDIT }).findings.filter((f) => f.ruleId === 'AIS102');
  assert.deepEqual(lines(audit), ['13 warning reported', '15 warning reported', '23 error default']);
  const quiet = engine.analyze({ path: 'train.py', text }).findings.filter((f) => f.ruleId === 'AIS102');
  assert.deepEqual(lines(quiet), ['23 error default']);
});

test('a load read only through keys of a checkpoint dictionary the same module saves is advisory, even from a parameter; downloads, whole uses, unknown keys and one-key layouts stay errors', async () => {
  const engine = await loadEngine();
  const text = fixture('unsafe-torch-load', 'bad-own-checkpoint-layout.py');
  const audit = engine.analyze({ path: 'lfqa_utils.py', text, config: AUDIT }).findings.filter((f) => f.ruleId === 'AIS102');
  assert.deepEqual(lines(audit), ['12 warning reported', '34 error default', '40 error default', '46 error default', '52 error default']);
  assert.match(audit[0]?.message ?? '', /keys of a checkpoint dictionary the same code saves/);
  assert.equal(audit[0]?.flow?.[0]?.range.start.line, 24);
  const quiet = engine.analyze({ path: 'lfqa_utils.py', text }).findings.filter((f) => f.ruleId === 'AIS102');
  assert.deepEqual(lines(quiet), ['34 error default', '40 error default', '46 error default', '52 error default']);
  const pickleText = fixture('unsafe-pickle-load', 'bad-own-state-layout.py');
  const pickleAudit = engine.analyze({ path: 'store.py', text: pickleText, config: AUDIT }).findings.filter((f) => f.ruleId === 'AIS101');
  assert.deepEqual(lines(pickleAudit), ['14 warning reported', '20 error default']);
});

test('a joblib load of the model the same function dumps, or of the file name it dumps, is advisory', async () => {
  const engine = await loadEngine();
  const text = 'import os\nimport joblib\n\n\ndef fit_or_load(clf, out_dir, fit):\n    path = os.path.join(out_dir, "clf.pkl")\n    if os.path.exists(path):\n        return joblib.load(path)\n    fit(clf)\n    joblib.dump(clf, os.path.join(out_dir, "clf.pkl"))\n    return clf\n\n\ndef load_other(out_dir):\n    return joblib.load(os.path.join(out_dir, "clf.pkl"))\n';
  const audit = engine.analyze({ path: 'model.py', text, config: AUDIT }).findings.filter((f) => f.ruleId === 'AIS106');
  // Line 15 reads the file name (`clf.pkl`) that line 10 writes, from whatever folder it is given: the program's own artefact.
  assert.deepEqual(lines(audit), ['8 warning reported', '15 warning reported']);
});

test('a load of a file name the same module writes (a literal, f-string template or constant name) or of a relative literal path is advisory; other names, absolute paths and loader APIs stay reported', async () => {
  const engine = await loadEngine();
  const torchText = fixture('unsafe-torch-load', 'bad-own-file-name.py');
  const torchAudit = engine.analyze({ path: 'checkpoint.py', text: torchText, config: AUDIT }).findings.filter((f) => f.ruleId === 'AIS102');
  assert.deepEqual(lines(torchAudit), ['16 warning reported', '25 warning reported', '30 error default', '31 error default', '41 warning reported', '42 warning default']);
  assert.match(torchAudit[4]?.message ?? '', /relative literal path, so it is one the project ships/);
  assert.match(torchAudit[0]?.flow?.[0]?.message ?? '', /writes a file named `rank_\*\.pt`/);
  const pickleText = fixture('unsafe-pickle-load', 'bad-own-file-name.py');
  const pickleAudit = engine.analyze({ path: 'tree_search.py', text: pickleText, config: AUDIT }).findings.filter((f) => f.ruleId === 'AIS101');
  assert.deepEqual(lines(pickleAudit), ['21 warning reported', '26 warning reported', '36 warning reported', '42 error default', '57 error default']);
});

test('a load of a file name another file of the project writes is advisory, with the writer as its flow step; other names stay errors', async () => {
  const engine = await loadEngine();
  const root = resolve('server/src/rules/deserialization/unsafe-pickle-load/fixtures/projects/written-elsewhere');
  const analyse = (name: string, config: EngineConfig = AUDIT) => {
    const path = join(root, name);
    return engine.analyze({ path, text: readFileSync(path, 'utf8'), config, ports: fixturePorts(engine, root) }).findings.filter((f) => f.category === 'deserialization');
  };
  const train = analyse('bad_train.py');
  assert.deepEqual(lines(train), ['12 warning reported', '16 error default', '18 error default', '31 error default', '36 error default']);
  assert.match(train[0]?.message ?? '', /Another file of the project writes a file of this name/);
  assert.equal(train[0]?.flow?.[0]?.path, join(root, 'data/prepare.py').slice(1));
  assert.match(train[0]?.flow?.[0]?.message ?? '', /writes a file named `meta\.pkl`/);
  assert.deepEqual(lines(analyse('bad_sample.py')), ['6 warning reported', '7 error default']);
  assert.deepEqual(lines(analyse('bad_train.py', DEFAULT_CONFIG)), ['16 error default', '18 error default', '31 error default', '36 error default']);
  // Without the project fact (a host that does not answer it) the same load is an error.
  const alone = engine.analyze({ path: join(root, 'bad_train.py'), text: readFileSync(join(root, 'bad_train.py'), 'utf8'), config: AUDIT }).findings.filter((f) => f.ruleId === 'AIS101');
  assert.deepEqual(lines(alone), ['12 error default', '16 error default', '18 error default', '31 error default', '36 error default']);
});

test('a notebook of the project is a writer too, and `self.` paths its class assigns once from a literal name their folder', async () => {
  const engine = await loadEngine();
  const root = resolve('server/src/rules/deserialization/unsafe-pickle-load/fixtures/projects/written-by-notebook');
  const path = join(root, 'evaluation/bad_vectordb.py');
  const analyse = (config: EngineConfig) => engine.analyze({ path, text: readFileSync(path, 'utf8'), config, ports: fixturePorts(engine, root) }).findings.filter((f) => f.ruleId === 'AIS101');
  const audit = analyse(AUDIT);
  assert.deepEqual(lines(audit), ['13 warning reported', '23 error default', '34 error default']);
  assert.match(audit[0]?.message ?? '', /Another file of the project writes a file of this name/);
  assert.equal(audit[0]?.flow?.[0]?.path, join(root, 'guide.ipynb').slice(1));
  // The write is named by its line in the .ipynb file: the `open(self.db_path, "wb")` of the third cell.
  const notebookLines = readFileSync(join(root, 'guide.ipynb'), 'utf8').split('\n');
  assert.match(notebookLines[audit[0]!.flow![0]!.range.start.line] ?? '', /open\(self\.db_path, \\"wb\\"\)/);
  assert.deepEqual(lines(analyse(DEFAULT_CONFIG)), ['23 error default', '34 error default']);
});

test('a TorchScript archive the same code writes (`traced.save(path)`, `torch.jit.save`) is advisory; another archive is not', async () => {
  const engine = await loadEngine();
  const text = fixture('torch-jit-or-package-load', 'bad-own-archive.py');
  const audit = engine.analyze({ path: 'inference.py', text, config: AUDIT }).findings.filter((f) => f.ruleId === 'AIS103');
  assert.deepEqual(lines(audit), ['15 warning reported', '22 warning reported', '27 warning default']);
  assert.match(audit[0]?.message ?? '', /The same code writes this file/);
  assert.deepEqual(audit[0]?.flow?.map((step) => `${step.range.start.line + 1} ${step.message}`), ['10 the same code writes a file named `neuron_model.pt` here']);
  const quiet = engine.analyze({ path: 'inference.py', text }).findings.filter((f) => f.ruleId === 'AIS103');
  assert.deepEqual(lines(quiet), ['27 warning default']);
});
