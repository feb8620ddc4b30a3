/**
 * An open document for the language server: it keeps its text and syntax tree, applies incremental
 * edits to both (tree-sitter re-parses only what changed), and analyses the current text on request.
 */
import type { Range as TreeRange, Tree } from 'web-tree-sitter';
import type { Position } from './finding';
import type { FileKind, LanguageId } from './rule';
import type { Grammars } from './parsing/grammars';
import { TextIndex } from './text-index';
import { isCodeLanguage } from './file-kinds';
import type { DocumentRun, RunKind } from './incremental/analyze-document';
import { diffTexts, type TextDiff } from './incremental/plan';
import { commentMagics } from './parsing/notebook';
import { RangedParseMemo } from './parsing/ranged-parse';
import { containCell, containCellErrors, releaseCellParse, type CellParseMemo, type CellVerdicts } from './parsing/cell-containment';

/** One LSP-style content change: a range in the current text replaced by `text`. No range means the whole text. */
export interface DocumentChange {
  range?: { start: Position; end: Position };
  text: string;
}

export class EngineDocument {
  private tree: Tree | undefined;
  private index: TextIndex;
  private previousRun: DocumentRun | undefined;
  /** The span the edits since the last analysis cover, in the text of that analysis and now; 'unknown' after a replacement. */
  private changed: TextDiff | 'unknown' | undefined;
  /** Names another module gives this one whose meaning changed since the last analysis (`outsideNamesChanged`). */
  private changedOutside: Set<string> | undefined;
  /** How the last analysis was done (whole file or the units an edit reached), for tests and benchmarks. */
  lastRunKind: RunKind | undefined;

  /** The parser's copy of a notebook's code (`commentMagics`, `containCellErrors`), made once per text and layout. */
  private parsed: { text: string; starts: readonly number[]; source: string } | undefined;
  /** A notebook's code cell offsets in the joined text; each cell's error containment is cached by its text. */
  private cellStarts: readonly number[] = [0];
  private readonly cellVerdicts: CellVerdicts = new Map();
  /** The last parse of the cell `editCodeCell` edited, which its next keystroke re-parses incrementally. */
  private readonly cellParse: CellParseMemo = {};
  /** The last clean window parse of the incremental analysis, which the next window re-parses incrementally. */
  private readonly windowParse: RangedParseMemo;

  /**
   * `notebookLanguage`: the document is a notebook's code cells joined into one program (`joinCodeCells`),
   * analysed as code of that language while its rules see the file kind `notebook`, as in an `.ipynb` scan.
   */
  constructor(
    private readonly grammars: Grammars,
    readonly path: string,
    readonly kind: FileKind,
    private currentText: string,
    private readonly notebookLanguage?: LanguageId,
    cellStarts?: readonly number[],
  ) {
    this.index = new TextIndex(currentText);
    this.windowParse = new RangedParseMemo(grammars);
    if (cellStarts) this.cellStarts = cellStarts;
  }

  get text(): string {
    return this.currentText;
  }

  /**
   * The text the parser reads: the text itself, or for a notebook's joined cells the same text with magic
   * lines commented out and a cell that would run on into the next blanked from its broken line
   * (`containCellErrors`; same length and lines, so offsets and positions are shared).
   */
  get parseSource(): string {
    if (!this.notebookLanguage) return this.currentText;
    if (this.parsed?.text !== this.currentText || this.parsed.starts !== this.cellStarts) this.parsed = { text: this.currentText, starts: this.cellStarts, source: this.notebookParseSource(this.currentText, this.cellStarts) };
    return this.parsed.source;
  }

  /**
   * Replaces the text by `next` as one edit of the span where they differ, so the tree and the last analysis
   * stay reusable. A notebook's joined cells pass their new cell offsets: the edit then also covers the span
   * where the parser's text changed (a cell whose containment changed), so the old tree is never reused there.
   */
  replaceText(next: string, cellStarts?: readonly number[]): void {
    if (!this.notebookLanguage || !cellStarts) {
      if (next !== this.currentText) this.replaceSpan(next, diffTexts(this.currentText, next));
      return;
    }
    const before = this.parseSource;
    const after = this.notebookParseSource(next, cellStarts);
    this.cellStarts = cellStarts;
    if (next === this.currentText && before === after) return;
    this.replaceSpan(next, unionOf(diffTexts(this.currentText, next), diffTexts(before, after), next.length - this.currentText.length));
    this.parsed = { text: next, starts: cellStarts, source: after };
  }

  /**
   * Replaces `[start, oldEnd)` of a notebook's joined cells by `inserted`, an edit inside code cell `cell`
   * (offsets in the joined text) that keeps the line breaks between the cells as `joinCodeCells` makes them
   * (the host checks that: the cell is not empty and still ends with a line break, or still does not). Unlike
   * `replaceText`, the edit is where the editor made it (a diff of the texts cannot tell where a line break
   * typed next to another one went, and placing it at the next line's start edits the class there), and only
   * this cell's parser text is made again (`containCell`); the other cells' offsets move by the edit's length.
   */
  editCodeCell(cell: number, start: number, oldEnd: number, inserted: string): void {
    const starts = this.cellStarts;
    const oldText = this.currentText;
    const cellStart = starts[cell];
    const oldCellEnd = cell + 1 < starts.length ? starts[cell + 1] : oldText.length;
    if (!this.notebookLanguage || cellStart === undefined || start < cellStart || oldEnd > oldCellEnd || start > oldEnd) throw new RangeError(`editCodeCell: [${start}, ${oldEnd}) is not inside code cell ${cell}`);
    const delta = inserted.length - (oldEnd - start);
    const next = oldText.slice(0, start) + inserted + oldText.slice(oldEnd);
    const nextStarts = starts.map((offset, i) => (i > cell ? offset + delta : offset));
    const before = this.parseSource;
    const oldCell = before.slice(cellStart, oldCellEnd);
    const newCellEnd = oldCellEnd + delta;
    const newCell = containCell(commentMagics(next.slice(cellStart, newCellEnd)), this.notebookLanguage, this.grammars, this.cellVerdicts, commentMagics(oldText.slice(cellStart, oldCellEnd)), this.cellParse);
    const after = before.slice(0, cellStart) + newCell + before.slice(oldCellEnd);
    // The parser's text may also change outside the edit (a line blanked or no longer blanked, a magic line's
    // first character): the edit grows to cover it, so the old tree is never reused there.
    const changedBefore = differingSpan(oldCell, newCell, 0, start - cellStart, 0);
    const changedAfter = differingSpan(oldCell, newCell, oldEnd - cellStart, oldCell.length, delta);
    const from = cellStart + Math.min(start - cellStart, changedBefore?.[0] ?? Infinity);
    const to = cellStart + Math.max(oldEnd - cellStart, changedAfter?.[1] ?? -Infinity);
    this.cellStarts = nextStarts;
    this.replaceSpan(next, { start: from, oldEnd: to, newEnd: to + delta });
    this.parsed = { text: next, starts: nextStarts, source: after };
  }

  /** A notebook's code cell offsets in the joined text (`[0]` for other documents). */
  get codeCellStarts(): readonly number[] {
    return this.cellStarts;
  }

  private notebookParseSource(text: string, starts: readonly number[]): string {
    return containCellErrors(commentMagics(text), starts, this.notebookLanguage as LanguageId, this.grammars, this.cellVerdicts);
  }

  private replaceSpan(next: string, diff: TextDiff): void {
    const range = { start: this.index.positionAt(diff.start), end: this.index.positionAt(diff.oldEnd) };
    this.applyChanges([{ range, text: next.slice(diff.start, diff.newEnd) }]);
  }

  /** Line index of the current text. */
  get textIndex(): TextIndex {
    return this.index;
  }

  /** The last analysis, which the next one may partly reuse (see `incremental/`). */
  get lastRun(): DocumentRun | undefined {
    return this.previousRun;
  }

  remember(run: DocumentRun | undefined): void {
    this.previousRun = run;
    this.changed = undefined;
    this.changedOutside = undefined;
  }

  /**
   * Says that what names imported from another module mean changed (a helper's summary gave a function a new
   * sink or return), while this text did not: the next analysis re-checks only the units that refer to them and
   * what depends on those (`incremental/outside-change.ts`) instead of the whole file. Without a kept run there is
   * nothing to narrow, and the next analysis is a full one anyway.
   */
  outsideNamesChanged(names: Iterable<string>): void {
    if (!this.previousRun) return;
    this.changedOutside ??= new Set();
    for (const name of names) this.changedOutside.add(name);
  }

  /** The names `outsideNamesChanged` gave since the last analysis, or undefined. */
  get namesChangedOutside(): ReadonlySet<string> | undefined {
    return this.changedOutside;
  }

  /** What changed since the last analysis: a span, 'unknown' (the whole text was replaced) or undefined (nothing). */
  get changedSinceLastRun(): TextDiff | 'unknown' | undefined {
    return this.changed;
  }

  /**
   * Makes the next analysis a full one. Hosts call it when something outside the text changed that findings
   * depend on (files on disk behind the project facts, package intelligence); configuration and ports
   * changes are noticed without it.
   */
  forgetAnalysis(): void {
    this.previousRun = undefined;
    this.changedOutside = undefined;
  }

  get language(): LanguageId | undefined {
    return this.notebookLanguage ?? (isCodeLanguage(this.kind) ? this.kind : undefined);
  }

  /** Applies changes in order (each relative to the text after the previous one), editing the old tree as it goes. */
  applyChanges(changes: readonly DocumentChange[]): void {
    for (const change of changes) {
      if (!change.range) {
        this.changed = 'unknown';
        this.currentText = change.text;
        this.index = new TextIndex(this.currentText);
        this.dropTree();
        this.windowParse.clear();
        continue;
      }
      let startIndex = this.index.offsetAt(change.range.start);
      let oldEndIndex = this.index.offsetAt(change.range.end);
      let inserted = change.text;
      if (this.notebookLanguage) {
        // Whether a line is a magic (and so a comment to the parser) depends on its whole start: the edit
        // covers whole lines, so the parser's text changes only inside it.
        const lineStart = this.index.lineStart(this.index.positionAt(startIndex).line);
        const lineEnd = this.index.lineEnd(this.index.positionAt(oldEndIndex).line);
        inserted = this.currentText.slice(lineStart, startIndex) + inserted + this.currentText.slice(oldEndIndex, lineEnd);
        startIndex = lineStart;
        oldEndIndex = lineEnd;
      }
      const startPosition = this.index.pointAt(startIndex);
      const oldEndPosition = this.index.pointAt(oldEndIndex);
      const next = this.currentText.slice(0, startIndex) + inserted + this.currentText.slice(oldEndIndex);
      const newEndIndex = startIndex + inserted.length;
      if (this.changed !== 'unknown') this.changed = widen(this.changed, startIndex, oldEndIndex, newEndIndex);
      this.currentText = next;
      this.index = this.index.edited(next, startIndex, oldEndIndex, inserted);
      const newEndPosition = this.index.pointAt(newEndIndex);
      if (this.tree && !this.grammars.owns(this.tree)) this.tree = undefined;
      const edit = { startIndex, oldEndIndex, newEndIndex, startPosition, oldEndPosition, newEndPosition };
      this.tree?.edit(edit);
      this.windowParse.edit(edit);
    }
  }

  /**
   * The syntax tree of the current text, re-parsed incrementally from the edited old tree.
   * Undefined for non-code documents or when `shouldStop` abandoned the parse.
   */
  syntaxTree(shouldStop?: () => boolean, retryStarredItems = true): Tree | undefined {
    const language = this.language;
    if (!language) return undefined;
    // A tree of a parser runtime dropped after a trap is never touched again (its WASM memory is gone).
    if (this.tree && !this.grammars.owns(this.tree)) this.tree = undefined;
    const parsed = this.grammars.parse(language, this.parseSource, this.tree ?? null, shouldStop, undefined, retryStarredItems);
    if (!parsed) return undefined;
    if (this.tree && this.tree !== parsed) this.grammars.release(this.tree);
    this.tree = parsed;
    return parsed;
  }

  /**
   * A parse of `ranges` of the parser's text (an incremental analysis window), re-parsed incrementally from the
   * last clean window parse (`RangedParseMemo`). The caller releases the tree; null when `shouldStop` stopped it.
   */
  windowSyntaxTree(ranges: TreeRange[], shouldStop?: () => boolean): Tree | null {
    const language = this.language;
    if (!language) return null;
    return this.windowParse.parse(language, this.parseSource, ranges, shouldStop);
  }

  /** Drops the tree without freeing it (after a trap, when the runtime that made it may be broken). */
  forgetTree(): void {
    this.tree = undefined;
    this.previousRun = undefined;
  }

  /**
   * The syntax tree parsed from scratch. Tree-sitter's incremental re-parse of text with syntax errors may
   * recover differently than a fresh parse; full analyses of such text use this so they match `analyze`.
   */
  freshSyntaxTree(shouldStop?: () => boolean): Tree | undefined {
    this.dropTree();
    return this.syntaxTree(shouldStop);
  }

  /**
   * The tree a full analysis needs: the incremental re-parse when it has no syntax error, otherwise a parse
   * from scratch (`freshSyntaxTree`). The incremental attempt skips the starred-item retry, which a text with
   * errors gets in the fresh parse: typing an unclosed call in a large file otherwise parsed it four times.
   */
  analysisSyntaxTree(shouldStop?: () => boolean): Tree | undefined {
    const tree = this.syntaxTree(shouldStop, false);
    return tree?.rootNode.hasError ? this.freshSyntaxTree(shouldStop) : tree;
  }

  dispose(): void {
    this.previousRun = undefined;
    releaseCellParse(this.cellParse, this.grammars);
    this.windowParse.clear();
    this.dropTree();
  }

  private dropTree(): void {
    this.grammars.release(this.tree);
    this.tree = undefined;
  }
}

/**
 * Where `oldText[from, to)` and `newText[from + shift, to + shift)` differ: the first and one past the last
 * differing offset of the old text, or undefined when they are the same.
 */
function differingSpan(oldText: string, newText: string, from: number, to: number, shift: number): [number, number] | undefined {
  let first = from;
  while (first < to && oldText.charCodeAt(first) === newText.charCodeAt(first + shift)) first++;
  if (first === to) return undefined;
  let last = to;
  while (last > first && oldText.charCodeAt(last - 1) === newText.charCodeAt(last - 1 + shift)) last--;
  return [first, last];
}

/** The span covering `changed` and one more edit (offsets of the edit in the current text). */
function widen(changed: TextDiff | undefined, start: number, oldEnd: number, newEnd: number): TextDiff {
  if (!changed) return { start, oldEnd, newEnd };
  const delta = newEnd - oldEnd;
  if (oldEnd <= changed.newEnd) return { start: Math.min(changed.start, start), oldEnd: changed.oldEnd, newEnd: changed.newEnd + delta };
  return { start: Math.min(changed.start, start), oldEnd: changed.oldEnd + (oldEnd - changed.newEnd), newEnd };
}

/** The span covering two diffs of the same pair of texts (`delta`: new length minus old length). */
function unionOf(a: TextDiff, b: TextDiff, delta: number): TextDiff {
  const start = Math.min(a.start, b.start);
  const oldEnd = Math.max(a.oldEnd, b.oldEnd);
  return { start, oldEnd, newEnd: oldEnd + delta };
}
