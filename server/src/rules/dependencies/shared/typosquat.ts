/**
 * Typosquat detection (dependencies catalogue §3): a name that is not itself popular but sits next to a
 * popular one — one edit away (two for long names), a popular name plus a telltale affix
 * (`huggingface-hubs`, `requests-python`), an AI brand plus affixes (`deepseekai`, `claudeai-eng`), or npm scope confusion (`@typess/node`,
 * `@lodash-js/lodash`). Popular names are never reported, nor names that naming conventions explain
 * (`naming-conventions.ts`, one-word names the ecosystem names packages with, separator variants).
 * The transformations beyond these (`typosquat-classes.ts`) and those that need more evidence than their
 * shape, such as two popular names joined (`typosquat-evidence.ts`), are tried last.
 */
import type { Ecosystem, PackageIntel } from '../../../engine/ports';
import { addVariants, deletionsOf, forEachIdWithVariant, isVariantOf } from './deletion-variants';
import { boundedDistance, charHistogram, histogramsWithin, normalizeName, normalizedNames, splitScope, stripSeparators } from './names';
import { PYPI_COMPANION_AFFIXES, firstLetterDiffers, isLetterPrefix, isVersionLine } from './naming-conventions';
import { typosquatClassOf } from './typosquat-classes';
import { weightedLookAlikeOf } from './typosquat-evidence';
import { unlistedLookAlikeOf } from './typosquat-unlisted';
import { rewrittenWordsOf } from './typosquat-word-forms';
import type { ClassVerdict } from './typosquat-classes';

export interface TyposquatVerdict {
  /** The popular package the name imitates (the fix), or a brand when there is no single package. */
  intended: string;
  /** Whether `intended` is an installable package name (brands are not). */
  installable: boolean;
  reason: 'edit' | 'affix' | 'brand' | 'scope' | 'class';
  /** For the classes of `typosquat-classes.ts`: the transformation, worded for the message. */
  how?: string;
  kind?: ClassVerdict['kind'];
}

/** How many of the most popular names are typo targets; a squat imitates something much more popular. */
const EDIT_TARGETS = 5000;
/** Bits for an edit target's position in `editTargets` (2 ** 13 > EDIT_TARGETS). */
const EDIT_ID_BITS = 13;
const AFFIX_TARGETS = 1000;
/** Popular unscoped names that an unknown scope may not claim (`@lodash-official/lodash`). */
const COMBO_TARGETS = 300;

/**
 * Not `cli`: a `-cli` package is the command line of the library it names (`redis-cli`, `typer-cli`, `dotenv-cli`);
 * 8 of the top 15,000 names are such companions, against one known-malicious name (`chai-cli`).
 */
const AFFIXES = new Set(['py', 'python', 'python3', 'py3', 'js', 'node', 'lib', 'sdk', 'api', 'client', 'official', 'dev', 'plus', 'pro', 'hub', 'hubs', 'eng', '2', '3', 'v2', 'install', 'setup']);

/** Frameworks whose plugins are named `<framework>-<other package>` by convention. */
const PLUGIN_HOSTS = new Set(['django', 'flask', 'pytest', 'sphinx', 'types', 'jupyter', 'mkdocs', 'apache', 'azure', 'google', 'aws', 'opentelemetry', 'fastapi', 'langchain', 'llama', 'llama-index', 'react', 'vue', 'eslint', 'babel', 'rollup', 'vite', 'webpack', 'gatsby', 'postcss', 'prettier', 'karma', 'grunt', 'gulp', 'jest', 'mocha', 'express', 'koa', 'fastify', 'next', 'nuxt', 'svelte', 'angular', 'ember', 'tailwindcss', 'stylelint', 'remark', 'rehype', 'unified', 'markdown-it', 'typescript', 'graphql', 'apollo', 'redux', 'mongoose', 'sequelize', 'airflow', 'dbt', 'pandas', 'torch', 'tensorflow', 'keras', 'odoo', 'plone', 'wagtail', 'celery', 'sqlalchemy', 'pydantic', 'streamlit', 'gradio', 'napari', 'qiskit', 'pulumi', 'cdk', 'serverless', 'homebridge', 'hexo', 'docusaurus', 'storybook', 'nx']);
/** Words that dress up a brand without naming a real integration (`gptplus`, `claudeai-tools`). */
const BRAND_AFFIXES = new Set([...AFFIXES, 'ai', 'cli', 'tools', 'utils', 'bot', 'chat', 'wrapper', 'free', 'unlimited', 'turbo', 'helper', 'helpers', 'kit', 'x']);
const AI_BRANDS = ['openai', 'anthropic', 'claude', 'chatgpt', 'gpt', 'gemini', 'deepseek', 'huggingface', 'mistral', 'ollama', 'copilot'];

interface Index {
  ecosystem: Ecosystem;
  popular: ReadonlySet<string>;
  /** Separator-free form → popular name. */
  stripped: ReadonlyMap<string, string>;
  /** The edit targets of four characters or more, in order of popularity. */
  editTargets: readonly string[];
  /** Their one-deletion variants and themselves, hashed, with their position in `editTargets` (deletion-variants.ts). */
  editVariants: Float64Array;
  /** The length of the longest edit target: a name within two edits of one is at most two characters longer. */
  longestTarget: number;
  /** Long edit targets (≥ 9 characters) by length, with character histograms, for distance-2 comparisons. */
  longByLength: ReadonlyMap<number, readonly { name: string; histogram: Uint8Array }[]>;
  /** Verdicts already computed (a lockfile repeats names; the language server re-checks on every edit). */
  verdicts: Map<string, TyposquatVerdict | null>;
  affixTargets: ReadonlySet<string>;
  comboTargets: ReadonlySet<string>;
  /** npm: scopes of popular scoped packages, and bare name → popular scoped packages. */
  scopes: ReadonlySet<string>;
  scopedByBare: ReadonlyMap<string, readonly string[]>;
  /** Rank of each popular name (0 = most popular). */
  rank: ReadonlyMap<string, number>;
}

const indexes = new WeakMap<readonly string[], Index>();

/** The verdict for `name`, or undefined when it does not look like a squat. */
export function typosquatOf(intel: PackageIntel, ecosystem: Ecosystem, rawName: string): TyposquatVerdict | undefined {
  const name = normalizeName(ecosystem, rawName);
  if (name.length < 4 || intel.isPopular(ecosystem, name)) return undefined;
  const index = indexFor(intel, ecosystem);
  if (index.popular.has(name)) return undefined;
  // A one-word name the ecosystem names packages with (`dataset`, `storage`, `cookies`) was chosen as a word; its
  // popular neighbour (`datasets`, `storage3`, `cookie`) is no evidence of a typo.
  if (/^[a-z][a-z0-9]*$/.test(name) && intel.isNamingWord?.(ecosystem, name)) return undefined;
  // Both registries refuse a new name that equals an existing one once `-`, `_` and `.` are removed (PyPI's
  // ultranormalised names, npm's "new package monikers" rule for unscoped names), so a separator variant of a
  // popular name is an old, grandfathered project or cannot be registered at all: no squat either way
  // (`git-python`, `django-rest-framework`, `findup`). One that does not exist is reported as such, with the fix.
  if (!name.startsWith('@') && index.stripped.has(stripSeparators(name))) return undefined;
  const cached = index.verdicts.get(name);
  if (cached !== undefined) return cached ?? undefined;
  const verdict = computeVerdict(index, ecosystem, name) ?? classVerdict(intel, ecosystem, name);
  if (index.verdicts.size > 100_000) index.verdicts.clear();
  index.verdicts.set(name, verdict ?? null);
  return verdict;
}

function computeVerdict(index: Index, ecosystem: Ecosystem, name: string): TyposquatVerdict | undefined {
  if (ecosystem === 'npm') {
    const [scope, bare] = splitScope(name);
    if (scope) return scopeConfusion(index, scope, bare);
    const scoped = index.scopedByBare.get(name);
    // The scope left out: `tinycolor` for `@ctrl/tinycolor`.
    if (scoped && name.length >= 8) return { intended: scoped[0]!, installable: true, reason: 'scope' };
  }
  const edit = nearestByEdit(index, name);
  if (edit) return { intended: edit, installable: true, reason: 'edit' };
  const tokens = name.split(/[-_.]/).filter(Boolean);
  const affix = affixSquat(index, tokens, name);
  if (affix && isVersionLine(ecosystem, name, affix)) return undefined;
  if (affix) return { intended: affix, installable: true, reason: 'affix' };
  const brand = brandSquat(tokens);
  if (brand) return { intended: brand, installable: false, reason: 'brand' };
  return undefined;
}

/**
 * Whether the look-alike is among the names squatters imitate (the most popular ones, as for edits) or is a
 * brand. A name the registry has that sits next to a package outside them is a neighbour, not a squat:
 * `sourcery` (the code-review tool) is one typing slip from `sorcery`, ranked 13,534th.
 */
export function isSquatTarget(intel: PackageIntel, ecosystem: Ecosystem, verdict: TyposquatVerdict): boolean {
  if (!verdict.installable) return true;
  const rank = indexFor(intel, ecosystem).rank.get(normalizeName(ecosystem, verdict.intended));
  return rank === undefined || rank < EDIT_TARGETS;
}

/** The transformations beyond one edit, against every popular name (see `typosquat-classes.ts`). */
function classVerdict(intel: PackageIntel, ecosystem: Ecosystem, name: string): TyposquatVerdict | undefined {
  const popular = intel.popularNames(ecosystem);
  const found = typosquatClassOf(popular, ecosystem, name, { isTypingSlip, vendorScoped: intel.vendorScopedNames?.(ecosystem), isListed: (twin) => intel.isListed?.(ecosystem, twin) === true }) ?? weightedLookAlikeOf(popular, ecosystem, name, { isTypingSlip, areNeighbours: neighbours }) ?? rewrittenWordsOf(popular, ecosystem, name) ?? (intel.isUnlisted?.(ecosystem, name) === true ? unlistedLookAlikeOf(popular, ecosystem, name) : undefined);
  // A package under a foreign scope is no typo of the popular one: replacing it would swap in another project;
  // nor are two names joined a typo of either.
  return found ? { intended: found.intended, installable: found.kind !== 'scope-foreign' && found.kind !== 'scope-look-alike' && found.kind !== 'unlisted-joined', reason: 'class', how: found.how, kind: found.kind } : undefined;
}

/** The most popular name within edit distance 1 (2 when both names have at least 9 characters). */
function nearestByEdit(index: Index, name: string): string | undefined {
  // No target lies within two edits of a longer name, and its deletions alone are quadratic in its length (a
  // 20,000-character name in a manifest, fuzz inputs 31/9084, 31/19884 and 31/47092, took 4-20 s).
  if (name.length > index.longestTarget + 2) return undefined;
  let best: string | undefined;
  const scoped = name.startsWith('@');
  const bareLength = (n: string): number => splitScope(n)[1].length;
  const consider = (target: string): void => {
    if (target === name || target.length < 4) return;
    // Scoped and unscoped names are compared by the scope rules, never by plain edit distance.
    if (target.startsWith('@') !== scoped) return;
    const shortest = Math.min(bareLength(name), bareLength(target));
    const max = shortest >= 9 ? 2 : 1;
    const distance = boundedDistance(name, target, max);
    if (distance > max) return;
    // Two edits only when one of them is a separator (`python_dateutill`): otherwise long names collide by chance.
    if (distance === 2 && boundedDistance(stripSeparators(name), stripSeparators(target), 1) > 1) return;
    // Naming conventions, not mistakes: a version line (`elasticsearch7`) or an implementation letter (`cchardet`);
    // a different first letter is a slip only on a neighbouring key (`dequests`) or swapped with the second (`si-wsl`).
    if (isVersionLine(index.ecosystem, name, target) || isLetterPrefix(name, target)) return;
    if (firstLetterDiffers(name, target) && !isTypingSlip(name.slice(0, 2), target.slice(0, 2))) return;
    // Short names sit next to each other by chance (tool/toml, eclint/eslint): there, only typing slips count.
    if (shortest <= 6 && !isTypingSlip(name, target)) return;
    if (!best || index.rank.get(target)! < index.rank.get(best)!) best = target;
  };
  for (const variant of [name, ...deletionsOf(name)]) {
    forEachIdWithVariant(index.editVariants, EDIT_ID_BITS, variant, (id) => {
      const target = index.editTargets[id]!;
      if (isVariantOf(variant, target)) consider(target);
    });
  }
  if (best) return best;
  if (name.length >= 9) {
    const histogram = charHistogram(name);
    for (let len = name.length - 2; len <= name.length + 2; len++) {
      for (const target of index.longByLength.get(len) ?? []) if (histogramsWithin(histogram, target.histogram, 2)) consider(target.name);
    }
  }
  return best;
}

function scopeConfusion(index: Index, scope: string, bare: string): TyposquatVerdict | undefined {
  if (index.scopes.has(scope)) {
    // A popular scope: a squat would need a typo in the bare name, handled by the edit check on the full name.
    const full = `${scope}/${bare}`;
    const edit = nearestByEdit(index, full);
    return edit ? { intended: edit, installable: true, reason: 'edit' } : undefined;
  }
  // A typo of a popular scope with a package that lives there (`@typess/node` → `@types/node`).
  for (const popularScope of index.scopes) {
    if (popularScope.length >= 4 && boundedDistance(scope, popularScope, 1) <= 1 && index.popular.has(`${popularScope}/${bare}`)) {
      return { intended: `${popularScope}/${bare}`, installable: true, reason: 'scope' };
    }
  }
  // An unknown scope that claims to publish a popular unscoped name (`@lodash-official/lodash`). Any other scope on
  // a popular name is the usual way to publish a fork or a wrapper (`@zkochan/rimraf`, `@isaacs/brace-expansion`,
  // `@prisma/debug`: 33 of the top 15,000 npm names), and framework names are reused by every plugin scope
  // (`@dprint/typescript`, `@sentry/react`).
  if (bare.length >= 5 && index.comboTargets.has(bare) && !PLUGIN_HOSTS.has(bare) && stripSeparators(scope.slice(1)).includes(stripSeparators(bare))) return { intended: bare, installable: true, reason: 'scope' };
  return undefined;
}

function affixSquat(index: Index, tokens: readonly string[], name: string): string | undefined {
  if (tokens.length >= 2) {
    const first = tokens[0]!;
    const last = tokens[tokens.length - 1]!;
    const isAffix = (word: string): boolean => AFFIXES.has(word) && !(index.ecosystem === 'pypi' && PYPI_COMPANION_AFFIXES.has(word));
    if (isAffix(last)) {
      const base = tokens.slice(0, -1).join('-');
      if (isAffixTarget(index, base)) return index.stripped.get(stripSeparators(base));
    }
    if (isAffix(first)) {
      const base = tokens.slice(1).join('-');
      if (isAffixTarget(index, base)) return index.stripped.get(stripSeparators(base));
    }
  }
  // Glued affixes: `pyrequests`, `requestspy`, `numpy2`.
  for (const prefix of ['python', 'py']) {
    if (name.startsWith(prefix) && isAffixTarget(index, name.slice(prefix.length))) return index.stripped.get(stripSeparators(name.slice(prefix.length)));
  }
  for (const suffix of ['py', 'js', '2', '3', 's']) {
    if (name.endsWith(suffix) && isAffixTarget(index, name.slice(0, -suffix.length))) return index.stripped.get(stripSeparators(name.slice(0, -suffix.length)));
  }
  return undefined;
}

function isAffixTarget(index: Index, base: string): boolean {
  if (base.length < 4) return false;
  const target = index.stripped.get(stripSeparators(base));
  return target !== undefined && index.affixTargets.has(target) && !PLUGIN_HOSTS.has(target);
}

function brandSquat(tokens: readonly string[]): string | undefined {
  const glued = tokens.join('');
  for (const brand of AI_BRANDS) {
    // Only a brand dressed up with generic affixes (`gptplus`, `claudeai-eng`); real integrations add a real word.
    if (glued.startsWith(brand) && glued.length > brand.length && splitsIntoAffixes(glued.slice(brand.length))) return brand;
    if (glued.endsWith(brand) && glued.length > brand.length && splitsIntoAffixes(glued.slice(0, -brand.length))) return brand;
  }
  return misspeltBrand(glued);
}

/**
 * A brand of seven letters or more misspelt by one typing slip, alone or with generic affixes (`deepseeek`,
 * `antrhopic-sdk`): the brand is what the user searched for, and no real project spells it wrong. A plural is
 * not a slip here (`copilots`), nor is a letter in front (see `isLetterPrefix`).
 */
function misspeltBrand(glued: string): string | undefined {
  for (const brand of AI_BRANDS) {
    if (brand.length < 7) continue;
    for (let length = brand.length - 1; length <= brand.length + 1; length++) {
      const head = glued.slice(0, length);
      if (head.length !== length || head === brand || head === `${brand}s` || head[0] !== brand[0]) continue;
      if (isTypingSlip(head, brand) && splitsIntoAffixes(glued.slice(length))) return brand;
    }
  }
  return undefined;
}

function splitsIntoAffixes(s: string): boolean {
  if (s === '') return true;
  for (let i = 1; i <= s.length; i++) if (BRAND_AFFIXES.has(s.slice(0, i)) && splitsIntoAffixes(s.slice(i))) return true;
  return false;
}

function indexFor(intel: PackageIntel, ecosystem: Ecosystem): Index {
  const names = intel.popularNames(ecosystem);
  const cached = indexes.get(names);
  if (cached) return cached;
  const normalized = normalizedNames(ecosystem, names);
  const rank = new Map<string, number>();
  normalized.forEach((n, i) => {
    if (!rank.has(n)) rank.set(n, i);
  });
  const stripped = new Map<string, string>();
  for (const n of normalized) if (!stripped.has(stripSeparators(n))) stripped.set(stripSeparators(n), n);
  const editTargets: string[] = [];
  const editVariants: number[] = [];
  const longByLength = new Map<number, { name: string; histogram: Uint8Array }[]>();
  let longestTarget = 0;
  for (const n of normalized.slice(0, EDIT_TARGETS)) {
    if (n.length < 4) continue;
    longestTarget = Math.max(longestTarget, n.length);
    addVariants(editVariants, n, editTargets.length, EDIT_ID_BITS);
    editTargets.push(n);
    if (n.length >= 9) {
      const entry = { name: n, histogram: charHistogram(n) };
      const list = longByLength.get(n.length);
      if (list) list.push(entry);
      else longByLength.set(n.length, [entry]);
    }
  }
  const scopes = new Set<string>();
  const scopedByBare = new Map<string, string[]>();
  if (ecosystem === 'npm') {
    normalized.forEach((n, rank) => {
      const [scope, bare] = splitScope(n);
      if (!scope) return;
      scopes.add(scope);
      // Only very popular scoped packages are "scope left out" targets; `@types/x` always mirrors a real `x`.
      if (rank >= AFFIX_TARGETS || scope === '@types') return;
      const list = scopedByBare.get(bare);
      if (list) list.push(n);
      else scopedByBare.set(bare, [n]);
    });
  }
  const index: Index = {
    ecosystem,
    popular: new Set(normalized),
    stripped,
    editTargets,
    editVariants: Float64Array.from(editVariants).sort(),
    longestTarget,
    longByLength,
    affixTargets: new Set(normalized.slice(0, AFFIX_TARGETS)),
    comboTargets: new Set(normalized.slice(0, COMBO_TARGETS)),
    scopes,
    scopedByBare,
    rank,
    verdicts: new Map(),
  };
  indexes.set(names, index);
  return index;
}

const KEYBOARD_ROWS = ['1234567890-', 'qwertyuiop', 'asdfghjkl', 'zxcvbnm'];

/** Characters next to each other on a QWERTY keyboard, or commonly confused (`1`/`l`, `0`/`o`, `-`/`_`). */
function neighbours(a: string, b: string): boolean {
  if (/^[1li]{2}$|^[0o]{2}$|^[-_.]{2}$|^[mn]{2}$/.test(a + b)) return true;
  for (let r = 0; r < KEYBOARD_ROWS.length; r++) {
    const i = KEYBOARD_ROWS[r]!.indexOf(a);
    if (i < 0) continue;
    for (let dr = -1; dr <= 1; dr++) {
      const row = KEYBOARD_ROWS[r + dr];
      if (!row) continue;
      for (let dc = -1; dc <= 1; dc++) if (row[i + dc] === b) return true;
    }
  }
  return false;
}

/**
 * One slip of the fingers: an adjacent swap, a doubled or dropped character, or a neighbouring key.
 * (The names are already known to be one edit apart.)
 */
function isTypingSlip(a: string, b: string): boolean {
  if (a.length !== b.length) {
    const [long, short] = a.length > b.length ? [a, b] : [b, a];
    let i = 0;
    while (i < short.length && long[i] === short[i]) i++;
    // A doubled character (`numpyy`, `requestss`) or a dropped one (`reqests`): both are slips. A letter in front
    // of a name is a naming convention instead (`cchardet`, `rtoml`; see `naming-conventions.ts`).
    return long.slice(0, i) + long.slice(i + 1) === short && !isLetterPrefix(a, b);
  }
  const diffs: number[] = [];
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) diffs.push(i);
  if (diffs.length === 2) return diffs[1] === diffs[0]! + 1 && a[diffs[0]!] === b[diffs[1]!] && a[diffs[1]!] === b[diffs[0]!];
  return diffs.length === 1 && neighbours(a[diffs[0]!]!, b[diffs[0]!]!);
}

/** The most popular name within a small edit distance, to suggest for a name the registry lacks. */
export function closestPopularName(intel: PackageIntel, ecosystem: Ecosystem, rawName: string): string | undefined {
  const name = normalizeName(ecosystem, rawName);
  if (name.length < 4) return undefined;
  return nearestByEdit(indexFor(intel, ecosystem), name);
}
