/**
 * Keeps a syntax error inside its notebook cell. Jupyter compiles each cell on its own, so a bracket, string
 * or block left open at the end of a cell never reaches the next cell; joined into one program, it would
 * swallow every cell after it (tree-sitter's error recovery reads `class Foo:` of cell 22 as an argument of
 * the call left open in cell 21), and both the scan and the editor would lose or garble their findings.
 *
 * Each cell is parsed alone, followed by a statement of its own (`SENTINEL`). The parser's text blanks
 * (spaces, line breaks kept) the lines of every top-level statement the parser could not delimit (an `ERROR`
 * node at the top: a call left open makes the rest of the cell one; in Python also a simple statement with an
 * error that took the next lines in), line by line from its first line while
 * that leaves the rest parsing, and, when the statement after the cell would not parse on its own (the cell
 * runs on into the next), everything from the first broken statement to the cell's end. Such code cannot run in Jupyter either; the statements around it keep their findings, the
 * cells after it parse as they do alone, and text checkers still read the cell's text.
 */
import type { Node, Tree } from 'web-tree-sitter';
import { diffTexts } from '../incremental/plan';
import { TextIndex } from '../text-index';
import type { LanguageId } from '../rule';
import type { Grammars } from './grammars';

/** The spans of a cell (offsets in the cell) that the parser's text blanks; empty when the cell is closed. */
export type CellVerdicts = Map<string, readonly (readonly [number, number])[]>;

/**
 * The parser's text of joined cells (`parseText`, the joined text with magics commented out) with each cell's
 * broken statements blanked. `starts` are the code cells' offsets. `verdicts` caches each cell's answer by its
 * text (an open notebook keeps it, so a keystroke parses one cell); it is left holding only these cells' answers.
 */
export function containCellErrors(parseText: string, starts: readonly number[], language: LanguageId, grammars: Grammars, verdicts: CellVerdicts = new Map()): string {
  const answered: CellVerdicts = new Map();
  let contained = '';
  let copied = 0;
  starts.forEach((start, i) => {
    const end = i + 1 < starts.length ? starts[i + 1] : parseText.length;
    const cell = parseText.slice(start, end);
    const spans = answered.get(cell) ?? verdicts.get(cell) ?? brokenSpans(cell, language, grammars);
    answered.set(cell, spans);
    for (const [from, to] of spans) {
      contained += parseText.slice(copied, start + from) + blank(parseText.slice(start + from, start + to));
      copied = start + to;
    }
  });
  verdicts.clear();
  for (const [cell, spans] of answered) verdicts.set(cell, spans);
  return copied === 0 ? parseText : contained + parseText.slice(copied);
}

/**
 * The parser's text of one cell (`cellParseText`: the cell as it lies in the joined parse text, magics commented
 * out, with the line break after it) with its broken statements blanked, for an open notebook whose edit stays
 * in that cell: the other cells' parser text is unchanged. `verdicts` is the open notebook's cache (see
 * `containCellErrors`); `replacedCell`, the cell's previous text, leaves it (its answer is not needed again).
 */
export function containCell(cellParseText: string, language: LanguageId, grammars: Grammars, verdicts: CellVerdicts, replacedCell?: string, memo?: CellParseMemo): string {
  const spans = verdicts.get(cellParseText) ?? brokenSpans(cellParseText, language, grammars, memo);
  if (replacedCell !== undefined && replacedCell !== cellParseText) verdicts.delete(replacedCell);
  verdicts.set(cellParseText, spans);
  let contained = '';
  let copied = 0;
  for (const [from, to] of spans) {
    contained += cellParseText.slice(copied, from) + blank(cellParseText.slice(from, to));
    copied = to;
  }
  return copied === 0 ? cellParseText : contained + cellParseText.slice(copied);
}

/**
 * The last parse of an open notebook's edited cell (with its sentinel), from which the next keystroke's parse of
 * that cell starts (tree-sitter re-parses only what changed). Only a tree without syntax errors is taken from an
 * incremental parse (error recovery may differ from a fresh parse's, which the scan does), and only a tree
 * without errors is started from.
 */
export interface CellParseMemo {
  last?: { source: string; tree: Tree };
}

/** Frees the memo's tree (the document is closed). */
export function releaseCellParse(memo: CellParseMemo, grammars: Grammars): void {
  grammars.release(memo.last?.tree);
  memo.last = undefined;
}

/** A statement that parses on its own after any closed cell. */
const SENTINEL: Record<LanguageId, string> = { python: 'pass', javascript: 'void 0;', typescript: 'void 0;', tsx: 'void 0;' };

/** How many lines are blanked one at a time before the rest of a broken statement is blanked at once. */
const LINE_ATTEMPTS = 8;

/**
 * The spans of the cell to blank, each from a line's start to a line's end. The line where a broken top-level
 * statement starts is blanked first, and the cell parsed again (a half-typed call on one line then costs that
 * line only, and the class after it keeps its findings and names); after `LINE_ATTEMPTS` lines, the rest of the
 * broken statement (or of the cell, when it runs on) goes at once.
 */
function brokenSpans(cell: string, language: LanguageId, grammars: Grammars, memo?: CellParseMemo): [number, number][] {
  const spans: [number, number][] = [];
  let source = cell;
  for (let attempt = 0; ; attempt++) {
    const broken = firstBreak(source, language, grammars, attempt === 0 ? memo : undefined);
    if (!broken) return merged(spans);
    const line: [number, number] = [lineStart(cell, broken.start), lineEnd(cell, broken.start + 1)];
    const span: [number, number] = attempt < LINE_ATTEMPTS && line[1] < broken.end ? line : [line[0], broken.end];
    spans.push(span);
    if (span[1] >= broken.end) return merged(spans);
    source = source.slice(0, span[0]) + blank(source.slice(span[0], span[1])) + source.slice(span[1]);
  }
}

/**
 * The first statement of the cell that breaks its structure (see the file comment): where it starts, and where
 * blanking it would end (the end of its last line, or the cell's end when the cell runs on into the next);
 * undefined when nothing does.
 */
function firstBreak(cell: string, language: LanguageId, grammars: Grammars, memo?: CellParseMemo): { start: number; end: number } | undefined {
  const body = cell.endsWith('\n') ? cell : `${cell}\n`;
  const sentinel = SENTINEL[language];
  const source = `${body}\n${sentinel}\n`;
  let tree;
  try {
    tree = memo ? memoParse(source, language, grammars, memo) : grammars.parse(language, source, null, undefined, undefined, false);
  } catch {
    // A trapped parser: the joined parse reports it; the cell is left as it is.
    return undefined;
  }
  if (!tree) return undefined;
  try {
    const root = tree.rootNode;
    if (!root.hasError) return undefined;
    const sentinelStart = body.length + 1;
    const last = root.lastChild;
    const previous = last?.previousSibling;
    const closed = last !== null && last.startIndex === sentinelStart && last.endIndex === sentinelStart + sentinel.length && !last.hasError && !(previous && previous.endIndex > sentinelStart);
    const children = root.children.filter((child): child is Node => child !== null && child.startIndex < body.length);
    if (!closed) {
      const first = children.find((child) => child.hasError);
      return { start: Math.min(first?.startIndex ?? 0, cell.length), end: cell.length };
    }
    const error = children.find((child) => child.type === 'ERROR' || (language === 'python' && runsOn(child)));
    return error ? { start: Math.min(error.startIndex, cell.length), end: lineEnd(cell, error.endIndex) } : undefined;
  } finally {
    if (!memo) grammars.release(tree);
  }
}

/**
 * Parses `source` from the memo's last tree, edited where the texts differ; a tree with a syntax error is parsed
 * again from scratch. The memo keeps the tree (its owner frees it).
 */
function memoParse(source: string, language: LanguageId, grammars: Grammars, memo: CellParseMemo): Tree | null {
  const last = memo.last;
  memo.last = undefined;
  let tree: Tree | null = null;
  // From a tree with an error (a call left open while typing) the incremental parse recovers again, which costs
  // more than a fresh parse: only a clean last tree is reused.
  if (last && grammars.owns(last.tree) && !last.tree.rootNode.hasError) {
    const { start, oldEnd, newEnd } = diffTexts(last.source, source);
    const [oldIndex, newIndex] = [new TextIndex(last.source), new TextIndex(source)];
    last.tree.edit({ startIndex: start, oldEndIndex: oldEnd, newEndIndex: newEnd, startPosition: newIndex.pointAt(start), oldEndPosition: oldIndex.pointAt(oldEnd), newEndPosition: newIndex.pointAt(newEnd) });
    tree = grammars.parse(language, source, last.tree, undefined, undefined, false);
    if (tree?.rootNode.hasError) {
      grammars.release(tree);
      tree = null;
    }
  }
  if (last && last.tree !== tree) grammars.release(last.tree);
  tree ??= grammars.parse(language, source, null, undefined, undefined, false);
  if (tree) memo.last = { source, tree };
  return tree;
}

/** Python statements with a block of their own: an error inside one stays in it. */
const COMPOUND = new Set(['function_definition', 'class_definition', 'decorated_definition', 'if_statement', 'for_statement', 'while_statement', 'with_statement', 'try_statement', 'match_statement']);

/**
 * A simple Python statement with a syntax error that spans several lines took the lines after it in (`data =`
 * typed above `class Foo:` reads the class header as its value).
 */
function runsOn(node: Node): boolean {
  return node.hasError && !COMPOUND.has(node.type) && node.endPosition.row > node.startPosition.row;
}

/** Spans in order, those that touch joined. */
function merged(spans: [number, number][]): [number, number][] {
  const out: [number, number][] = [];
  for (const span of [...spans].sort((x, y) => x[0] - y[0])) {
    const before = out[out.length - 1];
    if (before && span[0] <= before[1]) before[1] = Math.max(before[1], span[1]);
    else out.push([...span]);
  }
  return out;
}

function lineStart(text: string, offset: number): number {
  return text.lastIndexOf('\n', Math.min(offset, text.length) - 1) + 1;
}

/** The end of the line holding `offset - 1` (the offset itself when it ends a line), at most the text's end. */
function lineEnd(text: string, offset: number): number {
  if (offset >= text.length) return text.length;
  if (offset > 0 && text[offset - 1] === '\n') return offset;
  const newline = text.indexOf('\n', offset);
  return newline < 0 ? text.length : newline;
}

/** The same text with every character but line breaks replaced by a space (lines and offsets are kept). */
function blank(text: string): string {
  return text.replace(/[^\r\n]/g, ' ');
}
