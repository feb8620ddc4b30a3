/**
 * Reads the entries of a ZIP archive held in memory (the OSV ecosystem exports, `<Ecosystem>/all.zip`)
 * with the engine's ZIP reader, the one that reads model archives: the central directory (ZIP64 included:
 * npm's export has several hundred thousand entries, so the model scanner's entry cap is lifted here) and
 * stored or deflated entries. A damaged directory, encryption and other compression methods are refused.
 */
import { readCentralDirectory } from '../engine/formats/zip-directory';
import { readEntry } from '../engine/formats/zip';

export interface ZipEntry {
  name: string;
  /** The entry's uncompressed bytes; throws for an entry that cannot be read whole. */
  read(): Buffer;
}

/** One OSV record is a few kilobytes; an entry larger than this is not a record. */
const MAX_ENTRY_BYTES = 64 * 1024 * 1024;

/** The archive's file entries (folders left out); throws with `where` and what is wrong for a broken archive. */
export function zipEntries(zip: Buffer, where: string): ZipEntry[] {
  const directory = readCentralDirectory(zip, { maxEntries: Number.POSITIVE_INFINITY });
  if (!directory) throw new Error(`${where} is not a ZIP archive (no end-of-central-directory record)`);
  if (directory.partialListing) throw new Error(`${where}: ${directory.problems.join('; ') || 'the central directory is damaged'}`);
  return directory.entries
    .filter((entry) => !entry.name.endsWith('/'))
    .map((entry) => ({
      name: entry.name,
      read: () => {
        const read = readEntry(zip, entry, MAX_ENTRY_BYTES);
        if (!read.complete) throw new Error(`${where}: ${entry.name}: ${read.problem ?? 'the entry cannot be read'}`);
        return Buffer.from(read.data.buffer, read.data.byteOffset, read.data.byteLength);
      },
    }));
}
