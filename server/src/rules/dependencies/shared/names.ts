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

const normalizedLists = new WeakMap<readonly string[], readonly string[]>();

/** `names` normalised, in order; the four look-alike indexes each start from the 15,000 popular names, once. */
export function normalizedNames(ecosystem: Ecosystem, names: readonly string[]): readonly string[] {
  let normalized = normalizedLists.get(names);
  if (!normalized) normalizedLists.set(names, (normalized = names.map((n) => normalizeName(ecosystem, n))));
  return normalized;
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

/** Reused rows for `boundedDistance` (names are short; the rows grow when needed). */
let rows = [new Int32Array(64), new Int32Array(64), new Int32Array(64)];

/**
 * Optimal string alignment distance between `a` and `b`, or `max + 1` when it exceeds `max`
 * (rows stop early once every cell is above the bound).
 */
export function boundedDistance(a: string, b: string, max: number): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  if (a === b) return 0;
  const n = b.length;
  if (rows[0]!.length <= n) rows = [new Int32Array(n + 1), new Int32Array(n + 1), new Int32Array(n + 1)];
  let prevPrev = rows[0]!;
  let prev = rows[1]!;
  let cur = rows[2]!;
  for (let j = 0; j <= n; j++) prev[j] = j;
  for (let i = 1; i <= a.length; i++) {
    cur[0] = i;
    let rowMin = i;
    const ai = a.charCodeAt(i - 1);
    for (let j = 1; j <= n; j++) {
      const bj = b.charCodeAt(j - 1);
      let v = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + (ai === bj ? 0 : 1));
      if (i > 1 && j > 1 && ai === b.charCodeAt(j - 2) && a.charCodeAt(i - 2) === bj) v = Math.min(v, prevPrev[j - 2]! + 1);
      cur[j] = v;
      if (v < rowMin) rowMin = v;
    }
    if (rowMin > max) return max + 1;
    const t = prevPrev;
    prevPrev = prev;
    prev = cur;
    cur = t;
  }
  return prev[n]!;
}

/** Counts of each character class (letters, digits, separators) for the cheap distance filter. */
export function charHistogram(name: string): Uint8Array {
  const h = new Uint8Array(40);
  for (let i = 0; i < name.length; i++) h[charClass(name.charCodeAt(i))]!++;
  return h;
}

/**
 * A lower bound check: each edit changes the histogram by at most 2 in L1 norm, so names whose
 * histograms differ by more than `2 * max` cannot be within `max` edits.
 */
export function histogramsWithin(a: Uint8Array, b: Uint8Array, max: number): boolean {
  let d = 0;
  for (let i = 0; i < 40; i++) {
    d += Math.abs(a[i]! - b[i]!);
    if (d > 2 * max) return false;
  }
  return true;
}

function charClass(c: number): number {
  if (c >= 97 && c <= 122) return c - 97;
  if (c >= 48 && c <= 57) return 26 + c - 48;
  if (c === 45) return 36;
  if (c === 46) return 37;
  if (c === 95) return 38;
  return 39;
}
