/**
 * Findings in test code are advisory in the CLI: left out by default, one severity lower in the audit profile
 * or with test-code = "lower", decided from the file's path in its repository, so scanning from the repository,
 * from its tests folder or from outside gives the same answer.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { jsonOf, runCli } from './run-cli';

const PICKLE = 'import pickle\n\n\ndef load(blob):\n    return pickle.loads(blob)\n';

test('a finding under tests/ is left out by default and a warning with --profile audit or test-code = "lower", from any working folder; "same" keeps the error', () => {
  const root = mkdtempSync(join(tmpdir(), 'aisec-test-code-'));
  try {
    const repo = join(root, 'repo');
    mkdirSync(join(repo, '.git'), { recursive: true });
    mkdirSync(join(repo, 'tests'), { recursive: true });
    mkdirSync(join(repo, 'src'), { recursive: true });
    writeFileSync(join(repo, 'tests', 'helpers.py'), PICKLE);
    writeFileSync(join(repo, 'src', 'store.py'), PICKLE);
    const severities = (cwd: string, target: string, ...extra: string[]): string[] => jsonOf(runCli(['scan', target, '--format', 'json', '--fail-on', 'never', ...extra], cwd)).findings.map((f) => `${f.path.replace(/^.*?(tests|src)\//, '$1/')} ${f.severity}`).sort();
    assert.deepEqual(severities(repo, '.'), ['src/store.py error']);
    assert.deepEqual(severities(repo, '.', '--profile', 'audit'), ['src/store.py error', 'tests/helpers.py warning']);
    assert.deepEqual(severities(join(repo, 'tests'), '.', '--profile', 'audit'), ['helpers.py warning'], 'scanned from inside tests/ (the report path is helpers.py)');
    assert.deepEqual(severities(root, 'repo', '--profile', 'audit'), ['src/store.py error', 'tests/helpers.py warning']);
    writeFileSync(join(repo, '.aisec.toml'), 'test-code = "lower"\n');
    assert.deepEqual(severities(repo, '.'), ['src/store.py error', 'tests/helpers.py warning']);
    writeFileSync(join(repo, '.aisec.toml'), 'test-code = "same"\n');
    assert.deepEqual(severities(repo, '.'), ['src/store.py error', 'tests/helpers.py error']);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});
