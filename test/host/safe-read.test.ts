/**
 * The safe reader every host read goes through: regular files only (FIFOs, sockets, devices and
 * directories are refused without blocking, each named in the reason), caps per kind, prefix reads of
 * model files, and reads above 2 GiB (one `read` call cannot ask for that much).
 */
import { strict as assert } from 'node:assert';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, truncateSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { DISK_READ_CAPS, readDiskFile, readDiskText } from '../../server/src/host/safe-read';

function folder(): string {
  return mkdtempSync(join(tmpdir(), 'aisec-safe-read-'));
}

test('a regular file is read whole, a byte-order mark kept, and a link to one is followed', () => {
  const dir = folder();
  writeFileSync(join(dir, 'requirements.txt'), '\uFEFFrequests==2.32.3\n');
  symlinkSync(join(dir, 'requirements.txt'), join(dir, 'linked.txt'));
  for (const name of ['requirements.txt', 'linked.txt']) {
    const read = readDiskText(join(dir, name), { kind: 'manifest' });
    assert.deepEqual(read, { ok: true, text: '\uFEFFrequests==2.32.3\n', fileSize: 20 });
  }
});

test('special files are refused without being read, each named in the reason', async () => {
  const dir = folder();
  execFileSync('mkfifo', [join(dir, 'fifo')]);
  symlinkSync('/dev/zero', join(dir, 'zero'));
  mkdirSync(join(dir, 'setup.py'));
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(join(dir, 'socket'), resolve));
  try {
    const expected: Record<string, RegExp> = { fifo: /^is a FIFO \(named pipe\), not a regular file/, zero: /^is a character device, not a regular file/, 'setup.py': /^is a directory, not a regular file/, socket: /^is a socket, not a regular file/ };
    for (const [name, reason] of Object.entries(expected)) {
      const read = readDiskFile(join(dir, name), { kind: 'manifest' });
      assert.equal(read.ok, false, name);
      if (read.ok) continue;
      assert.equal(read.missing, false);
      assert.match(read.reason, reason);
    }
    assert.deepEqual(readDiskFile(join(dir, 'absent'), { kind: 'baseline' }), { ok: false, missing: true, reason: 'does not exist' });
    assert.deepEqual(readDiskFile(join(dir, 'setup.py', 'x'), { kind: 'baseline' }), { ok: false, missing: true, reason: 'does not exist' }, 'a path through a file is missing, not an error');
  } finally {
    server.close();
  }
});

test('a file above its cap is refused with the cap named, or read as a prefix when asked', () => {
  const dir = folder();
  const file = join(dir, '.gitignore');
  writeFileSync(file, 'x'.repeat(1000));
  const refused = readDiskFile(file, { kind: 'ignore', maxBytes: 999 });
  assert.deepEqual(refused, { ok: false, missing: false, reason: 'is larger than the 999 bytes limit for ignore files (1000 bytes)' });
  truncateSync(file, DISK_READ_CAPS.ignore + 1);
  const overDefault = readDiskFile(file, { kind: 'ignore' });
  assert.equal(overDefault.ok, false);
  if (!overDefault.ok) assert.match(overDefault.reason, /larger than the 4 MiB limit for ignore files/);
  const prefix = readDiskFile(file, { kind: 'model', maxBytes: 10, prefix: true });
  assert.ok(prefix.ok);
  if (prefix.ok) {
    assert.equal(prefix.bytes.toString(), 'xxxxxxxxxx');
    assert.equal(prefix.fileSize, DISK_READ_CAPS.ignore + 1);
    assert.equal(prefix.truncated, true);
  }
});

test('a model file above 2 GiB is read with a limit above 2 GiB (once ERR_OUT_OF_RANGE)', () => {
  // A sparse file: no disk space, but the read really moves 2 GiB into memory, briefly.
  const dir = folder();
  const file = join(dir, 'big.pt');
  const size = 2 * 1024 * 1024 * 1024 + 4096;
  writeFileSync(file, 'PK');
  truncateSync(file, size);
  try {
    const read = readDiskFile(file, { kind: 'model', maxBytes: 3 * 1024 * 1024 * 1024, prefix: true });
    assert.ok(read.ok, read.ok ? '' : read.reason);
    if (read.ok) {
      assert.equal(read.bytes.length, size);
      assert.equal(read.truncated, false);
      assert.equal(read.bytes.subarray(0, 2).toString(), 'PK');
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
