/**
 * The one way AISec reads a file from disk. A repository can hold anything under a file name AISec
 * reads (`requirements.txt`, `.gitignore`, `.aisec-baseline.json`, a model file): a FIFO, which blocks
 * a plain read forever; a link to `/dev/zero`, which never ends; a socket; a directory; or a regular
 * file of many gigabytes. So a read here accepts regular files only (checked before opening, and again
 * on the opened descriptor, so a file swapped in between is caught), opens with `O_NONBLOCK` (opening a
 * FIFO cannot block), and reads at most a cap chosen per kind of file. A refusal is a value with a
 * sentence naming why, never a throw, so every caller can report it and go on. Reads are synchronous,
 * in the language server too: every read is of a regular file and bounded, so none can stall it for long.
 */
import { constants as bufferConstants } from 'node:buffer';
import { closeSync, constants, fstatSync, openSync, readSync, statSync } from 'node:fs';
import type { Stats } from 'node:fs';

/** What a file is read as; each kind has its own size cap. */
export type DiskReadKind = 'manifest' | 'ignore' | 'baseline' | 'config' | 'model' | 'source' | 'cache';

const MIB = 1024 * 1024;

/**
 * Default caps in bytes. Manifests and configuration share a cap because `pyproject.toml` is both;
 * 16 MiB is far above any real one (the largest `package.json` files are a few hundred KB).
 * Baselines hold about 150 bytes per accepted finding, so 64 MiB is some 400,000 findings.
 * Model files and source files are normally read with the scan's own limits
 * (`--max-model-file-size`, `--max-file-size`); these are the defaults when a caller has none.
 */
export const DISK_READ_CAPS: Readonly<Record<DiskReadKind, number>> = {
  manifest: 16 * MIB,
  config: 16 * MIB,
  ignore: 4 * MIB,
  baseline: 64 * MIB,
  model: 256 * MIB,
  source: 16 * MIB,
  cache: 64 * MIB,
};

export interface DiskReadOptions {
  kind: DiskReadKind;
  /** The cap for this read (defaults to the kind's). */
  maxBytes?: number;
  /**
   * Read the first `maxBytes` bytes of a larger file instead of refusing it (model files: their
   * dangerous parts are near the start, and the caller notes that the read was partial).
   */
  prefix?: boolean;
}

/** The bytes of a regular file, or why it was not read. */
export type DiskRead = { ok: true; bytes: Buffer; fileSize: number; truncated: boolean } | DiskRefusal;

/** The text of a regular file (UTF-8), or why it was not read. */
export type DiskText = { ok: true; text: string; fileSize: number } | DiskRefusal;

export interface DiskRefusal {
  ok: false;
  /** True when there is no such file (callers that look for optional files stay quiet then). */
  missing: boolean;
  /** Why the file was not read, as a phrase that follows the file name ("is a FIFO (named pipe), not a regular file"). */
  reason: string;
}

/** Reads a file synchronously under the rules above. Never throws. */
export function readDiskFile(path: string, options: DiskReadOptions): DiskRead {
  let before: Stats;
  try {
    before = statSync(path);
  } catch (error) {
    return refusedByError(error);
  }
  const early = refusalBeforeOpening(before, options);
  if (early) return early;
  let fd: number;
  try {
    fd = openSync(path, OPEN_FLAGS);
  } catch (error) {
    return refusedByError(error);
  }
  try {
    const opened = fstatSync(fd);
    const late = refusalOfOpened(before, opened, options);
    if (late) return late;
    const wanted = bytesToRead(opened.size, options);
    const bytes = Buffer.allocUnsafe(wanted);
    let filled = 0;
    while (filled < wanted) {
      const n = readSync(fd, bytes, filled, Math.min(wanted - filled, MAX_READ_CALL), filled);
      if (n === 0) break;
      filled += n;
    }
    return { ok: true, bytes: bytes.subarray(0, filled), fileSize: opened.size, truncated: filled < opened.size };
  } catch (error) {
    return refusedByError(error);
  } finally {
    closeSync(fd);
  }
}

/** Reads a text file (UTF-8; a BOM is kept, as `readFileSync` keeps it, so offsets match the bytes) synchronously. Never throws. */
export function readDiskText(path: string, options: DiskReadOptions): DiskText {
  return asText(readDiskFile(path, options));
}

/**
 * True when `path` is a regular file (following links), without opening it. A missing path is answered without
 * an exception (module resolution probes many; a thrown `ENOENT` cost about four times the probe's CPU).
 */
export function isRegularFile(path: string): boolean {
  try {
    return statSync(path, { throwIfNoEntry: false })?.isFile() ?? false;
  } catch {
    return false;
  }
}

/** What a non-regular file is, as a phrase ("a FIFO (named pipe)"), for notes about files that were not read. */
export function describeFileType(stats: Stats): string {
  if (stats.isDirectory()) return 'a directory';
  if (stats.isFIFO()) return 'a FIFO (named pipe)';
  if (stats.isSocket()) return 'a socket';
  if (stats.isCharacterDevice()) return 'a character device';
  if (stats.isBlockDevice()) return 'a block device';
  if (stats.isSymbolicLink()) return 'a symbolic link';
  return 'a regular file';
}

/** "16 MiB", "512 KiB", "300 bytes". */
export function formatCap(bytes: number): string {
  if (bytes >= MIB && bytes % MIB === 0) return `${bytes / MIB} MiB`;
  if (bytes >= 1024 && bytes % 1024 === 0) return `${bytes / 1024} KiB`;
  return `${bytes} bytes`;
}

/** `O_NONBLOCK` so that opening a FIFO returns at once; `O_NOCTTY` so a terminal never becomes ours. Windows has neither. */
const OPEN_FLAGS = constants.O_RDONLY | (constants.O_NONBLOCK ?? 0) | (constants.O_NOCTTY ?? 0);

/** One `read` call may ask for at most 2 GiB - 1 bytes (larger lengths fail with ERR_OUT_OF_RANGE), so large reads go in slices. */
const MAX_READ_CALL = 1024 * MIB;

function refusalBeforeOpening(stats: Stats, options: DiskReadOptions): DiskRefusal | undefined {
  if (!stats.isFile()) return { ok: false, missing: false, reason: `is ${describeFileType(stats)}, not a regular file; AISec reads regular files only` };
  const cap = capOf(options);
  if (!options.prefix && stats.size > cap) return { ok: false, missing: false, reason: `is larger than the ${formatCap(cap)} limit for ${options.kind} files (${formatCap(stats.size)})` };
  return undefined;
}

function refusalOfOpened(before: Stats, opened: Stats, options: DiskReadOptions): DiskRefusal | undefined {
  if (opened.dev !== before.dev || opened.ino !== before.ino) return { ok: false, missing: false, reason: 'was replaced while it was being opened; not read' };
  return refusalBeforeOpening(opened, options);
}

function bytesToRead(size: number, options: DiskReadOptions): number {
  return Math.min(size, capOf(options));
}

/** The cap of a read, never above what one Buffer can hold. */
function capOf(options: DiskReadOptions): number {
  return Math.min(options.maxBytes ?? DISK_READ_CAPS[options.kind], bufferConstants.MAX_LENGTH);
}

function refusedByError(error: unknown): DiskRefusal {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOENT' || code === 'ENOTDIR') return { ok: false, missing: true, reason: 'does not exist' };
  // Opening a socket fails with ENXIO.
  if (code === 'ENXIO') return { ok: false, missing: false, reason: 'is a socket or a device, not a regular file; AISec reads regular files only' };
  return { ok: false, missing: false, reason: `cannot be read (${code ?? (error as Error).message})` };
}

const decoder = new TextDecoder('utf-8', { ignoreBOM: true });

function asText(read: DiskRead): DiskText {
  if (!read.ok) return read;
  return { ok: true, text: decoder.decode(read.bytes), fileSize: read.fileSize };
}
