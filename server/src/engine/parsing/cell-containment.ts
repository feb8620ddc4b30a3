/**
 * Keeps a syntax error inside its notebook cell. Jupyter compiles each cell on its own, so a bracket, string
 * or block left open at the end of a cell never reaches the next cell; joined into one program, it would
 * swallow every cell after it (tree-sitter's error recovery reads `class Foo:` of cell 22 as an argument of
 * the call left open in cell 21), and both the scan and the editor would lose or garble their findings.
 *
 * Each cell is parsed alone, followed by a statement of its own (`SENTINEL`). The parser's text blanks
 * (spaces, line breaks kept) the lines of every top-level statement the parser could not delimit (an `ERROR`
 * node at the top: a call left open makes the rest of the cell one), and, when the statement after the cell
 * would not parse on its own (the cell runs on into the next), everything from the first broken statement to
 * the cell's end. Such code cannot run in Jupyter either; the statements around it keep their findings, the
 * cells after it parse as they do alone, and text checkers still read the cell's text.
 */
import type { Node } from 'web-tree-sitter';
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

/** A statement that parses on its own after any closed cell. */
const SENTINEL: Record<LanguageId, string> = { python: 'pass', javascript: 'void 0;', typescript: 'void 0;', tsx: 'void 0;' };

/** The spans of the cell to blank (see the file comment), each from a line's start to a line's end. */
function brokenSpans(cell: string, language: LanguageId, grammars: Grammars): [number, number][] {
  const body = cell.endsWith('\n') ? cell : `${cell}\n`;
  const sentinel = SENTINEL[language];
  let tree;
  try {
    tree = grammars.parse(language, `${body}\n${sentinel}\n`, null, undefined, undefined, false);
  } catch {
    // A trapped parser: the joined parse reports it; the cell is left as it is.
    return [];
  }
  if (!tree) return [];
  try {
    const root = tree.rootNode;
    if (!root.hasError) return [];
    const sentinelStart = body.length + 1;
    const last = root.lastChild;
    const previous = last?.previousSibling;
    const closed = last !== null && last.startIndex === sentinelStart && last.endIndex === sentinelStart + sentinel.length && !last.hasError && !(previous && previous.endIndex > sentinelStart);
    const children = root.children.filter((child): child is Node => child !== null && child.startIndex < body.length);
    if (!closed) {
      const broken = children.find((child) => child.hasError);
      return [[lineStart(cell, broken?.startIndex ?? 0), cell.length]];
    }
    const spans: [number, number][] = [];
    for (const child of children) {
      if (child.type !== 'ERROR') continue;
      const span: [number, number] = [lineStart(cell, child.startIndex), lineEnd(cell, child.endIndex)];
      const before = spans[spans.length - 1];
      if (before && span[0] <= before[1]) before[1] = Math.max(before[1], span[1]);
      else spans.push(span);
    }
    return spans;
  } finally {
    grammars.release(tree);
  }
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
