/**
 * `shell: process.platform === 'win32'` is the idiom that launches `.cmd` shims (npm, npx, an editor's CLI) on
 * Windows, where Node refuses to spawn them without a shell; everywhere else no shell runs. Such a call is an
 * advisory (information, audit profile only) unless input from outside the program reaches it; an
 * unconditional shell, or one the caller may turn on, stays an error.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadEngine } from '../../server/src/host/load-engine';
import { DEFAULT_CONFIG } from '../../server/src/engine/index';

const AUDIT = { ...DEFAULT_CONFIG, profile: 'audit' as const };
const CODE = [
  "import { spawn, spawnSync } from 'node:child_process';",
  "import { platform } from 'node:os';",
  "const IS_WINDOWS = process.platform === 'win32';",
  'export function run(command: string, args: string[], useShell?: boolean) {',
  "  spawn(command, args, { shell: process.platform === 'win32' });",
  "  spawnSync(command, ['--version'], { shell: platform() === \"win32\" });",
  "  spawn(command, args, { shell: 'win32' === process.platform });",
  '  spawn(command, args, { shell: IS_WINDOWS });',
  "  spawn(command, process.argv.slice(2), { shell: process.platform === 'win32' });",
  '  spawn(command, args, { shell: true });',
  "  spawn(command, args, { shell: useShell ?? platform() === 'win32' });",
  "  spawn(command, args, { shell: process.platform !== 'win32' });",
  '}',
  '',
].join('\n');

test('a shell only on Windows is advisory unless outside input reaches the call', async () => {
  const engine = await loadEngine();
  const audit = engine.analyze({ path: 'src/run.ts', text: CODE, config: AUDIT }).findings.filter((f) => f.ruleId === 'AIS245');
  assert.deepEqual(audit.map((f) => `${f.range.start.line + 1} ${f.severity}`), ['5 info', '6 info', '7 info', '8 info', '9 error', '10 error', '11 error', '12 error']);
  assert.match(audit[0]?.message ?? '', /only on Windows/);
  const quiet = engine.analyze({ path: 'src/run.ts', text: CODE }).findings.filter((f) => f.ruleId === 'AIS245');
  assert.deepEqual(quiet.map((f) => f.range.start.line + 1), [9, 10, 11, 12]);
});
