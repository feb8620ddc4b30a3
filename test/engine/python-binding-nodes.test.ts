/**
 * The Python scope's binding nodes come from one `descendantsOfType` walk (`python-binding-nodes.ts`), which
 * replaced a query of one pattern per type: the walk must yield the nodes that query yields, in the same order,
 * and the walk shared with the calls must yield what the separate walks yield, on every Python fixture of the
 * rules and on truncated and damaged copies of them (trees with errors).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Node } from 'web-tree-sitter';
import { createEngine } from '../../server/src/engine/index';
import { compileQuery } from '../../server/src/engine/parsing/runtime';
import { BINDING_KIND_OF_TYPE, bindingNodes, bindingNodesAndCalls, type BindingNode } from '../../server/src/engine/resolve/python-binding-nodes';
import { engineOptions } from '../../server/src/host/load-engine';
import { ALL_MODULES } from '../../server/src/rules/index';

function pythonFiles(folder: string): string[] {
  return readdirSync(folder, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith('.py'))
    .map((entry) => join(entry.parentPath, entry.name));
}

/** The query the walk replaced: one childless pattern per type, captured with its kind (it matches named nodes only). */
const BINDINGS_QUERY = [...BINDING_KIND_OF_TYPE].map(([type, kind]) => `(${type}) @${kind}`).join('\n');

const describe = (found: readonly BindingNode[]): string[] => found.map(({ name, node }) => `${name} ${node.type} ${node.startIndex}-${node.endIndex}`);
const spans = (nodes: readonly (Node | null)[]): string[] => nodes.map((node) => `${node?.type} ${node?.startIndex}-${node?.endIndex}`);

test('the walk finds the nodes the bindings query finds, in the same order, and the shared walk finds the calls too', async () => {
  const engine = await createEngine({ ...engineOptions(ALL_MODULES), languages: ['python'] });
  const files = pythonFiles(join(__dirname, '..', '..', 'server', 'src', 'rules'));
  assert.ok(files.length > 100, `${files.length} fixtures`);
  let texts = 0;
  let nodes = 0;
  let lambdas = 0;
  for (const file of files) {
    const text = readFileSync(file, 'utf8');
    const variants = [text, text.slice(0, Math.floor(text.length / 2)), text.slice(0, Math.floor(text.length / 3)) + text.slice(Math.floor(text.length / 2)), text.replace(/:\n/g, '\n'), text.replace(/ as /g, ' as (')];
    for (const variant of variants) {
      const tree = engine.parseTree(file, variant);
      assert.ok(tree, file);
      const where = `${file} (variant ${variants.indexOf(variant)})`;
      const query = compileQuery(tree.language, BINDINGS_QUERY);
      const queried = query.matches(tree.rootNode).map((match) => ({ name: match.captures[0]!.name, node: match.captures[0]!.node }));
      const walked = describe(bindingNodes(tree.rootNode));
      assert.deepEqual(walked, describe(queried), where);
      const shared = bindingNodesAndCalls(tree.rootNode);
      assert.deepEqual(describe(shared.bindings), walked, where);
      assert.deepEqual(spans(shared.calls), spans(tree.rootNode.descendantsOfType('call')), where);
      texts += 1;
      nodes += walked.length;
      lambdas += walked.filter((line) => line.startsWith('lambda ')).length;
      tree.delete();
    }
  }
  assert.ok(nodes > texts, `${nodes} binding nodes in ${texts} texts`);
  // The walk matches type names, so the `lambda` keyword is a candidate too: the fixtures must hold lambdas for the comparison to cover it.
  assert.ok(lambdas > 0, `${lambdas} lambdas`);
});
