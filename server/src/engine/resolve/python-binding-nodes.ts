/**
 * The nodes a Python scope is built from: every node that opens a scope or binds a name, in document order
 * (a node before its descendants), each with the name of its kind (`import`, `function`, `assignment`, ...).
 *
 * One query finds them (`BINDINGS_QUERY`): running it in WASM and marshalling only the matches is several times
 * faster than walking every node from JavaScript (measured on scikit-learn). Compiling it costs about 10 ms of CPU
 * at its first use in every process, though, whatever the query holds (tree-sitter analyses every parse state of
 * the grammar), which was the largest part of the first Python file's scope in a one-file scan. So until a process
 * has walked `WALK_BUDGET_NODES` nodes, a tree of at most `SMALL_TREE_NODES` nodes is walked with a cursor instead
 * and the query is never compiled; the walk yields the same nodes in the same order (a query of patterns without
 * children matches each node as the cursor enters it), which `python-binding-nodes.test.ts` compares.
 */
import type { Language, Node } from 'web-tree-sitter';
import { compileQuery } from '../parsing/runtime';

/**
 * The patterns name no child: compiling a child constraint (`name: (identifier)`, `left: (_)`) made the query
 * cost about 38 ms at its first use in every process, and the last one left (`alias: (as_pattern_target)`) still
 * half of the remaining 20 ms; the scope reads each child from its field instead, with the same test.
 */
export const BINDINGS_QUERY = `
(import_statement) @import
(import_from_statement) @from
(function_definition) @function
(class_definition) @class
(lambda) @lambda
(assignment) @assignment
(augmented_assignment) @augmented
(named_expression) @walrus
(for_statement) @for
(for_in_clause) @for
(as_pattern) @as
(parameters) @parameters
(lambda_parameters) @parameters
(except_clause) @except
`;

/** The capture of each node type of the query (named nodes only: `(lambda)` is not the `lambda` keyword). */
const CAPTURE_OF_TYPE: ReadonlyMap<string, string> = new Map(
  BINDINGS_QUERY.trim()
    .split('\n')
    .map((line) => /^\((\w+)\) @(\w+)$/.exec(line.trim()))
    .filter((match): match is RegExpExecArray => match !== null)
    .map((match) => [match[1]!, match[2]!] as const),
);

/** A tree this small is walked while the query is not compiled (a file of a few hundred lines). */
export const SMALL_TREE_NODES = 4_000;
/** After walking this many nodes a process compiles the query: a scan of many small files soon pays for it. */
export const WALK_BUDGET_NODES = 20_000;

/** The nodes each runtime's language has walked so far (weak: a dropped runtime's languages go with it). */
const walkedNodes = new WeakMap<Language, number>();

export interface BindingNode {
  /** The query's capture name: the kind of binding or scope. */
  name: string;
  node: Node;
}

/**
 * The binding nodes of the tree under `root`. `shouldStop` is polled while the query runs (one query over a deeply
 * nested error tree can run for seconds); a walk only ever covers a small tree. `how` forces one of the two ways
 * (tests compare them).
 */
export function bindingNodes(root: Node, shouldStop?: () => boolean, how?: 'query' | 'walk'): BindingNode[] {
  const language = root.tree.language;
  const walked = walkedNodes.get(language) ?? 0;
  const size = how === undefined ? root.descendantCount : 0;
  if (how === 'walk' || (how === undefined && size <= SMALL_TREE_NODES && walked + size <= WALK_BUDGET_NODES)) {
    if (how === undefined) walkedNodes.set(language, walked + size);
    return walk(root);
  }
  const found: BindingNode[] = [];
  for (const match of compileQuery(language, BINDINGS_QUERY).matches(root, shouldStop ? { progressCallback: () => shouldStop() } : undefined)) {
    const capture = match.captures[0];
    if (capture) found.push({ name: capture.name, node: capture.node });
  }
  return found;
}

/** A pre-order walk with one cursor: each named node of a query type, as the cursor enters it. */
function walk(root: Node): BindingNode[] {
  const found: BindingNode[] = [];
  const cursor = root.walk();
  try {
    for (;;) {
      if (cursor.nodeIsNamed) {
        const name = CAPTURE_OF_TYPE.get(cursor.nodeType);
        if (name !== undefined) found.push({ name, node: cursor.currentNode });
      }
      if (cursor.gotoFirstChild()) continue;
      while (!cursor.gotoNextSibling()) if (!cursor.gotoParent()) return found;
    }
  } finally {
    cursor.delete();
  }
}
