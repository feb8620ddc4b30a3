/**
 * Imports in Python and JS/TS code: each third-party import is mapped to its distribution (the import
 * map for Python, the specifier for JS) and checked for known-malicious names, names the registry lacks,
 * brand-new names, and a missing declaration in the project's manifests (with a fix that adds it).
 * The standard library, Node built-ins, relative and first-party modules are never reported.
 */
import type { Fix } from '../../engine/finding';
import type { Ecosystem, PackageIntel, ProjectFacts } from '../../engine/ports';
import type { Checker, TextContext } from '../../engine/rule';
import { isNodeBuiltin, jsImports, lexicalImports, pythonImports } from '../../engine/imports/index';
import type { ImportRef } from '../../engine/imports/index';
import { addDependencyEdit } from './shared/add-dependency';
import { normalizeName } from './shared/names';
import { checkDependency, isAllowed } from './shared/check-dependency';
import { absenceEvidence } from './shared/absence';
import type { DependencyScope } from './shared/check-dependency';

export const importChecker: Checker = {
  kind: 'text',
  name: 'dependency-imports',
  ruleIds: ['AIS501', 'AIS504', 'AIS505', 'AIS506'],
  fileKinds: ['python', 'javascript', 'typescript', 'tsx'],
  keywords: ['import', 'require'],
  check(ctx) {
    const language = ctx.language;
    if (!ctx.ports.intel || !language) return;
    // Parsing dominates the cost of a scan. The lexical imports are a superset of the syntax tree's, so when
    // none of them could lead to a finding the file is not parsed for imports at all.
    let couldReport = false;
    checkImports({ ...ctx, report: () => void (couldReport = true) }, lexicalImports(ctx.text, language));
    if (!couldReport) return;
    const tree = ctx.tree();
    if (!tree) return;
    checkImports(ctx, language === 'python' ? pythonImports(tree.rootNode, ctx.text) : jsImports(tree.rootNode, ctx.text));
  },
};

function checkImports(ctx: TextContext, imports: readonly ImportRef[]): void {
  const intel = ctx.ports.intel!;
  const seen = new Set<string>();
  const reportedUndeclared = new Set<string>();
  for (const imp of imports) {
    if (isStandard(intel, imp)) continue;
    const dists = distributionsOf(intel, imp);
    const key = dists[0]!;
    if (isAllowed(ctx.config.options, imp.ecosystem, key)) continue;
    // A popular, non-malicious package in a folder no manifest governs can raise nothing here, so the
    // file-system probes that tell first-party modules apart are skipped (they were a quarter of the cost).
    if (intel.malicious(imp.ecosystem, key) === undefined && intel.isPopular(imp.ecosystem, key) && ctx.ports.project?.declaredDependencies?.(ctx.path, imp.ecosystem) === undefined) continue;
    if (isFirstParty(ctx, imp)) continue;
    const undeclared = isUndeclared(ctx.ports.project, ctx.path, imp, dists);
    // Registry questions are asked once per distribution and file; the first import carries them.
    const first = !seen.has(key);
    seen.add(key);
    const bad = first ? checkImportedPackage(ctx, imp, key, undeclared !== false) : false;
    // A malicious or invented package is the real problem; declaring it would make things worse.
    // One finding per missing distribution and file, on its first import.
    if (undeclared && !bad && !imp.optional && !reportedUndeclared.has(key)) {
      reportedUndeclared.add(key);
      reportUndeclared(ctx, intel, imp, dists);
    }
  }
}

/** Malicious, missing and brand-new checks on the imported distribution (not typosquats: module names are not package names). */
/** Returns true when the package itself is malicious or missing from the registry. */
function checkImportedPackage(ctx: TextContext, imp: ImportRef, distribution: string, maybeUndeclared: boolean): boolean {
  const intel = ctx.ports.intel!;
  const ecosystem: Ecosystem = imp.ecosystem;
  const mapped = ecosystem === 'npm' || intel.distributionsForImport?.(imp.topLevel) !== undefined;
  const scope: DependencyScope = { ctx, origin: 'manifest', range: (span) => ctx.rangeOf(span.start, span.end) };
  const malicious = intel.malicious(ecosystem, distribution);
  if (malicious === 'all') {
    ctx.report({ ruleId: 'AIS501', range: scope.range(imp.span), data: { detail: `${imp.module} comes from ${distribution}, a known-malicious ${ecosystem === 'pypi' ? 'PyPI' : 'npm'} package; remove it and rotate any credentials it could have read.` }, fingerprintSeed: `${ecosystem}:${distribution}` });
    return true;
  }
  // A declared import was checked in its manifest; an unmapped Python module may come from a differently named
  // distribution, so a registry miss only counts when the host can say what is first-party.
  if (!maybeUndeclared || intel.isPopular(ecosystem, distribution)) return false;
  // A type-only import is erased from the program: nothing is installed or loaded for it, and TypeScript
  // resolves it from ambient declarations (`declare module 'ace-builds-internal/document'`) or path aliases.
  if (imp.typeOnly) return false;
  // Without project facts a local module cannot be told from an invented package, so unmapped names stay quiet.
  const project = ctx.ports.project;
  if (!mapped && (!project || (!project.isFirstParty && !project.fileExists) || declaredUnderAnotherName(project, ctx.path, imp))) return false;
  // npm has refused capital letters in new names since 2017, so `@docusaurus/Link` is a bundler alias, not a
  // package anyone could register.
  const aliasLike = ecosystem === 'npm' && distribution !== distribution.toLowerCase();
  const exists = aliasLike ? undefined : intel.exists(ecosystem, distribution);
  if (exists === false) {
    ctx.report({
      ruleId: 'AIS504',
      range: scope.range(imp.span),
      confidence: mapped ? 'high' : 'medium',
      // A module name that is no project's name is weak evidence on its own: namespace packages
      // (`opentelemetry.util`), distributions named otherwise (`deepgram` from deepgram-sdk), scripts a notebook
      // downloads and packages installed from git all look like that. On 14 real repositories none of 60 such
      // findings was an invented package, so an unmapped import is advisory (audit profile); a mapped one stays.
      advisory: !mapped,
      data: { detail: `No package provides \`${imp.module}\`: ${distribution} does not exist on ${ecosystem === 'pypi' ? 'PyPI' : 'the npm registry'}${absenceEvidence(ctx.ports, ecosystem, distribution)}. If the code was generated, the import is probably invented, and anyone can register the name.` },
      fingerprintSeed: `${ecosystem}:${distribution}`,
    });
    return true;
  }
  checkDependency({ ...scope, ctx: withOnly(ctx, ['AIS505']), newnessOnly: true }, { ecosystem, name: distribution, nameSpan: imp.span, source: 'registry', group: 'import', role: 'install', entrySpan: imp.span });
  return false;
}

function reportUndeclared(ctx: TextContext, intel: PackageIntel, imp: ImportRef, dists: readonly string[]): void {
  if (imp.optional) return;
  const manifest = ctx.ports.project?.manifestFor?.(ctx.path, imp.ecosystem);
  const distribution = dists[0]!;
  const fixes: Fix[] = [];
  // The fix writes a distribution name only when the import map (or the online index) names it, or the guess
  // from the module's name is a well-known distribution: another guess may belong to nobody, or to a typosquat.
  if (manifest && (namesDistribution(intel, imp) || intel.isPopular(imp.ecosystem, distribution))) {
    const edit = addDependencyEdit(manifest, distribution, intel.registryFacts?.(imp.ecosystem, distribution)?.latestVersion);
    if (edit) fixes.push({ title: `Add ${distribution} to ${manifest.file}`, applicability: 'unsafe', edits: [edit] });
  }
  ctx.report({
    ruleId: 'AIS506',
    range: ctx.rangeOf(imp.span.start, imp.span.end),
    data: { module: imp.module, dist: dists.length > 1 ? `${distribution} (or ${dists.slice(1, 3).join(', ')})` : distribution },
    fixes,
    fingerprintSeed: `${imp.ecosystem}:${distribution}`,
  });
}

/** True when no manifest declares the import, false when one does, undefined when the host gave no facts. */
function isUndeclared(project: ProjectFacts | undefined, path: string, imp: ImportRef, dists: readonly string[]): boolean | undefined {
  if (imp.outsideManifests) return undefined;
  const declared = project?.declaredDependencies?.(path, imp.ecosystem);
  if (!declared) return undefined;
  const has = (n: string): boolean => declared.has(n) || declared.has(normalizeName(imp.ecosystem, n));
  if (dists.some(has)) return false;
  if (imp.ecosystem === 'npm') {
    // Types-only packages satisfy type imports, and `@types/x` is how JS packages without types are declared.
    const [scope, bare] = imp.module.startsWith('@') ? imp.module.slice(1).split('/') : [undefined, imp.module];
    const typesName = scope ? `@types/${scope}__${bare}` : `@types/${bare}`;
    if (imp.typeOnly && has(typesName)) return false;
  }
  return true;
}

/** True when the import map names the module's distribution (npm modules are their package's name). */
function namesDistribution(intel: PackageIntel, imp: ImportRef): boolean {
  if (imp.ecosystem === 'npm') return true;
  const parts = imp.module.split('.');
  for (let n = parts.length; n >= 1; n--) if ((intel.distributionsForImport?.(parts.slice(0, n).join('.'))?.length ?? 0) > 0) return true;
  return false;
}

function distributionsOf(intel: PackageIntel, imp: ImportRef): string[] {
  if (imp.ecosystem === 'npm') return [imp.module];
  const parts = imp.module.split('.');
  const out: string[] = [];
  // The longest mapped prefix wins (`google.protobuf` before `google`).
  for (let n = parts.length; n >= 1 && out.length === 0; n--) {
    const mapped = intel.distributionsForImport?.(parts.slice(0, n).join('.'));
    if (mapped && mapped.length > 0) for (const d of mapped) out.push(normalizeName('pypi', d));
  }
  if (out.length === 0) out.push(normalizeName('pypi', imp.topLevel));
  // Namespace packages are named after their dotted path (`google.cloud.bigquery` → `google-cloud-bigquery`).
  for (let n = parts.length; n >= 2; n--) out.push(normalizeName('pypi', parts.slice(0, n).join('-')));
  return [...new Set(out)];
}

/** An unmapped module whose name appears inside a declared distribution name (`python-foo`, `foo-client`, `pyfoo`). */
function declaredUnderAnotherName(project: ProjectFacts | undefined, path: string, imp: ImportRef): boolean {
  if (imp.ecosystem !== 'pypi') return false;
  const declared = project?.declaredDependencies?.(path, 'pypi');
  if (!declared) return false;
  const module = normalizeName('pypi', imp.topLevel).replace(/-/g, '');
  if (module.length < 3) return false;
  for (const d of declared) if (d.replace(/-/g, '').includes(module)) return true;
  return false;
}

/** Modules that come with the interpreter or the installer itself (setup.py imports setuptools without declaring it). */
const INSTALLER_MODULES = new Set(['__future__', 'setuptools', 'pkg_resources', 'distutils', 'pip', '_pytest']);

/** Modules the runtime or host application provides (VS Code extensions, Bun, k6 scripts); never installed. */
const HOST_PROVIDED = new Set(['vscode', 'bun', 'k6']);

function isStandard(intel: PackageIntel, imp: ImportRef): boolean {
  if (imp.ecosystem === 'npm') return isNodeBuiltin(imp.module) || HOST_PROVIDED.has(imp.module) || /^(bun|deno):/.test(imp.module);
  return INSTALLER_MODULES.has(imp.topLevel) || (intel.isPythonStdlib?.(imp.topLevel) ?? false);
}

function isFirstParty(ctx: TextContext, imp: ImportRef): boolean {
  const project = ctx.ports.project;
  if (project?.isFirstParty?.(ctx.path, imp.ecosystem, imp.topLevel)) return true;
  if (imp.ecosystem === 'pypi' && project?.fileExists) {
    // A sibling module or package is first-party even when the host knows nothing else about the project.
    return project.fileExists(ctx.path, `${imp.topLevel}.py`) || project.fileExists(ctx.path, `${imp.topLevel}/__init__.py`) || project.fileExists(ctx.path, imp.topLevel);
  }
  return false;
}

/** A view of the context that drops reports under other ids (the import path reuses the dependency pipeline for newness only). */
function withOnly(ctx: TextContext, ids: readonly string[]): TextContext {
  return { ...ctx, report: (r) => (ids.includes(r.ruleId) ? ctx.report(r) : undefined) };
}
