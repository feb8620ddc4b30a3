/**
 * The secrets scanner's anchor walk (`forEachAnchor`) filters positions through bigram, third- and fourth-character
 * tables before it compares anchors. These tests hold it to the plain definition: at each position the longest anchor
 * that starts there (in its exact case, or in any ASCII case for case-insensitive ones), then the position after it.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ANCHORS, forEachAnchor } from '../../server/src/rules/secrets/scanner';
import { rng } from './keygen';

const SECRETS_DIR = join(__dirname, '..', '..', 'server', 'src', 'rules', 'secrets');

/** ASCII lower case only, as the walk folds: a character outside ASCII never equals an anchor's. */
function lowerAscii(c: number): number {
  return c >= 65 && c <= 90 ? c + 32 : c;
}

function matchesAt(text: string, at: number, anchor: { key: string; exact: string | undefined }): boolean {
  if (at + anchor.key.length > text.length) return false;
  if (anchor.exact !== undefined) return text.startsWith(anchor.exact, at);
  for (let k = 0; k < anchor.key.length; k++) {
    const c = text.charCodeAt(at + k);
    if (c >= 128 || lowerAscii(c) !== anchor.key.charCodeAt(k)) return false;
  }
  return true;
}

/** The definition, one position at a time. */
function referenceAnchors(text: string): [string, number][] {
  const found: [string, number][] = [];
  for (let i = 0; i + 1 < text.length; i++) {
    let longest: string | undefined;
    for (const anchor of ANCHORS) if (matchesAt(text, i, anchor) && (longest === undefined || anchor.key.length > longest.length)) longest = anchor.key;
    if (longest === undefined) continue;
    found.push([longest, i]);
    i += longest.length - 1;
  }
  return found;
}

function walkedAnchors(text: string): [string, number][] {
  const found: [string, number][] = [];
  forEachAnchor(text, (anchor, at) => found.push([anchor, at]));
  return found;
}

test('the anchor walk finds what the definition finds in the fixture templates and the rules’ own source', () => {
  const dirs = [join(SECRETS_DIR, 'fixture-templates'), SECRETS_DIR];
  let files = 0;
  let anchors = 0;
  for (const dir of dirs) {
    for (const name of readdirSync(dir, { withFileTypes: true })) {
      if (!name.isFile()) continue;
      const text = readFileSync(join(dir, name.name), 'utf8');
      const expected = referenceAnchors(text);
      assert.deepEqual(walkedAnchors(text), expected, name.name);
      files += 1;
      anchors += expected.length;
    }
  }
  assert.ok(files > 50 && anchors > 1000, `read ${files} files with ${anchors} anchors`);
});

test('the anchor walk finds what the definition finds in random text made of anchor pieces', () => {
  const random = rng(17);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
  // Pieces of anchors in mixed case, so that the bigram, third- and fourth-character tables pass and fail near each
  // other; characters outside ASCII that fold onto anchor characters (`& 127`) or lower-case to one in Unicode (the
  // Kelvin sign to `k`); and the text's ends, where the third and fourth characters are read as 0.
  const noise = ['\u212a', '\u0130', '\u00e9', '\u0000', '\u01eb', '\u0165', ' ', '\n', '"', "'", '=', ':', '-', '_', '.', 'x', 'Z', '9'];
  for (let round = 0; round < 3000; round++) {
    let text = '';
    const parts = 1 + Math.floor(random() * 12);
    for (let p = 0; p < parts; p++) {
      if (random() < 0.6) {
        const anchor = pick(ANCHORS);
        const spelled = anchor.exact ?? [...anchor.key].map((ch) => (random() < 0.5 ? ch.toUpperCase() : ch)).join('');
        const cut = random() < 0.5 ? spelled.length : 1 + Math.floor(random() * spelled.length);
        text += spelled.slice(0, cut);
      } else {
        text += pick(noise);
      }
    }
    assert.deepEqual(walkedAnchors(text), referenceAnchors(text), JSON.stringify(text));
  }
});
