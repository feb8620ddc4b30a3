/**
 * Which notebooks the server asks the client to synchronise as notebooks (LSP notebook document sync):
 * Jupyter notebooks, with their code cells in the languages the engine parses and their markdown cells, so
 * the server sees the cells in order and numbers them as the editor does.
 */
import type { NotebookDocumentSyncOptions } from 'vscode-languageserver';

const CELL_LANGUAGES = ['python', 'javascript', 'typescript', 'markdown'];

export const NOTEBOOK_SYNC: NotebookDocumentSyncOptions = {
  notebookSelector: [{ notebook: { notebookType: 'jupyter-notebook' }, cells: CELL_LANGUAGES.map((language) => ({ language })) }],
};
