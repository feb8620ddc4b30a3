/**
 * A minimal reader of the protobuf wire format, enough to walk ONNX models and TensorFlow graphs without
 * their schemas compiled in: a message is a sequence of (field number, wire type, value), and a
 * length-delimited value may itself be a message. Callers decide which fields are messages and walk them
 * with their own explicit stacks, so nothing here recurses.
 *
 * Every length is checked against the bytes that are left; a field that runs past its message's end, a
 * varint longer than 10 bytes and the deprecated group wire types end the message with a problem naming
 * the offset, and whatever was read before it is kept.
 */
import { utf8 } from './bytes';

export const WIRE_VARINT = 0;
export const WIRE_FIXED64 = 1;
export const WIRE_LENGTH_DELIMITED = 2;
export const WIRE_FIXED32 = 5;

export interface ProtoField {
  field: number;
  wire: number;
  /** For length-delimited fields, where the payload starts and ends; for the others, the value's bytes. */
  start: number;
  end: number;
  /** The varint's value (exact up to 2^53); 0 for other wire types. */
  value: number;
  /** True when the payload ran past its message's end and `end` was clipped to it (a cut-off file). */
  clipped?: boolean;
}

export interface ProtoProblem {
  message: string;
  offset: number;
}

/**
 * Reads the fields of the message in `b[start, end)` one at a time into itself (no allocation per field):
 * `while (cursor.next()) { cursor.field, cursor.wire, … }`. When `next()` returns false, `problem` says what
 * stopped the walk, or is undefined when every byte belonged to a well-formed field. With `clip`, a
 * length-delimited field that runs past the end is still returned, cut at the end and marked `clipped`
 * (the walk then stops with its problem), so a prefix of a large file is read as far as it goes.
 */
export class FieldCursor implements ProtoField {
  field = 0;
  wire = 0;
  start = 0;
  end = 0;
  value = 0;
  clipped = false;
  problem: ProtoProblem | undefined;
  private at: number;
  private pending: ProtoProblem | undefined;

  constructor(private readonly b: Uint8Array, from: number, private readonly limit: number, private readonly clip = false) {
    this.at = from;
  }

  next(): boolean {
    if (this.pending) {
      this.problem = this.pending;
      this.pending = undefined;
      return false;
    }
    if (this.problem || this.at >= this.limit) return false;
    const { b, limit } = this;
    const tagAt = this.at;
    const tag = readVarint(b, tagAt, limit);
    if (tag < 0) return this.fail('a field tag is cut off or longer than 10 bytes', tagAt);
    const wire = varintValue % 8;
    const field = Math.floor(varintValue / 8);
    if (field === 0) return this.fail('field number 0 is not valid', tagAt);
    this.field = field;
    this.wire = wire;
    this.value = 0;
    this.clipped = false;
    if (wire === WIRE_VARINT) {
      const next = readVarint(b, tag, limit);
      if (next < 0) return this.fail(`the varint of field ${field} is cut off`, tag);
      this.value = varintValue;
      return this.take(tag, next);
    }
    if (wire === WIRE_FIXED64 || wire === WIRE_FIXED32) {
      const size = wire === WIRE_FIXED64 ? 8 : 4;
      if (tag + size > limit) return this.fail(`the fixed-size value of field ${field} runs past the end of its message`, tag);
      return this.take(tag, tag + size);
    }
    if (wire === WIRE_LENGTH_DELIMITED) {
      const payload = readVarint(b, tag, limit);
      if (payload < 0) return this.fail(`the length of field ${field} is cut off`, tag);
      const length = varintValue;
      if (length > limit - payload) {
        const problem = { message: `field ${field} declares ${length} bytes but only ${limit - payload} remain in its message`, offset: tagAt };
        if (!this.clip) return this.fail(problem.message, problem.offset);
        this.pending = problem;
        this.clipped = true;
        return this.take(payload, limit);
      }
      return this.take(payload, payload + length);
    }
    return this.fail(`wire type ${wire} of field ${field} is not used by these formats (groups are deprecated)`, tagAt);
  }

  private take(start: number, end: number): true {
    this.start = start;
    this.end = end;
    this.at = end;
    return true;
  }

  private fail(message: string, offset: number): false {
    this.problem = { message, offset };
    return false;
  }
}

/** Calls `visit` for each field of the message in `b[start, end)`, in order; returns what stopped the walk (see `FieldCursor`). */
export function forEachField(b: Uint8Array, start: number, end: number, visit: (field: ProtoField) => void, clip = false): ProtoProblem | undefined {
  const cursor = new FieldCursor(b, start, end, clip);
  while (cursor.next()) visit(cursor);
  return cursor.problem;
}

/** The text of a length-delimited field (UTF-8, invalid sequences replaced). */
export function fieldText(b: Uint8Array, f: ProtoField): string {
  return utf8(b, f.start, f.end);
}

/**
 * One entry of a protobuf `map<string, …>` (or of a repeated key/value message such as ONNX's
 * `StringStringEntryProto`): the key (field 1) and where the value (field 2) lies, if it is there.
 */
export function mapEntry(b: Uint8Array, start: number, end: number): { key: string; value?: [number, number] } {
  const entry = new FieldCursor(b, start, end);
  let key = '';
  let value: [number, number] | undefined;
  while (entry.next()) {
    if (entry.wire !== WIRE_LENGTH_DELIMITED) continue;
    if (entry.field === 1) key = fieldText(b, entry);
    else if (entry.field === 2) value = [entry.start, entry.end];
  }
  return value ? { key, value } : { key };
}

/** The value of the last varint read (a module variable, so that reading one allocates nothing). */
let varintValue = 0;

/** Reads a base-128 varint at `at` (at most 10 bytes, not past `end`) into `varintValue`; returns the next offset, or -1. */
function readVarint(b: Uint8Array, at: number, end: number): number {
  let value = 0;
  let scale = 1;
  for (let i = 0; i < 10; i++) {
    if (at + i >= end) return -1;
    const byte = b[at + i]!;
    value += (byte & 0x7f) * scale;
    scale *= 128;
    if (byte < 0x80) {
      varintValue = value;
      return at + i + 1;
    }
  }
  return -1;
}
