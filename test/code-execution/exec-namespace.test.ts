/**
 * A second `exec` into the namespace where an earlier `exec` of a non-literal value already runs code (an
 * evaluation harness: the model's solution, then the dataset's tests) is advisory with a flow step to the
 * first; the first stays an error, and an exec after a constant one or into another namespace stays reported.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { loadEngine } from '../../server/src/host/load-engine';
import { DEFAULT_CONFIG } from '../../server/src/engine/index';

const AUDIT = { ...DEFAULT_CONFIG, profile: 'audit' as const };
const TEXT = readFileSync('server/src/rules/code-execution/python-exec-non-literal/fixtures/bad-namespace.py', 'utf8');

test('exec of the tests into the namespace the solution already runs in is advisory; other execs stay errors', async () => {
  const engine = await loadEngine();
  const audit = engine.analyze({ path: 'humaneval.py', text: TEXT, config: AUDIT }).findings.filter((f) => f.ruleId === 'AIS202');
  assert.deepEqual(audit.map((f) => `${f.range.start.line + 1} ${f.severity} ${f.advisory ?? 'default'}`), ['8 error default', '11 warning reported', '18 error default', '20 error default']);
  assert.equal(audit[1]?.flow?.[0]?.range.start.line, 7);
  assert.match(audit[1]?.message ?? '', /runs more code in `global_dict`/);
  const quiet = engine.analyze({ path: 'humaneval.py', text: TEXT }).findings.filter((f) => f.ruleId === 'AIS202');
  assert.deepEqual(quiet.map((f) => f.range.start.line + 1), [8, 18, 20]);
});
