/**
 * A fast non-cryptographic 64-bit hash (FNV-1a over UTF-16 code units), printed as 16 hex digits.
 * Used for fingerprints of non-secret content; secrets are hashed with a keyed cryptographic hash by
 * their own family before they reach a fingerprint.
 */
export function fnv1a64(text: string): string {
  let h1 = 0x811c9dc5 >>> 0;
  let h2 = 0xcbf29ce4 >>> 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 0x01000193) >>> 0;
    h2 = Math.imul(h2 ^ c ^ (h1 >>> 7), 0x01000193) >>> 0;
  }
  return h1.toString(16).padStart(8, '0') + h2.toString(16).padStart(8, '0');
}
