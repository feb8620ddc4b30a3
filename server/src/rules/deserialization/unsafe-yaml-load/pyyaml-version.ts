/**
 * Whether the project is bound to a PyYAML older than 5.4, read from the nearest requirements file or
 * pyproject.toml (`ProjectFacts.manifestFor`). It matters for `FullLoader` and `full_load`: before 5.4 they
 * ran code from `!!python/object/new` and `!!python/object/apply` tags (CVE-2019-20477, CVE-2020-1747,
 * CVE-2020-14343); from 5.4 on those tags need the unsafe loader, and the full loader only names objects that
 * are already imported (`!!python/name`) without calling anything.
 */
import type { AstContext } from '../../../engine/rule';
import { parsePyproject } from '../../../engine/manifests/pyproject';
import { parseRequirementsFile } from '../../../engine/manifests/requirements';
import { parseSpecifierSet, satisfies } from '../../../engine/versions/pep440';

/** Releases from 5.4 on, the first in which the full loader no longer runs code, and later ones. */
const FIXED_RELEASES = ['5.4', '5.4.1', '6.0', '6.0.1', '6.0.2', '6.0.3', '7.0'];

/**
 * True when the nearest manifest declares PyYAML with a version specifier that admits none of the fixed
 * releases (`PyYAML==5.3.1`, `pyyaml<5.4`); false when there is no manifest, no PyYAML entry, no specifier
 * or a specifier that cannot be read, since nothing then holds the project to an old release.
 */
export function declaresPyyamlBefore54(ctx: AstContext): boolean {
  const manifest = ctx.ports.project?.manifestFor?.(ctx.path, 'pypi');
  if (!manifest || (manifest.kind !== 'requirements' && manifest.kind !== 'pyproject')) return false;
  const parsed = manifest.kind === 'requirements' ? parseRequirementsFile(manifest.text) : parsePyproject(manifest.text);
  for (const dependency of parsed.dependencies) {
    if (dependency.name.toLowerCase().replace(/[-_.]+/g, '-') !== 'pyyaml' || !dependency.spec) continue;
    const specifiers = parseSpecifierSet(dependency.spec);
    if (specifiers && specifiers.length > 0 && !FIXED_RELEASES.some((release) => satisfies(release, specifiers))) return true;
  }
  return false;
}
