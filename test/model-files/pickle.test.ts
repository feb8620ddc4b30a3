/**
 * The pickle opcode walker against real CPython output (generated at test time for protocols 0 to 5)
 * and against hand-built hostile streams.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { walkPickles, LEGACY_TORCH_MAGIC } from '../../server/src/engine/formats/pickle';
import { classifyGlobal } from '../../server/src/engine/formats/pickle-policy';
import { pythonBytes } from './helpers';

const vectors = pythonBytes(`
import pickle, os, collections, subprocess, fractions, datetime
class Evil:
    def __reduce__(self): return (os.system, ('id',))
class WithState:
    def __init__(self): self.x = [1, 2, 3]; self.name = 'w'
WithState.__module__ = 'mylib.models'
import sys, types
sys.modules['mylib'] = types.ModuleType('mylib'); sys.modules['mylib.models'] = types.ModuleType('mylib.models')
sys.modules['mylib'].models = sys.modules['mylib.models']; sys.modules['mylib.models'].WithState = WithState
data = {'a': [1, 2.5, 'x', b'raw', None, True], 'b': collections.OrderedDict(k=(1,)), 'c': {1, 2}, 'd': frozenset({3}), 'big': 2**100, 'neg': -5, 'f': fractions.Fraction(1, 3), 'dt': datetime.date(2024, 1, 2), 'long': 'y' * 5000, 'bytes': b'z' * 70000}
for p in range(0, 6):
    out['data%d' % p] = pickle.dumps(data, protocol=p)
    out['evil%d' % p] = pickle.dumps([data, Evil()], protocol=p)
    out['obj%d' % p] = pickle.dumps(WithState(), protocol=p)
out['three'] = pickle.dumps(1, protocol=2) + pickle.dumps(Evil(), protocol=0) + pickle.dumps({'k': 'v'}, protocol=4)
out['magic'] = pickle.dumps(0x1950a86a20f9469cfc6c, protocol=2)
out['memo_strings'] = pickle.dumps(['subprocess', 'Popen', type('P', (), {'__reduce__': lambda s: (subprocess.Popen, (['id'],))})()], protocol=4)
out['buffers'] = pickle.dumps(pickle.PickleBuffer(b'abc'), protocol=5)
`);

test('protocols 0 to 5: plain data walks to STOP with only allow-listed or no globals', () => {
  for (let p = 0; p <= 5; p++) {
    const scan = walkPickles(vectors[`data${p}`]!);
    assert.equal(scan.pickles.length, 1, `protocol ${p}`);
    assert.equal(scan.pickles[0]!.complete, true, `protocol ${p}: ${scan.pickles[0]!.error?.message}`);
    assert.equal(scan.pickles[0]!.protocol, p < 2 ? 0 : p);
    assert.equal(scan.trailingBytes, 0);
    const names = new Set(scan.globals.map((g) => g.qualified));
    for (const name of names) {
      const g = scan.globals.find((x) => x.qualified === name)!;
      assert.notEqual(classifyGlobal(g.module, g.name, g.resolved).level, 'dangerous', `protocol ${p}: ${name}`);
    }
  }
});

test('protocols 0 to 5: the payload global and its REDUCE are recorded with the opcode offset', () => {
  for (let p = 0; p <= 5; p++) {
    const bytes = vectors[`evil${p}`]!;
    const scan = walkPickles(bytes);
    const system = scan.globals.find((g) => g.name === 'system');
    assert.ok(system, `protocol ${p}: os.system found`);
    assert.equal(system.module, 'posix', 'CPython pickles os.system as posix.system on Linux');
    assert.equal(classifyGlobal(system.module, system.name, system.resolved).level, 'dangerous');
    assert.equal(bytes[system.offset], p >= 4 ? 0x93 : 0x63, `protocol ${p}: offset points at ${p >= 4 ? 'STACK_GLOBAL' : 'GLOBAL'}`);
    const call = scan.calls.find((c) => c.callee === 'posix.system');
    assert.ok(call, `protocol ${p}: REDUCE recorded`);
    assert.equal(call.opcode, 'REDUCE');
    assert.equal(call.args, "('id',)");
  }
});

test('protocols 0 to 5: object construction is recorded (INST/OBJ in 0-1, NEWOBJ in 2+, BUILD)', () => {
  for (let p = 0; p <= 5; p++) {
    const scan = walkPickles(vectors[`obj${p}`]!);
    assert.equal(scan.pickles[0]!.complete, true);
    assert.ok(scan.globals.some((g) => g.qualified === 'mylib.models.WithState'), `protocol ${p}`);
    const ops = new Set(scan.calls.map((c) => c.opcode));
    assert.ok(ops.has('BUILD'), `protocol ${p}: BUILD`);
    assert.ok(p >= 2 ? ops.has('NEWOBJ') : ops.has('REDUCE') || ops.has('INST') || ops.has('OBJ'), `protocol ${p}: ${[...ops].join(',')}`);
  }
});

test('STACK_GLOBAL operands are resolved through the memo', () => {
  const scan = walkPickles(vectors['memo_strings']!);
  const g = scan.globals.find((x) => x.opcode === 'STACK_GLOBAL');
  assert.ok(g);
  assert.equal(g.qualified, 'subprocess.Popen');
  assert.equal(g.resolved, true);
});

test('several pickles in one buffer are all walked', () => {
  const scan = walkPickles(vectors['three']!);
  assert.equal(scan.pickles.length, 3);
  assert.ok(scan.pickles.every((p) => p.complete));
  assert.deepEqual(scan.pickles.map((p) => p.protocol), [2, 0, 4]);
  assert.ok(scan.globals.some((g) => g.qualified === 'posix.system'));
});

test('the legacy PyTorch magic number is read from the first pickle', () => {
  const scan = walkPickles(vectors['magic']!);
  assert.equal(scan.pickles[0]!.result, LEGACY_TORCH_MAGIC);
});

test('protocol 5 out-of-band buffers are walked', () => {
  const scan = walkPickles(vectors['buffers']!);
  assert.equal(scan.pickles[0]!.complete, true, scan.pickles[0]!.error?.message);
});

test('every prefix of a real pickle stops safely with a truncation and keeps earlier globals', () => {
  const bytes = vectors['evil4']!;
  const full = walkPickles(bytes);
  const systemAt = full.globals.find((g) => g.name === 'system')!.offset;
  for (let cut = 1; cut < bytes.length; cut++) {
    const scan = walkPickles(bytes.subarray(0, cut));
    const last = scan.pickles[scan.pickles.length - 1]!;
    assert.equal(last.complete, false, `cut at ${cut}`);
    assert.ok(last.error, `cut at ${cut}`);
    if (cut > systemAt) assert.ok(scan.globals.some((g) => g.name === 'system'), `cut at ${cut}: the global before the cut is kept`);
  }
});

test('hostile streams: unresolvable STACK_GLOBAL, extension codes, bad memo, underflow, invalid opcode, bad protocol', () => {
  const computed = walkPickles(bytesOf('\x80\x04\x8c\x08builtins\x8c\x03str\x93\x8c\x02os\x85R\x8c\x06system\x93)R.'));
  const unresolved = computed.globals.find((g) => !g.resolved)!;
  assert.equal(unresolved.qualified, '?.system');
  assert.equal(classifyGlobal(unresolved.module, unresolved.name, unresolved.resolved).level, 'dangerous');
  const ext = walkPickles(bytesOf('\x80\x02\x83\x01\x02)R.'));
  assert.equal(ext.globals[0]!.opcode, 'EXT');
  assert.equal(ext.globals[0]!.resolved, false);
  assert.match(walkPickles(bytesOf('\x80\x02h\x05.')).pickles[0]!.error!.message, /memo key 5/);
  assert.match(walkPickles(bytesOf('\x80\x02R.')).pickles[0]!.error!.message, /stack underflow/);
  assert.match(walkPickles(bytesOf('\x80\x02\xff')).pickles[0]!.error!.message, /invalid opcode 0xff/);
  assert.match(walkPickles(bytesOf('\x80\x09N.')).pickles[0]!.error!.message, /unsupported pickle protocol 9/);
  assert.match(walkPickles(bytesOf('\x80\x02e.')).pickles[0]!.error!.message, /no MARK/);
});

test('hostile lengths never allocate or wrap: huge BINUNICODE8/BINBYTES8/FRAME lengths are truncations', () => {
  for (const op of ['\x8d', '\x8e', '\x96']) {
    const scan = walkPickles(bytesOf(`\x80\x05${op}\xff\xff\xff\xff\xff\xff\xff\x7f`));
    assert.equal(scan.pickles[0]!.error?.kind, 'truncated');
  }
  assert.equal(walkPickles(bytesOf('\x80\x04\x95\xff\xff\xff\xff\xff\xff\xff\xffN.')).pickles[0]!.complete, true, 'FRAME lengths are advisory');
  assert.equal(walkPickles(bytesOf('\x80\x02T\xff\xff\xff\xff')).pickles[0]!.error?.kind, 'malformed', 'negative BINSTRING length');
});

test('deep MARK nesting and long DUP chains stay within limits', () => {
  const marks = new Uint8Array(200_001).fill(0x28);
  const scan = walkPickles(marks);
  assert.equal(scan.pickles[0]!.error?.kind, 'limit');
  const dups = new Uint8Array(2_000_010).fill(0x32);
  dups[0] = 0x80;
  dups[1] = 0x02;
  dups[2] = 0x4e;
  const dupScan = walkPickles(dups);
  assert.equal(dupScan.pickles[0]!.error?.kind, 'limit');
});

test('text opcodes decode escapes (STRING, UNICODE) so that module names are exact', () => {
  const scan = walkPickles(bytesOf("\x80\x04S'o\\x73'\nVsys\\u0074em\n\x93)R."));
  assert.equal(scan.globals[0]!.qualified, 'os.system');
});

test('a trailing non-pickle after a STOP is trailing data, not an error', () => {
  const scan = walkPickles(bytesOf('\x80\x02N.\x00\x01\x02garbage'));
  assert.equal(scan.pickles.length, 1);
  assert.equal(scan.pickles[0]!.complete, true);
  assert.equal(scan.trailingBytes, 10);
});

function bytesOf(latin1: string): Uint8Array {
  return new Uint8Array(Buffer.from(latin1, 'latin1'));
}

test('a stream of more pickles than the walker follows is flagged, not silently cut', () => {
  const one = bytesOf('\x80\x02N.');
  const many = new Uint8Array(one.length * 10_001);
  for (let i = 0; i < 10_001; i++) many.set(one, i * one.length);
  const scan = walkPickles(many);
  assert.equal(scan.pickles.length, 10_000);
  assert.equal(scan.pickleCapHit, true);
});

test('memo: None values, out-of-order keys and MEMOIZE indices follow CPython', () => {
  // PUT 5 'os'; PUT 0 'system'; MEMOIZE (index 2, the count of distinct keys) a None; GET 5, GET 0 → os.system.
  const scan = walkPickles(bytesOf('\x80\x04\x8c\x02osq\x050\x8c\x06systemq\x000N\x940h\x05h\x00\x93)R.'));
  assert.equal(scan.pickles[0]!.complete, true, scan.pickles[0]!.error?.message);
  assert.equal(scan.globals[0]!.qualified, 'os.system');
  const none = walkPickles(bytesOf('\x80\x02Nq\x000h\x00.'));
  assert.equal(none.pickles[0]!.complete, true, none.pickles[0]!.error?.message);
  const repeated = new Uint8Array(3 + 2 * 1_500_000 + 1);
  repeated.set([0x80, 0x02, 0x4e]);
  for (let i = 3; i + 2 <= repeated.length - 1; i += 2) repeated.set([0x71, 7], i);
  repeated[repeated.length - 1] = 0x2e;
  assert.notEqual(walkPickles(repeated).pickles[0]!.error?.kind, 'limit', 'rewriting one key is not a new entry');
});
