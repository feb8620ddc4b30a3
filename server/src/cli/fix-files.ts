/**
 * The file access of `aisec fix`, in one place: it reads each file once as bytes (through `safe-read.ts`, so a
 * FIFO or device is refused without blocking), keeps those bytes as the
 * snapshot its edits are computed on, and writes back only over that snapshot (compared byte for byte just
 * before the atomic rename), in the file's own encoding, byte-order mark and line breaks.
 */
import type { FileKind } from '../engine/index';
import { FileWriteRefused, writeFileAtomically } from '../host/atomic-write';
import { readDiskFile } from '../host/safe-read';
import { decodeSource, encodeSource, type SourceEncoding } from '../host/source-encoding';

/** A file's bytes as read, and the text the edits apply to. */
export interface Snapshot {
  bytes: Uint8Array;
  text: string;
  encoding: SourceEncoding;
}

/** A snapshot of a source file, or why it cannot be fixed (unreadable, or not writable back byte-exactly). */
export function readSourceSnapshot(absolutePath: string, kind: FileKind): Snapshot | { refused: string } {
  const bytes = readBytes(absolutePath);
  if ('refused' in bytes) return bytes;
  const decoded = decodeSource(bytes, kind);
  if (!decoded.encoding) return { refused: `the file ${decoded.problem ?? 'cannot be decoded'}, so AISec cannot write it back byte-exactly; nothing was written` };
  const again = encodeSource(decoded.text, decoded.encoding);
  if (!again || !sameBytes(again, bytes)) return { refused: `the file does not survive decoding and encoding as ${decoded.encoding.charset} unchanged; nothing was written` };
  return { bytes, text: decoded.text, encoding: decoded.encoding };
}

/**
 * A snapshot of another file a fix edits (`.env`, `.gitignore`, a manifest): undefined when it does not
 * exist. These are read as UTF-8 with a byte-order mark kept as U+FEFF in the text, as project facts read
 * manifests, so the ranges of dependency edits refer to the same text.
 */
export function readOtherSnapshot(absolutePath: string): Snapshot | undefined | { refused: string } {
  const bytes = readBytes(absolutePath);
  if ('refused' in bytes) return bytes.missing ? undefined : bytes;
  try {
    return { bytes, text: strictUtf8KeepingBom.decode(bytes), encoding: { charset: 'utf-8', bom: false } };
  } catch {
    return { refused: 'it is not valid UTF-8, so AISec cannot write it back byte-exactly' };
  }
}

/** The bytes of `text` in the snapshot's encoding, or undefined when a character has no byte there. */
export function encodeLike(snapshot: Pick<Snapshot, 'encoding'>, text: string): Uint8Array | undefined {
  return encodeSource(text, snapshot.encoding);
}

/**
 * Writes `bytes` over the file when it still holds exactly `snapshot` (or still does not exist, when
 * `snapshot` is undefined). Returns undefined on success, else the reason completing "… was not written:".
 */
export function writeOver(absolutePath: string, snapshot: Snapshot | undefined, bytes: Uint8Array, createMode?: number): string | undefined {
  try {
    writeFileAtomically(absolutePath, bytes, {
      unchanged: () => {
        const now = readBytes(absolutePath);
        return snapshot === undefined ? 'refused' in now && now.missing === true : !('refused' in now) && sameBytes(now, snapshot.bytes);
      },
      ...(createMode !== undefined ? { createMode } : {}),
    });
    return undefined;
  } catch (error) {
    if (error instanceof FileWriteRefused) return `the file ${error.reason}`;
    return `it cannot be written (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`;
  }
}

const strictUtf8KeepingBom = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/** A regular file's bytes, or why they cannot be read (a FIFO or device is refused without blocking). */
function readBytes(absolutePath: string): Uint8Array | { refused: string; missing?: boolean } {
  const read = readDiskFile(absolutePath, { kind: 'source' });
  if (read.ok) return read.bytes;
  return { refused: `it ${read.reason}`, ...(read.missing ? { missing: true } : {}) };
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return Buffer.from(a.buffer, a.byteOffset, a.byteLength).equals(b);
}
