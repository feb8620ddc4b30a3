/**
 * `eval` and `exec` of a value that comes only from the program's own command-line arguments, environment or
 * settings (the origin the shell rules call the operator's) are advisory: reported in the audit profile at
 * warning level with a message that says so, absent from the default profile. Typed input and requests stay errors.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { loadEngine } from '../../server/src/host/load-engine';
import { DEFAULT_CONFIG } from '../../server/src/engine/index';

const AUDIT = { ...DEFAULT_CONFIG, profile: 'audit' as const };
const fixture = (rule: string): string => readFileSync(`server/src/rules/code-execution/${rule}/fixtures/bad-operator-input.py`, 'utf8');
const lines = (findings: { range: { start: { line: number } }; severity: string; advisory?: string }[]): string[] => findings.map((f) => `${f.range.start.line + 1} ${f.severity} ${f.advisory ?? 'default'}`);

test('eval of command-line options and environment is advisory; typed input and request data are not', async () => {
  const engine = await loadEngine();
  const text = fixture('python-eval-non-literal');
  const audit = engine.analyze({ path: 'train.py', text, config: AUDIT }).findings.filter((f) => f.ruleId === 'AIS201');
  assert.deepEqual(lines(audit), ['14 warning reported', '15 warning reported', '16 warning reported', '17 error default', '21 error default']);
  assert.match(audit[0]?.message ?? '', /only from the program's own command-line arguments, environment or settings/);
  const quiet = engine.analyze({ path: 'train.py', text }).findings.filter((f) => f.ruleId === 'AIS201');
  assert.deepEqual(lines(quiet), ['17 error default', '21 error default']);
});

test('exec of command-line options and environment is advisory; request data is not', async () => {
  const engine = await loadEngine();
  const text = fixture('python-exec-non-literal');
  const audit = engine.analyze({ path: 'setup_run.py', text, config: AUDIT }).findings.filter((f) => f.ruleId === 'AIS202');
  assert.deepEqual(lines(audit), ['10 warning reported', '11 warning reported', '15 error default']);
  const quiet = engine.analyze({ path: 'setup_run.py', text }).findings.filter((f) => f.ruleId === 'AIS202');
  assert.deepEqual(lines(quiet), ['15 error default']);
});
