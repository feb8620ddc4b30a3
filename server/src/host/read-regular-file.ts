/**
 * Reads a file that must be a regular file, without ever blocking: the file is opened non-blocking (a FIFO
 * opens at once instead of waiting for a writer) and checked with `fstat` before any byte is read, so a
 * FIFO, socket or device named like a source file, `.env` or a manifest is refused rather than hanging the
 * process or streaming forever. (The general reader with size caps per kind may replace this one.)
 */
import { closeSync, constants, fstatSync, openSync, readFileSync } from 'node:fs';

/** Thrown for a path that exists but is not a regular file. */
export class NotARegularFile extends Error {
  readonly code = 'ENOTREG';
  constructor(path: string) {
    super(`${path} is not a regular file`);
  }
}

/** The bytes of the regular file at `path`; throws the file-system error, or `NotARegularFile`. */
export function readRegularFile(path: string): Buffer {
  // O_NONBLOCK does not exist on Windows, where FIFOs do not live in the file system.
  const fd = openSync(path, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
  try {
    if (!fstatSync(fd).isFile()) throw new NotARegularFile(path);
    return readFileSync(fd);
  } finally {
    closeSync(fd);
  }
}
