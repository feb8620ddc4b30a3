/**
 * Known-vulnerable versions: an exact pin (or lockfile version) is checked directly; a PyPI range with
 * an upper bound (`torch<2.6`, `transformers~=4.30.0`, `langchain==0.0.*`) is checked at the highest
 * version it allows, so an AI snippet's old constraint is caught even without a pin.
 */
import type { Fix } from '../../../engine/finding';
import type { Advisory, Ecosystem, PackageIntel } from '../../../engine/ports';
import type { Dependency } from '../../../engine/manifests/types';
import { compareVersionStrings, parseSpecifierSet, parseVersion } from '../../../engine/versions/pep440';
import { compareNpmVersions } from '../../../engine/versions/npm-semver';
import type { DependencyScope } from './check-dependency';
import { staleDays } from './absence';

/** Packages whose vulnerabilities are mostly code execution while loading models: reported as errors. */
const ML_LOADERS = new Set(['torch', 'transformers', 'tensorflow', 'keras', 'joblib', 'numpy', 'pillow', 'langchain', 'langchain-community', 'langchain-core', 'llama-index', 'gradio', 'mlflow', 'ray', 'onnx', 'safetensors', 'huggingface-hub', 'scikit-learn', 'sentence-transformers', 'vllm', 'bentoml']);

/**
 * Manifest sections that hold development-only dependencies: `project.optional-dependencies.dev`,
 * `tool.poetry.group.test.dependencies`, `tool.poetry.dev-dependencies`, `dependency-groups.lint`, npm `devDependencies`.
 */
const DEV_GROUP = /(?:^|[.])(?:dev|develop|development|test|tests|testing|lint|linting|docs?|typing|style|format|quality)(?:[.]|$)|dev-dependencies|devDependencies/i;

export function vulnerabilityReport(scope: DependencyScope, dep: Dependency, ecosystem: Ecosystem, name: string): void {
  const intel = scope.ctx.ports.intel!;
  if (dep.pinned) {
    noteMissingAdvisories(scope, intel, ecosystem);
    const advisories = intel.vulnerabilities(ecosystem, name, dep.pinned);
    if (advisories.length === 0) return;
    const target = safeTarget(intel, ecosystem, name, advisories);
    const fixes: Fix[] = target && dep.pinnedSpan ? [{ title: `Upgrade ${dep.name} to ${target}`, applicability: 'unsafe', edits: [{ range: scope.range(dep.pinnedSpan), newText: target }] }] : [];
    report(scope, dep, name, dep.pinned, advisories, target, fixes, dep.pinnedSpan ?? dep.nameSpan);
    return;
  }
  if (ecosystem !== 'pypi' || !dep.spec || !dep.specSpan) return;
  const probe = highestAllowed(dep.spec);
  if (!probe) return;
  noteMissingAdvisories(scope, intel, ecosystem);
  const advisories = intel.vulnerabilities(ecosystem, name, probe);
  if (advisories.length === 0) return;
  const target = safeTarget(intel, ecosystem, name, advisories);
  const fixes: Fix[] = target ? [{ title: `Require ${dep.name}>=${target}`, applicability: 'unsafe', edits: [{ range: scope.range(dep.specSpan), newText: `>=${target}` }] }] : [];
  report(scope, dep, name, `${dep.spec} (even its newest allowed version)`, advisories, target, fixes, dep.specSpan);
}

function report(scope: DependencyScope, dep: Dependency, name: string, version: string, advisories: readonly Advisory[], target: string | undefined, fixes: Fix[], span: { start: number; end: number }): void {
  const ids = advisories.map((a) => a.aliases.find((x) => x.startsWith('CVE-')) ?? a.id);
  const shown = ids.slice(0, 3).join(', ') + (ids.length > 3 ? ` and ${ids.length - 3} more` : '');
  const critical = ML_LOADERS.has(name) && advisories.some((a) => /code execution|arbitrary code|\bRCE\b|deserializ|pickle|eval/i.test(a.summary));
  // A development-only group (formatters, linters, test runners, docs) never ships: its advisories are advisory,
  // unless the package is an ML loader with a code-execution advisory (tests load models too).
  const devOnly = !critical && DEV_GROUP.test(dep.group);
  scope.ctx.report({
    ruleId: 'AIS502',
    range: scope.range(span),
    severity: critical ? 'error' : undefined,
    data: { name: dep.name, version, ids: shown, summary: /[.!?…]$/.test(advisories[0]!.summary) ? advisories[0]!.summary : `${advisories[0]!.summary}.`, fixed: `${target ? ` Fixed in ${target}.` : ' No fixed version is known.'}${staleAdvisories(scope, dep.ecosystem === 'npm' ? 'npm' : 'pypi')}` },
    fixes,
    fingerprintSeed: `${name}@${version}`,
    ...(devOnly ? { advisory: true } : {}),
  });
}

/**
 * A version about to be checked against advisories the intel does not have (npm offline, before `aisec intel
 * update`) would come out clean for want of data: the file gets a note saying which versions went unchecked and
 * how to get the data, once (the context keeps one note per message).
 */
function noteMissingAdvisories(scope: DependencyScope, intel: PackageIntel, ecosystem: Ecosystem): void {
  if (intel.hasAdvisories?.(ecosystem) !== false) return;
  const file = scope.ctx.path.split(/[\\/]/).pop() ?? scope.ctx.path;
  const label = ecosystem === 'npm' ? 'npm' : 'PyPI';
  scope.ctx.notChecked('AIS502', `the ${label} dependency versions of ${file} were not checked for known vulnerabilities: the package intelligence in use has no ${label} advisories. Run \`aisec intel update\` to download them for offline use, or allow online lookups (\`--online\`, setting \`aisec.dependencies.online\`).`);
}

/** A note when the offline advisories are old: a newer fix, or newer advisories, may exist. */
function staleAdvisories(scope: DependencyScope, ecosystem: Ecosystem): string {
  const date = scope.ctx.ports.intel?.advisoryDate?.(ecosystem);
  const age = date ? staleDays(scope.ctx.ports, date) : undefined;
  return age === undefined ? '' : ` (The offline advisories are of ${date!.slice(0, 10)}, ${age} days old: \`aisec intel update\` fetches newer ones.)`;
}

/** The lowest version that fixes every advisory, following later advisories that affect the fix itself. */
function safeTarget(intel: PackageIntel, ecosystem: Ecosystem, name: string, advisories: readonly Advisory[]): string | undefined {
  const compare = ecosystem === 'pypi' ? compareVersionStrings : compareNpmVersions;
  let current = advisories;
  let target: string | undefined;
  for (let round = 0; round < 8 && current.length > 0; round++) {
    const fixedIns = current.map((a) => a.fixedIn);
    if (fixedIns.some((f) => f === undefined)) return undefined;
    target = (fixedIns as string[]).reduce((a, b) => (compare(a, b) >= 0 ? a : b));
    current = intel.vulnerabilities(ecosystem, name, target);
  }
  return current.length === 0 ? target : undefined;
}

/** A version just below the range's upper bound, or undefined when the range has none. */
export function highestAllowed(spec: string): string | undefined {
  const specs = parseSpecifierSet(spec);
  if (!specs) return undefined;
  let best: string | undefined;
  const consider = (v: string | undefined): void => {
    if (v && (!best || compareVersionStrings(v, best) < 0)) best = v;
  };
  for (const s of specs) {
    if (s.operator === '<=') consider(s.version);
    else if (s.operator === '<') consider(justBelow(s.version));
    else if (s.operator === '~=') {
      const v = parseVersion(s.version);
      if (v) consider(`${v.release.slice(0, -1).join('.')}.99999`);
    } else if (s.operator === '==' && s.version.endsWith('.*')) consider(`${s.version.slice(0, -2)}.99999`);
  }
  return best;
}

function justBelow(version: string): string | undefined {
  const v = parseVersion(version);
  if (!v) return undefined;
  const release = [...v.release];
  while (release.length > 1 && release[release.length - 1] === 0) release.pop();
  const last = release.length - 1;
  if (release[last] === 0) return undefined;
  release[last] = release[last]! - 1;
  return `${release.join('.')}.99999`;
}
