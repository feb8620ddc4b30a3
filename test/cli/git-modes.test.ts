/**
 * `aisec scan --staged` scans the staged content (git's index), not the working tree, and `--diff-base REF`
 * only the files changed since the merge base with REF. Both run real git on repositories built here, and
 * report findings under the files' real paths.
 */
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { jsonOf, runCli } from './run-cli';
import { hasGit, makeGitRepo, SAFE_PY, UNSAFE_PY, type GitRepo } from '../helpers/git-repo';
import { javaKeystoreBytes } from '../helpers/java-keystore-bytes';

const repos: GitRepo[] = [];
const repo = (): GitRepo => {
  const made = makeGitRepo();
  repos.push(made);
  return made;
};
after(() => {
  for (const r of repos) rmSync(r.dir, { recursive: true, force: true });
});

test('git is installed (the git modes and their tests need it)', () => {
  assert.ok(hasGit(), 'install git: the --staged and --diff-base tests run real git');
});

test('--staged scans the staged content: a file fixed in the working tree but not added again still fails', () => {
  const r = repo();
  r.write('README.md', '# project\n');
  r.commit('init');
  r.write('src/app/loader.py', UNSAFE_PY);
  r.git('add', 'src/app/loader.py');
  r.write('src/app/loader.py', SAFE_PY);
  const staged = runCli(['scan', '--staged', '--format', 'json'], r.dir);
  assert.equal(staged.status, 1, staged.stderr);
  const report = jsonOf(staged);
  assert.deepEqual(report.findings.map((f) => [f.ruleId, f.path, f.location.line]), [['AIS101', 'src/app/loader.py', 4]]);
  // The working tree is clean: a plain scan finds nothing.
  assert.equal(runCli(['scan', 'src'], r.dir).status, 0);

  // The text report's code frame shows the staged line, which is what was analysed.
  const text = runCli(['scan', '--staged'], r.dir);
  assert.match(text.stdout, /> 4 \|\s+return pickle\.loads\(blob\)/);

  // Staging the fix passes.
  r.git('add', 'src/app/loader.py');
  const fixed = runCli(['scan', '--staged'], r.dir);
  assert.equal(fixed.status, 0, fixed.stdout + fixed.stderr);
});

test('--staged ignores unstaged files and scans nothing when nothing is staged', () => {
  const r = repo();
  r.write('clean.py', SAFE_PY);
  r.commit('init');
  r.write('untracked.py', UNSAFE_PY);
  const result = runCli(['scan', '--staged', '--format', 'json'], r.dir);
  assert.equal(result.status, 0, result.stderr);
  assert.equal(jsonOf(result).summary.filesScanned, 0);
  assert.match(result.stderr, /scanned 0 of 0 staged files/);
});

test('--staged from a subfolder reports paths relative to it, honours PATH arguments and the configuration excludes', () => {
  const r = repo();
  r.write('.aisec.toml', 'exclude = ["fixtures/**"]\n');
  r.commit('init');
  r.write('pkg/a.py', UNSAFE_PY);
  r.write('pkg/b.py', UNSAFE_PY);
  r.write('fixtures/bad.py', UNSAFE_PY);
  r.write('node_modules/dep/index.py', UNSAFE_PY);
  r.git('add', '-f', '.');
  mkdirSync(join(r.dir, 'pkg'), { recursive: true });
  const all = jsonOf(runCli(['scan', '--staged', '--format', 'json'], r.dir));
  assert.deepEqual(all.findings.map((f) => f.path).sort(), ['pkg/a.py', 'pkg/b.py'], 'excluded and dependency folders stay out, as in a walk');
  const inside = jsonOf(runCli(['scan', '--staged', '--format', 'json', 'a.py'], join(r.dir, 'pkg')));
  assert.deepEqual(inside.findings.map((f) => f.path), ['a.py']);
});

test('a staged model file is read from the index too', () => {
  const r = repo();
  r.write('README.md', '# models\n');
  r.commit('init');
  // A pickle that imports os.system: protocol 2, GLOBAL opcode, then STOP.
  r.write('weights.pkl', 'cos\nsystem\n(S\'echo hi\'\ntR.');
  r.git('add', 'weights.pkl');
  r.write('weights.pkl', 'harmless text');
  const result = jsonOf(runCli(['scan', '--staged', '--format', 'json'], r.dir));
  assert.ok(result.findings.some((f) => f.path === 'weights.pkl' && f.category === 'model-files'), JSON.stringify(result.findings.map((f) => f.ruleId)));
});

test('--diff-base REF scans the files a pull request changes: from the merge base, not from the tip of REF', () => {
  const r = repo();
  r.write('old_bad.py', UNSAFE_PY);
  r.write('shared.py', SAFE_PY);
  r.commit('base');
  r.git('checkout', '-q', '-b', 'feature');
  r.write('feature_bad.py', UNSAFE_PY);
  r.write('shared.py', `${SAFE_PY}\n# edited on the branch\n`);
  r.commit('feature work');
  // main moves on after the branch point: its new file is not part of the pull request.
  r.git('checkout', '-q', 'main');
  r.write('main_only_bad.py', UNSAFE_PY);
  r.commit('main moves on');
  r.git('checkout', '-q', 'feature');
  const result = runCli(['scan', '--diff-base', 'main', '--format', 'json'], r.dir);
  assert.equal(result.status, 1, result.stderr);
  const report = jsonOf(result);
  assert.deepEqual(report.findings.map((f) => f.path), ['feature_bad.py']);
  assert.equal(report.summary.filesScanned, 2, 'feature_bad.py and shared.py');
  assert.match(result.stderr, /scanned 2 of 2 files changed since main/);

  // A deleted file is not scanned (and not an error); uncommitted edits of tracked files are included.
  r.git('rm', '-q', 'feature_bad.py');
  r.write('old_bad.py', UNSAFE_PY.replace('return pickle.loads(blob)', 'return pickle.loads(blob)  # touched'));
  const local = jsonOf(runCli(['scan', '--diff-base', 'main', '--format', 'json'], r.dir));
  assert.deepEqual(local.findings.map((f) => f.path), ['old_bad.py']);
});

test('a key store added on the branch is part of the change for --diff-base, and is read from the index for --staged', () => {
  const r = repo();
  r.write('README.md', '# app\n');
  r.commit('base');
  r.git('checkout', '-q', '-b', 'feature');
  mkdirSync(join(r.dir, 'app'), { recursive: true });
  writeFileSync(join(r.dir, 'app', 'release.jks'), javaKeystoreBytes());
  r.git('add', 'app/release.jks');
  const staged = jsonOf(runCli(['scan', '--staged', '--format', 'json'], r.dir));
  assert.deepEqual(staged.findings.map((f) => [f.ruleId, f.path]), [['AIS4085', 'app/release.jks']]);
  r.commit('add the signing key');
  // A binary file has no lines in a patch: it is changed as a whole, so its finding is not "outside the change".
  const changed = jsonOf(runCli(['scan', '--diff-base', 'main', '--format', 'json'], r.dir));
  assert.deepEqual(changed.findings.map((f) => [f.ruleId, f.path]), [['AIS4085', 'app/release.jks']]);
});

test('--diff-base REF reports only findings on the lines the change added or edited', () => {
  const r = repo();
  // Two unsafe loads before the branch: one is edited on the branch, the other is left alone.
  const before = 'import pickle\n\ndef first(blob):\n    return pickle.loads(blob)\n\ndef second(blob):\n    return pickle.loads(blob)\n';
  r.write('loader.py', before);
  r.commit('base');
  r.git('checkout', '-q', '-b', 'feature');
  r.write('loader.py', `${before.replace('def second(blob):\n    return pickle.loads(blob)', 'def second(data):\n    return pickle.loads(data)')}\ndef third(payload):\n    return pickle.loads(payload)\n`);
  r.commit('edit second, add third');
  const result = runCli(['scan', '--diff-base', 'main', '--format', 'json'], r.dir);
  assert.equal(result.status, 1, result.stderr);
  const report = jsonOf(result);
  assert.deepEqual(report.findings.map((f) => [f.ruleId, f.location.line]), [['AIS101', 7], ['AIS101', 10]], 'line 4 was there before the change');
  assert.equal(report.summary.outsideChange, 1);
  const text = runCli(['scan', '--diff-base', 'main'], r.dir);
  assert.match(text.stdout, /Not shown: 1 on lines the change left alone\./);

  // A change that only deletes lines brings no finding; a plain scan still sees the old one.
  r.write('loader.py', before.replace('def second(blob):\n    return pickle.loads(blob)\n', ''));
  r.commit('delete second');
  const deleted = jsonOf(runCli(['scan', '--diff-base', 'HEAD~1', '--format', 'json'], r.dir));
  assert.deepEqual(deleted.findings, []);
  assert.equal(deleted.summary.outsideChange, 1);
  assert.equal(jsonOf(runCli(['scan', '--format', 'json'], r.dir)).findings.length, 1);
});

test('git modes fail clearly: outside a repository, an unknown ref, both modes, no git executable', () => {
  const r = repo();
  r.write('a.py', SAFE_PY);
  r.commit('init');
  const outside = runCli(['scan', '--staged'], join(r.dir, '..'));
  assert.equal(outside.status, 2);
  assert.match(outside.stderr, /--staged: .* is not inside a git repository/);

  const unknown = runCli(['scan', '--diff-base', 'no-such-branch'], r.dir);
  assert.equal(unknown.status, 2);
  assert.match(unknown.stderr, /--diff-base no-such-branch: git could not find the merge base of "no-such-branch" and HEAD .*fetch-depth: 0/);

  const option = runCli(['scan', '--diff-base=--output=x'], r.dir);
  assert.equal(option.status, 2);
  assert.match(option.stderr, /is not a commit, branch or tag name/);

  const both = runCli(['scan', '--staged', '--diff-base', 'main'], r.dir);
  assert.equal(both.status, 2);
  assert.match(both.stderr, /--staged, --diff-base and --history choose what to scan in different ways/);

  const noGit = runCli(['scan', '--staged'], r.dir, { PATH: join(r.dir, 'no-bin-here') });
  assert.equal(noGit.status, 2);
  assert.match(noGit.stderr, /--staged needs git, and no git executable was found on the PATH/);

  const fix = runCli(['fix', '--staged'], r.dir);
  assert.equal(fix.status, 2);
  assert.match(fix.stderr, /--staged, --diff-base and --history belong to `aisec scan`/);
});
