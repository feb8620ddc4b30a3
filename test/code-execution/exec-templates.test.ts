/**
 * `exec` of source a program generates from its own template is advisory when every value spliced in is quoted
 * (`!r`, `repr`, a list of strings) or an identifier (checked by an identifier-only full match, or reduced by
 * `re.sub`); a raw parameter, an unchecked name, a shell-safe-only check or a list other code fills stays an error.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { loadEngine } from '../../server/src/host/load-engine';
import { DEFAULT_CONFIG } from '../../server/src/engine/index';

const AUDIT = { ...DEFAULT_CONFIG, profile: 'audit' as const };
const TEXT = readFileSync('server/src/rules/code-execution/python-exec-non-literal/fixtures/bad-templates.py', 'utf8');

test('generated source with only quoted values and identifiers is advisory; raw values stay errors', async () => {
  const engine = await loadEngine();
  const audit = engine.analyze({ path: 'binder.py', text: TEXT, config: AUDIT }).findings.filter((f) => f.ruleId === 'AIS202');
  assert.deepEqual(audit.map((f) => `${f.range.start.line + 1} ${f.severity} ${f.advisory ?? 'default'}`), [
    '34 warning reported', '54 warning reported', '55 warning reported',
    '60 error default', '61 error default', '62 error default',
    '69 error default', '71 error default', '75 error default', '77 error default',
  ]);
  assert.match(audit[0]?.message ?? '', /generates from its own template/);
  const quiet = engine.analyze({ path: 'binder.py', text: TEXT }).findings.filter((f) => f.ruleId === 'AIS202');
  assert.deepEqual(quiet.map((f) => f.range.start.line + 1), [60, 61, 62, 69, 71, 75, 77]);
});
