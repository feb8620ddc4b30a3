/**
 * The bundled snapshot read with its ecosystems parsed on first use (`readBundledSnapshot`): it equals the
 * snapshot read whole, an ecosystem's part is parsed only when asked for (and then once), and the scanner that
 * finds the top-level members handles what JSON allows inside strings and between tokens.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readBundledSnapshot, readSnapshot, topLevelValues } from '../../server/src/intel/snapshot';

const BUNDLED = join(__dirname, '..', '..', 'server', 'data', 'intel', 'snapshot.json');

test('the bundled snapshot read lazily equals the snapshot read whole', () => {
  assert.deepEqual(JSON.parse(JSON.stringify(readBundledSnapshot(BUNDLED))), readSnapshot(BUNDLED));
});

test('an ecosystem part is parsed when first used, and once', () => {
  const snapshot = readBundledSnapshot(BUNDLED);
  const pypi = Object.getOwnPropertyDescriptor(snapshot, 'pypi');
  assert.equal(typeof pypi?.get, 'function', 'not parsed before use');
  const first = snapshot.pypi;
  assert.ok(first.popular.length > 1000);
  assert.equal(snapshot.pypi, first, 'parsed once');
  assert.equal(Object.getOwnPropertyDescriptor(snapshot, 'pypi')?.get, undefined);
  assert.equal(typeof Object.getOwnPropertyDescriptor(snapshot, 'npm')?.get, 'function', 'npm is still unparsed');
  assert.ok(snapshot.stdlib.includes('pickle'));
});

test('top-level members are found around escapes, brackets inside strings and whitespace', () => {
  const text = ' {\n "a\\"b" : "x\\\\",\t"c":{"d":["}", "]", "\\\\\\"{"],"e":{}} ,"f":[1,[2,{"g":null}]],\r\n"h":-1.5e3 , "i":true}\n';
  const members = topLevelValues(text);
  assert.deepEqual([...members.keys()], ['a"b', 'c', 'f', 'h', 'i']);
  const parsed = JSON.parse(text) as Record<string, unknown>;
  for (const [key, raw] of members) assert.deepEqual(JSON.parse(raw), parsed[key], key);
  assert.deepEqual([...topLevelValues('{}')], []);
  for (const bad of ['[1]', '{"a":}', '{"a":"b', '{"a" "b"}']) assert.throws(() => topLevelValues(bad), bad);
});

test('a file that is not a format-1 snapshot is refused when read', () => {
  const folder = mkdtempSync(join(tmpdir(), 'aisec-snapshot-lazy-'));
  try {
    const path = join(folder, 'snapshot.json');
    writeFileSync(path, JSON.stringify({ format: 2, pypi: {}, npm: {} }));
    assert.throws(() => readBundledSnapshot(path), /not an AISec intel snapshot/);
    writeFileSync(path, JSON.stringify({ format: 1, pypi: {} }));
    assert.throws(() => readBundledSnapshot(path), /not an AISec intel snapshot/);
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
});
