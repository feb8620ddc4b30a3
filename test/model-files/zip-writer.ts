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
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(0x800, 6);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(member.data.length, 18);
    local.writeUInt32LE(member.data.length, 22);
    local.writeUInt16LE(name.length, 26);
    chunks.push(local, name, Buffer.from(member.data));
    const entry = Buffer.alloc(46);
    entry.writeUInt32LE(0x02014b50, 0);
    entry.writeUInt16LE(20, 4);
    entry.writeUInt16LE(20, 6);
    entry.writeUInt16LE(0x800, 8);
    entry.writeUInt32LE(crc, 16);
    entry.writeUInt32LE(member.data.length, 20);
    entry.writeUInt32LE(member.data.length, 24);
    entry.writeUInt16LE(name.length, 28);
    entry.writeUInt32LE(offset, 42);
    central.push(entry, name);
    offset += 30 + name.length + member.data.length;
  }
  const directory = Buffer.concat(central);
  const count = options.declaredCount ?? members.length % 0x10000;
  const tail: Buffer[] = [];
  if (options.zip64Records) {
    const record = Buffer.alloc(56);
    record.writeUInt32LE(0x06064b50, 0);
    record.writeBigUInt64LE(44n, 4);
    record.writeUInt16LE(45, 12);
    record.writeUInt16LE(45, 14);
    record.writeBigUInt64LE(BigInt(members.length), 24);
    record.writeBigUInt64LE(BigInt(members.length), 32);
    record.writeBigUInt64LE(BigInt(directory.length), 40);
    record.writeBigUInt64LE(BigInt(offset), 48);
    const locator = Buffer.alloc(20);
    locator.writeUInt32LE(0x07064b50, 0);
    locator.writeBigUInt64LE(BigInt(offset + directory.length), 8);
    locator.writeUInt32LE(1, 16);
    tail.push(record, locator);
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
