/**
 * One pass over a text that finds which of many keywords occur in it: an Aho-Corasick automaton
 * compiled into a dense ASCII transition table. The prefilter asks this once per file instead of running
 * `includes` once per keyword per checker, which with a few hundred keywords cost more than parsing.
 * Keywords holding non-ASCII characters are checked with `includes`.
 * The table's entries are filled on first use, not when the index is built: filling all 128 entries of each of
 * the registry's ~3,000 states was about 50 ms of a one-file scan's start-up (cold code on a loaded machine),
 * while a file visits a few hundred of them. An entry, once filled, holds what the complete table would.
 */
export class KeywordIndex {
  private readonly ids = new Map<string, number>();
  /** `(state << 7) | c` → next state, or `UNFILLED` until `transition` computes it. */
  private readonly table: Int32Array;
  /** The trie's own edges, by state (what `transition` follows before the failure links). */
  private readonly edges: Map<number, number>[];
  /** The failure link of each state: the longest proper suffix of its path that is also a trie path. */
  private readonly fail: Int32Array;
  /** For each state, the keyword ids that end there (including through suffix links), or undefined. */
  private readonly outputs: (number[] | undefined)[];
  private readonly nonAscii: { id: number; word: string }[] = [];
  /** 1 for states where a keyword ends (a typed-array test is cheaper per character than reading `outputs`). */
  private readonly accepting: Uint8Array;
  /** Length of each keyword, by id. */
  private readonly lengths: number[] = [];
  /** The longest keyword's length: an edit can change matches only this close to it. */
  readonly longest: number;

  constructor(words: Iterable<string>) {
    const ascii: string[] = [];
    for (const word of words) {
      if (word.length === 0 || this.ids.has(word)) continue;
      const id = this.ids.size;
      this.ids.set(word, id);
      this.lengths.push(word.length);
      if (isAscii(word)) ascii.push(word);
      else this.nonAscii.push({ id, word });
    }
    // Trie over ASCII keywords; state 0 is the root.
    const next: Map<number, number>[] = [new Map()];
    const ends: number[][] = [[]];
    for (const word of ascii) {
      let state = 0;
      for (let i = 0; i < word.length; i++) {
        const c = word.charCodeAt(i);
        let to = next[state].get(c);
        if (to === undefined) {
          to = next.length;
          next.push(new Map());
          ends.push([]);
          next[state].set(c, to);
        }
        state = to;
      }
      ends[state].push(this.ids.get(word) as number);
    }
    const states = next.length;
    this.edges = next;
    this.table = new Int32Array(states * 128).fill(UNFILLED);
    this.fail = new Int32Array(states);
    // Breadth-first failure links: a state's link is where its parent's link goes on the same character.
    const outputs: (number[] | undefined)[] = new Array(states);
    outputs[0] = undefined;
    const queue: number[] = [...next[0].values()];
    for (let head = 0; head < queue.length; head++) {
      const state = queue[head];
      const inherited = outputs[this.fail[state]];
      outputs[state] = ends[state].length > 0 || inherited ? [...ends[state], ...(inherited ?? [])] : undefined;
      for (const [c, to] of next[state]) {
        this.fail[to] = this.transition(this.fail[state], c);
        queue.push(to);
      }
    }
    this.outputs = outputs;
    this.accepting = Uint8Array.from(outputs, (o) => (o === undefined ? 0 : 1));
    this.longest = Math.max(0, ...this.lengths);
  }

  /** How many keywords there are (the length of `scan`'s and `count`'s arrays). */
  get size(): number {
    return this.ids.size;
  }

  /**
   * How often each keyword occurs entirely inside text[from, to), by id. Open documents keep these counts and
   * update them from the text around each edit instead of scanning the whole text per keystroke.
   */
  count(text: string, from = 0, to = text.length): Int32Array {
    const counts = new Int32Array(this.ids.size);
    const table = this.table;
    const outputs = this.outputs;
    const accepting = this.accepting;
    const lengths = this.lengths;
    let state = 0;
    for (let i = from; i < to; i++) {
      const c = text.charCodeAt(i);
      if (c < 128) {
        const to = table[(state << 7) | c];
        state = to === UNFILLED ? this.transition(state, c) : to;
      } else state = 0;
      if (accepting[state] === 1) {
        const out = outputs[state] as number[];
        for (let k = 0; k < out.length; k++) if (i + 1 - lengths[out[k]] >= from) counts[out[k]]++;
      }
    }
    for (const { id, word } of this.nonAscii) {
      for (let at = text.indexOf(word, from); at >= 0 && at + word.length <= to; at = text.indexOf(word, at + 1)) counts[id]++;
    }
    return counts;
  }

  /**
   * The state after reading ASCII character `c` in `state`, filled into the table on the way: the trie's edge if
   * there is one, else the transition of the failure link (the root stays at the root). The failure chain is
   * walked with a loop, and every state on it that lacked the entry gets the answer too.
   */
  private transition(state: number, c: number): number {
    const pending: number[] = [];
    let at = state;
    let to = this.table[(at << 7) | c];
    while (to === UNFILLED) {
      const edge = this.edges[at].get(c);
      if (edge !== undefined) to = edge;
      else if (at === 0) to = 0;
      else {
        pending.push(at);
        at = this.fail[at];
        to = this.table[(at << 7) | c];
        continue;
      }
      this.table[(at << 7) | c] = to;
    }
    for (const s of pending) this.table[(s << 7) | c] = to;
    return to;
  }

  /** The id of a keyword given to the constructor. */
  idOf(word: string): number | undefined {
    return this.ids.get(word);
  }

  /** Which keywords occur in `text` (indexed by id). */
  scan(text: string): Uint8Array {
    return presenceOf(this.count(text));
  }

}

/** A table entry not computed yet (no state has this number). */
const UNFILLED = -1;

/** 1 for each keyword that occurs at least once, from `count`'s result. */
export function presenceOf(counts: Int32Array): Uint8Array {
  // A plain loop: `Uint8Array.from` with a mapping callback cost about 1 % of a scan (once per file, a few thousand keywords).
  const present = new Uint8Array(counts.length);
  for (let i = 0; i < counts.length; i++) if (counts[i] > 0) present[i] = 1;
  return present;
}

function isAscii(word: string): boolean {
  for (let i = 0; i < word.length; i++) if (word.charCodeAt(i) > 127) return false;
  return true;
}
