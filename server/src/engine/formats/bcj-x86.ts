/**
 * The x86 branch filter (BCJ) of 7z and xz, decoding direction, after `x86_Convert` of the LZMA SDK: before
 * compression the encoder turned the relative targets of `E8`/`E9` (CALL/JMP) instructions into absolute
 * ones; this turns them back in place. py7zr and 7-Zip apply it to files they take for executables, and
 * picklescan's malicious `.7z` test file is LZMA2 behind this filter.
 */

/** True for the most significant byte of a plausible near target: 0x00 or 0xFF. */
function isNearTargetByte(b: number): boolean {
  return ((b + 1) & 0xfe) === 0;
}

/** Decodes `data` in place as one whole stream starting at address 0. */
export function decodeBcjX86(data: Uint8Array): void {
  if (data.length < 5) return;
  const limit = data.length - 4;
  let mask = 0;
  let pos = 0;
  for (;;) {
    let p = pos;
    while (p < limit && (data[p]! & 0xfe) !== 0xe8) p++;
    const skipped = p - pos;
    pos = p;
    if (p >= limit) return;
    if (skipped > 2) {
      mask = 0;
    } else {
      mask >>>= skipped;
      if (mask !== 0 && (mask > 4 || mask === 3 || isNearTargetByte(data[p + (mask >>> 1) + 1]!))) {
        mask = (mask >>> 1) | 4;
        pos++;
        continue;
      }
    }
    if (!isNearTargetByte(data[p + 4]!)) {
      mask = (mask >>> 1) | 4;
      pos++;
      continue;
    }
    let value = (data[p + 4]! << 24 | data[p + 3]! << 16 | data[p + 2]! << 8 | data[p + 1]!) >>> 0;
    const address = (pos + 5) >>> 0;
    pos += 5;
    value = (value - address) >>> 0;
    if (mask !== 0) {
      const shift = (mask & 6) << 2;
      if (isNearTargetByte((value >>> shift) & 0xff)) {
        value = ((value ^ (((0x100 << shift) >>> 0) - 1)) >>> 0);
        value = (value - address) >>> 0;
      }
      mask = 0;
    }
    data[p + 1] = value & 0xff;
    data[p + 2] = (value >>> 8) & 0xff;
    data[p + 3] = (value >>> 16) & 0xff;
    data[p + 4] = (0 - ((value >>> 24) & 1)) & 0xff;
  }
}
