/**
 * A bounded tar reader (ustar, GNU long names, pax `path`): enough for the oldest PyTorch format (a tar
 * with `sys_info`, `pickle`, `storages` and `tensors` members) and for model files shipped in a tar.
 * Members are returned as views into the given bytes; nothing is copied.
 */
import { latin1, utf8 } from './bytes';

export interface TarMember {
  name: string;
  /** Offset of the member's data in the bytes. */
  offset: number;
  size: number;
  /** The data, cut at the end of the bytes when the archive is longer than what was read. */
  data: Uint8Array;
  complete: boolean;
}

export interface TarArchive {
  members: TarMember[];
  /** True when the listing stopped before the end-of-archive marker. */
  partialListing: boolean;
  problems: string[];
}

const MAX_MEMBERS = 100_000;

/** True when the bytes hold a ustar or GNU tar header at the start. */
export function looksLikeTar(b: Uint8Array): boolean {
  if (b.length < 512) return false;
  const magic = latin1(b, 257, 262);
  return magic === 'ustar' && checksumOk(b, 0);
}

export function readTar(b: Uint8Array): TarArchive {
  const members: TarMember[] = [];
  const problems: string[] = [];
  let at = 0;
  let longName: string | undefined;
  while (at + 512 <= b.length) {
    if (isZeroBlock(b, at)) return { members, partialListing: false, problems };
    if (!checksumOk(b, at)) {
      problems.push(`damaged tar header at byte ${at}`);
      return { members, partialListing: true, problems };
    }
    if (members.length >= MAX_MEMBERS) {
      problems.push(`more than ${MAX_MEMBERS} tar members; the rest were not checked`);
      return { members, partialListing: true, problems };
    }
    const size = readSize(b, at + 124);
    const type = String.fromCharCode(b[at + 156]!);
    const dataStart = at + 512;
    const dataEnd = dataStart + size;
    const data = b.subarray(Math.min(dataStart, b.length), Math.min(dataEnd, b.length));
    if (type === 'L') {
      longName = utf8(data, 0, data.indexOf(0) === -1 ? data.length : data.indexOf(0));
    } else if (type === 'x') {
      const m = /(?:^|\n)\d+ path=([^\n]*)\n/.exec(utf8(data, 0, Math.min(data.length, 65536)));
      if (m) longName = m[1];
    } else if (type === '0' || type === '\0' || type === '7') {
      const prefix = cString(b, at + 345, 155);
      const name = longName ?? (prefix ? `${prefix}/${cString(b, at, 100)}` : cString(b, at, 100));
      members.push({ name, offset: dataStart, size, data, complete: dataEnd <= b.length });
      longName = undefined;
    } else {
      longName = undefined;
    }
    if (!Number.isFinite(size) || dataEnd > b.length) return { members, partialListing: true, problems };
    at = dataStart + Math.ceil(size / 512) * 512;
  }
  return { members, partialListing: true, problems };
}

function readSize(b: Uint8Array, at: number): number {
  if (b[at]! & 0x80) {
    // GNU base-256 encoding for sizes of 8 GB and more.
    let n = 0;
    for (let i = 1; i < 12; i++) n = n * 256 + b[at + i]!;
    return n;
  }
  const text = cString(b, at, 12).trim();
  return text === '' ? 0 : /^[0-7]+$/.test(text) ? parseInt(text, 8) : Number.POSITIVE_INFINITY;
}

function cString(b: Uint8Array, at: number, max: number): string {
  let end = at;
  while (end < at + max && b[end] !== 0) end++;
  return utf8(b, at, end);
}

function isZeroBlock(b: Uint8Array, at: number): boolean {
  for (let i = at; i < at + 512; i++) if (b[i] !== 0) return false;
  return true;
}

function checksumOk(b: Uint8Array, at: number): boolean {
  const stored = parseInt(cString(b, at + 148, 8).trim(), 8);
  if (Number.isNaN(stored)) return false;
  let sum = 0;
  for (let i = 0; i < 512; i++) sum += i >= 148 && i < 156 ? 0x20 : b[at + i]!;
  return sum === stored;
}
