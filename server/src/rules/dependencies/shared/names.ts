/**
 * Package-name normalisation and distances (dependencies catalogue §1.9, §3): PEP 503 names for PyPI,
 * lowercase for npm, separator-free forms for collision checks, and a bounded optimal-string-alignment
 * distance (insert, delete, substitute, adjacent swap) that gives up as soon as the bound is exceeded.
 */
import type { Ecosystem } from '../../../engine/ports';

/** PEP 503: lowercase, runs of `-`, `_`, `.` become one `-`. npm names are compared lowercase. */
export function normalizeName(ecosystem: Ecosystem, name: string): string {
  return ecosystem === 'pypi' ? name.toLowerCase().replace(/[-_.]+/g, '-') : name.toLowerCase();
}

/** The name without separators (npm's "moniker" and PyPI's collision rule compare these). */
export function stripSeparators(name: string): string {
  return name.replace(/[-_.]/g, '');
}

export function hasNonAscii(name: string): boolean {
  return /[^\x20-\x7e]/.test(name);
}

/** The `@scope` and bare name of an npm package (`@a/b` → `['@a', 'b']`, `b` → `[undefined, 'b']`). */
export function splitScope(name: string): [string | undefined, string] {
  if (name.startsWith('@')) {
    const slash = name.indexOf('/');
    if (slash > 0) return [name.slice(0, slash), name.slice(slash + 1)];
  }
  return [undefined, name];
}

/**
 * Optimal string alignment distance between `a` and `b`, or `max + 1` when it exceeds `max`
 * (rows stop early once every cell is above the bound).
 */
export function boundedDistance(a: string, b: string, max: number): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  if (a === b) return 0;
  const n = b.length;
  let prevPrev = new Array<number>(n + 1).fill(0);
  let prev = Array.from({ length: n + 1 }, (_, j) => j);
  let cur = new Array<number>(n + 1).fill(0);
  for (let i = 1; i <= a.length; i++) {
    cur[0] = i;
    let rowMin = cur[0];
    for (let j = 1; j <= n; j++) {
      const cost = a.charCodeAt(i - 1) === b.charCodeAt(j - 1) ? 0 : 1;
      let v = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + cost);
      if (i > 1 && j > 1 && a.charCodeAt(i - 1) === b.charCodeAt(j - 2) && a.charCodeAt(i - 2) === b.charCodeAt(j - 1)) v = Math.min(v, prevPrev[j - 2]! + 1);
      cur[j] = v;
      if (v < rowMin) rowMin = v;
    }
    if (rowMin > max) return max + 1;
    [prevPrev, prev, cur] = [prev, cur, prevPrev];
  }
  return prev[n]!;
}
