/**
 * LICENSE and COPYING files are recognised from their text (issue 19): the licence texts as distributed
 * (the GNU, Mozilla, Apache and CC0 texts from Debian's common-licenses, and LICENSE files of npm packages),
 * including the GNU texts that quote each other's names, a file holding two licences offered as
 * alternatives, and texts with notices appended.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { identifyLicenceText } from '../../server/src/rules/shared/inventory/licence-text';

const text = (name: string): string => readFileSync(join(__dirname, 'texts', name), 'utf8');

const EXPECTED: [string, string][] = [
  // The GPL names the Affero and Lesser GPL; the MPL names all three: only the title with its date decides.
  ['GPL-3.txt', 'GPL-3.0-only'],
  ['GPL-2.txt', 'GPL-2.0-only'],
  ['LGPL-3.txt', 'LGPL-3.0-only'],
  ['LGPL-2.1.txt', 'LGPL-2.1-only'],
  ['LGPL-2.txt', 'LGPL-2.0-only'],
  ['MPL-2.0.txt', 'MPL-2.0'],
  ['Apache-2.0.txt', 'Apache-2.0'],
  ['CC0-1.0.txt', 'CC0-1.0'],
  ['MIT-acorn.txt', 'MIT'],
  ['ISC-wrappy.txt', 'ISC'],
  ['0BSD-tslib.txt', '0BSD'],
  ['BSD-2-Clause-boundary.txt', 'BSD-2-Clause'],
  ['BSD-2-Clause-css-select.txt', 'BSD-2-Clause'],
  ['BSD-3-Clause-buffer-equal-constant-time.txt', 'BSD-3-Clause'],
  // The Python licence's history names the GPL.
  ['Python-2.0-argparse.txt', 'Python-2.0'],
  ['MIT-OR-GPL-3.0-jszip.md', 'MIT OR GPL-3.0-only'],
];

for (const [file, id] of EXPECTED) {
  test(`${file} is ${id}`, () => assert.equal(identifyLicenceText(text(file)), id));
}

test('notices of bundled code after the licence do not change it; a text of no licence is unknown', () => {
  assert.equal(identifyLicenceText(`${text('Apache-2.0.txt')}\n\nThird-party notices\n\n${text('MIT-acorn.txt')}`), 'Apache-2.0');
  assert.equal(identifyLicenceText(`Copyright 2024 Example Ltd.\n\n${text('GPL-3.txt')}`), 'GPL-3.0-only');
  assert.equal(identifyLicenceText('All rights reserved. Do not copy.'), undefined);
  // Markdown headings and curly quotes are read through.
  assert.equal(identifyLicenceText('# Mozilla Public License Version 2.0\n\n## 1. Definitions'), 'MPL-2.0');
});
