/**
 * The nodes a Python scope is built from: every node that opens a scope or binds a name, in document order
 * (a node before its descendants), each with the name of its kind (`import`, `function`, `assignment`, ...).
 *
 * One `descendantsOfType` walk finds them: it runs in WASM and marshals only the nodes it keeps. It replaced a
 * query of one pattern per type (`(assignment) @assignment`, ...), which yielded the same nodes in the same order
 * (`python-binding-nodes.test.ts` compares them) but cost about half again as much per tree in the query cursor,
 * and about 10 ms of CPU to compile in every process (which is why small trees used to be walked from JavaScript).
 * A file whose checkers need both the scope and the calls gets both from one walk (`bindingNodesAndCalls`): the
 * walk over every node, not the nodes it keeps, is the cost, and two walks were 9% of a corpus scan's CPU.
 */
import type { Node } from 'web-tree-sitter';

/** The kind of each binding or scope node type (named nodes only: `(lambda)` is not the `lambda` keyword). */
export const BINDING_KIND_OF_TYPE: ReadonlyMap<string, string> = new Map([
  ['import_statement', 'import'],
  ['import_from_statement', 'from'],
  ['function_definition', 'function'],
  ['class_definition', 'class'],
  ['lambda', 'lambda'],
  ['assignment', 'assignment'],
  ['augmented_assignment', 'augmented'],
  ['named_expression', 'walrus'],
  ['for_statement', 'for'],
  ['for_in_clause', 'for'],
  ['as_pattern', 'as'],
  ['parameters', 'parameters'],
  ['lambda_parameters', 'parameters'],
  ['except_clause', 'except'],
]);

const BINDING_TYPES = [...BINDING_KIND_OF_TYPE.keys()];
const CALL_TYPE = 'call';
const BINDING_AND_CALL_TYPES = [...BINDING_TYPES, CALL_TYPE];

export interface BindingNode {
  /** The kind of binding or scope. */
  name: string;
  node: Node;
}

/** The binding nodes of the tree under `root`. */
export function bindingNodes(root: Node): BindingNode[] {
  return split(root.descendantsOfType(BINDING_TYPES)).bindings;
}

/** The binding nodes and the calls (`call` nodes, in document order) of the tree under `root`, from one walk. */
export function bindingNodesAndCalls(root: Node): { bindings: BindingNode[]; calls: Node[] } {
  return split(root.descendantsOfType(BINDING_AND_CALL_TYPES));
}

/**
 * Sorts the walk's nodes into calls and binding nodes. The walk matches type names, so it also yields the
 * anonymous `lambda` keyword of each lambda, which is dropped here.
 */
function split(found: readonly (Node | null)[]): { bindings: BindingNode[]; calls: Node[] } {
  const bindings: BindingNode[] = [];
  const calls: Node[] = [];
  for (const node of found) {
    if (!node) continue;
    const type = node.type;
    if (type === CALL_TYPE) {
      calls.push(node);
      continue;
    }
    const name = BINDING_KIND_OF_TYPE.get(type);
    if (name === undefined || (type === 'lambda' && !node.isNamed)) continue;
    bindings.push({ name, node });
  }
  return { bindings, calls };
}
