/**
 * A pickle or torch load of a file the person running the program names (its command-line arguments, its
 * environment, a private helper called only with them) is the operator's choice of their own file: an advisory in
 * the audit profile, absent from the default profile. Uploads, downloads, typed input and parameters of public
 * helpers nobody is seen to call stay errors.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { loadEngine } from '../../server/src/host/load-engine';
import { DEFAULT_CONFIG } from '../../server/src/engine/index';

const AUDIT = { ...DEFAULT_CONFIG, profile: 'audit' as const };
const fixture = (rule: string, name: string): string => readFileSync(`server/src/rules/deserialization/${rule}/fixtures/${name}`, 'utf8');
const lines = (findings: { range: { start: { line: number } }; severity: string; advisory?: string }[]): string[] => findings.map((f) => `${f.range.start.line + 1} ${f.severity} ${f.advisory ?? 'default'}`);

test('pickle loads of files named by the command line or environment are advisory; uploads, downloads, input() and unseen callers stay errors', async () => {
  const engine = await loadEngine();
  const text = fixture('unsafe-pickle-load', 'bad-operator-file.py');
  const audit = engine.analyze({ path: 'cluster.py', text, config: AUDIT }).findings.filter((f) => f.ruleId === 'AIS101');
  assert.deepEqual(lines(audit), ['14 warning reported', '18 error default', '24 error default', '29 error default', '36 warning reported', '38 warning reported', '39 warning reported', '40 error default']);
  assert.match(audit[0]?.message ?? '', /the operator's choice of their own file/);
  const quiet = engine.analyze({ path: 'cluster.py', text }).findings.filter((f) => f.ruleId === 'AIS101');
  assert.deepEqual(lines(quiet), ['18 error default', '24 error default', '29 error default', '40 error default']);
});

test('torch loads of a checkpoint named by the command line are advisory; a downloaded checkpoint stays an error', async () => {
  const engine = await loadEngine();
  const text = fixture('unsafe-torch-load', 'bad-operator-file.py');
  const audit = engine.analyze({ path: 'cluster.py', text, config: AUDIT }).findings.filter((f) => f.ruleId === 'AIS102');
  assert.deepEqual(lines(audit), ['10 warning reported', '15 error default', '23 warning reported']);
  const quiet = engine.analyze({ path: 'cluster.py', text }).findings.filter((f) => f.ruleId === 'AIS102');
  assert.deepEqual(lines(quiet), ['15 error default']);
});
