/**
 * The pipeline readers through the engine: file names and kinds, exact positions inside block scalars,
 * malformed files, package-index settings in pyproject.toml, Dockerfiles under their new names keeping
 * the install-command checker, and the CLI (walk into .github, SARIF regions at the key).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadEngine } from '../../server/src/host/load-engine';
import { DEFAULT_CONFIG } from '../../server/src/engine/index';
import type { Finding } from '../../server/src/engine/index';
import { pipelineFileOf } from '../../server/src/engine/pipeline/files';
import { readWorkflow } from '../../server/src/engine/pipeline/github-workflow';
import { runCli } from '../cli/run-cli';

const AUDIT = { ...DEFAULT_CONFIG, profile: 'audit' as const };

async function findings(path: string, text: string, languageId?: string): Promise<Finding[]> {
  const engine = await loadEngine();
  return engine.analyze({ path, text, config: AUDIT, ...(languageId ? { languageId } : {}) }).findings;
}

test('pipeline file names', () => {
  const cases: [string, string | undefined][] = [
    ['.github/workflows/ci.yml', 'github-workflow'],
    ['sub/.github/workflows/release.yaml', 'github-workflow'],
    ['.github/actions/setup/action.yml', 'github-action'],
    ['.gitlab-ci.yml', 'gitlab-ci'],
    ['ci/templates/build.gitlab-ci.yml', 'gitlab-ci'],
    ['Dockerfile', 'dockerfile'],
    ['docker/Dockerfile.gpu', 'dockerfile'],
    ['Containerfile', 'dockerfile'],
    ['images/train.dockerfile', 'dockerfile'],
    ['.devcontainer/devcontainer.json', 'devcontainer'],
    ['.devcontainer/gpu/devcontainer.json', 'devcontainer'],
    ['.devcontainer.json', 'devcontainer'],
    ['pip.conf', 'pip-conf'],
    ['pip.ini', 'pip-conf'],
    ['.npmrc', 'npmrc'],
    ['.yarnrc.yml', 'yarnrc'],
    ['uv.toml', 'uv-toml'],
    ['site-packages/litellm_init.pth', 'pth'],
    ['config/settings.yml', undefined],
    ['docker-compose.yml', undefined],
  ];
  for (const [path, expected] of cases) assert.equal(pipelineFileOf(path), expected, path);
  // Outside .github/workflows, YAML is a workflow by its shape.
  assert.equal(pipelineFileOf('templates/ci.yml', 'on: push\njobs:\n  a:\n    runs-on: x\n'), 'github-workflow');
  assert.equal(pipelineFileOf('templates/x.yml', 'runs:\n  using: composite\n  steps: []\n'), 'github-action');
});

test('the CLI walk and the editor kinds include pipeline files', async () => {
  const engine = await loadEngine();
  assert.equal(engine.kindOf('.npmrc'), 'text');
  assert.equal(engine.kindOf('pip.conf'), 'text');
  assert.equal(engine.kindOf('Dockerfile.gpu'), 'shell');
  assert.equal(engine.kindOf('Containerfile'), 'shell');
  // The editor calls .npmrc `properties` and pip.conf `ini`; the name decides.
  assert.equal(engine.kindOf('/w/.npmrc', 'properties'), 'text');
  assert.equal(engine.kindOf('/w/pip.conf', 'ini'), 'text');
  assert.equal(engine.kindOf('/w/Dockerfile', 'dockerfile'), 'shell');
  const insecure = await findings('/w/.npmrc', 'strict-ssl=false\n', 'properties');
  assert.deepEqual(insecure.map((f) => f.ruleId), ['AIS863']);
});

test('a finding inside a run: block scalar points at its own line and column', async () => {
  const text = 'on: issues\npermissions:\n  contents: read\njobs:\n  t:\n    runs-on: ubuntu-latest\n    steps:\n      - run: |\n          set -e\n          echo "${{ github.event.issue.title }}"\n';
  const [finding] = (await findings('.github/workflows/t.yml', text)).filter((f) => f.ruleId === 'AIS852');
  assert.ok(finding);
  assert.deepEqual(finding.range, { start: { line: 9, column: 16 }, end: { line: 9, column: 47 } });
});

test('a malformed workflow gives one finding naming the file, line and key', async () => {
  const text = 'on: push\njobs:\n  build:\n    runs-on: ubuntu-latest\n    steps:\n      - name: Say\n        run: echo "a: b"\n';
  const malformed = (await findings('.github/workflows/ci.yml', text)).filter((f) => f.category === 'pipeline');
  assert.equal(malformed.length, 1);
  assert.equal(malformed[0]!.ruleId, 'AIS850');
  assert.match(malformed[0]!.message, /^ci\.yml \(GitHub Actions workflow\), line 7, key `run`: /);
  const steps = readWorkflow('on: push\njobs:\n  b:\n    steps: 3\n', 'github-workflow');
  assert.deepEqual(steps.problem, { message: '`jobs.b.steps` must be a list of steps', offset: 24, key: 'jobs.b.steps' });
});

test('pyproject.toml: [tool.uv] insecure hosts and plain-HTTP Poetry sources', async () => {
  const text = '[project]\nname = "x"\nversion = "1"\n\n[tool.uv]\nallow-insecure-host = ["pypi.corp.example"]\n\n[[tool.uv.index]]\nname = "corp"\nurl = "http://pypi.corp.example/simple"\n\n[[tool.poetry.source]]\nname = "old"\nurl = "http://old.corp.example/simple"\n';
  const found = (await findings('pyproject.toml', text)).filter((f) => f.ruleId === 'AIS863');
  assert.deepEqual(found.map((f) => f.range.start.line + 1), [6, 10, 14]);
});

test('Dockerfiles keep the install-command checks under every Dockerfile name', async () => {
  for (const name of ['Dockerfile', 'Dockerfile.gpu', 'Containerfile', 'train.dockerfile']) {
    const found = await findings(name, 'FROM python:3.12\nRUN pip install --trusted-host pypi.corp.example torch==2.2.0\n');
    assert.ok(found.some((f) => f.ruleId === 'AIS510'), `${name}: ${found.map((f) => f.ruleId).join(',')}`);
  }
});

test('the CLI scans .github and .devcontainer and points SARIF regions at the key', () => {
  const root = mkdtempSync(join(tmpdir(), 'aisec-pipeline-'));
  try {
    mkdirSync(join(root, '.github', 'workflows'), { recursive: true });
    mkdirSync(join(root, '.devcontainer'));
    writeFileSync(join(root, '.github', 'workflows', 'triage.yml'), 'on: issues\npermissions:\n  contents: read\njobs:\n  t:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: anthropics/claude-code-action@v1\n        with:\n          allowed_non_write_users: "*"\n');
    writeFileSync(join(root, '.devcontainer', 'devcontainer.json'), '{\n  "image": "python:3.12",\n  "privileged": true\n}\n');
    const result = runCli(['scan', '.', '--format', 'sarif', '--select', 'pipeline'], root);
    const log = JSON.parse(result.stdout) as { runs: { results: { ruleId: string; locations: { physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number; startColumn: number } } }[] }[] }[] };
    const results = log.runs[0]!.results.map((r) => [r.ruleId, r.locations[0]!.physicalLocation.artifactLocation.uri, r.locations[0]!.physicalLocation.region.startLine, r.locations[0]!.physicalLocation.region.startColumn]);
    assert.deepEqual(results.sort(), [
      ['AIS855', '.github/workflows/triage.yml', 10, 11],
      ['AIS856', '.github/workflows/triage.yml', 8, 15],
      ['AIS862', '.devcontainer/devcontainer.json', 3, 17],
    ]);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});
