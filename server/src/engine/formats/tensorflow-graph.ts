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
 * any file of the machine. Ops inside `tf.function`s live only in the function library, which is why a reader of top-level nodes
 * alone misses them. When the bytes do not decode to the end (a prefix of a large file, damage), the rest
 * is searched for the op names exactly as the wire format stores a string field, so nothing after the
 * damage is silently dropped.
 */
import { indexOfAscii } from './bytes';
import { folderEscape } from './folder-escape';
import { fieldText, FieldCursor, WIRE_LENGTH_DELIMITED, type ProtoField, type ProtoProblem } from './protobuf';

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
  /** The name as the proto stores it, relative to `assets/`. */
  filename: string;
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
  const stack: Work[] = [{ kind: layout === 'saved-model' ? 'saved-model' : 'graph', start: 0, end: b.length, where: 'graph' }];
  let messages = 0;
  while (stack.length > 0 && ++messages <= MAX_MESSAGES) {
    const problem = walk(b, stack.pop()!, out, stack, byOp);
    if (problem && !out.problem) out.problem = problem;
  }
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

function walk(b: Uint8Array, work: Work, out: TensorflowGraphScan, stack: Work[], byOp: Map<string, TensorflowOpSite>): ProtoProblem | undefined {
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
    while (cursor.next()) {
      if (cursor.field === 2 && cursor.wire === WIRE_LENGTH_DELIMITED) countOp(b, cursor, work.where, out, byOp);
    }
    return cursor.problem;
  }
  if (work.kind === 'asset') {
    while (cursor.next()) {
      if (cursor.field !== 2 || cursor.wire !== WIRE_LENGTH_DELIMITED || out.assets.length >= MAX_ASSETS) continue;
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
