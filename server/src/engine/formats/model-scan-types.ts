/**
 * The result of scanning one model file: plain data that the model-files rules turn into findings and
 * that `model-report.ts` renders for people.
 */
import type { GlobalLevel } from './pickle-policy';
import type { PickleErrorKind } from './pickle';
import type { OnnxCustomDomain, OnnxExternalData } from './onnx';
import type { TensorflowAsset } from './tensorflow-graph';
import type { ArchiveMemberVerdict } from '../finding';

export type ModelFormat =
  | 'pickle'
  | 'pytorch-zip'
  | 'pytorch-legacy'
  | 'pytorch-tar'
  | 'torchscript'
  | 'numpy'
  | 'npz'
  | 'joblib'
  | 'keras'
  | 'hdf5'
  | 'safetensors'
  | 'gguf'
  | 'tensorflow'
  | 'onnx'
  | 'torchserve'
  | 'pt2'
  | 'zip'
  | 'tar'
  | 'sevenzip'
  | 'compressed'
  | 'unknown';

/** A place inside the file: `''` for the file itself, else archive member names joined with `!`. */
export type MemberPath = string;

/** One distinct global imported by the pickles of the file (occurrences aggregated). */
export interface GlobalSite {
  /** `module.name` after Python 2 renames. */
  global: string;
  level: GlobalLevel;
  reason: string;
  member: MemberPath;
  /** Byte offset of the first importing opcode inside the member's (decompressed) bytes. */
  offset: number;
  /** The same offset in the file itself, when the member is stored uncompressed in it. */
  fileOffset?: number;
  /** How many times the pickles import it. */
  count: number;
  opcode: string;
  /** Up to three calls of it, e.g. `REDUCE ('echo hi',)`. */
  calls: string[];
  /** The format the pickle sits in (`pytorch-zip`, `joblib`, …). */
  format: ModelFormat;
}

/** A pickle found in the file. */
export interface PickleSummary {
  member: MemberPath;
  start: number;
  end: number;
  protocol: number;
  opcodes: number;
  complete: boolean;
  error?: { kind: PickleErrorKind; message: string; offset: number };
  nested?: boolean;
}

/** A Keras config problem (Lambda layer or module reference). */
export interface KerasSite {
  kind: 'lambda' | 'module-reference';
  level: GlobalLevel;
  name: string;
  global?: string;
  reason: string;
  member: MemberPath;
  /** JSON path inside the config. */
  path: string;
  /** Offset of the config JSON in the member's bytes (HDF5) when known. */
  offset?: number;
}

/** A Jinja chat template (GGUF metadata, tokenizer config) whose code reaches Python objects. */
export interface TemplateSite {
  level: 'dangerous' | 'suspicious';
  reason: string;
  member: MemberPath;
  /** The metadata key that holds the template (`tokenizer.chat_template`, …). */
  key: string;
  excerpt: string;
  /** Byte offset of the template's value in the member, when known. */
  offset?: number;
}

/** A Hydra `_target_` in model metadata (safetensors `__metadata__`, NeMo YAML) outside the allowed libraries. */
export interface MetadataTarget {
  level: 'dangerous' | 'suspicious';
  target: string;
  reason: string;
  member: MemberPath;
  /** The metadata key or config file that names it. */
  key: string;
}

/** Something the scan could not check. `warning`: damaged, truncated or hostile; `info`: out of scope or over a limit. */
export interface ScanGap {
  severity: 'warning' | 'info';
  reason: string;
  member: MemberPath;
}

export interface ModelScan {
  fileSize: number;
  /** Bytes the host gave (a prefix when the file is larger than the host's `maxModelFileBytes`). */
  bytesExamined: number;
  format: ModelFormat;
  /** A readable description, e.g. "PyTorch checkpoint (zip, torch ≥ 1.6)". */
  formatLabel: string;
  /** True when loading the file unpickles something. */
  pickleBased: boolean;
  pickles: PickleSummary[];
  globals: GlobalSite[];
  keras: KerasSite[];
  /** Chat templates with sandbox-escape shapes. */
  chatTemplates: TemplateSite[];
  /** Callables that metadata asks Hydra to instantiate on load. */
  metadataTargets: MetadataTarget[];
  safetensors?: { member: MemberPath; valid: boolean; problems: string[]; tensorCount: number; metadataKeys: number };
  /** TensorFlow graph file-system ops (`ReadFile`, `WriteFile`, file readers) found in protobuf graphs. */
  tensorflowFileOps: TensorflowOpFinding[];
  /** TensorFlow graph ops that call Python functions (`PyFunc`, `EagerPyFunc`). */
  tensorflowPythonOps: TensorflowOpFinding[];
  /** Files a SavedModel feeds to its graph from `assets/` (`asset_file_def`), each with why it escapes, if it does. */
  tensorflowAssets: Array<TensorflowAsset & { member: MemberPath }>;
  /** ONNX tensors whose data is read from an external file (each with why its location escapes, if it does). */
  onnxExternalData: Array<OnnxExternalData & { member: MemberPath }>;
  /** ONNX operator domains that need a custom-operator library registered by the application. */
  onnxCustomDomains: Array<OnnxCustomDomain & { member: MemberPath }>;
  /** A TorchServe model archive: the handler and other Python code it imports when served. */
  torchServe?: TorchServeArchive;
  /**
   * Python source members that run when the model is served (a TorchServe handler and its modules), with their
   * text, so the code rules can read them as the Python files they are (at most `MAX_CODE_MEMBER_BYTES` each).
   */
  codeMembers: CodeMember[];
  /** `torch.export` programs (`models/*.json` of a `.pt2`) that name custom operators or Python callables. */
  exportPrograms: ExportProgramSite[];
  /** Archive members that are native code a loader runs (AOTInductor's shared libraries and GPU kernels). */
  nativeCode: MemberPath[];
  /** Archive members that hold TorchScript code. */
  torchScript?: { member: MemberPath; codeFiles: number };
  gaps: ScanGap[];
  /**
   * Archives whose readers disagree (Python's zipfile, PyTorch, streaming readers see different members,
   * names or sizes). Every member any of them sees was scanned; the disagreement itself is a finding.
   */
  archiveDisagreements: Array<{ member: MemberPath; reason: string }>;
  /** Facts worth showing but not findings (trailing data, skipped tensor blobs, …). */
  notes: string[];
  /** Archive members listed (all levels). */
  membersSeen: number;
  /** Each archive member's own verdict (all levels, in archive order; at most `MAX_MEMBER_VERDICTS`). */
  members: MemberVerdict[];
}

/** A Python file inside an archive that the loader imports. */
export interface CodeMember {
  member: MemberPath;
  text: string;
}

/** Python members larger than this are not handed to the code rules (a gap says so). */
export const MAX_CODE_MEMBER_BYTES = 4 * 1024 * 1024;
/** At most this many Python members of one file are handed to the code rules (a gap names the first one left out). */
export const MAX_CODE_MEMBERS = 200;

/** At most this many archive members get a verdict of their own; the rest are counted in a note. */
export const MAX_MEMBER_VERDICTS = 10_000;

/** What one archive member would do when loaded: the file verdicts, applied to what was found in it. */
export type MemberVerdict = ArchiveMemberVerdict;

export interface ExportProgramSite {
  member: MemberPath;
  customNamespaces: Array<{ namespace: string; ops: string[]; nodes: number }>;
  pythonTargets: string[];
}

export interface TensorflowOpFinding {
  op: string;
  member: MemberPath;
  offset: number;
  count: number;
  /** `graph` or `function <name>`: where the first node sits. */
  where: string;
}

export interface TorchServeArchive {
  member: MemberPath;
  /** The manifest's `model.handler` (a Python file in the archive, or a built-in handler name). */
  handler: string;
  /** Python files in the archive (the handler and the modules it can import). */
  codeFiles: string[];
  /** The manifest's `model.serializedFile`. */
  serializedFile?: string;
  /** Manifest paths that are absolute or climb out with `..`, with the key that names them. */
  pathProblems: string[];
}
