/**
 * Edits of a server's `args` array: removing items (a flag and its value) so the array stays valid in its
 * syntax. Only bracketed arrays (JSON, JSONC, TOML, YAML flow style) are edited; a YAML block list, or a
 * command line written as one string, gets no edit.
 */
import type { TextEdit } from '../../../engine/finding';
import type { TextContext } from '../../../engine/rule';
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
  const first = sorted[0]!;
  const last = sorted[sorted.length - 1]!;
  const items = array.items;
  const next = items[last + 1];
  const previous = items[first - 1];
  let start: number;
  let end: number;
  if (next) {
    start = items[first]!.span.start;
    end = next.span.start;
  } else if (previous) {
    start = previous.span.end;
    end = items[last]!.span.end;
  } else {
    start = items[first]!.span.start;
    end = items[last]!.span.end;
  }
  // Comments between items would be removed with them; leave such arrays alone.
  if (/\/\/|\/\*|#/.test(ctx.text.slice(start, end).replace(/"(?:[^"\\]|\\.)*"|'[^']*'/g, ''))) return undefined;
  return { range: ctx.rangeOf(start, end), newText: '' };
}
