/**
 * The manifest checker: parses requirements files, pyproject.toml, Pipfile, setup.cfg, conda
 * environments, package.json and the JS lockfiles, then runs the dependency and configuration checks on
 * everything they declare.
 */
import type { Checker, TextContext } from '../../engine/rule';
import { isManifestKind, parseManifest, parsePythonLock, pythonLockKind } from '../../engine/manifests/index';
import type { Dependency, ParsedManifest } from '../../engine/manifests/types';
import { checkDependency } from './shared/check-dependency';
import type { DependencyScope, Origin } from './shared/check-dependency';
import { checkConfiguration } from './shared/check-configuration';
import { DEPENDENCY_RULES, MANIFEST_KINDS } from './meta';

export const manifestChecker: Checker = {
  kind: 'manifest',
  name: 'dependency-manifests',
  ruleIds: DEPENDENCY_RULES.map((r) => r.id).filter((id) => id !== 'AIS506'),
  // Python lockfiles have no kind of their own: they arrive as TOML or JSON (or untyped text) and are told apart by name.
  fileKinds: [...MANIFEST_KINDS, 'toml', 'json', 'text'],
  check(ctx) {
    const lock = pythonLockKind(ctx.path);
    if (lock) {
      checkParsed(ctx, parsePythonLock(lock, ctx.text), 'lockfile');
      return;
    }
    if (!isManifestKind(ctx.fileKind)) return;
    const declared = ctx.fileKind === 'yarn-lock' ? ctx.ports.project?.declaredDependencies?.(ctx.path, 'npm') : undefined;
    const manifest = parseManifest(ctx.fileKind, ctx.text, ctx.path, declared);
    const origin: Origin = ctx.fileKind === 'package-lock' || ctx.fileKind === 'yarn-lock' || ctx.fileKind === 'pnpm-lock' ? 'lockfile' : 'manifest';
    checkParsed(ctx, manifest, origin);
  },
};

/** The public registries' own addresses (anything else is a private index or a mirror). */
const PUBLIC_INDEX = /^https?:\/\/(pypi\.org|pypi\.python\.org|files\.pythonhosted\.org|registry\.npmjs\.org|registry\.yarnpkg\.com)(\/|$)/i;

/** Runs every dependency and configuration check on a parsed manifest whose spans are offsets in `ctx.text`. */
export function checkParsed(ctx: TextContext, manifest: ParsedManifest, origin: Origin): void {
  // `--trusted-host` names an internal index configured elsewhere (pip.conf, the environment).
  const otherIndexes = [
    ...manifest.sources.filter((source) => source.kind !== 'conda-channel' && !PUBLIC_INDEX.test(source.url)).map((source) => source.span),
    ...manifest.settings.filter((setting) => setting.kind === 'trusted-host').map((setting) => setting.span),
  ];
  const scope: DependencyScope = { ctx, origin, projectName: manifest.projectName, otherIndexes, range: (span) => ctx.rangeOf(span.start, span.end) };
  checkConfiguration(scope, manifest);
  for (const dep of manifest.dependencies) checkDependency(dep.via?.length ? { ...scope, ctx: withDependencyPath(ctx, dep.via, scope.range) } : scope, dep);
}

/**
 * For a package locked because another needs it: every finding says which direct dependency pulls it in
 * (in the message, and as steps pointing at each package of the chain in the lockfile).
 */
function withDependencyPath(ctx: TextContext, via: NonNullable<Dependency['via']>, range: DependencyScope['range']): TextContext {
  const path = via.map((step) => step.name).join(' → ');
  return {
    ...ctx,
    report: (input) => ctx.report({
      ...input,
      messageSuffix: `${input.messageSuffix ?? ''} (pulled in by ${path})`,
      flow: [...(input.flow ?? []), ...via.map((step, i) => ({ range: range(step.span), message: i === 0 ? `${step.name}, a direct dependency` : `${step.name}, required by ${via[i - 1]!.name}` }))],
      properties: { ...input.properties, dependencyPath: path },
    }),
  };
}
