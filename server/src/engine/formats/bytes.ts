/**
 * Little-endian integer reads and text decoding over a byte array. Every read is bounds-checked by its
 * caller; these helpers assume the bytes are there so that the hot loops stay branch-light.
 */
import { strFromU8 } from 'fflate';

export function u16le(b: Uint8Array, at: number): number {
  return b[at]! | (b[at + 1]! << 8);
}

export function u32le(b: Uint8Array, at: number): number {
  return (b[at]! | (b[at + 1]! << 8) | (b[at + 2]! << 16)) + b[at + 3]! * 0x1000000;
}

export function i32le(b: Uint8Array, at: number): number {
  return b[at]! | (b[at + 1]! << 8) | (b[at + 2]! << 16) | (b[at + 3]! << 24);
}

/**
 * An unsigned 64-bit little-endian value as a JS number. Values above 2^53 come back as `Infinity`, which
 * every caller treats as "larger than the data", so a hostile length can never wrap around.
 */
export function u64le(b: Uint8Array, at: number): number {
  const low = u32le(b, at);
  const high = u32le(b, at + 4);
  if (high > 0x1fffff) return Number.POSITIVE_INFINITY;
  return high * 0x100000000 + low;
}

/** Decodes UTF-8 (invalid sequences become U+FFFD); an ASCII fast path keeps short names cheap. */
export function utf8(b: Uint8Array, start: number, end: number): string {
  if (end - start <= 64) {
    // Short ASCII strings (names, keys) are the common case: build them without allocating a view.
    let out = '';
    let i = start;
    for (; i < end; i++) {
      const c = b[i]!;
      if (c >= 0x80) break;
      out += String.fromCharCode(c);
    }
    if (i === end) return out;
  }
  return strFromU8(b.subarray(start, end));
}

/** Decodes bytes one-to-one as Latin-1 (what Python 2 `str` pickles and zip names without the UTF-8 flag need). */
export function latin1(b: Uint8Array, start: number, end: number): string {
  let out = '';
  for (let i = start; i < end; i += 8192) out += String.fromCharCode(...b.subarray(i, Math.min(end, i + 8192)));
  return out;
}

/** True when `b` holds `magic` at `at`. */
export function hasBytes(b: Uint8Array, at: number, magic: readonly number[]): boolean {
  if (at < 0 || at + magic.length > b.length) return false;
  for (let i = 0; i < magic.length; i++) if (b[at + i] !== magic[i]) return false;
  return true;
}

/** The first index of the ASCII `needle` in `b` at or after `from`, or -1. */
export function indexOfAscii(b: Uint8Array, needle: string, from = 0, until = b.length): number {
  const first = needle.charCodeAt(0);
  const n = needle.length;
  const last = Math.min(until, b.length) - n;
  for (let i = b.indexOf(first, from); i !== -1 && i <= last; i = b.indexOf(first, i + 1)) {
    let k = 1;
    while (k < n && b[i + k] === needle.charCodeAt(k)) k++;
    if (k === n) return i;
  }
  return -1;
}

/** A human size: bytes, KB or MB. */
export function formatSize(n: number): string {
  if (n >= 1024 * 1024) return `${(n / 1024 / 1024).toFixed(n >= 100 * 1024 * 1024 ? 0 : 1)} MB`;
  if (n >= 1024) return `${(n / 1024).toFixed(1)} KB`;
  return `${n} bytes`;
}
