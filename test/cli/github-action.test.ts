/**
 * The GitHub Action's entry point, run as the runner runs it: `node <runs.main of action.yml>` in a child
 * process with the environment GitHub provides (GITHUB_WORKSPACE, GITHUB_STEP_SUMMARY, GITHUB_OUTPUT,
 * GITHUB_EVENT_PATH with a pull_request event, INPUT_*), on a temporary git repository with a base and a head
 * commit. It checks the job summary, the outputs, the SARIF file and the exit code.
 */
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { REPO } from './run-cli';
import { GIT_ENV, makeGitRepo, SAFE_PY, UNSAFE_PY, type GitRepo } from '../helpers/git-repo';

interface ActionManifest {
  inputs: Record<string, { default?: string }>;
  outputs: Record<string, unknown>;
  runs: { using: string; main: string };
}

const manifest = parse(readFileSync(join(REPO, 'action.yml'), 'utf8')) as ActionManifest;
const cleanups: string[] = [];
after(() => {
  for (const dir of cleanups) rmSync(dir, { recursive: true, force: true });
});

/** A repository whose `feature` branch adds one unsafe file on top of a base that already had one. */
function pullRequestRepo(): { repo: GitRepo; base: string; head: string } {
  const repo = makeGitRepo('aisec-action-');
  cleanups.push(repo.dir);
  repo.write('src/legacy.py', UNSAFE_PY);
  repo.write('src/util.py', SAFE_PY);
  const base = repo.commit('base');
  repo.git('checkout', '-q', '-b', 'feature');
  repo.write('src/new loader.py', UNSAFE_PY);
  repo.write('src/util.py', `${SAFE_PY}# touched\n`);
  const head = repo.commit('head');
  return { repo, base, head };
}

interface ActionRun {
  status: number;
  stdout: string;
  summary: string;
  outputs: Record<string, string>;
}

/** Runs the action with `inputs` (named as in action.yml) and the runner's files in a fresh folder. */
function runAction(workspace: string, inputs: Record<string, string>, extraEnv: Record<string, string> = {}): ActionRun {
  const runner = mkdtempSync(join(tmpdir(), 'aisec-runner-'));
  cleanups.push(runner);
  const summaryFile = join(runner, 'step_summary.md');
  const outputFile = join(runner, 'output.txt');
  writeFileSync(summaryFile, '');
  writeFileSync(outputFile, '');
  const env: NodeJS.ProcessEnv = { PATH: process.env.PATH, HOME: runner, ...GIT_ENV, NO_COLOR: '1' };
  // The runner passes every declared input, with its default when the workflow does not set it.
  for (const [name, spec] of Object.entries(manifest.inputs)) env[`INPUT_${name.toUpperCase()}`] = inputs[name] ?? spec.default ?? '';
  for (const name of Object.keys(inputs)) assert.ok(name in manifest.inputs, `action.yml declares the input ${name}`);
  Object.assign(env, { GITHUB_WORKSPACE: workspace, GITHUB_STEP_SUMMARY: summaryFile, GITHUB_OUTPUT: outputFile, GITHUB_SERVER_URL: 'https://github.com', GITHUB_REPOSITORY: 'octo/demo', GITHUB_ACTIONS: 'true' }, extraEnv);
  const bundle = join(REPO, manifest.runs.main);
  const command = existsSync(bundle) ? [bundle] : [join(REPO, 'node_modules', 'tsx', 'dist', 'cli.mjs'), join(REPO, 'server', 'src', 'cli', 'action', 'main.ts')];
  // The runner starts the action in the workspace's parent's sibling, not the workspace: GITHUB_WORKSPACE must govern.
  const result = spawnSync(process.execPath, command, { cwd: runner, env, encoding: 'utf8', timeout: 180_000 });
  if (result.error) throw result.error;
  return { status: result.status ?? -1, stdout: `${result.stdout}${result.stderr}`, summary: readFileSync(summaryFile, 'utf8'), outputs: parseOutputs(readFileSync(outputFile, 'utf8')) };
}

/** Reads `GITHUB_OUTPUT` as the runner does (`name=value` and `name<<DELIMITER` blocks). */
function parseOutputs(text: string): Record<string, string> {
  const outputs: Record<string, string> = {};
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i += 1) {
    const heredoc = /^([\w-]+)<<(.+)$/.exec(lines[i]!);
    if (heredoc) {
      const end = lines.indexOf(heredoc[2]!, i + 1);
      assert.ok(end > i, `unterminated output ${heredoc[1]}`);
      outputs[heredoc[1]!] = lines.slice(i + 1, end).join('\n');
      i = end;
    } else if (lines[i]!.includes('=')) {
      const at = lines[i]!.indexOf('=');
      outputs[lines[i]!.slice(0, at)] = lines[i]!.slice(at + 1);
    }
  }
  return outputs;
}

test('action.yml is a JavaScript action on node20 whose entry point npm run build produces', () => {
  assert.equal(manifest.runs.using, 'node20');
  assert.equal(manifest.runs.main, 'dist/action.js');
  assert.match(readFileSync(join(REPO, 'esbuild.mjs'), 'utf8'), /in: 'server\/src\/cli\/action\/main\.ts', out: 'action'/);
  for (const name of ['paths', 'profile', 'fail-on', 'baseline', 'diff', 'sarif-file', 'online']) assert.ok(name in manifest.inputs, `input ${name}`);
  for (const name of ['findings', 'sarif-file']) assert.ok(name in manifest.outputs, `output ${name}`);
  // The extension package allows only what the editor needs: the action's bundle stays out of the .vsix.
  assert.doesNotMatch(readFileSync(join(REPO, '.vscodeignore'), 'utf8'), /action/);
});

test('on a pull request with diff: true, only the changed files are scanned; summary, outputs, SARIF and exit code follow', () => {
  const { repo, base, head } = pullRequestRepo();
  const runner = mkdtempSync(join(tmpdir(), 'aisec-event-'));
  cleanups.push(runner);
  const eventPath = join(runner, 'event.json');
  writeFileSync(eventPath, JSON.stringify({ action: 'synchronize', number: 7, pull_request: { number: 7, base: { ref: 'main', sha: base }, head: { ref: 'feature', sha: head } } }));
  const run = runAction(repo.dir, { diff: 'true', 'fail-on': 'error', 'sarif-file': 'reports/aisec.sarif' }, { GITHUB_EVENT_PATH: eventPath, GITHUB_SHA: head, GITHUB_EVENT_NAME: 'pull_request', GITHUB_BASE_REF: 'main' });

  assert.equal(run.status, 1, run.stdout);
  assert.match(run.stdout, /::error title=AISec::1 finding\(s\) at or above fail-on \(error\)/);
  // The job summary: the heading, the diff base, the table by category and severity, the finding linked to its line.
  assert.match(run.summary, /^## AISec: 1 finding \(1 error\)/);
  assert.match(run.summary, /Scanned 2 files \(files changed since [0-9a-f]{40}\)/);
  assert.ok(run.summary.includes(`since the merge base with ${base} (pull_request.base.sha)`), run.summary);
  assert.match(run.summary, /\| Category \| Error \| Warning \| Info \| Total \|\n\| --- \| ---: \| ---: \| ---: \| ---: \|\n\| deserialization \| 1 \| 0 \| 0 \| 1 \|\n\| \*\*Total\*\* \| \*\*1\*\* \| \*\*0\*\* \| \*\*0\*\* \| \*\*1\*\* \|/);
  assert.ok(run.summary.includes(`| error | \`AIS101\` unsafe-pickle-load | [src/new loader.py:4](https://github.com/octo/demo/blob/${head}/src/new%20loader.py#L4) |`), run.summary);
  assert.doesNotMatch(run.summary, /legacy\.py/, 'the base’s own finding is not part of the pull request');

  assert.equal(run.outputs['findings'], '1');
  assert.equal(run.outputs['errors'], '1');
  assert.equal(run.outputs['sarif-file'], 'reports/aisec.sarif');
  const sarif = JSON.parse(readFileSync(join(repo.dir, 'reports', 'aisec.sarif'), 'utf8')) as { version: string; runs: { results: { ruleId: string; locations: { physicalLocation: { artifactLocation: { uri: string } } }[] }[] }[] };
  assert.equal(sarif.version, '2.1.0');
  assert.deepEqual(
    sarif.runs[0]!.results.map((r) => [r.ruleId, r.locations[0]!.physicalLocation.artifactLocation.uri]),
    [['AIS101', 'src/new%20loader.py']],
  );
});

test('without diff the whole workspace is scanned; fail-on never passes; the base ref can come from GITHUB_BASE_REF', () => {
  const { repo, head } = pullRequestRepo();
  const all = runAction(repo.dir, { 'fail-on': 'never' }, { GITHUB_SHA: head });
  assert.equal(all.status, 0, all.stdout);
  assert.equal(all.outputs['findings'], '2');
  assert.equal(all.outputs['sarif-file'], 'aisec.sarif');
  assert.ok(existsSync(join(repo.dir, 'aisec.sarif')));
  assert.match(all.summary, /\| deserialization \| 2 \| 0 \| 0 \| 2 \|/);
  assert.match(all.stdout, /src\/legacy\.py:4:12: AIS101 \[error\]/, 'the text report is in the log');

  // A pull_request event file without a base sha: the base branch as fetched from origin.
  repo.git('update-ref', 'refs/remotes/origin/main', 'main');
  const byRef = runAction(repo.dir, { diff: 'true' }, { GITHUB_SHA: head, GITHUB_BASE_REF: 'main' });
  assert.equal(byRef.status, 1, byRef.stdout);
  assert.equal(byRef.outputs['findings'], '1');
  assert.ok(byRef.summary.includes('since the merge base with origin/main (GITHUB_BASE_REF)'));

  // A push event has no base: the action says so and scans everything.
  const push = runAction(repo.dir, { diff: 'true', 'fail-on': 'never' }, { GITHUB_SHA: head });
  assert.equal(push.outputs['findings'], '2');
  assert.match(push.stdout, /::warning title=AISec::`diff: true` needs a pull request event/);
  assert.match(push.summary, /> `diff: true` needs a pull request event/);
});

test('a clean pull request passes, and bad inputs fail with an error annotation naming them', () => {
  const repo = makeGitRepo('aisec-action-');
  cleanups.push(repo.dir);
  repo.write('app.py', SAFE_PY);
  const sha = repo.commit('clean');
  const clean = runAction(repo.dir, {}, { GITHUB_SHA: sha });
  assert.equal(clean.status, 0, clean.stdout);
  assert.match(clean.summary, /^## AISec: no findings\n\nScanned 1 file\./);
  assert.equal(clean.outputs['findings'], '0');

  const badSeverity = runAction(repo.dir, { 'fail-on': 'sometimes' }, { GITHUB_SHA: sha });
  assert.equal(badSeverity.status, 2);
  assert.match(badSeverity.stdout, /::error title=AISec::--fail-on must be error, warning, info or never, not "sometimes"/);
  const badBoolean = runAction(repo.dir, { diff: 'yes please' }, { GITHUB_SHA: sha });
  assert.equal(badBoolean.status, 2);
  assert.match(badBoolean.stdout, /::error title=AISec::input diff: expected true or false/);
  const missingBaseline = runAction(repo.dir, { baseline: 'nope.json' }, { GITHUB_SHA: sha });
  assert.equal(missingBaseline.status, 2);
  assert.match(missingBaseline.stdout, /--baseline nope\.json: the file/);
});
