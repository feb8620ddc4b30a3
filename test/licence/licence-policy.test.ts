/**
 * The licence policy end to end, offline: the committed fixture repositories under test/licence/fixtures
 * (denied, not-allowed, unknown; `allowed` is the good fixture with no finding) are scanned by the CLI with
 * their own `.aisec.toml`, and every AIS900 (denied-licence), AIS901 (licence-not-allowed) and AIS902
 * (unknown-licence) finding must be one the files' `expect:` comments or `.expect` sidecars name. Model files'
 * own licences (safetensors `__metadata__`, GGUF `general.license`) are written at test time.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, sep } from 'node:path';
import { compareExpectations, expectationsOf, type Expectation } from '../helpers/fixtures';
import { jsonOf, runCli } from '../cli/run-cli';
import { generatedModelFiles } from '../model-files/helpers';
import { gguf } from '../model-files/gguf-writer';
import { parseConfigFile } from '../../server/src/engine/config-file';

const FIXTURES = join(__dirname, 'fixtures');

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = join(dir, name);
    return statSync(full).isDirectory() ? filesUnder(full) : name.endsWith('.expect') ? [] : [full];
  });
}

/** The rules these fixtures cover; each must be expected somewhere in them. */
const LICENCE_RULES = ['AIS900', 'AIS901', 'AIS902'] as const;
const expectedRules = new Set<string>();

for (const folder of ['denied', 'not-allowed', 'unknown', 'allowed']) {
  test(`licence fixtures: ${folder}${folder === 'allowed' ? ' (good: no finding)' : ''}`, () => {
    const root = join(FIXTURES, folder);
    const run = runCli(['scan', '.', '--format', 'json', '--fail-on', 'never'], root);
    assert.equal(run.status, 0, run.stderr);
    const report = jsonOf(run);
    assert.deepEqual(report.configErrors, []);
    const expected: Expectation[] = [];
    const actual: Expectation[] = [];
    for (const file of filesUnder(root)) {
      const path = relative(root, file).split(sep).join('/');
      const fixture = { path: file, relativePath: path, family: 'licence', kind: 'bad' as const };
      for (const e of expectationsOf(fixture, readFileSync(file, 'utf8'))) {
        expected.push({ line: e.line, ruleId: `${path} ${e.ruleId}` });
        expectedRules.add(e.ruleId);
      }
    }
    for (const f of report.findings.filter((f) => f.category === 'licence')) actual.push({ line: f.location.line, ruleId: `${f.path} ${f.ruleId}` });
    const { missing, extra } = compareExpectations(expected, actual);
    assert.deepEqual({ missing, extra }, { missing: [], extra: [] });
    if (folder === 'allowed') assert.equal(actual.length, 0);
  });
}

test('every licence rule is expected by a fixture', () => {
  assert.deepEqual([...expectedRules].sort(), [...LICENCE_RULES]);
});

test('the messages name the licence, what carries it and the pattern that denies it', () => {
  const report = jsonOf(runCli(['scan', '.', '--format', 'json', '--fail-on', 'never'], join(FIXTURES, 'denied')));
  const messages = report.findings.filter((f) => f.category === 'licence').map((f) => `${f.severity} ${f.message}`).sort();
  assert.deepEqual(messages, [
    'error The licence file `vendor/nc-tool/LICENSE` is licensed under `CC-BY-NC-4.0`, which the licence policy denies (`cc-by-nc-*`).',
    'error The model card README.md of `models/chat` is licensed under `llama2`, which the licence policy denies (`llama2`).',
    'error The model card README.md of `models/summariser` is licensed under `cc-by-nc-4.0`, which the licence policy denies (`cc-by-nc-*`).',
    'error The package `both-needed@0.4.0` is licensed under `MIT AND CC-BY-NC-4.0`, which the licence policy denies (`cc-by-nc-*`).',
    'error The package `copyleft-server@2.1.0` is licensed under `AGPL-3.0-only`, which the licence policy denies (`AGPL-3.0-only`).',
    'error The package of `vendor/copyleft/package.json` is licensed under `AGPL-3.0-only`, which the licence policy denies (`AGPL-3.0-only`).',
  ]);
});

let dir = '';
before(() => {
  dir = mkdtempSync(join(tmpdir(), 'aisec-licence-'));
});
after(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

function repository(name: string, config: string | undefined, files: Record<string, string | Uint8Array>): string {
  const root = join(dir, name);
  mkdirSync(join(root, '.git'), { recursive: true });
  if (config !== undefined) writeFileSync(join(root, '.aisec.toml'), config);
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(join(root, path, '..'), { recursive: true });
    writeFileSync(join(root, path), content);
  }
  return root;
}

const licenceFindings = (root: string): string[] =>
  jsonOf(runCli(['scan', '.', '--format', 'json', '--fail-on', 'never'], root)).findings.filter((f) => f.category === 'licence').map((f) => `${f.path} ${f.ruleId} ${f.severity}`).sort();

test('model files: the licence in safetensors metadata and GGUF general.license is judged; a model file with none and nothing next to it is unknown', () => {
  const made = generatedModelFiles({
    nonCommercial: "safetensors_bytes({'w': ('F32', (2,), floats(2))}, {'format': 'pt', 'license': 'cc-by-nc-4.0'})",
    apache: "safetensors_bytes({'w': ('F32', (2,), floats(2))}, {'format': 'pt', 'license': 'apache-2.0'})",
  });
  const files = {
    'nc/model.safetensors': made.nonCommercial!,
    'ok/model.safetensors': made.apache!,
    'gemma/model.gguf': gguf({ 'general.architecture': { type: 'string', value: 'gemma' }, 'general.license': { type: 'string', value: 'gemma' } }),
    'bare/model.gguf': gguf({ 'general.architecture': { type: 'string', value: 'llama' } }),
    'carded/model.gguf': gguf({ 'general.architecture': { type: 'string', value: 'llama' } }),
    'carded/README.md': '---\nlicense: mit\nlibrary_name: gguf\n---\n',
  };
  const policy = '[licenses]\ndeny = ["cc-by-nc-*"]\nallow = ["Apache-2.0", "MIT"]\n';
  assert.deepEqual(licenceFindings(repository('models-warn', policy, files)), [
    'bare/model.gguf AIS902 warning',
    'gemma/model.gguf AIS901 warning',
    'nc/model.safetensors AIS900 error',
  ]);
  assert.deepEqual(licenceFindings(repository('models-error', `${policy}unknown = "error"\n`, files)), ['bare/model.gguf AIS902 error', 'gemma/model.gguf AIS901 warning', 'nc/model.safetensors AIS900 error']);
  assert.deepEqual(licenceFindings(repository('models-ignore', `${policy}unknown = "ignore"\n`, files)), ['gemma/model.gguf AIS901 warning', 'nc/model.safetensors AIS900 error']);
  // Without a policy the licence rules report nothing: a scan's default findings do not change.
  assert.deepEqual(licenceFindings(repository('models-no-policy', undefined, files)), []);
});

test('a bad licence policy is a located configuration error, and the valid parts still apply', () => {
  const text = '[licenses]\ndeny = ["cc-by-nc-*", "MIT OR"]\nallow = "Apache-2.0"\nunknown = "maybe"\nrequire = ["x"]\n';
  const { config, errors } = parseConfigFile('.aisec.toml', text);
  assert.deepEqual(errors.map((e) => [e.line, e.key, e.message.replace(/\(.*\)/, '(…)')]), [
    [2, 'licenses.deny', '"MIT OR" is not an SPDX expression (…)'],
    [4, 'licenses.unknown', 'unknown must be "warn", "error", "ignore", not "maybe"'],
    [5, 'licenses.require', 'unknown key "require" in the licence policy'],
  ]);
  assert.deepEqual(config?.options.licence, { deny: ['cc-by-nc-*'], allow: ['Apache-2.0'] });
  const pyproject = parseConfigFile('pyproject.toml', '[tool.aisec.licenses]\ndeny = ["llama2"]\nunknown = "ignore"\n');
  assert.deepEqual(pyproject.errors, []);
  assert.deepEqual(pyproject.config?.options.licence, { deny: ['llama2'], unknown: 'ignore' });
});
