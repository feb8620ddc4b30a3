/**
 * Bounded LZMA and LZMA2 decoders (the codecs of 7z archives), written from the LZMA specification
 * (`LzmaSpec.cpp` of the LZMA SDK) because the engine reads model files synchronously and without
 * WebAssembly or the file system. The whole output is the dictionary, so distances are checked against what
 * was decoded; decoding stops when the declared size or `maxOutput` is reached, so a stream that claims or
 * expands to gigabytes costs at most `maxOutput` bytes and time linear in them.
 */

export interface LzmaResult {
  data: Uint8Array;
  /** True when the stream produced its declared size (or ended properly) within the limit. */
  complete: boolean;
  /** Set when decoding stopped because the output reached `maxOutput`. */
  exceeded: boolean;
  /** Set when the stream is corrupt or ends early. */
  error?: string;
  /** Compressed bytes read; output/consumed is the expansion ratio. */
  consumed: number;
}

const PROB_INIT = 1024;
const TOP = 2 ** 24;
const STATES = 12;
const POS_STATES_MAX = 16;
const END_POS_MODEL_INDEX = 14;
const FULL_DISTANCES = 128;
const ALIGN_BITS = 4;
const MATCH_MIN_LEN = 2;

class CorruptStream extends Error {}

/** The range decoder over one slice of compressed bytes. */
class RangeDecoder {
  private range = 0xffffffff;
  private code = 0;
  pos: number;

  constructor(private readonly input: Uint8Array, start: number, private readonly end: number) {
    this.pos = start;
    if (this.next() !== 0) throw new CorruptStream('the range coder does not start with a zero byte');
    for (let i = 0; i < 4; i++) this.code = ((this.code << 8) | this.next()) >>> 0;
    if (this.code === this.range) throw new CorruptStream('the range coder starts with an invalid code');
  }

  private next(): number {
    if (this.pos >= this.end) throw new CorruptStream('the compressed data ends early');
    return this.input[this.pos++]!;
  }

  private normalize(): void {
    if (this.range < TOP) {
      this.range = (this.range * 256) >>> 0;
      this.code = ((this.code << 8) | this.next()) >>> 0;
    }
  }

  bit(probs: Uint16Array, at: number): number {
    const p = probs[at]!;
    const bound = (this.range >>> 11) * p;
    let bit: number;
    if (this.code < bound) {
      probs[at] = p + ((2048 - p) >>> 5);
      this.range = bound;
      bit = 0;
    } else {
      probs[at] = p - (p >>> 5);
      this.code -= bound;
      this.range -= bound;
      bit = 1;
    }
    this.normalize();
    return bit;
  }

  direct(count: number): number {
    let result = 0;
    for (let i = 0; i < count; i++) {
      this.range >>>= 1;
      let bit = 0;
      if (this.code >= this.range) {
        this.code -= this.range;
        bit = 1;
      }
      result = ((result << 1) | bit) >>> 0;
      this.normalize();
    }
    return result;
  }

  tree(probs: Uint16Array, base: number, bits: number): number {
    let m = 1;
    for (let i = 0; i < bits; i++) m = (m << 1) | this.bit(probs, base + m);
    return m - (1 << bits);
  }

  reverseTree(probs: Uint16Array, base: number, bits: number): number {
    let m = 1;
    let symbol = 0;
    for (let i = 0; i < bits; i++) {
      const bit = this.bit(probs, base + m);
      m = (m << 1) | bit;
      symbol |= bit << i;
    }
    return symbol;
  }
}

/** The length coder's probabilities: choice bits, then 3-bit low and mid trees per position state, an 8-bit high tree. */
const LEN_CHOICE = 0;
const LEN_CHOICE2 = 1;
const LEN_LOW = 2;
const LEN_MID = LEN_LOW + (POS_STATES_MAX << 3);
const LEN_HIGH = LEN_MID + (POS_STATES_MAX << 3);
const LEN_PROBS = LEN_HIGH + 256;

function decodeLength(rc: RangeDecoder, probs: Uint16Array, posState: number): number {
  if (rc.bit(probs, LEN_CHOICE) === 0) return rc.tree(probs, LEN_LOW + (posState << 3), 3);
  if (rc.bit(probs, LEN_CHOICE2) === 0) return 8 + rc.tree(probs, LEN_MID + (posState << 3), 3);
  return 16 + rc.tree(probs, LEN_HIGH, 8);
}

/** lc, lp and pb: how many bits of the previous byte and of the position select literal and match coders. */
interface LzmaProperties {
  lc: number;
  lp: number;
  pb: number;
}

function propertiesOf(byte: number): LzmaProperties {
  if (byte >= 9 * 5 * 5) throw new CorruptStream(`invalid LZMA properties byte ${byte}`);
  return { lc: byte % 9, lp: Math.floor(byte / 9) % 5, pb: Math.floor(byte / 45) };
}

/** Growable output that is also the dictionary: matches copy from what was already written. */
class Output {
  data: Uint8Array;
  length = 0;
  /** Where the current dictionary starts (an LZMA2 dictionary reset starts a new one). */
  dictionaryStart = 0;

  /** The first allocation: the expected size is the archive's claim, and a header can make that claim for many streams that then fail at their first byte. */
  private readonly firstSize: number;

  constructor(private readonly limit: number, expected: number) {
    this.data = new Uint8Array(0);
    this.firstSize = Math.max(1, Math.min(limit, expected, 1 << 16));
  }

  get full(): boolean {
    return this.length >= this.limit;
  }

  private reserve(extra: number): void {
    const needed = Math.min(this.limit, this.length + extra);
    if (needed <= this.data.length) return;
    const grown = new Uint8Array(Math.min(this.limit, Math.max(needed, this.data.length * 2, this.firstSize)));
    grown.set(this.data.subarray(0, this.length));
    this.data = grown;
  }

  put(byte: number): void {
    this.reserve(1);
    this.data[this.length++] = byte;
  }

  /** Copies `length` bytes from `distance + 1` back; false when the distance reaches before the dictionary. */
  copyMatch(distance: number, length: number): boolean {
    if (distance >= this.length - this.dictionaryStart) return false;
    const count = Math.min(length, this.limit - this.length);
    this.reserve(count);
    const d = this.data;
    let from = this.length - distance - 1;
    for (let i = 0; i < count; i++) d[this.length++] = d[from++]!;
    return true;
  }

  append(bytes: Uint8Array): void {
    const count = Math.min(bytes.length, this.limit - this.length);
    this.reserve(count);
    this.data.set(bytes.subarray(0, count), this.length);
    this.length += count;
  }

  /** The byte `distance + 1` back, or 0 before the dictionary's start. */
  back(distance: number): number {
    const at = this.length - distance - 1;
    return at >= this.dictionaryStart ? this.data[at]! : 0;
  }

  result(): Uint8Array {
    return this.data.subarray(0, this.length);
  }
}

/** The LZMA decoding state: probabilities, the state machine and the four repeated distances. */
class LzmaDecoder {
  private props: LzmaProperties;
  private literal = new Uint16Array(0);
  private readonly isMatch = new Uint16Array(STATES << 4);
  private readonly isRep = new Uint16Array(STATES);
  private readonly isRepG0 = new Uint16Array(STATES);
  private readonly isRepG1 = new Uint16Array(STATES);
  private readonly isRepG2 = new Uint16Array(STATES);
  private readonly isRep0Long = new Uint16Array(STATES << 4);
  private readonly posSlot = new Uint16Array(4 << 6);
  private readonly posSpecial = new Uint16Array(1 + FULL_DISTANCES - END_POS_MODEL_INDEX);
  private readonly align = new Uint16Array(1 << ALIGN_BITS);
  private readonly lengths = new Uint16Array(LEN_PROBS);
  private readonly repLengths = new Uint16Array(LEN_PROBS);
  private state = 0;
  private reps = [0, 0, 0, 0];

  constructor(props: LzmaProperties, private readonly out: Output) {
    this.props = props;
    this.reset();
  }

  setProperties(props: LzmaProperties): void {
    this.props = props;
  }

  reset(): void {
    const literalSize = 0x300 << (this.props.lc + this.props.lp);
    if (this.literal.length !== literalSize) this.literal = new Uint16Array(literalSize);
    for (const probs of [this.literal, this.isMatch, this.isRep, this.isRepG0, this.isRepG1, this.isRepG2, this.isRep0Long, this.posSlot, this.posSpecial, this.align, this.lengths, this.repLengths]) probs.fill(PROB_INIT);
    this.state = 0;
    this.reps = [0, 0, 0, 0];
  }

  /**
   * Decodes until `until` bytes of output exist, the output limit is reached or an end marker is read
   * (`'end'`), whichever comes first.
   */
  decode(rc: RangeDecoder, until: number): 'size' | 'end' | 'limit' {
    const out = this.out;
    const { lc, lp, pb } = this.props;
    const pbMask = (1 << pb) - 1;
    const lpMask = (1 << lp) - 1;
    const reps = this.reps;
    while (out.length < until) {
      if (out.full) return 'limit';
      const position = out.length - out.dictionaryStart;
      const posState = position & pbMask;
      const state = this.state;
      if (rc.bit(this.isMatch, (state << 4) + posState) === 0) {
        const previous = out.back(0);
        const base = 0x300 * (((position & lpMask) << lc) + (previous >>> (8 - lc)));
        out.put(this.decodeLiteral(rc, base, state >= 7 ? out.back(reps[0]!) : -1));
        this.state = state < 4 ? 0 : state < 10 ? state - 3 : state - 6;
        continue;
      }
      let length: number;
      if (rc.bit(this.isRep, state) !== 0) {
        if (out.length === out.dictionaryStart) throw new CorruptStream('a repeated match before any output');
        if (rc.bit(this.isRepG0, state) === 0) {
          if (rc.bit(this.isRep0Long, (state << 4) + posState) === 0) {
            this.state = state < 7 ? 9 : 11;
            out.put(out.back(reps[0]!));
            continue;
          }
        } else {
          let distance: number;
          if (rc.bit(this.isRepG1, state) === 0) {
            distance = reps[1]!;
          } else {
            if (rc.bit(this.isRepG2, state) === 0) {
              distance = reps[2]!;
            } else {
              distance = reps[3]!;
              reps[3] = reps[2]!;
            }
            reps[2] = reps[1]!;
          }
          reps[1] = reps[0]!;
          reps[0] = distance;
        }
        length = decodeLength(rc, this.repLengths, posState);
        this.state = state < 7 ? 8 : 11;
      } else {
        reps[3] = reps[2]!;
        reps[2] = reps[1]!;
        reps[1] = reps[0]!;
        length = decodeLength(rc, this.lengths, posState);
        this.state = state < 7 ? 7 : 10;
        reps[0] = this.decodeDistance(rc, length);
        if (reps[0] === 0xffffffff) return 'end';
      }
      if (!out.copyMatch(reps[0]!, Math.min(length + MATCH_MIN_LEN, until - out.length))) throw new CorruptStream(`a match distance (${reps[0]! + 1}) reaches before the start of the data`);
    }
    return 'size';
  }

  private decodeLiteral(rc: RangeDecoder, base: number, matchByte: number): number {
    const probs = this.literal;
    let symbol = 1;
    if (matchByte >= 0) {
      let match = matchByte;
      while (symbol < 0x100) {
        const matchBit = (match >>> 7) & 1;
        match <<= 1;
        const bit = rc.bit(probs, base + ((1 + matchBit) << 8) + symbol);
        symbol = (symbol << 1) | bit;
        if (matchBit !== bit) break;
      }
    }
    while (symbol < 0x100) symbol = (symbol << 1) | rc.bit(probs, base + symbol);
    return symbol & 0xff;
  }

  private decodeDistance(rc: RangeDecoder, length: number): number {
    const slot = rc.tree(this.posSlot, Math.min(length, 3) << 6, 6);
    if (slot < 4) return slot;
    const directBits = (slot >>> 1) - 1;
    let distance = ((2 | (slot & 1)) << directBits) >>> 0;
    if (slot < END_POS_MODEL_INDEX) return distance + rc.reverseTree(this.posSpecial, distance - slot, directBits);
    distance = (distance + rc.direct(directBits - ALIGN_BITS) * (1 << ALIGN_BITS)) >>> 0;
    return (distance + rc.reverseTree(this.align, 0, ALIGN_BITS)) >>> 0;
  }
}

function finish(out: Output, consumed: number, complete: boolean, error?: string): LzmaResult {
  return { data: out.result(), complete: complete && !error, exceeded: out.full && !complete, consumed, ...(error ? { error } : {}) };
}

/**
 * Decodes a raw LZMA stream as 7z stores it: the 5-byte coder properties (lc/lp/pb and the dictionary size,
 * which is not needed since the whole output is kept) and `size` bytes of output.
 */
export function decodeLzma(properties: Uint8Array, input: Uint8Array, size: number, maxOutput: number): LzmaResult {
  const out = new Output(maxOutput, size);
  let rc: RangeDecoder | undefined;
  try {
    if (properties.length < 5) throw new CorruptStream('the LZMA properties are shorter than 5 bytes');
    const decoder = new LzmaDecoder(propertiesOf(properties[0]!), out);
    rc = new RangeDecoder(input, 0, input.length);
    const ended = decoder.decode(rc, size);
    if (ended === 'limit') return finish(out, rc.pos, false);
    if (ended === 'end' && out.length < size) return finish(out, rc.pos, false, `the LZMA stream ends after ${out.length} of ${size} bytes`);
    return finish(out, rc.pos, true);
  } catch (e) {
    return finish(out, rc?.pos ?? input.length, false, e instanceof Error ? e.message : String(e));
  }
}

/**
 * Decodes an LZMA2 stream: a sequence of chunks, each stored or LZMA-coded, that may reset the dictionary,
 * the state or the properties. `size` is the expected output (the stream's own end marker is the end too).
 */
export function decodeLzma2(input: Uint8Array, size: number, maxOutput: number): LzmaResult {
  const out = new Output(maxOutput, size);
  let at = 0;
  let decoder: LzmaDecoder | undefined;
  try {
    while (out.length < size) {
      if (out.full) return finish(out, at, false);
      if (at >= input.length) throw new CorruptStream('the LZMA2 stream ends early');
      const control = input[at++]!;
      if (control === 0) break;
      if (at + 2 > input.length) throw new CorruptStream('an LZMA2 chunk header is cut off');
      if (control === 1 || control === 2) {
        const length = ((input[at]! << 8) | input[at + 1]!) + 1;
        at += 2;
        if (at + length > input.length) throw new CorruptStream('a stored LZMA2 chunk is cut off');
        if (control === 1) out.dictionaryStart = out.length;
        out.append(input.subarray(at, at + length));
        at += length;
        continue;
      }
      if (control < 0x80) throw new CorruptStream(`invalid LZMA2 control byte 0x${control.toString(16)}`);
      if (at + 4 > input.length) throw new CorruptStream('an LZMA2 chunk header is cut off');
      const unpacked = ((control & 0x1f) << 16) + ((input[at]! << 8) | input[at + 1]!) + 1;
      const packed = ((input[at + 2]! << 8) | input[at + 3]!) + 1;
      at += 4;
      const reset = (control >>> 5) & 3;
      if (reset === 3) out.dictionaryStart = out.length;
      if (reset >= 2) {
        if (at >= input.length) throw new CorruptStream('an LZMA2 chunk header is cut off');
        const props = propertiesOf(input[at++]!);
        if (props.lc + props.lp > 4) throw new CorruptStream('LZMA2 properties with lc + lp above 4');
        if (decoder) decoder.setProperties(props);
        else decoder = new LzmaDecoder(props, out);
      }
      if (!decoder) throw new CorruptStream('an LZMA2 chunk without properties');
      if (reset >= 1) decoder.reset();
      if (at + packed > input.length) throw new CorruptStream('an LZMA2 chunk is cut off');
      const rc = new RangeDecoder(input, at, at + packed);
      const target = out.length + unpacked;
      const ended = decoder.decode(rc, target);
      if (ended === 'limit') return finish(out, at, false);
      if (ended === 'end') throw new CorruptStream('an end marker inside an LZMA2 chunk');
      at += packed;
    }
    if (out.length < size) return finish(out, at, false, `the LZMA2 stream ends after ${out.length} of ${size} bytes`);
    return finish(out, at, true);
  } catch (e) {
    return finish(out, at, false, e instanceof Error ? e.message : String(e));
  }
}
