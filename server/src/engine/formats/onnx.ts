/**
 * ONNX models (`.onnx`): protobuf `ModelProto` messages with no magic bytes. Two things in them reach
 * outside the graph's arithmetic when a runtime loads the file:
 * - tensors whose data lives in an external file (`data_location = EXTERNAL`, `external_data` entry
 *   `location`). The location is meant to be relative to the model's folder; an absolute path or `..`
 *   makes `onnx.load` and onnxruntime read any file the process can read into a tensor
 *   (CVE-2022-25882, CVE-2024-27318);
 * - nodes in an operator domain that neither ONNX nor onnxruntime defines: they run only after the
 *   application registers a custom-operator library (native code), which the file names but does not hold.
 *
 * Field numbers are those of `onnx/onnx.proto` (onnx 1.12): ModelProto graph = 7, training_info = 20,
 * functions = 25; GraphProto node = 1, initializer = 5, sparse_initializer = 15; NodeProto op_type = 4,
 * attribute = 5, domain = 7; AttributeProto t = 5, g = 6, tensors = 10, graphs = 11, sparse_tensor = 22,
 * sparse_tensors = 23; TensorProto name = 8, external_data = 13, data_location = 14; SparseTensorProto
 * values = 1, indices = 2; TrainingInfoProto initialization = 1, algorithm = 2; FunctionProto node = 7,
 * name = 1, domain = 10. Subgraphs (`If`, `Loop`, `Scan` bodies) are walked with an explicit stack.
 */
import { folderEscape } from './folder-escape';
import { fieldText, FieldCursor, mapEntry, WIRE_LENGTH_DELIMITED, WIRE_VARINT, type ProtoProblem } from './protobuf';
import { utf8 } from './bytes';

export interface OnnxExternalData {
  /** The tensor's name. */
  tensor: string;
  location: string;
  /** Byte offset of the location string in the bytes scanned. */
  offset: number;
  /** Why the location leaves the model's folder, when it does. */
  escape?: string;
}

export interface OnnxCustomDomain {
  domain: string;
  /** Distinct op types used from the domain (at most 10 kept). */
  ops: string[];
  nodes: number;
}

export interface OnnxScan {
  /** True when the bytes parse as a ModelProto with a graph. */
  recognised: boolean;
  irVersion?: number;
  producer?: string;
  nodes: number;
  /** Graphs walked, the main graph and every subgraph. */
  graphs: number;
  externalData: OnnxExternalData[];
  customDomains: OnnxCustomDomain[];
  /** Nodes in onnxruntime's own contrib domains (built into the runtime, no library to register). */
  runtimeDomainNodes: number;
  problem?: ProtoProblem;
  /** True when a walk limit cut the scan short. */
  limited: boolean;
}

/** Domains the ONNX standard defines. */
const STANDARD_DOMAINS = new Set(['', 'ai.onnx', 'ai.onnx.ml', 'ai.onnx.training', 'ai.onnx.preview.training']);
/** onnxruntime's contrib and layout domains: operators compiled into the runtime itself. */
const RUNTIME_DOMAIN = /^com\.microsoft(\.[a-z]+)*$/;

/** Messages walked at most; a real model has one per node, tensor and attribute. */
const MAX_MESSAGES = 2_000_000;
const MAX_LISTED = 200;

type Kind = 'model' | 'graph' | 'node' | 'attribute' | 'tensor' | 'sparse-tensor' | 'training' | 'function';

interface Work {
  kind: Kind;
  start: number;
  end: number;
}

/** True when the bytes start like a ModelProto: `ir_version` (field 1, varint) first, as every writer orders it. */
export function looksLikeOnnx(b: Uint8Array): boolean {
  if (b.length < 8 || b[0] !== 0x08 || b[1] === undefined || b[1] < 1 || b[1] > 32) return false;
  let hasGraph = false;
  let clippedGraph = false;
  const cursor = new FieldCursor(b, 0, b.length, true);
  while (cursor.next()) {
    if (!MODEL_FIELDS.has(cursor.field)) return false;
    if (cursor.field === 7 && cursor.wire === WIRE_LENGTH_DELIMITED) {
      hasGraph = true;
      clippedGraph = cursor.clipped;
    }
  }
  return hasGraph && (cursor.problem === undefined || clippedGraph);
}

/** ModelProto field numbers, to tell an ONNX model from other protobuf messages. */
const MODEL_FIELDS = new Set([1, 2, 3, 4, 5, 6, 7, 8, 14, 20, 25]);

export function scanOnnx(b: Uint8Array): OnnxScan {
  const out: OnnxScan = { recognised: false, nodes: 0, graphs: 0, externalData: [], customDomains: [], runtimeDomainNodes: 0, limited: false };
  const localFunctions = new Set<string>();
  const domains = new Map<string, OnnxCustomDomain>();
  const customNodes: Array<{ domain: string; op: string }> = [];
  const stack: Work[] = [{ kind: 'model', start: 0, end: b.length }];
  let messages = 0;
  while (stack.length > 0) {
    const work = stack.pop()!;
    if (++messages > MAX_MESSAGES) {
      out.limited = true;
      break;
    }
    const problem = walk(b, work, out, stack, localFunctions, customNodes);
    if (problem && !out.problem) out.problem = problem;
  }
  for (const node of customNodes) {
    // A node whose domain and op name a function defined in the model runs that function's nodes, which were walked.
    if (localFunctions.has(`${node.domain}\u0000${node.op}`)) continue;
    if (RUNTIME_DOMAIN.test(node.domain)) {
      out.runtimeDomainNodes++;
      continue;
    }
    const entry = domains.get(node.domain) ?? { domain: node.domain, ops: [], nodes: 0 };
    entry.nodes++;
    if (entry.ops.length < 10 && !entry.ops.includes(node.op)) entry.ops.push(node.op);
    domains.set(node.domain, entry);
  }
  out.customDomains = [...domains.values()];
  return out;
}

/** For each message kind, the fields holding the messages walked next (tensors, graphs, nodes, attributes). */
const CHILDREN: Record<Kind, ReadonlyMap<number, Kind>> = {
  model: new Map<number, Kind>([[7, 'graph'], [20, 'training'], [25, 'function']]),
  graph: new Map<number, Kind>([[1, 'node'], [5, 'tensor'], [15, 'sparse-tensor']]),
  training: new Map<number, Kind>([[1, 'graph'], [2, 'graph']]),
  function: new Map<number, Kind>([[7, 'node']]),
  node: new Map<number, Kind>([[5, 'attribute']]),
  attribute: new Map<number, Kind>([[5, 'tensor'], [10, 'tensor'], [6, 'graph'], [11, 'graph'], [22, 'sparse-tensor'], [23, 'sparse-tensor']]),
  'sparse-tensor': new Map<number, Kind>([[1, 'tensor'], [2, 'tensor']]),
  tensor: new Map(),
};

/**
 * Reads one message, queueing the messages it holds; returns the problem that stopped it, if any. A field
 * cut off by the end of the bytes read is still walked as far as it goes.
 */
function walk(b: Uint8Array, work: Work, out: OnnxScan, stack: Work[], localFunctions: Set<string>, customNodes: Array<{ domain: string; op: string }>): ProtoProblem | undefined {
  if (work.kind === 'tensor') return readTensor(b, work, out);
  const cursor = new FieldCursor(b, work.start, work.end, true);
  const children = CHILDREN[work.kind];
  let name = '';
  let domain = '';
  let hasGraph = false;
  if (work.kind === 'graph') out.graphs++;
  while (cursor.next()) {
    const text = cursor.wire === WIRE_LENGTH_DELIMITED;
    if (work.kind === 'model') {
      if (cursor.field === 1 && cursor.wire === WIRE_VARINT) out.irVersion = cursor.value;
      else if (cursor.field === 2 && text) out.producer = fieldText(b, cursor);
      if (cursor.field === 7) hasGraph = true;
    } else if (work.kind === 'function' && text) {
      if (cursor.field === 1) name = fieldText(b, cursor);
      else if (cursor.field === 10) domain = fieldText(b, cursor);
    } else if (work.kind === 'node' && text) {
      if (cursor.field === 4) name = fieldText(b, cursor);
      else if (cursor.field === 7) domain = fieldText(b, cursor);
    }
    const kind = children.get(cursor.field);
    if (kind && text) stack.push({ kind, start: cursor.start, end: cursor.end });
  }
  if (work.kind === 'model') out.recognised = hasGraph;
  else if (work.kind === 'function') localFunctions.add(`${domain}\u0000${name}`);
  else if (work.kind === 'node') {
    out.nodes++;
    if (!STANDARD_DOMAINS.has(domain) && customNodes.length < 100_000) customNodes.push({ domain, op: name });
  }
  return cursor.problem;
}

function readTensor(b: Uint8Array, work: Work, out: OnnxScan): ProtoProblem | undefined {
  let name = '';
  const entries: Array<[number, number]> = [];
  const cursor = new FieldCursor(b, work.start, work.end, true);
  while (cursor.next()) {
    if (cursor.wire !== WIRE_LENGTH_DELIMITED) continue;
    if (cursor.field === 8) name = fieldText(b, cursor);
    else if (cursor.field === 13) entries.push([cursor.start, cursor.end]);
  }
  // The entries are read whatever `data_location` says: a loader that honours them must not be able to hide one.
  for (const [start, end] of entries) {
    const { key, value } = mapEntry(b, start, end);
    if (key !== 'location' || !value || out.externalData.length >= MAX_LISTED) continue;
    const location = utf8(b, value[0], value[1]);
    const escape = folderEscape(location);
    out.externalData.push({ tensor: name, location, offset: value[0], ...(escape ? { escape } : {}) });
  }
  return cursor.problem;
}
