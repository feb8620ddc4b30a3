/**
 * Source decoding and encoding: every byte of a Latin-1 or CP1252 file and every UTF-8 file with or
 * without a byte-order mark comes back unchanged; PEP 263 cookies are found where CPython finds them; bytes
 * and characters an encoding cannot hold are reported, never replaced.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decodeSource, encodeSource } from '../../server/src/host/source-encoding';

const ascii = (text: string): Buffer => Buffer.from(text, 'latin1');
const everyByte = Buffer.from(Array.from({ length: 256 }, (_, i) => i).filter((b) => b !== 0));

function roundTrip(bytes: Buffer, kind: 'python' | 'javascript' = 'python'): ReturnType<typeof decodeSource> {
  const decoded = decodeSource(bytes, kind);
  assert.ok(decoded.encoding, `not decodable: ${decoded.problem}`);
  assert.deepEqual(Buffer.from(encodeSource(decoded.text, decoded.encoding)!), bytes);
  return decoded;
}

test('Latin-1 declared by a cookie: all 255 non-NUL bytes round-trip, 0x80-0x9F as the C1 controls', () => {
  const decoded = roundTrip(Buffer.concat([ascii('# -*- coding: latin-1 -*-\n'), everyByte]));
  assert.equal(decoded.encoding?.charset, 'latin-1');
  assert.ok(decoded.text.includes('\u0080') && decoded.text.includes('\u00e9\u00ea') && decoded.text.endsWith('\u00ff'));
  for (const name of ['iso-8859-1', 'ISO_8859_1', 'latin1', 'l1', 'iso-latin-1-unix', 'cp819']) {
    assert.equal(decodeSource(ascii(`# coding=${name}\nx = "\u00e9"\n`), 'python').encoding?.charset, 'latin-1', name);
  }
});

test('CP1252: its 27 extra characters round-trip; the five bytes Python leaves undefined are refused', () => {
  const defined = Buffer.from([...everyByte].filter((b) => ![0x81, 0x8d, 0x8f, 0x90, 0x9d].includes(b)));
  const decoded = roundTrip(Buffer.concat([ascii('# coding: cp1252\n'), defined]));
  assert.ok(decoded.text.includes('\u20ac') && decoded.text.includes('\u201c') && decoded.text.includes('\u0178'));
  for (const byte of [0x81, 0x8d, 0x8f, 0x90, 0x9d]) {
    const result = decodeSource(Buffer.concat([ascii('# coding: windows-1252\n'), Buffer.from([byte])]), 'python');
    assert.equal(result.encoding, undefined);
    assert.match(result.problem ?? '', /is not valid windows-1252/);
  }
  assert.equal(encodeSource('\u0081', { charset: 'cp1252', bom: false }), undefined);
});

test('UTF-8 with and without a byte-order mark; invalid UTF-8 and unsupported cookies are reported', () => {
  const withBom = roundTrip(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('x = "\u00e9\u20ac\ud83d\ude00"\n')]), 'javascript');
  assert.deepEqual(withBom.encoding, { charset: 'utf-8', bom: true });
  assert.equal(withBom.text, 'x = "\u00e9\u20ac\ud83d\ude00"\n', 'the mark is not part of the text');
  // A byte-order mark wins over a cookie, as in CPython.
  assert.equal(decodeSource(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), ascii('# coding: latin-1\n')]), 'python').encoding?.charset, 'utf-8');
  assert.match(decodeSource(ascii('x = "\u00e9"\n'), 'python').problem ?? '', /^is not valid UTF-8$/);
  const sjis = decodeSource(Buffer.concat([ascii('# coding: shift_jis\n'), Buffer.from([0x93, 0xfa])]), 'python');
  assert.equal(sjis.encoding, undefined);
  assert.match(sjis.problem ?? '', /declares the encoding "shift_jis"/);
  assert.equal(sjis.text.startsWith('# coding: shift_jis\n'), true, 'the text is still analysed');
});

test('the cookie counts on the first line, or the second after a comment line, and only in Python', () => {
  assert.equal(decodeSource(ascii('#!/usr/bin/python\n# coding: latin-1\nx = "\u00e9"\n'), 'python').encoding?.charset, 'latin-1');
  assert.equal(decodeSource(ascii('\n# coding: latin-1\nx = "\u00e9"\n'), 'python').encoding?.charset, 'latin-1');
  assert.equal(decodeSource(ascii('import os\n# coding: latin-1\nx = "\u00e9"\n'), 'python').encoding, undefined, 'after code the cookie is a comment');
  assert.equal(decodeSource(ascii('#\n#\n# coding: latin-1\nx = "\u00e9"\n'), 'python').encoding, undefined, 'the third line is too late');
  assert.equal(decodeSource(ascii('// coding: latin-1\nx = "\u00e9"\n'), 'javascript').encoding, undefined);
  assert.equal(decodeSource(ascii('# coding: ascii\nx = 1\n'), 'python').encoding?.charset, 'ascii');
  assert.equal(decodeSource(ascii('# coding: ascii\nx = "\u00e9"\n'), 'python').encoding, undefined);
});

test('a character the file encoding cannot hold is reported, not replaced', () => {
  assert.equal(encodeSource('x = "\u20ac"', { charset: 'latin-1', bom: false }), undefined);
  assert.equal(encodeSource('x = "\u00e9"', { charset: 'ascii', bom: false }), undefined);
  assert.deepEqual([...encodeSource('\u20ac', { charset: 'cp1252', bom: false })!], [0x80]);
});
