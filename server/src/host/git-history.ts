/**
 * The lines every commit added (`aisec scan --history [--since REF]`), read like a secret scanner's git mode:
 * one `git log -p -U0` over the history, each commit's patch reduced to the files that gained lines, the new
 * blob of each and the added line numbers. A secret removed by a later commit is still in the commit that
 * added it, and that commit is what a user rotates and rewrites. Git runs with fixed arguments (see `git-files.ts`).
 */
import { filesWithAddedLines, type PatchFile } from './git-patch';
import { git, GitSelectionError, repositoryRoot } from './git-files';

/** One file one commit changed. */
export interface HistoryChange {
  commit: string;
  /** The author date, ISO 8601 with the author's offset. */
  authorDate: string;
  file: PatchFile;
}

export interface HistorySelection {
  /** The repository's top-level folder. */
  root: string;
  /** Commits read (a merge commit adds the lines that came from none of its parents). */
  commits: number;
  /** Newest commit first, as `git log` lists them. */
  changes: HistoryChange[];
  /** For the report's wording: `commits since v1.0`, `commits of every branch and tag`. */
  description: string;
}

/**
 * The files each commit changed, with the lines it added: every commit reachable from a branch, tag or HEAD, or
 * with `since` only those reachable from HEAD and not from `since`. A merge commit is read as its dense combined
 * diff (`--cc`): it adds the lines that are in none of its parents, written while resolving a conflict or slipped
 * into a merge; lines taken from a parent were added by that parent's own commits, which are read too.
 */
export function historyChanges(cwd: string, since?: string): HistorySelection {
  const option = since === undefined ? '--history' : `--history --since ${since}`;
  // A ref is never passed where git would read it as an option (`--output=...`).
  if (since !== undefined && (since.startsWith('-') || since.trim() === '')) throw new GitSelectionError(`${option}: "${since}" is not a commit, branch or tag name`);
  const root = repositoryRoot(cwd, option);
  const range = since === undefined ? ['--all'] : [`${since}..HEAD`];
  const output = git(root, ['log', '-p', '--cc', '-U0', '--full-index', '--no-renames', '--no-show-signature', '--format=%x00%H %aI', ...range, '--'], option, (_status, stderr) =>
    /unknown revision|bad revision|ambiguous argument/i.test(stderr) ? `"${since ?? 'HEAD'}" is not a commit, branch or tag of this repository` : `git log failed (${stderr.split('\n')[0] ?? ''})`,
  ).toString('utf8');
  const changes: HistoryChange[] = [];
  let commits = 0;
  // A commit's header line starts with a NUL, which no patch line can: hunk lines start with `+`, `-`, ` ` or `\`.
  for (const block of output.split(`\n${COMMIT_MARK}`)) {
    const text = block.startsWith(COMMIT_MARK) ? block.slice(COMMIT_MARK.length) : block;
    const header = /^([0-9a-f]{40,64}) (\S+)/.exec(text);
    if (!header) continue;
    commits += 1;
    for (const file of filesWithAddedLines(text.slice(text.indexOf('\n') + 1))) changes.push({ commit: header[1]!, authorDate: header[2]!, file });
  }
  return { root, commits, changes, description: since === undefined ? 'commits of every branch and tag' : `commits since ${since}` };
}

const COMMIT_MARK = '\u0000';
