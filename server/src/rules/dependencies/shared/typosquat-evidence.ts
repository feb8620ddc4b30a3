/**
 * Evidence-weighted look-alikes (issue 16): transformations whose shape alone is weak evidence, because
 * legitimate packages take the same shape (`fastapi-utils`, `httpx-aiohttp`, `pytest-qt`). Each is accepted
 * only with more evidence the further the name is from its target, and the evidence is the popularity gap:
 * the farther the shape, the more popular the imitated name must be (the candidate itself is never popular;
 * the caller returns first for popular names).
 *
 * | transformation                                  | target must be among the top | example                       |
 * |-------------------------------------------------|------------------------------|-------------------------------|
 * | npm: a version put on the name (`-v4`, `-5.4`)   | 5,000                        | `typescript-5.4`, `eslint-v7` |
 * | one or two telltale affixes (`-tools`, `-pro`)  | 5,000                        | `sort-keys-plus`              |
 * | npm: a part suffix on a name with no family      | 5,000                        | `googleapis-node`             |
 * | two or more words put in the plural             | 5,000                        | `webpacks-dev-servers`        |
 * | two edits, neither a separator                  | 300                          | `requesgt`, `marshmellows`    |
 * | npm: a two-character tag on a name of 6 letters  | 5,000                        | `exceljs-ui`, `pp-react-icons`|
 * | two or more letters doubled or tripled          | 5,000                        | `styled-componentsss`         |
 *
 * Measured with `bench/typosquat-recall.mjs` (held-out half) and the popularity-gap false-alarm test of
 * `test/dependencies/typosquat-classes.test.ts`, which keeps all classes under 0.5 % of the top 15,000.
 * Two popular names joined (`requests-pandas`) is left out on purpose: among the top 15,000 such names are
 * adapters (`httpx-aiohttp`, `msgpack-numpy`, `aiohttp-jinja2`); joining two of the top 150 flagged five PyPI
 * and three npm names under the popularity gap for one malicious name caught in each half of the labelled
 * PyPI look-alikes, and the shape offers nothing to tell the adapters from the copies. A two-character tag on an
 * npm name (`marked-cs`, `pa-marked`) is accepted only on names of six letters or more and never when the tag
 * names a language, runtime or function prefix (`js`, `ts`, `es`, `fs`, `to`, `is`: `js-cookie`, `cookie-es`,
 * `to-camel-case` are ports and helpers, not copies); see `taggedCopy`.
 */
import { boundedDistance, normalizedNames, splitScope, stripSeparators } from './names';
import { PYPI_COMPANION_AFFIXES, isLetterPrefix, isVersionLine } from './naming-conventions';
import type { ClassVerdict } from './typosquat-classes';

const VERSION_TARGETS = 5000;
const TAG_TARGETS = 5000;
const DOUBLED_TARGETS = 5000;
/**
 * How many popular names extending a name (`<name>-<word>`, `<name>.<word>`) make it a family whose members a
 * tag after it may name (`lodash-id`, `dotenv-sw` exist and are no copies); `mongodb` (fewer) stays a target.
 */
const TAG_FAMILY = 5;
/** The shortest popular name (separators removed) a tag may be put on: short names are words others reuse. */
const TAG_MIN_BASE = 6;
/**
 * Two-character words that name a language, a runtime, a format or a function prefix: a popular name with one
 * of them is a port or a helper (`js-cookie`, `cookie-es`, `ts-deepmerge`, `to-readable-stream`,
 * `x-is-string`, `fs-minipass`, `jsonschema-rs`, `docker-py`), which a tag in front or behind also means on the
 * npm top 15,000 (16 names there take the shape, against 1 malicious name caught with these words).
 */
const DESCRIPTIVE_TAGS = /^(?:js|ts|es|fs|to|is|as|in|of|on|at|by|rs|py|go|rb|c|x|xs|h2|h3|v\d|\d+)$/;
const AFFIX_TARGETS = 5000;
/** Not looser for long names: at 5,000 targets for names of twelve letters, six more of the PyPI top 15,000 fire for one malicious name. */
const TWO_EDIT_TARGETS = 300;
/** The shortest names (separators removed) where two edits are still a misspelling and not another word. */
const TWO_EDIT_MIN_LENGTH = 8;

/**
 * Affixes that dress a name up without naming a different project, observed on the malicious lists
 * (`sort-keys-plus`, `jquery-tools`, `nodemailer-helper`, `dotenv-nodejs`, `webpack-next`) and rare on
 * legitimate popular names. One of them is enough.
 */
const TELLTALE = new Set(['tools', 'helper', 'helpers', 'plus', 'pro', 'new', 'fix', 'fixed', 'latest', 'official', 'package', 'nodejs', 'update', 'secure', 'install']);
/** Telltale affixes that describe a release, never a plugin's feature: evidence even after a framework's name. */
const RELEASE_WORDS = new Set(['latest', 'new', 'update', 'fix', 'fixed', 'official', 'secure', 'package']);
/**
 * Affixes common on legitimate names too (`formdata-node`, `kubernetes-client`, `semver-utils`): one of them is
 * no evidence, two are (`dotenv-cli-node`, `bcryptjs-node-js`, `stripe-client-py`, `ts-tweetnacl-utils`).
 */
const ECOSYSTEM_AFFIXES = new Set(['node', 'js', 'ts', 'py', 'python', 'python3', 'lib', 'sdk', 'client', 'api', 'utils', 'util', 'cli', 'core', 'tool', 'pkg']);
/**
 * Ecosystem affixes that name a part or a flavour of a package rather than a language or a command line; `-utils`,
 * `-lib` and `-pkg` are reported on their own by the affix class of `typosquat-classes.ts`.
 */
const PART_SUFFIXES = new Set(['node', 'core', 'sdk', 'api', 'client', 'tool']);
/** Framework names whose plugins are `<framework>-<other package>`: as a first word they name a host, not a copy. */
const PLUGIN_HOSTS = /^(types|django|flask|pytest|sphinx|react|vue|eslint|babel|webpack|vite|rollup|jest|gulp|grunt|express|next|nuxt|svelte|angular|typescript|graphql|jupyter|mkdocs|pandas|torch|tensorflow|keras|airflow|aws|azure|google|opentelemetry|langchain|pylint|flake8|mypy|sqlalchemy|celery|fastapi|pydantic|gatsby|postcss|prettier|karma|mocha|koa|fastify|stylelint|remark|rehype|apollo|redux|mongoose|sequelize|chai|sinon)$/;
/** A version after a separator (`-v4`, `-5.4`, `_8`), or a dotted one glued on (`eslint7_0`, `remark-mdx2.3`); not `uuidv4`. */
const VERSION = /^(.*?[a-z])(?:[-_.](v?\d+(?:[._]\d+)*)|(\d+[._]\d+(?:[._]\d+)*))$/;

interface EvidenceIndex {
  rank: ReadonlyMap<string, number>;
  /** Separator-free form → the most popular unscoped name with it. */
  stripped: ReadonlyMap<string, string>;
  /** Separator-free form with runs of a letter written once → the most popular unscoped name with it. */
  collapsed: ReadonlyMap<string, string>;
  /** Popular unscoped names → how many other popular names start with them and a separator (`lodash.merge`). */
  families: ReadonlyMap<string, number>;
  /** The two-edit targets by their separator-free length. */
  twoEditByLength: ReadonlyMap<number, readonly { name: string; flat: string }[]>;
}

const INDEXES = new WeakMap<readonly string[], EvidenceIndex>();

/** The first evidence-weighted transformation that explains `name` as a copy of a popular name, or undefined. */
/** The keyboard facts of `typosquat.ts`. */
export interface SlipContext {
  /** One slip of the fingers between names one edit apart. */
  isTypingSlip(a: string, b: string): boolean;
  /** Neighbouring keys, or characters commonly confused. */
  areNeighbours(a: string, b: string): boolean;
}

export function weightedLookAlikeOf(popularNames: readonly string[], ecosystem: 'pypi' | 'npm', name: string, slips: SlipContext): ClassVerdict | undefined {
  if (splitScope(name)[0] !== undefined) return undefined;
  const index = indexFor(popularNames, ecosystem);
  if (index.rank.has(name)) return undefined;
  return (ecosystem === 'npm' ? versionCopy(index, name) : undefined) ?? telltaleAffixes(index, ecosystem, name) ?? plurals(index, name) ?? twoEdits(index, ecosystem, name, slips) ?? doubledLetters(index, name) ?? (ecosystem === 'npm' ? taggedCopy(index, name) : undefined);
}

/** The rank of the popular name `text` spells (separators aside), when it is below `limit`. */
function popularBelow(index: EvidenceIndex, text: string, limit: number): string | undefined {
  if (text.length < 4) return undefined;
  const target = index.stripped.get(stripSeparators(text));
  return target !== undefined && index.rank.get(target)! < limit ? target : undefined;
}

/**
 * npm: `typescript-5.4`, `eslint-v7`, `playwright-1.45`, `html-webpack-plugin-v5`. npm packages carry their
 * versions in the version field, so a version in the name of a copy of a popular package is a lure; PyPI
 * publishes major lines as projects of their own (`elasticsearch7`) and is left out.
 */
function versionCopy(index: EvidenceIndex, name: string): ClassVerdict | undefined {
  const match = VERSION.exec(name);
  if (!match) return innerVersionCopy(index, name);
  const target = popularBelow(index, match[1]!, VERSION_TARGETS);
  if (!target || isVersionLine('npm', name, target) || /\d$/.test(target)) return undefined;
  return { intended: target, how: `puts the version "${match[2] ?? match[3]}" into the name of ${target}`, kind: 'version-copy' };
}

/**
 * npm: a version glued to an inner word of a popular name of three words or more (`react-dnd11-html5-backend`).
 * The words before and after it keep the name recognisable; a version on the first word is a framework's line
 * (`vue2-datepicker`, `react18-json-view`) and stays quiet.
 */
function innerVersionCopy(index: EvidenceIndex, name: string): ClassVerdict | undefined {
  const words = name.split(/([-_.])/);
  for (let i = 2; i < words.length - 2; i += 2) {
    const inner = /^([a-z][a-z-]*[a-z])(\d+)$/.exec(words[i]!);
    if (!inner) continue;
    const target = popularBelow(index, [...words.slice(0, i), inner[1]!, ...words.slice(i + 1)].join(''), VERSION_TARGETS);
    if (!target || stripSeparators(target).includes(stripSeparators(words[i]!))) continue;
    return { intended: target, how: `puts the version "${inner[2]}" into the name of ${target}`, kind: 'version-copy' };
  }
  return undefined;
}

/**
 * Affixes around a popular name: one telltale affix (`jquery-tools`), or two affixes of any kind
 * (`validator-utils-pro`, `python3-flask` counts as one ecosystem affix before a framework, see below).
 */
function telltaleAffixes(index: EvidenceIndex, ecosystem: 'pypi' | 'npm', name: string): ClassVerdict | undefined {
  const words = name.split(/[-_.]/).filter(Boolean);
  const isAffix = (word: string): boolean => (TELLTALE.has(word) || ECOSYSTEM_AFFIXES.has(word)) && !(ecosystem === 'pypi' && PYPI_COMPANION_AFFIXES.has(word));
  for (let before = 0; before <= 2; before++) {
    for (let after = 0; before + after <= 2; after++) {
      if (before + after === 0 || words.length - before - after < 1) continue;
      const added = [...words.slice(0, before), ...words.slice(words.length - after)];
      if (!added.every(isAffix)) continue;
      const target = popularBelow(index, words.slice(before, words.length - after).join('-'), AFFIX_TARGETS);
      if (!target || isVersionLine(ecosystem, name, target)) continue;
      // A framework named first is the host of a plugin (`react-helper`, `flask-pro`), unless the affix names
      // no feature at all (`mongoose_update`); in front of it, a language prefix is a copy (`python3-flask`),
      // since a framework's own package has the plain name.
      const host = PLUGIN_HOSTS.test(target);
      if (host && after > 0 && !words.slice(words.length - after).every((w) => RELEASE_WORDS.has(w))) continue;
      if (added.length === 1 && !TELLTALE.has(added[0]!) && !host && !(ecosystem === 'npm' && after === 1 && isLoneSuffixCopy(index, added[0]!, target))) continue;
      return { intended: target, how: `adds "${added.join('", "')}" to ${target}`, kind: 'affix' };
    }
  }
  return undefined;
}

/**
 * npm: one part-naming suffix after a popular name that no family of popular packages extends (`googleapis-node`,
 * `cheerio-core`): such a name's real parts are published by its project and are popular themselves
 * (`puppeteer-core`, exempt as popular), so an unknown part of a name without a family copies it. A name that
 * popular packages extend (`eslint-`, `webpack-`, `dotenv-`) has a family whose members are named this way, and
 * language suffixes name ports (`bcrypt-ts`) and command-line companions are `-cli` (`dotenv-cli`).
 */
function isLoneSuffixCopy(index: EvidenceIndex, suffix: string, target: string): boolean {
  return PART_SUFFIXES.has(suffix) && (index.families.get(target) ?? 0) < TAG_FAMILY;
}

/**
 * Letters repeated two or more times over (`babel-plugin-styled-componentsss`, `reqquestss`): one doubled letter
 * is a single slip (the edit checks), two or more added copies of neighbouring letters are a shape no real
 * project takes; no name of either top 15,000 list is flagged for it under the popularity gap.
 */
function doubledLetters(index: EvidenceIndex, name: string): ClassVerdict | undefined {
  const flat = stripSeparators(name);
  if (flat.length < 6) return undefined;
  const target = index.collapsed.get(collapseRuns(flat));
  if (target === undefined || index.rank.get(target)! >= DOUBLED_TARGETS || flat.length - stripSeparators(target).length < 2) return undefined;
  return { intended: target, how: `repeats letters of ${target}`, kind: 'doubled-letters' };
}

function collapseRuns(text: string): string {
  return text.replace(/(.)\1+/g, '$1');
}

/** The position of the first `-`, `_` or `.` of `name` at or after `from`, or -1. */
function nextSeparator(name: string, from: number): number {
  for (let i = from; i < name.length; i++) if (name[i] === '-' || name[i] === '_' || name[i] === '.') return i;
  return -1;
}

/**
 * npm: a popular name of six letters or more with a two-character tag before or after it (`exceljs-ui`,
 * `mongodb-ci`, `pp-react-icons`, `o3-storybook`): the tag distinguishes nothing a user would look for, and on
 * npm a real variant says what it is (`-core`, `-cli`, `-loader`). Tags that name a language, runtime or helper
 * prefix are left out (`DESCRIPTIVE_TAGS`), and so are framework names first (`react-ui` hosts a plugin). PyPI is
 * left out: there two-letter suffixes name backends and ports (`psycopg-c`, `polars-ds`, `pandas-ta`).
 */
function taggedCopy(index: EvidenceIndex, name: string): ClassVerdict | undefined {
  const words = name.split(/[-_.]/).filter(Boolean);
  if (words.length < 2) return undefined;
  const isTag = (word: string): boolean => word.length <= 2 && /^[a-z0-9]+$/.test(word) && /[a-z]/.test(word) && !DESCRIPTIVE_TAGS.test(word);
  const candidates: [string, string, boolean][] = [];
  if (isTag(words[words.length - 1]!)) candidates.push([words.slice(0, -1).join('-'), words[words.length - 1]!, true]);
  if (isTag(words[0]!)) candidates.push([words.slice(1).join('-'), words[0]!, false]);
  for (const [base, tag, after] of candidates) {
    if (stripSeparators(base).length < TAG_MIN_BASE) continue;
    const target = popularBelow(index, base, TAG_TARGETS);
    if (!target || PLUGIN_HOSTS.test(target)) continue;
    // A name that other popular packages extend (`lodash.merge`, `dotenv-expand`) has a family whose members
    // are named by what follows it: there a tag after it may be a member (`lodash-id`, lowdb's helper).
    if (after && (index.families.get(target) ?? 0) >= TAG_FAMILY) continue;
    return { intended: target, how: `adds the tag "${tag}" to ${target}`, kind: 'tagged' };
  }
  return undefined;
}

/**
 * Words put in the plural (`webpacks-dev-servers`, `torchs-visions`): two or more words with an `s` added,
 * which a single slip cannot explain, on a name among the most popular.
 */
function plurals(index: EvidenceIndex, name: string): ClassVerdict | undefined {
  const words = name.split(/[-_.]/).filter(Boolean);
  const singular = words.map((w) => (w.length >= 4 && w.endsWith('s') && !w.endsWith('ss') ? w.slice(0, -1) : w));
  if (singular.filter((w, i) => w !== words[i]).length < 2) return undefined;
  const target = popularBelow(index, singular.join('-'), AFFIX_TARGETS);
  return target ? { intended: target, how: `puts the words of ${target} in the plural`, kind: 'plurals' } : undefined;
}

/**
 * Two typing slips, neither of them a separator, from one of the most popular names (`requesgt`,
 * `marshmellows`, `colouramas`): eight letters or more, the same first letter, each edit a slip of the
 * fingers or a vowel for a vowel (`react-use` is not two slips from `react-is`), and not the name with
 * letters added at one end (`pytest-qt`), which is how related projects are named.
 */
function twoEdits(index: EvidenceIndex, ecosystem: 'pypi' | 'npm', name: string, slips: SlipContext): ClassVerdict | undefined {
  const flat = stripSeparators(name);
  if (flat.length < TWO_EDIT_MIN_LENGTH) return undefined;
  const isSlip = (mine: string, theirs: string): boolean => isOneSlip(mine, theirs, slips);
  let best: string | undefined;
  for (let length = flat.length - 2; length <= flat.length + 2; length++) {
    for (const target of index.twoEditByLength.get(length) ?? []) {
      if (best !== undefined && index.rank.get(target.name)! >= index.rank.get(best)!) continue;
      if (target.flat[0] !== flat[0] || flat.startsWith(target.flat) || target.flat.startsWith(flat) || flat.endsWith(target.flat) || target.flat.endsWith(flat)) continue;
      if (boundedDistance(flat, target.flat, 2) !== 2 || isVersionLine(ecosystem, name, target.name) || isLetterPrefix(flat, target.flat)) continue;
      if (oneEditAway(target.flat, flat).some((middle) => isSlip(flat, middle) && isSlip(middle, target.flat))) best = target.name;
    }
  }
  return best ? { intended: best, how: `is two typing slips away from ${best}`, kind: 'two-edits' } : undefined;
}

const VOWELS = /^[aeiouy]$/;

/**
 * One slip from `theirs` to `mine`, stricter than `isTypingSlip` about added characters, which must be
 * doubled or hit a key next to a neighbouring letter (`requesgt`), not any letter (`pycep-parser`).
 */
function isOneSlip(mine: string, theirs: string, slips: SlipContext): boolean {
  if (mine.length <= theirs.length) return slips.isTypingSlip(mine, theirs) || isVowelSwap(mine, theirs);
  for (let i = 0; i < mine.length; i++) {
    if (mine.slice(0, i) + mine.slice(i + 1) !== theirs) continue;
    const added = mine[i]!;
    const around = [mine[i - 1], mine[i + 1]].filter((c): c is string => c !== undefined);
    if (around.some((c) => c === added || slips.areNeighbours(added, c))) return true;
  }
  return false;
}

/** The same length and one vowel written as another (`marshmellow`). */
function isVowelSwap(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  let diff = -1;
  for (let i = 0; i < a.length; i++) {
    if (a[i] === b[i]) continue;
    if (diff >= 0) return false;
    diff = i;
  }
  return diff >= 0 && VOWELS.test(a[diff]!) && VOWELS.test(b[diff]!);
}

/** The strings one edit from `from` that are one edit from `to`: the midpoints of a two-edit path. */
function oneEditAway(from: string, to: string): string[] {
  const letters = [...new Set(to)];
  const out: string[] = [];
  const keep = (middle: string): void => {
    if (middle !== to && boundedDistance(middle, to, 1) === 1) out.push(middle);
  };
  for (let i = 0; i <= from.length; i++) {
    if (i < from.length) keep(from.slice(0, i) + from.slice(i + 1));
    if (i + 1 < from.length) keep(from.slice(0, i) + from[i + 1] + from[i] + from.slice(i + 2));
    for (const letter of letters) {
      keep(from.slice(0, i) + letter + from.slice(i));
      if (i < from.length) keep(from.slice(0, i) + letter + from.slice(i + 1));
    }
  }
  return out;
}

function indexFor(popularNames: readonly string[], ecosystem: 'pypi' | 'npm'): EvidenceIndex {
  const cached = INDEXES.get(popularNames);
  if (cached) return cached;
  const rank = new Map<string, number>();
  const stripped = new Map<string, string>();
  const twoEditByLength = new Map<number, { name: string; flat: string }[]>();
  const collapsed = new Map<string, string>();
  const families = new Map<string, number>();
  for (const name of normalizedNames(ecosystem, popularNames)) {
    if (rank.has(name)) continue;
    rank.set(name, rank.size);
    if (name.startsWith('@')) continue;
    const flat = stripSeparators(name);
    if (!stripped.has(flat)) stripped.set(flat, name);
    const runs = collapseRuns(flat);
    if (!collapsed.has(runs)) collapsed.set(runs, name);
    // Each separator ends a head of the name (`lodash` and `lodash.merge` in `lodash.merge.fp`).
    for (let at = nextSeparator(name, 0); at >= 0; at = nextSeparator(name, at + 1)) {
      const head = name.slice(0, at);
      families.set(head, (families.get(head) ?? 0) + 1);
    }
    if (rank.get(name)! < TWO_EDIT_TARGETS && flat.length >= TWO_EDIT_MIN_LENGTH) {
      const list = twoEditByLength.get(flat.length);
      if (list) list.push({ name, flat });
      else twoEditByLength.set(flat.length, [{ name, flat }]);
    }
  }
  const index: EvidenceIndex = { rank, stripped, collapsed, families, twoEditByLength };
  INDEXES.set(popularNames, index);
  return index;
}
