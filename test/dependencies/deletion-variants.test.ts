/**
 * The hashed one-deletion table of the look-alike indexes (deletion-variants.ts): the hashes computed in place
 * are those of the deleted strings, one per distinct string, and a lookup finds every name sharing a variant.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { addVariants, deletionsOf, fnv1a, forEachIdWithVariant, isVariantOf, variantHashes } from '../../server/src/rules/dependencies/shared/deletion-variants';

const NAMES = ['requests', 'numpy', 'aabbcc', 'mississippi', 'a', '', 'lodash.merge', '@types/node', 'zzzz', 'python-dateutil'];

test('the variant hashes are the hashes of the name and of its distinct deletions, each once', () => {
  for (const name of NAMES) {
    const expected = [...new Set([name, ...deletionsOf(name)])].map(fnv1a).sort();
    assert.deepEqual([...variantHashes(name)].sort(), expected, name);
  }
});

test('a variant is the name itself or the name with one character deleted', () => {
  for (const name of NAMES) {
    for (const variant of [name, ...deletionsOf(name)]) assert.equal(isVariantOf(variant, name), true, `${variant} of ${name}`);
  }
  assert.equal(isVariantOf('reqests', 'requests'), true);
  assert.equal(isVariantOf('requsets', 'requests'), false);
  assert.equal(isVariantOf('requestss', 'requests'), false);
  assert.equal(isVariantOf('rquestz', 'requests'), false);
  assert.equal(isVariantOf('', 'a'), true);
});

test('a lookup finds the ids of every name one of whose variants the query is, in ascending order', () => {
  const entries: number[] = [];
  NAMES.forEach((name, id) => addVariants(entries, name, id, 4));
  const table = Float64Array.from(entries).sort();
  for (const query of ['reqests', 'requests', 'mssissippi', 'aabcc', 'lodashmerge', 'unrelated']) {
    const found: number[] = [];
    forEachIdWithVariant(table, 4, query, (id) => {
      if (isVariantOf(query, NAMES[id]!)) found.push(id);
    });
    const expected = NAMES.flatMap((name, id) => ([name, ...deletionsOf(name)].includes(query) ? [id] : []));
    assert.deepEqual(found, expected, query);
  }
});
