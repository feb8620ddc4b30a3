/**
 * A tolerant, bounded ZIP reader. It reads the central directory as the loaders do (`zip-directory.ts`:
 * ZIP64, wrapped counts, data before or after the archive, and where readers disagree) when the end of the
 * archive is in the bytes it was given; when it is not (a prefix window of a large file, or a damaged
 * archive) it walks the local file headers from the start instead, which is how PyTorch's `data.pkl`
 * (written first) is still found in a multi-gigabyte checkpoint. Entries are decompressed on request with
 * a caller-given output limit; stored entries are returned as views without copying.
 */
import { hasBytes, u16le, u32le } from './bytes';
import { inflateBounded } from './inflate';
import { MAX_ENTRIES, hasEndRecord, readCentralDirectory, readLocalHeader, type ZipEntry } from './zip-directory';

export type { ZipEntry } from './zip-directory';

export interface ZipArchive {
  entries: ZipEntry[];
  /** How the entry list was obtained. */
  source: 'central-directory' | 'local-headers';
  /** Problems met while reading the structure (a damaged directory, an entry cap). */
  problems: string[];
  /** True when the listing may miss entries (no central directory in the bytes, or a cap was hit). */
  partialListing: boolean;
  /** Where ZIP readers (Python's zipfile, PyTorch, streaming readers) would see different members. */
  disagreements: string[];
}

export interface ZipEntryData {
  data: Uint8Array;
  /** False when the data was cut (window end, output limit, corrupt stream). */
  complete: boolean;
  /** Why it is incomplete. */
  problem?: string;
  /** True when decoding stopped at the output limit (a possible zip bomb). */
  exceeded?: boolean;
  /** Compressed bytes read to produce `data`. */
  consumed?: number;
}

export const ZIP_LOCAL_MAGIC = [0x50, 0x4b, 0x03, 0x04] as const;
export const ZIP_EMPTY_MAGIC = [0x50, 0x4b, 0x05, 0x06] as const;

const CENTRAL_SIG = 0x02014b50;
const LOCAL_SIG = 0x04034b50;
const DESCRIPTOR_SIG = 0x08074b50;

/** True when the bytes end with a ZIP end-of-central-directory record (a ZIP archive, possibly after other data). */
export function hasZipDirectory(b: Uint8Array): boolean {
  return hasEndRecord(b);
}

/** True when the bytes start like a ZIP archive. */
export function looksLikeZip(b: Uint8Array): boolean {
  return hasBytes(b, 0, ZIP_LOCAL_MAGIC) || hasBytes(b, 0, ZIP_EMPTY_MAGIC);
}

/**
 * Lists the entries of the archive in `bytes`. `whole` says whether `bytes` is the entire file (only then
 * can the central directory at its end be trusted to be present).
 */
export function readZip(bytes: Uint8Array, whole: boolean): ZipArchive {
  if (!whole) return readLocalHeaders(bytes, false);
  const central = readCentralDirectory(bytes);
  if (central) return { ...central, source: 'central-directory' };
  const local = readLocalHeaders(bytes, true);
  local.problems.unshift('the central directory is missing or damaged (a truncated or corrupt archive); members were found from their local headers');
  local.partialListing = true;
  return local;
}

/**
 * True for an entry flagged as encrypted whose data is plain: stored, and exactly as long as its content, so it
 * has no room for the 12-byte ZipCrypto header (AES entries use method 99). PyTorch and zipfile refuse it, but
 * a reader that ignores the flag (picklescan's, hand-written loaders) reads the plain data, so it is scanned.
 */
export function isPlainDespiteEncryptionFlag(entry: ZipEntry): boolean {
  return entry.encrypted && entry.method === 0 && entry.compressedSize === entry.uncompressedSize;
}

/** Returns up to `maxOutput` bytes of an entry's uncompressed data. */
export function readEntry(bytes: Uint8Array, entry: ZipEntry, maxOutput: number): ZipEntryData {
  if (entry.encrypted && !isPlainDespiteEncryptionFlag(entry)) return { data: new Uint8Array(0), complete: false, problem: 'the entry is encrypted' };
  const at = entry.localHeaderOffset;
  if (at + 30 > bytes.length || u32le(bytes, at) !== LOCAL_SIG) {
    return { data: new Uint8Array(0), complete: false, problem: at + 30 > bytes.length ? 'the entry lies beyond the bytes read' : 'the local header is missing or damaged' };
  }
  const dataStart = at + 30 + u16le(bytes, at + 26) + u16le(bytes, at + 28);
  const available = Math.max(0, bytes.length - dataStart);
  if (entry.method === 0) {
    const size = entry.compressedSize;
    const length = Math.min(size, available, maxOutput);
    const data = bytes.subarray(Math.min(dataStart, bytes.length), Math.min(dataStart, bytes.length) + length);
    if (size > available) return { data, complete: false, problem: 'the entry is cut off by the end of the bytes read' };
    if (size > maxOutput) return { data, complete: false, problem: 'the entry is larger than the scan limit', exceeded: true };
    return { data, complete: true };
  }
  if (entry.method === 8) {
    const size = Math.min(entry.compressedSize, available);
    const result = inflateBounded(bytes.subarray(Math.min(dataStart, bytes.length), Math.min(dataStart, bytes.length) + size), maxOutput, 'raw');
    if (result.complete) return { data: result.data, complete: true };
    if (result.exceeded) return { data: result.data, complete: false, problem: 'the entry expands beyond the scan limit (a possible zip bomb)', exceeded: true, consumed: result.consumed };
    const cut = entry.compressedSize > available;
    return { data: result.data, complete: false, problem: cut ? 'the entry is cut off by the end of the bytes read' : `the compressed data is damaged (${result.error ?? 'unknown error'})` };
  }
  return { data: new Uint8Array(0), complete: false, problem: `compression method ${entry.method} (${METHOD_NAMES[entry.method] ?? 'unknown'}) is not supported by the scanner` };
}

const METHOD_NAMES: Record<number, string> = { 1: 'shrink', 6: 'implode', 9: 'deflate64', 12: 'bzip2', 14: 'lzma', 93: 'zstd', 95: 'xz', 98: 'ppmd', 99: 'AES' };

// --- Local headers --------------------------------------------------------------------------------------

function readLocalHeaders(b: Uint8Array, whole: boolean): ZipArchive {
  const entries: ZipEntry[] = [];
  const problems: string[] = [];
  let partialListing = !whole;
  let at = 0;
  while (at + 30 <= b.length && u32le(b, at) === LOCAL_SIG) {
    if (entries.length >= MAX_ENTRIES) {
      problems.push(`the archive holds more than ${MAX_ENTRIES} entries; the rest were not checked`);
      partialListing = true;
      break;
    }
    const local = readLocalHeader(b, at)!;
    const { flags, method, uncompressedSize, dataStart } = local;
    let compressedSize = local.compressedSize;
    if (dataStart > b.length) {
      partialListing = true;
      break;
    }
    const hasDescriptor = (flags & 0x08) !== 0 && compressedSize === 0;
    let next: number;
    if (hasDescriptor) {
      // The sizes follow the data; find the next header signature (a heuristic, bounded by the bytes).
      next = findNextHeader(b, dataStart);
      compressedSize = Math.max(0, (next === -1 ? b.length : next) - dataStart);
    } else {
      next = dataStart + compressedSize;
    }
    entries.push({
      name: local.name,
      method,
      flags,
      compressedSize,
      uncompressedSize,
      localHeaderOffset: at,
      encrypted: (flags & 1) !== 0,
      sizesUnknown: hasDescriptor,
    });
    if (next === -1 || next > b.length) {
      partialListing = partialListing || next > b.length || !whole;
      break;
    }
    at = next;
    if (at + 4 <= b.length && u32le(b, at) === DESCRIPTOR_SIG) at += u32le(b, at + 8) === 0xffffffff ? 24 : 16;
  }
  if (entries.length === 0) problems.push('no ZIP entries could be read');
  return { entries, source: 'local-headers', problems, partialListing, disagreements: [] };
}

function findNextHeader(b: Uint8Array, from: number): number {
  for (let i = b.indexOf(0x50, from); i !== -1 && i + 4 <= b.length; i = b.indexOf(0x50, i + 1)) {
    if (b[i + 1] !== 0x4b) continue;
    const sig = u32le(b, i);
    if (sig === DESCRIPTOR_SIG || sig === LOCAL_SIG || sig === CENTRAL_SIG) return i;
  }
  return -1;
}
