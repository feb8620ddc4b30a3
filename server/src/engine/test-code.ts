/**
 * Findings in test code are advisory by default (`test-code = "hint"`), the way Ruff's per-file ignores switch
 * the security rules off for tests: a `pickle.loads` in a test fixture, an `eval` in a test helper or
 * `trust_remote_code=True` on the project's own tiny test model is not what a reviewer acts on. On the real-code
 * benchmark none of the 69 judged findings in test code was worth acting on, at any severity, so lowering them
 * one level only moved the noise from errors to warnings. Under the default profile the editor shows them as
 * hints (one severity lower, never in the Problems panel) and the CLI leaves them out; the `audit` profile, or
 * naming the rule in `select` / `extend-select`, reports them one severity lower. `test-code = "lower"` reports
 * them one severity lower everywhere, `test-code = "same"` keeps the rules' severities (also as the
 * `aisec.testCode` setting). Secrets are the exception: a key with a provider's distinctive format is as live
 * in a test as anywhere, so the secrets family applies its own test-path rule (only generic and context
 * matches drop a level).
 *
 * Test code is recognised from the path alone: a `tests/`, `test/`, `testing/`, `__tests__/`, `fixtures/`
 * or `__fixtures__/` folder, a folder of one kind of tests (`smoke-tests/`, `unit_tests/`, `e2e-test/`), an
 * Xcode test target (`AppTests/`, `AppUITests/`) or a `TestHarness/` folder, `test_*.py`, `*_test.py`, `conftest.py`, and `*.test.*` / `*.spec.*` JS/TS files.
 *
 * Example and demo programs (an `examples/`, `example/`, `demos/` or `demo/` folder) follow the same policy,
 * but only for what the code itself does (code execution, deserialization, remote model code, transport): a
 * launcher that runs a downloaded binary with `shell=True` or a sandbox harness that `exec`s submitted cells
 * demonstrates the project, it is not the project (on the real-code benchmark all four such error findings
 * were judged noise). What an example installs or how its workflow runs is as real as anywhere else, so the
 * dependency, pipeline, agent-configuration and secrets rules keep their severity there (an example's pinned
 * vulnerable requirement and a workflow in `examples/` that others copy were judged worth acting on).
 *
 * Folders a program created for one run, named with its date and time (`Gomoku_THUNLP_20230625201030/`,
 * `runs/2024-01-05_12-30-00/`, `wandb/run-20240105_123000-abc/`), hold that run's output committed as a sample:
 * apps an agent generated, logs, checkpoints. Every finding there (except secrets) follows the same policy, what
 * the generated code installs included: nobody maintains or installs that output as the project's code or
 * dependencies (on the real-code benchmark, all ten findings in a gallery of generated apps, vulnerable pins,
 * unreadable requirements files and an `eval` of a generated calculator, were judged noise). A stamp must hold a
 * plausible date and a time of day, so version folders (`v20230625`) and dated folders without a time do not count.
 * Hosts give the file's path relative to its project (`EngineConfig.projectPath`), so the answer is the same
 * from any working directory; without it a relative path is judged whole, and of an absolute path only the
 * file name counts (a checkout under `/home/me/tests/` is not test code).
 */
import type { EngineConfig } from './config';
import type { Finding, Severity } from './finding';
import { advisoryRequested } from './rule-selection';

/**
 * `hint` (the default): findings in test code are advisory and one severity lower; `lower`: they are
 * reported one severity lower; `same`: they keep their severity.
 */
export type TestCodePolicy = 'hint' | 'lower' | 'same';

export const TEST_CODE_POLICIES: readonly TestCodePolicy[] = ['hint', 'lower', 'same'];

/** The property set on a finding whose severity was lowered because it is in test code. */
export const TEST_CODE_PROPERTY = 'testCode';

const TEST_FOLDERS = new Set(['tests', 'test', 'testing', '__tests__', 'fixtures', '__fixtures__']);
const EXAMPLE_FOLDERS = new Set(['examples', 'example', 'demos', 'demo']);
/** The categories of what code does at run time: the ones the example-code policy lowers. */
const EXAMPLE_CODE_CATEGORIES: ReadonlySet<Finding['category']> = new Set(['code-execution', 'deserialization', 'model-provenance', 'transport']);
/** A folder of one kind of tests: `smoke-tests`, `unit_tests`, `e2e-test`. */
const KIND_OF_TESTS = /^(?:[a-z0-9]+[-_])+tests?$/i;
/**
 * Xcode and .NET test folders: a test target `AppTests`, `AppUITests` (a capital T, so `contests` is not one),
 * a `TestHarness` or `TestSupport` folder. Lower-case `test_*` folders are not matched: in ML code they are as
 * often about test-time computation as about tests.
 */
const XCODE_TESTS = /^[A-Za-z0-9]+Tests$|^Tests?[A-Z][A-Za-z0-9]*$/;
/**
 * A date and a time of day in a folder name: `20230625201030` (14 digits, not part of a longer number),
 * `2023-06-25_20-10-30`, `20230625_201030`, `2023-06-25T20:10:30`.
 */
const RUN_STAMP = /(?:^|[^0-9])((?:19|20)\d\d)[-_.]?(0[1-9]|1[0-2])[-_.]?(0[1-9]|[12]\d|3[01])[-_T ]?([01]\d|2[0-3])[-_.:]?([0-5]\d)[-_.:]?([0-5]\d)(?:$|[^0-9])/;
const TEST_FILE = /^(?:test_.+\.py|.+_test\.py|conftest\.py|.+\.(?:test|spec)\.[cm]?[jt]sx?)$/i;
const LOWER: Readonly<Record<Severity, Severity>> = { error: 'warning', warning: 'info', info: 'info' };

/**
 * A path (either separator) as its file name and the folders that count for path policies: the folders of a
 * relative (project-relative) path; none of an absolute one, whose folders are where the checkout happens to
 * sit (`/home/me/tests/app`), not the project's layout.
 */
export function projectPathParts(path: string): { name: string; folders: string[] } {
  const normalised = path.replace(/\\/g, '/');
  const absolute = normalised.startsWith('/') || /^[A-Za-z]:\//.test(normalised);
  const parts = normalised.split('/').filter((p) => p.length > 0);
  const name = parts.pop() ?? '';
  return { name, folders: absolute ? [] : parts };
}

/** True when a path (either separator) names a test file or a file in a test folder (folders only in a relative path). */
export function isTestCodePath(path: string): boolean {
  const { name, folders } = projectPathParts(path);
  return TEST_FILE.test(name) || folders.some((part) => TEST_FOLDERS.has(part.toLowerCase()) || KIND_OF_TESTS.test(part) || XCODE_TESTS.test(part));
}

/** True when a path (either separator) lies in an example or demo folder (folders only in a relative path). */
export function isExampleCodePath(path: string): boolean {
  return projectPathParts(path).folders.some((part) => EXAMPLE_FOLDERS.has(part.toLowerCase()));
}

/** True when a path (either separator) lies in a folder named with a run's date and time (folders only in a relative path). */
export function isRunOutputPath(path: string): boolean {
  return projectPathParts(path).folders.some((part) => RUN_STAMP.test(part));
}

type TestCodeConfig = Pick<EngineConfig, 'testCode' | 'projectPath' | 'profile' | 'select' | 'extendSelect' | 'advisoryHints'>;

/** The findings of one file with the test-code policy applied (advisory ones the configuration does not ask for are dropped). */
export function applyTestCodePolicy(findings: Finding[], path: string, config: TestCodeConfig): Finding[] {
  const policy = config.testCode ?? 'hint';
  if (policy === 'same' || findings.length === 0) return findings;
  const projectPath = config.projectPath ?? path;
  // Test code and run output lower every category; example code only what the code does.
  const everyCategory = isTestCodePath(projectPath) || isRunOutputPath(projectPath);
  if (!everyCategory && !isExampleCodePath(projectPath)) return findings;
  const kept: Finding[] = [];
  for (const f of findings) {
    if (f.category === 'secrets' || (!everyCategory && !EXAMPLE_CODE_CATEGORIES.has(f.category))) { kept.push(f); continue; }
    const lowered: Finding = { ...f, severity: LOWER[f.severity], properties: { ...f.properties, [TEST_CODE_PROPERTY]: true } };
    if (policy === 'lower') { kept.push(lowered); continue; }
    const advisory = testCodeAdvisory(f, config);
    if (advisory !== undefined) kept.push({ ...lowered, advisory });
  }
  return kept;
}

/** How an advisory test-code finding is kept: reported when asked for, an editor hint, or not at all. */
function testCodeAdvisory(finding: Finding, config: TestCodeConfig): Finding['advisory'] {
  if (finding.advisory === 'hint') return 'hint';
  if (advisoryRequested({ id: finding.ruleId, name: finding.ruleName }, config)) return 'reported';
  return config.advisoryHints === true ? 'hint' : undefined;
}
