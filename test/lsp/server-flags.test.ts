/**
 * The server's V8 flags (package.json `aisecServer.execArgv`) are read by the client and accepted by Node:
 * a misspelt flag would stop the server from starting at all.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { serverExecArgv } from '../../client/src/server-flags';

const packageJson: unknown = JSON.parse(readFileSync(join(__dirname, '..', '..', 'package.json'), 'utf8'));

test('the server flags in package.json are read as a list of strings, and anything else as none', () => {
  const flags = serverExecArgv(packageJson);
  assert.ok(flags.length > 0 && flags.every((flag) => flag.startsWith('--')));
  assert.deepEqual(serverExecArgv({}), []);
  assert.deepEqual(serverExecArgv({ aisecServer: { execArgv: ['--ok', 3] } }), []);
  assert.deepEqual(serverExecArgv(undefined), []);
});

test('node starts with the server flags', () => {
  const out = execFileSync(process.execPath, [...serverExecArgv(packageJson), '-e', 'process.stdout.write("started")'], { encoding: 'utf8' });
  assert.equal(out, 'started');
});
