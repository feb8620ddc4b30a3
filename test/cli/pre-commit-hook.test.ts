/**
 * The pre-commit hook definition: `.pre-commit-hooks.yaml` parses, declares a node hook that reads the staged
 * content itself, and its entry command, run as pre-commit runs it (the package's `bin` for the first word, no
 * file names), fails a commit with a staged unsafe file and passes a clean one. The npm package pre-commit
 * installs holds the bundled CLI.
 */
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { REPO, runCli } from './run-cli';
import { makeGitRepo, SAFE_PY, UNSAFE_PY, type GitRepo } from '../helpers/git-repo';

interface HookDefinition {
  id: string;
  name: string;
  entry: string;
  language: string;
  pass_filenames?: boolean;
  types?: string[];
  stages?: string[];
}

const hooks = parse(readFileSync(join(REPO, '.pre-commit-hooks.yaml'), 'utf8')) as HookDefinition[];
const hook = hooks.find((h) => h.id === 'aisec');
const packageJson = JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8')) as { bin: Record<string, string> };
const repos: GitRepo[] = [];
after(() => {
  for (const r of repos) rmSync(r.dir, { recursive: true, force: true });
});

/** Runs the hook's entry in `cwd`: its first word is the package's binary, the rest are its arguments. */
function runEntry(cwd: string): { status: number; output: string } {
  const [binary, ...args] = hook!.entry.split(/\s+/);
  assert.ok(binary! in packageJson.bin, `the entry's program ${binary} is the package's bin`);
  const result = runCli(args, cwd);
  return { status: result.status, output: result.stdout + result.stderr };
}

test('.pre-commit-hooks.yaml declares a node hook running aisec scan --staged without file names', () => {
  assert.ok(Array.isArray(hooks));
  assert.ok(hook, 'a hook with id aisec');
  assert.equal(hook.language, 'node');
  assert.equal(hook.entry, 'aisec scan --staged');
  assert.equal(hook.pass_filenames, false);
  assert.deepEqual(hook.types, ['file']);
  assert.deepEqual(hook.stages, ['pre-commit']);
});

test('the hook fails a commit whose staged content is unsafe, even when the working tree was fixed, and passes a clean one', () => {
  const r = makeGitRepo('aisec-hook-');
  repos.push(r);
  r.write('README.md', '# demo\n');
  r.commit('init');

  r.write('app/model_io.py', UNSAFE_PY);
  r.git('add', 'app/model_io.py');
  const bad = runEntry(r.dir);
  assert.equal(bad.status, 1, bad.output);
  assert.match(bad.output, /app\/model_io\.py:4:12: AIS101 \[error\]/);

  // Fixed on disk but not added again: the commit would still hold the unsafe version.
  r.write('app/model_io.py', SAFE_PY);
  assert.equal(runEntry(r.dir).status, 1);

  r.git('add', 'app/model_io.py');
  const clean = runEntry(r.dir);
  assert.equal(clean.status, 0, clean.output);
  assert.match(clean.output, /No findings/);
});

test('the npm package pre-commit installs (npm pack) holds the bundled CLI the bin names, and no sources', () => {
  assert.ok(existsSync(join(REPO, 'dist', 'cli.js')), 'run npm run build first: the package is the built bundle');
  const packed = spawnSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: REPO, encoding: 'utf8', timeout: 120_000 });
  assert.equal(packed.status, 0, packed.stderr);
  const files = (JSON.parse(packed.stdout) as { files: { path: string }[] }[])[0]!.files.map((f) => f.path);
  for (const needed of [packageJson.bin['aisec']!.replace(/^\.\//, ''), 'dist/cli-main.js', 'dist/scan-worker.js', 'dist/grammars/tree-sitter-python.wasm', 'dist/grammars/tree-sitter.cjs', 'dist/data/intel/snapshot/index.json', 'dist/data/intel/snapshot/pypi.popular.json', 'dist/data/intel/snapshot/stdlib.json', 'package.json']) {
    assert.ok(files.includes(needed), `${needed} is packed`);
  }
  assert.ok(!files.some((f) => f.startsWith('server/') || f.startsWith('test/') || f.startsWith('node_modules/')), files.join(', '));
});
