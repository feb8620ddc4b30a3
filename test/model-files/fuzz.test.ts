/**
 * Fuzzing: a few thousand mutations of the real fixtures plus random bytes. The scanner must return a
 * result for every input without throwing, without its internal failure guard firing (that guard turns
 * an unexpected exception into a gap; hitting it is a bug), and with a verdict. The benchmark runs the
 * same harness over 100 000 inputs.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { scanModelFile } from '../../server/src/engine/formats/model-scan';
import { verdictOf } from '../../server/src/engine/model-report';
import { FIXTURES, check, fixture, mutate, prng } from './helpers';

const VERDICTS = new Set(['dangerous', 'suspicious', 'pickle', 'safe', 'unreadable']);
const NAMES = readdirSync(FIXTURES).filter((f) => !f.endsWith('.expect')).sort();

function assertScans(path: string, bytes: Uint8Array, label: string): void {
  const scan = scanModelFile({ path, bytes, fileSize: bytes.length });
  const failure = scan.gaps.find((g) => g.reason.startsWith('the scanner failed'));
  assert.equal(failure, undefined, `${label}: ${failure?.reason}`);
  assert.ok(VERDICTS.has(verdictOf(scan).verdict), label);
}

test('the fuzz corpus has fixtures to mutate', () => {
  assert.ok(NAMES.length >= 30, `only ${NAMES.length} fixtures`);
});

test('3000 mutated fixtures never crash the scanner or the checker', () => {
  const random = prng(0x5eed);
  const corpus = NAMES.map((n) => ({ name: n, bytes: fixture(n) }));
  for (let i = 0; i < 3000; i++) {
    const { name, bytes } = corpus[i % corpus.length]!;
    let input = mutate(bytes, random);
    if (random() < 0.3) input = mutate(input, random);
    assertScans(name, input, `mutation ${i} of ${name}`);
    if (i % 10 === 0) check(name, input);
  }
});

test('1000 random byte strings, with and without model magic bytes, never crash the scanner', () => {
  const random = prng(42);
  const magics = [[], [0x80, 0x04], [0x50, 0x4b, 0x03, 0x04], [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 0x01, 0x00], [0x89, 0x48, 0x44, 0x46, 0x0d, 0x0a, 0x1a, 0x0a], [0x1f, 0x8b], [0x78, 0x9c], [0x10, 0, 0, 0, 0, 0, 0, 0, 0x7b]];
  const names = ['x.pkl', 'x.pt', 'x.bin', 'x.npy', 'x.h5', 'x.joblib', 'x.safetensors', 'x.keras'];
  for (let i = 0; i < 1000; i++) {
    const length = Math.floor(random() * (i % 10 === 0 ? 20000 : 600));
    const bytes = new Uint8Array(length);
    for (let k = 0; k < length; k++) bytes[k] = Math.floor(random() * 256);
    const magic = magics[i % magics.length]!;
    bytes.set(magic.slice(0, length));
    assertScans(names[i % names.length]!, bytes, `random input ${i}`);
  }
});

test('prefix windows of every fixture (the host passes only the first bytes of large files) never crash', () => {
  for (const name of NAMES) {
    const bytes = fixture(name);
    for (const cut of [1, 2, 7, 9, 31, 64, Math.floor(bytes.length / 2), bytes.length - 1]) {
      if (cut <= 0 || cut >= bytes.length) continue;
      const scan = scanModelFile({ path: name, bytes: bytes.subarray(0, cut), fileSize: bytes.length });
      assert.equal(scan.gaps.find((g) => g.reason.startsWith('the scanner failed')), undefined, `${name} cut at ${cut}`);
    }
  }
});
