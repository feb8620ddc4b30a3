/** A Java KeyStore (version 2) whose one entry is a private key, with random-looking key bytes. */
export function javaKeystoreBytes(): Buffer {
  const alias = Buffer.from('release');
  const key = Buffer.from(Array.from({ length: 600 }, (_, i) => (i * 73 + 41) % 256));
  const header = Buffer.alloc(12 + 4 + 2);
  header.writeUInt32BE(0xfeedfeed, 0);
  header.writeUInt32BE(2, 4);
  header.writeUInt32BE(1, 8);
  header.writeUInt32BE(1, 12);
  header.writeUInt16BE(alias.length, 16);
  const length = Buffer.alloc(4);
  length.writeUInt32BE(key.length, 0);
  return Buffer.concat([header, alias, Buffer.alloc(8), length, key]);
}
