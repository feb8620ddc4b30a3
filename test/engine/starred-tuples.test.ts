/**
 * Valid Python is never reported as a syntax error: tree-sitter-python 0.25.0 rejects starred items that
 * are not names in tuples without parentheses (`return state, *[x for x in y]`), so the parser reads them
 * as unary operators (see engine/parsing/starred-tuples.ts). Real syntax errors stay errors.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadEngine } from '../../server/src/host/load-engine';
import { SYNTAX_ERROR_NOTE } from '../../server/src/engine/analyzer';

const VALID = [
  'def f(state, y):\n    return state, *[x for x in y]\n',
  'def g(a):\n    yield a, *(b for b in a)\n',
  'x = s, *{1, 2}, *"ab", *(a,), *-b\n',
  'for v in a, *[c]:\n    pass\n',
  'x = *[1], s\n',
  'f(a, *[1, 2])\nx = [a, *[1]]\ny = a * [1]\n',
];

test('starred tuple items the grammar lacks parse cleanly', async () => {
  const engine = await loadEngine();
  for (const text of VALID) assert.equal(engine.parsesCleanly('/tmp/t.py', text), true, JSON.stringify(text));
});

test('real syntax errors are still errors', async () => {
  const engine = await loadEngine();
  for (const text of ['x = , *[1]\n', 'return state, *[x for x in\n', 'def f(:\n    return a, *[1]\n']) {
    assert.equal(engine.parsesCleanly('/tmp/t.py', text), false, JSON.stringify(text));
  }
});

test('a file with such a tuple gets no syntax-error note, and its findings keep their positions', async () => {
  const engine = await loadEngine();
  const text = 'import pickle\n\ndef load(state, blobs):\n    return state, *[pickle.loads(b) for b in blobs]\n';
  const result = engine.analyze({ path: '/tmp/t.py', text });
  assert.ok(!result.notes.some((n) => n.message === SYNTAX_ERROR_NOTE), JSON.stringify(result.notes));
  const finding = result.findings.find((f) => f.ruleId === 'AIS101');
  assert.ok(finding);
  assert.deepEqual(finding.range.start, { line: 3, column: 20 });
});
