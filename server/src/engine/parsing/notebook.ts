/**
 * Reads a Jupyter notebook (`.ipynb`) as one virtual document made of its code cells, so that an
 * import in the first cell resolves a call in the fifth. Each position in the virtual document maps
 * back to the cell, the line in the cell and the line of the `.ipynb` file itself.
 * IPython magics (`!pip install x`, `%pip install x`, `%%bash`) stay in the text that text and
 * manifest checkers see; only the copy given to the parser has them turned into comments.
 */
import type { LanguageId } from '../rule';
import type { NotebookLocation, Position, Range } from '../finding';
import { decodedOffsets, jsonGet, parseJsonWithLocations, type JsonNode } from './json-locate';
import { TextIndex } from '../text-index';

export interface NotebookCell {
  /** Index among all cells of the notebook (markdown cells count too). */
  index: number;
  kind: 'code' | 'markdown' | 'raw';
  source: string;
  /** Offset of the cell's first character in the virtual document (code cells only; -1 otherwise). */
  virtualStart: number;
  /** For each source string token: decoded-start offset in the cell and the map to .ipynb offsets. */
  pieces: { cellStart: number; offsets: number[] }[];
}

export interface NotebookDocument {
  language: LanguageId;
  cells: NotebookCell[];
  /** Code cells joined with a blank line between them (what text checkers see). */
  virtualText: string;
  /** The same with magic lines commented out (what the parser sees); same length as `virtualText`. */
  parseText: string;
  /** Maps a range in the virtual document to the .ipynb range and the notebook location. */
  mapRange(range: Range): { fileRange: Range; notebook: NotebookLocation } | undefined;
}

/**
 * How every output names a place in a notebook: the cell's 1-based number among all cells (markdown cells
 * count, as in the file), and the 1-based line and column in that cell's text.
 */
export interface CellPosition {
  cell: number;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
}

export function cellPosition(location: NotebookLocation): CellPosition {
  const { start, end } = location.cellRange;
  return { cell: location.cellIndex + 1, line: start.line + 1, column: start.column + 1, endLine: end.line + 1, endColumn: end.column + 1 };
}

/** `cell 3, line 2`: the words findings' messages use for a notebook place. */
export function cellLabel(location: NotebookLocation): string {
  const position = cellPosition(location);
  return `cell ${position.cell}, line ${position.line}`;
}

export type NotebookReadResult = { ok: true; notebook: NotebookDocument } | { ok: false; error: string; offset: number };

export function readNotebook(fileText: string): NotebookReadResult {
  const parsed = parseJsonWithLocations(fileText);
  if (!parsed.ok) return parsed;
  const root = parsed.value;
  const cellsNode = jsonGet(root, 'cells');
  if (!cellsNode || cellsNode.type !== 'array') return { ok: false, error: 'the notebook has no "cells" array', offset: root.start };

  const language = notebookLanguage(root);
  const cells: NotebookCell[] = [];
  cellsNode.items.forEach((cellNode, index) => {
    const typeNode = jsonGet(cellNode, 'cell_type');
    const kind = typeNode?.type === 'string' && (typeNode.value === 'markdown' || typeNode.value === 'raw') ? typeNode.value : 'code';
    const sourceNode = jsonGet(cellNode, 'source');
    const tokens: Extract<JsonNode, { type: 'string' }>[] = [];
    if (sourceNode?.type === 'string') tokens.push(sourceNode);
    else if (sourceNode?.type === 'array') for (const item of sourceNode.items) if (item.type === 'string') tokens.push(item);
    let source = '';
    const pieces: NotebookCell['pieces'] = [];
    for (const token of tokens) {
      pieces.push({ cellStart: source.length, offsets: decodedOffsets(fileText, token.start) });
      source += token.value;
    }
    cells.push({ index, kind, source, virtualStart: -1, pieces });
  });

  const joined = joinCodeCells(cells);
  const virtualText = joined.text;
  for (const [i, cell] of joined.cells.entries()) (cell as NotebookCell).virtualStart = joined.starts[i]!;
  const parseText = commentMagics(virtualText);
  const locate = cellLocator(joined, new TextIndex(virtualText));
  const fileIndex = new TextIndex(fileText);

  const mapRange = (range: Range): { fileRange: Range; notebook: NotebookLocation } | undefined => {
    const located = locate(range);
    if (!located) return undefined;
    const { start, end, notebook } = located;
    const fileOffset = (at: { cell: number; cellOffset: number }): number => {
      const cell = joined.cells[at.cell] as NotebookCell;
      const piece = cell.pieces[Math.max(0, lastAtOrBefore(cell.pieces, at.cellOffset, (p) => p.cellStart))];
      if (!piece) return 0;
      return piece.offsets[Math.min(at.cellOffset - piece.cellStart, piece.offsets.length - 1)]!;
    };
    const fileStart = fileIndex.positionAt(fileOffset(start));
    const endOffset = end && end.cell === start.cell ? fileOffset(end) : -1;
    const fileEnd = endOffset >= fileOffset(start) ? fileIndex.positionAt(endOffset) : fileStart;
    return { fileRange: { start: fileStart, end: fileEnd }, notebook };
  };

  return { ok: true, notebook: { language, cells, virtualText, parseText, mapRange } };
}

/** A cell as the joined document sees it: its index among all cells, its kind and its text. */
export interface CellSource {
  index: number;
  kind: 'code' | 'markdown' | 'raw';
  source: string;
}

/** A notebook's code cells joined into one program, with where each starts in it. */
export interface JoinedCells {
  text: string;
  /** The code cells, in order. */
  cells: CellSource[];
  /** `starts[i]`: the offset of `cells[i]`'s first character in `text`. */
  starts: number[];
}

/**
 * Joins the code cells with a blank line between them (one line break when a cell already ends with one):
 * the one definition of the virtual document, shared by the `.ipynb` reader and the editor's open notebooks.
 */
export function joinCodeCells(cells: readonly CellSource[]): JoinedCells {
  let text = '';
  const code: CellSource[] = [];
  const starts: number[] = [];
  for (const cell of cells) {
    if (cell.kind !== 'code') continue;
    if (text.length > 0) text += text.endsWith('\n') ? '\n' : '\n\n';
    code.push(cell);
    starts.push(text.length);
    text += cell.source;
  }
  return { text, cells: code, starts };
}

/** The text the parser sees: IPython magic and shell lines (`!pip`, `%pip`, `%%bash`) become comments of the same length. */
export function commentMagics(text: string): string {
  return text.replace(/^([ \t]*)([!%])/gm, (_m, indent: string) => `${indent}#`);
}

/** Where an offset of the joined text lies: the code cell (its position in `JoinedCells.cells`) and the offset in it. */
interface CellOffset {
  cell: number;
  cellOffset: number;
}

/**
 * Maps ranges of the joined text to cells: the cell of the range's start, and the range in that cell's
 * coordinates (a range that runs into the next cell ends at its cell's end). Findings are mapped one by one
 * and a notebook may have thousands, so cells are found by binary search and each cell's line index is built once.
 */
export function cellLocator(joined: JoinedCells, index: TextIndex): (range: Range) => { start: CellOffset; end: CellOffset | undefined; notebook: NotebookLocation } | undefined {
  const cellIndexes = new Map<number, TextIndex>();
  const mapOffset = (offset: number): CellOffset | undefined => {
    const cell = lastAtOrBefore(joined.starts, offset, (start) => start);
    if (cell < 0) return undefined;
    return { cell, cellOffset: Math.min(offset - joined.starts[cell]!, joined.cells[cell]!.source.length) };
  };
  return (range) => {
    const start = mapOffset(index.offsetAt(range.start));
    if (!start) return undefined;
    const end = mapOffset(index.offsetAt(range.end));
    const source = joined.cells[start.cell]!.source;
    let cellIndex = cellIndexes.get(start.cell);
    if (!cellIndex) cellIndexes.set(start.cell, (cellIndex = new TextIndex(source)));
    const cellStart: Position = cellIndex.positionAt(start.cellOffset);
    const cellEnd: Position = end && end.cell === start.cell ? cellIndex.positionAt(end.cellOffset) : cellIndex.positionAt(source.length);
    return { start, end, notebook: { cellIndex: joined.cells[start.cell]!.index, cellLine: cellStart.line, cellRange: { start: cellStart, end: cellEnd } } };
  };
}

/** A finding's message in a notebook names the cell and the line in it (`… (cell 3, line 2)`). */
export function messageInCell(message: string, location: NotebookLocation): string {
  return `${message} (${cellLabel(location)})`;
}

/** The index of the last item whose key is at most `value` (keys ascending), or -1. */
function lastAtOrBefore<T>(items: readonly T[], value: number, key: (item: T) => number): number {
  let low = 0;
  let high = items.length - 1;
  let found = -1;
  while (low <= high) {
    const middle = (low + high) >> 1;
    if (key(items[middle]!) <= value) {
      found = middle;
      low = middle + 1;
    } else high = middle - 1;
  }
  return found;
}

function notebookLanguage(root: JsonNode): LanguageId {
  const metadata = jsonGet(root, 'metadata');
  const info = jsonGet(metadata, 'language_info');
  const name = jsonGet(info, 'name') ?? jsonGet(jsonGet(metadata, 'kernelspec'), 'language');
  const value = name?.type === 'string' ? name.value.toLowerCase() : 'python';
  if (value === 'typescript') return 'typescript';
  if (value === 'javascript') return 'javascript';
  return 'python';
}
