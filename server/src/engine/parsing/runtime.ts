/**
 * One instance of the tree-sitter runtime: a web-tree-sitter module (the emscripten WASM instance and
 * the classes bound to it), the grammars loaded into it, one parser per language and the queries compiled
 * for it. web-tree-sitter keeps its WASM instance in module-level variables, so an instance that trapped
 * cannot be reset; the host hands the engine a fresh copy of the module for each runtime instead
 * (`TreeSitterLoader`), and `Grammars` drops a broken runtime and builds the next one.
 */
import type { Language, Parser, Query, Range as TreeRange, Tree } from 'web-tree-sitter';
import type * as WebTreeSitter from 'web-tree-sitter';
import type { LanguageId } from '../rule';

/** The grammar of each language: loaded into a runtime when a host first asks for that language (`load`). */
export const GRAMMAR_FILES: Readonly<Record<LanguageId, string>> = {
  python: 'tree-sitter-python.wasm',
  javascript: 'tree-sitter-javascript.wasm',
  typescript: 'tree-sitter-typescript.wasm',
  tsx: 'tree-sitter-tsx.wasm',
};

/** Every language the engine parses, in `GRAMMAR_FILES` order. */
export const ALL_LANGUAGES = Object.keys(GRAMMAR_FILES) as readonly LanguageId[];

/** The runtime's own WASM file name. */
export const RUNTIME_WASM = 'tree-sitter.wasm';

export type WasmLoader = (fileName: string) => Uint8Array | Promise<Uint8Array>;

/** The classes of one copy of web-tree-sitter; they only work with objects made by the same copy. */
export type TreeSitterBinding = Pick<typeof WebTreeSitter, 'Parser' | 'Language' | 'Query'>;

/**
 * Supplied by the host: each call returns a copy of web-tree-sitter that no earlier call returned (a new module
 * scope, so a new WASM instance once initialised), and any extra emscripten module options for it (a Node host
 * passes `wasmMemory` with a lower maximum to cap the parser's heap).
 */
export type TreeSitterLoader = () => { binding: TreeSitterBinding; moduleOptions?: Record<string, unknown> };

export class ParserRuntime {
  private readonly parsers = new Map<LanguageId, Parser>();
  private readonly queries = new Map<string, Query | Error>();
  private readonly compiledFor = new WeakMap<Language, Map<string, Query>>();

  private readonly languages = new Map<LanguageId, Language>();
  private readonly loading = new Map<LanguageId, Promise<void>>();

  private constructor(
    private readonly binding: TreeSitterBinding,
    private readonly loadWasm: WasmLoader,
  ) {}

  /** Initialises a fresh copy of web-tree-sitter and loads the grammars of `languages` into it. */
  static async create(loadTreeSitter: TreeSitterLoader, loadWasm: WasmLoader, languages: readonly LanguageId[]): Promise<ParserRuntime> {
    const { binding, moduleOptions } = loadTreeSitter();
    const wasmBinary = await loadWasm(RUNTIME_WASM);
    // emscripten prints "Aborted()" through printErr before it throws; the engine reports the trap itself.
    await binding.Parser.init({ ...moduleOptions, wasmBinary, printErr: () => undefined, print: () => undefined } as object);
    const runtime = new ParserRuntime(binding, loadWasm);
    await runtime.load(languages);
    return runtime;
  }

  /**
   * Loads the grammars of `languages` that this runtime lacks (each once, however many callers ask at the same
   * time); resolves at once when it has them all. Compiling a grammar's WASM costs milliseconds of CPU at start,
   * so a host that analyses only Python never loads the three JavaScript grammars (about 3 MB of WASM).
   */
  load(languages: readonly LanguageId[]): Promise<void> {
    const pending: Promise<void>[] = [];
    for (const id of languages) {
      if (this.languages.has(id)) continue;
      let loading = this.loading.get(id);
      if (!loading) {
        loading = this.loadOne(id);
        this.loading.set(id, loading);
      }
      pending.push(loading);
    }
    return pending.length === 0 ? Promise.resolve() : Promise.all(pending).then(() => undefined);
  }

  /** True when the grammar of `id` is loaded (a parse of that language may run). */
  has(id: LanguageId): boolean {
    return this.languages.has(id);
  }

  /** The languages whose grammars are loaded, in `GRAMMAR_FILES` order (tests and logs read it). */
  get loadedLanguages(): LanguageId[] {
    return ALL_LANGUAGES.filter((id) => this.languages.has(id));
  }

  private async loadOne(id: LanguageId): Promise<void> {
    try {
      const language = await this.binding.Language.load(await this.loadWasm(GRAMMAR_FILES[id]));
      this.languages.set(id, language);
      RUNTIME_OF.set(language, this);
    } finally {
      // A failed load is tried again at the next request.
      this.loading.delete(id);
    }
  }

  language(id: LanguageId): Language {
    const language = this.languages.get(id);
    if (!language) throw new Error(`no grammar for ${id}`);
    return language;
  }

  parse(id: LanguageId, text: string, oldTree: Tree | null, progressCallback: (() => boolean) | undefined, includedRanges: TreeRange[] | undefined): Tree | null {
    let parser = this.parsers.get(id);
    if (!parser) {
      parser = new this.binding.Parser();
      parser.setLanguage(this.language(id));
      this.parsers.set(id, parser);
    }
    const options = progressCallback || includedRanges ? { ...(progressCallback ? { progressCallback } : {}), ...(includedRanges ? { includedRanges } : {}) } : undefined;
    const tree = parser.parse(includedRanges ? chunksWithin(text, includedRanges) : text, oldTree, options);
    if (!tree) parser.reset();
    return tree;
  }

  /** The compiled query for a checker and language, compiled on first use; an invalid query yields its Error. */
  query(key: string, id: LanguageId, source: string): Query | Error {
    const cacheKey = `${key}\u0000${id}`;
    let query = this.queries.get(cacheKey);
    if (!query) {
      try {
        query = new this.binding.Query(this.language(id), source);
      } catch (error) {
        query = error instanceof Error ? error : new Error(String(error));
      }
      this.queries.set(cacheKey, query);
    }
    return query;
  }

  /** A query over one of this runtime's languages, compiled once. */
  compile(language: Language, source: string): Query {
    let byLanguage = this.compiledFor.get(language);
    if (!byLanguage) this.compiledFor.set(language, (byLanguage = new Map()));
    let query = byLanguage.get(source);
    if (!query) byLanguage.set(source, (query = new this.binding.Query(language, source)));
    return query;
  }
}

/** The runtime each loaded language belongs to (weak: a dropped runtime's languages go with it). */
const RUNTIME_OF = new WeakMap<Language, ParserRuntime>();

/**
 * Compiles `source` for the language of a tree (resolvers that hold only a node use it): a query must come from
 * the same copy of web-tree-sitter as the language, and there is one copy per runtime.
 */
export function compileQuery(language: Language, source: string): Query {
  const runtime = RUNTIME_OF.get(language);
  if (!runtime) throw new Error('the language does not belong to a parser runtime of this engine');
  return runtime.compile(language, source);
}

/**
 * The text as web-tree-sitter's input callback, handing out chunks that end where the included range being read
 * ends. Given a string, web-tree-sitter copies 10 KB into the parser's memory each time the lexer jumps to an
 * offset: a partial parse of many small ranges (an incremental analysis window with the module-level units) or
 * an incremental re-parse that re-reads a few spots spent more time copying text than parsing it.
 */
export function chunksWithin(text: string, ranges: readonly TreeRange[]): (index: number) => string {
  return (index) => {
    let end = text.length;
    for (const range of ranges) {
      if (range.endIndex > index) {
        end = range.startIndex > index ? range.startIndex : range.endIndex;
        break;
      }
    }
    return text.slice(index, Math.min(text.length, Math.max(end, index + 1), index + CHUNK));
  };
}

/** The most characters one callback hands out (web-tree-sitter's input buffer holds 10 KB of UTF-16). */
const CHUNK = 4096;
