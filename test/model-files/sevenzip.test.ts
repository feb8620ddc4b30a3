/**
 * The 7z reader on archives written by the real 7-Zip (sevenzip-samples/PROVENANCE.md): every coder it decodes
 * gives back the exact bytes 7-Zip stored, each archive gets its expected verdict, what it does not decode
 * (bzip2, encryption) is a member "not checked", and hostile archives (a bomb, a cut-off or damaged file) are
 * bounded and reported, never clean.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { readSevenZip, type SevenZipBudget } from '../../server/src/engine/formats/sevenzip';
import { scanModelFile } from '../../server/src/engine/formats/model-scan';
import { verdictOf } from '../../server/src/engine/model-report';
import { check, prng } from './helpers';

const SAMPLES = join(__dirname, 'sevenzip-samples');
const SOURCES = join(__dirname, 'real-samples');
const BUDGET: SevenZipBudget = { maxFolderBytes: 64 << 20, maxTotalBytes: 64 << 20, maxMembers: 1000 };
/** SHA-1 of `large-payload.pkl` as `7z x` extracts it from both archives that hold it. */
const LARGE_PAYLOAD_SHA1 = 'dfc3cbb3c081c9c3c0a42204b205038509874704';

function sample(name: string): Uint8Array {
  return new Uint8Array(readFileSync(join(SAMPLES, name)));
}

function sha1(data: Uint8Array): string {
  return createHash('sha1').update(data).digest('hex');
}

test('every decoded member is byte for byte the file 7-Zip packed (LZMA, LZMA2 solid and chunked, copy, DEFLATE, BCJ + LZMA2)', () => {
  const expectations: Record<string, string[]> = {
    '7z-lzma2-solid-payload.7z': ['np2-arrays-p5.pkl', 'torch-payload.pt'],
    '7z-lzma-benign.7z': ['np2-arrays-p5.pkl', 'np2-float.npy', 'torch-checkpoint.pt'],
    '7z-copy-payload.7z': ['joblib-payload.joblib'],
    '7z-nonsolid-payload.7z': ['np2-object-payload.npy', 'torch-checkpoint.pt'],
    '7z-deflate-payload.7z': ['np2-object-payload.npy'],
  };
  for (const [archive, names] of Object.entries(expectations)) {
    const read = readSevenZip(sample(archive), BUDGET);
    assert.deepEqual(read.problems, [], archive);
    assert.deepEqual(read.members.map((m) => m.name).sort(), names, `${archive}: directories and empty files take no stream`);
    for (const m of read.members) {
      assert.ok(m.complete, `${archive}!${m.name}: ${m.problem ?? ''}`);
      assert.equal(sha1(m.data), sha1(new Uint8Array(readFileSync(join(SOURCES, m.name)))), `${archive}!${m.name}`);
    }
  }
  const chunked = readSevenZip(sample('7z-lzma2-chunks-payload.7z'), BUDGET);
  assert.equal(sha1(chunked.members[0]!.data), LARGE_PAYLOAD_SHA1, 'a stored chunk, then LZMA chunks continuing the dictionary');
  const filtered = readSevenZip(sample('7z-bcj-lzma2-payload.7z'), BUDGET);
  assert.equal(sha1(filtered.members[0]!.data), LARGE_PAYLOAD_SHA1, 'the x86 branch filter undone');
});

const VERDICTS: Record<string, { verdict: string; global?: string; member?: string }> = {
  '7z-lzma2-solid-payload.7z': { verdict: 'dangerous', global: 'posix.system', member: 'torch-payload.pt!archive/data.pkl' },
  '7z-lzma-benign.7z': { verdict: 'pickle' },
  '7z-copy-payload.7z': { verdict: 'dangerous', global: 'posix.system', member: 'joblib-payload.joblib' },
  '7z-nonsolid-payload.7z': { verdict: 'dangerous', global: 'posix.system', member: 'np2-object-payload.npy' },
  '7z-deflate-payload.7z': { verdict: 'dangerous', global: 'posix.system', member: 'np2-object-payload.npy' },
  '7z-lzma2-chunks-payload.7z': { verdict: 'dangerous', global: 'posix.system', member: 'large-payload.pkl' },
  '7z-bcj-lzma2-payload.7z': { verdict: 'dangerous', global: 'posix.system', member: 'large-payload.pkl' },
  '7z-inside-zip-payload.zip': { verdict: 'dangerous', global: 'posix.system', member: 'inner.7z!joblib-payload.joblib' },
  '7z-bzip2-payload.7z': { verdict: 'unreadable' },
  '7z-encrypted-payload.7z': { verdict: 'unreadable' },
};

for (const [name, expected] of Object.entries(VERDICTS)) {
  test(`7z sample ${name} is ${expected.verdict}`, () => {
    const bytes = sample(name);
    const scan = scanModelFile({ path: name, bytes, fileSize: bytes.length });
    assert.equal(verdictOf(scan).verdict, expected.verdict, `${verdictOf(scan).summary}\n${JSON.stringify(scan.gaps)}`);
    const reports = check(name, bytes);
    if (expected.global) {
      const error = reports.find((r) => r.ruleId === 'AIS601');
      assert.equal(error?.properties?.['global'], expected.global);
      assert.equal(error?.properties?.['member'], expected.member);
    }
    if (expected.verdict === 'pickle') assert.deepEqual(reports.filter((r) => r.effectiveSeverity !== 'info').map((r) => r.message ?? r.ruleId), []);
    if (expected.verdict === 'unreadable') {
      assert.equal(scan.members[0]?.verdict, 'not-checked');
      assert.match(scan.members[0]!.reason, /(bzip2|AES-256 encryption \+ LZMA2), which the scanner does not decode/);
      assert.ok(reports.some((r) => r.ruleId === 'AIS604'), 'reported as not fully checked');
    }
  });
}

test('picklescan\'s malicious1.7z (BCJ + LZMA2, written by py7zr) is dangerous', () => {
  const bytes = new Uint8Array(readFileSync(join(__dirname, 'picklescan-corpus', 'data', 'malicious1.7z')));
  const scan = scanModelFile({ path: 'malicious1.7z', bytes, fileSize: bytes.length });
  assert.equal(verdictOf(scan).verdict, 'dangerous');
  assert.deepEqual(scan.globals.filter((g) => g.level === 'dangerous').map((g) => [g.global, g.member]), [['builtins.eval', 'data.pkl']]);
});

test('a 7z bomb stops at the output budget and is a warning, not a clean file', () => {
  const bytes = sample('7z-bomb.7z');
  const scan = scanModelFile({ path: '7z-bomb.7z', bytes, fileSize: bytes.length, limits: { maxMemberBytes: 8 << 20, maxTotalInflated: 8 << 20 } });
  assert.equal(verdictOf(scan).verdict, 'unreadable');
  assert.ok(scan.gaps.some((g) => g.severity === 'warning' && /decompression bomb/.test(g.reason)), JSON.stringify(scan.gaps));
  const read = readSevenZip(bytes, { ...BUDGET, maxFolderBytes: 8 << 20 });
  assert.equal(read.members[0]!.data.length, 8 << 20, 'the output stops at the budget');
  assert.equal(read.members[0]!.size, 300_000_000);
});

test('a 7z cut off by the size limit says which part was not read', () => {
  const whole = sample('7z-lzma2-solid-payload.7z');
  const prefix = whole.subarray(0, 1000);
  const scan = scanModelFile({ path: 'x.7z', bytes: prefix, fileSize: whole.length });
  assert.equal(verdictOf(scan).verdict, 'unreadable');
  assert.ok(scan.gaps.some((g) => g.severity === 'info' && /only the first 1000 bytes of .* the 7z archive's members were not checked \(the header/.test(g.reason)), JSON.stringify(scan.gaps));
});

test('damaged 7z archives never throw and are never clean (seeded byte flips and cuts of every sample)', () => {
  const random = prng(15);
  const names = Object.keys(VERDICTS).filter((n) => n.endsWith('.7z'));
  for (let i = 0; i < 300; i++) {
    const bytes = new Uint8Array(sample(names[i % names.length]!));
    const cut = random() < 0.3 ? bytes.subarray(0, Math.floor(random() * bytes.length)) : bytes;
    for (let k = 0; k < 4; k++) cut[Math.floor(random() * cut.length)] = Math.floor(random() * 256);
    const scan = scanModelFile({ path: 'fuzzed.7z', bytes: cut, fileSize: cut.length });
    assert.ok(!scan.gaps.some((g) => g.reason.startsWith('the scanner failed')), `input ${i}: ${JSON.stringify(scan.gaps)}`);
    const verdict = verdictOf(scan).verdict;
    assert.ok(verdict !== 'safe' || scan.gaps.length === 0, `input ${i}: a gap never leaves a safe verdict`);
  }
});

test('a header that claims gigabytes for 5,000 folders with no data decodes nothing and is not clean (nothing is allocated for the claims)', () => {
  // A hand-made plain header (kHeader, kMainStreamsInfo, kPackInfo, kUnpackInfo, kFilesInfo): 20,000 LZMA2
  // folders of 1 GB each, each backed by an empty packed stream, then 5,000 files.
  const folders = 5_000;
  const number = (n: number): number[] => (n < 0x80 ? [n] : n < 0x4000 ? [0x80 | (n >> 8), n & 0xff] : [0xc0 | (n >> 16), n & 0xff, (n >> 8) & 0xff]);
  const gigabyte = [0xf0, 0x00, 0x00, 0x00, 0x40];
  const header = [0x01, 0x04, 0x06, 0x00, ...number(folders), 0x09];
  for (let i = 0; i < folders; i++) header.push(0x00);
  header.push(0x00, 0x07, 0x0b, ...number(folders), 0x00);
  for (let i = 0; i < folders; i++) header.push(0x01, 0x01, 0x21);
  header.push(0x0c);
  for (let i = 0; i < folders; i++) header.push(...gigabyte);
  header.push(0x00, 0x00, 0x05, ...number(folders), 0x00, 0x00);
  const archive = new Uint8Array(32 + header.length);
  archive.set([0x37, 0x7a, 0xbc, 0xaf, 0x27, 0x1c, 0x00, 0x04]);
  new DataView(archive.buffer).setUint32(20, header.length, true);
  archive.set(header, 32);
  const read = readSevenZip(archive, { ...BUDGET, maxMembers: 100_000 });
  assert.deepEqual(read.problems, []);
  assert.equal(read.members.length, folders);
  assert.ok(read.members.every((m) => !m.complete && m.size === 2 ** 30 && m.data.length === 0), JSON.stringify(read.members[0]));
  const scan = scanModelFile({ path: 'claims.7z', bytes: archive, fileSize: archive.length });
  assert.equal(verdictOf(scan).verdict, 'unreadable');
});
