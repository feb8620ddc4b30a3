/**
 * Walking up from a node with `parent` costs a search down from the root in web-tree-sitter, so a rule that
 * walks to an enclosing function step by step is quadratic in the depth: 50,000 nested parentheses around a
 * `pickle.loads` once took more than three minutes of one file's scan. Rules walk up with `ancestorsUpward`
 * (a few `parent` steps, then one top-down pass). The test counts `parent` calls instead of timing them.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Node } from 'web-tree-sitter';
import { loadEngine } from '../../server/src/host/load-engine';

test('a deeply nested sink is found without walking up its ancestors one parent at a time', async () => {
  const engine = await loadEngine();
  const depth = 20_000;
  const text = 'import pickle\nx = ' + '('.repeat(depth) + 'pickle.loads(b)' + ')'.repeat(depth) + '\n';
  // The engine's own tree-sitter instance (the runtime loads its module afresh), found through a tree it parsed.
  const prototype = Object.getPrototypeOf(engine.parseTree('probe.py', 'x = 1\n')?.rootNode) as object;
  const descriptor = Object.getOwnPropertyDescriptor(prototype, 'parent');
  assert.ok(descriptor?.get, 'web-tree-sitter exposes parent as a getter');
  const get = descriptor.get;
  let calls = 0;
  Object.defineProperty(prototype, 'parent', { ...descriptor, get(this: Node) { calls++; return get.call(this); } });
  try {
    const result = engine.analyze({ path: 'deep.py', text });
    assert.deepEqual(result.findings.map((f) => f.ruleId), ['AIS101']);
    assert.deepEqual(result.notes, []);
  } finally {
    Object.defineProperty(prototype, 'parent', descriptor);
  }
  // Each walk to the root one parent at a time costs `depth` calls, each of them a search from the root.
  assert.ok(calls < depth, `${calls} parent calls for a ${depth}-deep expression`);
});
