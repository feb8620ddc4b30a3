/**
 * Findings in test code are advisory hints one severity lower by default (`test-code = "hint"`: the CLI leaves
 * them out unless the audit profile or `select` asks), one severity lower with `test-code = "lower"`, and keep
 * the rule's severity with `test-code = "same"`; test code is recognised from the path, inside the project only.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadEngine } from '../../server/src/host/load-engine';
import { DEFAULT_CONFIG } from '../../server/src/engine/index';
import { isExampleCodePath, isRunOutputPath, isTestCodePath, TEST_CODE_PROPERTY } from '../../server/src/engine/test-code';
import { configForPath, parseConfigFile } from '../../server/src/engine/config-file';
import { generateKey } from '../secrets/keygen';

const PICKLE = 'import pickle\nimport yaml\n\n\ndef load(b, s):\n    yaml.load(s, Loader=yaml.Loader)\n    return pickle.loads(b)\n';

test('test files and test folders are recognised; other paths are not', () => {
  for (const path of ['tests/test_io.py', 'test/helpers.py', 'pkg/tests/data.py', 'test_io.py', 'io_test.py', 'conftest.py', 'src/__tests__/a.ts', 'web/app.test.tsx', 'web/app.spec.js', 'tests\\win.py', 'rules/x/fixtures/bad.py', 'evals/smoke-tests/run.ts', 'pkg/unit_tests/a.py', 'e2e-test/a.ts', 'ios/AppTests/a.swift', 'ios/AppUITests/b.py', 'ios/TestHarness/ui_matrix.py']) {
    assert.equal(isTestCodePath(path), true, path);
  }
  for (const path of ['src/io.py', 'contest.py', 'testing_utils.py', 'latest/io.py', 'attest.ts', 'src/testdata.py', 'contests/a.py', 'pytest/a.py', 'src/attests/a.py', 'test_time_scaling/a.py', 'Contests/a.py']) {
    assert.equal(isTestCodePath(path), false, path);
  }
});

test('folders count only in a path inside the project: an absolute path is judged by its file name', () => {
  assert.equal(isTestCodePath('/home/me/tests/project/src/io.py'), false, 'a checkout under a tests folder is not test code');
  assert.equal(isTestCodePath('/home/me/project/test_io.py'), true);
  assert.equal(isTestCodePath('C:\\work\\proj\\tests\\io.py'), false);
});

test('the host-given project path decides, whatever path the file is reported under', async () => {
  const engine = await loadEngine();
  const lower = { ...DEFAULT_CONFIG, testCode: 'lower' } as const;
  const absolute = engine.analyze({ path: '/checkouts/app/tests/io.py', text: PICKLE, config: { ...lower, projectPath: 'tests/io.py' } });
  assert.deepEqual(absolute.findings.map((f) => f.severity), ['warning', 'warning']);
  const fromInside = engine.analyze({ path: 'io.py', text: PICKLE, config: { ...lower, projectPath: 'tests/io.py' } });
  assert.deepEqual(fromInside.findings.map((f) => f.severity), ['warning', 'warning'], 'scanned from inside tests/, the same answer');
  const production = engine.analyze({ path: 'tests/io.py', text: PICKLE, config: { ...lower, projectPath: 'src/io.py' } });
  assert.deepEqual(production.findings.map((f) => f.severity), ['error', 'error']);
});

test('by default findings in test code are advisory: hints one severity lower in the editor, reported only when asked for', async () => {
  const engine = await loadEngine();
  assert.deepEqual(engine.analyze({ path: 'tests/io.py', text: PICKLE }).findings, [], 'the CLI default leaves them out');
  const editor = engine.analyze({ path: 'tests/io.py', text: PICKLE, config: { ...DEFAULT_CONFIG, advisoryHints: true } });
  assert.deepEqual(editor.findings.map((f) => [f.ruleId, f.severity, f.advisory]), [['AIS112', 'warning', 'hint'], ['AIS101', 'warning', 'hint']]);
  const audit = engine.analyze({ path: 'tests/io.py', text: PICKLE, config: { ...DEFAULT_CONFIG, profile: 'audit' } });
  assert.deepEqual(audit.findings.map((f) => [f.ruleId, f.severity, f.advisory]), [['AIS112', 'warning', 'reported'], ['AIS101', 'warning', 'reported']]);
  const selected = engine.analyze({ path: 'tests/io.py', text: PICKLE, config: { ...DEFAULT_CONFIG, extendSelect: ['AIS101'] } });
  assert.deepEqual(selected.findings.map((f) => f.ruleId), ['AIS101'], 'naming the rule asks for its test-code findings');
  assert.equal(engine.analyze({ path: 'src/io.py', text: PICKLE }).findings.length, 2, 'production code is unchanged');
});

test('with test-code = "lower" findings in test code are one severity lower and say so; "same" keeps them', async () => {
  const engine = await loadEngine();
  const lower = { ...DEFAULT_CONFIG, testCode: 'lower' } as const;
  const production = engine.analyze({ path: 'src/io.py', text: PICKLE, config: lower });
  const inTests = engine.analyze({ path: 'tests/io.py', text: PICKLE, config: lower });
  assert.deepEqual(production.findings.map((f) => [f.ruleId, f.severity]), [['AIS112', 'error'], ['AIS101', 'error']]);
  assert.deepEqual(inTests.findings.map((f) => [f.ruleId, f.severity]), [['AIS112', 'warning'], ['AIS101', 'warning']]);
  assert.ok(inTests.findings.every((f) => f.properties?.[TEST_CODE_PROPERTY] === true));
  assert.ok(production.findings.every((f) => f.properties?.[TEST_CODE_PROPERTY] === undefined));
  assert.deepEqual(inTests.findings.map((f) => f.fingerprint), production.findings.map((f) => f.fingerprint), 'baselines keep matching');

  const same = engine.analyze({ path: 'tests/io.py', text: PICKLE, config: { ...DEFAULT_CONFIG, testCode: 'same' } });
  assert.deepEqual(same.findings.map((f) => f.severity), ['error', 'error']);

  const info = engine.analyze({ path: 'tests/io.py', text: 'import numpy as np\n\n\ndef read(p, flag):\n    return np.load(p, allow_pickle=flag)\n', config: lower });
  assert.deepEqual(info.findings.map((f) => f.severity), ['info'], 'information stays information');
});

test('the test-code key is read from .aisec.toml, carried to each file, and a bad value is a located error', () => {
  const parsed = parseConfigFile('.aisec.toml', 'test-code = "same"\n');
  assert.deepEqual(parsed.errors, []);
  assert.equal(configForPath(parsed.config!, 'tests/a.py').testCode, 'same');
  const bad = parseConfigFile('.aisec.toml', 'select = ["AIS101"]\ntest-code = "lowest"\n');
  assert.equal(bad.errors.length, 1);
  assert.equal(bad.errors[0].line, 2);
  assert.equal(bad.errors[0].key, 'test-code');
  assert.match(bad.errors[0].message, /"hint".*"lower".*"same"/);
  assert.equal(configForPath(bad.config!, 'tests/a.py').testCode, undefined, 'the default (hint) applies');
});

test('secrets keep their own test-path rule: a distinctive key in a test is still an error', async () => {
  const engine = await loadEngine();
  const key = generateKey('anthropic');
  const text = `import anthropic\n\nclient = anthropic.Anthropic(api_key="${key}")\n`;
  const production = engine.analyze({ path: 'src/client.py', text }).findings.filter((f) => f.category === 'secrets');
  const inTests = engine.analyze({ path: 'tests/test_client.py', text }).findings.filter((f) => f.category === 'secrets');
  assert.equal(production.length, 1);
  assert.deepEqual(inTests.map((f) => f.severity), production.map((f) => f.severity));
});

test('example and demo folders follow the policy for what their code does, not for what they install', async () => {
  for (const path of ['examples/run.py', 'apps/examples/desktop/sidecar.ts', 'docs/demo/app.py', 'Demos\\x.py']) assert.equal(isExampleCodePath(path), true, path);
  for (const path of ['src/example.py', 'examples.py', 'src/exemplar/a.py', '/home/me/examples/proj/src/a.py']) assert.equal(isExampleCodePath(path), false, path);
  const engine = await loadEngine();
  assert.deepEqual(engine.analyze({ path: 'examples/io.py', text: PICKLE }).findings, [], 'the CLI default leaves an example\'s pickle load out');
  const lower = engine.analyze({ path: 'examples/io.py', text: PICKLE, config: { ...DEFAULT_CONFIG, testCode: 'lower' } });
  assert.deepEqual(lower.findings.map((f) => [f.ruleId, f.severity]), [['AIS112', 'warning'], ['AIS101', 'warning']]);
  const shell = 'import subprocess\n\n\ndef start(path):\n    subprocess.Popen(f"{path} --serve", shell=True)\n';
  assert.deepEqual(engine.analyze({ path: 'examples/launch.py', text: shell }).findings, []);
  assert.equal(engine.analyze({ path: 'src/launch.py', text: shell }).findings.length, 1, 'the same code outside examples is reported');
  const unpinned = 'git+https://github.com/a/b\n';
  const requirement = engine.analyze({ path: 'examples/requirements.txt', text: unpinned }).findings;
  assert.deepEqual(requirement.map((f) => [f.ruleId, f.severity]), [['AIS507', 'warning']], 'an example\'s requirements keep their severity');
});

test('folders named with a run\'s date and time hold generated output: every finding but secrets follows the policy', async () => {
  for (const path of ['WareHouse/Gomoku_THUNLP_20230625201030/main.py', 'runs/2024-01-05_12-30-00/app/requirements.txt', 'wandb/run-20240105_123000-abc/files/a.py', 'out/2023-06-25T20:10:30/x.py']) assert.equal(isRunOutputPath(path), true, path);
  for (const path of ['src/v20230625/a.py', 'releases/2024-01-05/a.py', 'ids/120230625201030999/a.py', 'Gomoku_20230625201030.py', '/home/me/run_20230625201030/proj/a.py', 'data/20231399251030/a.py']) assert.equal(isRunOutputPath(path), false, path);
  const engine = await loadEngine();
  const unpinned = 'git+https://github.com/a/b\n';
  assert.deepEqual(engine.analyze({ path: 'WareHouse/App_Org_20230625201030/requirements.txt', text: unpinned }).findings, [], 'a generated app\'s requirements are left out by default');
  assert.deepEqual(engine.analyze({ path: 'WareHouse/App_Org_20230625201030/io.py', text: PICKLE }).findings, [], 'so is its code');
  const lower = engine.analyze({ path: 'WareHouse/App_Org_20230625201030/requirements.txt', text: unpinned, config: { ...DEFAULT_CONFIG, testCode: 'lower' } });
  assert.deepEqual(lower.findings.map((f) => [f.ruleId, f.severity]), [['AIS507', 'info']]);
  assert.equal(engine.analyze({ path: 'app/requirements.txt', text: unpinned }).findings.length, 1, 'the same requirement elsewhere is reported');
});
