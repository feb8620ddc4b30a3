/**
 * The notebooks open in the editor, synchronised with LSP notebook document sync. A notebook is analysed as
 * one program (an import in the first cell resolves a call in the fifth), like the CLI reads an `.ipynb`
 * file; its cells are kept as documents of their own, so code actions (ignore on this line, fixes) edit
 * the cell the user sees.
 */
import { NotebookCellKind } from 'vscode-languageserver';
import type {
  DidChangeNotebookDocumentParams,
  DidCloseNotebookDocumentParams,
  DidOpenNotebookDocumentParams,
  NotebookCell,
  Position as LspPosition,
  TextDocumentContentChangeEvent,
  TextDocumentItem,
} from 'vscode-languageserver';
import { URI } from 'vscode-uri';
import { joinCodeCells, TextIndex } from '../engine/index';
import type { Engine, EngineDocument, JoinedCells, LanguageId } from '../engine/index';
import { OpenDocuments } from './open-documents';
import type { OpenDocument } from './open-documents';

export interface OpenNotebook {
  uri: string;
  /** The notebook's file-system path (its URI's path for other schemes): it names the `.ipynb` kind. */
  path: string;
  version: number;
  /** The cells in notebook order, markdown cells included, so cell numbers match what the user sees. */
  cells: NotebookCell[];
  /** The code cells joined into one program, edited as the cells change so it is analysed incrementally. */
  code: NotebookCode;
}

/** A notebook's joined code cells: the engine document, its layout and the URI of each code cell. */
export interface NotebookCode {
  document: EngineDocument;
  language: LanguageId;
  joined: JoinedCells;
  /** `codeCellUris[i]` is the URI of `joined.cells[i]`. */
  codeCellUris: string[];
}

export class OpenNotebooks {
  private readonly notebooks = new Map<string, OpenNotebook>();
  private readonly notebookOfCell = new Map<string, string>();
  /** The cells' text, one engine document per cell. */
  readonly cells: OpenDocuments;

  constructor(private readonly engine: Engine) {
    this.cells = new OpenDocuments(engine);
  }

  open(params: DidOpenNotebookDocumentParams): OpenNotebook {
    const { uri, version, cells } = params.notebookDocument;
    this.close(uri);
    this.openCells(uri, params.cellTextDocuments);
    const path = pathOfNotebook(uri);
    const layout = this.layout([...cells]);
    const notebook: OpenNotebook = { uri, path, version, cells: [...cells], code: { ...layout, document: this.engine.openNotebookCode(path, layout.joined.text, layout.language, layout.joined.starts) } };
    this.notebooks.set(uri, notebook);
    return notebook;
  }

  /** Applies structure, data and text changes; returns the notebook, or undefined for one not open. */
  change(params: DidChangeNotebookDocumentParams): OpenNotebook | undefined {
    const notebook = this.notebooks.get(params.notebookDocument.uri);
    if (!notebook) return undefined;
    notebook.version = params.notebookDocument.version;
    const cells = params.change.cells;
    if (cells?.structure) {
      const { array, didOpen, didClose } = cells.structure;
      notebook.cells.splice(array.start, array.deleteCount, ...(array.cells ?? []));
      for (const closed of didClose ?? []) this.closeCell(closed.uri);
      this.openCells(notebook.uri, didOpen ?? []);
    }
    for (const changed of cells?.data ?? []) {
      const index = notebook.cells.findIndex((cell) => cell.document === changed.document);
      if (index >= 0) notebook.cells[index] = changed;
    }
    // Typing changes the text of cells only: the joined code is edited where each cell was, unless the change
    // also moved, added or removed cells or its text would change the line breaks between them.
    let inPlace = !cells?.structure && (cells?.data ?? []).length === 0;
    for (const text of cells?.textContent ?? []) {
      if (inPlace && this.editInPlace(notebook, text.document.uri, text.changes)) this.cells.get(text.document.uri)!.version = text.document.version;
      else {
        inPlace = false;
        this.cells.change({ textDocument: text.document, contentChanges: text.changes });
      }
    }
    if (!inPlace) this.rejoin(notebook);
    return notebook;
  }

  /**
   * Applies a cell's text changes to the cell and to the joined code in the same place (`editCodeCell`), so a
   * keystroke is an edit of the joined document where the user made it, and only its cell's parser text is
   * made again. False, with nothing changed, when the joined code must be made again instead (`rejoin`): the
   * cell is empty before or after the change, or ends with a line break before it and not after it (or the
   * other way round), which changes the line breaks `joinCodeCells` puts between cells. A markdown cell's
   * change leaves the joined code as it is.
   */
  private editInPlace(notebook: OpenNotebook, cellUri: string, changes: TextDocumentContentChangeEvent[]): boolean {
    const open = this.cells.get(cellUri);
    if (!open) return false;
    const codeCell = notebook.code.codeCellUris.indexOf(cellUri);
    if (codeCell < 0) {
      if (open.languageId !== 'markdown') return false;
      this.cells.change({ textDocument: { uri: cellUri, version: open.version }, contentChanges: changes });
      return true;
    }
    const before = open.document.text;
    const after = textAfter(before, changes);
    if (before.length === 0 || after.length === 0 || before.endsWith('\n') !== after.endsWith('\n')) return false;
    const { document } = notebook.code;
    // The joined code holds the cell's text where the layout says (a check of one cell's length): if it ever did
    // not, joining the cells again mends it.
    const cellStart = document.codeCellStarts[codeCell];
    if (cellStart === undefined || document.text.slice(cellStart, cellStart + before.length) !== before) return false;
    // Edits inside the cell move the cells after it, never its own start.
    for (const change of changes) {
      const cellIndex = open.document.textIndex;
      const start = 'range' in change ? cellIndex.offsetAt(positionOf(change.range.start)) : 0;
      const end = 'range' in change ? cellIndex.offsetAt(positionOf(change.range.end)) : open.document.text.length;
      open.document.applyChanges([{ range: { start: cellIndex.positionAt(start), end: cellIndex.positionAt(end) }, text: change.text }]);
      document.editCodeCell(codeCell, cellStart + start, cellStart + end, change.text);
    }
    const joined = notebook.code.joined;
    const cellsNow = joined.cells.map((cell, i) => (i === codeCell ? { ...cell, source: open.document.text } : cell));
    notebook.code = { ...notebook.code, joined: { text: document.text, cells: cellsNow, starts: [...document.codeCellStarts] } };
    return true;
  }

  /**
   * Brings the joined code up to date with the cells: the span where the old and new joined texts differ
   * becomes one edit of the engine document (a keystroke in cell 20 stays a one-character edit), so the next
   * analysis re-analyses only the code that edit can affect. A change of language reopens it.
   */
  private rejoin(notebook: OpenNotebook): void {
    const layout = this.layout(notebook.cells);
    if (layout.language !== notebook.code.language) {
      notebook.code.document.dispose();
      notebook.code = { ...layout, document: this.engine.openNotebookCode(notebook.path, layout.joined.text, layout.language, layout.joined.starts) };
      return;
    }
    notebook.code.document.replaceText(layout.joined.text, layout.joined.starts);
    notebook.code = { ...layout, document: notebook.code.document };
  }

  /**
   * The notebook's joined code with some cells' text replaced (`texts`, by cell URI): what a fix that edits
   * those cells would make of the program.
   */
  joinedWith(notebook: OpenNotebook, texts: ReadonlyMap<string, string>): Omit<NotebookCode, 'document'> {
    return this.layout(notebook.cells, texts);
  }

  /** The joined code of these cells, as `.ipynb` scans join them. */
  private layout(cells: readonly NotebookCell[], texts: ReadonlyMap<string, string> = new Map()): Omit<NotebookCode, 'document'> {
    const sources = cells.map((cell, index) => ({ index, kind: cell.kind === NotebookCellKind.Markup ? ('markdown' as const) : ('code' as const), source: texts.get(cell.document) ?? this.cells.get(cell.document)?.document.text ?? '', uri: cell.document }));
    const joined = joinCodeCells(sources);
    return { joined, language: this.languageOf(cells), codeCellUris: joined.cells.map((cell) => (cell as (typeof sources)[number]).uri) };
  }

  /** The notebook's language: that of its first code cell (Python when it has none). */
  private languageOf(cells: readonly NotebookCell[]): LanguageId {
    const language = cells.map((cell) => this.cells.get(cell.document)?.languageId).find((id) => id !== undefined && id !== 'markdown') ?? 'python';
    return language.startsWith('typescript') ? 'typescript' : language.startsWith('javascript') ? 'javascript' : 'python';
  }

  /** Closes the notebook; returns the URIs of its cells (their diagnostics are to be cleared). */
  close(uri: string | DidCloseNotebookDocumentParams): string[] {
    const key = typeof uri === 'string' ? uri : uri.notebookDocument.uri;
    const notebook = this.notebooks.get(key);
    if (!notebook) return [];
    this.notebooks.delete(key);
    notebook.code.document.dispose();
    const cellUris = new Set(notebook.cells.map((cell) => cell.document));
    for (const [cell, owner] of this.notebookOfCell) if (owner === key) cellUris.add(cell);
    for (const cell of cellUris) this.closeCell(cell);
    return [...cellUris];
  }

  get(uri: string): OpenNotebook | undefined {
    return this.notebooks.get(uri);
  }

  has(uri: string): boolean {
    return this.notebooks.has(uri);
  }

  all(): IterableIterator<OpenNotebook> {
    return this.notebooks.values();
  }

  /** The notebook a cell document belongs to. */
  ofCell(cellUri: string): OpenNotebook | undefined {
    const owner = this.notebookOfCell.get(cellUri);
    return owner === undefined ? undefined : this.notebooks.get(owner);
  }

  cell(cellUri: string): OpenDocument | undefined {
    return this.cells.get(cellUri);
  }

  dispose(): void {
    for (const notebook of this.notebooks.values()) notebook.code.document.dispose();
    this.cells.dispose();
    this.notebooks.clear();
    this.notebookOfCell.clear();
  }

  private openCells(notebookUri: string, documents: readonly TextDocumentItem[]): void {
    for (const textDocument of documents) {
      this.cells.open({ textDocument });
      this.notebookOfCell.set(textDocument.uri, notebookUri);
    }
  }

  private closeCell(cellUri: string): void {
    this.cells.close(cellUri);
    this.notebookOfCell.delete(cellUri);
  }
}

/** A text after LSP content changes, each applied to the text the previous one left. */
function textAfter(text: string, changes: readonly TextDocumentContentChangeEvent[]): string {
  let current = text;
  let index: TextIndex | undefined;
  for (const change of changes) {
    if (!('range' in change)) {
      current = change.text;
      index = undefined;
      continue;
    }
    index ??= new TextIndex(current);
    const start = index.offsetAt(positionOf(change.range.start));
    const end = index.offsetAt(positionOf(change.range.end));
    current = current.slice(0, start) + change.text + current.slice(end);
    index = index.edited(current, start, end, change.text);
  }
  return current;
}

function positionOf(position: LspPosition): { line: number; column: number } {
  return { line: position.line, column: position.character };
}

function pathOfNotebook(uri: string): string {
  const parsed = URI.parse(uri);
  return parsed.scheme === 'file' ? parsed.fsPath : parsed.path;
}
