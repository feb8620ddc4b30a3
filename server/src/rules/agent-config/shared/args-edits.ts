/**
 * Edits that remove items from a bracketed list or object (a flag and its value from `args`, a settings
 * key) so the text stays valid: the items go with the separator that follows them, or, for the last
 * items, with the separator before them. Only bracketed forms (JSON, JSONC, TOML arrays, YAML flow style)
 * are edited; a YAML block list, or a command line written as one string, gets no edit.
 */
import type { TextEdit } from '../../../engine/finding';
import type { TextContext } from '../../../engine/rule';
import type { Span } from '../../../engine/manifests/types';
import type { McpServerEntry } from '../../../engine/agent-config/mcp-servers';
import type { Token } from '../../../engine/agent-config/launcher';

/** An edit removing the `args` items that hold these tokens, or undefined when that cannot be done cleanly. */
export function removeArgsEdit(ctx: TextContext, server: McpServerEntry, tokens: readonly Token[]): TextEdit | undefined {
  const array = server.argsNode;
  if (tokens.length === 0 || !array || ctx.text[array.span.start] !== '[') return undefined;
  const indexes = tokens.map((token) => array.items.findIndex((item) => item.type === 'string' && item.contentSpan.start === token.start));
  if (indexes.some((i) => i < 0)) return undefined;
  const sorted = [...new Set(indexes)].sort((a, b) => a - b);
  // Only one contiguous run of items (a flag and its value) is removed per edit.
  if (sorted[sorted.length - 1]! - sorted[0]! !== sorted.length - 1) return undefined;
  return removeItemsEdit(ctx, array.items.map((item) => item.span), sorted[0]!, sorted[sorted.length - 1]!);
}

/** Removes the items `first..last` (inclusive) of a list of sibling spans with one of their separators. */
export function removeItemsEdit(ctx: TextContext, items: readonly Span[], first: number, last: number): TextEdit | undefined {
  const next = items[last + 1];
  const previous = items[first - 1];
  const start = next || !previous ? items[first]!.start : previous.end;
  const end = next ? next.start : items[last]!.end;
  // Comments between the items would be removed with them; such text is left to the author.
  if (/\/\/|\/\*|#/.test(ctx.text.slice(start, end).replace(/"(?:[^"\\]|\\.)*"|'[^']*'/g, ''))) return undefined;
  return { range: ctx.rangeOf(start, end), newText: '' };
}
