/**
 * Reads the entries of a ZIP archive held in memory (the OSV ecosystem exports, `<Ecosystem>/all.zip`):
 * the central directory, including its ZIP64 form (npm's export has several hundred thousand entries), and
 * stored or deflated entries. Encryption and other compression methods are refused by name.
 */
import { inflateRawSync } from 'node:zlib';

export interface ZipEntry {
  name: string;
  /** The entry's uncompressed bytes. */
  read(): Buffer;
}

const EOCD = 0x06054b50;
const ZIP64_LOCATOR = 0x07064b50;
const ZIP64_EOCD = 0x06064b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;

/** The archive's file entries (folders left out); throws with `where` and what is wrong for a broken archive. */
export function zipEntries(zip: Buffer, where: string): ZipEntry[] {
  const eocd = findEndOfCentralDirectory(zip);
  if (eocd < 0) throw new Error(`${where} is not a ZIP archive (no end-of-central-directory record)`);
  let count = zip.readUInt16LE(eocd + 10);
  let offset = zip.readUInt32LE(eocd + 16);
  if ((count === 0xffff || offset === 0xffffffff) && eocd >= 20 && zip.readUInt32LE(eocd - 20) === ZIP64_LOCATOR) {
    const record = Number(zip.readBigUInt64LE(eocd - 20 + 8));
    if (zip.readUInt32LE(record) !== ZIP64_EOCD) throw new Error(`${where}: the ZIP64 end-of-central-directory record is missing`);
    count = Number(zip.readBigUInt64LE(record + 32));
    offset = Number(zip.readBigUInt64LE(record + 48));
  }
  const entries: ZipEntry[] = [];
  let at = offset;
  for (let i = 0; i < count; i++) {
    if (at + 46 > zip.length || zip.readUInt32LE(at) !== CENTRAL) throw new Error(`${where}: central directory entry ${i + 1} of ${count} is damaged`);
    const flags = zip.readUInt16LE(at + 8);
    const method = zip.readUInt16LE(at + 10);
    let compressedSize = zip.readUInt32LE(at + 20);
    const nameLength = zip.readUInt16LE(at + 28);
    const extraLength = zip.readUInt16LE(at + 30);
    const commentLength = zip.readUInt16LE(at + 32);
    let localOffset = zip.readUInt32LE(at + 42);
    const name = zip.subarray(at + 46, at + 46 + nameLength).toString('utf8');
    // ZIP64 sizes and offsets live in the extra field (id 1), in this order, only for the fields that overflowed.
    const extra = zip.subarray(at + 46 + nameLength, at + 46 + nameLength + extraLength);
    for (let e = 0; e + 4 <= extra.length; ) {
      const id = extra.readUInt16LE(e);
      const size = extra.readUInt16LE(e + 2);
      if (id === 1) {
        let field = e + 4;
        if (zip.readUInt32LE(at + 24) === 0xffffffff) field += 8;
        if (compressedSize === 0xffffffff) {
          compressedSize = Number(extra.readBigUInt64LE(field));
          field += 8;
        }
        if (localOffset === 0xffffffff) localOffset = Number(extra.readBigUInt64LE(field));
      }
      e += 4 + size;
    }
    at += 46 + nameLength + extraLength + commentLength;
    if (name.endsWith('/')) continue;
    entries.push({
      name,
      read: () => {
        if (flags & 1) throw new Error(`${where}: ${name} is encrypted`);
        if (zip.readUInt32LE(localOffset) !== LOCAL) throw new Error(`${where}: ${name} has no local header`);
        const start = localOffset + 30 + zip.readUInt16LE(localOffset + 26) + zip.readUInt16LE(localOffset + 28);
        const data = zip.subarray(start, start + compressedSize);
        if (method === 0) return data;
        if (method === 8) return inflateRawSync(data);
        throw new Error(`${where}: ${name} uses compression method ${method} (only stored and deflate are read)`);
      },
    });
  }
  return entries;
}

function findEndOfCentralDirectory(zip: Buffer): number {
  // The record is 22 bytes plus a comment of at most 65,535 bytes at the end of the archive.
  for (let at = zip.length - 22; at >= Math.max(0, zip.length - 22 - 0xffff); at--) if (zip.readUInt32LE(at) === EOCD) return at;
  return -1;
}
