/**
 * The atomic writer: the target holds its old bytes or its new ones, never a part, whatever call fails;
 * the temporary file is always removed; mode is kept; read-only files, hard-linked files, special files
 * and files changed meanwhile are refused.
 */
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, existsSync, fsyncSync, linkSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync, writeSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FileWriteRefused, writeFileAtomically, writeRefusal, type WriteOps } from '../../server/src/host/atomic-write';

const folders: string[] = [];
after(() => {
  for (const folder of folders) rmSync(folder, { recursive: true, force: true });
});

function folderWith(name: string, content: string, mode = 0o644): { dir: string; file: string } {
  const dir = mkdtempSync(join(tmpdir(), 'aisec-atomic-'));
  folders.push(dir);
  const file = join(dir, name);
  writeFileSync(file, content);
  chmodSync(file, mode);
  return { dir, file };
}

const bytes = (text: string): Uint8Array => new TextEncoder().encode(text);
const failure = (code: string): Error => Object.assign(new Error(`injected ${code}`), { code });
const realOps: WriteOps = { writeSync: (fd, data, offset, length) => writeSync(fd, data, offset, length), fsyncSync, renameSync };

test('replaces the content, keeps the mode and leaves only the file', () => {
  const { dir, file } = folderWith('a.py', 'old\n', 0o640);
  writeFileAtomically(file, bytes('new content\n'));
  assert.equal(readFileSync(file, 'utf8'), 'new content\n');
  assert.equal(statSync(file).mode & 0o777, 0o640);
  assert.deepEqual(readdirSync(dir), ['a.py']);
});

test('creates a missing file with the requested mode, and never replaces one created meanwhile', () => {
  const { dir } = folderWith('other', '');
  const env = join(dir, '.env');
  writeFileAtomically(env, bytes('KEY=1\n'), { createMode: 0o600 });
  assert.equal(readFileSync(env, 'utf8'), 'KEY=1\n');
  assert.equal(statSync(env).mode & 0o777, 0o600);
  const late = join(dir, 'late.txt');
  assert.throws(() => writeFileAtomically(late, bytes('mine'), { unchanged: () => (writeFileSync(late, 'theirs'), true) }), /EEXIST/);
  assert.equal(readFileSync(late, 'utf8'), 'theirs');
  assert.deepEqual(readdirSync(dir).sort(), ['.env', 'late.txt', 'other']);
});

test('a failure while writing, flushing or renaming leaves the old bytes and no temporary file', () => {
  const cases: [string, Partial<WriteOps>][] = [
    // A full disk after the first bytes: the target must not be truncated.
    ['write', { writeSync: (fd, data, offset) => (offset === 0 ? writeSync(fd, data, 0, 3) : (() => { throw failure('ENOSPC'); })()) }],
    ['fsync', { fsyncSync: () => { throw failure('EIO'); } }],
    ['rename', { renameSync: () => { throw failure('EXDEV'); } }],
  ];
  for (const [step, injected] of cases) {
    const { dir, file } = folderWith('a.py', 'the original text\n');
    assert.throws(() => writeFileAtomically(file, bytes('a much longer replacement text\n'), {}, { ...realOps, ...injected }), /injected/, step);
    assert.equal(readFileSync(file, 'utf8'), 'the original text\n', `after a failing ${step}`);
    assert.deepEqual(readdirSync(dir), ['a.py'], `no temporary file after a failing ${step}`);
  }
});

test('a process killed while writing leaves the old or the new bytes, never an empty file', () => {
  const { dir, file } = folderWith('big.py', 'x = 1\n'.repeat(1000));
  const writer = join(__dirname, '..', '..', 'server', 'src', 'host', 'atomic-write.ts');
  // The child writes a large file and is killed by SIGKILL after its first write call.
  const script = `
    const { writeFileAtomically } = require(${JSON.stringify(writer)});
    const fs = require('node:fs');
    const data = new Uint8Array(8 * 1024 * 1024).fill(0x79);
    writeFileAtomically(${JSON.stringify(file)}, data, {}, {
      writeSync: (fd, d, o, l) => { const n = fs.writeSync(fd, d, o, Math.min(l, 65536)); if (o > 0) process.kill(process.pid, 'SIGKILL'); return n; },
      fsyncSync: fs.fsyncSync, renameSync: fs.renameSync,
    });`;
  const child = spawnSync(process.execPath, ['--import', 'tsx', '-e', script], { encoding: 'utf8' });
  assert.equal(child.signal, 'SIGKILL', child.stderr);
  assert.equal(readFileSync(file, 'utf8'), 'x = 1\n'.repeat(1000));
  // The killed process could not clean up; its temporary file is hidden and never the target.
  assert.ok(readdirSync(dir).every((name) => name === 'big.py' || /^\.big\.py\.aisec-\d+-[0-9a-f]+\.tmp$/.test(name)));
});

test('refuses read-only, hard-linked and special files, and a file changed meanwhile', () => {
  const { dir, file } = folderWith('ro.py', 'keep\n', 0o444);
  assert.equal(writeRefusal(file), 'is read-only');
  assert.throws(() => writeFileAtomically(file, bytes('x')), (error: unknown) => error instanceof FileWriteRefused && error.reason === 'is read-only');
  assert.equal(readFileSync(file, 'utf8'), 'keep\n');

  const linked = join(dir, 'linked.py');
  writeFileSync(linked, 'keep\n');
  linkSync(linked, join(dir, 'second-name.py'));
  assert.equal(writeRefusal(linked), 'has 2 hard links, which replacing it would split');

  assert.equal(writeRefusal('/dev/null'), 'is not a regular file');
  assert.equal(writeRefusal(join(dir, 'missing.py')), undefined, 'a missing file may be created');

  const changing = join(dir, 'changing.py');
  writeFileSync(changing, 'v1\n');
  assert.throws(() => writeFileAtomically(changing, bytes('fixed\n'), { unchanged: () => false }), /changed on disk/);
  assert.equal(readFileSync(changing, 'utf8'), 'v1\n');
  assert.ok(!readdirSync(dir).some((name) => name.includes('.aisec-')));
  assert.ok(existsSync(join(dir, 'second-name.py')));
});
