/**
 * tree-sitter-python 0.25.0 (the newest release on npm) rejects a starred item that is not a name in a tuple
 * written without parentheses: `return state, *[x for x in y]`, `x = a, *(b, c)`, `for v in a, *b():` parse
 * with an ERROR node, although Python accepts them (PEP 448; upstream issue tree-sitter-python#132). The same
 * items parse inside a list or a call. So that valid code is never treated as a syntax error, the parser is
 * given a copy of the text in which each such `*` is a unary `+`: the same length, the same operand, an
 * expression the grammar accepts. Only stars inside the statements that hold an ERROR node are rewritten.
 */
import type { Node, Tree } from 'web-tree-sitter';

/** A star that starts a tuple item (after a comma, `=`, `return`, `yield` or `in`) and is followed by something other than a name. */
const STARRED_ITEM = /([,=]|\breturn|\byield|\bin)(\s*)\*(?=\s*[^\s\w*])/g;

/** Cheap test on the text before any tree walk: could the errors come from a starred tuple item? */
export function mayHoldStarredItem(text: string): boolean {
  STARRED_ITEM.lastIndex = 0;
  return STARRED_ITEM.test(text);
}

/**
 * The text with the stars of starred tuple items inside erroneous statements replaced by `+`, or undefined
 * when there is none to replace.
 */
export function rewriteStarredItems(tree: Tree, text: string): string | undefined {
  const spans = errorNodes(tree.rootNode).map((n) => statementSpan(n, text));
  if (spans.length === 0) return undefined;
  // The stars are found first and the text rebuilt only around them: most parses with an error hold none, and
  // splitting a large file into characters on every keystroke with a syntax error cost more than the parse.
  const stars = new Set<number>();
  for (const [from, to] of spans) {
    const window = text.slice(from, to);
    STARRED_ITEM.lastIndex = 0;
    for (const match of window.matchAll(STARRED_ITEM)) {
      const star = from + (match.index ?? 0) + (match[1]?.length ?? 0) + (match[2]?.length ?? 0);
      if (text[star] === '*') stars.add(star);
    }
  }
  if (stars.size === 0) return undefined;
  let out = '';
  let at = 0;
  for (const star of [...stars].sort((a, b) => a - b)) {
    out += `${text.slice(at, star)}+`;
    at = star + 1;
  }
  return out + text.slice(at);
}

/**
 * An ERROR node's span widened to its parent unless that is a block or the module (the star often sits just
 * before the ERROR node), and back to the start of its line (the comma or `=` before the star).
 */
function statementSpan(error: Node, text: string): [number, number] {
  const parent = error.parent;
  const node = parent && parent.type !== 'module' && parent.type !== 'block' ? parent : error;
  return [text.lastIndexOf('\n', node.startIndex - 1) + 1, node.endIndex];
}

/** Number of ERROR nodes, to keep a re-parse only when it is better. */
export function errorCount(tree: Tree): number {
  return tree.rootNode.hasError ? errorNodes(tree.rootNode).length + 1 : 0;
}

/**
 * The ERROR nodes under `root`, found by descending only into nodes that hold an error: typing in a large file
 * leaves one error in a few thousand nodes, and walking them all (`descendantsOfType`) on every parse with an
 * error cost more than the parse (a third of the CPU time of typing an open call into torch's module.py).
 */
function errorNodes(root: Node): Node[] {
  const found: Node[] = [];
  const pending: Node[] = [root];
  while (pending.length > 0) {
    const node = pending.pop() as Node;
    if (node.type === 'ERROR') found.push(node);
    for (const child of node.children) if (child?.hasError) pending.push(child);
  }
  return found.sort((a, b) => a.startIndex - b.startIndex);
}
