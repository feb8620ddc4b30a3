/**
 * Incremental re-parse of an open document's windows. After an edit the incremental analysis parses only some
 * spans of the text (the edited units, the module-level units and the class around them: tree-sitter's included
 * ranges). Parsed from scratch, each keystroke re-read all of those spans; this memo keeps the last clean window
 * trees of a few shapes, edited along with the text, and hands the one parsed from the same ranges to
 * tree-sitter as the old tree, which then re-parses only around the edit.
 *
 * Only error-free parses are kept and only error-free incremental results are used: tree-sitter's error
 * recovery may differ between an incremental and a fresh parse, while for text that parses cleanly both give
 * the same tree. A window with a syntax error is therefore parsed from scratch exactly as before.
 */
import type { Edit, Range as TreeRange, Tree } from 'web-tree-sitter';
import type { LanguageId } from '../rule';
import type { Grammars } from './grammars';

export class RangedParseMemo {
  /**
   * The last clean ranged parses (their own copies, which the memo frees), newest first, each edited with every
   * change since. One keystroke parses windows of a few shapes (the edited units alone, with what they refer
   * to, with their neighbours), so one tree per shape is kept.
   */
  private trees: Tree[] = [];
  /** Whether the last parse from scratch had a syntax error. */
  private lastHadError = false;

  constructor(private readonly grammars: Grammars) {}

  /** Applies a text edit to the kept trees, so they stay valid old trees for the edited text. */
  edit(edit: Edit): void {
    this.trees = this.trees.filter((tree) => this.grammars.owns(tree));
    for (const tree of this.trees) tree.edit(edit);
  }

  /**
   * Parses `ranges` of `text` (the current text, as edited through `edit`), reusing the kept tree of the
   * same shape when the result is clean. The caller owns (and releases) the returned tree; null when
   * `shouldStop` stopped the parse.
   */
  parse(language: LanguageId, text: string, ranges: TreeRange[], shouldStop?: () => boolean): Tree | null {
    // While a statement is half-typed the next window most likely has an error too, and tree-sitter's error
    // recovery in an incremental parse cost more than a fresh parse (up to three times, in torch's module.py):
    // after a parse with an error the next one starts from scratch.
    const old = this.lastHadError ? undefined : this.sameShape(ranges);
    if (old) {
      const tree = this.grammars.parse(language, text, old, shouldStop, ranges, false);
      if (!tree) return null;
      if (!tree.rootNode.hasError) {
        this.keep(tree, old);
        return tree;
      }
      this.grammars.release(tree);
    }
    const tree = this.grammars.parse(language, text, null, shouldStop, ranges);
    this.lastHadError = tree?.rootNode.hasError === true;
    // A tree parsed from a rewritten copy of the text (starred tuple items) never serves as an old tree.
    if (tree && !tree.rootNode.hasError && this.grammars.parsedAsWritten(tree)) this.keep(tree);
    return tree;
  }

  /** Forgets the kept trees (the whole text was replaced, or the document is closed). */
  clear(): void {
    for (const tree of this.trees) this.grammars.release(tree);
    this.trees = [];
  }

  /**
   * The kept tree parsed from the same ranges (as moved by the edits since). Only such a tree is reused: an old
   * tree of another window shape gave trees that differ from a fresh parse where a range had ended and the
   * text now went on (`incremental-classes.test.ts`), and often cost more to re-parse from than no old tree.
   */
  private sameShape(ranges: readonly TreeRange[]): Tree | undefined {
    return this.trees.find((tree) => this.grammars.owns(tree) && sameRanges(tree.getIncludedRanges(), ranges));
  }

  /** Keeps a copy of `tree` in front, in place of the old tree it was parsed from (if any), up to `KEPT_TREES`. */
  private keep(tree: Tree, replaced?: Tree): void {
    const copy = tree.copy();
    this.grammars.adopt(copy, tree);
    const others = this.trees.filter((kept) => kept !== replaced);
    if (replaced) this.grammars.release(replaced);
    for (const dropped of others.slice(KEPT_TREES - 1)) this.grammars.release(dropped);
    this.trees = [copy, ...others.slice(0, KEPT_TREES - 1)];
  }
}

/** How many window shapes are kept. */
const KEPT_TREES = 3;

/** Whether two lists of ranges cover the same spans. */
function sameRanges(a: readonly TreeRange[], b: readonly TreeRange[]): boolean {
  return a.length === b.length && a.every((range, i) => range.startIndex === b[i].startIndex && range.endIndex === b[i].endIndex);
}
