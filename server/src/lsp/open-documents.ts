/**
 * The documents open in the editor. Each keeps an engine document, so a change re-parses incrementally
 * (tree-sitter edits the old tree and re-parses only what changed) instead of from scratch.
 */
import type { DidChangeTextDocumentParams, DidOpenTextDocumentParams } from 'vscode-languageserver';
import { URI } from 'vscode-uri';
import type { Engine, EngineDocument } from '../engine/index';

export interface OpenDocument {
  uri: string;
  /** File-system path for `file:` URIs; otherwise the URI's path, which still names the language by extension. */
  path: string;
  languageId: string;
  version: number;
  document: EngineDocument;
}

export class OpenDocuments {
  private readonly documents = new Map<string, OpenDocument>();

  constructor(private readonly engine: Engine) {}

  open(params: DidOpenTextDocumentParams): OpenDocument {
    const { uri, languageId, version, text } = params.textDocument;
    this.close(uri);
    const path = pathOf(uri);
    const open: OpenDocument = { uri, path, languageId, version, document: this.engine.openDocument(path, text, languageId) };
    this.documents.set(uri, open);
    return open;
  }

  /** Applies incremental (or full) changes; unknown documents are ignored (a change can race a close). */
  change(params: DidChangeTextDocumentParams): OpenDocument | undefined {
    const open = this.documents.get(params.textDocument.uri);
    if (!open) return undefined;
    open.document.applyChanges(
      params.contentChanges.map((change) =>
        'range' in change
          ? {
              range: {
                start: { line: change.range.start.line, column: change.range.start.character },
                end: { line: change.range.end.line, column: change.range.end.character },
              },
              text: change.text,
            }
          : { text: change.text },
      ),
    );
    open.version = params.textDocument.version;
    return open;
  }

  close(uri: string): void {
    this.documents.get(uri)?.document.dispose();
    this.documents.delete(uri);
  }

  get(uri: string): OpenDocument | undefined {
    return this.documents.get(uri);
  }

  has(uri: string): boolean {
    return this.documents.has(uri);
  }

  /** The unsaved text and version of the document open at a file-system path, if any. */
  textOf(path: string): { text: string; version: number } | undefined {
    for (const open of this.documents.values()) if (open.path === path) return { text: open.document.text, version: open.version };
    return undefined;
  }

  all(): IterableIterator<OpenDocument> {
    return this.documents.values();
  }

  dispose(): void {
    for (const open of this.documents.values()) open.document.dispose();
    this.documents.clear();
  }
}

function pathOf(uri: string): string {
  const parsed = URI.parse(uri);
  // A notebook cell's URI carries the notebook's path; the cell's language id decides how it is read.
  if (parsed.scheme === 'vscode-notebook-cell') return URI.file(parsed.path).fsPath;
  return parsed.scheme === 'file' ? parsed.fsPath : parsed.path;
}
