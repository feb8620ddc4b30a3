import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadEngine } from '../../server/src/host/load-engine';
import { TextIndex } from '../../server/src/engine/index';

test('incremental edits re-parse against the old tree and give the same findings as a fresh analysis', async () => {
  const engine = await loadEngine();
  const lines = ['import pickle', ...Array.from({ length: 5000 }, (_, i) => `value_${i} = compute(${i})`)];
  const doc = engine.openDocument('/w/big.py', lines.join('\n') + '\n');
  assert.equal(engine.analyzeDocument(doc).findings.length, 0);
  // Type a vulnerable call one character at a time at the end of line 2500.
  const insert = '\nx = pickle.loads(blob)';
  let column = lines[2500].length;
  for (const ch of insert) {
    const position = ch === '\n' ? { line: 2500, column } : { line: 2501, column };
    doc.applyChanges([{ range: { start: position, end: position }, text: ch }]);
    column = ch === '\n' ? 0 : column + 1;
    engine.analyzeDocument(doc);
  }
  const incremental = engine.analyzeDocument(doc);
  const fresh = engine.analyze({ path: '/w/big.py', text: doc.text });
  assert.deepEqual(incremental.findings, fresh.findings);
  assert.equal(incremental.findings.length, 1);
  assert.equal(incremental.findings[0].range.start.line, 2501);
  // Deleting the line removes the finding.
  doc.applyChanges([{ range: { start: { line: 2500, column: lines[2500].length }, end: { line: 2501, column: insert.length - 1 } }, text: '' }]);
  assert.equal(engine.analyzeDocument(doc).findings.length, 0);
  doc.dispose();
});

test('the line index follows edits without re-reading the text (LF, CRLF, CR and breaks made or split by the edit)', () => {
  let seed = 7;
  const rnd = (): number => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
  const pieces = ['a', 'bc', '\n', '\r\n', '\r', ' ', 'xyz\n'];
  let text = 'first line\r\nsecond\rthird\n\nlast';
  let index = new TextIndex(text);
  for (let step = 0; step < 3000; step++) {
    const start = Math.floor(rnd() * (text.length + 1));
    const end = Math.min(text.length, start + Math.floor(rnd() * 4));
    const inserted = Array.from({ length: Math.floor(rnd() * 3) }, () => pieces[Math.floor(rnd() * pieces.length)]).join('');
    const next = text.slice(0, start) + inserted + text.slice(end);
    index = index.edited(next, start, end, inserted);
    text = next;
    const fresh = new TextIndex(text);
    assert.equal(index.lineCount, fresh.lineCount, `step ${step}: ${JSON.stringify(text)}`);
    for (let line = 0; line < fresh.lineCount; line++) assert.equal(index.lineStart(line), fresh.lineStart(line), `step ${step} line ${line}: ${JSON.stringify(text)}`);
  }
});
