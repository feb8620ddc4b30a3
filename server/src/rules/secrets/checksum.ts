/**
 * Offline checksums that some providers build into their tokens. GitHub (`ghp_`, `gho_`, `ghu_`, `ghs_`,
 * `ghr_`) and npm (`npm_`) tokens end in six base62 characters that encode a CRC32 of the 30 random
 * characters before them (GitHub engineering blog, 2021-04-05; npm announcement, 2021-09-23). A string
 * of the right shape whose checksum fails was not issued by the provider (a placeholder, a hand-edited
 * example or a truncated copy), so it is not reported.
 */

const CRC_TABLE: Uint32Array = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

/** The CRC32 (IEEE, as in zlib) of an ASCII string. */
export function crc32(text: string): number {
  let crc = 0xffffffff;
  for (let i = 0; i < text.length; i++) crc = (crc >>> 8) ^ CRC_TABLE[(crc ^ text.charCodeAt(i)) & 0xff]!;
  return (crc ^ 0xffffffff) >>> 0;
}

/** Digits first, then upper case (the usual order), and digits, lower, upper (Go's big.Int order, which one public reimplementation reports for GitHub). */
const BASE62_ALPHABETS = [
  '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz',
  '0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ',
] as const;

/** `value` in base62 over `alphabet`, left-padded with the zero digit to `width`. */
export function base62(value: number, width: number, alphabet: string = BASE62_ALPHABETS[0]): string {
  let out = '';
  let rest = value;
  while (rest > 0) {
    out = alphabet[rest % 62]! + out;
    rest = Math.floor(rest / 62);
  }
  return out.padStart(width, alphabet[0]);
}

/**
 * Whether a `<3 letters>_<30 random><6 checksum>` token (GitHub classic formats and npm) carries a valid
 * CRC32 checksum in either base62 alphabet order.
 */
export function isGitHubChecksumValid(token: string): boolean {
  const body = token.slice(4);
  if (body.length !== 36) return false;
  const crc = crc32(body.slice(0, 30));
  const checksum = body.slice(30);
  return BASE62_ALPHABETS.some((alphabet) => base62(crc, 6, alphabet) === checksum);
}
