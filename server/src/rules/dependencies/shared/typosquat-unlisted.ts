/**
 * Look-alike shapes that count only for a name the registry's offline name list lacks (issue 16: "an existing
 * name needs more evidence than its shape", and the converse). A squat is registered after the list the user
 * has was made, and PyPI deletes the malware it finds, so a look-alike the list lacks is either about to be
 * registered by someone or invented; a legitimate project of the same shape (`pytest-pandas`, an adapter
 * `httpx-aiohttp`, a fork under a maintainer's scope) is in the list and stays quiet. The shapes here are the
 * ones measured too common among registered names to report on their own: two popular names of the top 1,000
 * joined, and a short tag on one. Popular names are in every list, so this cannot flag one.
 *
 * Measured and left out, because their shape carried no evidence once the name list lacks the name: two edits
 * of any kind from a popular name of seven letters or more (1.6 % of 20,000 registered PyPI names take that
 * shape, 1.2 % of the known-malicious ones), two typing slips from the top 5,000 (0.49 % against 0.33 %), and a
 * popular unscoped name under a scope (141 of 20,000 registered npm names, maintainers' forks such as
 * `@aorinevo/lodash`, and no known-malicious name the list lacks).
 *
 * The caller checks that the list answered "absent" (not "private scope", not an online answer saying the
 * name exists), and reports nothing from here in lockfiles, where an unlisted name is one newer than the list.
 */
import type { ClassVerdict } from './typosquat-classes';
import { normalizedNames, splitScope, stripSeparators } from './names';
import { PYPI_COMPANION_AFFIXES } from './naming-conventions';

/** Names joined or tagged: only the most popular ones are what a squatter puts in a name. */
const JOINED_TARGETS = 1000;
/** The longest tag on a popular name (`s3transfer-sl`, `mapbox-gl-ts`); longer words make another project. */
const TAG_MAX_LENGTH = 3;

interface UnlistedIndex {
  /** Normalised popular name → rank. */
  rank: ReadonlyMap<string, number>;
}

const INDEXES = new WeakMap<readonly string[], UnlistedIndex>();

/** The look-alike shape of a name the offline list lacks, or undefined. */
export function unlistedLookAlikeOf(popularNames: readonly string[], ecosystem: 'pypi' | 'npm', name: string): ClassVerdict | undefined {
  const index = indexFor(popularNames, ecosystem);
  if (index.rank.has(name) || splitScope(name)[0] !== undefined) return undefined;
  return joined(index, name);
}

/**
 * `pandas-numpy`, `scikit-learn-matplotlib`, `s3transfer-sl`: the name's words split into popular names of the top
 * 1,000, or one such name and a tag of at most three characters.
 */
function joined(index: UnlistedIndex, name: string): ClassVerdict | undefined {
  const words = name.split(/[-_.]+/).filter(Boolean);
  if (words.length < 2 || words.length > 8) return undefined;
  const parts = splitIntoPopular(index, words, 0);
  if (!parts || parts.length < 2) return undefined;
  const names = parts.filter((p) => !p.tag).map((p) => p.text);
  if (names.length === 0 || Math.max(...names.map((n) => stripSeparators(n).length)) < 5) return undefined;
  const tags = parts.filter((p) => p.tag).map((p) => p.text);
  // One name and one tag at most: two tags make a name of its own words (`vue-a-b`).
  if (tags.length > 1 || (names.length === 1 && tags.length !== 1)) return undefined;
  if (names.length === 1) return { intended: names[0]!, how: `adds "${tags[0]}" to the popular ${names[0]}`, kind: 'unlisted-tag' };
  return { intended: names[0]!, how: `joins the popular packages ${names.join(' and ')}`, kind: 'unlisted-joined' };
}

/** The first split of `words[from..]` into popular names (longest first) and tags. */
function splitIntoPopular(index: UnlistedIndex, words: readonly string[], from: number): { text: string; tag: boolean }[] | undefined {
  if (from === words.length) return [];
  for (let to = words.length; to > from; to--) {
    const text = words.slice(from, to).join('-');
    const rank = index.rank.get(text);
    if (rank === undefined || rank >= JOINED_TARGETS) continue;
    const rest = splitIntoPopular(index, words, to);
    if (rest) return [{ text, tag: false }, ...rest];
  }
  const word = words[from]!;
  // A number is a version (`celery-3`), and a companion (`-cli`, `-api`, `-dev`) a convention, not a tag.
  if (word.length <= TAG_MAX_LENGTH && !/^\d+$/.test(word) && word !== 'cli' && !PYPI_COMPANION_AFFIXES.has(word)) {
    const rest = splitIntoPopular(index, words, from + 1);
    if (rest) return [{ text: word, tag: true }, ...rest];
  }
  return undefined;
}

function indexFor(popularNames: readonly string[], ecosystem: 'pypi' | 'npm'): UnlistedIndex {
  const cached = INDEXES.get(popularNames);
  if (cached) return cached;
  const normalized = normalizedNames(ecosystem, popularNames);
  const rank = new Map<string, number>();
  for (const n of normalized) if (!rank.has(n)) rank.set(n, rank.size);
  const index = { rank };
  INDEXES.set(popularNames, index);
  return index;
}
