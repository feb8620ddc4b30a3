/**
 * A bounded walk of a project's folders for the project passes (first-party modules in `intel/project-facts.ts`,
 * the file writers in `file-writers.ts`): depth first, in name order, skipping folders that never hold the
 * project's own code (dependencies, virtual environments, build output, dot folders), and stopping after a budget
 * of entries, so a huge tree costs a bounded time.
 */
import { readdirSync } from 'node:fs';
import type { Dirent } from 'node:fs';
import { join } from 'node:path';

/** Folders that never hold the project's own modules. */
const SKIPPED_FOLDERS: ReadonlySet<string> = new Set(['node_modules', 'venv', 'env', 'site-packages', 'dist', 'build', '__pycache__', 'out', 'target']);

export interface ProjectWalkBounds {
  /** Entries visited at most (files and folders). */
  maxEntries: number;
  /** Folders at this depth below the root are visited but not entered. */
  maxDepth: number;
}

/** Calls `visit` with every file and every folder that is not skipped under `root`, within the bounds. */
export function walkProject(root: string, bounds: ProjectWalkBounds, visit: (path: string, entry: Dirent) => void): void {
  let budget = bounds.maxEntries;
  const enter = (dir: string, depth: number): void => {
    let entries: Dirent[];
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch {
      return;
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const entry of entries) {
      if (--budget < 0) return;
      const path = join(dir, entry.name);
      if (!entry.isDirectory()) {
        visit(path, entry);
        continue;
      }
      if (SKIPPED_FOLDERS.has(entry.name) || entry.name.startsWith('.')) continue;
      visit(path, entry);
      if (depth < bounds.maxDepth) enter(path, depth + 1);
    }
  };
  enter(root, 0);
}
