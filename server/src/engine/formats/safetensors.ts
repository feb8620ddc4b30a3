/**
 * safetensors header validation (the layout of `huggingface/safetensors`' README): an 8-byte little-endian
 * header size N, N bytes of JSON `{name: {dtype, shape, data_offsets: [begin, end]}, "__metadata__"?: {str:
 * str}}`, then the tensor bytes. Nothing in the format is executable; validation only tells a real,
 * consistent file from a damaged or disguised one.
 */
import { strFromU8 } from 'fflate';
import { u64le } from './bytes';

export interface SafetensorsCheck {
  /** True when the first bytes look like a safetensors header at all (size, then `{`). */
  recognised: boolean;
  problems: string[];
  tensorCount: number;
  metadataKeys: number;
  /** The `__metadata__` map, when it is a map of strings. */
  metadata?: Record<string, string>;
  headerSize: number;
  /** True when the header was not entirely inside the bytes given. */
  headerCut: boolean;
}

/** The safetensors library refuses headers above 100 MB. */
const MAX_HEADER = 100 * 1000 * 1000;

/** Bits per element of each dtype the format defines. */
const DTYPE_BITS: Record<string, number> = {
  BOOL: 8, U8: 8, I8: 8, F8_E5M2: 8, F8_E4M3: 8, F8_E8M0: 8, I16: 16, U16: 16, F16: 16, BF16: 16,
  I32: 32, U32: 32, F32: 32, F64: 64, I64: 64, U64: 64, C64: 64, F4: 4, F6_E2M3: 6, F6_E3M2: 6,
};

/** True when the bytes plausibly start a safetensors file (used for content sniffing). */
export function looksLikeSafetensors(b: Uint8Array): boolean {
  if (b.length < 10) return false;
  const n = u64le(b, 0);
  return n >= 2 && n <= MAX_HEADER && b[8] === 0x7b;
}

/** Validates the header; `fileSize` is the real size of the file (the bytes may be a prefix). */
export function checkSafetensors(b: Uint8Array, fileSize: number): SafetensorsCheck {
  const out: SafetensorsCheck = { recognised: false, problems: [], tensorCount: 0, metadataKeys: 0, headerSize: 0, headerCut: false };
  if (b.length < 8) {
    out.problems.push('the file is shorter than the 8-byte header size');
    return out;
  }
  const n = u64le(b, 0);
  out.headerSize = n;
  if (n > MAX_HEADER) {
    out.problems.push(`the header size ${n} is above the 100 MB limit`);
    return out;
  }
  if (8 + n > fileSize) {
    out.problems.push(`the header size ${n} runs past the end of the ${fileSize}-byte file`);
    return out;
  }
  if (8 + n > b.length) {
    out.headerCut = true;
    out.recognised = b[8] === 0x7b;
    return out;
  }
  if (b[8] !== 0x7b) {
    out.problems.push('the header does not start with "{"');
    return out;
  }
  out.recognised = true;
  let header: unknown;
  try {
    header = JSON.parse(strFromU8(b.subarray(8, 8 + n)));
  } catch {
    out.problems.push('the header is not valid JSON');
    return out;
  }
  if (typeof header !== 'object' || header === null || Array.isArray(header)) {
    out.problems.push('the header is not a JSON object');
    return out;
  }
  const dataLength = fileSize - 8 - n;
  const spans: Array<[number, number, string]> = [];
  for (const [name, info] of Object.entries(header as Record<string, unknown>)) {
    if (name === '__metadata__') {
      if (typeof info !== 'object' || info === null || Array.isArray(info) || !Object.values(info).every((v) => typeof v === 'string')) {
        out.problems.push('__metadata__ is not a map of strings to strings');
      } else {
        out.metadataKeys = Object.keys(info).length;
        out.metadata = info as Record<string, string>;
      }
      continue;
    }
    out.tensorCount++;
    const problem = checkTensor(name, info, dataLength, spans);
    if (problem && out.problems.length < 20) out.problems.push(problem);
  }
  spans.sort((a, c) => a[0] - c[0] || a[1] - c[1]);
  let expected = 0;
  for (const [begin, end, name] of spans) {
    if (begin < expected) {
      out.problems.push(`tensor "${name}" overlaps the tensor before it`);
      break;
    }
    if (begin > expected) {
      out.problems.push(`the data has a gap before tensor "${name}"`);
      break;
    }
    expected = end;
  }
  if (out.problems.length === 0 && expected !== dataLength) {
    out.problems.push(`the tensors cover ${expected} bytes but the file holds ${dataLength} bytes of data`);
  }
  return out;
}

function checkTensor(name: string, info: unknown, dataLength: number, spans: Array<[number, number, string]>): string | undefined {
  if (typeof info !== 'object' || info === null || Array.isArray(info)) return `tensor "${name}" is not an object`;
  const { dtype, shape, data_offsets: offsets } = info as { dtype?: unknown; shape?: unknown; data_offsets?: unknown };
  if (typeof dtype !== 'string' || !(dtype in DTYPE_BITS)) return `tensor "${name}" has an unknown dtype ${JSON.stringify(dtype)}`;
  if (!Array.isArray(shape) || !shape.every((d) => Number.isSafeInteger(d) && d >= 0)) return `tensor "${name}" has an invalid shape`;
  if (!Array.isArray(offsets) || offsets.length !== 2 || !offsets.every((o) => Number.isSafeInteger(o) && o >= 0)) {
    return `tensor "${name}" has invalid data_offsets`;
  }
  const [begin, end] = offsets as [number, number];
  if (begin > end) return `tensor "${name}" ends before it begins`;
  if (end > dataLength) return `tensor "${name}" ends at byte ${end}, past the ${dataLength} bytes of data`;
  const bits = (shape as number[]).reduce((acc, d) => acc * d, 1) * DTYPE_BITS[dtype]!;
  if (bits / 8 !== end - begin) return `tensor "${name}" holds ${end - begin} bytes but its dtype and shape need ${bits / 8}`;
  spans.push([begin, end, name]);
  return undefined;
}
