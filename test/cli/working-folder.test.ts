/**
 * Results never depend on where the command runs: the same tree gives the same findings from its own folder,
 * from a sub-folder, from a parent, from the file-system root and from an unrelated folder (whose paths reach
 * the engine absolute). Undeclared-import findings used to change with it, because manifests and first-party
 * modules were looked up from the working folder.
 */
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { isAbsolute, join, parse, resolve } from 'node:path';
import { jsonOf, runCli } from './run-cli';

const root = mkdtempSync(join(tmpdir(), 'aisec-cwd-'));
after(() => rmSync(root, { recursive: true, force: true }));

test('the same tree gives the same findings from any working folder', () => {
  const repo = join(root, 'repo');
  for (const dir of ['.git', 'pkg', 'lib/helpers', 'elsewhere']) mkdirSync(join(repo, dir), { recursive: true });
  mkdirSync(join(root, 'unrelated'));
  writeFileSync(join(repo, 'requirements.txt'), 'requests\npyyaml\n');
  writeFileSync(join(repo, 'pkg', 'mod.py'), 'import requests\nimport numpy\nimport helpers\nimport mod2\nimport yaml\nyaml.load(data)\n');
  writeFileSync(join(repo, 'lib', 'helpers', '__init__.py'), 'x = 1\n');
  writeFileSync(join(repo, 'lib', 'mod2.py'), 'y = 1\n');
  const target = join(repo, 'pkg');
  const findingsFrom = (cwd: string): string[] =>
    jsonOf(runCli(['scan', target, '--format', 'json', '--profile', 'audit'], cwd))
      .findings.map((f) => `${f.ruleId} ${isAbsolute(f.path) ? f.path : resolve(cwd, f.path)}:${f.location.line}:${f.location.column} ${f.message}`)
      .sort();
  const expected = findingsFrom(repo);
  assert.deepEqual(expected.map((f) => f.split(' ')[0]), ['AIS112', 'AIS506'], `numpy is the one undeclared import (helpers and mod2 are first-party):\n${expected.join('\n')}`);
  for (const cwd of [target, root, parse(root).root, join(root, 'unrelated'), join(repo, 'elsewhere')]) {
    assert.deepEqual(findingsFrom(cwd), expected, `from ${cwd}`);
  }
});
