/**
 * Source files as bytes and as text: decoding for analysis and, for `aisec fix`, encoding back to the
 * exact bytes. UTF-8 is the default (a byte-order mark is dropped from the text and kept in the
 * encoding); a Python file may declare another encoding with a PEP 263 coding cookie, and the three
 * single-byte encodings Python projects actually declare (Latin-1, CP1252, ASCII) are read and written
 * byte-exactly. Any other declared encoding is read as UTF-8 with a note, and never written.
 */
import type { FileKind } from '../engine/index';

/** The encodings AISec can both read and write back byte-exactly. */
export type Charset = 'utf-8' | 'latin-1' | 'cp1252' | 'ascii';

export interface SourceEncoding {
  charset: Charset;
  /** The file starts with a UTF-8 byte-order mark (not part of the text). */
  bom: boolean;
}

export interface DecodedSource {
  /** The text the engine analyses. */
  text: string;
  /** How to write the text back; undefined when the bytes cannot be written back exactly (see `problem`). */
  encoding?: SourceEncoding;
  /** Why the text is not exactly the file, completing "the file …" (invalid bytes, an unsupported encoding); undefined when it is. */
  problem?: string;
}

/**
 * Decodes a text file. Never throws: bytes that are not valid in the file's encoding become U+FFFD and
 * `problem` says so (the analysis still runs; a fix is refused).
 */
export function decodeSource(bytes: Uint8Array, kind: FileKind): DecodedSource {
  const bom = bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
  const declared = !bom && kind === 'python' ? codingCookie(bytes) : undefined;
  const charset = declared === undefined ? 'utf-8' : charsetOf(declared);
  if (charset === undefined) {
    return { text: lenientUtf8.decode(bytes), problem: `declares the encoding "${declared}" (PEP 263), which AISec does not support` };
  }
  const text = decodeAs(charset, bom ? bytes.subarray(3) : bytes);
  if (text === undefined) {
    const problem = charset === 'utf-8' ? 'is not valid UTF-8' : `is not valid ${declared} (the encoding its PEP 263 cookie declares)`;
    return { text: lenientUtf8.decode(bytes), problem };
  }
  return { text, encoding: { charset, bom } };
}

/** The bytes of `text` in `encoding`, or undefined when a character has no byte in that encoding. */
export function encodeSource(text: string, encoding: SourceEncoding): Uint8Array | undefined {
  const body = encodeAs(encoding.charset, text);
  if (!body || !encoding.bom) return body;
  const out = new Uint8Array(body.length + 3);
  out.set(UTF8_BOM, 0);
  out.set(body, 3);
  return out;
}

/** A short name for notes ("UTF-8 with a byte-order mark", "latin-1"). */
export function describeEncoding(encoding: SourceEncoding): string {
  return `${encoding.charset}${encoding.bom ? ' with a byte-order mark' : ''}`;
}

const UTF8_BOM = new Uint8Array([0xef, 0xbb, 0xbf]);
const strictUtf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
const lenientUtf8 = new TextDecoder('utf-8');

/**
 * The encoding a PEP 263 cookie names: a comment matching `coding[:=]\s*([-\w.]+)` on the first line, or on
 * the second when the first is a comment or blank (what CPython's tokenizer accepts).
 */
function codingCookie(bytes: Uint8Array): string | undefined {
  // The cookie must be ASCII, so reading the first two lines byte for byte is enough.
  const head = Buffer.from(bytes.subarray(0, Math.min(bytes.length, 1024))).toString('latin1');
  const lines = head.split(/\r\n|\r|\n/, 2);
  for (const [index, line] of lines.entries()) {
    const match = /^[ \t\f]*#.*?coding[:=][ \t]*([-\w.]+)/.exec(line ?? '');
    if (match) return match[1];
    if (index === 0 && !/^[ \t\f]*(?:#.*)?$/.test(line ?? '')) return undefined;
  }
  return undefined;
}

/** CPython's normalisation of the name (`get_normal_name`, then the codec aliases), for the encodings AISec writes. */
function charsetOf(declared: string): Charset | undefined {
  const name = declared.toLowerCase().replace(/_/g, '-');
  if (name === 'utf-8' || name.startsWith('utf-8-') || ['utf8', 'u8', 'utf', 'cp65001'].includes(name)) return 'utf-8';
  if (/^(?:latin-1|iso-8859-1|iso-latin-1)(?:-.*)?$/.test(name) || ['latin1', 'latin', 'l1', 'iso8859-1', '8859', 'cp819', 'iso-ir-100', 'csisolatin1'].includes(name)) return 'latin-1';
  if (['cp1252', 'windows-1252', '1252'].includes(name)) return 'cp1252';
  if (['ascii', 'us-ascii', '646', 'us', 'ansi-x3.4-1968', 'iso646-us', 'cp367', 'csascii'].includes(name)) return 'ascii';
  return undefined;
}

function decodeAs(charset: Charset, bytes: Uint8Array): string | undefined {
  if (charset === 'utf-8') {
    try {
      return strictUtf8.decode(bytes);
    } catch {
      return undefined;
    }
  }
  let text = '';
  for (let start = 0; start < bytes.length; start += CHUNK) {
    const chunk = bytes.subarray(start, Math.min(bytes.length, start + CHUNK));
    const codes: number[] = [];
    for (const byte of chunk) {
      const code = charset === 'cp1252' && byte >= 0x80 && byte < 0xa0 ? CP1252_HIGH[byte - 0x80]! : byte;
      // Python rejects these: ASCII above 0x7F, and the five bytes CP1252 leaves undefined.
      if ((charset === 'ascii' && byte > 0x7f) || code < 0) return undefined;
      codes.push(code);
    }
    text += String.fromCharCode(...codes);
  }
  return text;
}

function encodeAs(charset: Charset, text: string): Uint8Array | undefined {
  if (charset === 'utf-8') return new Uint8Array(Buffer.from(text, 'utf8'));
  const out = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    const byte = code < 0x80 || (charset !== 'ascii' && code >= 0xa0 && code <= 0xff) || (charset === 'latin-1' && code <= 0xff) ? code : charset === 'cp1252' ? CP1252_BYTES.get(code) : undefined;
    if (byte === undefined) return undefined;
    out[i] = byte;
  }
  return out;
}

/** Characters are built in chunks: `String.fromCharCode(...codes)` spreads its argument onto the stack. */
const CHUNK = 8192;

/** CP1252 bytes 0x80-0x9F as Unicode (Python's table); -1 where Python's codec has no character. */
const CP1252_HIGH: readonly number[] = [
  0x20ac, -1, 0x201a, 0x0192, 0x201e, 0x2026, 0x2020, 0x2021, 0x02c6, 0x2030, 0x0160, 0x2039, 0x0152, -1, 0x017d, -1,
  -1, 0x2018, 0x2019, 0x201c, 0x201d, 0x2022, 0x2013, 0x2014, 0x02dc, 0x2122, 0x0161, 0x203a, 0x0153, -1, 0x017e, 0x0178,
];
const CP1252_BYTES = new Map(CP1252_HIGH.flatMap((code, index) => (code < 0 ? [] : [[code, 0x80 + index] as const])));
