/**
 * Bounded decompression (raw DEFLATE, zlib, gzip) over fflate's streaming decoders. The compressed input
 * is pushed in small chunks and decoding stops as soon as the output reaches `maxOutput`, so a zip bomb
 * costs at most about `maxOutput` plus one chunk's worth of expansion (DEFLATE expands at most ~1032:1),
 * never the declared or real decompressed size.
 */
import { Gunzip, Inflate, Unzlib } from 'fflate';

export type Wrapper = 'raw' | 'zlib' | 'gzip';

export interface InflateResult {
  data: Uint8Array;
  /** True when the stream ended properly within the limit. */
  complete: boolean;
  /** Set when decoding stopped because the output reached the limit. */
  exceeded: boolean;
  /** Set when the stream is corrupt or ends early. */
  error?: string;
  /** Compressed bytes handed to the decoder (an upper bound of what it used); output/consumed is the expansion ratio. */
  consumed: number;
}

/** Largest input chunk: one push then expands to at most ~16 MB. */
const MAX_CHUNK = 16 * 1024;
/** DEFLATE's best case is about 1032:1, so chunks of maxOutput/1032 overshoot the limit by at most one chunk's output. */
const MAX_RATIO = 1032;

export function inflateBounded(input: Uint8Array, maxOutput: number, wrapper: Wrapper = 'raw'): InflateResult {
  const chunks: Uint8Array[] = [];
  let total = 0;
  let ended = false;
  let exceeded = false;
  const onData = (chunk: Uint8Array, final: boolean): void => {
    if (exceeded) return;
    const room = maxOutput - total;
    if (chunk.length > room) {
      if (room > 0) chunks.push(chunk.subarray(0, room));
      total = maxOutput;
      exceeded = true;
      return;
    }
    if (chunk.length > 0) {
      chunks.push(chunk);
      total += chunk.length;
    }
    if (final) ended = true;
  };
  const stream = wrapper === 'zlib' ? new Unzlib(onData) : wrapper === 'gzip' ? new Gunzip(onData) : new Inflate(onData);
  let error: string | undefined;
  let consumed = 0;
  const chunk = Math.max(512, Math.min(MAX_CHUNK, Math.floor(maxOutput / MAX_RATIO)));
  try {
    for (let at = 0; at < input.length && !exceeded && !ended; at += chunk) {
      const end = Math.min(input.length, at + chunk);
      consumed = end;
      stream.push(input.subarray(at, end), end === input.length);
    }
    if (input.length === 0) stream.push(new Uint8Array(0), true);
  } catch (e) {
    error = e instanceof Error ? e.message : String(e);
  }
  if (!ended && !exceeded && !error) error = 'the compressed data ends early';
  return { data: concat(chunks, total), complete: ended && !exceeded && !error, exceeded, consumed, ...(error ? { error } : {}) };
}

function concat(chunks: Uint8Array[], total: number): Uint8Array {
  if (chunks.length === 1) return chunks[0]!;
  const out = new Uint8Array(total);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  return out;
}
