/**
 * `os.startfile(path)` beside branches that run `open` / `xdg-open` on the same path (the cross-platform
 * "open with the default application" idiom) does on Windows what the argument-list branches do elsewhere:
 * advisory, in the audit profile only. Without such a sibling branch on the same path it stays a warning.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { loadEngine } from '../../server/src/host/load-engine';
import { DEFAULT_CONFIG } from '../../server/src/engine/index';

const AUDIT = { ...DEFAULT_CONFIG, profile: 'audit' as const };
const TEXT = readFileSync('server/src/rules/code-execution/os-exec-spawn-non-literal/fixtures/bad-default-application.py', 'utf8');

test('os.startfile in the open-with-default-application idiom is advisory; with another path in the sibling branch it is not', async () => {
  const engine = await loadEngine();
  const audit = engine.analyze({ path: 'navigator.py', text: TEXT, config: AUDIT }).findings.filter((f) => f.ruleId === 'AIS205');
  assert.deepEqual(audit.map((f) => `${f.range.start.line + 1} ${f.advisory ?? 'default'}`), ['11 reported', '21 reported', '31 default']);
  assert.match(audit[0]?.message ?? '', /default application/);
  const quiet = engine.analyze({ path: 'navigator.py', text: TEXT }).findings.filter((f) => f.ruleId === 'AIS205');
  assert.deepEqual(quiet.map((f) => f.range.start.line + 1), [31]);
});
