/**
 * Reads the header and metadata of a GGUF file (llama.cpp weights) as the spec lays them out: the magic
 * `GGUF`, a u32 version, u64 tensor and key-value counts, then typed key-value pairs. Only the metadata
 * matters for safety: tensors are inert, but `tokenizer.chat_template` (and its named variants) is a
 * Jinja program that llama-cpp-python once rendered outside a sandbox (CVE-2024-34359).
 *
 * Every length is bounded by the bytes that remain, arrays by a count and nesting budget, so a hostile
 * header costs linear time and no allocation beyond the strings it really holds.
 */
import { hasBytes, u32le, utf8 } from './bytes';

export interface GgufMetadata {
  version: number;
  bigEndian: boolean;
  tensorCount: bigint;
  kvCount: bigint;
  /** Keys read, in order (at most MAX_KEYS). */
  keys: string[];
  /** String values of the template keys (`tokenizer.chat_template`, `tokenizer.chat_template.<name>`). */
  templates: Array<{ key: string; text: string; offset: number }>;
  /** String values of the `general.*` keys (`general.license`, `general.name`, `general.architecture`), for the AI inventory and licence policy. */
  general: Record<string, string>;
  /** Why reading stopped early, if it did. */
  problem?: string;
  /** True when the bytes ran out before the metadata did (a prefix of a larger file, or truncation). */
  cut: boolean;
}

const MAX_KEYS = 100_000;
/** The descriptive keys kept as text; their values are bounded, since a file can make them any length. */
const GENERAL_KEYS = new Set(['general.license', 'general.license.name', 'general.license.link', 'general.name', 'general.architecture', 'general.basename', 'general.version', 'general.organization', 'general.url', 'general.repo_url', 'general.source.url', 'general.source.huggingface.repository']);
const MAX_GENERAL_VALUE = 4096;
const MAX_KEY_BYTES = 65_535;
const MAX_ARRAY_DEPTH = 8;
/** Array elements walked per file, all arrays together; token lists of large vocabularies hold ~256k strings. */
const MAX_ARRAY_ELEMENTS = 4_000_000;

const FIXED_SIZES: Record<number, number> = { 0: 1, 1: 1, 2: 2, 3: 2, 4: 4, 5: 4, 6: 4, 7: 1, 10: 8, 11: 8, 12: 8 };
const STRING = 8;
const ARRAY = 9;

export function looksLikeGguf(b: Uint8Array): boolean {
  return hasBytes(b, 0, [0x47, 0x47, 0x55, 0x46]);
}

class Cut extends Error {}

export function readGgufMetadata(b: Uint8Array): GgufMetadata {
  const view = new DataView(b.buffer, b.byteOffset, b.byteLength);
  const rawVersion = b.length >= 8 ? u32le(b, 4) : 0;
  // The spec cannot tell a big-endian file from its header; a byte-swapped small version number can.
  const bigEndian = rawVersion > 0xffff && view.getUint32(4, false) <= 0xffff;
  const little = !bigEndian;
  const out: GgufMetadata = { version: bigEndian ? view.getUint32(4, false) : rawVersion, bigEndian, tensorCount: 0n, kvCount: 0n, keys: [], templates: [], general: {}, cut: false };
  let pos = 8;
  let elements = 0;
  const need = (n: number | bigint): number => {
    if (BigInt(pos) + BigInt(n) > BigInt(b.length)) throw new Cut();
    return Number(n);
  };
  const u32 = (): number => {
    need(4);
    const v = view.getUint32(pos, little);
    pos += 4;
    return v;
  };
  const u64 = (): bigint => {
    need(8);
    const v = view.getBigUint64(pos, little);
    pos += 8;
    return v;
  };
  // Version 1 used 32-bit counts and lengths; versions 2 and 3 use 64-bit ones.
  const count = (): bigint => (out.version === 1 ? BigInt(u32()) : u64());
  const bytesOf = (length: bigint): string => {
    const n = need(length);
    pos += n;
    return utf8(b, pos - n, pos);
  };
  const skipValue = (type: number, depth: number): void => {
    if (type === STRING) {
      const length = need(count());
      pos += length;
      return;
    }
    if (type === ARRAY) {
      if (depth >= MAX_ARRAY_DEPTH) throw new Error(`arrays nested more than ${MAX_ARRAY_DEPTH} levels deep`);
      const inner = u32();
      const n = count();
      const fixed = FIXED_SIZES[inner];
      if (fixed !== undefined) {
        pos += need(n * BigInt(fixed));
        return;
      }
      if (inner !== STRING && inner !== ARRAY) throw new Error(`unknown array element type ${inner}`);
      if (n > BigInt(b.length - pos)) throw new Cut();
      for (let i = 0n; i < n; i++) {
        if (++elements > MAX_ARRAY_ELEMENTS) throw new Error(`more than ${MAX_ARRAY_ELEMENTS} array elements`);
        skipValue(inner, depth + 1);
      }
      return;
    }
    const fixed = FIXED_SIZES[type];
    if (fixed === undefined) throw new Error(`unknown value type ${type}`);
    pos += need(fixed);
  };
  try {
    if (out.version < 1 || out.version > 3) throw new Error(`unsupported GGUF version ${out.version}`);
    out.tensorCount = count();
    out.kvCount = count();
    for (let i = 0n; i < out.kvCount; i++) {
      if (out.keys.length >= MAX_KEYS) throw new Error(`more than ${MAX_KEYS} metadata keys`);
      const keyLength = count();
      if (keyLength > BigInt(MAX_KEY_BYTES)) throw new Error(`a metadata key is ${keyLength} bytes long (the limit is ${MAX_KEY_BYTES})`);
      const key = bytesOf(keyLength);
      out.keys.push(key);
      const type = u32();
      const valueOffset = pos;
      if (type === STRING && isTemplateKey(key)) out.templates.push({ key, text: bytesOf(count()), offset: valueOffset });
      else if (type === STRING && GENERAL_KEYS.has(key)) out.general[key.slice('general.'.length)] = bytesOf(count()).slice(0, MAX_GENERAL_VALUE);
      else skipValue(type, 0);
    }
  } catch (e) {
    if (e instanceof Cut) out.cut = true;
    else out.problem = e instanceof Error ? e.message : String(e);
  }
  return out;
}

/** Keys whose string value is a Jinja chat template: the default one and the named variants (`tool_use`, …). */
export function isTemplateKey(key: string): boolean {
  return key === 'tokenizer.chat_template' || key.startsWith('tokenizer.chat_template.');
}
