/**
 * The `.npy` header: `\x93NUMPY`, a major and minor version byte, the header length (2 bytes little-endian
 * in version 1, 4 bytes in versions 2 and 3), then a Python dict literal with `descr`, `fortran_order` and
 * `shape`. When the dtype holds Python objects (`O`), numpy stores the array data as a pickle right after
 * the header, and `numpy.load(..., allow_pickle=True)` unpickles it.
 */
import { hasBytes, latin1, u16le, u32le, utf8 } from './bytes';
import { parsePythonLiteral, type PyLiteral } from './python-literal';

export const NPY_MAGIC = [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59] as const;

export interface NpyHeader {
  version: string;
  /** The dtype as written (a type string, or the text of a structured dtype list). */
  descr: string;
  fortranOrder: boolean;
  shape: number[];
  /** True when the dtype holds Python objects: the data is a pickle. */
  hasObject: boolean;
  /** Offset of the array data (or of the pickle) in the buffer. */
  dataOffset: number;
}

export type NpyParse = { ok: true; header: NpyHeader } | { ok: false; problem: string; truncated: boolean };

/** The header is small in practice (numpy itself refuses more than 10 000 bytes by default). */
const MAX_HEADER = 1024 * 1024;

export function looksLikeNpy(b: Uint8Array): boolean {
  return hasBytes(b, 0, NPY_MAGIC);
}

export function parseNpyHeader(b: Uint8Array): NpyParse {
  if (!looksLikeNpy(b)) return { ok: false, problem: 'not a .npy file (no \\x93NUMPY magic)', truncated: false };
  if (b.length < 10) return { ok: false, problem: 'the .npy header is cut off', truncated: true };
  const major = b[6]!;
  const minor = b[7]!;
  if (major < 1 || major > 3) return { ok: false, problem: `unknown .npy format version ${major}.${minor}`, truncated: false };
  const lengthSize = major === 1 ? 2 : 4;
  if (b.length < 8 + lengthSize) return { ok: false, problem: 'the .npy header is cut off', truncated: true };
  const headerLength = major === 1 ? u16le(b, 8) : u32le(b, 8);
  const start = 8 + lengthSize;
  if (headerLength > MAX_HEADER) return { ok: false, problem: `the .npy header claims ${headerLength} bytes`, truncated: false };
  if (start + headerLength > b.length) return { ok: false, problem: 'the .npy header is cut off', truncated: true };
  const text = major === 3 ? utf8(b, start, start + headerLength) : latin1(b, start, start + headerLength);
  const literal = parsePythonLiteral(text.trim());
  if (!literal || typeof literal !== 'object' || Array.isArray(literal)) return { ok: false, problem: 'the .npy header is not a dict literal', truncated: false };
  const descr = literal['descr'];
  const shape = literal['shape'];
  if (descr === undefined || !Array.isArray(shape) || !shape.every((d) => typeof d === 'number')) {
    return { ok: false, problem: 'the .npy header lacks descr or shape', truncated: false };
  }
  return {
    ok: true,
    header: {
      version: `${major}.${minor}`,
      descr: typeof descr === 'string' ? descr : JSON.stringify(descr),
      fortranOrder: literal['fortran_order'] === true,
      shape: shape as number[],
      hasObject: dtypeHasObject(descr),
      dataOffset: start + headerLength,
    },
  };
}

/** True when a dtype description (a type string, or a structured list of fields) contains an object field. */
function dtypeHasObject(descr: PyLiteral): boolean {
  if (typeof descr === 'string') return /^[<>|=]?O\d*$/.test(descr);
  if (Array.isArray(descr)) return descr.some((field) => Array.isArray(field) && field.slice(1).some((part) => dtypeHasObject(part)));
  return false;
}
