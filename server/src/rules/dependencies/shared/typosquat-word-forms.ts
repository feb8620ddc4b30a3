/**
 * Look-alikes made by rewriting words rather than by typing (issue 16, tenth session): the words of a popular
 * name in another grammatical form or spelling (`importlibs-resource` for `importlib-resources`,
 * `webpacks-bundle-analyze` for `webpack-bundle-analyzer`, `colouramas` for `colorama`), and an ecosystem word
 * written into the middle of a popular name (`expressjs-session`, `jsonwebjstoken`), where the affix classes of
 * `typosquat-classes.ts` look only at the ends.
 *
 * Both are tried after every other class, against the most popular names only (the popularity gap): a real
 * project that shares the stem of a popular one names itself apart from it rather than in another inflection.
 */
import { boundedDistance, normalizedNames, splitScope, stripSeparators } from './names';
import type { ClassVerdict } from './typosquat-classes';

/** The popularity gap: only names among the most popular are rewritten this way. */
const WORD_FORM_TARGETS = 5000;
/** The shortest target (separators removed): short names change meaning with one inflection (`path`/`paths`). */
const MIN_FLAT = 7;
/** Ecosystem words that a copy writes into a name (`expressjs-session`); at the ends they are affixes. */
const INSERTED_WORDS = ['js', 'node', 'py', 'python'];

interface FormIndex {
  rank: ReadonlyMap<string, number>;
  /** Separator-free form → the most popular unscoped name with it. */
  stripped: ReadonlyMap<string, string>;
  /** Word forms reduced (`formKey`) → the most popular unscoped name with them, among the targets. */
  forms: ReadonlyMap<string, string>;
}

const INDEXES = new WeakMap<readonly string[], FormIndex>();

/** The first word rewrite that explains `name` as a copy of a popular name, or undefined. */
export function rewrittenWordsOf(popularNames: readonly string[], ecosystem: 'pypi' | 'npm', name: string): ClassVerdict | undefined {
  if (splitScope(name)[0] !== undefined) return undefined;
  const index = indexFor(popularNames, ecosystem);
  if (index.rank.has(name)) return undefined;
  return wordForms(index, name) ?? insertedWord(index, name);
}

/**
 * The words of a popular name in another grammatical form or spelling: plural for singular and back, `-er`,
 * `-ing`, `-ed` endings, British for American spelling (`colour`, `analyse`, `centre`). One form changed is
 * one or two letters, which the edit classes judge; this class takes the names that differ by more.
 */
function wordForms(index: FormIndex, name: string): ClassVerdict | undefined {
  const flat = stripSeparators(name);
  if (flat.length < MIN_FLAT) return undefined;
  const target = index.forms.get(formKey(name));
  if (target === undefined) return undefined;
  const theirs = stripSeparators(target);
  // Letters added or cut at the end are how related projects are named (`pytest-cover`, `ratelimiter`).
  if (theirs === flat || flat.startsWith(theirs) || theirs.startsWith(flat) || boundedDistance(flat, theirs, 1) <= 1) return undefined;
  // Two changes at least: one word in another form is a different project as often as not (`text-decoding`).
  const mine = words(name);
  const changes = words(target).filter((w, i) => w !== mine[i]).length + mine.filter((w) => american(w) !== w).length;
  if (changes < 2) return undefined;
  return { intended: target, how: `changes the grammatical form or spelling of the words of ${target}`, kind: 'word-forms' };
}

/** `expressjs-session`, `jsonwebjstoken`: an ecosystem word inside a popular name, not at either end. */
function insertedWord(index: FormIndex, name: string): ClassVerdict | undefined {
  const flat = stripSeparators(name);
  for (const word of INSERTED_WORDS) {
    for (let at = flat.indexOf(word, 1); at > 0; at = flat.indexOf(word, at + 1)) {
      if (at + word.length >= flat.length) continue;
      const target = index.stripped.get(flat.slice(0, at) + flat.slice(at + word.length));
      if (target === undefined || index.rank.get(target)! >= WORD_FORM_TARGETS || stripSeparators(target).length < MIN_FLAT) continue;
      return { intended: target, how: `writes "${word}" into the name of ${target}`, kind: 'inserted-word' };
    }
  }
  return undefined;
}

/** Each word reduced to its stem and American spelling, separators removed between words. */
function formKey(name: string): string {
  return words(name).map(stem).join('-');
}

function words(name: string): string[] {
  return name.split(/[-_.]+/).filter(Boolean);
}

/** The American spelling of a word (`colour`, `analyse`, `centre`, `grey`). */
function american(word: string): string {
  return word.replace(/([lvbhn])our(?=s?$|ed$|ing$|ama)/, '$1or').replace(/([a-z]{3})is(e|ed|es|ing)$/, '$1iz$2').replace(/ys(e|ed|es|ing|er)$/, 'yz$1').replace(/([a-z]{2}[^aeiou])re(s?)$/, '$1er$2').replace(/^grey/, 'gray');
}

function stem(word: string): string {
  let w = american(word);
  if (w.length < 4) return w;
  if (w.endsWith('ies')) w = `${w.slice(0, -3)}y`;
  else if (/(?:ss|x|z|ch|sh)es$/.test(w)) w = w.slice(0, -2);
  else if (/[^su]s$/.test(w)) w = w.slice(0, -1);
  if (w.length >= 6 && w.endsWith('ing')) w = w.slice(0, -3);
  else if (w.length >= 5 && /[^e]ed$/.test(w)) w = w.slice(0, -2);
  else if (w.length >= 5 && w.endsWith('er')) w = w.slice(0, -2);
  if (w.length >= 4 && w.endsWith('e')) w = w.slice(0, -1);
  return w;
}

function indexFor(popularNames: readonly string[], ecosystem: 'pypi' | 'npm'): FormIndex {
  const cached = INDEXES.get(popularNames);
  if (cached) return cached;
  const rank = new Map<string, number>();
  const stripped = new Map<string, string>();
  const forms = new Map<string, string>();
  for (const name of normalizedNames(ecosystem, popularNames)) {
    if (rank.has(name)) continue;
    rank.set(name, rank.size);
    if (name.startsWith('@')) continue;
    const flat = stripSeparators(name);
    if (!stripped.has(flat)) stripped.set(flat, name);
    if (rank.get(name)! < WORD_FORM_TARGETS && flat.length >= MIN_FLAT) {
      const key = formKey(name);
      if (!forms.has(key)) forms.set(key, name);
    }
  }
  const index: FormIndex = { rank, stripped, forms };
  INDEXES.set(popularNames, index);
  return index;
}
