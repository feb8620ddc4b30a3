/**
 * Pickle opcode byte values (CPython `Lib/pickle.py`, argument encodings from `Lib/pickletools.py`,
 * protocols 0 to 5). The walker must decode every opcode's argument to stay aligned with the stream.
 */
export const OP = {
  MARK: 0x28, // '('
  STOP: 0x2e, // '.'
  POP: 0x30, // '0'
  POP_MARK: 0x31, // '1'
  DUP: 0x32, // '2'
  FLOAT: 0x46, // 'F' decimal line
  INT: 0x49, // 'I' decimal line
  BININT: 0x4a, // 'J' 4-byte signed
  BININT1: 0x4b, // 'K' 1-byte unsigned
  LONG: 0x4c, // 'L' decimal line
  BININT2: 0x4d, // 'M' 2-byte unsigned
  NONE: 0x4e, // 'N'
  PERSID: 0x50, // 'P' line
  BINPERSID: 0x51, // 'Q'
  REDUCE: 0x52, // 'R'
  STRING: 0x53, // 'S' quoted line
  BINSTRING: 0x54, // 'T' 4-byte signed length
  SHORT_BINSTRING: 0x55, // 'U' 1-byte length
  UNICODE: 0x56, // 'V' raw-unicode-escape line
  BINUNICODE: 0x58, // 'X' 4-byte length
  APPEND: 0x61, // 'a'
  BUILD: 0x62, // 'b'
  GLOBAL: 0x63, // 'c' two lines
  DICT: 0x64, // 'd'
  EMPTY_DICT: 0x7d, // '}'
  APPENDS: 0x65, // 'e'
  GET: 0x67, // 'g' decimal line
  BINGET: 0x68, // 'h' 1 byte
  INST: 0x69, // 'i' two lines
  LONG_BINGET: 0x6a, // 'j' 4 bytes
  LIST: 0x6c, // 'l'
  EMPTY_LIST: 0x5d, // ']'
  OBJ: 0x6f, // 'o'
  PUT: 0x70, // 'p' decimal line
  BINPUT: 0x71, // 'q' 1 byte
  LONG_BINPUT: 0x72, // 'r' 4 bytes
  SETITEM: 0x73, // 's'
  TUPLE: 0x74, // 't'
  EMPTY_TUPLE: 0x29, // ')'
  SETITEMS: 0x75, // 'u'
  BINFLOAT: 0x47, // 'G' 8 bytes
  PROTO: 0x80,
  NEWOBJ: 0x81,
  EXT1: 0x82,
  EXT2: 0x83,
  EXT4: 0x84,
  TUPLE1: 0x85,
  TUPLE2: 0x86,
  TUPLE3: 0x87,
  NEWTRUE: 0x88,
  NEWFALSE: 0x89,
  LONG1: 0x8a,
  LONG4: 0x8b,
  BINBYTES: 0x42, // 'B' 4-byte length
  SHORT_BINBYTES: 0x43, // 'C' 1-byte length
  SHORT_BINUNICODE: 0x8c,
  BINUNICODE8: 0x8d,
  BINBYTES8: 0x8e,
  EMPTY_SET: 0x8f,
  ADDITEMS: 0x90,
  FROZENSET: 0x91,
  NEWOBJ_EX: 0x92,
  STACK_GLOBAL: 0x93,
  MEMOIZE: 0x94,
  FRAME: 0x95,
  BYTEARRAY8: 0x96,
  NEXT_BUFFER: 0x97,
  READONLY_BUFFER: 0x98,
} as const;

/** The highest protocol CPython knows; a PROTO above it makes `pickle.load` fail. */
export const HIGHEST_PROTOCOL = 5;

/**
 * Bytes that can open a protocol 0 or 1 pickle (which has no PROTO header). Used only to decide whether
 * bytes after a STOP are worth trying as another pickle; a failed try there is trailing data, not an error.
 */
export const PLAUSIBLE_FIRST_OPCODES: ReadonlySet<number> = new Set([
  OP.MARK, OP.EMPTY_LIST, OP.EMPTY_DICT, OP.EMPTY_TUPLE, OP.GLOBAL, OP.INST, OP.NONE, OP.INT, OP.LONG, OP.FLOAT,
  OP.STRING, OP.UNICODE, OP.BINUNICODE, OP.BININT, OP.BININT1, OP.BININT2, OP.SHORT_BINSTRING, OP.BINSTRING, OP.BINFLOAT,
]);

/** Opcode names for messages and the report. */
export const OPCODE_NAMES: ReadonlyMap<number, string> = new Map(Object.entries(OP).map(([name, code]) => [code, name]));
