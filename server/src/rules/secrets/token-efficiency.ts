/**
 * Token efficiency (secrets-formats.md §12.5, after Betterleaks' "rare, not random"): words and
 * identifiers are made of fragments a tokenizer knows, so they cost few tokens per character, while a
 * random key shatters into one- and two-character tokens. Entropy alone cannot tell `DescribeInstances2016_11_15`
 * from a key, because a long identifier over a mixed alphabet is as varied as a random string.
 *
 * The tokenizer here is a compact byte-pair-encoding vocabulary learnt from code and its documentation
 * (`subword-vocabulary.ts`, built by `scripts/build-subword-vocabulary.ts`), applied by longest match to
 * each run of letters; a run of digits costs one token per three digits and any other character one
 * token, as in `cl100k_base`.
 */
import { SUBWORD_VOCABULARY } from './subword-vocabulary';

/**
 * The vocabulary as a set, and its longest token: built on the first count, not when the module loads (splitting
 * and hashing its tens of thousands of tokens cost several milliseconds of every process's start-up, and most
 * files have no candidate value to count).
 */
let vocabulary: { tokens: ReadonlySet<string>; longest: number } | undefined;

function subwordVocabulary(): { tokens: ReadonlySet<string>; longest: number } {
  if (!vocabulary) {
    const tokens = new Set<string>(SUBWORD_VOCABULARY.flatMap((line) => line.split(' ')));
    vocabulary = { tokens, longest: Math.max(...[...tokens].map((t) => t.length)) };
  }
  return vocabulary;
}

/** A fragment this long that the vocabulary knows is a word (Betterleaks' dictionary rule uses five letters). */
const WORD_LETTERS = 5;

export interface TokenCount {
  /** Subword tokens the value costs. */
  tokens: number;
  /** The longest vocabulary token used, in letters: a long one is a whole word of code or prose. */
  longestWord: number;
}

function isLetter(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

/** Splits a run of letters into vocabulary tokens by longest match (every single letter is a token). */
function countLetterRun(run: string, into: TokenCount): void {
  const { tokens, longest } = subwordVocabulary();
  let i = 0;
  while (i < run.length) {
    let length = Math.min(longest, run.length - i);
    while (length > 1 && !tokens.has(run.slice(i, i + length))) length--;
    into.tokens++;
    if (length > into.longestWord) into.longestWord = length;
    i += length;
  }
}

/** The tokens `value` costs under the subword vocabulary. */
export function countSubwordTokens(value: string): TokenCount {
  const count: TokenCount = { tokens: 0, longestWord: 0 };
  let i = 0;
  while (i < value.length) {
    const c = value.charCodeAt(i);
    let j = i + 1;
    if (isLetter(c)) {
      while (j < value.length && isLetter(value.charCodeAt(j))) j++;
      countLetterRun(value.slice(i, j), count);
    } else if (isDigit(c)) {
      while (j < value.length && isDigit(value.charCodeAt(j))) j++;
      count.tokens += Math.ceil((j - i) / 3);
    } else {
      count.tokens++;
    }
    i = j;
  }
  return count;
}

/** Characters per token at or above which a value reads as text whatever its words (Betterleaks' cut-off). */
export const TEXT_CHARS_PER_TOKEN = 2.5;
/**
 * A value that holds a whole known word of five or more letters reads as text from this ratio on. Random
 * keys average 1.1 to 1.4 characters per token and almost never reach 1.6 with a long word in them
 * (at most 5 in 20,000 random lower-case keys do), while identifiers with a version or a number in them
 * (`DescribeInstances2016_11_15`, `meta-llama/Llama-3.1-8B-Instruct`) sit between 1.8 and 2.7.
 */
export const WORD_CHARS_PER_TOKEN = 1.6;

/**
 * True when `value` tokenises like words and identifiers rather than like a key. Hex is never judged:
 * over six letters there are no words to find, and short random hex reaches 2.5 characters per token
 * by chance (its digit runs merge three to a token).
 */
export function tokenisesLikeText(value: string): boolean {
  if (/^[0-9a-fA-F]*$/.test(value)) return false;
  const { tokens, longestWord } = countSubwordTokens(value);
  if (tokens === 0) return false;
  const ratio = value.length / tokens;
  return ratio >= TEXT_CHARS_PER_TOKEN || (longestWord >= WORD_LETTERS && ratio >= WORD_CHARS_PER_TOKEN);
}
