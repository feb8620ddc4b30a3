/**
 * The defining side of cross-file return origins (`ProjectFacts.returnOrigin`): in the module that defines a
 * function at its top level, where the values it returns come from, graded by the command-origin walk
 * (`python-command-origin.ts`) as if each `return` value were a command. A helper that hands back a name the
 * program made itself (`tempfile.NamedTemporaryFile(...).name`, a timestamp, a path below `__file__`) is then as
 * local in the importer as it is here; one that returns a parameter takes the origin of what the project's
 * callers pass for it (the walk asks `callerOrigins`), and anything else keeps the importer's finding.
 */
import type { AstContext } from '../../engine/rule';
import type { ValueOrigin } from '../../engine/ports';
import { moduleFunction, pythonCommandOrigin, returnedValues, worstOrigin } from './python-command-origin';


/**
 * The worst origin among the values `name` returns in this file; undefined when the file does not define it once
 * at its top level without decorators (a re-export, a decorated or rebound function returns something unseen).
 */
export function returnOriginOf(ctx: AstContext, name: string): ValueOrigin | undefined {
  if (ctx.language !== 'python') return undefined;
  const fn = moduleFunction(ctx, name);
  if (!fn) return undefined;
  let origin: ValueOrigin = 'constant';
  for (const value of returnedValues(fn)) {
    const one = pythonCommandOrigin(ctx, value);
    origin = worstOrigin(origin, one);
    if (origin === 'outside') break;
  }
  return origin;
}
