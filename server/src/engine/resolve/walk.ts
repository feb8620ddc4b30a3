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

/** The nearest ancestor (or the node itself) whose type is in `types`. */
export function closest(node: Node, types: ReadonlySet<string>): Node | null {
  let current: Node | null = node;
  while (current && !types.has(current.type)) current = current.parent;
  return current;
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
