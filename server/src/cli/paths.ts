/**
 * Path helpers for edits that target other files: an edit's `file` is relative to the folder of the
 * analysed file, and reports name files relative to the working folder.
 */
import { posix } from 'node:path';
import { readDiskText } from '../host/safe-read';

/** The target of an edit's `file`, relative to the working folder (`/`-separated), like finding paths. */
export function resolveEditFile(findingPath: string, file: string): string {
  const joined = posix.normalize(posix.join(posix.dirname(findingPath), file.replace(/\\/g, '/')));
  return joined.startsWith('./') ? joined.slice(2) : joined;
}

/** The 1-based position just after the last character of a file (1:1 when it does not exist). */
export function endOfFile(absolutePath: string): { line: number; column: number } {
  const read = readDiskText(absolutePath, { kind: 'manifest' });
  if (!read.ok) return { line: 1, column: 1 };
  const lines = read.text.split('\n');
  return { line: lines.length, column: (lines[lines.length - 1] ?? '').length + 1 };
}
