/**
 * The workspace folders the client opened, kept current from `initialize` and
 * `workspace/didChangeWorkspaceFolders`. A document belongs to the innermost folder that contains it.
 */
import { URI } from 'vscode-uri';
import type { WorkspaceFolder } from 'vscode-languageserver';

export interface Folder {
  uri: string;
  /** File-system path of the folder. */
  path: string;
  name: string;
}

export class WorkspaceFolders {
  private folders: Folder[] = [];

  set(folders: readonly WorkspaceFolder[] | null | undefined): void {
    this.folders = (folders ?? []).filter((f) => f.uri.startsWith('file:')).map(toFolder);
  }

  change(added: readonly WorkspaceFolder[], removed: readonly WorkspaceFolder[]): void {
    const gone = new Set(removed.map((f) => f.uri));
    this.folders = [...this.folders.filter((f) => !gone.has(f.uri)), ...added.filter((f) => f.uri.startsWith('file:')).map(toFolder)];
  }

  all(): readonly Folder[] {
    return this.folders;
  }

  /** The innermost folder containing the file at `path`, if any. */
  folderOf(path: string): Folder | undefined {
    let best: Folder | undefined;
    for (const folder of this.folders) {
      const inside = path === folder.path || path.startsWith(folder.path.endsWith('/') ? folder.path : `${folder.path}/`);
      if (inside && (!best || folder.path.length > best.path.length)) best = folder;
    }
    return best;
  }
}

function toFolder(folder: WorkspaceFolder): Folder {
  return { uri: folder.uri, path: URI.parse(folder.uri).fsPath, name: folder.name };
}

/** The file-system path of a `file:` URI, or undefined for other schemes (untitled documents). */
export function filePathOf(uri: string): string | undefined {
  const parsed = URI.parse(uri);
  // Notebook cells take the settings and configuration of their notebook file.
  if (parsed.scheme === 'vscode-notebook-cell') return URI.file(parsed.path).fsPath;
  return parsed.scheme === 'file' ? parsed.fsPath : undefined;
}
