/**
 * The files git selects for a scan: the staged content of the staged files (`aisec scan --staged`, for a
 * pre-commit hook) and the files changed since the merge base with a ref (`aisec scan --diff-base REF`,
 * what a pull request changes). Git is run as the `git` executable with fixed arguments; no repository
 * code (hooks, filters, aliases) runs, and paths are read NUL-separated so no file name can split a record.
 */
import { spawnSync } from 'node:child_process';
import { join, resolve } from 'node:path';
import { filesWithAddedLines, type LineSpan } from './git-patch';

/** Git is missing, the folder is not a repository, or git refused a ref: the message says which, in words a user can act on. */
export class GitSelectionError extends Error {}

/** What git chose: absolute paths, and for `--staged` the bytes of each file in the index. */
export interface GitSelection {
  /** The repository's top-level folder. */
  root: string;
  files: string[];
  /** The staged blobs by absolute path (only for `--staged`): scanned instead of the working tree. */
  contents?: Map<string, Uint8Array>;
  /** How the selection was made, for the report's wording (`staged files`, `files changed since main`). */
  description: string;
  /**
   * The lines each file gained since the base, by absolute path (only for `--diff-base`): a finding is part of
   * the change when it touches one of them. A selected file with no entry only lost lines.
   */
  changedLines?: Map<string, LineSpan[]>;
}

/** The staged files (added, copied, modified, renamed or type-changed) with their content as it is in the index. */
export function stagedSelection(cwd: string): GitSelection {
  const root = repositoryRoot(cwd, '--staged');
  const names = splitNul(git(root, ['diff', '--cached', '--name-only', '-z', '--no-renames', '--diff-filter=ACMRT'], '--staged').toString('utf8'));
  const entries = indexEntries(root, names);
  const blobs = readBlobs(root, entries.map((e) => e.object));
  const contents = new Map<string, Uint8Array>();
  for (const [i, entry] of entries.entries()) contents.set(join(root, entry.path), blobs[i]!);
  return { root, files: entries.map((e) => join(root, e.path)), contents, description: 'staged files' };
}

/**
 * The files that differ between the merge base of `ref` and HEAD and the working tree (a pull request's files
 * when the working tree is its head; uncommitted edits too when run locally), deleted files left out.
 */
export function changedSinceSelection(cwd: string, ref: string): GitSelection {
  const option = `--diff-base ${ref}`;
  // A ref is never passed where git would read it as an option (`--output=...`).
  if (ref.startsWith('-') || ref.trim() === '') throw new GitSelectionError(`${option}: "${ref}" is not a commit, branch or tag name`);
  const root = repositoryRoot(cwd, option);
  const base = git(root, ['merge-base', ref, 'HEAD'], option, (status, stderr) =>
    status === 1 && stderr === ''
      ? `${ref} and HEAD have no common history`
      : `git could not find the merge base of "${ref}" and HEAD (${firstLine(stderr)}); in CI, fetch the base branch's history (actions/checkout with fetch-depth: 0)`,
  )
    .toString('utf8')
    .trim();
  const names = splitNul(git(root, ['diff', '--name-only', '-z', '--no-renames', '--diff-filter=ACMRT', base, '--'], option).toString('utf8'));
  const changedLines = new Map<string, LineSpan[]>();
  for (const file of filesWithAddedLines(git(root, ['diff', '-U0', '--no-renames', '--full-index', '--diff-filter=ACMRT', base, '--'], option).toString('utf8'))) {
    changedLines.set(join(root, file.path), file.added);
  }
  return { root, files: names.map((name) => join(root, name)), description: `files changed since ${ref}`, changedLines };
}

/** Keeps the selected files under one of `paths` (all of them when no path is given). */
export function withinPaths(selection: GitSelection, cwd: string, paths: readonly string[]): GitSelection {
  if (paths.length === 0) return selection;
  return { ...selection, files: selection.files.filter((file) => isWithinPaths(file, cwd, paths)) };
}

/** Whether the absolute path `file` is one of `paths` (relative to `cwd`) or lies under one; true when no path is given. */
export function isWithinPaths(file: string, cwd: string, paths: readonly string[]): boolean {
  if (paths.length === 0) return true;
  return paths.some((path) => {
    const root = resolve(cwd, path);
    return file === root || file.startsWith(root.endsWith('/') ? root : `${root}/`);
  });
}

interface IndexEntry {
  path: string;
  object: string;
}

/** Regular files' index entries (blob ids) for `names`; symbolic links and submodules have no content to scan. */
function indexEntries(root: string, names: readonly string[]): IndexEntry[] {
  if (names.length === 0) return [];
  const wanted = new Set(names);
  const entries: IndexEntry[] = [];
  // `ls-files --stage` over the whole index, filtered here: passing thousands of names could exceed the argument limit.
  for (const record of splitNul(git(root, ['ls-files', '--stage', '-z'], '--staged').toString('utf8'))) {
    const match = /^(\d{6}) ([0-9a-f]{40,64}) (\d)\t(.*)$/s.exec(record);
    if (!match) continue;
    const [, mode, object, stage, path] = match;
    if (stage !== '0' || !wanted.has(path!)) continue;
    if (mode !== '100644' && mode !== '100755') continue;
    entries.push({ path: path!, object: object! });
  }
  return entries;
}

/** Reads blobs by id with one `git cat-file --batch`; `option` names the command-line option in errors. */
export function readBlobs(root: string, objects: readonly string[], option = '--staged'): Uint8Array[] {
  if (objects.length === 0) return [];
  const output = git(root, ['cat-file', '--batch'], option, undefined, `${objects.join('\n')}\n`);
  const blobs: Uint8Array[] = [];
  let at = 0;
  for (const object of objects) {
    const headerEnd = output.indexOf(0x0a, at);
    const header = output.subarray(at, headerEnd).toString('utf8');
    const match = /^([0-9a-f]+) blob (\d+)$/.exec(header);
    if (headerEnd < 0 || !match || match[1] !== object) throw new GitSelectionError(`${option}: git cat-file gave an unexpected answer for ${object}: "${header.slice(0, 80)}"`);
    const size = Number(match[2]);
    blobs.push(new Uint8Array(output.subarray(headerEnd + 1, headerEnd + 1 + size)));
    at = headerEnd + 1 + size + 1;
  }
  return blobs;
}

/** The top-level folder of the repository holding `cwd`; `option` names the command-line option in errors. */
export function repositoryRoot(cwd: string, option: string): string {
  return git(cwd, ['rev-parse', '--show-toplevel'], option, (_status, stderr) =>
    /not a git repository/i.test(stderr) ? `${cwd} is not inside a git repository` : `git could not find the repository (${firstLine(stderr)})`,
  )
    .toString('utf8')
    .trim();
}

/**
 * Runs git and returns its standard output; a failure becomes a `GitSelectionError` naming the option. Git's own
 * configuration cannot run programs here: no pager, no external diff or text conversion, and hooks never run for these read-only commands.
 * Patches are printed in the one form `git-patch.ts` reads, whatever the user's settings (prefixes, colour, relative paths).
 */
export function git(cwd: string, args: readonly string[], option: string, explain?: (status: number | null, stderr: string) => string, input?: string): Buffer {
  const patchOptions = args[0] === 'diff' || args[0] === 'log' ? ['--no-ext-diff', '--no-textconv', '--no-color', '--src-prefix=a/', '--dst-prefix=b/', '--no-relative'] : [];
  const result = spawnSync('git', ['-c', 'core.quotepath=off', '--no-pager', ...args.slice(0, 1), ...patchOptions, ...args.slice(1)], {
    cwd,
    input,
    maxBuffer: 1024 * 1024 * 1024,
    timeout: 120_000,
    env: { ...process.env, GIT_TERMINAL_PROMPT: '0', GIT_OPTIONAL_LOCKS: '0', LC_ALL: 'C' },
  });
  if (result.error) {
    const code = (result.error as NodeJS.ErrnoException).code;
    throw new GitSelectionError(code === 'ENOENT' ? `${option} needs git, and no git executable was found on the PATH` : `${option}: git could not be run (${code ?? result.error.message})`);
  }
  if (result.status !== 0) {
    const stderr = result.stderr.toString('utf8').trim();
    throw new GitSelectionError(`${option}: ${explain ? explain(result.status, stderr) : `git ${args[0]} failed (${firstLine(stderr)})`}`);
  }
  return result.stdout;
}

function splitNul(text: string): string[] {
  return text.split('\0').filter((s) => s !== '');
}

function firstLine(text: string): string {
  return text.split('\n')[0]?.replace(/^fatal:\s*/, '') || 'no message';
}
