/**
 * The file walk of a workspace scan: every file AISec can analyse under a folder, skipping the
 * directories no one wants scanned (dependencies, virtual environments, caches, VCS data) and whatever
 * the folder's `.gitignore` files ignore. Directories are visited one at a time, so memory stays bounded
 * by the depth of the tree, not its size.
 */
import { readdir, readFile } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import ignore from 'ignore';
import type { Ignore } from 'ignore';
import { fileKindOf } from '../engine/index';

/** Directory names never descended into (the CLI's default excludes). */
export const DEFAULT_EXCLUDED_DIRECTORIES: ReadonlySet<string> = new Set([
  '.git', '.hg', '.svn', 'node_modules', '.venv', 'venv', 'env', '.env.d', '__pycache__', '.mypy_cache', '.pytest_cache', '.ruff_cache',
  '.tox', '.nox', 'site-packages', 'dist', 'build', 'out', '.next', '.nuxt', 'coverage', '.cache', '.aisec-cache', 'bower_components', '.yarn',
]);

/** True when any directory of `path` below `root` is one of the default excludes. */
export function isInExcludedDirectory(root: string, path: string): boolean {
  const parts = relative(root, path).split(sep);
  parts.pop();
  return parts.some((part) => DEFAULT_EXCLUDED_DIRECTORIES.has(part));
}

interface Pending {
  dir: string;
  rules: Array<{ base: string; matcher: Ignore }>;
}

/** Yields the paths of analysable files under `root` (depth first, sorted within each directory). */
export async function* walkWorkspace(root: string, isExcluded: (path: string) => boolean, shouldStop: () => boolean): AsyncGenerator<string> {
  const stack: Pending[] = [{ dir: root, rules: [] }];
  while (stack.length > 0) {
    if (shouldStop()) return;
    const { dir, rules: inherited } = stack.pop()!;
    let entries;
    try {
      entries = await readdir(dir, { withFileTypes: true });
    } catch {
      continue;
    }
    const rules = [...inherited];
    if (entries.some((e) => e.name === '.gitignore' && e.isFile())) {
      try {
        rules.push({ base: dir, matcher: ignore().add(await readFile(join(dir, '.gitignore'), 'utf8')) });
      } catch {
        // An unreadable .gitignore ignores nothing.
      }
    }
    const ignored = (path: string, isDirectory: boolean): boolean =>
      rules.some(({ base, matcher }) => {
        const rel = relative(base, path).split(sep).join('/');
        return rel !== '' && !rel.startsWith('..') && matcher.ignores(isDirectory ? `${rel}/` : rel);
      });
    const subdirectories: Pending[] = [];
    for (const entry of entries.sort((a, b) => a.name.localeCompare(b.name))) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) {
        if (DEFAULT_EXCLUDED_DIRECTORIES.has(entry.name) || ignored(path, true) || isExcluded(path)) continue;
        subdirectories.push({ dir: path, rules });
      } else if (entry.isFile()) {
        if (fileKindOf(entry.name) === undefined || ignored(path, false) || isExcluded(path)) continue;
        yield path;
      }
    }
    stack.push(...subdirectories.reverse());
  }
}
