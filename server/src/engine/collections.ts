/**
 * Array helpers for lists of unbounded length. `target.push(...source)` passes every element as an argument
 * and throws "Maximum call stack size exceeded" past roughly 100,000 elements, so engine and host code append
 * and find extremes with loops instead.
 */

/** Appends every element of `source` to `target` (in place) and returns `target`. */
export function appendAll<T>(target: T[], source: readonly T[]): T[] {
  for (const item of source) target.push(item);
  return target;
}

/** The largest of `values`, or `fallback` for an empty list (`Math.max(...values)` without the spread). */
export function maxOf(values: Iterable<number>, fallback = Number.NEGATIVE_INFINITY): number {
  let max: number | undefined;
  for (const value of values) if (max === undefined || value > max) max = value;
  return max ?? fallback;
}

/** The smallest of `values`, or `fallback` for an empty list. */
export function minOf(values: Iterable<number>, fallback = Number.POSITIVE_INFINITY): number {
  let min: number | undefined;
  for (const value of values) if (min === undefined || value < min) min = value;
  return min ?? fallback;
}
