/**
 * A file with more findings than `maxFindingsPerFile` keeps the first ones and says how many there were; a file
 * with 130,000 findings and a cap above that keeps them all (no spread of an unbounded list into a call, which
 * overflows the stack past about 100,000 elements).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DEFAULT_CONFIG, DEFAULT_MAX_FINDINGS_PER_FILE } from '../../server/src/engine/index';
import { loadEngine } from '../../server/src/host/load-engine';

const MANY = 'eval(x)\n'.repeat(130_000);

test('more findings than maxFindingsPerFile: the first ones are kept, with a note saying how many there were', async () => {
  const engine = await loadEngine();
  const r = engine.analyze({ path: 'many.py', text: 'eval(x)\n'.repeat(12_000), config: { ...DEFAULT_CONFIG, maxFindingsPerFile: 1000 } });
  assert.equal(r.findings.length, 1000);
  assert.equal(r.findings[0]?.range.start.line, 0);
  assert.deepEqual(r.notes, [{ kind: 'incomplete', message: 'only the first 1000 of 12000 findings of this file are reported (maxFindingsPerFile)' }]);
  assert.equal(DEFAULT_CONFIG.maxFindingsPerFile, DEFAULT_MAX_FINDINGS_PER_FILE);
});

test('130,000 findings in one file with the cap raised: all of them, no stack overflow', async () => {
  const engine = await loadEngine();
  const r = engine.analyze({ path: 'many.py', text: MANY, config: { ...DEFAULT_CONFIG, maxFindingsPerFile: 200_000 } });
  assert.equal(r.findings.length, 130_000);
  assert.deepEqual(r.notes, []);
});
