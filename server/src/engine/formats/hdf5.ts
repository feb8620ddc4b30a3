/**
 * Finds the Keras `model_config` JSON inside an HDF5 (`.h5`) file without an HDF5 library.
 *
 * This is a heuristic, stated plainly: the scanner does not parse HDF5 structures (superblock, object
 * headers, B-trees, heaps). Keras stores the config as a string attribute; h5py writes it either inline in
 * the root group's object header or in a global heap collection, and in both cases the JSON text is one
 * contiguous run of bytes. The scanner looks for the `model_config` attribute name and for JSON objects
 * that start with `{"class_name"`, extracts the balanced JSON text and parses it. A config stored in a way
 * that splits or compresses the text (never done by Keras, possible by hand) is not found; the scan then
 * says so (the attribute name is present but no config could be read) instead of calling the file clean.
 */
import { hasBytes, indexOfAscii, latin1 } from './bytes';
import { strFromU8 } from 'fflate';

export const HDF5_MAGIC = [0x89, 0x48, 0x44, 0x46, 0x0d, 0x0a, 0x1a, 0x0a] as const;

export interface Hdf5ConfigSearch {
  /** The parsed config JSON objects (normally one: the model config), with their offsets in the bytes. */
  configs: Array<{ config: unknown; offset: number }>;
  /** True when the `model_config` attribute name occurs in the bytes. */
  hasModelConfigName: boolean;
  /** Candidate JSON texts that failed to parse (damaged or cut off); their layers were not checked. */
  unreadable: number;
}

/** HDF5 allows a user block before the superblock: the signature may sit at 0, 512, 1024, 2048, … */
export function looksLikeHdf5(b: Uint8Array): boolean {
  for (let at = 0; at < Math.min(b.length, 1 << 20); at = at === 0 ? 512 : at * 2) {
    if (hasBytes(b, at, HDF5_MAGIC)) return true;
  }
  return false;
}

const MAX_CANDIDATES = 64;
const MAX_CONFIG_BYTES = 64 * 1024 * 1024;

export function findKerasModelConfig(b: Uint8Array): Hdf5ConfigSearch {
  const out: Hdf5ConfigSearch = { configs: [], hasModelConfigName: indexOfAscii(b, 'model_config') !== -1, unreadable: 0 };
  let candidates = 0;
  for (let at = indexOfAscii(b, '{"class_name"'); at !== -1 && candidates < MAX_CANDIDATES; at = indexOfAscii(b, '{"class_name"', at + 1)) {
    candidates++;
    const end = balancedJsonEnd(b, at);
    if (end === -1) {
      out.unreadable++;
      continue;
    }
    try {
      out.configs.push({ config: JSON.parse(strFromU8(b.subarray(at, end))) as unknown, offset: at });
      // Objects nested in this config are part of it; continue after it.
      at = end - 1;
    } catch {
      out.unreadable++;
    }
  }
  return out;
}

/** Returns the offset just after the JSON object starting at `start`, or -1 if it does not close. */
function balancedJsonEnd(b: Uint8Array, start: number): number {
  let depth = 0;
  let inString = false;
  const limit = Math.min(b.length, start + MAX_CONFIG_BYTES);
  for (let i = start; i < limit; i++) {
    const c = b[i]!;
    if (inString) {
      if (c === 0x5c) i++;
      else if (c === 0x22) inString = false;
      continue;
    }
    if (c === 0x22) inString = true;
    else if (c === 0x7b || c === 0x5b) depth++;
    else if (c === 0x7d || c === 0x5d) {
      depth--;
      if (depth === 0) return i + 1;
    } else if (c === 0 || c < 0x09) return -1;
  }
  return -1;
}

/** A short printable preview of bytes (for the report). */
export function previewAscii(b: Uint8Array, start: number, length: number): string {
  return latin1(b, start, Math.min(b.length, start + length)).replace(/[^\x20-\x7e]/g, '.');
}
