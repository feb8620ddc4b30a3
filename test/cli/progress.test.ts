/**
 * The progress line: drawn on standard error only when it is a terminal, and erased before findings and
 * the summary are printed. Runs the CLI's `main` in-process with a fake terminal.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { main } from '../../server/src/cli/main';
import { WORKSPACE } from './run-cli';

async function run(stderrIsTty: boolean): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await main(['scan', 'src', '--no-color'], { cwd: WORKSPACE, stdout: (t) => (stdout += t), stderr: (t) => (stderr += t), stderrIsTty });
  return { code, stdout, stderr };
}

test('a terminal gets a progress line that is erased again', async () => {
  const tty = await run(true);
  assert.equal(tty.code, 1);
  const erase = '\r\u001b[2K';
  assert.ok(tty.stderr.startsWith(`${erase}scanning: `), JSON.stringify(tty.stderr.slice(0, 80)));
  assert.match(tty.stderr.slice(erase.length), /^scanning: \d+ files, [\d.]+ MB, \d+ findings/);
  assert.ok(tty.stderr.endsWith(erase), 'the last thing written to the terminal erases the line');
  assert.ok(!tty.stdout.includes('scanning:'), 'progress never reaches standard output');
});

test('no progress line when standard error is not a terminal', async () => {
  const piped = await run(false);
  assert.equal(piped.stderr, '');
  assert.match(piped.stdout, /^Found \d+ findings/m);
});
