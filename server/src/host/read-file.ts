/**
 * Reads one file for analysis and runs the engine on it: text files are decoded as UTF-8 or the encoding a
 * Python file declares (see `source-encoding.ts`; invalid bytes are replaced and the result says so), files
 * with NUL bytes in their first 8 KB are skipped as binary, and model files are handed to `analyzeBytes` as
 * their first `maxModelBytes` bytes. Reads go through `safe-read.ts`, so a FIFO, a device or a file that
 * outgrew its limit is skipped with the reason. Used by the
 * in-process scanner and by every worker thread, so both behave the same.
 */
import type { AnalysisResult, Engine, EngineConfig, EnginePorts, FileKind } from '../engine/index';
import { isBinaryFileKind } from '../engine/index';
import { DISK_READ_CAPS, readDiskFile } from './safe-read';
import { decodeSource } from './source-encoding';

/** What the scanner asks for one file; plain data, so it can cross to a worker thread. */
export interface FileJob {
  /** Sequence number in walk order. */
  id: number;
  /** Absolute path to read. */
  absolutePath: string;
  /** The path the engine and the report use (relative to the working folder, `/`-separated). */
  path: string;
  kind: FileKind;
  size: number;
  config: EngineConfig;
  maxModelBytes: number;
  /** Milliseconds the analysis of this file may take (parsing is cut and later rules skipped, with a note). */
  timeBudgetMs?: number;
}

/** The outcome for one file: a result, or the reason it was skipped. */
export interface FileOutcome {
  id: number;
  path: string;
  kind: FileKind;
  /** Bytes read (for throughput figures). */
  bytes: number;
  result?: AnalysisResult;
  skipped?: string;
  /** Set with `skipped` when the file exists but could not or would not be read (a special file, a read error). */
  refused?: boolean;
}

/** How many leading bytes are searched for NUL to decide that a file is binary (what git does). */
export const BINARY_SNIFF_BYTES = 8192;

/**
 * Reads and analyses one file. Never throws: I/O and engine failures become a skip reason or a note.
 * `contents`, when given, is analysed instead of what is on disk (`aisec fix` analyses the exact bytes
 * it is about to edit, and the fixed bytes before it writes them).
 */
export function analyzeFile(engine: Engine, job: FileJob, ports: EnginePorts, contents?: Uint8Array): FileOutcome {
  const base = { id: job.id, path: job.path, kind: job.kind };
  try {
    if (isBinaryFileKind(job.kind)) {
      // Given bytes (a staged model file or key store) are read as the disk would be: up to the model-file cap.
      const read = contents
        ? ({ ok: true, bytes: contents.subarray(0, job.maxModelBytes), fileSize: contents.length, truncated: contents.length > job.maxModelBytes } as const)
        : readDiskFile(job.absolutePath, { kind: 'model', maxBytes: job.maxModelBytes, prefix: true });
      if (!read.ok) return { ...base, bytes: 0, skipped: `not read: the file ${read.reason}`, ...(read.missing ? {} : { refused: true }) };
      const { bytes, fileSize } = read;
      const result = engine.analyzeBytes({ path: job.path, bytes, fileSize, config: job.config, ports });
      if (read.truncated) result.notes.push({ kind: 'partial', message: `only the first ${bytes.length} of ${fileSize} bytes were read (max-model-file-size)` });
      return { ...base, bytes: bytes.length, result };
    }
    // The walker measured the file against the size limit; a file that grew since is still read only up to the larger of the two.
    const read = contents ? ({ ok: true, bytes: contents } as const) : readDiskFile(job.absolutePath, { kind: 'source', maxBytes: Math.max(job.size, DISK_READ_CAPS.source) });
    if (!read.ok) return { ...base, bytes: 0, skipped: `not read: the file ${read.reason}`, ...(read.missing ? {} : { refused: true }) };
    const bytes = read.bytes;
    if (hasNulByte(bytes)) return { ...base, bytes: bytes.length, skipped: 'binary content (NUL bytes in the first 8 KB)' };
    const { text, problem } = decodeSource(bytes, job.kind);
    const result = engine.analyze({ path: job.path, text, config: job.config, ports, ...(job.timeBudgetMs ? { timeBudgetMs: job.timeBudgetMs } : {}) });
    if (problem) result.notes.push({ kind: 'partial', message: `the file ${problem}; it was read as UTF-8 with invalid bytes as U+FFFD` });
    return { ...base, bytes: bytes.length, result };
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return { ...base, bytes: 0, skipped: code ? `cannot be read (${code})` : `analysis failed: ${(error as Error).message}` };
  }
}

/** True when the first `BINARY_SNIFF_BYTES` bytes hold a NUL byte. */
export function hasNulByte(bytes: Uint8Array): boolean {
  const end = Math.min(bytes.length, BINARY_SNIFF_BYTES);
  for (let i = 0; i < end; i += 1) if (bytes[i] === 0) return true;
  return false;
}
