/**
 * Writes `server/src/rules/secrets/subword-vocabulary.ts`: a compact byte-pair-encoding vocabulary of
 * the letter sequences that code and its documentation are made of, for the secrets token-efficiency
 * filter (`token-efficiency.ts`). A language-model tokenizer such as `cl100k_base` would do the same job
 * with 100,000 tokens and 1.7 MB of ranks; the filter only needs to tell words and identifiers (a few
 * long tokens) from random keys (many one- and two-letter tokens), which a few thousand tokens learnt
 * from code do.
 *
 *   npx tsx scripts/build-subword-vocabulary.ts [vocabulary size]
 *
 * The training text is what any installation of this project has on disk: the Python standard library
 * (`/usr/lib/python3.*`, PSF licence), TypeScript's library declarations with their documentation
 * comments (`node_modules/typescript/lib/*.d.ts`, Apache-2.0) and this repository's own sources and
 * Markdown. Only statistics of letter sequences are kept: the vocabulary is a list of fragments such as
 * `tion`, `Instance` or `get`, no text of the sources. The training is deterministic for a given corpus.
 */
import { existsSync, readFileSync, readdirSync, writeFileSync, type Dirent } from 'node:fs';
import { join } from 'node:path';

const ROOT = join(__dirname, '..');
const VOCABULARY_SIZE = Number(process.argv[2] ?? 4096);
const OUTPUT = join(ROOT, 'server', 'src', 'rules', 'secrets', 'subword-vocabulary.ts');
/** Longer letter runs are rarely words (minified names, base64 in tests): they would teach random fragments. */
const MAX_WORD_LENGTH = 24;

function* walk(dir: string, accept: (path: string) => boolean): Generator<string> {
  let entries: Dirent[];
  try {
    entries = readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1));
  } catch {
    return;
  }
  for (const entry of entries) {
    const full = join(dir, entry.name);
    if (entry.isDirectory()) {
      if (!['node_modules', '.git', '__pycache__', 'dist', 'test', 'tests', 'fixtures', 'site-packages', 'dist-packages'].includes(entry.name)) yield* walk(full, accept);
    } else if (entry.isFile() && accept(full)) {
      yield full;
    }
  }
}

function trainingFiles(): string[] {
  const files: string[] = [];
  const python = readdirSync('/usr/lib').filter((name) => /^python3\.\d+$/.test(name)).sort().pop();
  if (python) files.push(...walk(join('/usr/lib', python), (p) => p.endsWith('.py')));
  const typescriptLib = join(ROOT, 'node_modules', 'typescript', 'lib');
  if (existsSync(typescriptLib)) files.push(...readdirSync(typescriptLib).filter((n) => /^lib\..*\.d\.ts$/.test(n)).map((n) => join(typescriptLib, n)));
  // The vocabulary this script wrote last time is not training text: it would feed the old tokens back in.
  for (const dir of ['server/src', 'client/src', 'docs']) files.push(...walk(join(ROOT, dir), (p) => /\.(?:ts|md)$/.test(p) && p !== OUTPUT));
  files.push(...readdirSync(ROOT).filter((n) => n.endsWith('.md')).map((n) => join(ROOT, n)));
  return files;
}

/** Counts of every letter run (case kept: `Instance` and `instance` are different tokens, as in cl100k). */
function wordCounts(files: readonly string[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const path of files) {
    const text = readFileSync(path, 'utf8');
    for (const match of text.matchAll(/[A-Za-z]+/g)) {
      const word = match[0];
      if (word.length < 2 || word.length > MAX_WORD_LENGTH) continue;
      counts.set(word, (counts.get(word) ?? 0) + 1);
    }
  }
  return counts;
}

/** A max-heap of pair keys by count; entries go stale when a count changes and are skipped when popped. */
class PairHeap {
  private readonly items: { key: string; count: number }[] = [];

  push(key: string, count: number): void {
    const items = this.items;
    items.push({ key, count });
    let i = items.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!this.above(items[i]!, items[parent]!)) break;
      [items[i], items[parent]] = [items[parent]!, items[i]!];
      i = parent;
    }
  }

  pop(): { key: string; count: number } | undefined {
    const items = this.items;
    const top = items[0];
    const last = items.pop();
    if (items.length > 0 && last) {
      items[0] = last;
      let i = 0;
      for (;;) {
        const left = 2 * i + 1;
        const right = left + 1;
        let best = i;
        if (left < items.length && this.above(items[left]!, items[best]!)) best = left;
        if (right < items.length && this.above(items[right]!, items[best]!)) best = right;
        if (best === i) break;
        [items[i], items[best]] = [items[best]!, items[i]!];
        i = best;
      }
    }
    return top;
  }

  /** Higher count first; ties by key, so the training does not depend on insertion order. */
  private above(a: { key: string; count: number }, b: { key: string; count: number }): boolean {
    return a.count > b.count || (a.count === b.count && a.key < b.key);
  }
}

const SEPARATOR = '\u0000';

/** Byte-pair encoding over the word counts: merges the most frequent adjacent pair until the vocabulary is full. */
function trainVocabulary(counts: Map<string, number>, size: number): string[] {
  const words = [...counts].filter(([, n]) => n >= 2).map(([word, count]) => ({ symbols: [...word], count }));
  const vocabulary = new Set<string>();
  for (const { symbols } of words) for (const s of symbols) vocabulary.add(s);
  const pairCounts = new Map<string, number>();
  const pairWords = new Map<string, Set<number>>();
  const addPairs = (index: number, sign: 1 | -1, touched: Set<string>): void => {
    const { symbols, count } = words[index]!;
    for (let i = 0; i + 1 < symbols.length; i++) {
      const key = symbols[i]! + SEPARATOR + symbols[i + 1]!;
      pairCounts.set(key, (pairCounts.get(key) ?? 0) + sign * count);
      if (sign > 0) {
        let set = pairWords.get(key);
        if (!set) pairWords.set(key, (set = new Set()));
        set.add(index);
      }
      touched.add(key);
    }
  };
  const initial = new Set<string>();
  words.forEach((_, index) => addPairs(index, 1, initial));
  const heap = new PairHeap();
  for (const key of initial) heap.push(key, pairCounts.get(key)!);
  const ordered = [...vocabulary].sort();
  while (ordered.length < size) {
    const top = heap.pop();
    if (!top) break;
    if (pairCounts.get(top.key) !== top.count || top.count <= 0) continue;
    const [left, right] = top.key.split(SEPARATOR) as [string, string];
    const merged = left + right;
    const touched = new Set<string>();
    for (const index of pairWords.get(top.key) ?? []) {
      addPairs(index, -1, touched);
      const { symbols } = words[index]!;
      const next: string[] = [];
      for (let i = 0; i < symbols.length; i++) {
        if (i + 1 < symbols.length && symbols[i] === left && symbols[i + 1] === right) {
          next.push(merged);
          i++;
        } else {
          next.push(symbols[i]!);
        }
      }
      words[index]!.symbols = next;
      addPairs(index, 1, touched);
    }
    pairWords.delete(top.key);
    pairCounts.delete(top.key);
    for (const key of touched) {
      const count = pairCounts.get(key);
      if (count !== undefined && count > 0) heap.push(key, count);
    }
    if (!vocabulary.has(merged)) {
      vocabulary.add(merged);
      ordered.push(merged);
    }
  }
  return ordered;
}

const files = trainingFiles();
const counts = wordCounts(files);
const vocabulary = trainVocabulary(counts, VOCABULARY_SIZE);
const lines: string[] = [];
let line = '';
for (const token of vocabulary) {
  if (line.length + token.length + 1 > 110) {
    lines.push(line);
    line = '';
  }
  line += (line ? ' ' : '') + token;
}
if (line) lines.push(line);
const body = lines.map((l) => `  '${l}',`).join('\n');
writeFileSync(
  OUTPUT,
  `/**
 * Generated by \`npx tsx scripts/build-subword-vocabulary.ts ${VOCABULARY_SIZE}\`; do not edit by hand.
 * ${vocabulary.length} byte-pair-encoding tokens learnt from the letter runs of ${files.length} files of code and
 * documentation (the Python standard library, TypeScript's library declarations, this repository), single
 * letters first, then in the order they were merged. Space-separated, in lines.
 */
export const SUBWORD_VOCABULARY: readonly string[] = [
${body}
];
`,
);
console.log(`${vocabulary.length} tokens from ${counts.size} distinct words in ${files.length} files -> ${OUTPUT}`);
