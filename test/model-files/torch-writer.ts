/**
 * Writes archives the way `torch.save` 2.x does (PyTorchStreamWriter over miniz), byte for byte in the
 * parts a reader depends on: every member stored with general-purpose flags 0x0808 (data descriptor, UTF-8
 * name), CRC and sizes zero in the local header and real only in the data descriptor and the central
 * directory, an `FB` extra field padding each member's data to a 64-byte boundary, and a ZIP64 end record
 * with its locator before the classic end record.
 */
import { crc32 } from 'node:zlib';
import { zip64EndRecords } from './zip-writer';

export interface TorchMember {
  name: string;
  data: Uint8Array;
}

const ALIGNMENT = 64;

export function writeTorchArchive(members: readonly TorchMember[]): Uint8Array {
  const chunks: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  for (const member of members) {
    const name = Buffer.from(member.name, 'utf8');
    const crc = crc32(member.data);
    const size = member.data.length;
    // The padding extra field: tag "FB", a length, then filler so that the data starts aligned.
    const unpadded = offset + 30 + name.length + 4;
    const fill = (ALIGNMENT - (unpadded % ALIGNMENT)) % ALIGNMENT;
    const extra = Buffer.alloc(4 + fill, 0x5a);
    extra.writeUInt16LE(0x4246, 0);
    extra.writeUInt16LE(fill, 2);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(0x0808, 6);
    local.writeUInt16LE(name.length, 26);
    local.writeUInt16LE(extra.length, 28);
    const descriptor = Buffer.alloc(16);
    descriptor.writeUInt32LE(0x08074b50, 0);
    descriptor.writeUInt32LE(crc, 4);
    descriptor.writeUInt32LE(size, 8);
    descriptor.writeUInt32LE(size, 12);
    chunks.push(local, name, extra, Buffer.from(member.data), descriptor);
    const entry = Buffer.alloc(46);
    entry.writeUInt32LE(0x02014b50, 0);
    entry.writeUInt16LE(20, 4);
    entry.writeUInt16LE(20, 6);
    entry.writeUInt16LE(0x0808, 8);
    entry.writeUInt32LE(crc, 16);
    entry.writeUInt32LE(size, 20);
    entry.writeUInt32LE(size, 24);
    entry.writeUInt16LE(name.length, 28);
    entry.writeUInt32LE(offset, 42);
    central.push(entry, name);
    offset += 30 + name.length + extra.length + size + descriptor.length;
  }
  const directory = Buffer.concat(central);
  const [record, locator] = zip64EndRecords(members.length, directory.length, offset);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(members.length, 8);
  end.writeUInt16LE(members.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return new Uint8Array(Buffer.concat([...chunks, directory, record, locator, end]));
}
