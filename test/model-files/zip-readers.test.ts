/**
 * The ZIP reader reads archives as the loaders do (Python's zipfile, PyTorch's miniz) and reports where
 * they disagree (AIS610). Archives are written at test time by `zip-writer.ts` and checked with the
 * machine's CPython `zipfile`, so each case is what a real loader reads, not what the scanner assumes.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readZip } from '../../server/src/engine/formats/zip';
import { check, fixture, python } from './helpers';
import { writeStoredZip, type ZipMember } from './zip-writer';

/** Writes `bytes` to a temporary file, runs `script` with its path as argv[1], and returns stdout. */
function pythonOn(bytes: Uint8Array, script: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'aisec-zip-'));
  try {
    const path = join(dir, 'archive.zip');
    writeFileSync(path, bytes);
    return python(script, [path]).trim();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

test('a wrapped entry count (65,537 members, the end record says 1) hides nothing: weights.npy is scanned', () => {
  // The 16-bit count of 65,537 members wraps to 1 and there is no ZIP64 record, as a writer without ZIP64
  // support produces. Python's zipfile reads entries until the directory's size is used up, so it lists
  // all 65,537 and reads weights.npy (checked below with python3: numpy.load would unpickle it); the old
  // reader trusted the count, saw only readme.txt and called the file clean.
  const payload = fixture('bad-object-array.npy');
  const members: ZipMember[] = [{ name: 'readme.txt', data: new TextEncoder().encode('weights') }];
  for (let i = 0; i < 65_535; i++) members.push({ name: `b/${i}`, data: new Uint8Array(0) });
  members.push({ name: 'weights.npy', data: payload });
  const archive = writeStoredZip(members);
  assert.equal(archive[archive.length - 22 + 10], 1, 'the end record declares 1 entry');
  const seen = pythonOn(archive, [
    'import sys, zipfile, pickletools',
    'z = zipfile.ZipFile(sys.argv[1])',
    'data = z.read("weights.npy")',
    'start = 10 + int.from_bytes(data[8:10], "little")',
    'ops = [f"{op.name} {arg}" for op, arg, _ in pickletools.genops(data[start:])]',
    'print(len(z.namelist()), z.namelist()[-1], [o for o in ops if "GLOBAL" in o])',
  ].join('\n'));
  assert.equal(seen, "65537 weights.npy ['GLOBAL os system']");

  const reported = check('model.npz', archive);
  const dangerous = reported.find((r) => r.ruleId === 'AIS601');
  assert.ok(dangerous, `os.system in weights.npy is reported: ${JSON.stringify(reported.map((r) => r.ruleId))}`);
  assert.equal(dangerous.properties?.['member'], 'weights.npy');
  const mismatch = reported.find((r) => r.ruleId === 'AIS610');
  assert.ok(mismatch, 'the disagreement is a finding of its own');
  assert.match(mismatch.data?.['reason'] ?? '', /declares 1 entry but the central directory holds 65537: the 16-bit count wrapped at 65,536/);
});

test('ZIP64 end records as PyTorch writes them: the central directory is read, readers agree', () => {
  const members = [{ name: 'archive/data.pkl', data: fixture('bad-os-system.pkl') }, { name: 'archive/version', data: new TextEncoder().encode('3\n') }];
  const archive = writeStoredZip(members, { zip64Records: true });
  assert.equal(pythonOn(archive, 'import sys, zipfile\nprint(zipfile.ZipFile(sys.argv[1]).namelist())'), "['archive/data.pkl', 'archive/version']");
  const zip = readZip(archive, true);
  assert.equal(zip.source, 'central-directory', zip.problems.join('; '));
  assert.deepEqual(zip.entries.map((e) => e.name), ['archive/data.pkl', 'archive/version']);
  assert.deepEqual(zip.disagreements, []);
  assert.deepEqual(check('model.pt', archive).map((r) => r.ruleId), ['AIS601']);
});

test('a ZIP64 record that disagrees with the classic end record is reported, and every member is scanned', () => {
  const members = [{ name: 'weights.npy', data: fixture('good-float-array.npy') }, { name: 'labels.npy', data: fixture('bad-object-array.npy') }];
  // The classic record says 1 entry (readers without ZIP64 stop after weights.npy); the ZIP64 record says 2.
  const archive = writeStoredZip(members, { zip64Records: true, declaredCount: 1 });
  assert.equal(pythonOn(archive, 'import sys, zipfile\nprint(len(zipfile.ZipFile(sys.argv[1]).namelist()))'), '2');
  const zip = readZip(archive, true);
  assert.deepEqual(zip.entries.map((e) => e.name), ['weights.npy', 'labels.npy']);
  assert.equal(zip.disagreements.length, 1);
  assert.match(zip.disagreements[0]!, /readers without ZIP64 support find a different central directory \(1 entry/);
  assert.deepEqual(check('model.npz', archive).map((r) => r.ruleId).sort(), ['AIS601', 'AIS610']);
});

test('data before the archive and after its end record is read as Python reads it, without a disagreement', () => {
  const members = [{ name: 'labels.npy', data: fixture('bad-object-array.npy') }];
  const archive = writeStoredZip(members, { prefix: new TextEncoder().encode('#!/bin/sh\nexit 0\n'), trailing: new Uint8Array(40).fill(7) });
  assert.equal(pythonOn(archive, 'import sys, zipfile\nz = zipfile.ZipFile(sys.argv[1])\nprint(z.namelist(), len(z.read("labels.npy")))'), `['labels.npy'] ${members[0]!.data.length}`);
  const zip = readZip(archive, true);
  assert.equal(zip.source, 'central-directory');
  assert.deepEqual(zip.disagreements, []);
  // Named .zip: a prefixed .npz is not what numpy.load opens as an archive (it checks the first bytes).
  assert.deepEqual(check('bundle.zip', archive).map((r) => r.ruleId), ['AIS601']);
});

test('readers that agree on a plain zipfile archive raise no disagreement (real CPython output)', () => {
  for (const name of ['good-arrays.npz', 'bad-info-state-dict.pt', 'good-dense.keras', 'bad-nested-archive.pt']) {
    assert.deepEqual(readZip(fixture(name), true).disagreements, [], name);
  }
});

test('an end record appended after the end record: Python and PyTorch read the last one, a strict reader the other; both are scanned', () => {
  // Layout: weights.npy's and labels.npy's local headers, then directory A (weights.npy) and its end
  // record, whose comment runs exactly to the end of the file, then directory B (labels.npy) and a last
  // end record whose comment length overruns the file. Python's zipfile and miniz take the last end
  // record (B, checked below with python3); readers that require the comment to end the file take A.
  const weights = writeStoredZip([{ name: 'weights.npy', data: fixture('good-float-array.npy') }]);
  const labels = writeStoredZip([{ name: 'labels.npy', data: fixture('bad-object-array.npy') }]);
  const localsOf = (zip: Uint8Array): Uint8Array => zip.subarray(0, endRecordFields(zip).offset);
  const directoryOf = (zip: Uint8Array): Uint8Array => { const f = endRecordFields(zip); return zip.slice(f.offset, f.offset + f.size); };
  const localsA = localsOf(weights);
  const localsB = localsOf(labels);
  const directoryA = directoryOf(weights);
  const directoryB = directoryOf(labels);
  new DataView(directoryB.buffer).setUint32(42, localsA.length, true);
  const directoryAAt = localsA.length + localsB.length;
  const endA = endRecord(1, directoryA.length, directoryAAt, directoryB.length + 22);
  const endB = endRecord(1, directoryB.length, directoryAAt + directoryA.length + 22, 5);
  const file = new Uint8Array(Buffer.concat([localsA, localsB, directoryA, endA, directoryB, endB]));
  assert.equal(pythonOn(file, 'import sys, zipfile\nprint(zipfile.ZipFile(sys.argv[1]).namelist())'), "['labels.npy']");
  const zip = readZip(file, true);
  assert.deepEqual(zip.entries.map((e) => e.name).sort(), ['labels.npy', 'weights.npy']);
  assert.ok(zip.disagreements.some((d) => /a reader that requires the comment to end the file .* finds a different central directory/.test(d)), zip.disagreements.join('\n'));
  assert.deepEqual(check('model.npz', file).map((r) => r.ruleId).sort(), ['AIS601', 'AIS610']);
});

function endRecordFields(zip: Uint8Array): { size: number; offset: number } {
  const view = new DataView(zip.buffer, zip.byteOffset, zip.byteLength);
  return { size: view.getUint32(zip.length - 22 + 12, true), offset: view.getUint32(zip.length - 22 + 16, true) };
}

function endRecord(count: number, size: number, offset: number, commentLength: number): Uint8Array {
  const out = Buffer.alloc(22);
  out.writeUInt32LE(0x06054b50, 0);
  out.writeUInt16LE(count, 8);
  out.writeUInt16LE(count, 10);
  out.writeUInt32LE(size, 12);
  out.writeUInt32LE(offset, 16);
  out.writeUInt16LE(commentLength, 20);
  return out;
}
