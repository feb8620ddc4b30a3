/**
 * The file side of `ProjectFacts.memberOrigin`: in one Python file, the origin of every value written to an
 * attribute or passed to a method of a given name (`member-writes.ts` finds them), graded where it is written by
 * the command-origin walk (`python-command-origin.ts`). The host asks this of every other project file that names
 * the member and keeps the worst answer.
 */
import type { Node } from 'web-tree-sitter';
import type { AstContext } from '../../engine/rule';
import type { MemberOrigins, MemberQuery, ValueOrigin } from '../../engine/ports';
import { pythonCommandOrigin, worstOrigin } from './python-command-origin';
import { attributeWrites, keyWrites, methodCallArguments } from './member-writes';


/** This file's writes or calls for `query`, graded; undefined when the file makes the answer unknown. */
export function memberOriginsIn(ctx: AstContext, query: MemberQuery): MemberOrigins | undefined {
  if (ctx.language !== 'python') return undefined;
  let found: { values: readonly Node[]; omitted: boolean } | undefined;
  if (query.kind === 'write' || query.kind === 'key') {
    const values = query.kind === 'write' ? attributeWrites(ctx, query.attribute, query) : keyWrites(ctx, query.attribute, query.key);
    found = values ? { values, omitted: false } : undefined;
  } else {
    // A call leaving the parameter out is counted as omitted; the asking file grades the default itself.
    found = methodCallArguments(ctx, query.method, query.parameter.index, query.parameter.name, undefined, true);
  }
  if (!found) return undefined;
  let origin: ValueOrigin = 'constant';
  for (const value of found.values) {
    const one = pythonCommandOrigin(ctx, value);
    origin = worstOrigin(origin, one);
    if (origin === 'outside') break;
  }
  return { count: found.values.length + (found.omitted ? 1 : 0), origin, omitted: found.omitted };
}
