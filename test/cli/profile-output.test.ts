/**
 * The CLI at the scale of a real repository: the default profile leaves advisory findings out and the audit
 * profile (`--profile audit`, `profile = "audit"`, or naming the rule in `extend-select`) reports them;
 * `--min-severity`; output grouped by severity then file; `--statistics`; and a closing hint that never
 * suggests a bulk unsafe fix that edits a manifest or replaces a package.
 */
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { jsonOf, runCli } from './run-cli';

const root = mkdtempSync(join(tmpdir(), 'aisec-profile-'));
after(() => rmSync(root, { recursive: true, force: true }));

/** A small repository: an undeclared import and a PATH lookup (advisory), two errors, a typosquat in requirements. */
function project(name: string, config?: string): string {
  const dir = join(root, name);
  mkdirSync(join(dir, '.git'), { recursive: true });
  writeFileSync(join(dir, 'requirements.txt'), 'requests==2.31.0\nreqeusts==2.31.0\n');
  writeFileSync(join(dir, 'app.py'), 'import numpy\nimport subprocess\nimport yaml\nimport torch\n\nsubprocess.run(["git", "status"])\ncfg = yaml.load(data)\nm = torch.load(path)\n');
  writeFileSync(join(dir, 'a_first.py'), 'import requests\nrequests.get(url, verify=False)\n');
  if (config !== undefined) writeFileSync(join(dir, '.aisec.toml'), config);
  return dir;
}

const rulesOf = (args: string[], cwd: string): string[] => [...new Set(jsonOf(runCli(['scan', '.', '--format', 'json', ...args], cwd)).findings.map((f) => f.ruleId))].sort();

test('the default profile leaves advisory rules out; --profile audit, profile = "audit" and extend-select bring them back', () => {
  const plain = project('plain');
  const quiet = rulesOf([], plain);
  assert.ok(!quiet.includes('AIS506') && !quiet.includes('AIS207'), `advisory findings in the default profile: ${quiet.join(' ')}`);
  assert.ok(quiet.includes('AIS112') && quiet.includes('AIS102') && quiet.includes('AIS503'));
  const audit = rulesOf(['--profile', 'audit'], plain);
  assert.ok(audit.includes('AIS506') && audit.includes('AIS207'), audit.join(' '));
  assert.deepEqual(rulesOf([], project('configured', 'profile = "audit"\n')), audit);
  const extended = rulesOf([], project('extended', 'extend-select = ["undeclared-import"]\n'));
  assert.ok(extended.includes('AIS506') && !extended.includes('AIS207'), `naming a rule reports it, and only it: ${extended.join(' ')}`);
  const bad = runCli(['scan', '.', '--profile', 'loud'], plain);
  assert.equal(bad.status, 2);
  assert.match(bad.stderr, /--profile must be default or audit, not "loud"/);
});

test('a wrong profile in .aisec.toml is a located configuration error', () => {
  const result = runCli(['scan', '.'], project('wrong', 'select = ["AIS1"]\nprofile = "audits"\n'));
  assert.equal(result.status, 2);
  assert.match(result.stdout, /\.aisec\.toml:2:1: profile: profile must be "default" or "audit", not "audits" \(did you mean "audit"\?\)/);
});

test('--min-severity drops the findings below it and says how many', () => {
  const dir = project('severity');
  const all = jsonOf(runCli(['scan', '.', '--format', 'json', '--profile', 'audit'], dir));
  assert.ok(all.findings.some((f) => f.severity === 'info'));
  const warning = jsonOf(runCli(['scan', '.', '--format', 'json', '--profile', 'audit', '--min-severity', 'warning'], dir));
  assert.ok(warning.findings.length > 0 && warning.findings.every((f) => f.severity !== 'info'));
  assert.equal(warning.findings.length, all.findings.filter((f) => f.severity !== 'info').length);
  const text = runCli(['scan', '.', '--profile', 'audit', '--min-severity', 'error'], dir);
  assert.match(text.stdout, /Not shown: \d+ below --min-severity\./);
  assert.doesNotMatch(text.stdout, /\[warning\]|\[info\]/);
});

test('text output is grouped by severity, then by file', () => {
  const text = runCli(['scan', '.'], project('grouped')).stdout;
  const errors = text.indexOf('Errors (');
  const warnings = text.indexOf('Warnings (');
  assert.ok(errors >= 0 && warnings > errors, text);
  const positions = (pattern: RegExp): number[] => [...text.matchAll(pattern)].map((m) => m.index ?? -1);
  // a_first.py holds a warning and comes first alphabetically, yet every error is printed before it.
  assert.ok(Math.max(...positions(/\[error\]/g)) < Math.min(...positions(/\[warning\]/g)), text);
  const errorFiles = [...text.slice(errors, warnings).matchAll(/^(\S+?):\d+:\d+: /gm)].map((m) => m[1]);
  assert.deepEqual(errorFiles, [...errorFiles].sort());
});

test('--statistics prints counts per rule, most frequent first, in text and JSON', () => {
  const dir = project('statistics');
  const text = runCli(['scan', '.', '--statistics', '--profile', 'audit'], dir);
  assert.equal(text.status, 1);
  const lines = text.stdout.split('\n').filter((l) => /^\d+\s+AIS\d+/.test(l));
  assert.match(lines[0] ?? '', /^3\s+AIS506\s+info\s+undeclared-import: /);
  assert.ok(lines.some((l) => /^1\s+AIS112\s+error\s+\[\*\] unsafe-yaml-load/.test(l)), lines.join('\n'));
  assert.doesNotMatch(text.stdout, /\^\^\^/, 'no code frames');
  const json = JSON.parse(runCli(['scan', '.', '--statistics', '--format', 'json'], dir).stdout) as { ruleId: string; count: number }[];
  assert.ok(json.some((r) => r.ruleId === 'AIS102' && r.count === 1));
  assert.equal(runCli(['scan', '.', '--statistics', '--format', 'sarif'], dir).status, 2);
});

test('replacing a package is a suggestion: the closing hint never proposes it (nor a manifest edit) for aisec fix --unsafe', () => {
  const dir = join(root, 'manifest-only');
  mkdirSync(join(dir, '.git'), { recursive: true });
  writeFileSync(join(dir, 'requirements.txt'), 'reqeusts==2.31.0\n');
  const scan = runCli(['scan', '.'], dir);
  assert.match(scan.stdout, /suggestion: Use requests/);
  assert.doesNotMatch(scan.stdout, /--unsafe/);
  assert.match(scan.stdout, /1 with a dependency or configuration fix to review and apply one at a time/);
  const fixed = runCli(['fix', '.', '--unsafe'], dir);
  assert.match(fixed.stdout, /No fix was applied/);
  const json = jsonOf(runCli(['scan', '.', '--format', 'json'], dir));
  assert.equal(json.findings[0]?.fixes[0]?.applicability, 'display-only');
});
