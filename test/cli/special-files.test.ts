/**
 * Special files never hang or exhaust the CLI: FIFOs and links to /dev/zero (created at test time) under
 * every name AISec reads, given as a baseline, a configuration or a model file, are refused with a note
 * naming the file, and the rest of the project is still analysed. Each run has a deadline, so a
 * regression fails the test instead of hanging it.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { runCliAsync, type CliResult, type JsonReport } from './run-cli';

/** Generous for a scan of two files; a read that blocks never ends, so any deadline tells the two apart. */
const DEADLINE_MS = 60_000;

/** Every file name the CLI, the walker, the configuration loader and the project facts read by name. */
const READ_BY_NAME = ['requirements.txt', '.gitignore', 'pyproject.toml', 'package.json', 'setup.py', 'setup.cfg', 'Pipfile', 'environment.yml', '.aisec.toml', 'aisec.toml', 'tsconfig.json', 'requirements/dev.txt', '.git/info/exclude'];

const PICKLE_LOAD = 'import pickle\nimport requests\n\n\ndef restore(blob):\n    return pickle.loads(blob)\n';

function project(prefix: string): string {
  const root = mkdtempSync(join(tmpdir(), `aisec-special-${prefix}-`));
  mkdirSync(join(root, '.git', 'info'), { recursive: true });
  writeFileSync(join(root, 'app.py'), PICKLE_LOAD);
  return root;
}

function mkfifo(path: string): void {
  mkdirSync(dirname(path), { recursive: true });
  execFileSync('mkfifo', [path]);
}

function linkToDevZero(path: string): void {
  mkdirSync(dirname(path), { recursive: true });
  symlinkSync('/dev/zero', path);
}

async function scanJson(root: string, args: readonly string[] = ['.']): Promise<{ run: CliResult; report: JsonReport }> {
  const run = await runCliAsync(['scan', ...args, '--format', 'json', '--fail-on', 'never'], root, {}, DEADLINE_MS);
  assert.ok(!run.timedOut, `the scan did not finish within ${DEADLINE_MS} ms`);
  try {
    return { run, report: JSON.parse(run.stdout) as JsonReport };
  } catch {
    throw new Error(`not JSON (exit ${run.status}):\n${run.stdout.slice(0, 2000)}\n${run.stderr.slice(0, 2000)}`);
  }
}

for (const [label, create, described] of [
  ['a FIFO', mkfifo, /FIFO/],
  ['a link to /dev/zero', linkToDevZero, /character device/],
] as const) {
  for (const name of READ_BY_NAME) {
    test(`${label} named ${name} is refused with a note and the project is still scanned`, { timeout: DEADLINE_MS * 2 }, async () => {
      const root = project(name.replace(/\W/g, ''));
      create(join(root, name));
      const { run, report } = await scanJson(root);
      assert.equal(run.status, 0, run.stderr);
      assert.ok(report.findings.some((f) => f.ruleId === 'AIS101' && f.path === 'app.py'), `app.py is still analysed: ${run.stdout}`);
      // The configuration loader reports its own files as configuration errors; everything else is a skip record.
      const notes = [...report.skipped.map((s) => `${s.path}: ${s.reason}`), ...report.configErrors.map((e) => `${e.file}: ${e.message}`)];
      const note = notes.find((n) => n.startsWith(`${name}:`));
      assert.ok(note, `a note names ${name}: ${JSON.stringify(notes)}`);
      assert.match(note, described);
      assert.match(note, /not a regular file/);
      assert.deepEqual(report.notes.filter((n) => n.kind === 'rule-failed'), []);
    });
  }
}

test('a FIFO or a link to /dev/zero given as --baseline is a usage error naming the file', { timeout: DEADLINE_MS * 2 }, async () => {
  const root = project('baseline');
  mkfifo(join(root, 'fifo.json'));
  linkToDevZero(join(root, 'zero.json'));
  for (const [file, described] of [['fifo.json', /FIFO/], ['zero.json', /character device/]] as const) {
    const run = await runCliAsync(['scan', '.', '--baseline', file], root, {}, DEADLINE_MS);
    assert.ok(!run.timedOut, `--baseline ${file} did not finish`);
    assert.equal(run.status, 2);
    assert.match(run.stderr, new RegExp(`--baseline ${file}: the file is .*not a regular file`));
    assert.match(run.stderr, described);
  }
});

test('aisec baseline refuses to write into a FIFO named .aisec-baseline.json', { timeout: DEADLINE_MS * 2 }, async () => {
  const root = project('write-baseline');
  mkfifo(join(root, '.aisec-baseline.json'));
  const run = await runCliAsync(['baseline'], root, {}, DEADLINE_MS);
  assert.ok(!run.timedOut, 'aisec baseline did not finish');
  assert.equal(run.status, 2);
  assert.match(run.stderr, /\.aisec-baseline\.json: the baseline cannot be written: the file is a FIFO/);
});

test('a FIFO given as --config is a configuration error, and the scan goes on', { timeout: DEADLINE_MS * 2 }, async () => {
  const root = project('config');
  mkfifo(join(root, 'custom.toml'));
  const { report } = await scanJson(root, ['.', '--config', 'custom.toml']);
  assert.ok(report.findings.some((f) => f.ruleId === 'AIS101'));
  assert.ok(report.configErrors.some((e) => e.file === 'custom.toml' && /FIFO/.test(e.message)), JSON.stringify(report.configErrors));
});

test('a pipe or /dev/zero given as a model file is reported as refused, not as "Scanned 0 files" and nothing else', { timeout: DEADLINE_MS * 2 }, async () => {
  const root = project('model');
  mkfifo(join(root, 'weights.pkl'));
  linkToDevZero(join(root, 'model.pt'));
  const { report } = await scanJson(root, ['weights.pkl', 'model.pt']);
  assert.equal(report.summary.filesScanned, 0);
  assert.deepEqual(
    report.skipped.map((s) => [s.path, /FIFO|character device/.exec(s.reason)?.[0]]),
    [['weights.pkl', 'FIFO'], ['model.pt', 'character device']],
  );
  const text = await runCliAsync(['scan', 'weights.pkl', 'model.pt'], root, {}, DEADLINE_MS);
  assert.match(text.stdout, /weights\.pkl: not read: the file is a FIFO \(named pipe\), not a regular file/);
});

test('manifests with wrong JSON types and folders named like manifests do not fail the dependency rules of their folder', { timeout: DEADLINE_MS * 2 }, async () => {
  const shapes: Record<string, string> = {
    'workspace-numbers': '{"name": "app", "workspaces": [1, null, {"a": 2}]}',
    'workspace-packages-number': '{"name": 5, "workspaces": {"packages": 3}}',
    'null-manifest': 'null',
    'array-manifest': '[1, 2]',
    'wrong-typed-fields': '{"name": ["x"], "version": 3, "dependencies": {"left-pad": 1}, "devDependencies": [1], "workspaces": "packages/*"}',
  };
  for (const [label, packageJson] of Object.entries(shapes)) {
    const root = project(label);
    writeFileSync(join(root, 'package.json'), packageJson);
    writeFileSync(join(root, 'requirements.txt'), 'requests==2.0.0\n');
    const { run, report } = await scanJson(root);
    assert.deepEqual(report.notes.filter((n) => n.kind === 'rule-failed'), [], `${label}: ${run.stdout}`);
    assert.ok(report.findings.some((f) => f.path === 'requirements.txt' && f.ruleId === 'AIS502'), `${label}: the requirements are still checked`);
  }
  for (const name of ['setup.py', 'package.json', 'requirements.txt', 'pyproject.toml']) {
    const root = project(`dir-${name}`);
    mkdirSync(join(root, name));
    writeFileSync(join(root, 'requirements-dev.txt'), 'requests==2.0.0\n');
    const { run, report } = await scanJson(root);
    assert.deepEqual(report.notes.filter((n) => n.kind === 'rule-failed'), [], `a folder named ${name}: ${run.stdout}`);
    assert.ok(report.findings.some((f) => f.ruleId === 'AIS101' && f.path === 'app.py'));
  }
});
