/**
 * Replaces or creates a file so that, whatever happens (a killed process, a full disk, a power cut after
 * the call returned), the file holds either its old bytes or its new bytes, never a truncated mix: the
 * new bytes go to a temporary file in the same folder, which is flushed to disk and renamed over the
 * original (rename is atomic within a file system), and the folder is flushed so the rename survives.
 * The original's permission bits, owner and group are kept; a symbolic link is followed (the file it
 * points to is replaced, not the link); the temporary file is removed on every failure.
 */
import { closeSync, constants, fchmodSync, fchownSync, fsyncSync, fstatSync, linkSync, lstatSync, openSync, realpathSync, renameSync, statSync, unlinkSync, writeSync } from 'node:fs';
import type { Stats } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { basename, dirname, join } from 'node:path';

/** Why a file was not written, as a sentence fragment for the report ("is read-only"). */
export class FileWriteRefused extends Error {
  constructor(readonly reason: string) {
    super(reason);
  }
}

export interface AtomicWriteOptions {
  /**
   * Called with the file's current bytes just before the rename; when it returns false nothing is written
   * (`aisec fix` compares them with the bytes its edits were computed on).
   */
  unchanged?: () => boolean;
  /** Permission bits of a file that does not exist yet (default 0o644; `.env` files get 0o600). */
  createMode?: number;
}

/** The file-system calls the writer makes; tests replace one to inject a failure. */
export interface WriteOps {
  writeSync: (fd: number, data: Uint8Array, offset: number, length: number) => number;
  fsyncSync: (fd: number) => void;
  renameSync: (from: string, to: string) => void;
}

const NODE_OPS: WriteOps = { writeSync: (fd, data, offset, length) => writeSync(fd, data, offset, length), fsyncSync, renameSync };

/**
 * Writes `bytes` to `path` atomically (see the file comment). Throws `FileWriteRefused` when the file
 * is read-only (no write permission bit, or not writable by this process), has several hard links (a
 * rename would split them), is not a regular file, or changed (`unchanged`); other errors are I/O failures.
 */
export function writeFileAtomically(path: string, bytes: Uint8Array, options: AtomicWriteOptions = {}, ops: WriteOps = NODE_OPS): void {
  const target = existingTarget(path);
  const current = target ? statSync(target) : undefined;
  if (current) refuseUnwritable(target!, current);
  const destination = target ?? path;
  const temporary = join(dirname(destination), `.${basename(destination)}.aisec-${process.pid}-${randomBytes(4).toString('hex')}.tmp`);
  // Exclusive creation with owner-only permissions: nobody else can open the file before it is complete.
  const fd = openSync(temporary, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL, 0o600);
  let renamed = false;
  try {
    try {
      for (let written = 0; written < bytes.length; ) written += ops.writeSync(fd, bytes, written, bytes.length - written);
      keepOwnership(fd, current, options.createMode ?? 0o644);
      ops.fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    if (options.unchanged && !options.unchanged()) throw new FileWriteRefused('changed on disk while AISec was fixing it');
    if (current) {
      ops.renameSync(temporary, destination);
    } else {
      // A new file: a link fails when another process created the file meanwhile, where a rename would replace it.
      linkSync(temporary, destination);
      unlinkSync(temporary);
    }
    renamed = true;
    syncFolder(dirname(destination));
  } finally {
    if (!renamed) removeQuietly(temporary);
  }
}

/**
 * Why `writeFileAtomically` would refuse to replace the file at `path`, or undefined when it would not
 * (or when the file does not exist). Lets a caller check every file before it writes any of them.
 */
export function writeRefusal(path: string): string | undefined {
  try {
    const target = existingTarget(path);
    if (target) refuseUnwritable(target, statSync(target));
    return undefined;
  } catch (error) {
    if (error instanceof FileWriteRefused) return error.reason;
    return `cannot be checked (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`;
  }
}

/** The real path of an existing file (following symbolic links), or undefined when there is none. */
function existingTarget(path: string): string | undefined {
  try {
    lstatSync(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  return realpathSync(path);
}

function refuseUnwritable(path: string, stats: Stats): void {
  if (!stats.isFile()) throw new FileWriteRefused('is not a regular file');
  // Write permission bits are the user's statement that the file must not change, even for root (who may write anyway).
  if ((stats.mode & 0o222) === 0) throw new FileWriteRefused('is read-only');
  try {
    // The rename would succeed on a file this process may not write (it needs only the folder): ask first.
    const fd = openSync(path, constants.O_WRONLY);
    closeSync(fd);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EACCES' || code === 'EPERM' || code === 'EROFS') throw new FileWriteRefused(`is not writable (${code})`);
    throw error;
  }
  if (stats.nlink > 1) throw new FileWriteRefused(`has ${stats.nlink} hard links, which replacing it would split`);
}

/** Gives the temporary file the original's mode, owner and group (or `createMode` for a new file). */
function keepOwnership(fd: number, original: Stats | undefined, createMode: number): void {
  const mine = fstatSync(fd);
  if (original && (mine.uid !== original.uid || mine.gid !== original.gid)) {
    try {
      fchownSync(fd, original.uid, original.gid);
    } catch {
      throw new FileWriteRefused(`belongs to another user or group (${original.uid}:${original.gid}), which AISec cannot keep`);
    }
  }
  // After the owner: changing the owner clears set-user-ID and set-group-ID bits.
  fchmodSync(fd, original ? original.mode & 0o7777 : createMode);
}

/** Flushes a folder's entries so a rename is on disk (not supported on every platform; a failure is harmless). */
function syncFolder(folder: string): void {
  let fd: number | undefined;
  try {
    fd = openSync(folder, constants.O_RDONLY);
    fsyncSync(fd);
  } catch {
    // Windows cannot open folders; the rename itself is still atomic.
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

function removeQuietly(path: string): void {
  try {
    unlinkSync(path);
  } catch {
    // Already gone.
  }
}
