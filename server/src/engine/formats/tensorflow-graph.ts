/**
 * TensorFlow protobuf graphs (`saved_model.pb`, frozen `.pb` graphs, `keras_metadata.pb`). A graph is data,
 * not Python, but two things in it matter when a model from elsewhere is loaded and run:
 * - file-system ops (`ReadFile`, `WriteFile`) that read or overwrite files named by the graph (modelscan
 *   rates them HIGH);
 * - Keras `Lambda` layers recorded in the Keras metadata, whose Python bytecode runs when Keras revives the
 *   model.
 *
 * The scanner does not decode protobuf messages in full. It looks for the op names exactly as the wire
 * format stores a string field (a field tag for `NodeDef.op` or `OpDef.name`, a one-byte length, the
 * name), which cannot match inside a longer name, and for the Keras `"class_name": "Lambda"` JSON text.
 */
import { indexOfAscii } from './bytes';

export interface TensorflowGraphScan {
  /** True when the bytes look like a serialized GraphDef/SavedModel (protobuf with TF node fields). */
  recognised: boolean;
  /** File-system ops found, with the offset of their first occurrence. */
  fileOps: Array<{ op: string; offset: number; count: number }>;
  /** Offsets of Keras Lambda layer records. */
  lambdaOffsets: number[];
}

const FILE_OPS = ['ReadFile', 'WriteFile'];
/** Protobuf tags of length-delimited fields 1 and 2 (`OpDef.name`, `NodeDef.op`). */
const STRING_FIELD_TAGS = [0x0a, 0x12];
/** Op names every TensorFlow graph mentions: their presence says "this is a TF graph". */
const COMMON_OPS = ['Placeholder', 'Const', 'Identity', 'VarHandleOp', 'ReadVariableOp', 'StatefulPartitionedCall', 'NoOp', 'SaveV2', 'MatMul'];

export function scanTensorflowGraph(b: Uint8Array): TensorflowGraphScan {
  const out: TensorflowGraphScan = { recognised: false, fileOps: [], lambdaOffsets: [] };
  out.recognised = COMMON_OPS.some((op) => findStringField(b, op, 0) !== -1);
  for (const op of FILE_OPS) {
    let first = -1;
    let count = 0;
    for (let at = findStringField(b, op, 0); at !== -1 && count < 10_000; at = findStringField(b, op, at + 2 + op.length)) {
      if (first === -1) first = at;
      count++;
    }
    if (count > 0) out.fileOps.push({ op, offset: first, count });
  }
  for (const needle of ['"class_name": "Lambda"', '"class_name":"Lambda"']) {
    for (let at = indexOfAscii(b, needle); at !== -1 && out.lambdaOffsets.length < 200; at = indexOfAscii(b, needle, at + 1)) out.lambdaOffsets.push(at);
  }
  return out;
}

/** Finds `name` stored as a protobuf string field (tag, one-byte length, bytes); returns the tag's offset. */
function findStringField(b: Uint8Array, name: string, from: number): number {
  for (let at = indexOfAscii(b, name, from); at !== -1; at = indexOfAscii(b, name, at + 1)) {
    if (at >= 2 && b[at - 1] === name.length && STRING_FIELD_TAGS.includes(b[at - 2]!)) return at - 2;
  }
  return -1;
}
