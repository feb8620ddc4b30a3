/**
 * The symmetric-deletion lookup both look-alike indexes use (`typosquat.ts` for one edit, `typosquat-classes.ts`
 * for typing slips): two names are within one edit when a name or one of its one-character deletions equals the
 * other or one of its deletions. The index side is a sorted table of numbers, each a 32-bit hash of a variant
 * times `2 ** idBits` plus the id of the name it came from. Built from strings and a map of them, the table
 * allocated about 60,000 strings per ecosystem, most of the index's build time and garbage; hashed in place, it
 * allocates none. A hash says only "maybe": the callers check each candidate, so a collision costs one comparison.
 */

/** FNV-1a, 32 bits. */
export function fnv1a(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

/**
 * `fnv1a` of `name` and of each distinct one-character deletion of it, without building the deleted strings.
 * Deleting any character of a run gives the same string, so only the first of each run is deleted.
 */
export function variantHashes(name: string): number[] {
  const hashes: number[] = [];
  let prefix = 0x811c9dc5;
  for (let i = 0; i < name.length; i++) {
    const code = name.charCodeAt(i);
    if (i === 0 || code !== name.charCodeAt(i - 1)) {
      let h = prefix;
      for (let j = i + 1; j < name.length; j++) h = Math.imul(h ^ name.charCodeAt(j), 0x01000193);
      hashes.push(h >>> 0);
    }
    prefix = Math.imul(prefix ^ code, 0x01000193);
  }
  hashes.push(prefix >>> 0);
  return hashes;
}

/** The one-character deletions of `name` (the query side, where the strings are needed to check candidates). */
export function deletionsOf(name: string): string[] {
  const out: string[] = [];
  for (let i = 0; i < name.length; i++) out.push(name.slice(0, i) + name.slice(i + 1));
  return out;
}

/** Adds the entries of `name` (its hashed variants, tagged with `id`) to a table under construction. */
export function addVariants(entries: number[], name: string, id: number, idBits: number): void {
  const scale = 2 ** idBits;
  for (const hash of variantHashes(name)) entries.push(hash * scale + id);
}

/** Calls `visit` with the id of every entry whose variant hash equals `fnv1a(variant)` (ids in ascending order). */
export function forEachIdWithVariant(table: Float64Array, idBits: number, variant: string, visit: (id: number) => void): void {
  const scale = 2 ** idBits;
  const hash = fnv1a(variant);
  // The first entry with this hash, by binary search.
  let lo = 0;
  let hi = table.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (table[mid]! < hash * scale) lo = mid + 1;
    else hi = mid;
  }
  for (let i = lo; i < table.length && Math.floor(table[i]! / scale) === hash; i++) visit(table[i]! % scale);
}

/** Whether `variant` is `name` itself or `name` with one character deleted. */
export function isVariantOf(variant: string, name: string): boolean {
  if (variant.length === name.length) return variant === name;
  if (variant.length !== name.length - 1) return false;
  let i = 0;
  while (i < variant.length && variant.charCodeAt(i) === name.charCodeAt(i)) i++;
  for (let j = i; j < variant.length; j++) if (variant.charCodeAt(j) !== name.charCodeAt(j + 1)) return false;
  return true;
}
