/**
 * Iterative tree walks. Recursion would overflow the stack on deeply nested input (a 5,000-deep
 * expression is a robustness test), so every full-tree walk in the engine goes through here.
 */
import type { Node } from 'web-tree-sitter';

/**
 * Visits every named node in document order. Returning `false` from `visit` skips the node's children.
 */
export function walkNamed(root: Node, visit: (node: Node) => boolean | void): void {
  const cursor = root.walk();
  try {
    let descend = true;
    for (;;) {
      if (descend) {
        const node = cursor.currentNode;
        const keepGoing = node.isNamed ? visit(node) !== false : true;
        if (keepGoing && cursor.gotoFirstChild()) continue;
      }
      if (cursor.gotoNextSibling()) {
        descend = true;
        continue;
      }
      // Climb until a sibling exists or we are back at the root.
      let climbed = false;
      while (cursor.gotoParent()) {
        if (cursor.currentNode.id === root.id) break;
        if (cursor.gotoNextSibling()) {
          climbed = true;
          break;
        }
      }
      if (!climbed) return;
      descend = true;
    }
  } finally {
    cursor.delete();
  }
}

/**
 * The ancestors of `node`, nearest first, ending with the tree's root. Found top-down from the root in one pass
 * (each step scans one node's children): each `parent` step instead searches down from the root, so walking
 * up a chain of them is quadratic in the depth (a sink 10,000 conditional expressions deep took 28 s).
 */
export function ancestorsOf(node: Node): Node[] {
  const chain: Node[] = [];
  let current: Node | null = node.tree.rootNode;
  while (current && current.id !== node.id) {
    chain.push(current);
    const next: Node | null = current.childWithDescendant(node);
    if (!next || next.id === current.id) break;
    current = next;
  }
  return chain.reverse();
}

/**
 * The ancestors of `node`, nearest first, lazily: the first steps with `parent` (cheap near the root, and most
 * walks stop at the nearest function), then the rest from one top-down `ancestorsOf` pass, so a walk to the
 * root stays linear in the depth of a crafted file (50,000 nested parentheses took minutes with `parent` alone).
 */
export function* ancestorsUpward(node: Node): Generator<Node> {
  let current: Node | null = node.parent;
  for (let step = 0; current && step < PARENT_STEPS; step++) {
    yield current;
    current = current.parent;
  }
  if (!current) return;
  yield* ancestorsOf(node).slice(PARENT_STEPS);
}

const PARENT_STEPS = 48;

/** The nearest proper ancestor whose type is in `types` (linear in the depth, see `ancestorsUpward`). */
export function enclosingOfType(node: Node, types: ReadonlySet<string>): Node | undefined {
  for (const ancestor of ancestorsUpward(node)) if (types.has(ancestor.type)) return ancestor;
  return undefined;
}

/** The nearest ancestor (or the node itself) whose type is in `types`. */
export function closest(node: Node, types: ReadonlySet<string>): Node | null {
  if (types.has(node.type)) return node;
  return enclosingOfType(node, types) ?? null;
}

/** Strips one layer of parentheses (`(expr)` → `expr`), repeatedly. */
export function unparenthesize(node: Node): Node {
  let current = node;
  while (current.type === 'parenthesized_expression' && current.namedChildCount === 1) {
    const inner = current.namedChild(0);
    if (!inner) break;
    current = inner;
  }
  return current;
}

/** A node found by `nodesWithAncestry`, with what the walk knew about the nodes above it. */
export interface PlacedNode {
  node: Node;
  /** Steps below the walk's root (the root itself is 0). */
  depth: number;
  /** The parent's type ('' for the root). */
  parentType: string;
  /** For each set of `enclosingTypes`: whether a node of that set, the root included, lies strictly above this one. */
  enclosed: boolean[];
}

/**
 * The named nodes of `types` in `root` (itself included), in document order, each with its depth, its parent's
 * type and which of `enclosingTypes` enclose it within `root`. One cursor walk: asking every found node for
 * its `parent` chain instead costs a search down from the tree's root per step, which is cubic over a deep
 * error tree (fuzz input 2/21320, a 243 KB document, spent 20 s there).
 */
export function nodesWithAncestry(root: Node, types: ReadonlySet<string>, enclosingTypes: readonly ReadonlySet<string>[] = []): PlacedNode[] {
  const found: PlacedNode[] = [];
  const cursor = root.walk();
  // The types on the path from the root to the cursor, and for each enclosing set the depths of its nodes there.
  const path: string[] = [];
  const enclosingDepths = enclosingTypes.map((): number[] => []);
  try {
    for (;;) {
      const type = cursor.nodeType;
      const depth = path.length;
      if (cursor.nodeIsNamed && types.has(type)) {
        found.push({ node: cursor.currentNode, depth, parentType: path[depth - 1] ?? '', enclosed: enclosingDepths.map((depths) => depths.length > 0) });
      }
      if (cursor.gotoFirstChild()) {
        enclosingTypes.forEach((set, k) => {
          if (set.has(type)) enclosingDepths[k].push(depth);
        });
        path.push(type);
        continue;
      }
      // Move on to the next sibling, climbing (and leaving the climbed nodes' scopes) until there is one.
      for (;;) {
        if (path.length === 0) return found;
        if (cursor.gotoNextSibling()) break;
        cursor.gotoParent();
        path.pop();
        for (const depths of enclosingDepths) if (depths[depths.length - 1] === path.length) depths.pop();
      }
    }
  } finally {
    cursor.delete();
  }
}
