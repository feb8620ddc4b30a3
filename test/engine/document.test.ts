import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadEngine } from '../../server/src/host/load-engine';

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
