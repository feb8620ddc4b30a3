/**
 * `aisec scan` over test/fixtures/workspace: what is reported, what is excluded (.gitignore, exclude
 * globs, default excludes, nested configuration, per-path overrides), suppressions, exit codes and the
 * text report. Assertions name the findings the workspace is built to produce; findings that other rule
 * families add later are allowed, findings in excluded places never are.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { jsonOf, runCli, type JsonFinding } from './run-cli';

const scan = runCli(['scan', '.', '--format', 'json']);
const report = jsonOf(scan);
const at = (path: string, ruleId: string): JsonFinding[] => report.findings.filter((f) => f.path === path && f.ruleId === ruleId);

test('the workspace scan finds the planted problems with 1-based positions', () => {
  assert.equal(scan.status, 1, scan.stderr);
  assert.deepEqual(at('src/train.py', 'AIS102').map((f) => f.location), [{ line: 9, column: 13, endLine: 9, endColumn: 40 }]);
  assert.deepEqual(at('src/train.py', 'AIS101').map((f) => [f.location.line, f.location.column]), [[11, 13]]);
  assert.equal(at('src/train.py', 'AIS112').length, 1);
  assert.equal(at('web/client.ts', 'AIS240').length, 1);
  assert.equal(at('web/client.ts', 'AIS244').length, 1);
  assert.equal(at('strict/runner.js', 'AIS244').length, 1);
});

test('.gitignore, exclude globs and default excludes keep files out of the scan', () => {
  const paths = new Set(report.findings.map((f) => f.path));
  for (const excluded of ['ignored/scratch.py', 'vendored/compat.py', 'node_modules/leftpad/index.js']) {
    assert.ok(![...paths].some((p) => p === excluded), `${excluded} must not be scanned`);
  }
  assert.ok(!report.skipped.some((s) => s.path.startsWith('vendored') || s.path.startsWith('ignored')), 'excluded files are not reported as skipped either');
});

test('severity overrides, per-path overrides and nested configurations apply', () => {
  assert.equal(at('src/train.py', 'AIS112')[0]?.severity, 'warning', 'severity.unsafe-yaml-load = "warning"');
  assert.equal(report.findings.filter((f) => f.path.startsWith('tests/') && f.category === 'deserialization').length, 0, 'the tests/** override ignores deserialization');
  assert.equal(report.findings.filter((f) => f.path.startsWith('strict/') && f.category !== 'code-execution').length, 0, 'strict/.aisec.toml selects code-execution only');
});

test('suppressed findings are counted, not dropped', () => {
  const suppressed = report.suppressed.filter((s) => s.path === 'src/suppressed.py').map((s) => s.by).sort();
  assert.deepEqual(suppressed, ['aisec-ignore', 'nosec']);
  assert.equal(at('src/suppressed.py', 'AIS101').length, 0);
  const noNosec = jsonOf(runCli(['scan', 'src/suppressed.py', '--format', 'json', '--no-nosec']));
  assert.deepEqual(noNosec.findings.map((f) => [f.ruleId, f.location.line]), [['AIS101', 9]]);
});

test('notebook findings point at the .ipynb line and name the cell', () => {
  const [finding] = at('notebooks/explore.ipynb', 'AIS101');
  assert.ok(finding, 'the notebook finding is reported');
  assert.equal(finding.location.line, 28);
  // One numbering everywhere: the JSON names the cell the message names, and the column is in the cell's text.
  assert.deepEqual(finding.notebook, { cell: 3, line: 3, column: 12, endLine: 3, endColumn: 30 });
  assert.match(finding.message, /\(cell 3, line 3\)/);
  const text = runCli(['scan', 'notebooks/explore.ipynb']).stdout;
  assert.match(text, /^notebooks\/explore\.ipynb:cell 3:3:12: AIS101 .*\(cell 3, line 3\)/m);
});

test('the JSON report carries the version, summary and fingerprints', () => {
  assert.equal(report.tool, 'aisec');
  assert.match(report.version, /^\d+\.\d+\.\d+/);
  assert.equal(report.summary.findings, report.findings.length);
  assert.ok(report.summary.filesScanned >= 8);
  assert.ok(report.findings.every((f) => f.fingerprint.length > 0));
  assert.deepEqual(report.configErrors, []);
});

test('the text report has code frames, fix hints and a summary by category and severity', () => {
  const text = runCli(['scan', 'src/train.py']);
  assert.equal(text.status, 1);
  assert.match(text.stdout, /^src\/train\.py:9:13: AIS102 \[error\] /m);
  assert.match(text.stdout, /^ {2}> {2}9 \| {5}model = torch\.load\(checkpoint_path\)$/m);
  assert.match(text.stdout, /^ {7}\| {13}\^{27}$/m);
  assert.match(text.stdout, /fix: Use `safe_load`/);
  assert.match(text.stdout, /^Found 3 findings \(2 error, 1 warning\) in 1 file\.$/m);
  assert.match(text.stdout, /^ {2}deserialization +3 +2 error, 1 warning$/m);
  assert.ok(!text.stdout.includes('\u001b['), 'no colours when NO_COLOR is set');
  assert.equal(text.stderr, '', 'no progress line when standard error is not a terminal');
});

test('--fail-on sets the exit code', () => {
  assert.equal(runCli(['scan', 'src/clean.py']).status, 0);
  assert.equal(runCli(['scan', 'src/train.py', '--fail-on', 'error']).status, 1);
  assert.equal(runCli(['scan', 'src/train.py', '--select', 'AIS112', '--fail-on', 'error']).status, 0, 'only a warning is left');
  assert.equal(runCli(['scan', 'src/train.py', '--select', 'AIS112', '--fail-on', 'warning']).status, 1);
  assert.equal(runCli(['scan', 'src/train.py', '--fail-on', 'never']).status, 0);
});

test('--select and --ignore take codes, names and categories', () => {
  const only = jsonOf(runCli(['scan', 'src/train.py', '--format', 'json', '--select', 'unsafe-pickle-load,AIS102']));
  assert.deepEqual(only.findings.map((f) => f.ruleId).sort(), ['AIS101', 'AIS102']);
  const without = jsonOf(runCli(['scan', 'src', '--format', 'json', '--ignore', 'deserialization']));
  assert.equal(without.findings.filter((f) => f.category === 'deserialization').length, 0);
});

test('--output writes the report to a file and the findings are the same', async () => {
  const { mkdtempSync, readFileSync, rmSync } = await import('node:fs');
  const { join } = await import('node:path');
  const { tmpdir } = await import('node:os');
  const dir = mkdtempSync(join(tmpdir(), 'aisec-out-'));
  try {
    const out = join(dir, 'report.json');
    const run = runCli(['scan', 'src', '--format', 'json', '--output', out]);
    assert.equal(run.status, 1);
    assert.equal(run.stdout, '');
    const written = JSON.parse(readFileSync(out, 'utf8')) as { findings: unknown[] };
    assert.ok(written.findings.length >= 3);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('usage errors exit 2 with a message', () => {
  const bad = runCli(['scan', '--format', 'xml']);
  assert.equal(bad.status, 2);
  assert.match(bad.stderr, /--format must be text, json, sarif or html/);
  const unknown = runCli(['scan', '--frobnicate']);
  assert.equal(unknown.status, 2);
  assert.match(unknown.stderr, /frobnicate/);
  assert.equal(runCli(['explain', 'AIS999']).status, 2);
  const typo = runCli(['scan', 'src', '--select', 'unsafe-pickle-lod']);
  assert.equal(typo.status, 2);
  assert.match(typo.stderr, /"unsafe-pickle-lod" is not a rule code, name or category \(did you mean "unsafe-pickle-load"\?\)/);
  const missing = runCli(['scan', 'no-such-folder']);
  assert.equal(missing.status, 2);
  assert.match(missing.stderr, /no-such-folder: no such file or folder/);
});

test('rules, explain, --version and --help', () => {
  const rules = runCli(['rules']);
  assert.equal(rules.status, 0);
  assert.match(rules.stdout, /^AIS101 +unsafe-pickle-load +deserialization +error/m);
  const listed = JSON.parse(runCli(['rules', '--format', 'json']).stdout) as { id: string }[];
  assert.ok(listed.some((r) => r.id === 'AIS101'));
  const explain = runCli(['explain', 'unsafe-pickle-load']);
  assert.equal(explain.status, 0);
  for (const heading of ['What it does', 'Why is this bad?', 'Example', 'Use instead', 'References']) assert.match(explain.stdout, new RegExp(`^${heading.replace('?', '\\?')}$`, 'm'));
  assert.match(explain.stdout, /cwe\.mitre\.org\/data\/definitions\/502/);
  assert.match(runCli(['--version']).stdout, /^aisec \d+\.\d+\.\d+/);
  assert.match(runCli(['--help']).stdout, /aisec scan \[PATH\.\.\.\]/);
});
