/**
 * Package names as the registries compare them, and the snapshot's set of names known to exist. The set is
 * written into the bundle's parts folder as a part of its own (`snapshot-parts.ts`): building it means
 * normalising tens of thousands of names, which was the largest share of a one-file scan's time with one
 * third-party import; a snapshot without the part (the single file, an older parts folder) builds it here.
 */
import type { Ecosystem } from '../engine/ports';
import type { SnapshotSource } from './snapshot';

/** PEP 503 normalisation for PyPI, lower case for npm. */
export function normalizeName(ecosystem: Ecosystem, name: string): string {
  if (ecosystem === 'npm') return name.toLowerCase();
  // Most names in the snapshot are normalised already; the test is cheaper than rebuilding the string.
  return ALREADY_NORMALIZED.test(name) ? name : name.toLowerCase().replace(/[-_.]+/g, '-');
}

/** Lower-case letters, digits and single hyphens: PEP 503 leaves such a name as it is. */
const ALREADY_NORMALIZED = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

/**
 * The snapshot's names of `ecosystem` known to exist (popular ones, ones with advisories and, for PyPI, the
 * distributions of the import map), normalised, each once.
 */
export function knownNamesOf(source: SnapshotSource, ecosystem: Ecosystem): string[] {
  const known = new Set<string>();
  // Normalised without `normalize`'s memo: tens of thousands of names asked once each would only fill (and clear) it.
  for (const n of source.of(ecosystem, 'popular')) known.add(normalizeName(ecosystem, n));
  for (const n of source.advisoryNames(ecosystem)) known.add(n);
  if (ecosystem === 'pypi') for (const dists of Object.values(source.importMap())) for (const d of dists) known.add(normalizeName('pypi', d));
  // A name listed as malicious for every version is never "known good", even if a list mentions it.
  for (const [n, v] of Object.entries(source.of(ecosystem, 'malicious'))) if (v === null) known.delete(n);
  return [...known];
}
