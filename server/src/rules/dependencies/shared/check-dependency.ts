/**
 * The per-dependency pipeline shared by manifests, lockfiles, setup.py and install commands
 * (catalogue §2, "offline first"): skip first-party and conda names, then known-malicious names and
 * versions, vulnerable versions, look-alikes, names the registry lacks, brand-new names, mutable VCS/URL
 * references, plain-http URLs and npm aliases. Each finding is reported under its own rule code.
 */
import type { Fix, Range, Severity } from '../../../engine/finding';
import type { Ecosystem, PackageIntel, RegistryFacts } from '../../../engine/ports';
import type { TextContext } from '../../../engine/rule';
import type { Dependency, Span } from '../../../engine/manifests/types';
import { isCommitSha } from '../../../engine/manifests/pep508';
import { absenceEvidence } from './absence';
import { hasNonAscii, normalizeName } from './names';
import { closestPopularName, isSquatTarget, typosquatOf, type TyposquatVerdict } from './typosquat';
import { vulnerabilityReport } from './vulnerable';

const TYPING_SLIPS: ReadonlySet<TyposquatVerdict['reason']> = new Set(['edit', 'scope']);
/**
 * The look-alike classes reported in lockfiles: only names written with look-alike characters or digits. The
 * other classes (slips, vowels, affixes, dropped scopes, word order) match real, resolved packages there
 * (`passport-oauth1`, `pgvector` next to `@langchain/pgvector` in Flowise's lockfile), and the manifest entry
 * that asked for a package is where a typed look-alike is reported.
 */
const LOCKFILE_CLASSES: ReadonlySet<NonNullable<TyposquatVerdict['kind']>> = new Set(['homoglyph', 'digits']);

/** Where the dependency was written; decides severities (a command runs now, a lockfile was resolved earlier). */
export type Origin = 'manifest' | 'lockfile' | 'command';

export interface DependencyScope {
  ctx: TextContext;
  origin: Origin;
  /**
   * Where the manifest or command names an index other than the public registry: a name the public
   * registry lacks may well come from there (that risk is AIS509's), so it is not called invented.
   */
  otherIndexes?: readonly Span[];
  /** The manifest's own project name (never reported). */
  projectName?: string;
  /** Converts a span of the parsed text to a range in the analysed file. */
  range(span: Span): Range;
  /**
   * The caller keeps only the newness finding (AIS505; an import's package is checked for the rest elsewhere).
   * Newness needs the registry's facts with a first release: without them nothing it keeps can be reported, so
   * the look-alike search, the costliest step, is skipped (in a scan, most imports of unlisted modules).
   */
  newnessOnly?: boolean;
}

const NEW_PACKAGE_DAYS = 30;
const YOUNG_PACKAGE_DAYS = 90;

export function checkDependency(scope: DependencyScope, dep: Dependency): void {
  if (dep.ecosystem === 'conda') return;
  const ecosystem: Ecosystem = dep.ecosystem;
  const { ctx } = scope;
  if (dep.source === 'workspace') return;
  checkSourceLocation(scope, dep);
  if (dep.alias && scope.origin !== 'lockfile') checkAlias(scope, dep);
  if (!dep.name) return;
  // A VCS, archive-URL or path dependency is installed from its location, not from the registry, so the
  // registry's answers (malicious, missing, new, look-alike) are about another package: asking would report
  // a git dependency as "does not exist" and send its (often private) name.
  if (dep.source !== 'registry') return;
  if (isFirstParty(scope, ecosystem, dep.name)) return;
  const intel = ctx.ports.intel;
  if (!intel) return;
  const name = normalizeName(ecosystem, dep.name);
  if (isAllowed(ctx.config.options, ecosystem, name)) return;
  const nameRange = scope.range(dep.nameSpan);
  const seed = `${ecosystem}:${name}`;

  const malicious = intel.malicious(ecosystem, name);
  if (malicious === 'all') {
    const squat = typosquatOf(intel, ecosystem, name);
    ctx.report({
      ruleId: 'AIS501',
      range: nameRange,
      data: { detail: `${dep.name} is a known-malicious ${label(ecosystem)} package${squat?.installable ? ` imitating ${squat.intended}` : ''}; remove it and rotate any credentials it could have read.` },
      fixes: squat?.installable ? [replaceName(scope, dep, squat.intended)] : [],
      fingerprintSeed: seed,
    });
    return;
  }
  if (malicious && dep.pinned && malicious.includes(dep.pinned)) {
    ctx.report({
      ruleId: 'AIS501',
      range: scope.range(dep.pinnedSpan ?? dep.nameSpan),
      data: { detail: `${dep.name} ${dep.pinned} is a known-compromised release; pin a clean version and rotate any credentials it could have read.` },
      fingerprintSeed: `${seed}@${dep.pinned}`,
    });
  }
  vulnerabilityReport(scope, dep, ecosystem, name);
  const meant = scope.origin !== 'lockfile' ? intel.importNameConfusion?.(ecosystem, name) : undefined;
  if (meant && normalizeName(ecosystem, meant) !== name) {
    ctx.report({
      ruleId: 'AIS514',
      range: nameRange,
      data: { name: dep.name, meant },
      fixes: [replaceName(scope, dep, meant)],
      fingerprintSeed: seed,
    });
    return;
  }

  const popular = intel.isPopular(ecosystem, name);
  if (hasNonAscii(dep.name)) {
    ctx.report({ ruleId: 'AIS503', range: nameRange, severity: 'error', data: { detail: `${JSON.stringify(dep.name)} contains non-ASCII characters; registry names are ASCII, so this is a homoglyph look-alike or invalid.` }, fingerprintSeed: seed });
    return;
  }
  const hallucinatedAs = intel.knownHallucination?.(ecosystem, name);
  if (hallucinatedAs) {
    ctx.report({
      ruleId: 'AIS504',
      range: nameRange,
      severity: commandSeverity(scope, 'warning'),
      data: { detail: `${dep.name} is a name AI assistants invent; the registered package is an empty placeholder or a trap. Did you mean ${hallucinatedAs}?` },
      fixes: [replaceName(scope, dep, hallucinatedAs)],
      fingerprintSeed: seed,
    });
    return;
  }
  if (popular) return;
  // A lockfile was resolved by a registry, so a name missing from the (older) offline list is newer than
  // the list or private, not invented; only an online answer counts there.
  // A standard-library module listed by mistake (`tkinter`) cannot be registered: PyPI refuses those names.
  const stdlib = ecosystem === 'pypi' && intel.isPythonStdlib?.(name) === true;
  const absent = intel.exists(ecosystem, name) === false && !stdlib && !dep.index && !fromOtherIndex(scope, dep) && !(scope.origin === 'lockfile' && intel.nameListDate?.(ecosystem, name) !== undefined);
  const facts = intel.registryFacts?.(ecosystem, name);
  const now = ctx.ports.clock?.now();
  if (scope.newnessOnly && (!facts?.firstRelease || now === undefined)) return;
  const lookAlike = typosquatOf(intel, ecosystem, name);
  // The shapes that count only for a name the registry lacks count only where that absence is reported: not for
  // a name another index may serve, nor in a lockfile (see `typosquat-unlisted.ts`).
  const squat = lookAlike?.kind?.startsWith('unlisted-') === true && !absent ? undefined : lookAlike;
  // Edit distance alone is no evidence against a name the registry is known to have had for years with many
  // releases: that is a real neighbour (known-malicious names were reported above). Nor against a name the
  // registry has whose look-alike is outside the most popular names (see `isSquatTarget`). Names the snapshot
  // does not know, and young ones, are still reported.
  const established = isEstablished(facts, now);
  if (squat && (established || (intel.exists(ecosystem, name) === true && !isSquatTarget(intel, ecosystem, squat)))) {
    checkNewness(scope, intel, ecosystem, dep, name, nameRange);
    return;
  }
  // A lockfile entry is written by the resolver, not typed: a typing slip (an edit, a separator, a scope) shows in
  // the manifest entry that asked for it, which is reported there; deep in the tree, a look-alike that is no
  // known-malicious package (reported above) is a real neighbour (`memory-stream` next to `memorystream`).
  if (squat && scope.origin === 'lockfile' && (TYPING_SLIPS.has(squat.reason) || (squat.kind !== undefined && !LOCKFILE_CLASSES.has(squat.kind)))) return;
  if (squat) {
    const what = squat.how ?? (squat.reason === 'brand' ? `imitates the ${squat.intended} brand but is not one of its official packages` : squat.reason === 'scope' ? `looks like the popular ${squat.intended} under a different scope` : `looks like the popular package ${squat.intended}`);
    ctx.report({
      ruleId: 'AIS503',
      range: nameRange,
      // A shape that counts only for a name the list lacks keeps the error that name would get as missing.
      severity: dep.group === 'npx' || dep.group === 'uvx' || squat.kind?.startsWith('unlisted-') === true ? 'error' : undefined,
      data: { detail: `${dep.name} ${what}${absent ? absentToo(scope, ecosystem, name) : ''}; check that this is the package you meant.` },
      fixes: squat.installable ? [replaceName(scope, dep, squat.intended)] : [],
      fingerprintSeed: seed,
    });
    return;
  }
  if (absent) {
    const near = closestPopularName(intel, ecosystem, name);
    ctx.report({
      ruleId: 'AIS504',
      range: nameRange,
      severity: 'error',
      data: { detail: `${dep.name} does not exist on ${registry(ecosystem)}${absenceEvidence(ctx.ports, ecosystem, name)}: an invented name anyone can register${near ? ` (did you mean ${near}?)` : ''}. If it is internal, pin its index or scope so a public upload cannot win.` },
      fixes: near ? [replaceName(scope, dep, near)] : [],
      fingerprintSeed: seed,
    });
    return;
  }
  checkNewness(scope, intel, ecosystem, dep, name, nameRange);
}

/** True when another index may serve `dep`: any in a manifest, one on the same line for a command. */
function fromOtherIndex(scope: DependencyScope, dep: Dependency): boolean {
  const spans = scope.otherIndexes ?? [];
  if (scope.origin !== 'command') return spans.length > 0;
  const text = scope.ctx.text;
  return spans.some((span) => !text.slice(Math.min(span.start, dep.nameSpan.start), Math.max(span.end, dep.nameSpan.end)).includes('\n'));
}

/** For a look-alike that does not exist (yet): installing it fails today, and anyone can register it tomorrow. */
function absentToo(scope: DependencyScope, ecosystem: Ecosystem, name: string): string {
  return ` and does not exist on ${registry(ecosystem)}${absenceEvidence(scope.ctx.ports, ecosystem, name)}, so anyone can register it`;
}

function isEstablished(facts: RegistryFacts | undefined, now: number | undefined): boolean {
  if (!facts?.firstRelease || now === undefined) return false;
  return (facts.releaseCount ?? 0) >= 5 && now - Date.parse(facts.firstRelease) > 365 * 86_400_000;
}

/**
 * Slopsquatting signals for a name that exists but is not popular (registry facts, online only): reported
 * when it is brand new with a single release, or young (under 90 days) with two more signals among a
 * single release, no linked source repository and install scripts. The message lists the evidence.
 */
function checkNewness(scope: DependencyScope, intel: PackageIntel, ecosystem: Ecosystem, dep: Dependency, name: string, range: Range): void {
  const facts = intel.registryFacts?.(ecosystem, name);
  const now = scope.ctx.ports.clock?.now();
  if (!facts?.firstRelease || now === undefined) return;
  const ageDays = (now - Date.parse(facts.firstRelease)) / 86_400_000;
  if (!(ageDays >= 0 && ageDays < YOUNG_PACKAGE_DAYS)) return;
  const single = (facts.releaseCount ?? 1) <= 1;
  const others = [single ? 'has a single release' : '', facts.hasRepository === false ? 'links no source repository' : '', facts.hasInstallScripts ? 'runs install scripts' : ''].filter(Boolean);
  if (!(ageDays < NEW_PACKAGE_DAYS && single) && others.length < 2) return;
  const age = ageDays < 1 ? 'today' : `${Math.floor(ageDays)} day${Math.floor(ageDays) === 1 ? '' : 's'} ago`;
  scope.ctx.report({
    ruleId: 'AIS505',
    range,
    data: { name: dep.name, evidence: [`was first published ${age}`, ...others].join(', ').replace(/, ([^,]*)$/, ' and $1') },
    fingerprintSeed: `${ecosystem}:${name}`,
  });
}

/** VCS references without a commit SHA, archive URLs without a hash, and plain-http locations. */
function checkSourceLocation(scope: DependencyScope, dep: Dependency): void {
  const { ctx } = scope;
  if (!dep.url || !dep.urlSpan) return;
  const urlRange = scope.range(dep.urlSpan);
  const http = /^(?:[a-z]+\+)?http:\/\//i.exec(dep.url);
  if (http) {
    const at = dep.urlSpan.start + http[0].length - 'http://'.length;
    ctx.report({
      ruleId: 'AIS508',
      range: urlRange,
      severity: scope.origin === 'lockfile' ? 'warning' : 'error',
      data: { what: dep.name ? `The source of ${dep.name}` : 'This dependency URL' },
      fixes: [{ title: 'Use https://', applicability: 'unsafe', edits: [{ range: scope.range({ start: at, end: at + 'http'.length }), newText: 'https' }] }],
      fingerprintSeed: dep.url,
    });
  }
  if (scope.origin === 'lockfile') {
    // A lockfile records the commit it resolved; only a missing one is mutable.
    if (dep.source === 'vcs' && !isCommitSha(dep.vcsRef)) report(scope, dep, urlRange, `${dep.name} is locked to a git reference without a commit SHA, so it can change under the lockfile.`);
    else if (dep.source === 'registry' && !dep.integrity && /^https?:/.test(dep.url)) report(scope, dep, urlRange, `${dep.name} is locked without an integrity hash, so the downloaded archive is never verified; regenerate the lockfile.`);
    return;
  }
  // The repository's own owner publishes it (a dev image or make target installing the project from its own
  // GitHub repository): the same people control both, so a moving branch is theirs. Advisory, like AIS856.
  const owner = ctx.ports.project?.repositoryOwner?.(ctx.path);
  const own = owner !== undefined && githubOwner(dep.url ?? '') === owner;
  if (dep.source === 'vcs' && !isCommitSha(dep.vcsRef)) {
    const sha = ctx.ports.intel?.resolveVcsCommit?.(dep.url, dep.vcsRef, dep.name);
    const fixes: Fix[] = [];
    if (sha) {
      const edit = pinEdit(dep, sha);
      if (edit) fixes.push({ title: `Pin to commit ${sha.slice(0, 12)}`, applicability: 'unsafe', edits: [{ range: scope.range(edit.span), newText: edit.text }] });
    }
    report(scope, dep, urlRange, `${dep.name || 'This dependency'} comes from ${dep.vcsRef ? `the movable ref "${dep.vcsRef}"` : 'a repository\'s default branch'}${own ? ` of this repository's own owner (\`${owner}\`), so this is advisory, but only` : '; pin'} a full commit SHA ${own ? 'names' : 'so'} the code ${own ? 'that is installed' : 'cannot change after review'}.`, fixes, own);
  } else if (dep.source === 'url' && !dep.hasHashes && !/[#&](sha256|sha384|sha512)=/i.test(dep.url) && !/^https:\/\/(registry\.npmjs\.org|registry\.yarnpkg\.com|files\.pythonhosted\.org)\//.test(dep.url)) {
    report(scope, dep, urlRange, `${dep.name || 'This dependency'} is downloaded from a URL without a hash${own ? ` of this repository's own owner (\`${owner}\`), so this is advisory, but` : ', so'} the archive can change after review; add a #sha256= hash or use a registry version.`, [], own);
  }
}

/** Where the commit goes: replacing the ref, or (no ref) `@sha` before pip's `#egg=` fragment, `#sha` for npm. */
function pinEdit(dep: Dependency, sha: string): { span: Span; text: string } | undefined {
  const url = dep.url!;
  const start = dep.urlSpan!.start;
  if (dep.vcsRef) {
    // The ref is written in the URL (`@ref` for pip, `#ref` for npm) unless a table key (Poetry `branch`) holds it.
    const marker = Math.max(url.lastIndexOf(`@${dep.vcsRef}`), url.lastIndexOf(`#${dep.vcsRef}`));
    if (marker < 0) return undefined;
    const at = marker + 1;
    return { span: { start: start + at, end: start + at + dep.vcsRef.length }, text: sha };
  }
  // Poetry/uv tables keep the ref in their own key; without one there is no place in the URL to write it.
  if (dep.group.startsWith('tool.') || dep.ecosystem === 'conda') return undefined;
  if (dep.ecosystem === 'npm') return { span: { start: start + url.length, end: start + url.length }, text: `#${sha}` };
  const hash = url.indexOf('#');
  const at = hash < 0 ? url.length : hash;
  return { span: { start: start + at, end: start + at }, text: `@${sha}` };
}

function report(scope: DependencyScope, dep: Dependency, range: Range, detail: string, fixes: Fix[] = [], advisory = false): void {
  scope.ctx.report({ ruleId: 'AIS507', range, data: { detail }, fixes, fingerprintSeed: dep.url, ...(advisory ? { severity: 'info' as const, advisory: true } : {}) });
}

/** The lower-cased owner of a GitHub repository URL (`git+https://github.com/o/r.git@main`, `https://github.com/o/r`). */
function githubOwner(url: string): string | undefined {
  return /^(?:git\+)?(?:https?|ssh|git):\/\/(?:git@)?(?:codeload\.)?github\.com[/:]([A-Za-z0-9-]+)\//i.exec(url)?.[1]?.toLowerCase() ?? /^git@github\.com:([A-Za-z0-9-]+)\//i.exec(url)?.[1]?.toLowerCase();
}

function checkAlias(scope: DependencyScope, dep: Dependency): void {
  const alias = dep.alias!;
  if (normalizeName('npm', alias.name) === normalizeName('npm', dep.name)) return;
  const intel = scope.ctx.ports.intel;
  const shadowsPopular = intel?.isPopular('npm', alias.name) ?? false;
  scope.ctx.report({
    ruleId: 'AIS512',
    range: scope.range(alias.span),
    severity: shadowsPopular ? 'warning' : undefined,
    data: { alias: alias.name, target: dep.name, extra: shadowsPopular ? `, not the popular package ${alias.name}` : '' },
    fingerprintSeed: `${alias.name}->${dep.name}`,
  });
}

/**
 * `dependencies.allow` (config option): package names (globs, `@corp/*`) the team vouches for; they get no
 * package-risk findings (configuration risks such as plain-http sources are still reported).
 */
export function isAllowed(options: Readonly<Record<string, unknown>>, ecosystem: Ecosystem, name: string): boolean {
  const allow = options['dependencies.allow'];
  if (!Array.isArray(allow)) return false;
  return allow.some((pattern) => typeof pattern === 'string' && new RegExp(`^${pattern.split('*').map((p) => normalizeName(ecosystem, p).replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`).test(name));
}

function isFirstParty(scope: DependencyScope, ecosystem: Ecosystem, name: string): boolean {
  if (scope.projectName && normalizeName(ecosystem, scope.projectName) === normalizeName(ecosystem, name)) return true;
  return scope.ctx.ports.project?.isFirstParty?.(scope.ctx.path, ecosystem, name) ?? false;
}

/** Replaces the dependency's name (keeping extras, version and markers). */
export function replaceName(scope: DependencyScope, dep: Dependency, intended: string): Fix {
  return { title: `Use ${intended}`, applicability: 'display-only', edits: [{ range: scope.range(dep.nameSpan), newText: intended }] };
}

function commandSeverity(scope: DependencyScope, otherwise: Severity): Severity {
  return scope.origin === 'command' ? 'error' : otherwise;
}

function label(ecosystem: Ecosystem): string {
  return ecosystem === 'pypi' ? 'PyPI' : 'npm';
}

function registry(ecosystem: Ecosystem): string {
  return ecosystem === 'pypi' ? 'PyPI' : 'the npm registry';
}

