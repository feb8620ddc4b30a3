/**
 * The hidden-Unicode scanner on its own: each class, the legitimate uses it leaves alone, decoding of tag
 * characters, offsets of astral characters, and one pass over a large text.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { scanHiddenUnicode } from '../../server/src/engine/text/hidden-unicode';

const tags = (s: string): string => [...s].map((c) => String.fromCodePoint(0xe0000 + c.charCodeAt(0))).join('');

test('tag characters are one run with the ASCII text they spell; offsets count UTF-16 units', () => {
  const text = `ok ${tags('run rm -rf /')} done`;
  const runs = scanHiddenUnicode(text);
  assert.equal(runs.length, 1);
  assert.equal(runs[0].kind, 'tag');
  assert.equal(runs[0].decoded, 'run rm -rf /');
  assert.equal(runs[0].start, 3);
  assert.equal(runs[0].end, 3 + 2 * 'run rm -rf /'.length);
});

test('emoji subdivision flags are not hidden text, but a flag-shaped run with other letters is', () => {
  const scotland = `\u{1F3F4}${tags('gbsct')}\u{E007F}`;
  assert.deepEqual(scanHiddenUnicode(`Scotland ${scotland}`), []);
  assert.equal(scanHiddenUnicode(`\u{1F3F4}${tags('IGNORE ALL')}\u{E007F}`).length, 1);
  assert.equal(scanHiddenUnicode(`${tags('gbsct')}\u{E007F}`).length, 1, 'without the black flag it is not a flag');
});

test('bidi controls are found everywhere; marks only on lines without right-to-left letters', () => {
  assert.deepEqual(scanHiddenUnicode('a\u202eb\u202cc').map((r) => r.kind), ['bidi', 'bidi']);
  assert.equal(scanHiddenUnicode('x = 1 \u200f# note').length, 1);
  assert.equal(scanHiddenUnicode('\u05e9\u05dc\u05d5\u05dd \u200fworld').length, 0);
  assert.equal(scanHiddenUnicode('left-to-right \u200e mark').length, 0);
});

test('zero-width characters count inside ASCII words and in long runs, not in emoji, Persian or encoded data', () => {
  const word = scanHiddenUnicode('please ig\u200bnore this');
  assert.equal(word.length, 1);
  assert.equal(word[0].insideWord, true);
  assert.equal(word[0].removableWithoutVisibleChange, true);
  assert.equal(scanHiddenUnicode('Text\u00adwith\u00adsoft').length, 2);
  assert.equal(scanHiddenUnicode('\u{1F468}\u200d\u{1F469}\u200d\u{1F467}').length, 0);
  assert.equal(scanHiddenUnicode('\u0645\u06cc\u200c\u062e\u0648\u0627\u0647\u0645').length, 0);
  assert.equal(scanHiddenUnicode('\u0185n\u00ada@\u00b3').length, 0, 'Latin-1 encoded data around an ASCII pair');
  assert.equal(scanHiddenUnicode('end. \u200b\u200c\u200b\u200d start').length, 1, 'a run of four between words');
  assert.equal(scanHiddenUnicode('\ufeffBOM at the start').length, 0);
  assert.equal(scanHiddenUnicode('a \ufeff b \ufeff\ufeff\ufeff c').length, 1);
  const joiner = scanHiddenUnicode('co\u200dde');
  assert.equal(joiner[0].removableWithoutVisibleChange, false, 'a joiner may change rendering');
});

test('Hangul fillers away from Hangul are found; next to Hangul they are text', () => {
  assert.equal(scanHiddenUnicode('const \u3164 = 1;').length, 1);
  assert.equal(scanHiddenUnicode('\u1100\u1160').length, 0);
});

test('a text of several megabytes with a few hidden characters is scanned in one pass', () => {
  const line = 'const value = compute(input) // ordinary code line\n';
  const text = `${line.repeat(100_000)}x\u202ey\n${line.repeat(100_000)}`;
  const runs = scanHiddenUnicode(text);
  assert.equal(runs.length, 1);
  assert.equal(text.slice(runs[0].start, runs[0].end), '\u202e');
});

test('the jump to the next candidate character stops at hidden characters anywhere: first, last, after other non-ASCII text, back to back', () => {
  // Characters at or above U+00AD that are not hidden (é, CJK, an emoji's surrogates) are passed over one by one;
  // each hidden character after them, at the text's edges or right after another run, is still found where it is.
  const text = '\u202eab \u00e9\u4e2d\u{1f600} c\u200bd \u202d\u202c';
  const runs = scanHiddenUnicode(text).map((run) => [run.kind, run.start, run.end]);
  assert.deepEqual(runs, [
    ['bidi', 0, 1],
    ['zero-width', 10, 11],
    ['bidi', 13, 15],
  ]);
  assert.deepEqual(scanHiddenUnicode('x\u00adx'.padStart(5000, 'x')).map((run) => [run.kind, run.start, run.end]), [['zero-width', 4998, 4999]]);
});
