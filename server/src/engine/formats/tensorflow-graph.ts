/**
 * TensorFlow protobuf graphs (`saved_model.pb`, frozen `.pb` graphs, `keras_metadata.pb`). A graph is data,
 * not Python, but some of its ops reach outside the computation when a model from elsewhere is loaded and
 * run:
 * - file-system ops (`ReadFile`, `MatchingFiles`, the file readers; `WriteFile`) that read or overwrite
 *   files the graph names (modelscan rates `ReadFile`/`WriteFile` HIGH; `WholeFileReaderV2` was a published
 *   modelscan bypass);
 * - Python callbacks (`PyFunc`, `PyFuncStateless`, `EagerPyFunc`) that call a Python function registered in
 *   the loading process;
 * - Keras `Lambda` layers recorded in the Keras metadata, whose Python bytecode runs when Keras revives the
 *   model.
 *
 * The graph is decoded as protobuf: `SavedModel.meta_graphs` (2) → `MetaGraphDef.graph_def` (2) →
 * `GraphDef.node` (1) and `GraphDef.library` (2) → `FunctionDefLibrary.function` (1) →
 * `FunctionDef.node_def` (3), each `NodeDef` giving its `op` (2); a frozen graph is a `GraphDef` at the top.
 * `MetaGraphDef.asset_file_def` (6) → `AssetFileDef.filename` (2) names the files under the SavedModel's
 * `assets/` folder that the loader feeds to the graph (vocabularies, lookup tables): TensorFlow joins
 * `<export dir>/assets/<filename>` without containment, so an absolute name or `..` makes the graph read
 * any file of the machine. The path a file op (`ReadFile`, `WriteFile`, `MatchingFiles`, a lookup table
 * initialised from a text file) works on is usually a `Const` node of the same graph or function, through
 * `Identity` nodes; such a constant that is absolute or climbs with `..` is reported like an escaping asset,
 * unless `asset_file_def.tensor_info` names it (TensorFlow 1 SavedModels keep the export-time path there and
 * the loader feeds the asset's real path instead). Ops inside `tf.function`s live only in the function
 * library, which is why a reader of top-level nodes alone misses them. When the bytes do not decode to the end (a prefix of a large file, damage), the rest
 * is searched for the op names exactly as the wire format stores a string field, so nothing after the
 * damage is silently dropped.
 */
import { indexOfAscii } from './bytes';
import { folderEscape } from './folder-escape';
import { fieldText, FieldCursor, mapEntry, WIRE_LENGTH_DELIMITED, type ProtoField, type ProtoProblem } from './protobuf';

export type TensorflowOpKind = 'file-read' | 'file-write' | 'python';

export interface TensorflowOpSite {
  op: string;
  kind: TensorflowOpKind;
  /** Offset of the first node's op name. */
  offset: number;
  count: number;
  /** Where the first node sits: `graph` or `function <name>`. */
  where: string;
}

export interface TensorflowAsset {
  /** The name as the proto stores it, relative to `assets/`; for a constant path, the path itself. */
  filename: string;
  /** Set when the path is a `Const` value that a file op works on rather than an `asset_file_def` name. */
  readBy?: { op: string; where: string };
  /** Offset of the name's bytes. */
  offset: number;
  /** Why `<export dir>/assets/<filename>` leaves the export folder (`folderEscape`), if it does. */
  escape?: string;
}

export interface TensorflowGraphScan {
  /** True when the bytes decode as a SavedModel or GraphDef with nodes, or name ops every graph uses. */
  recognised: boolean;
  layout?: 'saved-model' | 'graph-def';
  nodes: number;
  functions: number;
  /** Ops that read or write files or call Python. */
  ops: TensorflowOpSite[];
  /** Offsets of Keras Lambda layer records. */
  lambdaOffsets: number[];
  /** SavedModel asset files (`asset_file_def`), each with why it leaves the model folder, if it does. */
  assets: TensorflowAsset[];
  /** Where decoding stopped before the end, if it did. */
  problem?: ProtoProblem;
}

/** The ops reported, by what they do. Checkpoint save/restore ops are left out: every SavedModel has them. */
export const TENSORFLOW_RISKY_OPS: ReadonlyMap<string, TensorflowOpKind> = new Map<string, TensorflowOpKind>([
  ['ReadFile', 'file-read'],
  ['MatchingFiles', 'file-read'],
  ['WholeFileReader', 'file-read'],
  ['WholeFileReaderV2', 'file-read'],
  ['TextLineReader', 'file-read'],
  ['TextLineReaderV2', 'file-read'],
  ['FixedLengthRecordReader', 'file-read'],
  ['FixedLengthRecordReaderV2', 'file-read'],
  ['TFRecordReader', 'file-read'],
  ['TFRecordReaderV2', 'file-read'],
  ['LMDBReader', 'file-read'],
  ['ImmutableConst', 'file-read'],
  ['WriteFile', 'file-write'],
  ['CreateSummaryFileWriter', 'file-write'],
  ['PyFunc', 'python'],
  ['PyFuncStateless', 'python'],
  ['EagerPyFunc', 'python'],
]);

/** Protobuf tags of length-delimited fields 1 and 2 (`OpDef.name`, `NodeDef.op`), for the fallback search. */
const STRING_FIELD_TAGS = [0x0a, 0x12];
/** Op names every TensorFlow graph mentions: their presence says "this is a TF graph" when decoding fails. */
const COMMON_OPS = ['Placeholder', 'Const', 'Identity', 'VarHandleOp', 'ReadVariableOp', 'StatefulPartitionedCall', 'NoOp', 'SaveV2', 'MatMul'];
const MAX_MESSAGES = 2_000_000;
const OP_NAME = /^[A-Z][A-Za-z0-9_]*$/;

type Kind = 'saved-model' | 'meta-graph' | 'graph' | 'library' | 'function' | 'node' | 'asset';

/** File ops and which of their inputs is the path: those whose path may be a constant of the graph. */
const PATH_INPUT: ReadonlyMap<string, number> = new Map([
  ['ReadFile', 0],
  ['WriteFile', 0],
  ['MatchingFiles', 0],
  ['InitializeTableFromTextFile', 1],
  ['InitializeTableFromTextFileV2', 1],
]);

/** What the walk keeps of nodes to resolve file-op paths afterwards, per graph or function. */
interface PathFacts {
  /** String constants by scope and node name: the first `string_val` and its offset. */
  constants: Map<string, Map<string, { value: string; offset: number }>>;
  /** `Identity` nodes by scope and name: the node they pass on. */
  identities: Map<string, Map<string, string>>;
  /** File ops with the node their path input names. */
  uses: Array<{ op: string; where: string; input: string }>;
  /** Node names whose value the loader replaces with an asset path (`asset_file_def.tensor_info.name`). */
  assetTensors: Set<string>;
}

interface Work {
  kind: Kind;
  start: number;
  end: number;
  where: string;
}

export function scanTensorflowGraph(b: Uint8Array, name = ''): TensorflowGraphScan {
  const out: TensorflowGraphScan = { recognised: false, nodes: 0, functions: 0, ops: [], lambdaOffsets: [], assets: [] };
  const layout = layoutOf(b, name);
  out.layout = layout;
  const byOp = new Map<string, TensorflowOpSite>();
  const paths: PathFacts = { constants: new Map(), identities: new Map(), uses: [], assetTensors: new Set() };
  const stack: Work[] = [{ kind: layout === 'saved-model' ? 'saved-model' : 'graph', start: 0, end: b.length, where: 'graph' }];
  let messages = 0;
  while (stack.length > 0 && ++messages <= MAX_MESSAGES) {
    const problem = walk(b, stack.pop()!, out, stack, byOp, paths);
    if (problem && !out.problem) out.problem = problem;
  }
  addConstantPaths(paths, out);
  if (stack.length > 0 && !out.problem) out.problem = { message: `more than ${MAX_MESSAGES} messages`, offset: 0 };
  out.recognised = out.nodes > 0 || COMMON_OPS.some((op) => findStringField(b, op, 0) !== -1);
  if (out.problem) addFallbackMatches(b, byOp);
  out.ops = [...byOp.values()].sort((x, y) => x.offset - y.offset);
  out.assets.sort((x, y) => x.offset - y.offset);
  for (const needle of ['"class_name": "Lambda"', '"class_name":"Lambda"']) {
    for (let at = indexOfAscii(b, needle); at !== -1 && out.lambdaOffsets.length < 200; at = indexOfAscii(b, needle, at + 1)) out.lambdaOffsets.push(at);
  }
  return out;
}

/** A SavedModel starts with its schema version (field 1, a varint); a GraphDef's field 1 is a node message. */
function layoutOf(b: Uint8Array, name: string): 'saved-model' | 'graph-def' {
  if (/(^|[\\/!])saved_model\.pb$/i.test(name)) return 'saved-model';
  return b[0] === 0x08 ? 'saved-model' : 'graph-def';
}

/** Message kinds by field number: which fields of each message hold the messages walked next. */
const CHILDREN: Record<Kind, ReadonlyMap<number, Kind>> = {
  'saved-model': new Map([[2, 'meta-graph']]),
  'meta-graph': new Map<number, Kind>([[2, 'graph'], [6, 'asset']]),
  graph: new Map<number, Kind>([[1, 'node'], [2, 'library']]),
  library: new Map([[1, 'function']]),
  function: new Map(),
  node: new Map(),
  asset: new Map(),
};

/** At most this many asset names are kept (a SavedModel has a handful). */
const MAX_ASSETS = 1_000;

function walk(b: Uint8Array, work: Work, out: TensorflowGraphScan, stack: Work[], byOp: Map<string, TensorflowOpSite>, paths: PathFacts): ProtoProblem | undefined {
  const cursor = new FieldCursor(b, work.start, work.end, true);
  if (work.kind === 'function') {
    out.functions++;
    let functionName = '';
    const nodes: Array<[number, number]> = [];
    while (cursor.next()) {
      if (cursor.wire !== WIRE_LENGTH_DELIMITED) continue;
      if (cursor.field === 1) functionName = signatureName(b, cursor.start, cursor.end);
      else if (cursor.field === 3) nodes.push([cursor.start, cursor.end]);
    }
    const where = `function ${functionName || '(unnamed)'}`;
    for (const [start, end] of nodes) stack.push({ kind: 'node', start, end, where });
    return cursor.problem;
  }
  if (work.kind === 'node') {
    let name = '';
    let op = '';
    const inputs: string[] = [];
    let constant: { value: string; offset: number } | undefined;
    while (cursor.next()) {
      if (cursor.wire !== WIRE_LENGTH_DELIMITED) continue;
      if (cursor.field === 1) name = fieldText(b, cursor);
      else if (cursor.field === 2) {
        op = fieldText(b, cursor);
        countOp(b, cursor, work.where, out, byOp);
      } else if (cursor.field === 3 && inputs.length < 8) inputs.push(fieldText(b, cursor));
      else if (cursor.field === 5) constant ??= stringAttrValue(b, cursor.start, cursor.end);
    }
    recordPathFacts(paths, work.where, name, op, inputs, constant);
    return cursor.problem;
  }
  if (work.kind === 'asset') {
    while (cursor.next()) {
      if (cursor.wire !== WIRE_LENGTH_DELIMITED) continue;
      if (cursor.field === 1) {
        // TensorInfo.name (1): the graph tensor the loader feeds this asset's path into.
        const info = new FieldCursor(b, cursor.start, cursor.end);
        while (info.next()) if (info.field === 1 && info.wire === WIRE_LENGTH_DELIMITED) paths.assetTensors.add(nodeOf(fieldText(b, info)));
      }
      if (cursor.field !== 2 || out.assets.length >= MAX_ASSETS) continue;
      const filename = fieldText(b, cursor);
      const escape = folderEscape(filename, 1);
      out.assets.push({ filename, offset: cursor.start, ...(escape ? { escape } : {}) });
    }
    return cursor.problem;
  }
  const children = CHILDREN[work.kind];
  while (cursor.next()) {
    const kind = children.get(cursor.field);
    if (kind && cursor.wire === WIRE_LENGTH_DELIMITED) stack.push({ kind, start: cursor.start, end: cursor.end, where: work.where });
  }
  return cursor.problem;
}

/**
 * The first string of a `NodeDef.attr` map entry named `value` (a `Const` node's tensor): entry key (1), entry
 * value `AttrValue` (2) → `tensor` (8) → `TensorProto.string_val` (8).
 */
function stringAttrValue(b: Uint8Array, start: number, end: number): { value: string; offset: number } | undefined {
  const { key, value: attr } = mapEntry(b, start, end);
  if (key !== 'value' || !attr) return undefined;
  const tensor = firstField(b, attr[0], attr[1], 8);
  const value = tensor && firstField(b, tensor.start, tensor.end, 8);
  return value ? { value: fieldText(b, value), offset: value.start } : undefined;
}

function firstField(b: Uint8Array, start: number, end: number, field: number): ProtoField | undefined {
  const cursor = new FieldCursor(b, start, end);
  while (cursor.next()) if (cursor.field === field && cursor.wire === WIRE_LENGTH_DELIMITED) return { field: cursor.field, wire: cursor.wire, start: cursor.start, end: cursor.end, value: cursor.value };
  return undefined;
}

/** The node an input names: without a control-input `^`, an output index (`:0`) or a function output (`:output:0`). */
function nodeOf(input: string): string {
  const name = input.startsWith('^') ? input.slice(1) : input;
  const colon = name.indexOf(':');
  return colon === -1 ? name : name.slice(0, colon);
}

/** Bounds what is kept for path resolution; real graphs have a few file ops and constants per function. */
const MAX_PATH_FACTS = 100_000;

function recordPathFacts(paths: PathFacts, where: string, name: string, op: string, inputs: string[], constant: { value: string; offset: number } | undefined): void {
  if (op === 'Const' && constant && name) {
    const scope = paths.constants.get(where) ?? new Map<string, { value: string; offset: number }>();
    if (scope.size < MAX_PATH_FACTS) scope.set(name, constant);
    paths.constants.set(where, scope);
  } else if (op === 'Identity' && name && inputs[0]) {
    const scope = paths.identities.get(where) ?? new Map<string, string>();
    if (scope.size < MAX_PATH_FACTS) scope.set(name, nodeOf(inputs[0]));
    paths.identities.set(where, scope);
  }
  const index = PATH_INPUT.get(op);
  const input = index === undefined ? undefined : inputs[index];
  if (input && paths.uses.length < MAX_PATH_FACTS) paths.uses.push({ op, where, input: nodeOf(input) });
}

/** Identity chains are followed this far (graphs from tf.function add one or two). */
const MAX_IDENTITY_HOPS = 8;

/** Resolves each file op's path input to a string constant of its scope and keeps those that leave the model folder. */
function addConstantPaths(paths: PathFacts, out: TensorflowGraphScan): void {
  const seen = new Set<string>();
  for (const use of paths.uses) {
    let node = use.input;
    for (let hop = 0; hop < MAX_IDENTITY_HOPS; hop++) {
      const next = paths.identities.get(use.where)?.get(node);
      if (next === undefined) break;
      node = next;
    }
    const constant = paths.constants.get(use.where)?.get(node);
    if (!constant || (use.where === 'graph' && paths.assetTensors.has(node))) continue;
    const escape = folderEscape(constant.value);
    const key = `${use.op} ${constant.offset}`;
    if (!escape || seen.has(key) || out.assets.length >= MAX_ASSETS) continue;
    seen.add(key);
    out.assets.push({ filename: constant.value, offset: constant.offset, escape, readBy: { op: use.op, where: use.where } });
  }
}

/** `OpDef.name` (field 1) of a function's signature. */
function signatureName(b: Uint8Array, start: number, end: number): string {
  const cursor = new FieldCursor(b, start, end);
  while (cursor.next()) if (cursor.field === 1 && cursor.wire === WIRE_LENGTH_DELIMITED) return fieldText(b, cursor);
  return '';
}

function countOp(b: Uint8Array, f: ProtoField, where: string, out: TensorflowGraphScan, byOp: Map<string, TensorflowOpSite>): void {
  const op = fieldText(b, f);
  // Op names are CamelCase identifiers; counting only those keeps other protobuf files from passing as graphs.
  if (OP_NAME.test(op)) out.nodes++;
  const kind = TENSORFLOW_RISKY_OPS.get(op);
  if (!kind) return;
  const site = byOp.get(op);
  if (site) site.count++;
  else byOp.set(op, { op, kind, offset: f.start, count: 1, where });
}

/** Searches the raw bytes for risky op names stored as string fields (used when decoding stopped early). */
function addFallbackMatches(b: Uint8Array, byOp: Map<string, TensorflowOpSite>): void {
  for (const [op, kind] of TENSORFLOW_RISKY_OPS) {
    if (byOp.has(op)) continue;
    let first = -1;
    let count = 0;
    for (let at = findStringField(b, op, 0); at !== -1 && count < 10_000; at = findStringField(b, op, at + 2 + op.length)) {
      if (first === -1) first = at + 2;
      count++;
    }
    if (count > 0) byOp.set(op, { op, kind, offset: first, count, where: 'bytes after the point where decoding stopped' });
  }
}

/** Finds `name` stored as a protobuf string field (tag, one-byte length, bytes); returns the tag's offset. */
function findStringField(b: Uint8Array, name: string, from: number): number {
  for (let at = indexOfAscii(b, name, from); at !== -1; at = indexOfAscii(b, name, at + 1)) {
    if (at >= 2 && b[at - 1] === name.length && STRING_FIELD_TAGS.includes(b[at - 2]!)) return at - 2;
  }
  return -1;
}
