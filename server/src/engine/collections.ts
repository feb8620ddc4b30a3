/**
 * Array helpers for lists of unbounded length. `target.push(...source)` passes every element as an argument
 * and throws "Maximum call stack size exceeded" past roughly 100,000 elements, so lists that grow with the
 * input are appended with a loop instead.
 */

/** Appends every element of `source` to `target` (in place) and returns `target`. */
export function appendAll<T>(target: T[], source: readonly T[]): T[] {
  for (const item of source) target.push(item);
  return target;
}
