/**
 * Typosquat classes beyond one edit (issue 16), checked against every popular name (npm-high-impact's
 * 17,000 and PyPI's top 15,000) after the edit-distance checks of `typosquat.ts` found nothing: a scope
 * dropped or swapped (`arm-dns` for `@azure/arm-dns`), an ecosystem affix (`node-`, `-js`, `.js`, `-lib`,
 * `python-`, `py-`, `-utils`, a number), words reordered (`nmap-python`), look-alike characters (`rn` for
 * `m`, `1` for `l`), digits for letters, changed vowels or doubled letters, a typing slip on a name below
 * the top 5,000, a separator dropped or moved plus one more edit, and an affix on top of one slip; on npm also a popular scoped package's name under an unrelated
 * scope (dependency confusion) and a scope written into the name (`sentry-utils`). Each verdict names its
 * transformation for the message.
 *
 * The popularity gap: popular names are never candidates (the caller returns first), so two popular
 * packages never flag each other (`preact`/`react`, `scapy`/`scipy`, `boto`/`moto`); only a name outside
 * the popularity lists can be called a copy of one inside them.
 */
import { addVariants, deletionsOf, forEachIdWithVariant } from './deletion-variants';
import { boundedDistance, normalizedNames, splitScope, stripSeparators } from './names';
import { PYPI_COMPANION_AFFIXES, isVersionLine } from './naming-conventions';

export interface ClassVerdict {
  intended: string;
  /** What was done to the popular name, for the message ("drops the scope of @azure/arm-dns"). */
  how: string;
  kind: 'scope-dropped' | 'scope-into-name' | 'scope-swapped' | 'scope-foreign' | 'affix' | 'word-order' | 'homoglyph' | 'digits' | 'vowels' | 'slip' | 'affix-and-slip' | 'version-copy' | 'plurals' | 'two-edits' | 'tagged' | 'doubled-letters' | 'word-forms' | 'inserted-word' | 'scope-look-alike' | 'unlisted-joined' | 'unlisted-tag';
}

/** Prefixes and suffixes that name an ecosystem or a flavour rather than a different project. */
const PREFIXES = ['python', 'py', 'node', 'js', 'lib'];
// Not `-python` or `-node`: bindings are named that way (`tree-sitter-python`).
const SUFFIXES = ['js', 'lib', 'utils', 'util', 'py', 'pkg'];
/** Suffixes that name a binding: evidence only on a misspelt name (`reqursts-python`, `minumatch-node`). */
const BINDING_SUFFIXES = ['python', 'node'];
/** Bare names that many scopes publish (`@org/eslint-config`): never evidence of a swapped scope. */
const SHARED_BARE_NAMES = /^(eslint-config|eslint-plugin|prettier-config|tsconfig|config|utils?|core|cli|ui|types|common|shared|components|icons|theme|react|vue|server|client|api|sdk|node|plugin|runtime|helpers|logger|constants|test-utils|build|dev|web|app|lib|styles?)$/;
/**
 * Bare names that follow a convention every publisher repeats under its own scope: a native binary per platform
 * (`@esbuild/linux-x64`, `@pnpm/linux-x64`), a component or hook named after its framework (`@radix-ui/react-context`,
 * `@chakra-ui/react-context`), a plugin or preset for a tool (`@vitejs/plugin-react`, `@rsbuild/plugin-react`).
 */
const PER_SCOPE_CONVENTIONS = /^(?:(?:linux|darwin|win32|windows|freebsd|openbsd|netbsd|sunos|android|aix|wasm32)-|(?:react|vue|svelte|solid|angular|preact|plugin|preset|eslint|babel|vite|rollup|webpack|postcss|tailwind|jest|vitest)-)/;
/**
 * The building blocks of a toolchain, which every compiler, test runner or SDK monorepo names the same way
 * (`@babel/parser`, `@prisma/generator`, `@effect/schema`, `@wdio/runner`, `@pnpm/fetch`): 22 of the 29 legitimate
 * names of the npm top 15,000 that a foreign scope on a popular bare name flagged under the popularity gap.
 */
const TOOLCHAIN_PARTS = /^(?:parser|generator|template|codegen|compiler|traverse|transform|transformer|runner|reporter|loader|resolver|bundler|schema|schemas|instrumentation|fetch|request|retry|commons|primitive|primitives|polyfill|polyfills|shims?|worker|cache|errors|env|types|typings|vm|engine)$/;
/** Frameworks whose plugins are named `<framework>-<other>`: their affixed forms are real plugins. */
const AFFIX_EXEMPT = /^(types|django|flask|pytest|sphinx|react|vue|eslint|babel|webpack|vite|rollup|jest|gulp|grunt|express|next|nuxt|svelte|angular|typescript|graphql|node|python|jupyter|mkdocs)$/;
const MIN_LENGTH = 6;
/**
 * The popularity gap for the looser classes (vowels, word order, an affix on a slip): only names among the
 * most popular are imitated that way, and below them legitimate neighbours are common.
 */
const LOOSE_TARGETS = 3000;
/** The popularity gap for a doubled letter on top of a slip (`doubledAndSlip`). */
const DOUBLED_SLIP_TARGETS = 3000;
/**
 * The shortest name (separators removed) for it: at eight letters, `react-jss` reads as `react-is` and `pottery`
 * (seven) as `poetry`, both real packages; from nine on, no name of either top 15,000 is flagged.
 */
const DOUBLED_SLIP_MIN_LENGTH = 9;
/** The shortest name (separators removed) whose first vowel may change for another (`lookAlike`). */
const FIRST_VOWEL_MIN_LENGTH = 8;
/** The popularity gap for a popular package's name under an unknown scope (`foreignScope`). */
const FOREIGN_SCOPE_TARGETS = 5000;
/** The popularity gap for the bare name under a look-alike scope (`lookAlikeScope`). */
const LOOK_ALIKE_SCOPE_TARGETS = 5000;
/** The popularity gap for a scope written into the name (`scopeIntoName`). */
const SCOPE_INTO_NAME_TARGETS = 5000;
/** The popularity gap for short names written with look-alike characters (`shortLookAlike`). */
const SHORT_TARGETS = 5000;
/**
 * The shortest name (separators removed) for a separator dropped or moved plus one more edit (`separatorAndEdit`):
 * at eight letters `umi-tools` reads as `uritools` and `rc-select` as `reselect`, all real; from nine on, no name of
 * either top 15,000 is flagged, under the popularity gap or against the top 5,000.
 */
const SEPARATOR_EDIT_MIN_LENGTH = 9;

interface ClassIndex {
  rank: ReadonlyMap<string, number>;
  /** Separator-free form → most popular name with it. */
  stripped: ReadonlyMap<string, string>;
  /** Bare name → the popular scoped packages with it (never `@types/…`). */
  scopedByBare: ReadonlyMap<string, readonly string[]>;
  /** Bare name → a vendor scope's package with it. */
  vendorByBare: ReadonlyMap<string, string>;
  /** Popular scopes. */
  scopes: ReadonlySet<string>;
  /** The popular and vendor scopes, most popular first, and every vendor package. */
  scopeList: readonly string[];
  vendorNames: ReadonlySet<string>;
  /** Words sorted → popular name (names of two or more words). */
  wordSets: ReadonlyMap<string, string>;
  homoglyphs: ReadonlyMap<string, string>;
  /** The same for popular names of three to five characters (`shortLookAlike`). */
  shortHomoglyphs: ReadonlyMap<string, string>;
  vowels: ReadonlyMap<string, string>;
  /** Popular names by rank, for `slipVariants`. */
  byRank: readonly string[];
  /** The length of the longest popular name: a slip differs from its target by at most one character. */
  longest: number;
  /**
   * Typing slips: for each popular name of six characters or more, the name and its one-deletion variants
   * as `hash * 2^15 + rank`, sorted. A hash match is only a candidate (`isTypingSlip` decides), and packing
   * them into one typed array keeps 200,000 variants in 1.6 MB instead of a 20 MB map of strings.
   */
  slipVariants: Float64Array;
  /**
   * The same for the separator-free forms of popular unscoped names of eight letters or more (`separatorAndEdit`),
   * as `hash * 2^15 + rank`.
   */
  flatVariants: Float64Array;
  /** First words of popular unscoped names → how many popular names start with them and a separator. */
  prefixFamilies: ReadonlyMap<string, number>;
}

/** Ranks count distinct names and fit in 15 bits, the id part of `slipVariants`. */
const RANK_BITS = 15;

const INDEXES = new WeakMap<readonly string[], ClassIndex>();

/** The first class that explains `name` as a copy of a popular name, or undefined. */
/** What the classes need besides the popular names. */
export interface ClassContext {
  isTypingSlip(a: string, b: string): boolean;
  /** Every package of the vendor scopes (`@azure/arm-dns`), popular or not, for the scope-dropped class. */
  vendorScoped?: readonly string[];
  /** Whether the offline name list has a name, for the twin of a look-alike scope (never looked up online). */
  isListed?(name: string): boolean;
}

export function typosquatClassOf(popularNames: readonly string[], ecosystem: 'pypi' | 'npm', name: string, context: ClassContext): ClassVerdict | undefined {
  const index = classIndexFor(popularNames, ecosystem, context.vendorScoped ?? []);
  if (index.rank.has(name)) return undefined;
  const [scope, bare] = splitScope(name);
  if (scope) return scopeSwap(index, scope, bare, context);
  return (
    (ecosystem === 'npm' ? scopeDropped(index, name) ?? scopeIntoName(index, name) : undefined) ??
    affixed(index, ecosystem, name, context.isTypingSlip) ??
    reordered(index, ecosystem, name) ??
    lookAlike(index, name) ??
    slip(index, ecosystem, name, context.isTypingSlip) ??
    separatorAndEdit(index, ecosystem, name)
  );
}

/**
 * `arm-dns` for `@azure/arm-dns`: a distinctive name (a separator or eight characters) that a popular scoped
 * package, or a package of a vendor scope, carries.
 */
function scopeDropped(index: ClassIndex, name: string): ClassVerdict | undefined {
  if (!isDistinctiveBare(name)) return undefined;
  const scoped = index.scopedByBare.get(name)?.[0] ?? index.vendorByBare.get(name);
  return scoped ? { intended: scoped, how: `drops the scope of ${scoped}`, kind: 'scope-dropped' } : undefined;
}

/**
 * `sentry-core` for `@sentry/core`, `tanstack-virtual-core` for `@tanstack/virtual-core`: the scope written into an
 * unscoped name, before the bare name with a separator or glued to it. Measured under the popularity gap, the
 * names it flags among the npm top 15,000 are the pre-scope names of Babel (`babel-core`, 8 names, 0.06 %), which
 * the full popularity list exempts.
 */
function scopeIntoName(index: ClassIndex, name: string): ClassVerdict | undefined {
  // No scoped name is longer than the longest popular one; each cut builds a candidate (quadratic in the length).
  if (name.length > index.longest + 1) return undefined;
  for (let i = 1; i < name.length - 1; i++) {
    const sep = /[-_.]/.test(name[i]!) ? 1 : 0;
    const target = `@${name.slice(0, i)}/${name.slice(i + sep)}`;
    const popular = index.rank.get(target);
    // A scope word that also starts popular unscoped names is a naming family of its own (`vue-router`,
    // `angular-core`), not a scope written out.
    if ((index.prefixFamilies.get(name.slice(0, i)) ?? 0) >= 2) continue;
    if ((popular !== undefined && popular < SCOPE_INTO_NAME_TARGETS) || index.vendorNames.has(target)) return { intended: target, how: `writes the scope of ${target} into the name`, kind: 'scope-into-name' };
  }
  return undefined;
}

/**
 * `@azure-sdk/arm-dns` for `@azure/arm-dns`: an unknown scope resembling a popular one (a slip, or one
 * containing the other) on a bare name that only that popular scope has among the popular packages; or an
 * unknown scope one slip or a separator away from a known scope that publishes the same bare name
 * (`@opentelemetrya/api`, `@google_cloud/common`, `@metaplex-foundations/umi-public-keys`): there the pair itself,
 * which the registry's name list confirms for packages below the popular ones, is the evidence (the list is a
 * filter that wrongly says "listed" for 0.4 % of names, and the look-alike scope must come first). A known scope
 * with a word added is no such evidence: `@react-native-firebase/analytics` and `@oxlint-tsgolint/linux-x64` are
 * real, and no malicious name of the lists takes that shape with a twin; a word that only dresses the scope up as
 * the publisher is (`@babel-official/runtime`, `@types-dev/estree`: `scopeDressing`).
 */
function scopeSwap(index: ClassIndex, scope: string, bare: string, context: ClassContext): ClassVerdict | undefined {
  if (index.scopes.has(scope)) return undefined;
  const mine = stripSeparators(scope.slice(1));
  for (const owner of index.scopeList) {
    const theirs = stripSeparators(owner.slice(1));
    if (theirs.length < 4) continue;
    const dressed = scopeDressing(mine, theirs);
    if (owner === '@types' && dressed === undefined) continue;
    if (mine !== theirs && dressed === undefined && boundedDistance(mine, theirs, 1) > 1) continue;
    const twin = `${owner}/${bare}`;
    if (!(index.rank.has(twin) || index.vendorNames.has(twin) || context.isListed?.(twin) === true)) continue;
    const how = dressed === undefined ? `moves ${twin} to the look-alike scope ${scope}` : `moves ${twin} to ${scope}, the scope ${owner} dressed up with "${dressed}"`;
    return { intended: twin, how, kind: 'scope-swapped' };
  }
  return uniqueScopeSwap(index, scope, bare) ?? lookAlikeScope(index, scope, bare, context.isTypingSlip) ?? foreignScope(index, scope, bare);
}

/**
 * `@typescript_eslinter/eslint`: an unknown scope spelt like a popular one of six letters or more (separators
 * changed, one typing slip after the same first letter, or up to two letters added at its end) on a popular name,
 * where no twin under the popular scope exists to confirm it. A word added to a scope names a project of its own
 * (`@react-native-firebase`); two letters do not, and neither does a different first letter (`@rsbuild` is not
 * `@esbuild`, `@remotion` not `@emotion`: both real, and both one key away).
 */
function lookAlikeScope(index: ClassIndex, scope: string, bare: string, isTypingSlip: ClassContext['isTypingSlip']): ClassVerdict | undefined {
  const popularBare = index.scopedByBare.has(bare) || (index.rank.get(index.stripped.get(stripSeparators(bare)) ?? '') ?? Infinity) < LOOK_ALIKE_SCOPE_TARGETS;
  if (!popularBare || bare.length < 4) return undefined;
  const mine = stripSeparators(scope.slice(1));
  for (const owner of index.scopeList) {
    const theirs = stripSeparators(owner.slice(1));
    if (theirs.length < 6 || owner === '@types' || owner === scope) continue;
    const extended = mine.startsWith(theirs) && mine.length - theirs.length <= 2;
    const slipped = mine[0] === theirs[0] && boundedDistance(mine, theirs, 1) === 1 && isTypingSlip(mine, theirs);
    if (mine !== theirs && !extended && !slipped) continue;
    return { intended: owner, how: `uses ${scope}, a look-alike of the popular scope ${owner}`, kind: 'scope-look-alike' };
  }
  return undefined;
}

/**
 * Dependency confusion: an unknown scope on the bare name of a popular scoped package that no other popular
 * scope publishes (`@rbapp/store` for `@tanstack/store`, `@majiajun7/claude-code` for
 * `@anthropic-ai/claude-code`), or on a popular unscoped name of six characters or more
 * (`@tezign/html-webpack-plugin`). The scope itself resembles nothing, so the evidence is the popularity gap
 * alone: the target must be among the most popular names, and bare names that many scopes publish
 * (`components`, `utils`) or that every plugin scope reuses (`react`, `eslint-plugin`) never count.
 */
function foreignScope(index: ClassIndex, scope: string, bare: string): ClassVerdict | undefined {
  // The bare names many scopes share are no evidence (`@nestjs/core` next to `@babel/core`), except `components`:
  // the commonest internal package name that dependency confusion takes, which no name of the npm top 15,000
  // is flagged for under the popularity gap (the one popular owner, `@storybook/components`, is still required).
  if ((bare !== 'components' && SHARED_BARE_NAMES.test(bare)) || PER_SCOPE_CONVENTIONS.test(bare) || TOOLCHAIN_PARTS.test(bare) || bare.length < 4) return undefined;
  const scoped = index.scopedByBare.get(bare)?.filter((n) => index.rank.get(n)! < FOREIGN_SCOPE_TARGETS);
  if (scoped?.length) {
    const owners = new Set(scoped.map((n) => splitScope(n)[0]));
    const target = scoped[0]!;
    if (owners.size !== 1) return undefined;
    // A bare name that is a more popular unscoped package (`debug`, `rimraf`) is a fork's name under its author's
    // scope (`@prisma/debug`, `@acme-corp/debug`), not the scoped package's name taken.
    const unscoped = index.stripped.get(stripSeparators(bare));
    if (unscoped !== undefined && index.rank.get(unscoped)! < index.rank.get(target)!) return undefined;
    return { intended: target, how: `puts the name of ${target} under the unrelated scope ${scope} (dependency confusion; check that ${scope} is your organisation's)`, kind: 'scope-foreign' };
  }
  return undefined;
}

/**
 * Words that present a scope as the real publisher's or its release channel rather than name a project: with the
 * twin under the popular scope, `@babel-official/runtime` is a copy. Not `node`, `pro`, `core` or `internal`,
 * which name real sibling scopes (`@swc-node/core`, `@tiptap-pro`, `@sentry-internal`); measured under the
 * popularity gap, the others flag no name of the npm top 15,000.
 */
const SCOPE_DRESSING = /^(?:official|dev|io|js|org|npm|team|inc|hq|lib|sdk|pkg|real|secure|latest)$/;

/** The dressing word when scope `mine` is the popular scope `theirs` with one before or after it (separators removed). */
function scopeDressing(mine: string, theirs: string): string | undefined {
  if (mine.length <= theirs.length) return undefined;
  const word = mine.startsWith(theirs) ? mine.slice(theirs.length) : mine.endsWith(theirs) ? mine.slice(0, -theirs.length) : undefined;
  return word !== undefined && SCOPE_DRESSING.test(word) ? word : undefined;
}

function uniqueScopeSwap(index: ClassIndex, scope: string, bare: string): ClassVerdict | undefined {
  if (!isDistinctiveBare(bare)) return undefined;
  const scoped = index.scopedByBare.get(bare);
  if (!scoped || scoped.length !== 1) return undefined;
  const owner = splitScope(scoped[0]!)[0]!;
  const [mine, theirs] = [stripSeparators(scope.slice(1)), stripSeparators(owner.slice(1))];
  if (theirs.length < 3 || !(mine.includes(theirs) || theirs.includes(mine) || boundedDistance(mine, theirs, 2) <= 2)) return undefined;
  return { intended: scoped[0]!, how: `moves ${scoped[0]} to the look-alike scope ${scope}`, kind: 'scope-swapped' };
}

function isDistinctiveBare(bare: string): boolean {
  return !SHARED_BARE_NAMES.test(bare) && (/[-_.]/.test(bare) ? bare.length >= 6 : bare.length >= 8);
}

/** A popular name with an ecosystem affix, possibly on top of one typing slip. */
function affixed(index: ClassIndex, ecosystem: 'pypi' | 'npm', name: string, isTypingSlip: (a: string, b: string) => boolean): ClassVerdict | undefined {
  for (const { base, affix, binding } of affixSplits(name)) {
    if (base.length < 4 || (ecosystem === 'pypi' && PYPI_COMPANION_AFFIXES.has(affix.replace(/^[-_.]/, '')))) continue;
    const exact = index.stripped.get(stripSeparators(base));
    if (exact && isVersionLine(ecosystem, name, exact)) continue;
    // A framework's plugins are named with a separator (`react-dom`); glued to it, a language affix names nothing
    // but the framework itself (`typescriptjs`).
    const glued = /^[a-z]+$/.test(affix);
    if (exact && !binding && (!AFFIX_EXEMPT.test(exact) || glued)) return { intended: exact, how: `adds "${affix}" to ${exact}`, kind: 'affix' };
    if (base.length < 6) continue;
    const near = nearestSlip(index, base, isTypingSlip, LOOSE_TARGETS);
    if (near && (near[0] === base[0] || (base.length >= 7 && isTypingSlip(base.slice(0, 2), near.slice(0, 2)))) && !AFFIX_EXEMPT.test(near) && !isVersionLine(ecosystem, name, near)) return { intended: near, how: `adds "${affix}" to a misspelling of ${near}`, kind: 'affix-and-slip' };
  }
  return undefined;
}

/** Every way to read `name` as a base plus an affix: `node-x`, `x-js`, `x.js`, `pyx`, `x2`, `x-utils`. */
function affixSplits(name: string): { base: string; affix: string; binding?: boolean }[] {
  const out: { base: string; affix: string; binding?: boolean }[] = [];
  const tokens = name.split(/([-_.])/);
  if (tokens.length >= 3) {
    if (PREFIXES.includes(tokens[0]!)) out.push({ base: tokens.slice(2).join(''), affix: `${tokens[0]}${tokens[1]}` });
    const last = tokens[tokens.length - 1]!;
    if (SUFFIXES.includes(last) || /^\d+$/.test(last)) out.push({ base: tokens.slice(0, -2).join(''), affix: `${tokens[tokens.length - 2]}${last}` });
    // A binding of the exact name is a real project (`tree-sitter-python`), one of a misspelt name is not.
    else if (BINDING_SUFFIXES.includes(last)) out.push({ base: tokens.slice(0, -2).join(''), affix: `${tokens[tokens.length - 2]}${last}`, binding: true });
  }
  for (const prefix of ['python', 'py', 'node']) if (name.startsWith(prefix) && !/[-_.]/.test(name[prefix.length] ?? '')) out.push({ base: name.slice(prefix.length), affix: prefix });
  for (const suffix of ['js', 'py', 'lib']) if (name.endsWith(suffix) && !/[-_.]/.test(name[name.length - suffix.length - 1] ?? '')) out.push({ base: name.slice(0, -suffix.length), affix: suffix });
  const digits = /^(.*[a-z])(\d+)$/.exec(name);
  if (digits) out.push({ base: digits[1]!, affix: digits[2]! });
  return out;
}

/**
 * `nmap-python` for `python-nmap`, `event.custom` for `custom-event`. On npm any popular name counts: a reordered
 * name there is no project of its own (measured: of the npm names ranked 5,001-15,000, two reorder one of the top
 * 5,000, `retry-axios` and `react-autosize-textarea`, against two labelled and three more known-malicious names
 * caught, `vite-loader-svg`, `puppeteer-jest`). On PyPI only the most popular: integrations there are named both
 * ways (`flask-bootstrap` and `bootstrap-flask`, `pydantic-geojson` and `geojson-pydantic`), and no malicious PyPI
 * name reorders a name below them.
 */
function reordered(index: ClassIndex, ecosystem: 'pypi' | 'npm', name: string): ClassVerdict | undefined {
  const key = wordSetKey(name);
  const target = key ? index.wordSets.get(key) : undefined;
  const popularEnough = target !== undefined && (ecosystem === 'npm' || index.rank.get(target)! < LOOSE_TARGETS);
  return target && popularEnough && target !== name && stripSeparators(target) !== stripSeparators(name) ? { intended: target, how: `reorders the words of ${target}`, kind: 'word-order' } : undefined;
}

/** Look-alike characters, digits for letters, and vowel or doubled-letter changes (several at once). */
function lookAlike(index: ClassIndex, name: string): ClassVerdict | undefined {
  if (name.length < MIN_LENGTH) return shortLookAlike(index, name);
  const flat = stripSeparators(name);
  const glyph = index.homoglyphs.get(homoglyphKey(name));
  if (!glyph) {
    // Look-alike pairs make a short name longer (`rnocha` for `mocha`).
    const short = shortLookAlike(index, name);
    if (short) return short;
  }
  if (glyph && stripSeparators(glyph) !== flat) {
    const digits = /\d/.test(flat) && !/\d/.test(stripSeparators(glyph));
    return digits
      ? { intended: glyph, how: `writes ${glyph} with digits for letters`, kind: 'digits' }
      : { intended: glyph, how: `swaps look-alike characters of ${glyph}`, kind: 'homoglyph' };
  }
  // Vowels: seven letters or more, the same first letter, no added word (`invokeai`), and at most two edits
  // once doubled letters are collapsed; or, from eight letters, only the first letter changed for another vowel
  // (`imoji-regex`, `oiobotocore`), which no neighbouring key explains (`as-array` for `isarray` is seven).
  // Measured: no further name of either top 15,000 under the popularity gap; synthetic vowel changes 0.86 → 0.89
  // (PyPI) and 0.88 → 0.91 (npm).
  const vowel = name.length >= 7 ? index.vowels.get(vowelKey(name)) : undefined;
  const other = vowel ? stripSeparators(vowel) : '';
  if (vowel && index.rank.get(vowel)! < LOOSE_TARGETS && (vowel[0] === name[0] || (flat.length >= FIRST_VOWEL_MIN_LENGTH && /^[aeiou]/.test(flat) && /^[aeiou]/.test(other) && flat.slice(1) === other.slice(1))) && other !== flat && !flat.startsWith(other) && !other.startsWith(flat) && Math.abs(other.length - flat.length) <= 2 && boundedDistance(collapseDoubles(flat), collapseDoubles(other), 2) <= 2) return { intended: vowel, how: `changes vowels or doubled letters of ${vowel}`, kind: 'vowels' };
  return undefined;
}

/**
 * Short names (four or five characters), where one edit reaches another word (`tool`/`toml`): only characters
 * that look alike count, with at least one digit or look-alike pair written in (`ax1os`, `j0ke`, `rnocha`), and
 * only against the most popular short names.
 */
function shortLookAlike(index: ClassIndex, name: string): ClassVerdict | undefined {
  if (name.length < 4 || !/[0-9|]|rn|vv|cl/.test(name)) return undefined;
  // Digits are how short names carry versions and variants (`vue3`, `h5py`); read as letters they need a target
  // the whole name spells once they are.
  const glyph = index.shortHomoglyphs.get(homoglyphKey(name));
  if (!glyph || glyph === name || index.rank.get(glyph)! >= SHORT_TARGETS) return undefined;
  const digits = /\d/.test(name) && !/\d/.test(glyph);
  return digits ? { intended: glyph, how: `writes ${glyph} with digits for letters`, kind: 'digits' } : { intended: glyph, how: `swaps look-alike characters of ${glyph}`, kind: 'homoglyph' };
}

/** A typing slip on any popular name (the edit check of `typosquat.ts` covers only the top 5,000). */
function slip(index: ClassIndex, ecosystem: 'pypi' | 'npm', name: string, isTypingSlip: (a: string, b: string) => boolean): ClassVerdict | undefined {
  if (name.length < 7) return undefined;
  const near = nearestSlip(index, name, (a, b) => isTypingSlip(a, b) && !isVersionLine(ecosystem, a, b));
  return near ? { intended: near, how: `is one typing slip away from ${near}`, kind: 'slip' } : doubledAndSlip(index, ecosystem, name, isTypingSlip);
}

/**
 * A letter typed twice on top of another slip (`tailwindd-mergr`, `psycopgg2-binsry`), against the most popular
 * names: a doubled letter is the commonest slip, and with it a second one still reads as the name (the two-edit
 * class of `typosquat-evidence.ts` covers only the top 300). The other slip may be on the first key
 * (`nalanced-maatch`): at nine letters and more, allowing it flags no further name of either top 15,000 under the
 * popularity gap, and it lifts this class on synthetic look-alikes from 0.76 to 0.82 (PyPI) and 0.78 to 0.84 (npm).
 */
function doubledAndSlip(index: ClassIndex, ecosystem: 'pypi' | 'npm', name: string, isTypingSlip: (a: string, b: string) => boolean): ClassVerdict | undefined {
  if (stripSeparators(name).length < DOUBLED_SLIP_MIN_LENGTH) return undefined;
  for (let i = 1; i < name.length; i++) {
    if (name[i] !== name[i - 1] || !/[a-z]/.test(name[i]!)) continue;
    const single = name.slice(0, i) + name.slice(i + 1);
    const near = nearestSlip(index, single, (a, b) => isTypingSlip(a, b) && !isVersionLine(ecosystem, name, b), DOUBLED_SLIP_TARGETS);
    if (near && !near.includes(name.slice(i - 1, i + 1))) return { intended: near, how: `doubles a letter of ${near} and slips once more`, kind: 'two-edits' };
  }
  return undefined;
}

/**
 * A separator dropped, added or moved, plus one more edit of any letter (`ethrereum-js-tx` for `ethereumjs-tx`,
 * `pupeteerextra` for `puppeteer-extra`, `cloud-binary` for `cloudinary`), against every popular name: the names
 * are one edit apart once separators are removed and at least two apart with them, the first letter is the same
 * and neither is the other with letters added at an end (`pytest-qt`). Both registries refuse a pure separator
 * variant, so the squat adds one more change. Measured: 8 more known-malicious npm names (all imitating names
 * ranked below the top 5,000, which `typosquat-recall.mjs` does not label), no name of either top 15,000 under the
 * popularity gap or against the top 5,000, none of the real-code repositories' dependency names, and on a random
 * 20,000 registered names below the popular ones one npm name (`prettydate`) and no PyPI name.
 */
function separatorAndEdit(index: ClassIndex, ecosystem: 'pypi' | 'npm', name: string): ClassVerdict | undefined {
  const flat = stripSeparators(name);
  if (flat.length < SEPARATOR_EDIT_MIN_LENGTH || name.length > index.longest + 2) return undefined;
  let best: number | undefined;
  for (const variant of [flat, ...deletionsOf(flat)]) {
    forEachIdWithVariant(index.flatVariants, RANK_BITS, variant, (rank) => {
      if (best !== undefined && rank >= best) return;
      const target = index.byRank[rank]!;
      const other = stripSeparators(target);
      if (other[0] !== flat[0] || other.startsWith(flat) || flat.startsWith(other) || boundedDistance(flat, other, 1) !== 1 || boundedDistance(name, target, 1) <= 1) return;
      // A digit changed is a version or a variant (`nvidia-npp-cu11`), not a slip.
      if (/\d/.test(flat + other) && flat.replace(/\d/g, '') === other.replace(/\d/g, '')) return;
      if (isVersionLine(ecosystem, name, target)) return;
      best = rank;
    });
  }
  if (best === undefined) return undefined;
  const target = index.byRank[best]!;
  return { intended: target, how: `changes one letter of ${target} and adds, drops or moves a separator`, kind: 'two-edits' };
}

function nearestSlip(index: ClassIndex, name: string, isTypingSlip: (a: string, b: string) => boolean, maxRank = Infinity): string | undefined {
  // A name longer than every popular name by two or more is no slip of one; its deletions alone are quadratic
  // in its length (a 20,000-character name in a lockfile, fuzz input 31/47092, took 20 s).
  if (name.length > index.longest + 1) return undefined;
  let best: number | undefined;
  for (const variant of [name, ...deletionsOf(name)]) {
    forEachIdWithVariant(index.slipVariants, RANK_BITS, variant, (rank) => {
      const target = index.byRank[rank]!;
      if (rank >= maxRank || (best !== undefined && rank >= best) || target === name || Math.abs(target.length - name.length) > 1 || !isTypingSlip(name, target)) return;
      best = rank;
    });
  }
  return best === undefined ? undefined : index.byRank[best];
}

/** Sorted words, for names of two or more words (`python-nmap` and `nmap-python` share it). */
function wordSetKey(name: string): string | undefined {
  const words = name.split(/[-_.]/).filter(Boolean);
  return words.length >= 2 && words.every((w) => w.length >= 2) ? [...words].sort().join('-') : undefined;
}

/** Characters that look alike in a terminal or a README collapse to one (`rn`/`m`, `1`/`l`/`i`, `0`/`o`). */
export function homoglyphKey(name: string): string {
  return stripSeparators(name)
    .replace(/rn/g, 'm')
    .replace(/vv/g, 'w')
    .replace(/cl/g, 'd')
    .replace(/[1il|]/g, 'l')
    .replace(/0/g, 'o')
    .replace(/5/g, 's')
    .replace(/3/g, 'e')
    .replace(/4/g, 'a')
    .replace(/7/g, 't')
    .replace(/8/g, 'b')
    .replace(/9/g, 'g');
}

function collapseDoubles(name: string): string {
  return name.replace(/(.)\1+/g, '$1');
}

/** Vowels as one placeholder and doubled letters as one (`reqeusts`, `requessts`, `raquests` share it). */
function vowelKey(name: string): string {
  return collapseDoubles(stripSeparators(name)).replace(/[aeiouy]+/g, '*');
}

function classIndexFor(popularNames: readonly string[], ecosystem: 'pypi' | 'npm', vendorScoped: readonly string[]): ClassIndex {
  const cached = INDEXES.get(popularNames);
  if (cached) return cached;
  const rank = new Map<string, number>();
  const stripped = new Map<string, string>();
  const scopedByBare = new Map<string, string[]>();
  const scopes = new Set<string>();
  const wordSets = new Map<string, string>();
  const homoglyphs = new Map<string, string>();
  const shortHomoglyphs = new Map<string, string>();
  const vowels = new Map<string, string>();
  const byRank: string[] = [];
  const slips: number[] = [];
  const flats: number[] = [];
  const prefixFamilies = new Map<string, number>();
  const first = <K, V>(map: Map<K, V>, key: K, value: V): void => {
    if (!map.has(key)) map.set(key, value);
  };
  const append = <V>(map: Map<string, V[]>, key: string, value: V): void => {
    const list = map.get(key);
    if (list) list.push(value);
    else map.set(key, [value]);
  };
  normalizedNames(ecosystem, popularNames).forEach((name) => {
    // Ranks count distinct names, so they fit in 15 bits for `slipVariants`.
    if (rank.has(name) || byRank.length >= 2 ** RANK_BITS) return;
    rank.set(name, byRank.length);
    byRank.push(name);
    const [scope, bare] = splitScope(name);
    if (scope) {
      scopes.add(scope);
      if (scope !== '@types') append(scopedByBare, bare, name);
      return;
    }
    first(stripped, stripSeparators(name), name);
    const head = /^([a-z0-9]+)[-_.]/.exec(name);
    if (head) prefixFamilies.set(head[1]!, (prefixFamilies.get(head[1]!) ?? 0) + 1);
    const key = wordSetKey(name);
    if (key) first(wordSets, key, name);
    if (name.length >= MIN_LENGTH) first(homoglyphs, homoglyphKey(name), name);
    else if (name.length >= 3) first(shortHomoglyphs, homoglyphKey(name), name);
    if (name.length >= 6) first(vowels, vowelKey(name), name);
    if (name.length >= 6) addVariants(slips, name, rank.get(name)!, RANK_BITS);
    const flat = stripSeparators(name);
    if (flat.length >= SEPARATOR_EDIT_MIN_LENGTH - 1) addVariants(flats, flat, rank.get(name)!, RANK_BITS);
  });
  const vendorByBare = new Map<string, string>();
  for (const name of vendorScoped) {
    const [scope, bare] = splitScope(name);
    if (!scope) continue;
    scopes.add(scope);
    first(vendorByBare, bare, name);
  }

  const longest = byRank.reduce((most, name) => Math.max(most, name.length), 0);
  const index: ClassIndex = { rank, stripped, scopedByBare, vendorByBare, scopes, scopeList: [...scopes], vendorNames: new Set(vendorScoped), wordSets, homoglyphs, shortHomoglyphs, vowels, byRank, longest, slipVariants: Float64Array.from(slips).sort(), flatVariants: Float64Array.from(flats).sort(), prefixFamilies };
  INDEXES.set(popularNames, index);
  return index;
}
