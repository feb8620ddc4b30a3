/**
 * Model-file scanner benchmark: throughput (MB/s) over a few hundred MB of generated archives in the
 * formats the scanner reads, peak RSS, hostile inputs (zip bomb, deep nesting, huge declared lengths),
 * and a 100 000-input fuzz run (mutated fixtures and random bytes). Run: `npx tsx bench/model-files.ts`
 * (`--quick` for a smaller run). Pickles inside the archives come from CPython at run time (python3).
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { zipSync, gzipSync, Zip, ZipDeflate } from 'fflate';
import { scanModelFile } from '../server/src/engine/formats/model-scan';
import { verdictOf } from '../server/src/engine/model-report';
import { FIXTURES, mutate, prng } from '../test/model-files/helpers';
import { loadEngine } from '../server/src/host/load-engine';
import { DEFAULT_CONFIG } from '../server/src/engine/index';

const quick = process.argv.includes('--quick');
const MB = 1024 * 1024;

interface Sample {
  name: string;
  bytes: Uint8Array;
}

/** A GGUF v3 file with a vocabulary, a chat template and one tensor of `data` (the llama.cpp layout). */
function gguf(data: Uint8Array): Uint8Array {
  const parts: Buffer[] = [];
  const str = (t: string): Buffer => {
    const b = Buffer.from(t);
    const n = Buffer.alloc(8);
    n.writeBigUInt64LE(BigInt(b.length));
    return Buffer.concat([n, b]);
  };
  const u32 = (n: number): Buffer => Buffer.from(new Uint32Array([n]).buffer);
  const u64 = (n: number): Buffer => Buffer.from(new BigUint64Array([BigInt(n)]).buffer);
  const vocabulary = Array.from({ length: 32_000 }, (_, i) => str(`tok${i}`));
  parts.push(Buffer.from('GGUF'), u32(3), u64(1), u64(3));
  parts.push(str('general.architecture'), u32(8), str('llama'));
  parts.push(str('tokenizer.ggml.tokens'), u32(9), u32(8), u64(vocabulary.length), ...vocabulary);
  parts.push(str('tokenizer.chat_template'), u32(8), str("{% for m in messages %}{{ '<|' + m['role'] + '|>' + m['content'] + eos_token }}{% endfor %}"));
  parts.push(str('token_embd.weight'), u32(1), u64(data.length / 4), u32(0), u64(0));
  const head = Buffer.concat(parts);
  return new Uint8Array(Buffer.concat([head, Buffer.alloc((32 - (head.length % 32)) % 32), Buffer.from(data)]));
}

function pickles(): Record<string, Uint8Array> {
  const script = `
import pickle, collections, json, struct, sys, types
def stand_in(module, **members):
    parts = module.split('.')
    for i in range(1, len(parts) + 1):
        name = '.'.join(parts[:i]); sys.modules.setdefault(name, types.ModuleType(name))
        if i > 1: setattr(sys.modules['.'.join(parts[:i-1])], parts[i-1], sys.modules[name])
    for k, v in members.items():
        v.__module__ = module; v.__qualname__ = k; v.__name__ = k; setattr(sys.modules[module], k, v)
def _rebuild_tensor_v2(*a): pass
class FloatStorage: pass
stand_in('torch._utils', _rebuild_tensor_v2=_rebuild_tensor_v2); stand_in('torch', FloatStorage=FloatStorage)
class S:
    def __init__(self, k, n): self.k, self.n = k, n
class T:
    def __init__(self, s, shape): self.s, self.shape = s, shape
    def __reduce_ex__(self, p): return (_rebuild_tensor_v2, (self.s, 0, self.shape, (self.shape[1], 1), False, collections.OrderedDict()))
class P(pickle.Pickler):
    def persistent_id(self, o): return ('storage', FloatStorage, o.k, 'cpu', o.n) if isinstance(o, S) else None
import io
sd = collections.OrderedDict((f'layers.{i}.weight', T(S(str(i), 4096), (64, 64))) for i in range(2000))
b = io.BytesIO(); P(b, protocol=2).dump(sd)
out = {'state_dict': b.getvalue()}
rows = [{'id': i, 'name': 'row%d' % i, 'score': i * 0.5, 'tags': ['a', 'b'], 'ok': True} for i in range(150000)]
out['rows_p2'] = pickle.dumps(rows, protocol=2)
out['rows_p4'] = pickle.dumps(rows, protocol=4)
print(json.dumps({k: v.hex() for k, v in out.items()}))
`;
  const json = JSON.parse(execFileSync('python3', ['-c', script], { encoding: 'utf8', maxBuffer: 256 * MB })) as Record<string, string>;
  return Object.fromEntries(Object.entries(json).map(([k, v]) => [k, new Uint8Array(Buffer.from(v, 'hex'))]));
}

function floats(bytes: number, seed: number): Uint8Array {
  const out = new Float32Array(bytes / 4);
  for (let i = 0; i < out.length; i++) out[i] = Math.sin(i * 0.001 + seed);
  return new Uint8Array(out.buffer);
}

function npy(data: Uint8Array): Uint8Array {
  let header = `{'descr': '<f4', 'fortran_order': False, 'shape': (${data.length / 4},), }`;
  header += ' '.repeat((64 - ((10 + header.length + 1) % 64)) % 64) + '\n';
  const out = new Uint8Array(10 + header.length + data.length);
  out.set([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 1, 0, header.length & 0xff, header.length >> 8]);
  out.set(new TextEncoder().encode(header), 10);
  out.set(data, 10 + header.length);
  return out;
}

function safetensors(data: Uint8Array): Uint8Array {
  const header = new TextEncoder().encode(JSON.stringify({ w: { dtype: 'F32', shape: [data.length / 4], data_offsets: [0, data.length] }, __metadata__: { format: 'pt' } }));
  const out = new Uint8Array(8 + header.length + data.length);
  new DataView(out.buffer).setBigUint64(0, BigInt(header.length), true);
  out.set(header, 8);
  out.set(data, 8 + header.length);
  return out;
}

function corpus(scale: number): Sample[] {
  const p = pickles();
  const samples: Sample[] = [];
  for (let i = 0; i < 4; i++) {
    const tensors: Record<string, [Uint8Array, { level: 0 }]> = { 'archive/data.pkl': [p['state_dict']!, { level: 0 }], 'archive/byteorder': [new TextEncoder().encode('little'), { level: 0 }] };
    for (let t = 0; t < 16; t++) tensors[`archive/data/${t}`] = [floats((4 * MB * scale) | 0, t + i), { level: 0 }];
    samples.push({ name: `checkpoint-${i}.pt`, bytes: zipSync(tensors) });
  }
  const arrays: Record<string, [Uint8Array, { level: 6 }]> = {};
  for (let a = 0; a < 4; a++) arrays[`a${a}.npy`] = [npy(floats((8 * MB * scale) | 0, a)), { level: 6 }];
  samples.push({ name: 'arrays.npz', bytes: zipSync(arrays) });
  samples.push({ name: 'model.safetensors', bytes: safetensors(floats((64 * MB * scale) | 0, 9)) });
  const rawPickle = new Uint8Array(8 + 1 + 9 + ((32 * MB * scale) | 0) + 1);
  rawPickle.set([0x80, 0x04, 0x8e]);
  new DataView(rawPickle.buffer).setBigUint64(3, BigInt((32 * MB * scale) | 0), true);
  rawPickle[rawPickle.length - 8] = 0x2e;
  samples.push({ name: 'bytes.pkl', bytes: rawPickle.subarray(0, rawPickle.length - 7) });
  samples.push({ name: 'state.pkl.gz', bytes: gzipSync(p['state_dict']!) });
  samples.push({ name: 'model.gguf', bytes: gguf(floats((64 * MB * scale) | 0, 11)) });
  samples.push({ name: 'bundle.zip', bytes: zipSync({ 'models/a.pt': [samples[0]!.bytes, { level: 0 }], 'models/b.gguf': [samples[samples.length - 1]!.bytes.subarray(0, 4 * MB), { level: 0 }] }) });
  samples.push(...libraryLayouts(scale));
  return samples;
}

/**
 * joblib (inline arrays), .keras, ONNX (inline and external data), SavedModel (with assets), TorchServe `.mar` and
 * torch.export `.pt2` files built with the fixture generator's layouts (CPython, numpy-free).
 */
function libraryLayouts(scale: number): Sample[] {
  const dir = mkdtempSync(join(tmpdir(), 'aisec-bench-'));
  try {
    const script = `
import importlib.util, struct, sys, json
spec = importlib.util.spec_from_file_location('gen', sys.argv[1]); gen = importlib.util.module_from_spec(spec); spec.loader.exec_module(gen)
n = int(sys.argv[3])
arrays = {f'coef_{i}': gen.FakeArray('<f4', 4, (n // 4,), bytes(n)) for i in range(4)}
open(sys.argv[2] + '/model.joblib', 'wb').write(gen.joblib_bytes(arrays))
layers = [gen.keras_layer('Dense', f'dense_{i}', {'units': 64}) for i in range(200)]
open(sys.argv[2] + '/model.keras', 'wb').write(gen.zip_bytes([('config.json', json.dumps(gen.keras_model(layers)).encode()), ('model.weights.h5', b'\\x89HDF\\r\\n\\x1a\\n' + bytes(n))]))
# ONNX: 2,000 nodes and 16 initializers holding the weights inline (the usual exporter layout).
nodes = [gen.onnx_node('MatMul', [f'h{i}', f'w{i % 16}'], [f'h{i + 1}']) for i in range(2000)]
open(sys.argv[2] + '/model.onnx', 'wb').write(gen.onnx_model(nodes, [gen.onnx_tensor(f'w{i}', raw=bytes(n // 16)) for i in range(16)]))
# SavedModel: 20,000 graph nodes and 500 library functions of 40 nodes each.
serving = [(f'n{i}', 'Identity', [f'n{i - 1}']) for i in range(20000)]
functions = [(f'__inference_f_{f}', [(f'm{i}', 'MatMul', ['a', 'b']) for i in range(40)]) for f in range(500)]
open(sys.argv[2] + '/saved_model.pb', 'wb').write(gen.saved_model(serving, functions, assets=[f'vocab_{i}.txt' for i in range(50)]))
# ONNX with 64 tensors in external files (each location checked against the folder).
open(sys.argv[2] + '/external.onnx', 'wb').write(gen.onnx_model(nodes[:500], [gen.onnx_tensor(f'x{i}', location=f'weights/x{i}.bin') for i in range(64)]))
# TorchServe: a 300-line handler (one method runs a shell command, so the code rules have a finding to report) and a torch.save checkpoint of n bytes.
weights = gen.Storage('0', n // 4, bytes(n))
sd = {'fc.weight': gen.Tensor(weights, (n // 4,))}
handler = ('from ts.torch_handler.base_handler import BaseHandler\\n\\nclass Handler(BaseHandler):\\n' + ''.join(f'    def step_{i}(self, data):\\n        return [d * {i} for d in data]\\n\\n' for i in range(100)) + '    def run(self, command):\\n        import subprocess\\n        return subprocess.run(command, shell=True)\\n').encode()
manifest = {'model': {'modelName': 'm', 'handler': 'handler.py', 'serializedFile': 'model.pt'}}
open(sys.argv[2] + '/model.mar', 'wb').write(gen.zip_bytes([('MAR-INF/MANIFEST.json', json.dumps(manifest).encode()), ('handler.py', handler), ('model.pt', gen.torch_zip(sd, [weights], prefix='model'))]))
# torch.export: 2,000 nodes and n bytes of weights.
program = [gen.pt2_node('torch.ops.aten.linear.default', [('input', f'h{i}'), ('weight', 'w')], f'h{i + 1}') for i in range(2000)]
open(sys.argv[2] + '/model.pt2', 'wb').write(gen.pt2_archive(program, extra_members=[('archive/data/weights/weight_1', bytes(n))]))
`;
    execFileSync('python3', ['-c', script, join(__dirname, '..', 'scripts', 'gen-model-fixtures.py'), dir, String((8 * MB * scale) | 0)]);
    return ['model.joblib', 'model.keras', 'model.onnx', 'external.onnx', 'saved_model.pb', 'model.mar', 'model.pt2'].map((name) => ({ name, bytes: new Uint8Array(readFileSync(join(dir, name))) }));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** A zip whose one member inflates to `mb` MB of zeros, built without holding the zeros in memory. */
function streamedBomb(mb: number): Uint8Array {
  const parts: Uint8Array[] = [];
  const zip = new Zip((err, data) => {
    if (err) throw err;
    parts.push(data);
  });
  const member = new ZipDeflate('archive/data.pkl', { level: 9 });
  zip.add(member);
  const zeros = new Uint8Array(MB);
  for (let i = 0; i < mb; i++) member.push(zeros, false);
  member.push(new Uint8Array(0), true);
  zip.end();
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

function fixtureCorpus(): Sample[] {
  return readdirSync(FIXTURES).filter((f) => !f.endsWith('.expect')).map((name) => ({ name, bytes: new Uint8Array(readFileSync(join(FIXTURES, name))) }));
}

function time<T>(run: () => T): { ms: number; value: T } {
  const start = process.hrtime.bigint();
  const value = run();
  return { ms: Number(process.hrtime.bigint() - start) / 1e6, value };
}

function main(): void {
  const samples = corpus(quick ? 0.25 : 1);
  const total = samples.reduce((n, s) => n + s.bytes.length, 0);
  const baseline = process.memoryUsage().rss;
  console.log(`model-files bench: ${samples.length} generated files, ${(total / MB).toFixed(0)} MB (RSS with the corpus in memory: ${(baseline / MB).toFixed(0)} MB)`);
  const rounds = quick ? 1 : 3;
  let best = Number.POSITIVE_INFINITY;
  for (let r = 0; r < rounds; r++) {
    const { ms } = time(() => {
      for (const s of samples) {
        const scan = scanModelFile({ path: s.name, bytes: s.bytes, fileSize: s.bytes.length });
        if (scan.gaps.some((g) => g.severity === 'warning')) throw new Error(`${s.name}: ${JSON.stringify(scan.gaps)}`);
      }
    });
    best = Math.min(best, ms);
  }
  console.log(`  throughput: ${(total / MB / (best / 1000)).toFixed(0)} MB/s (best of ${rounds}, ${best.toFixed(0)} ms for ${(total / MB).toFixed(0)} MB)`);
  for (const s of samples) {
    const { ms, value } = time(() => scanModelFile({ path: s.name, bytes: s.bytes, fileSize: s.bytes.length }));
    console.log(`    ${s.name.padEnd(18)} ${(s.bytes.length / MB).toFixed(1).padStart(7)} MB ${ms.toFixed(1).padStart(8)} ms  ${verdictOf(value).verdict.padEnd(10)} ${value.formatLabel}`);
  }
  picklescanCorpus();
  sevenZipSamples();

  const p = pickles();
  for (const key of ['rows_p2', 'rows_p4']) {
    const bytes = p[key]!;
    let bestWalk = Number.POSITIVE_INFINITY;
    for (let r = 0; r < 3; r++) bestWalk = Math.min(bestWalk, time(() => scanModelFile({ path: `${key}.pkl`, bytes, fileSize: bytes.length })).ms);
    console.log(`  pickle opcode walk (${key}, ${(bytes.length / MB).toFixed(1)} MB of small objects): ${(bytes.length / MB / (bestWalk / 1000)).toFixed(0)} MB/s`);
  }

  console.log('  hostile inputs:');
  const bomb = streamedBomb(512);
  const deep = new Uint8Array(16 * MB).fill(0x28);
  const memo = new Uint8Array(8 * MB);
  memo.set([0x80, 0x02, 0x4e]);
  for (let i = 3; i + 2 <= memo.length; i += 2) memo.set([0x71, i & 0xff], i);
  let nested = zipSync({ 'archive/data.pkl': [new Uint8Array([0x80, 0x02, 0x4e, 0x2e]), { level: 0 }] });
  for (let i = 0; i < 50; i++) nested = zipSync({ [`l${i}/inner.zip`]: [nested, { level: 0 }] });
  for (const [name, bytes] of [['zip-bomb.pt (512 MB of zeros)', bomb], ['marks.pkl (16 MB of MARKs)', deep], ['binputs.pkl (8 MB of BINPUTs)', memo], ['nested.pt (50-deep nested zips)', nested]] as const) {
    const { ms, value } = time(() => scanModelFile({ path: name.split(' ')[0]!, bytes, fileSize: bytes.length }));
    console.log(`    ${name.padEnd(30)} ${(bytes.length / MB).toFixed(2).padStart(7)} MB ${ms.toFixed(1).padStart(8)} ms  ${verdictOf(value).verdict}: ${value.gaps[0]?.reason ?? ''}`);
  }

  const inputs = quick ? 10_000 : 100_000;
  const fixtures = fixtureCorpus();
  const random = prng(2026);
  let slowest = 0;
  let slowestName = '';
  let failures = 0;
  const fuzz = time(() => {
    for (let i = 0; i < inputs; i++) {
      let bytes: Uint8Array;
      let name: string;
      if (i % 5 === 4) {
        bytes = new Uint8Array(Math.floor(random() * 2048));
        for (let k = 0; k < bytes.length; k++) bytes[k] = Math.floor(random() * 256);
        name = 'random.pkl';
      } else {
        const f = fixtures[i % fixtures.length]!;
        bytes = mutate(f.bytes, random);
        if (random() < 0.3) bytes = mutate(bytes, random);
        name = f.name;
      }
      const start = process.hrtime.bigint();
      const scan = scanModelFile({ path: name, bytes, fileSize: bytes.length });
      const ms = Number(process.hrtime.bigint() - start) / 1e6;
      if (ms > slowest) {
        slowest = ms;
        slowestName = name;
      }
      if (scan.gaps.some((g) => g.reason.startsWith('the scanner failed'))) failures++;
    }
  });
  console.log(`  fuzz: ${inputs} inputs in ${(fuzz.ms / 1000).toFixed(1)} s (${Math.round(inputs / (fuzz.ms / 1000))}/s), slowest ${slowest.toFixed(1)} ms (${slowestName}), internal failures ${failures}`);
  console.log(`  peak RSS: ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB (the generated corpus alone accounts for ${(baseline / MB).toFixed(0)} MB)`);
  if (failures > 0) process.exitCode = 1;
}

/** picklescan's 109 test files (test/model-files/picklescan-corpus): small hostile files, so files per second. */
function picklescanCorpus(): void {
  const root = join(__dirname, '..', 'test', 'model-files', 'picklescan-corpus');
  const files = ['data', 'data2'].flatMap((d) => readdirSync(join(root, d)).map((f) => ({ name: f, bytes: new Uint8Array(readFileSync(join(root, d, f))) })));
  let best = Number.POSITIVE_INFINITY;
  let dangerous = 0;
  for (let r = 0; r < 5; r++) {
    const { ms, value } = time(() => files.filter((f) => verdictOf(scanModelFile({ path: f.name, bytes: f.bytes, fileSize: f.bytes.length })).verdict === 'dangerous').length);
    best = Math.min(best, ms);
    dangerous = value;
  }
  console.log(`  picklescan corpus: ${files.length} files in ${best.toFixed(1)} ms (${Math.round(files.length / (best / 1000))} files/s), ${dangerous} dangerous`);
}

/**
 * The 7z archives made by 7-Zip (test/model-files/sevenzip-samples): the whole set, and the 300 MB bomb at the
 * default limits, which decodes LZMA2 up to the 128 MB member limit (the decoder's throughput).
 */
function sevenZipSamples(): void {
  const root = join(__dirname, '..', 'test', 'model-files', 'sevenzip-samples');
  const files = readdirSync(root).filter((f) => /\.(7z|zip)$/.test(f) && f !== '7z-bomb.7z').map((f) => ({ name: f, bytes: new Uint8Array(readFileSync(join(root, f))) }));
  let best = Number.POSITIVE_INFINITY;
  for (let r = 0; r < 3; r++) best = Math.min(best, time(() => files.forEach((f) => scanModelFile({ path: f.name, bytes: f.bytes, fileSize: f.bytes.length }))).ms);
  const bomb = new Uint8Array(readFileSync(join(root, '7z-bomb.7z')));
  const { ms, value } = time(() => scanModelFile({ path: '7z-bomb.7z', bytes: bomb, fileSize: bomb.length }));
  const decodedMb = value.gaps.some((g) => /decompression bomb/.test(g.reason)) ? 128 : 0;
  console.log(`  7z samples: ${files.length} archives (LZMA, LZMA2, BCJ, DEFLATE, copy; 3 MB pickles) in ${best.toFixed(1)} ms best of 3; 7z bomb (300 MB of zeros in 43 KB) stopped after ${decodedMb} MB in ${ms.toFixed(0)} ms (${(decodedMb / (ms / 1000)).toFixed(0)} MB/s LZMA2), ${verdictOf(value).verdict}`);
}

/** The whole engine on a TorchServe archive: the scan plus the Python code rules over its 300-line handler. */
async function engineOnArchiveCode(): Promise<void> {
  const engine = await loadEngine();
  const mar = corpusSample('model.mar');
  let best = Number.POSITIVE_INFINITY;
  let codeFindings = 0;
  for (let r = 0; r < 5; r++) {
    const { ms, value } = time(() => engine.analyzeBytes({ path: 'model.mar', bytes: mar, fileSize: mar.length, config: DEFAULT_CONFIG, ports: {} }));
    best = Math.min(best, ms);
    codeFindings = value.findings.filter((f) => f.member).length;
  }
  console.log(`  engine on model.mar (scan + code rules on handler.py): ${best.toFixed(1)} ms, ${codeFindings} code finding(s)`);
}

let cachedLayouts: Sample[] | undefined;
function corpusSample(name: string): Uint8Array {
  cachedLayouts ??= libraryLayouts(quick ? 0.25 : 1);
  return cachedLayouts.find((s) => s.name === name)!.bytes;
}

main();
void engineOnArchiveCode();
