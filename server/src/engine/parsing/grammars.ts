/**
 * Owns the tree-sitter runtime: one parser per language and each checker's query compiled once per
 * language. The host supplies the WASM bytes (the engine reads no files).
 */
import { Language, Parser, Query, type Range as TreeRange, type Tree } from 'web-tree-sitter';
import type { LanguageId } from '../rule';
import { errorCount, mayHoldStarredItem, rewriteStarredItems } from './starred-tuples';

export const GRAMMAR_FILES: Readonly<Record<LanguageId, string>> = {
  python: 'tree-sitter-python.wasm',
  javascript: 'tree-sitter-javascript.wasm',
  typescript: 'tree-sitter-typescript.wasm',
  tsx: 'tree-sitter-tsx.wasm',
};

/** The runtime's own WASM file name. */
export const RUNTIME_WASM = 'tree-sitter.wasm';

export type WasmLoader = (fileName: string) => Uint8Array | Promise<Uint8Array>;

export class Grammars {
  private readonly parsers = new Map<LanguageId, Parser>();
  private readonly queries = new Map<string, Query | Error>();

  private constructor(private readonly languages: ReadonlyMap<LanguageId, Language>) {}

  static async load(loadWasm: WasmLoader): Promise<Grammars> {
    const runtime = await loadWasm(RUNTIME_WASM);
    await Parser.init({ wasmBinary: runtime } as object);
    const languages = new Map<LanguageId, Language>();
    for (const [id, file] of Object.entries(GRAMMAR_FILES) as [LanguageId, string][]) {
      languages.set(id, await Language.load(await loadWasm(file)));
    }
    return new Grammars(languages);
  }

  language(id: LanguageId): Language {
    const language = this.languages.get(id);
    if (!language) throw new Error(`no grammar for ${id}`);
    return language;
  }

  /**
   * Parses `text`; with `oldTree` (already edited with `Tree.edit`) the parse is incremental.
   * `shouldStop` is polled during the parse; returning true abandons it (the result is then null).
   * `includedRanges` (offsets in UTF-16 code units, as node offsets are) restricts the parse to those spans.
   */
  parse(id: LanguageId, text: string, oldTree?: Tree | null, shouldStop?: () => boolean, includedRanges?: TreeRange[]): Tree | null {
    let parser = this.parsers.get(id);
    if (!parser) {
      parser = new Parser();
      parser.setLanguage(this.language(id));
      this.parsers.set(id, parser);
    }
    const options = shouldStop || includedRanges ? { ...(shouldStop ? { progressCallback: () => shouldStop() } : {}), ...(includedRanges ? { includedRanges } : {}) } : undefined;
    const tree = parser.parse(text, oldTree ?? null, options);
    if (!tree) {
      parser.reset();
      return tree;
    }
    if (id === 'python' && tree.rootNode.hasError && mayHoldStarredItem(text)) return this.withStarredItems(parser, tree, text, options);
    return tree;
  }

  /** Re-parses Python whose errors come from starred tuple items the grammar lacks (see `starred-tuples.ts`); keeps the better tree. */
  private withStarredItems(parser: Parser, tree: Tree, text: string, options: Parameters<Parser['parse']>[2]): Tree {
    const rewritten = rewriteStarredItems(tree, text);
    if (rewritten === undefined) return tree;
    const retry = parser.parse(rewritten, null, options);
    if (!retry) {
      parser.reset();
      return tree;
    }
    if (errorCount(retry) < errorCount(tree)) {
      tree.delete();
      return retry;
    }
    retry.delete();
    return tree;
  }

  /** The compiled query for a checker and language, compiled on first use; an invalid query yields its Error. */
  query(key: string, id: LanguageId, source: string): Query | Error {
    const cacheKey = `${key}\u0000${id}`;
    let query = this.queries.get(cacheKey);
    if (!query) {
      try {
        query = new Query(this.language(id), source);
      } catch (error) {
        query = error instanceof Error ? error : new Error(String(error));
      }
      this.queries.set(cacheKey, query);
    }
    return query;
  }
}
