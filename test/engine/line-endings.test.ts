/**
 * Old Mac line endings (a lone CR): Python and JavaScript treat a lone CR as the end of a line, and so do
 * positions (`TextIndex`, LSP). The parser sees each lone CR as LF (offsets unchanged), so CR-only Python parses
 * without syntax errors and findings sit on the right line in every kind of line ending, also after edits in an
 * open document that split or join a CRLF.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadEngine } from '../../server/src/host/load-engine';

const PYTHON = ['import pickle', '', 'def load(b):', '    return pickle.loads(b)', ''];
const JS = ['const x = 1;', 'eval(userInput);', ''];

test('Python and JavaScript with CR, LF and CRLF line endings give the same findings at the same positions, without syntax errors', async () => {
  const engine = await loadEngine();
  for (const eol of ['\n', '\r\n', '\r']) {
    const py = engine.analyze({ path: 'a.py', text: PYTHON.join(eol) });
    assert.deepEqual(py.notes, [], JSON.stringify(eol));
    assert.deepEqual(py.findings.map((f) => [f.ruleId, f.range.start.line, f.range.start.column]), [['AIS101', 3, 11]], JSON.stringify(eol));
    const js = engine.analyze({ path: 'a.js', text: JS.join(eol) });
    assert.deepEqual(js.findings.map((f) => [f.ruleId, f.range.start.line, f.range.start.column]), [['AIS240', 1, 0]], JSON.stringify(eol));
    assert.equal(engine.parsesCleanly('a.py', PYTHON.join(eol)), true);
  }
});

test('an open document whose edits turn a lone CR into a CRLF and back matches a fresh analysis', async () => {
  const engine = await loadEngine();
  const text = PYTHON.join('\r');
  const document = engine.openDocument('a.py', text);
  engine.analyzeDocument(document);
  // An LF typed right after the lone CR that ends the first line: the CR before the edit becomes half of a CRLF.
  document.applyChanges([{ range: { start: { line: 1, column: 0 }, end: { line: 1, column: 0 } }, text: '\n' }]);
  assert.equal(document.text, `import pickle\r\n${text.slice(14)}`);
  const joined = engine.analyzeDocument(document);
  assert.deepEqual(joined, engine.analyze({ path: 'a.py', text: document.text }));
  assert.deepEqual(joined.notes, []);
  // And back: the CRLF replaced by a lone CR.
  document.applyChanges([{ range: { start: { line: 0, column: 13 }, end: { line: 1, column: 0 } }, text: '\r' }]);
  assert.equal(document.text, text);
  const split = engine.analyzeDocument(document);
  assert.deepEqual(split, engine.analyze({ path: 'a.py', text }));
  assert.deepEqual(split.findings.map((f) => [f.ruleId, f.range.start.line]), [['AIS101', 3]]);
  document.dispose();
});
