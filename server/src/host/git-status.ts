/**
 * Whether git keeps a file out of the repository: ignored by the `.gitignore` rules and not tracked (a file
 * that was committed before it was ignored is still tracked, and its secrets are in the history).
 */
import { execFileSync } from 'node:child_process';
import { basename, dirname } from 'node:path';
import { isGitIgnored } from './walk';

export function isIgnoredAndUntracked(path: string): boolean {
  if (!isGitIgnored(path)) return false;
  return isTracked(path) === false;
}

/** True or false from `git ls-files`; undefined when git could not say (not installed, timed out). */
function isTracked(path: string): boolean | undefined {
  try {
    execFileSync('git', ['ls-files', '--error-unmatch', '--', basename(path)], { cwd: dirname(path), stdio: 'ignore', timeout: 3000 });
    return true;
  } catch (error) {
    // `--error-unmatch` exits with 1 for a file git does not track; anything else means git could not answer.
    return (error as { status?: number | null }).status === 1 ? false : undefined;
  }
}
