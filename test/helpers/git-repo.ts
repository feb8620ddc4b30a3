/**
 * Temporary git repositories for tests of the git modes (`--staged`, `--diff-base`), the pre-commit hook and
 * the GitHub Action: real `git`, isolated from the machine's global and system configuration.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

/** The environment every git command of a test runs with: no user or system configuration, fixed identity. */
export const GIT_ENV: NodeJS.ProcessEnv = {
  GIT_CONFIG_GLOBAL: '/dev/null',
  GIT_CONFIG_NOSYSTEM: '1',
  GIT_AUTHOR_NAME: 'Test',
  GIT_AUTHOR_EMAIL: 'test@example.invalid',
  GIT_COMMITTER_NAME: 'Test',
  GIT_COMMITTER_EMAIL: 'test@example.invalid',
};

export interface GitRepo {
  dir: string;
  git(...args: string[]): string;
  write(path: string, text: string): void;
  commit(message: string): string;
}

/** A new repository on branch `main` in a fresh temporary folder. */
export function makeGitRepo(prefix = 'aisec-git-'): GitRepo {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  const git = (...args: string[]): string => execFileSync('git', args, { cwd: dir, env: { ...process.env, ...GIT_ENV }, encoding: 'utf8' });
  git('init', '-q', '-b', 'main');
  return {
    dir,
    git,
    write(path, text) {
      mkdirSync(dirname(join(dir, path)), { recursive: true });
      writeFileSync(join(dir, path), text);
    },
    commit(message) {
      git('add', '-A');
      git('commit', '-q', '--no-verify', '-m', message);
      return git('rev-parse', 'HEAD').trim();
    },
  };
}

/** Whether a `git` executable can be run here (the git tests need one; CI installs it with the system packages). */
export function hasGit(): boolean {
  try {
    execFileSync('git', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/** Python that AIS101 reports as an error (a pickle load of data from a parameter). */
export const UNSAFE_PY = 'import pickle\n\ndef load(blob):\n    return pickle.loads(blob)\n';
/** Python with nothing to report. */
export const SAFE_PY = 'import json\n\ndef load(blob):\n    return json.loads(blob)\n';
