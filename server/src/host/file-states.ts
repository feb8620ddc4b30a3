/**
 * What the project pass of a host asks the file system about the modules a file imports: whether a candidate
 * path is a regular file (module resolution tries up to a dozen per import) and a file's size and modification
 * time (the stamp a cached summary is checked against). The language server asks the disk every time, since
 * files change under it; a CLI scan memoises the answers for its lifetime, during which it writes nothing and
 * treats the tree as fixed, so every file of a folder that imports `numpy` does not probe the same paths again.
 */
import { statSync } from 'node:fs';
import { isRegularFile } from './safe-read';

/** A file's size and modification time, as a summary cache compares them. */
export interface FileStamp {
  size: number;
  mtimeMs: number;
}

export interface FileStates {
  isRegularFile(path: string): boolean;
  /** Undefined when the file cannot be stat'ed. */
  stampOf(path: string): FileStamp | undefined;
}

/** Asks the disk at every call (the language server, tests that edit files between questions). */
export const LIVE_FILE_STATES: FileStates = { isRegularFile, stampOf: statStamp };

/**
 * Remembers every answer (for one scan; the memo is dropped whole past `limit` entries, so a huge tree keeps
 * memory bounded and only pays the probes again).
 */
export function memoisedFileStates(limit = 200_000): FileStates {
  const regular = new Map<string, boolean>();
  const stamps = new Map<string, FileStamp | null>();
  return {
    isRegularFile: (path) => {
      let answer = regular.get(path);
      if (answer === undefined) {
        answer = isRegularFile(path);
        if (regular.size >= limit) regular.clear();
        regular.set(path, answer);
      }
      return answer;
    },
    stampOf: (path) => {
      let answer = stamps.get(path);
      if (answer === undefined) {
        answer = statStamp(path) ?? null;
        if (stamps.size >= limit) stamps.clear();
        stamps.set(path, answer);
      }
      return answer ?? undefined;
    },
  };
}

function statStamp(path: string): FileStamp | undefined {
  try {
    // Most paths asked about are missing (candidate modules): no exception for those.
    const stat = statSync(path, { throwIfNoEntry: false });
    return stat && { size: stat.size, mtimeMs: stat.mtimeMs };
  } catch {
    return undefined;
  }
}
