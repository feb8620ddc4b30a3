/** Base64url decoding to a Latin-1/ASCII string, for peeking into JWT headers (no `atob` in the engine's library). */
const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
const LOOKUP = new Map([...ALPHABET].map((c, i) => [c, i] as const).concat([['+', 62], ['/', 63]]));

/** Decodes base64url (or base64) text; undefined when a character is outside the alphabet. */
export function decodeBase64Url(text: string): string | undefined {
  let bits = 0;
  let buffer = 0;
  let out = '';
  for (const c of text.replace(/=+$/, '')) {
    const v = LOOKUP.get(c);
    if (v === undefined) return undefined;
    buffer = (buffer << 6) | v;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out += String.fromCharCode((buffer >> bits) & 0xff);
    }
  }
  return out;
}
