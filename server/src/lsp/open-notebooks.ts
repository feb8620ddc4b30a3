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
  TextDocumentItem,
} from 'vscode-languageserver';
import { URI } from 'vscode-uri';
import type { Engine } from '../engine/index';
import { OpenDocuments } from './open-documents';
import type { OpenDocument } from './open-documents';

export interface OpenNotebook {
  uri: string;
  /** The notebook's file-system path (its URI's path for other schemes): it names the `.ipynb` kind. */
  path: string;
  version: number;
  /** The cells in notebook order, markdown cells included, so cell numbers match what the user sees. */
  cells: NotebookCell[];
}

export class OpenNotebooks {
  private readonly notebooks = new Map<string, OpenNotebook>();
  private readonly notebookOfCell = new Map<string, string>();
  /** The cells' text, one engine document per cell. */
  readonly cells: OpenDocuments;

  constructor(engine: Engine) {
    this.cells = new OpenDocuments(engine);
  }

  open(params: DidOpenNotebookDocumentParams): OpenNotebook {
    const { uri, version, cells } = params.notebookDocument;
    this.close(uri);
    const notebook: OpenNotebook = { uri, path: pathOfNotebook(uri), version, cells: [...cells] };
    this.notebooks.set(uri, notebook);
    this.openCells(uri, params.cellTextDocuments);
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
    for (const text of cells?.textContent ?? []) this.cells.change({ textDocument: text.document, contentChanges: text.changes });
    return notebook;
  }

  /** Closes the notebook; returns the URIs of its cells (their diagnostics are to be cleared). */
  close(uri: string | DidCloseNotebookDocumentParams): string[] {
    const key = typeof uri === 'string' ? uri : uri.notebookDocument.uri;
    const notebook = this.notebooks.get(key);
    if (!notebook) return [];
    this.notebooks.delete(key);
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

  /**
   * The notebook as `.ipynb` text (cells and the language, no outputs): the engine then reads it exactly as
   * the CLI reads the file on disk, so the editor and `aisec scan` agree on what they find.
   */
  ipynbText(notebook: OpenNotebook): string {
    const cells = notebook.cells.map((cell) => ({
      cell_type: cell.kind === NotebookCellKind.Markup ? 'markdown' : 'code',
      source: this.cells.get(cell.document)?.document.text ?? '',
    }));
    const language = notebook.cells.map((cell) => this.cells.get(cell.document)?.languageId).find((id) => id !== undefined && id !== 'markdown') ?? 'python';
    return JSON.stringify({ cells, metadata: { language_info: { name: language.startsWith('typescript') ? 'typescript' : language.startsWith('javascript') ? 'javascript' : 'python' } }, nbformat: 4, nbformat_minor: 5 });
  }

  dispose(): void {
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

function pathOfNotebook(uri: string): string {
  const parsed = URI.parse(uri);
  return parsed.scheme === 'file' ? parsed.fsPath : parsed.path;
}
