/**
 * The conda spec reader replaced a backtracking expression; it must read every spec exactly as that expression
 * did (compared on every short string over the characters that matter), and stay linear on long blanks.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { condaSpecParts } from '../../server/src/engine/manifests/conda-env';

const OLD = /^(?:([\w.-]+)::)?([A-Za-z0-9_][A-Za-z0-9._-]*)\s*(?:[=<>!~ ]\s*(.*))?$/;

function viaExpression(value: string): { channel?: string; name: string; spec?: string } | undefined {
  const m = OLD.exec(value);
  if (!m) return undefined;
  return { ...(m[1] === undefined ? {} : { channel: m[1] }), name: m[2]!, ...(m[3] === undefined ? {} : { spec: m[3] }) };
}

test('conda specs are read as the old expression read them, on every string of up to five characters', () => {
  const alphabet = ['a', '1', '.', ':', ' ', '\t', '\r', '=', '>', '~', '['];
  let compared = 0;
  const visit = (prefix: string): void => {
    assert.deepEqual(condaSpecParts(prefix), viaExpression(prefix), JSON.stringify(prefix));
    compared++;
    if (prefix.length < 5) for (const c of alphabet) visit(prefix + c);
  };
  visit('');
  for (const value of ['pytorch::pytorch=2.1', 'numpy >=1.21', 'numpy 1.21 py39_0', 'pandas==2.0', 'conda-forge::scikit-learn', 'python\t3.11', 'six=']) {
    assert.deepEqual(condaSpecParts(value), viaExpression(value), value);
  }
  assert.ok(compared > 100_000);
});

test('a long run of blanks before a carriage return is read in one pass (no spec, as before)', () => {
  const value = `numpy${' '.repeat(20_000)}x\rpandas`;
  assert.equal(condaSpecParts(value), undefined);
  assert.deepEqual(condaSpecParts(`numpy${' '.repeat(20_000)}>=1`), { name: 'numpy', spec: '=1' });
});
