/**
 * `.env` files that git keeps out of the repository (ignored and untracked) are where "move the key to
 * .env" puts secrets, so the editor does not report the key there; a `.env` that is tracked or not ignored
 * still is. The answers are cached per file until files or `.gitignore` rules change on disk.
 */
import { fileKindOf } from '../engine/index';
import { isIgnoredAndUntracked } from '../host/git-status';

export class IgnoredDotenvFiles {
  private readonly known = new Map<string, boolean>();

  /** True for a `.env` file that git ignores and does not track. */
  covers(path: string | undefined): boolean {
    if (!path || fileKindOf(path) !== 'dotenv') return false;
    let answer = this.known.get(path);
    if (answer === undefined) this.known.set(path, (answer = isIgnoredAndUntracked(path)));
    return answer;
  }

  clear(): void {
    this.known.clear();
  }
}
