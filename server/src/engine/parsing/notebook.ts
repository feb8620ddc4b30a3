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
  let virtualText = '';
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
    let virtualStart = -1;
    if (kind === 'code') {
      if (virtualText.length > 0) virtualText += virtualText.endsWith('\n') ? '\n' : '\n\n';
      virtualStart = virtualText.length;
      virtualText += source;
    }
    cells.push({ index, kind, source, virtualStart, pieces });
  });

  const parseText = virtualText.replace(/^([ \t]*)([!%])/gm, (_m, indent: string) => `${indent}#`);
  const virtualIndex = new TextIndex(virtualText);
  const fileIndex = new TextIndex(fileText);
  const codeCells = cells.filter((c) => c.kind === 'code');
  const cellIndexes = new Map<NotebookCell, TextIndex>();

  // Findings are mapped one by one and a notebook may have thousands, so cells and pieces are found by binary
  // search and each cell's line index is built once.
  const mapOffset = (virtualOffset: number): { cell: NotebookCell; cellOffset: number; fileOffset: number } | undefined => {
    const cell = codeCells[lastAtOrBefore(codeCells, virtualOffset, (c) => c.virtualStart)];
    if (!cell) return undefined;
    const cellOffset = Math.min(virtualOffset - cell.virtualStart, cell.source.length);
    const piece = cell.pieces[Math.max(0, lastAtOrBefore(cell.pieces, cellOffset, (p) => p.cellStart))];
    if (!piece) return { cell, cellOffset, fileOffset: 0 };
    const within = Math.min(cellOffset - piece.cellStart, piece.offsets.length - 1);
    return { cell, cellOffset, fileOffset: piece.offsets[within] };
  };

  const mapRange = (range: Range): { fileRange: Range; notebook: NotebookLocation } | undefined => {
    const start = mapOffset(virtualIndex.offsetAt(range.start));
    const end = mapOffset(virtualIndex.offsetAt(range.end));
    if (!start) return undefined;
    let cellIndex = cellIndexes.get(start.cell);
    if (!cellIndex) cellIndexes.set(start.cell, (cellIndex = new TextIndex(start.cell.source)));
    const cellStart: Position = cellIndex.positionAt(start.cellOffset);
    const cellEnd: Position = end && end.cell === start.cell ? cellIndex.positionAt(end.cellOffset) : cellIndex.positionAt(start.cell.source.length);
    const fileStart = fileIndex.positionAt(start.fileOffset);
    const fileEnd = end && end.cell === start.cell && end.fileOffset >= start.fileOffset ? fileIndex.positionAt(end.fileOffset) : fileStart;
    return {
      fileRange: { start: fileStart, end: fileEnd },
      notebook: { cellIndex: start.cell.index, cellLine: cellStart.line, cellRange: { start: cellStart, end: cellEnd } },
    };
  };

  return { ok: true, notebook: { language, cells, virtualText, parseText, mapRange } };
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
