/**
 * Values decoded out of a container (base64 in a Kubernetes Secret, a kubeconfig or a registry `auth` entry),
 * collected and scanned as one text, each candidate moved back onto the encoded value it came from.
 */
import type { Candidate } from './candidate';
import { scanText } from './scanner';

/** The end of a container's message: a reader may think an encoded value is hidden. */
export const NOT_ENCRYPTION = '; base64 is not encryption';

/**
 * Decoded values waiting to be scanned: all of a container's values are scanned as one text (one value per
 * paragraph), so a manifest with thousands of entries costs one scan, and each candidate is moved onto the encoded
 * value its paragraph came from. A single-line value is written `key: value`, so a bare password is judged by the
 * generic reader under the entry's own name.
 */
export class DecodedValues {
  private text = '';
  private readonly values: { from: number; key: string; start: number; end: number; container: string }[] = [];

  add(key: string, decoded: string, start: number, end: number, container: string): void {
    this.values.push({ from: this.text.length, key, start, end, container });
    this.text += `${decoded.includes('\n') ? decoded : `${key}: ${decoded}`}\n\n`;
  }

  candidates(): Candidate[] {
    if (this.values.length === 0) return [];
    const found: Candidate[] = [];
    let index = 0;
    for (const candidate of scanText(this.text, 'text')) {
      if (candidate.tier === 0) continue;
      while (index + 1 < this.values.length && this.values[index + 1]!.from <= candidate.start) index += 1;
      const { key, start, end, container } = this.values[index]!;
      // The quote offset belongs to the decoded text; in code the syntax tree is asked about the encoded value instead.
      const { quoteStart: _decodedQuote, ...moved } = candidate;
      found.push({ ...moved, start, end, container, ...(candidate.bindingName ? {} : { bindingName: key }) });
    }
    return found;
  }
}

/** Decoded text that is a value, not binary data (a DER key or a compressed blob is judged by its own rules). */
export function isPrintable(text: string): boolean {
  if (text.length === 0) return false;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x09 || (code > 0x0d && code < 0x20) || (code >= 0x7f && code < 0xa0)) return false;
  }
  return true;
}
