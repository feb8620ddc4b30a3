/**
 * npm version questions, answered with the `semver` package (the same library npm itself uses), so
 * ranges such as `^1.2.3 || ~2.0` match exactly as the installer would resolve them.
 */
import semver from 'semver';

/** The exact version an npm specifier pins (`1.2.3`, `=1.2.3`, `v1.2.3`), or undefined for ranges and tags. */
export function npmPinnedVersion(spec: string): string | undefined {
  const trimmed = spec.trim();
  if (!/^[=v]*\d/.test(trimmed)) return undefined;
  const v = semver.valid(trimmed.replace(/^=+/, ''), { loose: true });
  return v ?? undefined;
}

/** Negative, zero or positive; invalid versions sort first. */
export function compareNpmVersions(a: string, b: string): number {
  const va = semver.valid(a, { loose: true });
  const vb = semver.valid(b, { loose: true });
  if (va && vb) return semver.compare(va, vb, { loose: true });
  if (!va && !vb) return a < b ? -1 : a > b ? 1 : 0;
  return va ? 1 : -1;
}

/** True when `version` is inside `range` (pre-releases included, since advisories list them too). */
export function npmSatisfies(version: string, range: string): boolean {
  try {
    return semver.satisfies(version, range, { loose: true, includePrerelease: true });
  } catch {
    return false;
  }
}

export function isValidNpmVersion(version: string): boolean {
  return semver.valid(version, { loose: true }) !== null;
}
