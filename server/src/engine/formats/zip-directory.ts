/**
 * Reads a ZIP archive's central directory the way the loaders of model files do, and says where they
 * disagree. Two readers matter:
 * - Python's `zipfile` (used by `numpy.load` for `.npz`, skops, Keras): takes the last end record in the
 *   final 64 KB, uses the ZIP64 end record only when it sits right before the ZIP64 locator, finds the
 *   directory at `end record − directory size (− 76 with ZIP64)` (data before the archive shifts every
 *   offset), and reads entries until the directory's *size* is used up: the entry count is never read;
 * - PyTorch's miniz: the same end record, the ZIP64 record right before the locator or else where the
 *   locator points, and exactly the declared entry count.
 * The scanner lists every entry either reader sees (the union), and each difference between them, or
 * between the directory and the local headers that streaming readers follow, is a disagreement: an
 * archive whose readers disagree is built to show a scanner something other than what a loader runs.
 */
import { latin1, u16le, u32le, u64le, utf8 } from './bytes';

export interface ZipEntry {
  name: string;
  /** 0 stored, 8 deflated; anything else is unsupported. */
  method: number;
  flags: number;
  compressedSize: number;
  uncompressedSize: number;
  localHeaderOffset: number;
  encrypted: boolean;
  /** True when the sizes came from a local header with a data descriptor (they are then estimates). */
  sizesUnknown: boolean;
}

export interface CentralDirectory {
  entries: ZipEntry[];
  problems: string[];
  /** True when the listing may miss entries (a damaged directory, or a cap was hit). */
  partialListing: boolean;
  /** Where ZIP readers would see different members, names or sizes (each a sentence). */
  disagreements: string[];
}

/** At most this many entries are listed per model archive. */
export const MAX_ENTRIES = 100_000;

export interface DirectoryLimits {
  /**
   * Entries listed before the listing is cut (with a problem and `partialListing`). Model archives use
   * `MAX_ENTRIES`; a trusted data archive (an OSV export holds hundreds of thousands) may lift it.
   */
  maxEntries: number;
}

const EOCD_SIG = 0x06054b50;
const ZIP64_LOCATOR_SIG = 0x07064b50;
const ZIP64_EOCD_SIG = 0x06064b50;
const CENTRAL_SIG = 0x02014b50;
const LOCAL_SIG = 0x04034b50;
const EOCD_SIZE = 22;
const ZIP64_EOCD_SIZE = 56;
const ZIP64_LOCATOR_SIZE = 20;
const MAX_COMMENT = 0xffff;
/** Disagreements about single members listed one by one before they are counted. */
const MAX_MEMBER_DISAGREEMENTS = 5;

/** True when the bytes hold a ZIP end-of-central-directory record in their last 64 KB. */
export function hasEndRecord(b: Uint8Array): boolean {
  return findEndRecords(b).length > 0;
}

/** Reads the central directory of a whole archive, or undefined when no end record leads to one. */
export function readCentralDirectory(b: Uint8Array, limits: DirectoryLimits = { maxEntries: MAX_ENTRIES }): CentralDirectory | undefined {
  const candidates = findEndRecords(b);
  // Both loaders take the last end record; when it leads nowhere they refuse the archive, and the scanner
  // falls back to earlier records (other readers may accept them) before it walks local headers.
  for (const [index, eocd] of candidates.entries()) {
    const views = directoryViews(b, eocd);
    const listing = readEntries(b, views[0]!, limits);
    if (!listing) continue;
    const out: CentralDirectory = { entries: listing.entries, problems: listing.problems, partialListing: listing.partial, disagreements: [] };
    if (index > 0) out.problems.push(`the last end record (byte ${candidates[0]}) leads to no central directory, so Python's zipfile and PyTorch refuse the archive; the one at byte ${eocd} was read`);
    // A strict reader takes the end record whose comment ends exactly at the end of the file.
    const strict = candidates.find((at) => at + EOCD_SIZE + u16le(b, at + 20) === b.length);
    if (strict !== undefined && strict !== eocd) {
      views.push(...directoryViews(b, strict).map((v) => ({ ...v, reader: `a reader that requires the comment to end the file (end record at byte ${strict})` })));
    }
    addOtherViews(b, out, views, limits);
    if (listing.entries.length !== views[0]!.declaredCount) out.disagreements.unshift(countDisagreement(views[0]!, listing.entries.length));
    checkLocalHeaders(b, out, views[0]!.start, limits);
    return out;
  }
  return undefined;
}

/**
 * Other views of the directory (the classic end record without ZIP64, the ZIP64 record the locator
 * points to, a strict reader's end record): each that differs is a disagreement, and its members that
 * the first view does not list are scanned too.
 */
function addOtherViews(b: Uint8Array, out: CentralDirectory, views: readonly DirectoryView[], limits: DirectoryLimits): void {
  const primary = views[0]!;
  const seen = new Set(out.entries.map(entryKey));
  for (const view of views.slice(1)) {
    if (view.start === primary.start && view.size === primary.size && view.declaredCount === primary.declaredCount) continue;
    const extra = readEntries(b, view, limits)?.entries.filter((e) => !seen.has(entryKey(e))) ?? [];
    out.disagreements.push(viewDisagreement(primary, view, extra.length));
    for (const entry of extra) {
      if (out.entries.length >= limits.maxEntries) break;
      seen.add(entryKey(entry));
      out.entries.push(entry);
    }
  }
}

// --- End records ------------------------------------------------------------------------------------------

/** Offsets of end records in the last 64 KB + 22 bytes, last first, each with a whole record after it. */
function findEndRecords(b: Uint8Array): number[] {
  const out: number[] = [];
  const lowest = Math.max(0, b.length - EOCD_SIZE - MAX_COMMENT);
  for (let i = b.length - EOCD_SIZE; i >= lowest && out.length < 16; i--) {
    if (b[i] === 0x50 && b[i + 1] === 0x4b && b[i + 2] === 0x05 && b[i + 3] === 0x06 && u32le(b, i) === EOCD_SIG) out.push(i);
  }
  return out;
}

/** One reader's idea of where the directory is and how many entries it has. */
interface DirectoryView {
  reader: string;
  /** Offset of the directory in the bytes. */
  start: number;
  size: number;
  /** The offset the end record states (differs from `start` by the length of data before the archive). */
  statedOffset: number;
  declaredCount: number;
  zip64: boolean;
}

/**
 * The views of the directory an end record gives: Python's zipfile first (the ZIP64 record right before
 * the locator when there is one), then PyTorch's reading of the locator's offset when there is no record
 * before the locator, then the classic record alone (readers without ZIP64) when its fields are not the
 * ZIP64 markers. Python finds the directory from the end record; the others from the stated offset,
 * moved by the length of data before the archive that Python's view reveals.
 */
function directoryViews(b: Uint8Array, eocd: number): DirectoryView[] {
  const classic = { count: u16le(b, eocd + 10), size: u32le(b, eocd + 12), offset: u32le(b, eocd + 16) };
  const locator = eocd >= ZIP64_LOCATOR_SIZE && u32le(b, eocd - ZIP64_LOCATOR_SIZE) === ZIP64_LOCATOR_SIG ? eocd - ZIP64_LOCATOR_SIZE : -1;
  const adjacent = locator >= ZIP64_EOCD_SIZE ? zip64Record(b, locator - ZIP64_EOCD_SIZE) : undefined;
  const pythonFields = adjacent ?? classic;
  const start = eocd - pythonFields.size - (adjacent ? ZIP64_EOCD_SIZE + ZIP64_LOCATOR_SIZE : 0);
  const shift = start - pythonFields.offset;
  const views: DirectoryView[] = [{ reader: "Python's zipfile and PyTorch", start, size: pythonFields.size, statedOffset: pythonFields.offset, declaredCount: pythonFields.count, zip64: adjacent !== undefined }];
  const other = (reader: string, fields: { count: number; size: number; offset: number }, zip64: boolean): DirectoryView => ({ reader, start: fields.offset + shift, size: fields.size, statedOffset: fields.offset, declaredCount: fields.count, zip64 });
  if (locator !== -1 && !adjacent) {
    const record = zip64Record(b, u64le(b, locator + 8));
    if (record) views.push(other('PyTorch (the ZIP64 record the locator points to)', record, true));
  }
  const saturated = classic.count === 0xffff || classic.size === 0xffffffff || classic.offset === 0xffffffff;
  if (adjacent && !saturated) views.push(other('readers without ZIP64 support', classic, false));
  return views;
}

function zip64Record(b: Uint8Array, at: number): { count: number; size: number; offset: number } | undefined {
  if (!Number.isFinite(at) || at < 0 || at + ZIP64_EOCD_SIZE > b.length || u32le(b, at) !== ZIP64_EOCD_SIG) return undefined;
  return { count: u64le(b, at + 32), size: u64le(b, at + 40), offset: u64le(b, at + 48) };
}

// --- Entries -------------------------------------------------------------------------------------------

interface Listing {
  entries: ZipEntry[];
  problems: string[];
  partial: boolean;
}

/** Python's walk: entries until the directory's size is used up (the count is not read). */
function readEntries(b: Uint8Array, view: DirectoryView, limits: DirectoryLimits): Listing | undefined {
  if (!Number.isFinite(view.size) || view.start < 0 || view.start + Math.min(view.size, 4) > b.length) return undefined;
  if (view.size > 0 && (view.start + 4 > b.length || u32le(b, view.start) !== CENTRAL_SIG)) return undefined;
  // Data before the archive (a self-extracting stub) shifts every local header by the same amount.
  const shift = view.start - view.statedOffset;
  const end = Math.min(b.length, view.start + view.size);
  const entries: ZipEntry[] = [];
  const problems: string[] = [];
  let partial = false;
  let at = view.start;
  while (at < end) {
    if (entries.length >= limits.maxEntries) {
      problems.push(`the archive lists more than ${limits.maxEntries} entries; the rest were not checked`);
      partial = true;
      break;
    }
    if (at + 46 > b.length || u32le(b, at) !== CENTRAL_SIG) {
      problems.push('the central directory is damaged');
      partial = true;
      break;
    }
    const flags = u16le(b, at + 8);
    let compressedSize = u32le(b, at + 20);
    let uncompressedSize = u32le(b, at + 24);
    const nameLength = u16le(b, at + 28);
    const extraLength = u16le(b, at + 30);
    const commentLength = u16le(b, at + 32);
    let localHeaderOffset = u32le(b, at + 42);
    const nameStart = at + 46;
    const extraStart = nameStart + nameLength;
    if (extraStart + extraLength > b.length) {
      problems.push('the central directory is damaged');
      partial = true;
      break;
    }
    const zip64 = readZip64Extra(b, extraStart, extraLength, uncompressedSize === 0xffffffff, compressedSize === 0xffffffff, localHeaderOffset === 0xffffffff);
    if (zip64.uncompressed !== undefined) uncompressedSize = zip64.uncompressed;
    if (zip64.compressed !== undefined) compressedSize = zip64.compressed;
    if (zip64.offset !== undefined) localHeaderOffset = zip64.offset;
    entries.push({
      name: decodeName(b, nameStart, nameLength, flags),
      method: u16le(b, at + 10),
      flags,
      compressedSize,
      uncompressedSize,
      localHeaderOffset: localHeaderOffset + shift,
      encrypted: (flags & 1) !== 0,
      sizesUnknown: false,
    });
    at = extraStart + extraLength + commentLength;
  }
  return { entries, problems, partial };
}

/** Reads the ZIP64 extended-information extra field (only the values whose 32-bit field is saturated). */
function readZip64Extra(
  b: Uint8Array,
  start: number,
  length: number,
  wantUncompressed: boolean,
  wantCompressed: boolean,
  wantOffset: boolean,
): { uncompressed?: number; compressed?: number; offset?: number } {
  const out: { uncompressed?: number; compressed?: number; offset?: number } = {};
  for (let at = start; at + 4 <= start + length; ) {
    const id = u16le(b, at);
    const size = u16le(b, at + 2);
    if (id === 0x0001) {
      let p = at + 4;
      const end = at + 4 + size;
      if (wantUncompressed && p + 8 <= end) {
        out.uncompressed = u64le(b, p);
        p += 8;
      }
      if (wantCompressed && p + 8 <= end) {
        out.compressed = u64le(b, p);
        p += 8;
      }
      if (wantOffset && p + 8 <= end) out.offset = u64le(b, p);
      return out;
    }
    at += 4 + size;
  }
  return out;
}

/** An entry name: UTF-8 when flag bit 11 says so, else code page 437 read as Latin-1 (names are compared, not shown). */
function decodeName(b: Uint8Array, start: number, length: number, flags: number): string {
  const end = Math.min(b.length, start + Math.min(length, 4096));
  return flags & 0x800 ? utf8(b, start, end) : latin1(b, start, end);
}

/** The fields of a local header; sizes have the ZIP64 extra applied when the header lies within the bytes. */
export interface LocalHeader {
  flags: number;
  method: number;
  compressedSize: number;
  uncompressedSize: number;
  name: string;
  /** Where the member's data starts (may lie past the end of the bytes). */
  dataStart: number;
}

/** Reads the local header at `at`, or undefined when there is none. */
export function readLocalHeader(b: Uint8Array, at: number): LocalHeader | undefined {
  if (at < 0 || at + 30 > b.length || u32le(b, at) !== LOCAL_SIG) return undefined;
  const flags = u16le(b, at + 6);
  const nameLength = u16le(b, at + 26);
  const extraLength = u16le(b, at + 28);
  const dataStart = at + 30 + nameLength + extraLength;
  let compressedSize = u32le(b, at + 18);
  let uncompressedSize = u32le(b, at + 22);
  if (dataStart <= b.length) {
    const zip64 = readZip64Extra(b, at + 30 + nameLength, extraLength, uncompressedSize === 0xffffffff, compressedSize === 0xffffffff, false);
    if (zip64.uncompressed !== undefined) uncompressedSize = zip64.uncompressed;
    if (zip64.compressed !== undefined) compressedSize = zip64.compressed;
  }
  return { flags, method: u16le(b, at + 8), compressedSize, uncompressedSize, name: decodeName(b, at + 30, nameLength, flags), dataStart };
}

// --- Disagreements --------------------------------------------------------------------------------------

function entryKey(entry: ZipEntry): string {
  return `${entry.localHeaderOffset}\u0000${entry.name}`;
}

function countDisagreement(view: DirectoryView, walked: number): string {
  const wrapped = !view.zip64 && walked > view.declaredCount && walked % 0x10000 === view.declaredCount;
  const why = wrapped ? `: the 16-bit count wrapped at 65,536 and the archive has no ZIP64 record` : '';
  const torch = walked > view.declaredCount ? `PyTorch's reader sees only the first ${view.declaredCount}` : 'PyTorch refuses the archive';
  return `the end record declares ${view.declaredCount} entr${view.declaredCount === 1 ? 'y' : 'ies'} but the central directory holds ${walked}${why}; Python's zipfile (and so numpy.load) reads all ${walked}, ${torch}`;
}

function viewDisagreement(primary: DirectoryView, other: DirectoryView, extra: number): string {
  const describe = (v: DirectoryView): string => `${v.declaredCount} entr${v.declaredCount === 1 ? 'y' : 'ies'}, ${v.size} bytes at byte ${v.start}`;
  return `${other.reader} find${other.reader.startsWith('a ') ? 's' : ''} a different central directory (${describe(other)}) than ${primary.reader} (${describe(primary)})${extra > 0 ? `; its ${extra} other member${extra === 1 ? '' : 's'} were scanned too` : ''}`;
}

/**
 * Compares each directory entry with its local header (the name and, without a data descriptor, the
 * sizes: streaming readers and `zipfile`'s name check read them) and looks for local headers at the start
 * of the gaps between members, which only streaming readers list: those members are added to be scanned.
 */
function checkLocalHeaders(b: Uint8Array, directory: CentralDirectory, directoryStart: number, limits: DirectoryLimits): void {
  const out = directory.disagreements;
  let mismatched = 0;
  const note = (sentence: string): void => {
    if (++mismatched <= MAX_MEMBER_DISAGREEMENTS) out.push(sentence);
  };
  const spans: { start: number; end: number }[] = [];
  for (const entry of directory.entries) {
    const local = readLocalHeader(b, entry.localHeaderOffset);
    if (!local) continue;
    if (local.name !== entry.name) {
      note(`member "${entry.name}" is named "${local.name}" in its local header: PyTorch reads it by its directory name, Python's zipfile refuses it, streaming readers list it as "${local.name}"`);
    } else if ((local.flags & 0x08) === 0) {
      const saturated = local.compressedSize === 0xffffffff || local.uncompressedSize === 0xffffffff;
      if (!saturated && (local.compressedSize !== entry.compressedSize || local.uncompressedSize !== entry.uncompressedSize)) {
        note(`member "${entry.name}" has sizes ${local.compressedSize}/${local.uncompressedSize} in its local header but ${entry.compressedSize}/${entry.uncompressedSize} in the central directory: streaming readers read different bytes than PyTorch and Python's zipfile`);
      }
    }
    let end = local.dataStart + entry.compressedSize;
    if (local.flags & 0x08) end += end + 4 <= b.length && u32le(b, end) === 0x08074b50 ? 16 : 12;
    spans.push({ start: entry.localHeaderOffset, end });
  }
  spans.sort((x, y) => x.start - y.start);
  let cursor = 0;
  for (const span of [...spans, { start: directoryStart, end: directoryStart }]) {
    // A local header in the gap before this member (or before the directory) is listed by no directory.
    const local = span.start - cursor >= 30 && directory.entries.length < limits.maxEntries ? readLocalHeader(b, cursor) : undefined;
    if (local) {
      const hidden = hiddenEntry(local, cursor, span.start);
      note(`a local header at byte ${cursor} ("${hidden.name}") is in no central directory: streaming readers list a member that PyTorch and Python's zipfile do not (it was scanned too)`);
      directory.entries.push(hidden);
    }
    cursor = Math.max(cursor, span.end);
  }
  if (mismatched > MAX_MEMBER_DISAGREEMENTS) out.push(`and ${mismatched - MAX_MEMBER_DISAGREEMENTS} more members whose local headers disagree with the central directory`);
}

/** A member known only from its local header; with a data descriptor its data runs to the next member. */
function hiddenEntry(local: LocalHeader, at: number, gapEnd: number): ZipEntry {
  const descriptor = (local.flags & 0x08) !== 0 && local.compressedSize === 0;
  return {
    name: local.name,
    method: local.method,
    flags: local.flags,
    compressedSize: descriptor ? Math.max(0, gapEnd - local.dataStart) : local.compressedSize,
    uncompressedSize: local.uncompressedSize,
    localHeaderOffset: at,
    encrypted: (local.flags & 1) !== 0,
    sizesUnknown: descriptor,
  };
}
