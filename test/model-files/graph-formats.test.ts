/**
 * The protobuf formats (ONNX, TensorFlow SavedModel) and TorchServe archives, decoded as their loaders
 * read them, and the per-member verdicts of archives. Real files come from python3-onnx and python3-torch
 * (real-samples/PROVENANCE.md); the SavedModels and hand-built variants are encoded from the .proto field
 * numbers (no TensorFlow in Debian), by the fixture generator or by `protoField` below.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { scanModelFile } from '../../server/src/engine/formats/model-scan';
import { folderEscape } from '../../server/src/engine/formats/folder-escape';
import { forEachField } from '../../server/src/engine/formats/protobuf';
import { scanTensorflowGraph } from '../../server/src/engine/formats/tensorflow-graph';
import { readPt2Program } from '../../server/src/engine/formats/pt2';
import { zipSync, strToU8 } from 'fflate';
import { renderModelReport, verdictOf } from '../../server/src/engine/model-report';
import { check, fixture } from './helpers';

const SAMPLES = join(__dirname, 'real-samples');
const sample = (name: string): Uint8Array => new Uint8Array(readFileSync(join(SAMPLES, name)));
const scan = (name: string, bytes: Uint8Array, fileSize = bytes.length): ReturnType<typeof scanModelFile> => scanModelFile({ path: name, bytes, fileSize });

/** A length-delimited protobuf field (tag and length as varints). */
function protoField(field: number, payload: Uint8Array | string): Uint8Array {
  const body = typeof payload === 'string' ? new Uint8Array(Buffer.from(payload)) : payload;
  return new Uint8Array([...varint(field * 8 + 2), ...varint(body.length), ...body]);
}

function varint(value: number): number[] {
  const out: number[] = [];
  do {
    out.push((value & 0x7f) | (value > 0x7f ? 0x80 : 0));
    value = Math.floor(value / 128);
  } while (value > 0);
  return out;
}

const concat = (...parts: Uint8Array[]): Uint8Array => new Uint8Array(parts.flatMap((p) => [...p]));

test('external-data locations: absolute, drive, backslash and climbing paths leave the folder; resolved ones stay', () => {
  assert.equal(folderEscape('weights.bin'), undefined);
  assert.equal(folderEscape('./data/weights.bin'), undefined);
  assert.equal(folderEscape('data/../weights.bin'), undefined, 'dir/.. resolves inside the folder');
  assert.match(folderEscape('data/../../weights.bin') ?? '', /climbs out/, 'CVE-2024-27318: subdir/../../');
  assert.match(folderEscape('../weights.bin') ?? '', /climbs out/);
  assert.match(folderEscape('/etc/passwd') ?? '', /absolute/);
  assert.match(folderEscape('C:/Windows/win.ini') ?? '', /drive/);
  assert.match(folderEscape('..\\secrets.txt') ?? '', /backslash/);
});

test('the protobuf reader names the field and offset where a message stops, and clips a cut field only when asked', () => {
  const message = concat(protoField(1, 'abc'), protoField(7, 'x'.repeat(40)));
  const cut = message.subarray(0, 20);
  const seen: number[] = [];
  const problem = forEachField(cut, 0, cut.length, (f) => seen.push(f.field));
  assert.deepEqual(seen, [1]);
  assert.match(problem?.message ?? '', /field 7 declares 40 bytes/);
  assert.equal(problem?.offset, 5);
  const clipped: Array<[number, boolean]> = [];
  forEachField(cut, 0, cut.length, (f) => clipped.push([f.field, f.clipped === true]), true);
  assert.deepEqual(clipped, [[1, false], [7, true]]);
  assert.match(forEachField(new Uint8Array([0x0b, 0x00]), 0, 2, () => undefined)?.message ?? '', /groups are deprecated/);
  assert.match(forEachField(new Uint8Array(11).fill(0x80), 0, 11, () => undefined)?.message ?? '', /longer than 10 bytes/);
});

test('a real torch.onnx.export file is an ONNX model with its nodes read and nothing reported', () => {
  const bytes = sample('torch-export.onnx');
  const result = scan('encoder.onnx', bytes);
  assert.equal(result.format, 'onnx');
  assert.ok(result.notes.some((n) => /ONNX model \(IR version \d+, written by pytorch\): [1-9]\d* nodes/.test(n)), result.notes.join('\n'));
  assert.deepEqual(check('encoder.onnx', bytes), []);
  // Content decides: the same bytes under another name are still recognised.
  assert.equal(scan('model.bin', bytes).format, 'onnx');
});

test('ONNX external data written by onnx itself is inside the folder; an escaping location in an If branch is found', () => {
  const inside = scan('onnx-external.onnx', sample('onnx-external.onnx'));
  assert.deepEqual(inside.onnxExternalData.map((d) => [d.tensor, d.location, d.escape]), [['w', 'onnx-external.onnx.data', undefined]]);
  const bytes = sample('onnx-subgraph-escape.onnx');
  const [finding] = check('onnx-subgraph-escape.onnx', bytes);
  assert.equal(finding?.ruleId, 'AIS614');
  assert.equal(finding?.data?.['tensor'], 'bias');
  assert.equal(finding?.data?.['location'], '/root/.ssh/id_rsa');
  const offset = finding?.properties?.['offset'] as number;
  assert.equal(Buffer.from(bytes.subarray(offset, offset + 17)).toString('latin1'), '/root/.ssh/id_rsa', 'the offset points at the location string');
});

test('custom ONNX domains are info; onnxruntime contrib ops and functions defined in the model are not', () => {
  const custom = check('onnx-custom-domain.onnx', sample('onnx-custom-domain.onnx'));
  assert.deepEqual(custom.map((r) => [r.ruleId, r.effectiveSeverity, r.data?.['domain']]), [['AIS615', 'info', 'com.example.ops']]);
  assert.match(custom[0]!.data?.['ops'] ?? '', /1 node: `Decode`/);
  const contrib = scan('onnx-ort-contrib.onnx', sample('onnx-ort-contrib.onnx'));
  assert.deepEqual(contrib.onnxCustomDomains, []);
  assert.ok(contrib.notes.some((n) => /1 node\(s\) of onnxruntime's built-in com\.microsoft operators/.test(n)));
  assert.deepEqual(check('f.onnx', fixture('good-local-function.onnx')), []);
});

test('an ONNX prefix (a large model read in part) keeps what it read and says the rest was not checked', () => {
  const bytes = sample('onnx-subgraph-escape.onnx');
  const result = scan('big.onnx', bytes.subarray(0, bytes.length - 8), bytes.length);
  assert.equal(result.format, 'onnx');
  assert.equal(result.onnxExternalData[0]?.location, '/root/.ssh/id_rsa', 'the tensor before the cut is still read');
  assert.ok(result.gaps.some((g) => g.severity === 'info' && /first .* were read/.test(g.reason)), JSON.stringify(result.gaps));
  const damaged = scan('damaged.onnx', concat(bytes.subarray(0, 40), new Uint8Array([0x0f, 0xff])));
  assert.ok(damaged.gaps.some((g) => g.severity === 'warning'), 'a file that is not a valid ONNX model is a warning');
});

test('SavedModel ops inside tf.function bodies are found in the function library, named with their function', () => {
  const bytes = fixture('bad-saved-model-pyfunc.pb');
  const graph = scanTensorflowGraph(bytes, 'saved_model.pb');
  assert.equal(graph.layout, 'saved-model');
  assert.equal(graph.functions, 1);
  assert.deepEqual(graph.ops.map((o) => [o.op, o.kind, o.where]), [['EagerPyFunc', 'python', 'function __inference_serve_12']]);
  const [finding] = check('saved_model.pb', bytes);
  assert.equal(finding?.ruleId, 'AIS616');
  assert.match(finding?.message ?? '', /`EagerPyFunc` \(1 node, first in the function __inference_serve_12 at byte \d+\)/);
  const offset = finding?.properties?.['offset'] as number;
  assert.equal(Buffer.from(bytes.subarray(offset, offset + 11)).toString('latin1'), 'EagerPyFunc');
  // Checkpoint ops (SaveV2, RestoreV2) are in every SavedModel and are not reported.
  assert.deepEqual(check('saved_model.pb', fixture('good-saved-model.pb')), []);
});

test('a SavedModel cut short is still searched for risky op names after the point where decoding stopped', () => {
  const bytes = fixture('bad-saved-model-read-file.pb');
  const cut = bytes.subarray(0, bytes.length - 3);
  const result = scan('saved_model.pb', cut);
  assert.deepEqual(result.tensorflowFileOps.map((o) => o.op).sort(), ['MatchingFiles', 'ReadFile']);
  assert.ok(result.gaps.some((g) => /does not decode past byte/.test(g.reason)), JSON.stringify(result.gaps));
});

test('SavedModel asset names are read from asset_file_def and checked from the assets/ folder they are joined to', () => {
  const bad = fixture('bad-saved-model-asset-escape.pb');
  const graph = scanTensorflowGraph(bad, 'saved_model.pb');
  assert.deepEqual(graph.assets.map((a) => [a.filename, a.escape ?? 'inside']), [
    ['vocab.txt', 'inside'],
    ['../../../../etc/passwd', 'climbs out of the model folder with `..`'],
    ['/root/.aws/credentials', 'is an absolute path'],
  ]);
  const at = graph.assets[1]!.offset;
  assert.equal(Buffer.from(bad.subarray(at, at + 22)).toString('latin1'), '../../../../etc/passwd', 'the offset points at the name');
  const [finding] = check('saved_model.pb', bad);
  assert.equal(finding?.ruleId, 'AIS618');
  assert.equal(finding?.data?.['filename'], '../../../../etc/passwd');
  assert.match(finding?.messageSuffix ?? '', /^ \(byte \d+\) Also: `\/root\/\.aws\/credentials`\.$/);
  // One `..` from assets/ stays in the export folder (assets/../variables is the SavedModel's own folder).
  assert.equal(folderEscape('../variables/variables.index', 1), undefined);
  assert.equal(folderEscape('../../x', 1), 'climbs out of the model folder with `..`');
  assert.deepEqual(scanTensorflowGraph(fixture('good-saved-model-assets.pb'), 'saved_model.pb').assets.filter((a) => a.escape), []);
  assert.match(renderModelReport('saved_model.pb', scan('saved_model.pb', bad)), /## SavedModel assets\n\n- `vocab\.txt` \(under assets\/\)\n- `\.\.\/\.\.\/\.\.\/\.\.\/etc\/passwd`: \*\*climbs out/);
});

test('file ops on constant paths: a ReadFile in a tf.function (through Identity) and a WriteFile in the graph are AIS618 when the path leaves the folder', () => {
  const bytes = fixture('bad-saved-model-const-path.pb');
  const graph = scanTensorflowGraph(bytes, 'saved_model.pb');
  assert.deepEqual(graph.assets.map((a) => [a.filename, a.readBy?.op, a.readBy?.where, a.escape]), [
    ['../../.bashrc', 'WriteFile', 'graph', 'climbs out of the model folder with `..`'],
    ['/root/.ssh/id_rsa', 'ReadFile', 'function __inference_serve_9', 'is an absolute path'],
  ]);
  const at = graph.assets[1]!.offset;
  assert.equal(Buffer.from(bytes.subarray(at, at + 17)).toString('latin1'), '/root/.ssh/id_rsa', 'the offset points at the constant');
  const reports = check('saved_model.pb', bytes);
  const escape = reports.find((r) => r.ruleId === 'AIS618');
  assert.equal(escape?.data?.['filename'], '../../.bashrc');
  assert.equal(escape?.data?.['source'], 'has a `WriteFile` node (in the graph) whose path is the constant');
  assert.equal(escape?.data?.['effect'], 'running the model overwrites that file');
  assert.match(escape?.messageSuffix ?? '', /Also: `\/root\/\.ssh\/id_rsa`\./);
  assert.ok(reports.some((r) => r.ruleId === 'AIS609'), 'the file ops themselves stay reported');
  assert.match(verdictOf(scan('saved_model.pb', bytes)).summary, /WriteFile \(graph\) works on the constant path \.\.\/\.\.\/\.bashrc/);
  assert.match(renderModelReport('saved_model.pb', scan('saved_model.pb', bytes)), /- `\/root\/\.ssh\/id_rsa` \(a constant path of `ReadFile` in the function \\_\\_inference\\_serve\\_9\): \*\*is an absolute path\*\*/);
});

test('a TensorFlow 1 table initialiser on the export-time path that asset_file_def feeds, or on a plain relative path, is no escape', () => {
  const bytes = fixture('good-saved-model-tf1-table.pb');
  const graph = scanTensorflowGraph(bytes, 'saved_model.pb');
  assert.deepEqual(graph.assets.map((a) => [a.filename, a.escape ?? 'inside']), [['vocab.txt', 'inside']]);
  assert.deepEqual(check('saved_model.pb', bytes), []);
});

test('torch.export archives written by torch 2.6 (serialized_exported_program.json at the top) are read as .pt2: the custom operator is named, plain and cond programs are quiet', () => {
  const custom = sample('torch-export-custom-op.pt2');
  const result = scan('torch-export-custom-op.pt2', custom);
  assert.equal(result.format, 'pt2');
  assert.deepEqual(result.exportPrograms.map((p) => [p.member, p.customNamespaces.map((n) => `${n.namespace}:${n.ops.join(',')}`), p.pythonTargets]), [['serialized_exported_program.json', ['aisec_demo:scale'], []]]);
  const reported = check('torch-export-custom-op.pt2', custom).find((r) => r.ruleId === 'AIS619');
  assert.equal(reported?.effectiveSeverity, 'info');
  assert.match(reported?.data?.['what'] ?? '', /`torch\.ops\.aisec_demo`: scale/);
  for (const name of ['torch-export-benign.pt2', 'torch-export-cond.pt2']) {
    const bytes = sample(name);
    assert.equal(scan(name, bytes).format, 'pt2', name);
    assert.deepEqual(check(name, bytes).filter((r) => r.ruleId === 'AIS619'), [], `${name}: only aten and higher_order operators`);
  }
});

test('a torch.export archive: custom operator namespaces are information, Python targets (also in cond branches) and native code are warnings', () => {
  const custom = check('model.pt2', fixture('bad-export-custom-op.pt2')).find((r) => r.ruleId === 'AIS619');
  assert.equal(custom?.effectiveSeverity, 'info');
  assert.match(custom?.data?.['what'] ?? '', /uses custom operators \(`torch\.ops\.mylib`: rms_norm\) that need a library the application registers/);
  const python = check('model.pt2', fixture('bad-export-python-target.pt2')).find((r) => r.ruleId === 'AIS619');
  assert.equal(python?.effectiveSeverity, 'warning');
  assert.match(python?.data?.['what'] ?? '', /calls the Python callable `torch\.hub\.load` as graph node targets \(archive\/models\/model\.json\)/);
  const native = scan('model.pt2', fixture('bad-export-aoti.pt2'));
  assert.deepEqual(native.nativeCode, ['archive/data/aotinductor/model-cpu/model.so']);
  assert.equal(native.members.find((m) => m.member.endsWith('model.so'))?.verdict, 'suspicious');
  assert.equal(native.members.find((m) => m.member.endsWith('model.cpp'))?.verdict, 'safe', 'the C++ source is not what loads');
  // The extension is only a hint: the same archive named .zip is still read as a torch.export archive.
  assert.equal(scan('download.zip', fixture('bad-export-python-target.pt2')).format, 'pt2');
  const benign = scan('model.pt2', fixture('bad-info-export.pt2'));
  assert.deepEqual([benign.exportPrograms, benign.nativeCode], [[], []]);
  assert.ok(benign.notes.includes('archive/models/model.json: torch.export program with 3 nodes'), JSON.stringify(benign.notes));
  const program = readPt2Program('{"graph_module": {"graph": {"nodes": [');
  assert.match(program.problem ?? '', /does not parse/);
  const broken = zipSync({ 'archive/archive_format': strToU8('pt2'), 'archive/models/model.json': strToU8('{"graph_module": ') });
  assert.ok(scan('model.pt2', broken).gaps.some((g) => g.severity === 'warning' && /program JSON does not parse/.test(g.reason)), 'an unreadable program is not reported clean');
});

test('a TorchServe archive names its handler, the other code, manifest paths outside it, and each member\'s verdict', () => {
  const bytes = fixture('bad-payload.mar');
  const result = scan('model.mar', bytes);
  assert.equal(result.format, 'torchserve');
  assert.deepEqual(result.torchServe?.pathProblems, ['model.serializedFile: ../../weights/model.pt (climbs out of the model folder with `..`)']);
  const byMember = Object.fromEntries(result.members.map((m) => [m.member, m.verdict]));
  assert.equal(byMember['MAR-INF/MANIFEST.json'], 'safe');
  assert.equal(byMember['handler.py'], 'suspicious');
  assert.equal(byMember['model.pt'], 'dangerous', 'a member holding a dangerous nested member is dangerous');
  assert.equal(byMember['model.pt!model/data.pkl'], 'dangerous');
  assert.equal(byMember['model.pt!model/byteorder'], 'safe');
  const reports = check('model.mar', bytes);
  assert.deepEqual(reports.map((r) => r.ruleId), ['AIS601', 'AIS617']);
  assert.match(reports[0]!.messageSuffix ?? '', /Members: handler\.py suspicious; model\.pt dangerous; model\.pt!model\/data\.pkl dangerous; \d+ others \(\d+ safe\)\./);
  assert.equal(reports[1]!.messageSuffix, undefined, 'the sentence is on one finding');
  for (const r of reports) assert.match(String(r.properties?.['members']), /model\.pt!model\/data\.pkl: dangerous \(imports os\.system/);
  assert.match(reports[1]!.data?.['more'] ?? '', /paths outside the archive: model\.serializedFile/);
  assert.match(renderModelReport('model.mar', result), /## Archive members[\s\S]*\| handler\.py \| suspicious \| the TorchServe handler/);
});

test('archive members that could not be read are "not checked" with the reason, and benign archives list every member as safe or pickle', () => {
  const encrypted = scan('model.pt', fixture('bad-encrypted.pt'));
  const notChecked = encrypted.members.filter((m) => m.verdict === 'not-checked');
  assert.ok(notChecked.length > 0 && notChecked.every((m) => m.reason.length > 0), JSON.stringify(encrypted.members));
  const benign = scan('torch-checkpoint.pt', sample('torch-checkpoint.pt'));
  assert.equal(verdictOf(benign).verdict, 'pickle');
  assert.deepEqual([...new Set(benign.members.map((m) => m.verdict))].sort(), ['pickle', 'safe']);
  assert.equal(benign.members.length, benign.membersSeen);
  const scripted = scan('torch-scripted.pt', sample('torch-scripted.pt'));
  assert.ok(scripted.members.some((m) => m.verdict === 'suspicious' && /code\/.+\.py$/.test(m.member)), 'TorchScript code members are suspicious');
});
