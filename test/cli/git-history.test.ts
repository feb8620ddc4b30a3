/**
 * `aisec scan --history [--since REF]` reads the lines every commit added, on repositories built here with real
 * git: a secret a later commit removed is still reported, with the commit that added it and its author date;
 * lines a commit did not add are not reported for it; `--since` limits the commits.
 */
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { jsonOf, runCli } from './run-cli';
import { makeGitRepo, UNSAFE_PY, type GitRepo } from '../helpers/git-repo';
import { generateKey } from '../secrets/keygen';
import { javaKeystoreBytes } from '../helpers/java-keystore-bytes';

const repos: GitRepo[] = [];
const repo = (): GitRepo => {
  const made = makeGitRepo('aisec-history-');
  repos.push(made);
  return made;
};
after(() => {
  for (const r of repos) rmSync(r.dir, { recursive: true, force: true });
});

const GITHUB = generateKey('github', 0, 7101);
const HUGGING_FACE = generateKey('huggingface', 0, 7102);
const ANTHROPIC = generateKey('anthropic', 0, 7103);
const OPENAI = generateKey('openai', 0, 7104);
const SLACK = generateKey('slack', 0, 7105);

/** Commits with fixed author dates, so each finding's date can be checked. */
function commitAt(r: GitRepo, date: string, message: string): string {
  r.git('add', '-A');
  r.git('-c', `user.name=Test`, 'commit', '-q', '--no-verify', `--date=${date}`, '-m', message);
  return r.git('rev-parse', 'HEAD').trim();
}

test('--history reports the commit that added a secret, even when a later commit removed it', () => {
  const r = repo();
  r.write('README.md', '# project\n');
  commitAt(r, '2026-01-01T10:00:00+00:00', 'init');
  r.write('app/config.py', `import os\n\nGITHUB_TOKEN = "${GITHUB}"\n`);
  const added = commitAt(r, '2026-02-03T10:00:00+01:00', 'add config');
  // The next commit edits another line of the same file: the token's line is not added again.
  r.write('app/config.py', `import os\nimport sys\n\nGITHUB_TOKEN = "${GITHUB}"\n`);
  commitAt(r, '2026-02-04T10:00:00+00:00', 'import sys');
  r.write('app/config.py', 'import os\nimport sys\n\nGITHUB_TOKEN = os.environ["GITHUB_TOKEN"]\n');
  commitAt(r, '2026-02-05T10:00:00+00:00', 'read the token from the environment');

  // The working tree is clean now.
  assert.equal(jsonOf(runCli(['scan', '--format', 'json'], r.dir)).findings.length, 0);

  const result = runCli(['scan', '--history', '--format', 'json'], r.dir);
  assert.equal(result.status, 1, result.stderr);
  const report = jsonOf(result);
  assert.equal(report.findings.length, 1, JSON.stringify(report.findings.map((f) => [f.ruleId, f.path, f.location.line])));
  const [finding] = report.findings;
  assert.equal(finding!.path, 'app/config.py');
  assert.equal(finding!.location.line, 3, 'the line in the version the commit added');
  assert.equal(finding!.properties?.commit, added);
  assert.equal(finding!.properties?.authorDate, '2026-02-03T10:00:00+01:00');
  assert.match(finding!.message, new RegExp(`added in commit ${added.slice(0, 12)} on 2026-02-03`));
  assert.ok(!JSON.stringify(report).includes(GITHUB), 'the token is never printed');
  assert.match(result.stderr, /scanned \d+ file versions added by 4 commits of every branch and tag/);

  // The text report names the commit; it shows no code frame from the working tree (a different version) and
  // offers no fix (a fix would edit today's file, not the commit).
  const text = runCli(['scan', '--history'], r.dir);
  assert.match(text.stdout, new RegExp(`added in commit ${added.slice(0, 12)}`));
  assert.doesNotMatch(text.stdout, /\|\s+GITHUB_TOKEN =/);
  assert.doesNotMatch(text.stdout, /fix/);
  assert.deepEqual(finding!.fixes, []);
});

test('--history reports a key store under the commit that added it, after a later commit deleted it', () => {
  const r = repo();
  r.write('README.md', '# app\n');
  commitAt(r, '2026-01-01T10:00:00+00:00', 'init');
  mkdirSync(join(r.dir, 'app'), { recursive: true });
  writeFileSync(join(r.dir, 'app', 'release.jks'), javaKeystoreBytes());
  const added = commitAt(r, '2026-03-01T10:00:00+00:00', 'add the signing key');
  rmSync(join(r.dir, 'app', 'release.jks'));
  commitAt(r, '2026-03-02T10:00:00+00:00', 'remove the signing key');
  const report = jsonOf(runCli(['scan', '--history', '--format', 'json'], r.dir));
  assert.deepEqual(report.findings.map((f) => [f.ruleId, f.path, f.properties?.commit]), [['AIS4085', 'app/release.jks', added]]);
});

test('--history reads every branch, --since only the commits of HEAD after REF, and other rules only when selected', () => {
  const r = repo();
  r.write('notes.md', `token: ${HUGGING_FACE}\n`);
  r.write('loader.py', UNSAFE_PY);
  commitAt(r, '2026-03-01T00:00:00+00:00', 'old secret');
  r.git('tag', 'v1');
  r.git('checkout', '-q', '-b', 'side');
  r.write('side.env', `ANTHROPIC_API_KEY=${ANTHROPIC}\n`);
  const side = commitAt(r, '2026-03-02T00:00:00+00:00', 'secret on a side branch');
  r.git('checkout', '-q', 'main');
  r.write('later.ts', `export const token = "${GITHUB}";\n`);
  const later = commitAt(r, '2026-03-03T00:00:00+00:00', 'new secret');

  const all = jsonOf(runCli(['scan', '--history', '--format', 'json'], r.dir));
  assert.deepEqual(all.findings.map((f) => [f.path, f.properties?.commit === side, f.properties?.commit === later]).sort(), [
    ['later.ts', false, true],
    ['notes.md', false, false],
    ['side.env', true, false],
  ]);
  assert.ok(all.findings.every((f) => f.category === 'secrets'), 'the pickle load in loader.py is not a secret');

  const since = jsonOf(runCli(['scan', '--history', '--since', 'v1', '--format', 'json'], r.dir));
  assert.deepEqual(since.findings.map((f) => [f.path, f.properties?.commit]), [['later.ts', later]]);

  const selected = jsonOf(runCli(['scan', '--history', '--select', 'AIS101', '--format', 'json'], r.dir));
  assert.deepEqual(selected.findings.map((f) => [f.ruleId, f.path]), [['AIS101', 'loader.py']]);

  // PATH arguments keep the history to those files and folders.
  const one = jsonOf(runCli(['scan', '--history', '--format', 'json', 'notes.md'], r.dir));
  assert.deepEqual(one.findings.map((f) => f.path), ['notes.md']);
});

test('--history reports a secret written while resolving a merge conflict under the merge commit, and a side\'s secret only under its own commit', () => {
  const r = repo();
  r.write('settings.py', 'import os\n\nTIMEOUT = 10\n');
  commitAt(r, '2026-05-01T00:00:00+00:00', 'init');
  r.git('checkout', '-q', '-b', 'feature');
  r.write('settings.py', `import os\n\nTIMEOUT = 30\nSLACK_TOKEN = "${SLACK}"\n`);
  const feature = commitAt(r, '2026-05-02T00:00:00+00:00', 'longer timeout and a Slack token');
  r.git('checkout', '-q', 'main');
  r.write('settings.py', 'import os\n\nTIMEOUT = 20\n');
  commitAt(r, '2026-05-03T00:00:00+00:00', 'medium timeout');
  // The merge conflicts on TIMEOUT; the resolution keeps the feature's Slack token and adds a key of its own.
  assert.throws(() => r.git('merge', '-q', 'feature'), /Command failed: git merge/, 'the merge conflicts');
  r.write('settings.py', `import os\n\nTIMEOUT = 25\nOPENAI_API_KEY = "${OPENAI}"\nSLACK_TOKEN = "${SLACK}"\n`);
  const merge = commitAt(r, '2026-05-04T00:00:00+00:00', 'merge feature');
  assert.equal(r.git('rev-list', '--parents', '-n', '1', merge).trim().split(' ').length, 3, 'a merge commit with two parents');

  const result = runCli(['scan', '--history', '--format', 'json'], r.dir);
  const report = jsonOf(result);
  assert.deepEqual(report.findings.map((f) => [f.ruleId, f.location.line, f.properties?.commit]).sort(), [
    ['AIS400', 4, merge],
    ['AIS446', 4, feature],
  ], JSON.stringify(report.findings.map((f) => [f.ruleId, f.path, f.location.line, f.message])));
  const resolved = report.findings.find((f) => f.properties?.commit === merge)!;
  assert.match(resolved.message, new RegExp(`added in commit ${merge.slice(0, 12)} on 2026-05-04`));
  assert.match(result.stderr, /added by 4 commits of every branch and tag/);
  assert.ok(!JSON.stringify(report).includes(OPENAI) && !JSON.stringify(report).includes(SLACK), 'no key is printed');
});

test('--history fails clearly on an unknown ref and on options it cannot honour', () => {
  const r = repo();
  r.write('a.py', 'x = 1\n');
  commitAt(r, '2026-04-01T00:00:00+00:00', 'init');
  const unknown = runCli(['scan', '--history', '--since', 'no-such-ref'], r.dir);
  assert.equal(unknown.status, 2);
  assert.match(unknown.stderr, /--history --since no-such-ref: "no-such-ref" is not a commit, branch or tag of this repository/);
  const option = runCli(['scan', '--history', '--since=--output=x'], r.dir);
  assert.equal(option.status, 2);
  assert.match(option.stderr, /is not a commit, branch or tag name/);
  assert.match(runCli(['scan', '--since', 'main'], r.dir).stderr, /--since REF belongs to --history/);
  assert.match(runCli(['scan', '--history', '--verify'], r.dir).stderr, /cannot be combined with --history/);
  assert.match(runCli(['scan', '--history', '--staged'], r.dir).stderr, /give one of them/);
});
