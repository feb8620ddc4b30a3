/**
 * The Python scope's binding nodes are found by a query, or in a small tree by a cursor walk that spares a process
 * the query's compile (`python-binding-nodes.ts`): both must yield the same nodes in the same order, on every Python
 * fixture of the rules and on truncated and damaged copies of them (trees with errors).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createEngine } from '../../server/src/engine/index';
import { bindingNodes, SMALL_TREE_NODES, WALK_BUDGET_NODES } from '../../server/src/engine/resolve/python-binding-nodes';
import { engineOptions } from '../../server/src/host/load-engine';
import { ALL_MODULES } from '../../server/src/rules/index';

function pythonFiles(folder: string): string[] {
  return readdirSync(folder, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith('.py'))
    .map((entry) => join(entry.parentPath, entry.name));
}

test('the walk finds the nodes the query finds, in the same order', async () => {
  const engine = await createEngine({ ...engineOptions(ALL_MODULES), languages: ['python'] });
  const files = pythonFiles(join(__dirname, '..', '..', 'server', 'src', 'rules'));
  assert.ok(files.length > 100, `${files.length} fixtures`);
  let texts = 0;
  let nodes = 0;
  for (const file of files) {
    const text = readFileSync(file, 'utf8');
    const variants = [text, text.slice(0, Math.floor(text.length / 2)), text.slice(0, Math.floor(text.length / 3)) + text.slice(Math.floor(text.length / 2)), text.replace(/:\n/g, '\n'), text.replace(/ as /g, ' as (')];
    for (const variant of variants) {
      const tree = engine.parseTree(file, variant);
      assert.ok(tree, file);
      const describe = (how: 'query' | 'walk'): string[] => bindingNodes(tree.rootNode, undefined, how).map(({ name, node }) => `${name} ${node.type} ${node.startIndex}-${node.endIndex}`);
      const walked = describe('walk');
      assert.deepEqual(walked, describe('query'), `${file} (variant ${variants.indexOf(variant)})`);
      texts += 1;
      nodes += walked.length;
      tree.delete();
    }
  }
  assert.ok(nodes > texts, `${nodes} binding nodes in ${texts} texts`);
});

test('a process walks small trees until its walk budget is spent, then queries', async () => {
  const engine = await createEngine({ ...engineOptions(ALL_MODULES), languages: ['python'] });
  const small = 'import pickle\n\n\ndef load(path):\n    return pickle.load(open(path, "rb"))\n';
  const tree = engine.parseTree('small.py', small);
  assert.ok(tree);
  const size = tree.rootNode.descendantCount;
  assert.ok(size <= SMALL_TREE_NODES);
  // Either way the answer is the same; only the budget tells which way ran, and it is per language of a runtime.
  const expected = bindingNodes(tree.rootNode, undefined, 'query').map(({ name, node }) => [name, node.startIndex]);
  for (let spent = 0; spent <= WALK_BUDGET_NODES + size; spent += size) {
    assert.deepEqual(bindingNodes(tree.rootNode).map(({ name, node }) => [name, node.startIndex]), expected);
  }
  tree.delete();
});
