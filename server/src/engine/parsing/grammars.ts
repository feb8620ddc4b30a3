/**
 * The engine's parser: the current tree-sitter runtime (see `runtime.ts`) and its replacement after a trap.
 * A WebAssembly trap (an emscripten abort when the parser's heap is exhausted, a stack overflow inside the
 * WASM code) leaves the runtime's memory in an unknown state and every later call failing, so the runtime
 * that trapped is dropped at once and a fresh one is built from a new copy of web-tree-sitter. Building is
 * asynchronous; hosts await `ready()` before the next file, and a parse asked for in between fails with
 * `ParseFailure('unavailable')` instead of touching the broken runtime. Grammars are loaded per language when a
 * host asks for them (`ready(languages)`); a replacement runtime loads every language asked for so far, and a
 * parse of a language nobody asked for fails as unavailable too (a host bug, reported as an incomplete note).
 */
import type { Query, Range as TreeRange, Tree } from 'web-tree-sitter';
import type { LanguageId } from '../rule';
import { errorCount, mayHoldStarredItem, rewriteStarredItems } from './starred-tuples';
import { ParserRuntime, type TreeSitterLoader, type WasmLoader } from './runtime';

export { ALL_LANGUAGES, GRAMMAR_FILES, RUNTIME_WASM, type TreeSitterLoader, type WasmLoader } from './runtime';

/** A parse that produced no tree for a reason other than its deadline. */
export class ParseFailure extends Error {
  constructor(
    /** `trap`: this parse trapped (the runtime was replaced); `unavailable`: a replacement is still being built. */
    readonly reason: 'trap' | 'unavailable',
    message: string,
  ) {
    super(message);
    this.name = 'ParseFailure';
  }
}

export class Grammars {
  private runtime: ParserRuntime | undefined;
  private replacement: Promise<void> | undefined;
  private replacementError: string | undefined;
  /** The runtime each tree was parsed by: a tree of a dropped runtime is never touched again. */
  private readonly owner = new WeakMap<Tree, ParserRuntime>();
  /** Trees parsed from a rewritten copy of the text (`withStarredItems`), which must never serve as an old tree. */
  private readonly rewritten = new WeakSet<Tree>();
  private runtimes = 1;
  /** Every language a host has asked for: a replacement runtime loads them all, so no file loses its grammar. */
  private readonly wanted: Set<LanguageId>;

  private constructor(
    private readonly loadTreeSitter: TreeSitterLoader,
    private readonly loadWasm: WasmLoader,
    runtime: ParserRuntime,
    languages: readonly LanguageId[],
  ) {
    this.runtime = runtime;
    this.wanted = new Set(languages);
  }

  /** Builds the first runtime with the grammars of `languages` (others load when a host asks, see `ready`). */
  static async load(loadTreeSitter: TreeSitterLoader, loadWasm: WasmLoader, languages: readonly LanguageId[]): Promise<Grammars> {
    return new Grammars(loadTreeSitter, loadWasm, await ParserRuntime.create(loadTreeSitter, loadWasm, languages), languages);
  }

  /** The languages whose grammars the current runtime holds (none while a replacement is being built). */
  get loadedLanguages(): LanguageId[] {
    return this.runtime?.loadedLanguages ?? [];
  }

  /** How many runtimes this engine has built (1 until the first trap); tests and logs read it. */
  get runtimeCount(): number {
    return this.runtimes;
  }

  /**
   * Resolves once a runtime is available and holds the grammars of `languages`: at once, unless one trapped and
   * its replacement is being built or a grammar is still to be loaded.
   */
  ready(languages: readonly LanguageId[] = []): Promise<void> {
    for (const id of languages) this.wanted.add(id);
    if (this.runtime) return this.runtime.load(languages);
    return this.replace().then(() => this.runtime?.load(languages));
  }

  private replace(): Promise<void> {
    this.replacement ??= ParserRuntime.create(this.loadTreeSitter, this.loadWasm, [...this.wanted]).then(
      (runtime) => {
        this.runtime = runtime;
        this.runtimes += 1;
        this.replacement = undefined;
        this.replacementError = undefined;
      },
      (error: unknown) => {
        // The next `ready()` tries again; until then parses fail as unavailable, with this reason.
        this.replacement = undefined;
        this.replacementError = describeError(error);
      },
    );
    return this.replacement;
  }

  /**
   * Parses `text`; with `oldTree` (already edited with `Tree.edit`) the parse is incremental.
   * `shouldStop` is polled during the parse; returning true abandons it (the result is then null).
   * `includedRanges` (offsets in UTF-16 code units, as node offsets are) restricts the parse to those spans.
   * Throws `ParseFailure` when the parse trapped or no runtime is available. Python with syntax errors is
   * parsed again with its starred tuple items rewritten (see `starred-tuples.ts`) unless `retryStarredItems`
   * is false: a caller that parses text with errors from scratch anyway skips that second parse.
   */
  parse(id: LanguageId, text: string, oldTree?: Tree | null, shouldStop?: () => boolean, includedRanges?: TreeRange[], retryStarredItems = true): Tree | null {
    const runtime = this.current();
    if (!runtime.has(id)) throw new ParseFailure('unavailable', `the ${id} grammar is not loaded (the host did not ask for it before the analysis)`);
    const reusable = oldTree && this.owner.get(oldTree) === runtime ? oldTree : null;
    let tree: Tree | null;
    try {
      const parsed = loneCarriageReturnsAsLineFeeds(text);
      tree = runtime.parse(id, parsed, reusable, shouldStop, includedRanges);
      if (tree && retryStarredItems && id === 'python' && tree.rootNode.hasError && mayHoldStarredItem(parsed)) {
        const first = tree;
        tree = withStarredItems(runtime, tree, parsed, shouldStop, includedRanges);
        if (tree !== first) this.rewritten.add(tree);
      }
    } catch (error) {
      // Whatever unwound through the WASM frames (a trap, or an exception from the progress callback) may have
      // left the runtime's heap and stack half-updated.
      this.discard();
      throw new ParseFailure('trap', `the parser trapped (${describeError(error)})`);
    }
    if (tree) this.owner.set(tree, runtime);
    return tree;
  }

  /** False for a tree parsed from a rewritten copy of the text (starred tuple items), which is no old tree for it. */
  parsedAsWritten(tree: Tree): boolean {
    return !this.rewritten.has(tree);
  }

  /** Registers `copy` (from `Tree.copy`) as a tree of the runtime that parsed `original`, so `owns` and `release` accept it. */
  adopt(copy: Tree, original: Tree): void {
    const runtime = this.owner.get(original);
    if (runtime) this.owner.set(copy, runtime);
  }

  /** Frees a tree of the current runtime; a tree of a dropped runtime goes with its runtime. */
  release(tree: Tree | null | undefined): void {
    if (!tree || !this.owns(tree)) return;
    try {
      tree.delete();
    } catch {
      this.discard();
    }
  }

  /** True when `tree` was parsed by the current runtime (so its nodes may be read). */
  owns(tree: Tree): boolean {
    return this.runtime !== undefined && this.owner.get(tree) === this.runtime;
  }

  /**
   * Drops the current runtime after a trap outside `parse` (a checker reading nodes, a query) and starts
   * building its replacement.
   */
  discard(): void {
    if (!this.runtime) return;
    this.runtime = undefined;
    void this.replace();
  }

  /** The compiled query for a checker and language, compiled on first use; an invalid query yields its Error. */
  query(key: string, id: LanguageId, source: string): Query | Error {
    return this.current().query(key, id, source);
  }

  private current(): ParserRuntime {
    if (this.runtime) return this.runtime;
    void this.replace();
    const why = this.replacementError ? `building a new one failed: ${this.replacementError}` : 'a new one is being built';
    throw new ParseFailure('unavailable', `the parser is unavailable after a trap in an earlier file (${why})`);
  }
}

/**
 * The text the parser sees: every `\r` not followed by `\n` becomes `\n`. A lone CR ends a line for Python and
 * JavaScript (and for `TextIndex` and LSP), but tree-sitter counts rows by `\n` only, and its Python grammar needs
 * a newline token: old Mac line endings would be one long line with syntax errors, and node positions would not
 * match the positions of `TextIndex`. The replacement keeps every offset, so nothing needs mapping back.
 */
export function loneCarriageReturnsAsLineFeeds(text: string): string {
  return text.includes('\r') ? text.replace(/\r(?!\n)/g, '\n') : text;
}

/**
 * True for errors that mean the runtime itself failed, as opposed to a checker's own bug: a WebAssembly trap
 * (`RuntimeError`: abort, unreachable, out-of-bounds access) or a stack overflow, which may have happened in
 * WASM frames and left its stack pointer behind.
 */
export function isRuntimeTrap(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  return error.name === 'RuntimeError' || error instanceof ParseFailure || (error instanceof RangeError && /call stack/i.test(error.message));
}

function describeError(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.replace(/\. Build with -sASSERTIONS for more info\.?$/, '');
}

/** Re-parses Python whose errors come from starred tuple items the grammar lacks (see `starred-tuples.ts`); keeps the better tree. */
function withStarredItems(runtime: ParserRuntime, tree: Tree, text: string, shouldStop: (() => boolean) | undefined, includedRanges: TreeRange[] | undefined): Tree {
  const rewritten = rewriteStarredItems(tree, text);
  if (rewritten === undefined) return tree;
  const retry = runtime.parse('python', rewritten, null, shouldStop, includedRanges);
  if (!retry) return tree;
  if (errorCount(retry) < errorCount(tree)) {
    tree.delete();
    return retry;
  }
  retry.delete();
  return tree;
}
