/**
 * AI fixes in notebooks. A notebook's code cells are one program (an import in the first cell serves a call
 * in the fifth), so a fix is asked for, and verified on, the cells joined as one code file, exactly as the
 * engine joins them (`engine/parsing/notebook.ts`), with IPython magics commented out as the parser reads
 * them. The verified line edits are then mapped back to the cells they fall in: an edit may not span two
 * cells, touch the blank line between them or rewrite a magic line; an insertion after a cell's last line
 * goes at the end of that cell.
 */
import { TextIndex, type JoinedCells, type LanguageId } from '../engine/index';
import { readNotebook } from '../engine/parsing/notebook';
import type { LineEdit, ModelPatch } from './patch';

export interface JoinedCell {
  /** Index among all cells of the notebook (markdown cells count), as the editor's cell list has them. */
  index: number;
  /** The cell's first line in the joined text (0-based). */
  firstLine: number;
  lineCount: number;
}

export interface JoinedNotebook {
  /** The code cells joined, magics commented out: the file the model sees and AISec verifies. */
  text: string;
  language: LanguageId;
  cells: JoinedCell[];
  /** Lines (0-based) that are IPython magics in the cells: shown to the model as comments, never rewritten. */
  magicLines: ReadonlySet<number>;
}

/** One edit of one cell, with lines numbered in the cell (1-based, as `LineEdit`). */
export interface CellEdit {
  cellIndex: number;
  edit: LineEdit;
}

/** The notebook `.ipynb` text as one code file, or why it cannot be read as one. */
export function joinNotebook(ipynbText: string): JoinedNotebook | string {
  const read = readNotebook(ipynbText);
  if (!read.ok) return `the notebook could not be read (${read.error})`;
  const { notebook } = read;
  const code = notebook.cells.filter((cell) => cell.kind === 'code');
  return joinedNotebookOf({ text: notebook.virtualText, cells: code, starts: code.map((cell) => cell.virtualStart) }, notebook.parseText, notebook.language);
}

/**
 * The joined code cells (`joinCodeCells`, as the `.ipynb` reader and the editor's open notebooks join them) as
 * the file the model sees: `parseText` is the same text with magics commented out.
 */
export function joinedNotebookOf(joined: JoinedCells, parseText: string, language: LanguageId): JoinedNotebook {
  const index = new TextIndex(parseText);
  const cells: JoinedCell[] = joined.cells.map((cell, i) => {
    const lines = cell.source.split('\n');
    // A cell's final line break is the start of the blank line that separates it from the next cell.
    const lineCount = cell.source.endsWith('\n') ? lines.length - 1 : lines.length;
    return { index: cell.index, firstLine: index.positionAt(joined.starts[i]!).line, lineCount };
  });
  const virtualLines = joined.text.split('\n');
  const magicLines = new Set<number>();
  parseText.split('\n').forEach((line, i) => {
    if (line !== virtualLines[i]) magicLines.add(i);
  });
  return { text: parseText, language, cells, magicLines };
}

const EXTENSIONS = { python: '.py', javascript: '.js', typescript: '.ts' } as const;

/**
 * The name the joined cells are analysed and verified under: the notebook's path with its language's code
 * extension (`analysis.ipynb.py`), so the region, the parser and the rules read them as code of that language.
 */
export function joinedNotebookPath(notebookPath: string, language: LanguageId): string {
  return `${notebookPath}${EXTENSIONS[language === 'typescript' || language === 'javascript' ? language : 'python']}`;
}

/** The cell a joined line (0-based) belongs to, or undefined for a blank line between cells. */
export function cellAtLine(joined: JoinedNotebook, line: number): JoinedCell | undefined {
  return joined.cells.find((cell) => line >= cell.firstLine && line < cell.firstLine + cell.lineCount);
}

/** The patch's edits as edits of cells, or why they cannot be made in the cells. */
export function cellEditsOf(joined: JoinedNotebook, patch: ModelPatch): CellEdit[] | { problem: string } {
  const out: CellEdit[] = [];
  for (const edit of patch.edits) {
    const start = edit.startLine - 1;
    const where = `lines ${edit.startLine}-${edit.endLine}`;
    if (edit.endLine === edit.startLine - 1) {
      // An insertion: inside a cell, or right after one (the separator line or the end of the file).
      const cell = cellAtLine(joined, start) ?? joined.cells.find((c) => c.firstLine + c.lineCount === start);
      if (!cell) return { problem: `the insertion before line ${edit.startLine} falls between notebook cells; insert inside a cell` };
      const at = start - cell.firstLine + 1;
      out.push({ cellIndex: cell.index, edit: { startLine: at, endLine: at - 1, newText: edit.newText } });
      continue;
    }
    const cell = cellAtLine(joined, start);
    if (!cell || cellAtLine(joined, edit.endLine - 1) !== cell) return { problem: `the edit of ${where} spans notebook cells or the blank line between them; each edit must stay inside one cell` };
    for (let line = start; line < edit.endLine; line += 1) {
      if (joined.magicLines.has(line)) return { problem: `the edit of ${where} rewrites line ${line + 1}, an IPython magic shown as a comment; leave it as it is` };
    }
    out.push({ cellIndex: cell.index, edit: { startLine: start - cell.firstLine + 1, endLine: edit.endLine - cell.firstLine, newText: edit.newText } });
  }
  return out;
}
