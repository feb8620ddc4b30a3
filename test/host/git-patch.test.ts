/**
 * The zero-context patch reader behind `--diff-base` and `--history`: added line spans from hunk headers, new
 * paths (plain, with spaces, C-quoted), blobs and modes, and hunk bodies that look like headers.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { filesWithAddedLines, touchesSpans, WHOLE_FILE } from '../../server/src/host/git-patch';

const BLOB = 'a'.repeat(40);
const NEW = 'b'.repeat(40);

test('added spans come from the new side of each hunk header; a deletion-only hunk adds nothing', () => {
  const patch = [
    'diff --git a/app.py b/app.py',
    `index ${BLOB}..${NEW} 100644`,
    '--- a/app.py',
    '+++ b/app.py',
    '@@ -2 +2,2 @@ def f():',
    '-x',
    '+y',
    '+z',
    '@@ -9,3 +10,0 @@',
    '-gone',
    '-gone',
    '-gone',
    '@@ -20 +19 @@',
    '-old',
    '+new',
    'diff --git a/deleted.py b/deleted.py',
    'deleted file mode 100644',
    `index ${BLOB}..${'0'.repeat(40)}`,
    '--- a/deleted.py',
    '+++ /dev/null',
    '@@ -1 +0,0 @@',
    '-bye',
  ].join('\n');
  assert.deepEqual(filesWithAddedLines(patch), [{ path: 'app.py', blob: NEW, mode: '100644', added: [{ first: 2, last: 3 }, { first: 19, last: 19 }] }]);
});

test('paths with spaces, quotes and non-ASCII bytes; body lines that look like headers are content', () => {
  const patch = [
    'diff --git a/my file.env b/my file.env',
    'new file mode 100755',
    `index ${'0'.repeat(40)}..${NEW}`,
    '--- /dev/null',
    '+++ b/my file.env\t',
    '@@ -0,0 +1,3 @@',
    '++++ b/not-a-header.py',
    '+diff --git a/x b/x',
    '+@@ -1 +1,100 @@',
    'diff --git "a/we\\"ird\\303\\251.py" "b/we\\"ird\\303\\251.py"',
    `index ${BLOB}..${NEW} 100644`,
    '--- "a/we\\"ird\\303\\251.py"',
    '+++ "b/we\\"ird\\303\\251.py"',
    '@@ -1 +1 @@',
    '-a',
    '+b',
  ].join('\n');
  const files = filesWithAddedLines(patch);
  assert.deepEqual(files.map((f) => [f.path, f.mode, f.added]), [
    ['my file.env', '100755', [{ first: 1, last: 3 }]],
    ['we"irdé.py', '100644', [{ first: 1, last: 1 }]],
  ]);
});

test('touchesSpans finds any overlap of an inclusive line range', () => {
  const spans = [{ first: 2, last: 3 }, { first: 10, last: 10 }, { first: 20, last: 25 }];
  assert.equal(touchesSpans(spans, 1, 1), false);
  assert.equal(touchesSpans(spans, 1, 2), true);
  assert.equal(touchesSpans(spans, 4, 9), false);
  assert.equal(touchesSpans(spans, 9, 11), true);
  assert.equal(touchesSpans(spans, 25, 30), true);
  assert.equal(touchesSpans(spans, 26, 30), false);
  assert.equal(touchesSpans([], 1, 100), false);
});

test("a merge commit's dense combined diff: only lines from no parent are added; removed lines and one parent's lines are not", () => {
  const OTHER = 'c'.repeat(40);
  const patch = [
    'diff --cc settings.py',
    `index ${BLOB},${OTHER}..${NEW}`,
    '--- a/settings.py',
    '+++ b/settings.py',
    '@@@ -3,1 -3,2 +3,4 @@@',
    '- TIMEOUT = 20',
    ' -TIMEOUT = 30',
    '++TIMEOUT = 25',
    '++OPENAI_API_KEY = "..."',
    ' +SLACK_TOKEN = "..."',
    '+ FROM_FIRST = 1',
    '@@@ -9,0 -10,0 +11,1 @@@',
    '++@@@ -1 +1 @@@ looks like a header but is a line',
    'diff --cc three.py',
    `index ${BLOB},${OTHER},${BLOB}..${NEW}`,
    '--- a/three.py',
    '+++ b/three.py',
    '@@@@ -1,0 -1,0 -1,0 +1,2 @@@@',
    '+++x = 1',
    '++ y = 2',
  ].join('\n');
  assert.deepEqual(filesWithAddedLines(patch), [
    { path: 'settings.py', blob: NEW, added: [{ first: 3, last: 4 }, { first: 11, last: 11 }] },
    { path: 'three.py', blob: NEW, added: [{ first: 1, last: 1 }] },
  ]);
});

test('an added or changed binary file gains all of its lines; a deleted one is left out', () => {
  const patch = [
    'diff --git a/app/release.jks b/app/release.jks',
    'new file mode 100644',
    'index 0000000000000000000000000000000000000000..4b825dc642cb6eb9a060e54bf8d69288fbee4904',
    'Binary files /dev/null and b/app/release.jks differ',
    'diff --git "a/certs/caf\\303\\251.p12" "b/certs/caf\\303\\251.p12"',
    'index 1111111111111111111111111111111111111111..2222222222222222222222222222222222222222 100644',
    'Binary files "a/certs/caf\\303\\251.p12" and "b/certs/caf\\303\\251.p12" differ',
    'diff --git a/old.keystore b/old.keystore',
    'deleted file mode 100644',
    'index 3333333333333333333333333333333333333333..0000000000000000000000000000000000000000',
    'Binary files a/old.keystore and /dev/null differ',
    '',
  ].join('\n');
  assert.deepEqual(filesWithAddedLines(patch), [
    { path: 'app/release.jks', blob: '4b825dc642cb6eb9a060e54bf8d69288fbee4904', mode: '100644', added: [WHOLE_FILE] },
    { path: 'certs/café.p12', blob: '2222222222222222222222222222222222222222', mode: '100644', added: [WHOLE_FILE] },
  ]);
});
