/**
 * Findings in test code are reported one severity lower by default (an error becomes a warning, a warning
 * information), the way Ruff's per-file ignores relax rules for tests: a `pickle.loads` in a test fixture
 * or an `eval` in a test helper is rarely what a reviewer acts on first, but it is still shown.
 * `test-code = "same"` in the configuration (or the `aisec.testCode` setting) keeps the rules' severities.
 * Secrets are the exception: a key with a provider's distinctive format is as live in a test as anywhere,
 * so the secrets family applies its own test-path rule (only generic and context matches drop a level).
 *
 * Test code is recognised from the path alone: a `tests/`, `test/`, `testing/`, `__tests__/`, `fixtures/`
 * or `__fixtures__/` folder, `test_*.py`, `*_test.py`, `conftest.py`, and `*.test.*` / `*.spec.*` JS/TS files.
 * Hosts give the file's path relative to its project (`EngineConfig.projectPath`), so the answer is the same
 * from any working directory; without it a relative path is judged whole, and of an absolute path only the
 * file name counts (a checkout under `/home/me/tests/` is not test code).
 */
import type { EngineConfig } from './config';
import type { Finding, Severity } from './finding';

/** `lower`: findings in test code lose one severity level (the default); `same`: they keep it. */
export type TestCodePolicy = 'lower' | 'same';

export const TEST_CODE_POLICIES: readonly TestCodePolicy[] = ['lower', 'same'];

/** The property set on a finding whose severity was lowered because it is in test code. */
export const TEST_CODE_PROPERTY = 'testCode';

const TEST_FOLDERS = new Set(['tests', 'test', 'testing', '__tests__', 'fixtures', '__fixtures__']);
const TEST_FILE = /^(?:test_.+\.py|.+_test\.py|conftest\.py|.+\.(?:test|spec)\.[cm]?[jt]sx?)$/i;
const LOWER: Readonly<Record<Severity, Severity>> = { error: 'warning', warning: 'info', info: 'info' };

/** True when a path (either separator) names a test file or a file in a test folder (folders only in a relative path). */
export function isTestCodePath(path: string): boolean {
  const normalised = path.replace(/\\/g, '/');
  const absolute = normalised.startsWith('/') || /^[A-Za-z]:\//.test(normalised);
  const parts = normalised.split('/').filter((p) => p.length > 0);
  const name = parts.pop() ?? '';
  return TEST_FILE.test(name) || (!absolute && parts.some((part) => TEST_FOLDERS.has(part.toLowerCase())));
}

/** The findings of one file with the test-code policy applied. */
export function applyTestCodePolicy(findings: Finding[], path: string, config: Pick<EngineConfig, 'testCode' | 'projectPath'>): Finding[] {
  if (config.testCode === 'same' || findings.length === 0 || !isTestCodePath(config.projectPath ?? path)) return findings;
  return findings.map((f) => (f.category === 'secrets' ? f : { ...f, severity: LOWER[f.severity], properties: { ...f.properties, [TEST_CODE_PROPERTY]: true } }));
}
