/**
 * The fuzzer's mutations. Input number `index` of a run with seed `seed` is a pure function of the two
 * (`fuzzInput`), so any input a run reports can be rebuilt alone from its seed and index.
 *
 * Text inputs are mutated as strings (so lone surrogates, NUL and BOMs survive, as they can in an editor
 * buffer) and, for byte flips, as their UTF-8 bytes decoded the way hosts decode files. Model files are
 * mutated as bytes.
 */
import { random } from '../helpers/incremental-edits';
import { FUZZ_KINDS, type FuzzKind, type Seed } from './seeds';

export interface FuzzInput {
  index: number;
  kind: FuzzKind;
  /** The seed the input was mutated from (and the seed spliced into it, if any). */
  seedName: string;
  /** The path the engine sees: a folder of its own per input and the seed's base name. */
  path: string;
  /** The mutations applied, in order, for the report. */
  mutations: string[];
  /** Text inputs: the mutated text and the seed's text (the document's text before the edit). */
  text?: string;
  seedText?: string;
  /** Model files: the mutated bytes. */
  bytes?: Uint8Array;
}

export interface MutationOptions {
  /** Large inputs grow by repetition and insertion up to this many characters or bytes. */
  maxSize: number;
  /** The others grow up to this size beyond their seed's, so that most inputs take milliseconds. */
  smallGrowth: number;
  /** The share of large inputs. */
  largeShare: number;
}

export const DEFAULT_MUTATION_OPTIONS: MutationOptions = { maxSize: 256 * 1024, smallGrowth: 4 * 1024, largeShare: 0.04 };

/** The size one input may grow to. */
interface SizeLimit {
  maxSize: number;
}

const decoder = new TextDecoder('utf-8');
const encoder = new TextEncoder();

/**
 * Input `index` of the run with `seed`. Kinds take turns (so a rare kind, such as configuration files, gets
 * as many inputs as Python) and each kind cycles through its seeds.
 */
export function fuzzInput(seeds: readonly Seed[], seed: number, index: number, options: MutationOptions = DEFAULT_MUTATION_OPTIONS): FuzzInput {
  const rnd = random(mix(seed, index));
  const kinds = FUZZ_KINDS.filter((k) => seeds.some((s) => s.kind === k));
  const kind = kinds[index % kinds.length]!;
  const ofKind = seeds.filter((s) => s.kind === kind);
  const base = ofKind[Math.floor(index / kinds.length) % ofKind.length]!;
  const mutations: string[] = [];
  const path = `/fuzz/${index}/${base.baseName}`;
  const rounds = 1 + Math.floor(rnd() * 3);
  const large = rnd() < options.largeShare;
  const limits: SizeLimit = { maxSize: large ? options.maxSize : Math.min(options.maxSize, base.bytes.length + options.smallGrowth) };
  if (large) mutations.push(`large (up to ${limits.maxSize})`);
  if (base.kind === 'model') {
    let bytes = base.bytes;
    for (let r = 0; r < rounds; r++) bytes = mutateBytes(bytes, seeds, base.kind, rnd, limits, mutations);
    return { index, kind: base.kind, seedName: base.name, path, mutations, bytes };
  }
  const seedText = decoder.decode(base.bytes);
  let text = seedText;
  for (let r = 0; r < rounds; r++) text = mutateText(text, seeds, base.kind, rnd, limits, mutations);
  return { index, kind: base.kind, seedName: base.name, path, mutations, text, seedText };
}

/** One hostile token for text at a random place (exported for the document-edit mode). */
export function hostileToken(rnd: () => number, kind: FuzzKind): { token: string; name: string } {
  const depth = pick(rnd, [8, 64, 500, 2000, 5000, 20000]);
  const tokens: Array<[string, () => string]> = [
    ['nested parentheses', () => '('.repeat(depth) + (rnd() < 0.5 ? ')'.repeat(depth) : '')],
    ['nested brackets', () => '['.repeat(depth) + (rnd() < 0.5 ? ']'.repeat(depth) : '')],
    ['nested braces', () => '{'.repeat(depth) + (rnd() < 0.5 ? '}'.repeat(depth) : '')],
    ['nested template literals', () => '`${'.repeat(depth) + 'x' + (rnd() < 0.5 ? '}`'.repeat(depth) : '')],
    ['nested f-strings', () => 'f"{'.repeat(Math.min(depth, 2000)) + 'x' + (rnd() < 0.5 ? '}"'.repeat(Math.min(depth, 2000)) : '')],
    ['string prefixes', () => pick(rnd, ['rb"', "Rb'''", 'u"""', "f'{", 'br"\\', 'fr"{{', 'b"\\x', "'''", '"""']).repeat(1 + Math.floor(rnd() * 50))],
    ['nested generics', () => 'A<'.repeat(depth) + 'B' + '>'.repeat(rnd() < 0.5 ? depth : 0)],
    ['nested JSX', () => '<div>'.repeat(Math.min(depth, 5000)) + '{x}'],
    ['huge number', () => pick(rnd, ['9', '0x' + 'f', '1e', '1_', '0.', '0b1']) + '9'.repeat(depth) + pick(rnd, ['', 'n', 'j', 'e99999', 'L'])],
    ['NUL', () => '\u0000'],
    ['lone surrogate', () => pick(rnd, ['\uD800', '\uDFFF', '\uDBFF\uDBFF', 'x\uDC00y'])],
    ['line separators', () => pick(rnd, ['\r', '\r\r\r', '\u2028', '\u2029', '\u0085', '\f', '\v', '\r\n\r'])],
    ['BOM', () => '\uFEFF'],
    ['long line', () => 'a'.repeat(depth * 10)],
    ['backslashes', () => '\\'.repeat(depth)],
    ['comment and string openers', () => pick(rnd, ['/*', '<!--', '#', '"""', "'''", '`', '//', '"', "'", '/']).repeat(1 + Math.floor(rnd() * 20))],
    ['line continuations', () => 'x = 1 \\\n'.repeat(Math.min(depth, 5000))],
    ['deep indentation', () => '\n' + ' '.repeat(depth) + 'x'],
    ['decorators', () => '@d\n'.repeat(Math.min(depth, 5000))],
    ['bidi and joiners', () => pick(rnd, ['\u202E', '\u200D', '\u2066', 'e\u0301'.repeat(100), '\u{1F600}'])],
    ['finding lines', () => pick(rnd, FINDING_LINES[kind] ?? FINDING_LINES.python!)],
  ];
  const [name, make] = pick(rnd, tokens);
  return { token: make(), name };
}

/** Lines that carry findings, so mutants exercise reporting too (hard-coded keys and code execution). */
const FINDING_LINES: Partial<Record<FuzzKind, string[]>> = {
  python: ['\nimport pickle\npickle.loads(data)\n', '\nOPENAI_API_KEY = "sk-proj-Zq8vR2mXk4LpT7nW1cY9bH3sD6fJ0gA5eU2iO8rK"\n', '\nexec(input())\n'],
  javascript: ["\nconst key = 'sk-proj-Zq8vR2mXk4LpT7nW1cY9bH3sD6fJ0gA5eU2iO8rK';\neval(userInput);\n"],
  typescript: ["\nconst key = 'sk-proj-Zq8vR2mXk4LpT7nW1cY9bH3sD6fJ0gA5eU2iO8rK';\neval(userInput);\n"],
  manifest: ['\nrequests==0.0.1\ntorch @ git+https://github.com/x/y@main\n', '\n"workspaces": [1],\n'],
};

function mutateText(text: string, seeds: readonly Seed[], kind: FuzzKind, rnd: () => number, options: SizeLimit, log: string[]): string {
  const op = rnd();
  if (op < 0.14) {
    const bytes = encoder.encode(text);
    const flips = 1 + Math.floor(rnd() * 8);
    for (let i = 0; i < flips && bytes.length > 0; i++) bytes[Math.floor(rnd() * bytes.length)] ^= 1 << Math.floor(rnd() * 8);
    log.push(`flip ${flips} bits`);
    return decoder.decode(bytes);
  }
  if (op < 0.24) {
    const at = Math.floor(rnd() * (text.length + 1));
    log.push(`truncate at ${at}`);
    return text.slice(0, at);
  }
  if (op < 0.34) {
    const other = seeds[Math.floor(rnd() * seeds.length)]!;
    const otherText = decoder.decode(other.bytes);
    const at = Math.floor(rnd() * (text.length + 1));
    const from = Math.floor(rnd() * (otherText.length + 1));
    log.push(`splice ${other.name} from ${from} at ${at}`);
    return cap(text.slice(0, at) + otherText.slice(from), options);
  }
  if (op < 0.46) {
    const start = Math.floor(rnd() * (text.length + 1));
    const length = 1 + Math.floor(rnd() * 200);
    const slice = text.slice(start, start + length);
    const times = Math.min(1 + Math.floor(rnd() * 3000), Math.floor(options.maxSize / Math.max(1, slice.length)));
    log.push(`repeat ${JSON.stringify(abbreviate(slice))} ${times} times at ${start}`);
    return cap(text.slice(0, start) + slice.repeat(times) + text.slice(start), options);
  }
  if (op < 0.52) {
    const style = pick(rnd, ['CR only', 'CRLF', 'mixed']);
    log.push(`line endings: ${style}`);
    if (style === 'CR only') return text.replace(/\r?\n/g, '\r');
    if (style === 'CRLF') return text.replace(/\r?\n/g, '\r\n');
    return text.replace(/\r?\n/g, () => pick(rnd, ['\n', '\r', '\r\n', '\u2028']));
  }
  if (op < 0.56) {
    log.push('BOM');
    return '\uFEFF' + text;
  }
  if (op < 0.64 && (kind === 'notebook' || text.trimStart().startsWith('{'))) {
    const changed = retypeJsonValue(text, rnd);
    if (changed) {
      log.push(changed.description);
      return cap(changed.text, options);
    }
  }
  const { token, name } = hostileToken(rnd, kind);
  const at = Math.floor(rnd() * (text.length + 1));
  log.push(`insert ${name} (${token.length} chars) at ${at}`);
  return cap(text.slice(0, at) + token + text.slice(at), options);
}

function mutateBytes(bytes: Uint8Array, seeds: readonly Seed[], kind: FuzzKind, rnd: () => number, options: SizeLimit, log: string[]): Uint8Array {
  const op = rnd();
  const at = Math.floor(rnd() * (bytes.length + 1));
  if (op < 0.25) {
    const out = new Uint8Array(bytes);
    const flips = 1 + Math.floor(rnd() * 8);
    for (let i = 0; i < flips && out.length > 0; i++) out[Math.floor(rnd() * out.length)] ^= 1 << Math.floor(rnd() * 8);
    log.push(`flip ${flips} bits`);
    return out;
  }
  if (op < 0.4) {
    log.push(`truncate at ${at}`);
    return bytes.slice(0, at);
  }
  if (op < 0.5) {
    const sameKind = seeds.filter((s) => s.kind === kind);
    const other = sameKind[Math.floor(rnd() * sameKind.length)]!;
    const from = Math.floor(rnd() * (other.bytes.length + 1));
    log.push(`splice ${other.name} from ${from} at ${at}`);
    return capBytes(concat(bytes.subarray(0, at), other.bytes.subarray(from)), options);
  }
  if (op < 0.65) {
    const length = 1 + Math.floor(rnd() * 64);
    const slice = bytes.subarray(at, at + length);
    const times = Math.min(1 + Math.floor(rnd() * 3000), Math.floor(options.maxSize / Math.max(1, slice.length)));
    log.push(`repeat ${slice.length} bytes ${times} times at ${at}`);
    return capBytes(concat(bytes.subarray(0, at), ...Array.from({ length: times }, () => slice), bytes.subarray(at)), options);
  }
  if (op < 0.85) {
    // Length and count fields overwritten with the values that break readers: huge, zero, wrapped.
    const out = new Uint8Array(bytes);
    const value = pick(rnd, [0xfffffff0, 0xffffffff, 0, 1, 0xffff, 0x10000, 0x7fffffff]);
    const width = pick(rnd, [2, 4]);
    const offset = Math.min(at, Math.max(0, out.length - width));
    if (out.length >= width) {
      const view = new DataView(out.buffer, out.byteOffset, out.byteLength);
      if (width === 2) view.setUint16(offset, value & 0xffff, rnd() < 0.8);
      else view.setUint32(offset, value >>> 0, rnd() < 0.8);
    }
    log.push(`write ${width}-byte ${value} at ${offset}`);
    return out;
  }
  const interesting = [0x00, 0xff, 0x7f, 0x80, 0x28, 0x2e, 0x93, 0x94, 0x95, 0x8c, 0x63, 0x52, 0x50, 0x4b, 0x0a, 0x0d];
  const n = 1 + Math.floor(rnd() * 32);
  const insert = Uint8Array.from({ length: n }, () => pick(rnd, interesting));
  log.push(`insert ${n} interesting bytes at ${at}`);
  return capBytes(concat(bytes.subarray(0, at), insert, bytes.subarray(at)), options);
}

/** Replaces one value of a JSON document by a value of a type its readers do not expect. */
function retypeJsonValue(text: string, rnd: () => number): { text: string; description: string } | undefined {
  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch {
    return undefined;
  }
  const slots: Array<{ holder: Record<string, unknown> | unknown[]; key: string | number; path: string }> = [];
  const visit = (value: unknown, path: string): void => {
    if (slots.length > 5000 || value === null || typeof value !== 'object') return;
    for (const [key, child] of Object.entries(value)) {
      const at = Array.isArray(value) ? Number(key) : key;
      slots.push({ holder: value as Record<string, unknown>, key: at, path: `${path}/${key}` });
      visit(child, `${path}/${key}`);
    }
  };
  visit(document, '');
  if (slots.length === 0) return undefined;
  const slot = pick(rnd, slots);
  const depth = pick(rnd, [10, 1000, 5000]);
  const replacements: Array<[string, unknown]> = [
    ['[1]', [1]],
    ['null', null],
    ['{}', {}],
    ['a number', 1e308],
    ['true', true],
    ['a long string', 'x'.repeat(100000)],
    [`${depth}-deep arrays`, JSON.parse('['.repeat(depth) + ']'.repeat(depth)) as unknown],
  ];
  const [name, value] = pick(rnd, replacements);
  (slot.holder as Record<string | number, unknown>)[slot.key] = value;
  try {
    return { text: JSON.stringify(document, null, rnd() < 0.5 ? 1 : undefined), description: `JSON ${slot.path.slice(0, 80)} = ${name}` };
  } catch {
    return undefined;
  }
}

function cap(text: string, options: SizeLimit): string {
  return text.length > options.maxSize ? text.slice(0, options.maxSize) : text;
}

function capBytes(bytes: Uint8Array, options: SizeLimit): Uint8Array {
  return bytes.length > options.maxSize ? bytes.subarray(0, options.maxSize) : bytes;
}

function concat(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}

function pick<T>(rnd: () => number, items: readonly T[]): T {
  return items[Math.floor(rnd() * items.length)]!;
}

function abbreviate(text: string): string {
  return text.length > 24 ? `${text.slice(0, 24)}…` : text;
}

/** Combines the run's seed and the input's index into the input's own PRNG seed. */
function mix(seed: number, index: number): number {
  let h = Math.imul(seed ^ 0x9e3779b9, 0x85ebca6b) ^ Math.imul(index + 1, 0xc2b2ae35);
  h ^= h >>> 16;
  h = Math.imul(h, 0x7feb352d);
  return (h ^ (h >>> 15)) >>> 0;
}
