/**
 * The texts of the project's modules as the project passes of one host read them (`import-closure.ts`,
 * `file-writers.ts`, `command-callers.ts`, `taint-summaries.ts`): each file is read from disk and decoded once
 * while its size and modification time are unchanged, and every pass asks here instead of reading it again.
 * Each pass used to read on its own, and the callers' search read every code file once per function asked
 * about past its own budget: a scan of ML code read its 4,000 Python files about 18,000 times (a sixth of its
 * CPU time), for answers that need each text once.
 *
 * Texts are kept up to a budget of characters (a scan: the whole code of most projects; the language server
 * keeps less, since it lives long); past it, a file not kept is read again at each question, as before. Open
 * editor texts are not held here: the passes ask `openText` first.
 */
import { readDiskFile } from './safe-read';
import { decodeSource } from './source-encoding';
import type { FileKind } from '../engine/index';
import type { FileStates } from './file-states';

/** How a file's bytes are decoded (a Python coding cookie is honoured only for `python`). */
export type ProjectTextKind = FileKind;

export interface ProjectTexts {
  /**
   * The decoded text of `file`, or undefined when it cannot be read as a regular file of at most `maxBytes`
   * bytes (the default: the source cap of `safe-read.ts`).
   */
  textOf(file: string, kind: ProjectTextKind, maxBytes?: number): string | undefined;
}

interface Kept {
  size: number;
  mtimeMs: number;
  kind: ProjectTextKind;
  /** Undefined when the file could not be read. */
  text: string | undefined;
}

/** A scan's budget: 64 M characters hold the code of all but the largest monorepos. */
export const SCAN_KEPT_CHARS = 64 * 1024 * 1024;
/** The language server's budget, the one its callers' search had alone. */
export const LIVE_KEPT_CHARS = 16 * 1024 * 1024;

export function projectTexts(states: FileStates, maxKeptChars: number): ProjectTexts {
  const kept = new Map<string, Kept>();
  let keptChars = 0;
  return {
    textOf: (file, kind, maxBytes) => {
      const stamp = states.stampOf(file);
      if (!stamp || (maxBytes !== undefined && stamp.size > maxBytes)) return undefined;
      const known = kept.get(file);
      if (known && known.size === stamp.size && known.mtimeMs === stamp.mtimeMs && known.kind === kind) return known.text;
      const read = readDiskFile(file, { kind: 'source', ...(maxBytes !== undefined ? { maxBytes } : {}) });
      const text = read.ok ? decodeSource(read.bytes, kind).text : undefined;
      if (known) {
        kept.delete(file);
        keptChars -= known.text?.length ?? 0;
      }
      if (keptChars + (text?.length ?? 0) <= maxKeptChars) {
        kept.set(file, { size: stamp.size, mtimeMs: stamp.mtimeMs, kind, text });
        keptChars += text?.length ?? 0;
      }
      return text;
    },
  };
}
