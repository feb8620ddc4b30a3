/**
 * A small writer of stored ZIP archives for the reader tests, with the knobs real writers turn: the
 * declared entry count (a 16-bit field that wraps), ZIP64 end records (PyTorch always writes them), data
 * before the archive and after it. CRCs are real, so Python's zipfile reads what this writes.
 */
import { crc32 } from 'node:zlib';

export interface ZipMember {
  name: string;
  data: Uint8Array;
}

export interface ZipWriteOptions {
  /** The count written into the end record; by default the real count modulo 65,536 (a wrapping writer). */
  declaredCount?: number;
  /** Writes a ZIP64 end record and locator before the end record, as PyTorch does. */
  zip64Records?: boolean;
  /** Bytes before the first local header (a self-extracting stub); offsets stay relative to the archive. */
  prefix?: Uint8Array;
  /** Bytes after the end record. */
  trailing?: Uint8Array;
}

export function writeStoredZip(members: readonly ZipMember[], options: ZipWriteOptions = {}): Uint8Array {
  const chunks: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  for (const member of members) {
    const name = Buffer.from(member.name, 'utf8');
    const crc = crc32(member.data);
    const size = member.data.length;
    const local = header(30, [[0, 32, 0x04034b50], [4, 16, 20], [6, 16, 0x800], [14, 32, crc], [18, 32, size], [22, 32, size], [26, 16, name.length]]);
    chunks.push(local, name, Buffer.from(member.data));
    const entry = header(46, [[0, 32, 0x02014b50], [4, 16, 20], [6, 16, 20], [8, 16, 0x800], [16, 32, crc], [20, 32, size], [24, 32, size], [28, 16, name.length], [42, 32, offset]]);
    central.push(entry, name);
    offset += 30 + name.length + member.data.length;
  }
  const directory = Buffer.concat(central);
  const count = options.declaredCount ?? members.length % 0x10000;
  const tail: Buffer[] = [];
  if (options.zip64Records) {
    tail.push(...zip64EndRecords(members.length, directory.length, offset));
  }
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(count, 8);
  end.writeUInt16LE(count, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  tail.push(end);
  return new Uint8Array(Buffer.concat([Buffer.from(options.prefix ?? []), ...chunks, directory, ...tail, Buffer.from(options.trailing ?? [])]));
}

/**
 * The ZIP64 end-of-central-directory record and its locator, for `entries` entries whose directory of
 * `directoryLength` bytes starts at `directoryOffset`; they go between the directory and the end record.
 */
export function zip64EndRecords(entries: number, directoryLength: number, directoryOffset: number): Buffer[] {
  const record = Buffer.alloc(56);
  record.writeUInt32LE(0x06064b50, 0);
  record.writeBigUInt64LE(44n, 4);
  record.writeUInt16LE(45, 12);
  record.writeUInt16LE(45, 14);
  record.writeBigUInt64LE(BigInt(entries), 24);
  record.writeBigUInt64LE(BigInt(entries), 32);
  record.writeBigUInt64LE(BigInt(directoryLength), 40);
  record.writeBigUInt64LE(BigInt(directoryOffset), 48);
  const locator = Buffer.alloc(20);
  locator.writeUInt32LE(0x07064b50, 0);
  locator.writeBigUInt64LE(BigInt(directoryOffset + directoryLength), 8);
  locator.writeUInt32LE(1, 16);
  return [record, locator];
}

/** A little-endian record of `size` bytes with the given (offset, bits, value) fields set. */
function header(size: number, fields: ReadonlyArray<readonly [number, 16 | 32, number]>): Buffer {
  const out = Buffer.alloc(size);
  for (const [at, bits, value] of fields) {
    if (bits === 16) out.writeUInt16LE(value, at);
    else out.writeUInt32LE(value, at);
  }
  return out;
}
