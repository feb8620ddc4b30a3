/**
 * A pickle opcode walker (protocols 0 to 5) that never executes anything. It simulates the unpickler's
 * stack with inert placeholder values, so that `STACK_GLOBAL` operands are resolved from the strings that
 * are really on the stack (including ones fetched from the memo), and records every imported global
 * (`GLOBAL`, `STACK_GLOBAL`, `INST`, extension codes) and every call (`REDUCE`, `NEWOBJ`, `NEWOBJ_EX`,
 * `OBJ`, `INST`, `BUILD`). Several pickles in one buffer are walked one after another.
 *
 * Hostile input: every length is checked against the buffer, the stack, the memo and the containers are
 * capped, and the walk is a single forward pass, so time and memory are linear in the input. Truncated or
 * malformed streams end the walk with an error record; the globals found before it are kept.
 *
 * joblib files are not plain pickles: after each `NumpyArrayWrapper` BUILD, joblib writes the array's
 * raw bytes (or, for object arrays, a nested pickle) into the middle of the stream. The walker recognises
 * the wrapper, computes the array size from its shape and dtype, and skips or walks that data.
 */
import { i32le, u16le, u32le, u64le, utf8, latin1 } from './bytes';
import { HIGHEST_PROTOCOL, OP, OPCODE_NAMES, PLAUSIBLE_FIRST_OPCODES } from './pickle-opcodes';

// Opcode values as module-local constants: the walker's switch compares against them on every opcode,
// and property reads through an imported object are far slower there than plain bindings.
const {
  ADDITEMS,
  APPEND,
  APPENDS,
  BINBYTES,
  BINBYTES8,
  BINFLOAT,
  BINGET,
  BININT,
  BININT1,
  BININT2,
  BINPERSID,
  BINPUT,
  BINSTRING,
  BINUNICODE,
  BINUNICODE8,
  BUILD,
  BYTEARRAY8,
  DICT,
  DUP,
  EMPTY_DICT,
  EMPTY_LIST,
  EMPTY_SET,
  EMPTY_TUPLE,
  EXT1,
  EXT2,
  EXT4,
  FLOAT,
  FRAME,
  FROZENSET,
  GET,
  GLOBAL,
  INST,
  INT,
  LIST,
  LONG,
  LONG1,
  LONG4,
  LONG_BINGET,
  LONG_BINPUT,
  MARK,
  MEMOIZE,
  NEWFALSE,
  NEWOBJ,
  NEWOBJ_EX,
  NEWTRUE,
  NEXT_BUFFER,
  NONE,
  OBJ,
  PERSID,
  POP,
  POP_MARK,
  PROTO,
  PUT,
  READONLY_BUFFER,
  REDUCE,
  SETITEM,
  SETITEMS,
  SHORT_BINBYTES,
  SHORT_BINSTRING,
  SHORT_BINUNICODE,
  STACK_GLOBAL,
  STOP,
  STRING,
  TUPLE,
  TUPLE1,
  TUPLE2,
  TUPLE3,
  UNICODE,
} = OP;

/** One imported global. */
export interface PickleGlobal {
  /** `module.name`; unresolvable parts are `?`. */
  qualified: string;
  module: string;
  name: string;
  /** False when a STACK_GLOBAL operand was not a known string, or for extension-registry codes. */
  resolved: boolean;
  /** Byte offset of the importing opcode in the walked buffer. */
  offset: number;
  opcode: 'GLOBAL' | 'STACK_GLOBAL' | 'INST' | 'EXT';
  /**
   * Set when BUILD, SETITEM or SETITEMS writes into the imported object itself: `setattr` on a module or
   * class rebinds what later imports resolve to (an allowed name can be made to mean `os.system`).
   */
  mutatedBy?: 'BUILD' | 'SETITEM' | 'SETITEMS';
}

/** One call the unpickler would make. */
export interface PickleCall {
  /** The callee's qualified name, or `<object>` when the callable is not a global. */
  callee: string;
  offset: number;
  opcode: 'REDUCE' | 'NEWOBJ' | 'NEWOBJ_EX' | 'OBJ' | 'INST' | 'BUILD';
  /** A short preview of literal arguments, e.g. `('echo hi',)`. */
  args?: string;
}

export type PickleErrorKind = 'truncated' | 'malformed' | 'limit';

export interface PickleError {
  kind: PickleErrorKind;
  message: string;
  offset: number;
}

/** One pickle (PROTO…STOP) found in the buffer. */
export interface PickleInfo {
  start: number;
  /** Offset just after STOP, or where the walk stopped. */
  end: number;
  /** From PROTO; 0 or 1 when the pickle has no PROTO header (the two are indistinguishable). */
  protocol: number;
  complete: boolean;
  error?: PickleError;
  opcodes: number;
  /** Set when the pickle's result is a small integer or the legacy PyTorch magic number. */
  result?: number | bigint;
  /** True for a pickle nested inside a joblib stream (an object array). */
  nested?: boolean;
}

export interface PickleStreamScan {
  pickles: PickleInfo[];
  globals: PickleGlobal[];
  calls: PickleCall[];
  /** Number of bytes after the last pickle that were not walked (raw data, padding). */
  trailingBytes: number;
  /** Offset where trailing data starts (equals the buffer length when there is none). */
  trailingStart: number;
  memoPuts: number;
  memoGets: number;
  dups: number;
  /** joblib array payloads skipped or walked. */
  joblibArrays: number;
  /** Global records dropped because of the per-stream cap (the counts stay exact in `pickles`). */
  droppedGlobals: number;
  /** True when `legacyTorch` was asked for and the stream starts with the legacy PyTorch magic number. */
  legacyTorch: boolean;
  /** True when more pickles followed than the walker follows in one stream (MAX_PICKLES_PER_STREAM). */
  pickleCapHit: boolean;
}

export interface PickleWalkOptions {
  /** Where the first pickle starts. */
  start?: number;
  /** Stop after this many pickles (the rest counts as trailing data). */
  maxPickles?: number;
  /**
   * `all`: keep walking after STOP whenever bytes remain (raw `.pkl` files);
   * `one`: walk a single pickle (a zip member, an `.npy` payload).
   */
  continueAfterStop?: 'all' | 'one';
  /**
   * When the first pickle's value is the legacy PyTorch magic number, stop after the five pickles of
   * that format: what follows is raw tensor storage, not pickles.
   */
  legacyTorch?: boolean;
}

/** The legacy (pre-zip) PyTorch file magic number, the value of the first of its stacked pickles. */
export const LEGACY_TORCH_MAGIC = 0x1950a86a20f9469cfc6cn;
/** Legacy torch.save: magic number, protocol version, sys info, the object, the storage keys. */
const LEGACY_TORCH_PICKLES = 5;

/** Walks the pickle(s) in `bytes`. Never throws. */
export function walkPickles(bytes: Uint8Array, options: PickleWalkOptions = {}): PickleStreamScan {
  const scan: PickleStreamScan = {
    pickles: [],
    globals: [],
    calls: [],
    trailingBytes: 0,
    trailingStart: bytes.length,
    memoPuts: 0,
    memoGets: 0,
    dups: 0,
    joblibArrays: 0,
    droppedGlobals: 0,
    legacyTorch: false,
    pickleCapHit: false,
  };
  let maxPickles = options.maxPickles ?? MAX_PICKLES_PER_STREAM;
  let pos = options.start ?? 0;
  while (pos < bytes.length) {
    const first = bytes[pos]!;
    const isFirst = scan.pickles.length === 0;
    const hasProto = first === PROTO && pos + 1 < bytes.length && bytes[pos + 1]! >= 2 && bytes[pos + 1]! <= HIGHEST_PROTOCOL;
    if (scan.pickles.length >= maxPickles) {
      // Stopping early is fine for the legacy torch layout (raw storage follows) but not for a stream of pickles.
      if (!scan.legacyTorch && options.maxPickles === undefined && (hasProto || PLAUSIBLE_FIRST_OPCODES.has(first))) scan.pickleCapHit = true;
      break;
    }
    const clearlyPickle = hasProto || isFirst;
    if (!clearlyPickle && !PLAUSIBLE_FIRST_OPCODES.has(first)) break;
    const globalsBefore = scan.globals.length;
    const callsBefore = scan.calls.length;
    const info = new Walker(bytes, pos, scan, 0).run();
    if (!info.complete && !clearlyPickle && scan.globals.length === globalsBefore) {
      // A tentative pickle after the first one that fails without importing anything is raw trailing data.
      scan.calls.length = callsBefore;
      break;
    }
    scan.pickles.push(info);
    pos = info.end;
    if (!info.complete) return finish(scan, bytes.length, bytes.length);
    if (isFirst && options.legacyTorch && info.result === LEGACY_TORCH_MAGIC) {
      scan.legacyTorch = true;
      maxPickles = Math.min(maxPickles, LEGACY_TORCH_PICKLES);
    }
    if (options.continueAfterStop === 'one') break;
  }
  return finish(scan, pos, bytes.length);
}

function finish(scan: PickleStreamScan, pos: number, length: number): PickleStreamScan {
  scan.trailingStart = Math.min(pos, length);
  scan.trailingBytes = length - scan.trailingStart;
  return scan;
}

// --- Limits -------------------------------------------------------------------------------------------

const MAX_PICKLES_PER_STREAM = 10_000;
const MAX_STACK_ITEMS = 1_000_000;
const MAX_MARK_DEPTH = 100_000;
const MAX_MEMO_ENTRIES = 1_000_000;
/** Memo keys below this live in an array (fast); larger or out-of-order keys in a map. */
const DENSE_MEMO_KEYS = 1 << 24;
/** Containers remember at most this many items (enough for shapes, reduce arguments and state dicts). */
const MAX_CONTAINER_ITEMS = 64;
/** Strings longer than this are kept as a length only; no module or name is that long. */
const MAX_KEPT_STRING = 1024;
const MAX_GLOBAL_RECORDS = 10_000;
const MAX_CALL_RECORDS = 10_000;
/** joblib object arrays hold nested pickles; a nested one cannot itself be a joblib stream. */
const MAX_NESTING = 2;

// --- Inert values ---------------------------------------------------------------------------------------

/** Tuples keep their items: REDUCE arguments, shapes and dtype states are tuples. */
interface SeqValue {
  k: 'tuple';
  items: Value[];
}
/** Dicts keep up to MAX_CONTAINER_ITEMS pairs, flattened (key, value, key, value, …): BUILD states are dicts. */
interface DictValue {
  k: 'dict';
  kv: Value[];
}
interface GlobalValue {
  k: 'global';
  g: PickleGlobal;
}
interface ObjectValue {
  k: 'obj';
  callee: Value;
  args: Value;
  state?: Value;
}
interface OpaqueValue {
  k: 'opaque';
  what: 'bytes' | 'long-string' | 'float' | 'persistent' | 'buffer' | 'number' | 'list' | 'set';
}
type Value = string | number | bigint | boolean | null | SeqValue | DictValue | GlobalValue | ObjectValue | OpaqueValue;

const FLOAT_VALUE: OpaqueValue = { k: 'opaque', what: 'float' };
const BYTES: OpaqueValue = { k: 'opaque', what: 'bytes' };
const LONG_STRING: OpaqueValue = { k: 'opaque', what: 'long-string' };
const PERSISTENT: OpaqueValue = { k: 'opaque', what: 'persistent' };
const BUFFER: OpaqueValue = { k: 'opaque', what: 'buffer' };
const BIG_NUMBER: OpaqueValue = { k: 'opaque', what: 'number' };
/** Lists and sets are never read back (nothing the scanner needs is a list), so they are not materialised. */
const LIST_VALUE: OpaqueValue = { k: 'opaque', what: 'list' };
const SET_VALUE: OpaqueValue = { k: 'opaque', what: 'set' };

class Stop extends Error {
  constructor(readonly detail: PickleError) {
    super(detail.message);
  }
}

/** Walks one pickle starting at `start`. */
class Walker {
  private stack: Value[] = [];
  private readonly marks: Value[][] = [];
  /** Memo entries with small keys (the normal case: keys count up from 0), then the rest. */
  private readonly memo: Value[] = [];
  private readonly sparseMemo = new Map<number, Value>();
  private memoCount = 0;
  private pos: number;
  private protocol = 0;
  private opcodes = 0;
  private liveItems = 0;

  constructor(
    private readonly b: Uint8Array,
    private readonly start: number,
    private readonly scan: PickleStreamScan,
    private readonly nesting: number,
  ) {
    this.pos = start;
  }

  run(): PickleInfo {
    const info: PickleInfo = { start: this.start, end: this.start, protocol: 0, complete: false, opcodes: 0 };
    try {
      const result = this.loop();
      info.complete = true;
      if (typeof result === 'number' || typeof result === 'bigint') info.result = result;
    } catch (e) {
      info.error = e instanceof Stop ? e.detail : { kind: 'malformed', message: `walker error: ${String(e)}`, offset: this.pos };
    }
    info.end = this.pos;
    info.protocol = this.protocol;
    info.opcodes = this.opcodes;
    if (this.nesting > 0) info.nested = true;
    return info;
  }

  private loop(): Value {
    const b = this.b;
    for (;;) {
      const at = this.pos;
      if (at >= b.length) this.fail('truncated', 'the pickle ends before its STOP opcode', at);
      const op = b[at]!;
      this.pos = at + 1;
      this.opcodes++;
      switch (op) {
        case STOP:
          return this.pop(at);
        case PROTO: {
          const p = b[this.advance(1, at)]!;
          if (p > HIGHEST_PROTOCOL) this.fail('malformed', `unsupported pickle protocol ${p}`, at);
          this.protocol = p;
          break;
        }
        case FRAME:
          this.advance(8, at);
          break;
        case MARK:
          if (this.marks.length >= MAX_MARK_DEPTH) this.fail('limit', 'too many nested MARKs', at);
          this.marks.push(this.stack);
          this.stack = [];
          break;
        case POP:
          if (this.stack.length > 0) this.pop(at);
          else this.popMark(at);
          break;
        case POP_MARK:
          this.popMark(at);
          break;
        case DUP:
          this.scan.dups++;
          this.push(this.top(at), at);
          break;
        case NONE:
          this.push(null, at);
          break;
        case NEWTRUE:
          this.push(true, at);
          break;
        case NEWFALSE:
          this.push(false, at);
          break;
        case INT: {
          const line = this.line(at);
          this.push(line === '01' ? true : line === '00' ? false : parseDecimal(line), at);
          break;
        }
        case LONG:
          this.push(parseDecimal(this.line(at).replace(/L$/, '')), at);
          break;
        case FLOAT:
          this.line(at);
          this.push(FLOAT_VALUE, at);
          break;
        case BININT:
          this.advance(4, at);
          this.push(i32le(b, at + 1), at);
          break;
        case BININT1:
          this.push(b[this.advance(1, at)]!, at);
          break;
        case BININT2:
          this.advance(2, at);
          this.push(u16le(b, at + 1), at);
          break;
        case BINFLOAT:
          this.advance(8, at);
          this.push(FLOAT_VALUE, at);
          break;
        case LONG1: {
          const n = b[this.advance(1, at)]!;
          this.push(decodeLong(this.take(n, at)), at);
          break;
        }
        case LONG4: {
          const n = this.signedLength(at);
          this.push(decodeLong(this.take(n, at)), at);
          break;
        }
        case STRING:
          this.push(keep(unquotePython(this.line(at), () => this.fail('malformed', 'the STRING argument is not quoted', at))), at);
          break;
        case BINSTRING:
          this.push(this.latin1String(this.signedLength(at), at), at);
          break;
        case SHORT_BINSTRING:
          this.push(this.latin1String(b[this.advance(1, at)]!, at), at);
          break;
        case UNICODE:
          this.push(keep(decodeRawUnicodeEscape(this.line(at))), at);
          break;
        case BINUNICODE:
          this.advance(4, at);
          this.push(this.utf8String(u32le(b, at + 1), at), at);
          break;
        case SHORT_BINUNICODE:
          this.push(this.utf8String(b[this.advance(1, at)]!, at), at);
          break;
        case BINUNICODE8:
          this.advance(8, at);
          this.push(this.utf8String(u64le(b, at + 1), at), at);
          break;
        case BINBYTES:
          this.advance(4, at);
          this.skip(u32le(b, at + 1), at);
          this.push(BYTES, at);
          break;
        case SHORT_BINBYTES:
          this.skip(b[this.advance(1, at)]!, at);
          this.push(BYTES, at);
          break;
        case BINBYTES8:
        case BYTEARRAY8:
          this.advance(8, at);
          this.skip(u64le(b, at + 1), at);
          this.push(BYTES, at);
          break;
        case NEXT_BUFFER:
          this.push(BUFFER, at);
          break;
        case READONLY_BUFFER:
          this.top(at);
          break;
        case EMPTY_LIST:
          this.push(LIST_VALUE, at);
          break;
        case EMPTY_TUPLE:
          this.push({ k: 'tuple', items: [] }, at);
          break;
        case EMPTY_DICT:
          this.push({ k: 'dict', kv: [] }, at);
          break;
        case EMPTY_SET:
          this.push(SET_VALUE, at);
          break;
        case LIST:
          this.popMark(at);
          this.push(LIST_VALUE, at);
          break;
        case TUPLE:
          this.push({ k: 'tuple', items: capped(this.popMark(at)) }, at);
          break;
        case FROZENSET:
          this.popMark(at);
          this.push(SET_VALUE, at);
          break;
        case TUPLE1:
        case TUPLE2:
        case TUPLE3: {
          const n = op - TUPLE1 + 1;
          const items: Value[] = new Array<Value>(n);
          for (let i = n - 1; i >= 0; i--) items[i] = this.pop(at);
          this.push({ k: 'tuple', items }, at);
          break;
        }
        case DICT:
          this.push(dictFrom(this.popMark(at)), at);
          break;
        case APPEND:
          // The items of lists and sets are never needed; only the stack shape is.
          this.pop(at);
          this.top(at);
          break;
        case APPENDS:
        case ADDITEMS:
          this.popMark(at);
          this.top(at);
          break;
        case SETITEM: {
          const v = this.pop(at);
          const key = this.pop(at);
          markMutated(this.top(at), 'SETITEM');
          addPairs(this.top(at), [key, v]);
          break;
        }
        case SETITEMS: {
          const items = this.popMark(at);
          markMutated(this.top(at), 'SETITEMS');
          addPairs(this.top(at), items);
          break;
        }
        case GLOBAL: {
          const module = this.line(at);
          const name = this.line(at);
          this.push(this.global(module, name, true, at, 'GLOBAL'), at);
          break;
        }
        case STACK_GLOBAL: {
          const name = this.pop(at);
          const module = this.pop(at);
          const resolved = typeof module === 'string' && typeof name === 'string';
          this.push(this.global(typeof module === 'string' ? module : '?', typeof name === 'string' ? name : '?', resolved, at, 'STACK_GLOBAL'), at);
          break;
        }
        case INST: {
          const module = this.line(at);
          const name = this.line(at);
          const g = this.global(module, name, true, at, 'INST');
          const args: Value = { k: 'tuple', items: capped(this.popMark(at)) };
          this.call(g, args, at, 'INST');
          this.push({ k: 'obj', callee: g, args }, at);
          break;
        }
        case EXT1:
        case EXT2:
        case EXT4: {
          const width = op === EXT1 ? 1 : op === EXT2 ? 2 : 4;
          const arg = this.take(width, at);
          const code = width === 1 ? arg[0]! : width === 2 ? u16le(arg, 0) : i32le(arg, 0);
          this.push(this.global('copyreg', `<extension code ${code}>`, false, at, 'EXT'), at);
          break;
        }
        case REDUCE: {
          const args = this.pop(at);
          const callee = this.pop(at);
          this.call(callee, args, at, 'REDUCE');
          this.push({ k: 'obj', callee, args }, at);
          break;
        }
        case NEWOBJ: {
          const args = this.pop(at);
          const cls = this.pop(at);
          this.call(cls, args, at, 'NEWOBJ');
          this.push({ k: 'obj', callee: cls, args }, at);
          break;
        }
        case NEWOBJ_EX: {
          this.pop(at);
          const args = this.pop(at);
          const cls = this.pop(at);
          this.call(cls, args, at, 'NEWOBJ_EX');
          this.push({ k: 'obj', callee: cls, args }, at);
          break;
        }
        case OBJ: {
          const items = this.popMark(at);
          if (items.length === 0) this.fail('malformed', 'OBJ without a class', at);
          const args: Value = { k: 'tuple', items: capped(items.slice(1)) };
          this.call(items[0]!, args, at, 'OBJ');
          this.push({ k: 'obj', callee: items[0]!, args }, at);
          break;
        }
        case BUILD: {
          const state = this.pop(at);
          const target = this.top(at);
          this.call(target, undefined, at, 'BUILD');
          markMutated(target, 'BUILD');
          if (typeof target === 'object' && target !== null && target.k === 'obj') {
            target.state = state;
            if (isJoblibWrapper(target)) this.skipJoblibArray(target, at);
          }
          break;
        }
        case PERSID:
          this.line(at);
          this.push(PERSISTENT, at);
          break;
        case BINPERSID:
          this.pop(at);
          this.push(PERSISTENT, at);
          break;
        case PUT:
          this.put(parseMemoKey(this.line(at), () => this.fail('malformed', 'PUT with a non-numeric key', at)), at);
          break;
        case BINPUT:
          this.put(b[this.advance(1, at)]!, at);
          break;
        case LONG_BINPUT:
          this.advance(4, at);
          this.put(u32le(b, at + 1), at);
          break;
        case MEMOIZE:
          this.put(this.memoCount, at);
          break;
        case GET:
          this.get(parseMemoKey(this.line(at), () => this.fail('malformed', 'GET with a non-numeric key', at)), at);
          break;
        case BINGET:
          this.get(b[this.advance(1, at)]!, at);
          break;
        case LONG_BINGET:
          this.advance(4, at);
          this.get(u32le(b, at + 1), at);
          break;
        default:
          this.fail('malformed', `invalid opcode 0x${op.toString(16).padStart(2, '0')}`, at);
      }
    }
  }

  // --- Stack ---

  private push(v: Value, at: number): void {
    if (++this.liveItems > MAX_STACK_ITEMS) this.fail('limit', `more than ${MAX_STACK_ITEMS} values on the stack`, at);
    this.stack.push(v);
  }

  private pop(at: number): Value {
    if (this.stack.length === 0) this.fail('malformed', `stack underflow at ${OPCODE_NAMES.get(this.b[at]!) ?? 'opcode'}`, at);
    this.liveItems--;
    return this.stack.pop()!;
  }

  private top(at: number): Value {
    if (this.stack.length === 0) this.fail('malformed', `empty stack at ${OPCODE_NAMES.get(this.b[at]!) ?? 'opcode'}`, at);
    return this.stack[this.stack.length - 1]!;
  }

  private popMark(at: number): Value[] {
    const previous = this.marks.pop();
    if (previous === undefined) this.fail('malformed', `no MARK for ${OPCODE_NAMES.get(this.b[at]!) ?? 'opcode'}`, at);
    const items = this.stack;
    this.liveItems -= items.length;
    this.stack = previous;
    return items;
  }

  // --- Memo ---

  private put(key: number, at: number): void {
    this.scan.memoPuts++;
    const value = this.top(at);
    // Keys are normally stored in order (0, 1, 2, …) and live in the array; a key beyond its end goes to the
    // map until the array reaches it. `memoCount` is the number of distinct keys, as `len(memo)` is for
    // MEMOIZE in CPython, so it must never count a key twice.
    if (key < DENSE_MEMO_KEYS && key <= this.memo.length) {
      if (key === this.memo.length) {
        if (this.sparseMemo.has(key)) this.sparseMemo.delete(key);
        else this.countMemo(at);
      }
      this.memo[key] = value;
      return;
    }
    if (!this.sparseMemo.has(key)) this.countMemo(at);
    this.sparseMemo.set(key, value);
  }

  private countMemo(at: number): void {
    if (++this.memoCount > MAX_MEMO_ENTRIES) this.fail('limit', `more than ${MAX_MEMO_ENTRIES} memo entries`, at);
  }

  private get(key: number, at: number): void {
    this.scan.memoGets++;
    // `null` (None) is a legitimate memo value, so presence is decided by position, not by the value.
    const v = key < this.memo.length ? this.memo[key] : this.sparseMemo.get(key);
    if (v === undefined) this.fail('malformed', `memo key ${key} was never stored`, at);
    this.push(v, at);
  }

  // --- Arguments ---

  /** Consumes `n` argument bytes and returns where they start (no allocation: this is the hot path). */
  private advance(n: number, at: number): number {
    const from = this.pos;
    if (n > this.b.length - from) this.fail('truncated', `the ${OPCODE_NAMES.get(this.b[at]!) ?? 'opcode'} argument runs past the end of the data`, at);
    this.pos = from + n;
    return from;
  }

  /** Consumes `n` argument bytes and returns them (a view, never a copy). */
  private take(n: number, at: number): Uint8Array {
    const from = this.pos;
    if (n > this.b.length - from) this.fail('truncated', `the ${OPCODE_NAMES.get(this.b[at]!) ?? 'opcode'} argument runs past the end of the data`, at);
    this.pos = from + n;
    return this.b.subarray(from, from + n);
  }

  private skip(n: number, at: number): void {
    if (n > this.b.length - this.pos) this.fail('truncated', `the ${OPCODE_NAMES.get(this.b[at]!) ?? 'opcode'} data runs past the end of the data`, at);
    this.pos += n;
  }

  private signedLength(at: number): number {
    const n = i32le(this.b, this.advance(4, at));
    if (n < 0) this.fail('malformed', 'negative length', at);
    return n;
  }

  /** Reads a newline-terminated argument (protocol 0 text opcodes). */
  private line(at: number): string {
    const nl = this.b.indexOf(0x0a, this.pos);
    if (nl === -1) this.fail('truncated', 'a text argument has no end of line', at);
    const from = this.pos;
    this.pos = nl + 1;
    if (nl - from > MAX_KEPT_STRING * 4) return '\u0000long';
    return utf8(this.b, from, nl);
  }

  private utf8String(n: number, at: number): Value {
    const from = this.pos;
    this.skip(n, at);
    return n > MAX_KEPT_STRING ? LONG_STRING : utf8(this.b, from, from + n);
  }

  private latin1String(n: number, at: number): Value {
    const from = this.pos;
    this.skip(n, at);
    return n > MAX_KEPT_STRING ? LONG_STRING : latin1(this.b, from, from + n);
  }

  // --- Records ---

  private global(module: string, name: string, resolved: boolean, at: number, opcode: PickleGlobal['opcode']): GlobalValue {
    const g: PickleGlobal = { qualified: `${module}.${name}`, module, name, resolved, offset: at, opcode };
    if (this.scan.globals.length < MAX_GLOBAL_RECORDS) this.scan.globals.push(g);
    else this.scan.droppedGlobals++;
    return { k: 'global', g };
  }

  private call(callee: Value, args: Value | undefined, at: number, opcode: PickleCall['opcode']): void {
    if (this.scan.calls.length >= MAX_CALL_RECORDS) return;
    const name = calleeName(callee);
    const record: PickleCall = { callee: name, offset: at, opcode };
    const preview = args === undefined ? undefined : previewArgs(args);
    if (preview !== undefined) record.args = preview;
    this.scan.calls.push(record);
  }

  private fail(kind: PickleErrorKind, message: string, offset: number): never {
    throw new Stop({ kind, message, offset });
  }

  // --- joblib ---

  /**
   * joblib writes each array's bytes right after the wrapper's BUILD: an optional alignment byte plus that
   * many padding bytes, then `prod(shape) * itemsize` raw bytes; object arrays are a nested pickle instead.
   */
  private skipJoblibArray(wrapper: ObjectValue, at: number): void {
    const state = wrapper.state;
    if (!isDict(state)) this.fail('malformed', 'joblib NumpyArrayWrapper without a state dict', at);
    const shape = dictGet(state, 'shape');
    const dtype = dictGet(state, 'dtype');
    const alignment = dictGet(state, 'numpy_array_alignment_bytes');
    const layout = dtypeLayout(dtype);
    if (!layout) this.fail('malformed', 'joblib array with a dtype this scanner cannot size', at);
    this.scan.joblibArrays++;
    if (layout.hasObject) {
      if (this.nesting >= MAX_NESTING) this.fail('limit', 'joblib object arrays nested too deeply', at);
      const nested = new Walker(this.b, this.pos, this.scan, this.nesting + 1).run();
      this.scan.pickles.push(nested);
      this.pos = nested.end;
      if (!nested.complete) throw new Stop(nested.error ?? { kind: 'malformed', message: 'nested pickle failed', offset: nested.end });
      return;
    }
    const count = shapeCount(shape);
    if (count === undefined) this.fail('malformed', 'joblib array with a shape this scanner cannot read', at);
    if (typeof alignment === 'number') {
      const padding = this.b[this.advance(1, at)]!;
      this.skip(padding, at);
    }
    this.skip(count * layout.itemSize, at);
  }
}

// --- Value helpers ------------------------------------------------------------------------------------

function keep(s: string): Value {
  return s.length > MAX_KEPT_STRING ? LONG_STRING : s;
}

function capped(items: Value[]): Value[] {
  return items.length > MAX_CONTAINER_ITEMS ? items.slice(0, MAX_CONTAINER_ITEMS) : items;
}

function addPairs(target: Value, flat: Value[]): void {
  if (!isDict(target)) return;
  for (let i = 0; i + 1 < flat.length; i += 2) {
    if (target.kv.length >= 2 * MAX_CONTAINER_ITEMS) return;
    target.kv.push(flat[i]!, flat[i + 1]!);
  }
}

function dictFrom(flat: Value[]): DictValue {
  const d: DictValue = { k: 'dict', kv: [] };
  addPairs(d, flat);
  return d;
}

function isDict(v: Value | undefined): v is DictValue {
  return typeof v === 'object' && v !== null && v.k === 'dict';
}

function dictGet(d: DictValue, key: string): Value | undefined {
  for (let i = 0; i + 1 < d.kv.length; i += 2) if (d.kv[i] === key) return d.kv[i + 1];
  return undefined;
}

/** Records a write into an imported global itself (not into an object built from it). */
function markMutated(target: Value, opcode: NonNullable<PickleGlobal['mutatedBy']>): void {
  if (typeof target === 'object' && target !== null && target.k === 'global') target.g.mutatedBy ??= opcode;
}

function calleeName(v: Value): string {
  if (typeof v === 'object' && v !== null) {
    if (v.k === 'global') return v.g.qualified;
    if (v.k === 'obj') {
      const cls = classOf(v);
      if (cls) return cls;
    }
  }
  return '<object>';
}

/** The class an object was made from: the NEWOBJ class, or the first argument of `copyreg._reconstructor`. */
function classOf(o: ObjectValue): string | undefined {
  const callee = o.callee;
  if (typeof callee !== 'object' || callee === null || callee.k !== 'global') return undefined;
  const name = callee.g.qualified;
  if (name === 'copyreg._reconstructor' || name === 'copy_reg._reconstructor' || name === 'copyreg.__newobj__') {
    const args = o.args;
    if (typeof args === 'object' && args !== null && args.k === 'tuple') {
      const first = args.items[0];
      if (typeof first === 'object' && first !== null && first.k === 'global') return first.g.qualified;
    }
  }
  return name;
}

function isJoblibWrapper(o: ObjectValue): boolean {
  return classOf(o) === 'joblib.numpy_pickle.NumpyArrayWrapper';
}

/** itemsize and object-ness of a pickled `numpy.dtype` (REDUCE with the type string, BUILD with a state tuple). */
function dtypeLayout(v: Value | undefined): { itemSize: number; hasObject: boolean } | undefined {
  if (typeof v !== 'object' || v === null || v.k !== 'obj') return undefined;
  const cls = classOf(v);
  if (cls !== 'numpy.dtype' && !cls?.startsWith('numpy.dtypes.')) return undefined;
  const args = v.args;
  const descr = typeof args === 'object' && args !== null && args.k === 'tuple' ? args.items[0] : undefined;
  if (typeof descr !== 'string') return undefined;
  const state = v.state;
  const stateItems = typeof state === 'object' && state !== null && state.k === 'tuple' ? state.items : [];
  const m = /^[<>|=]?([a-zA-Z?])(\d*)$/.exec(descr);
  if (!m) return undefined;
  const kind = m[1]!;
  // State: (version, byteorder, subdtype, names, fields, elsize, alignment, flags); flag 0x01 means "holds objects".
  const flags = stateItems[7];
  const hasObject = kind === 'O' || (typeof flags === 'number' && (flags & 1) !== 0);
  if (hasObject) return { itemSize: 8, hasObject: true };
  // numpy honours the state's elsize only for flexible types (bytes, str, void); a fixed type's size comes
  // from its code, whatever the state says, so a forged elsize cannot move the walker off joblib's path.
  const elsize = stateItems[5];
  if ('VSUa'.includes(kind) && typeof elsize === 'number' && elsize > 0) return { itemSize: elsize, hasObject: false };
  const digits = m[2] ? Number(m[2]) : NaN;
  if (kind === '?' || kind === 'b' || kind === 'B') return { itemSize: Number.isNaN(digits) ? 1 : digits, hasObject: false };
  if (Number.isNaN(digits)) return undefined;
  return { itemSize: kind === 'U' ? digits * 4 : digits, hasObject: false };
}

function shapeCount(v: Value | undefined): number | undefined {
  if (typeof v !== 'object' || v === null || v.k !== 'tuple') return undefined;
  let count = 1;
  for (const d of v.items) {
    if (typeof d !== 'number' || d < 0) return undefined;
    count *= d;
  }
  return count;
}

function previewArgs(args: Value): string | undefined {
  if (typeof args !== 'object' || args === null || args.k !== 'tuple' || args.items.length === 0) return undefined;
  const parts: string[] = [];
  for (const item of args.items.slice(0, 3)) {
    if (typeof item === 'string') parts.push(`'${printable(item.length > 60 ? `${item.slice(0, 57)}...` : item)}'`);
    else if (typeof item === 'number' || typeof item === 'boolean') parts.push(String(item));
    else parts.push('…');
  }
  if (!parts.some((p) => p !== '…')) return undefined;
  if (args.items.length > 3) parts.push('…');
  return `(${parts.join(', ')}${args.items.length === 1 ? ',' : ''})`;
}

/** Replaces control characters so that previews stay on one readable line. */
function printable(s: string): string {
  // eslint-disable-next-line no-control-regex
  return s.replace(/[\u0000-\u001f\u007f-\u009f]/g, '\u00b7');
}

function parseDecimal(s: string): Value {
  const t = s.trim();
  if (!/^[-+]?\d+$/.test(t)) return BIG_NUMBER;
  const n = Number(t);
  return Number.isSafeInteger(n) ? n : BIG_NUMBER;
}

function parseMemoKey(s: string, onError: () => never): number {
  const t = s.trim();
  if (!/^\d{1,10}$/.test(t)) onError();
  return Number(t);
}

/** Two's-complement little-endian integer (LONG1/LONG4), as a number or, up to 16 bytes, a bigint. */
function decodeLong(bytes: Uint8Array): Value {
  if (bytes.length === 0) return 0;
  if (bytes.length > 16) return BIG_NUMBER;
  let n = 0n;
  for (let i = bytes.length - 1; i >= 0; i--) n = (n << 8n) | BigInt(bytes[i]!);
  if (bytes[bytes.length - 1]! & 0x80) n -= 1n << BigInt(bytes.length * 8);
  return n >= BigInt(Number.MIN_SAFE_INTEGER) && n <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(n) : n;
}

/** Decodes the `repr`-style argument of the protocol 0 STRING opcode. */
function unquotePython(line: string, onError: () => never): string {
  const q = line[0];
  if (line.length < 2 || (q !== "'" && q !== '"') || line[line.length - 1] !== q) onError();
  const body = line.slice(1, -1);
  if (!body.includes('\\')) return body;
  return body.replace(/\\(x[0-9a-fA-F]{2}|[0-7]{1,3}|.)/g, (_m, e: string) => {
    if (e[0] === 'x') return String.fromCharCode(parseInt(e.slice(1), 16));
    if (/^[0-7]/.test(e)) return String.fromCharCode(parseInt(e, 8));
    return SIMPLE_ESCAPES[e] ?? `\\${e}`;
  });
}

const SIMPLE_ESCAPES: Record<string, string> = { n: '\n', t: '\t', r: '\r', '\\': '\\', "'": "'", '"': '"', a: '\x07', b: '\b', f: '\f', v: '\v' };

/** Decodes Python's raw-unicode-escape (the UNICODE opcode): only \uXXXX and \UXXXXXXXX are escapes. */
function decodeRawUnicodeEscape(s: string): string {
  if (!s.includes('\\')) return s;
  return s.replace(/\\u([0-9a-fA-F]{4})|\\U([0-9a-fA-F]{8})/g, (_m, u4?: string, u8?: string) => {
    const cp = parseInt((u4 ?? u8)!, 16);
    return cp <= 0x10ffff ? String.fromCodePoint(cp) : '\ufffd';
  });
}
