/**
 * Evaluates OSV `affected` ranges (events `introduced` / `fixed` / `last_affected` / `limit`) for one
 * version, with PEP 440 ordering for PyPI and semver for npm, as the OSV schema prescribes.
 */
import { compareVersionStrings, parseVersion } from './pep440';
import { compareNpmVersions, isValidNpmVersion } from './npm-semver';

export interface OsvEvent {
  introduced?: string;
  fixed?: string;
  last_affected?: string;
  limit?: string;
}

export interface OsvAffected {
  /** Explicit versions listed by the advisory. */
  versions?: readonly string[];
  /** ECOSYSTEM or SEMVER ranges (GIT ranges are dropped when the snapshot is built). */
  ranges?: readonly (readonly OsvEvent[])[];
}

export type VersionEcosystem = 'pypi' | 'npm';

/** True when the version is affected by any of the ranges or listed explicitly. */
export function isAffected(ecosystem: VersionEcosystem, version: string, affected: OsvAffected): boolean {
  const cmp = comparator(ecosystem);
  if (!isComparable(ecosystem, version)) return affected.versions?.includes(version) ?? false;
  if (affected.versions?.some((v) => v === version || (isComparable(ecosystem, v) && cmp(v, version) === 0))) return true;
  for (const events of affected.ranges ?? []) {
    if (inRange(cmp, version, events)) return true;
  }
  return false;
}

/** The lowest `fixed` version above `version` across the ranges, if any. */
export function firstFixedAbove(ecosystem: VersionEcosystem, version: string, affected: OsvAffected): string | undefined {
  const cmp = comparator(ecosystem);
  let best: string | undefined;
  for (const events of affected.ranges ?? []) {
    for (const e of events) {
      if (e.fixed && isComparable(ecosystem, e.fixed) && cmp(e.fixed, version) > 0 && (!best || cmp(e.fixed, best) < 0)) best = e.fixed;
    }
  }
  return best;
}

function inRange(cmp: (a: string, b: string) => number, version: string, events: readonly OsvEvent[]): boolean {
  // OSV evaluates events in version order: the version is affected when the latest event at or below it is
  // an `introduced`, or when it is at or below a `last_affected` that follows an `introduced`.
  const sorted = [...events].sort((a, b) => cmp(eventVersion(a), eventVersion(b)));
  let affected = false;
  for (const e of sorted) {
    if (e.introduced !== undefined) {
      if (e.introduced === '0' || cmp(version, e.introduced) >= 0) affected = true;
    } else if (e.fixed !== undefined) {
      if (cmp(version, e.fixed) >= 0) affected = false;
    } else if (e.last_affected !== undefined) {
      if (cmp(version, e.last_affected) > 0) affected = false;
    } else if (e.limit !== undefined) {
      if (cmp(version, e.limit) >= 0) affected = false;
    }
  }
  return affected;
}

function eventVersion(e: OsvEvent): string {
  return e.introduced ?? e.fixed ?? e.last_affected ?? e.limit ?? '0';
}

function comparator(ecosystem: VersionEcosystem): (a: string, b: string) => number {
  if (ecosystem === 'npm') return (a, b) => (a === '0' ? (b === '0' ? 0 : -1) : b === '0' ? 1 : compareNpmVersions(a, b));
  return compareVersionStrings;
}

function isComparable(ecosystem: VersionEcosystem, version: string): boolean {
  return ecosystem === 'npm' ? isValidNpmVersion(version) : parseVersion(version) !== undefined;
}
