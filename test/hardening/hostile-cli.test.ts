/**
 * `aisec scan` over the hostile-file set (issue 20): in one thread and with workers, the scan finishes (the
 * guard kills it at a time and a memory limit otherwise), the ordinary files get their findings (also the
 * ones after the traps and beside the special files), every refused file is named in the report, the traps'
 * own findings survive (text findings never depend on the parser; 130,000 findings do not drop the file; a
 * ZIP with a wrapped entry count is read as Python reads it), and a scan that could not analyse something
 * does not exit as clean. Baselines that are FIFOs or /dev/zero are refused too.
 */
import { test, before, after, describe } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createHostileSet, type HostileSet } from './hostile-files';
import { describeRun, runGuarded, type GuardedResult } from './guarded-process';
import type { JsonReport } from '../cli/run-cli';

const REPO = join(__dirname, '..', '..');
const BUNDLE = join(REPO, 'dist', 'cli.js');
/** The built CLI, as users run it (`npm test` builds first); the source through tsx on a fresh checkout. */
const CLI = existsSync(BUNDLE) && process.env.AISEC_CLI_FROM_SOURCE !== '1' ? [BUNDLE] : [join(REPO, 'node_modules', 'tsx', 'dist', 'cli.mjs'), join(REPO, 'server', 'src', 'cli', 'main.ts')];

let set: HostileSet;
let out: string;

before(() => {
  set = createHostileSet();
  out = mkdtempSync(join(tmpdir(), 'aisec-hostile-report-'));
});
after(() => {
  set.dispose();
  rmSync(out, { recursive: true, force: true });
});

/** Generous bounds on a hang: a fixed scan of the whole set takes seconds. */
const WHOLE_SET_LIMITS = { timeoutMs: 90_000, maxRssBytes: 2 * 1024 * 1024 * 1024 };
const SMALL_SCAN_LIMITS = { timeoutMs: 30_000, maxRssBytes: 1024 * 1024 * 1024 };

async function scan(args: readonly string[], reportName: string, limits = SMALL_SCAN_LIMITS): Promise<{ run: GuardedResult; report: JsonReport | undefined }> {
  const reportPath = join(out, reportName);
  const run = await runGuarded([...CLI, 'scan', ...args, '--format', 'json', '--output', reportPath], set.root, limits);
  const report = existsSync(reportPath) ? (JSON.parse(readFileSync(reportPath, 'utf8')) as JsonReport) : undefined;
  return { run, report };
}

/** Every path the report names as skipped or in a note. */
function named(report: JsonReport): Set<string> {
  return new Set([...report.skipped.map((s) => s.path), ...report.notes.map((n) => n.path)]);
}

for (const [mode, jobs] of [['one thread', '1'], ['two workers', '2']] as const) {
  describe(`aisec scan over the hostile set (${mode})`, () => {
    let run: GuardedResult;
    let report: JsonReport | undefined;
    before(async () => {
      ({ run, report } = await scan(['.', '--jobs', jobs], `scan-${jobs}.json`, WHOLE_SET_LIMITS));
    });

    test('finishes within the time and memory limits and writes its report', () => {
      assert.equal(run.killed, undefined, describeRun(run));
      assert.ok(report, `no report: ${describeRun(run)}`);
    });

    test('the ordinary files get their findings, before, beside and after the hostile files', () => {
      assert.ok(report, describeRun(run));
      const missing = set.ordinary.filter((o) => !report!.findings.some((f) => f.path === o.path && f.ruleId === o.ruleId));
      assert.deepEqual(missing, [], `ordinary files without their findings (${describeRun(run)})`);
    });

    test('every special file is refused and named in the report', () => {
      assert.ok(report, describeRun(run));
      const names = named(report);
      const unnamed = set.special.filter((path) => !names.has(path));
      assert.deepEqual(unnamed, [], `special files not named in skipped or notes: skipped ${JSON.stringify(report.skipped)}, notes ${JSON.stringify(report.notes.slice(0, 40))}`);
    });

    test('the traps keep their findings or are named as not fully analysed', () => {
      assert.ok(report, describeRun(run));
      const { templates, tail, manyFindings, wrappedZip } = set.traps;
      const findingsOf = (path: string): JsonReport['findings'] => report!.findings.filter((f) => f.path === path);
      const noteFor = (path: string): boolean => named(report!).has(path);
      // Text rules run before and without the parser: the key is reported whatever the tail does to parsing.
      assert.ok(findingsOf(tail).some((f) => f.category === 'secrets'), `the hard-coded key in ${tail} is not reported: ${JSON.stringify(findingsOf(tail))}`);
      assert.ok(findingsOf(tail).some((f) => f.ruleId === 'AIS240') || noteFor(tail), `${tail}: neither the eval finding nor a note`);
      assert.ok(findingsOf(templates).some((f) => f.ruleId === 'AIS240') || noteFor(templates), `${templates}: neither the eval finding nor a note`);
      // 130,000 findings: the file is not dropped; a cap is reported as such.
      const many = findingsOf(manyFindings).length;
      assert.ok(many > 0, `${manyFindings}: no findings at all (notes ${JSON.stringify(report!.notes.filter((n) => n.path === manyFindings))})`);
      if (many < set.manyFindingsCount) assert.ok(report!.notes.some((n) => n.path === manyFindings && /\d/.test(n.message)), `${manyFindings}: ${many} of ${set.manyFindingsCount} findings without a note saying so`);
      assert.ok(findingsOf(wrappedZip).some((f) => f.category === 'model-files'), `${wrappedZip}: the os.system pickle behind the wrapped entry count is not reported: ${JSON.stringify(findingsOf(wrappedZip))}`);
    });
  });
}

test('a scan of special files alone is not clean: exit code non-zero and every file named', async () => {
  const { run, report } = await scan([...set.special, '--jobs', '1'], 'special-only.json');
  assert.equal(run.killed, undefined, describeRun(run));
  assert.notEqual(run.status, 0, `nothing was analysed, yet the scan exits clean: ${describeRun(run)}`);
  assert.ok(report, `no report: ${describeRun(run)}`);
  const names = named(report);
  assert.deepEqual(set.special.filter((path) => !names.has(path)), [], `unnamed special files: ${JSON.stringify(report.skipped)} ${JSON.stringify(report.notes)}`);
});

for (const baseline of ['fifo/.aisec-baseline.json', 'zero/.aisec-baseline.json']) {
  test(`--baseline ${baseline} is refused with a message naming it`, async () => {
    const { run } = await scan(['zz-after', '--jobs', '1', '--baseline', baseline], 'baseline.json');
    assert.equal(run.killed, undefined, describeRun(run));
    assert.notEqual(run.status, 0, describeRun(run));
    assert.ok((run.stderr + run.stdout).includes('.aisec-baseline.json'), `the refusal does not name the baseline: ${describeRun(run)}`);
  });
}
