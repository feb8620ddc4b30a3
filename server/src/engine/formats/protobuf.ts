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
 * Calls `visit` for each field of the message in `b[start, end)`, in order. Returns the first problem that
 * stopped the walk, or undefined when every byte belonged to a well-formed field. With `clip`, a
 * length-delimited field that runs past the end is still visited, cut at the end and marked `clipped`
 * (the walk then stops with its problem), so a prefix of a large file is read as far as it goes.
 */
export function forEachField(b: Uint8Array, start: number, end: number, visit: (field: ProtoField) => void, clip = false): ProtoProblem | undefined {
  let at = start;
  while (at < end) {
    const tagAt = at;
    const tag = readVarint(b, at, end);
    if (!tag) return { message: 'a field tag is cut off or longer than 10 bytes', offset: tagAt };
    at = tag.next;
    const wire = tag.value % 8;
    const field = Math.floor(tag.value / 8);
    if (field === 0) return { message: 'field number 0 is not valid', offset: tagAt };
    if (wire === WIRE_VARINT) {
      const v = readVarint(b, at, end);
      if (!v) return { message: `the varint of field ${field} is cut off`, offset: at };
      visit({ field, wire, start: at, end: v.next, value: v.value });
      at = v.next;
    } else if (wire === WIRE_FIXED64 || wire === WIRE_FIXED32) {
      const size = wire === WIRE_FIXED64 ? 8 : 4;
      if (at + size > end) return { message: `the fixed-size value of field ${field} runs past the end of its message`, offset: at };
      visit({ field, wire, start: at, end: at + size, value: 0 });
      at += size;
    } else if (wire === WIRE_LENGTH_DELIMITED) {
      const length = readVarint(b, at, end);
      if (!length) return { message: `the length of field ${field} is cut off`, offset: at };
      if (length.value > end - length.next) {
        if (clip) visit({ field, wire, start: length.next, end, value: 0, clipped: true });
        return { message: `field ${field} declares ${length.value} bytes but only ${end - length.next} remain in its message`, offset: tagAt };
      }
      visit({ field, wire, start: length.next, end: length.next + length.value, value: 0 });
      at = length.next + length.value;
    } else {
      return { message: `wire type ${wire} of field ${field} is not used by these formats (groups are deprecated)`, offset: tagAt };
    }
  }
  return undefined;
}

/** The text of a length-delimited field (UTF-8, invalid sequences replaced). */
export function fieldText(b: Uint8Array, f: ProtoField): string {
  return utf8(b, f.start, f.end);
}

/** A base-128 varint at `at`, at most 10 bytes and not past `end`. */
function readVarint(b: Uint8Array, at: number, end: number): { value: number; next: number } | undefined {
  let value = 0;
  let scale = 1;
  for (let i = 0; i < 10; i++) {
    if (at + i >= end) return undefined;
    const byte = b[at + i]!;
    value += (byte & 0x7f) * scale;
    scale *= 128;
    if (byte < 0x80) return { value, next: at + i + 1 };
  }
  return undefined;
}
