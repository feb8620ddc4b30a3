/** Edits for JS/TS fixes. */
import type { Node } from 'web-tree-sitter';
import type { TextEdit } from '../../engine/finding';
import type { TextContext } from '../../engine/rule';

/**
 * Removes one `key: value` pair of an object literal with its separating comma (the following one, or
 * the preceding one for the last pair), so the object stays valid.
 */
export function removeObjectPair(ctx: TextContext, pair: Node): TextEdit {
  const next = pair.nextSibling;
  const previous = pair.previousSibling;
  let start = pair.startIndex;
  let end = pair.endIndex;
  if (next?.type === ',') {
    end = next.endIndex;
    // Swallow the spaces up to the next property on the same line.
    while (end < ctx.text.length && ctx.text[end] === ' ') end++;
  } else if (previous?.type === ',') {
    start = previous.startIndex;
  }
  return { range: ctx.rangeOf(start, end), newText: '' };
}
