/**
 * Keras model configurations (`config.json` in `.keras` archives, the `model_config` attribute of `.h5`
 * files). Two things in them make loading run or import code:
 * - `Lambda` layers carry a serialized Python function (marshalled bytecode) that runs when the model is
 *   loaded with `safe_mode=False` (Keras 3) or always (Keras 2 `.h5`);
 * - Keras 3 objects name the module to import (`module`, `class_name`, `registered_name`); a module outside
 *   Keras/TensorFlow means custom code, and a dangerous module (`os`, `builtins`, …) is the CVE-2025-1550
 *   class of attack, where loading imports and calls whatever the file names.
 */
import { classifyGlobal, type GlobalLevel } from './pickle-policy';

export interface KerasIssue {
  kind: 'lambda' | 'module-reference';
  /** The layer or object name when the config gives one. */
  name: string;
  /** For module references: the imported `module.name`. */
  global?: string;
  level: GlobalLevel;
  reason: string;
  /** JSON path of the object, e.g. `config.layers[2]`. */
  path: string;
}

export interface KerasConfigScan {
  /** The model's top-level class (`Sequential`, `Functional`, …) when present. */
  modelClass?: string;
  layers: number;
  issues: KerasIssue[];
  /** How deep the config nests (JSON levels); deeper than `DEEP_CONFIG` is worth a note. */
  depth: number;
  /** True when the config has more than `MAX_NODES` values: the rest was not checked. */
  nodesCapped: boolean;
  /** True when more than `MAX_ISSUES` issues were found: the rest are not listed. */
  issuesCapped: boolean;
}

/**
 * Keras's own functions that a config can make a safe-mode load call: they download or write files
 * (`get_file`, CVE-2025-8747), switch safe mode off for the rest of the load so a later Lambda runs
 * (`enable_unsafe_deserialization`, `set_global_attribute`, CVE-2025-9906), or load further models.
 */
const KERAS_GADGETS = new Map<string, string>([
  ['get_file', 'downloads a URL or writes a file while the model loads (CVE-2025-8747)'],
  ['enable_unsafe_deserialization', 'switches safe mode off for the rest of the load, so a later Lambda runs (CVE-2025-9906)'],
  ['set_global_attribute', 'changes Keras global state such as safe mode while the model loads (CVE-2025-9906)'],
  ['load_model', 'loads another model (and its code) while this one loads'],
  ['load_weights', 'reads another file while the model loads'],
]);
/**
 * Where Keras keeps what a model is made of. A config that names a Keras function from anywhere else
 * (`keras.utils`, `keras.config`, the backend's global state) calls it during the load: the "dead op"
 * proofs of concept call `keras.utils.pad_sequences` or `keras.config.set_dtype_policy` this way.
 */
const KERAS_MODEL_PARTS = /(?:^|\.)(?:layers|initializers|activations|losses|metrics|optimizers|regularizers|constraints|models|engine|ops|random|mixed_precision|dtype_policies|quantizers|schedules|backend\.(?:common\.)?(?:keras_tensor|variables|dtypes))(?:\.|$)/;

/** Module roots that ship with Keras or TensorFlow: objects from them are built-ins. */
const BUILTIN_ROOTS = ['keras', 'tf_keras', 'tensorflow', 'keras_core', 'keras_nlp', 'keras_cv', 'keras_hub'];
export const MAX_NODES = 200_000;
const MAX_ISSUES = 200;
/** Keras writes configs a few dozen levels deep at most; deeper nesting is worth telling the user about. */
export const DEEP_CONFIG = 64;
/** Paths in messages keep their last characters (a deep path is mostly repeated `config.layers[0]`). */
const MAX_PATH_LENGTH = 160;

/** One value on the walk's explicit stack; the path is built from the parents only when it is reported. */
interface Frame {
  node: unknown;
  parent: Frame | undefined;
  key: string | number | undefined;
  depth: number;
}

/**
 * Walks the whole config with an explicit stack (a config nested thousands of levels deep cannot
 * overflow the call stack or end the walk early), in document order, and reports every Lambda layer and
 * every module reference outside Keras/TensorFlow.
 */
export function scanKerasConfig(config: unknown, userAllowed?: ReadonlySet<string>): KerasConfigScan {
  const out: KerasConfigScan = { layers: 0, issues: [], depth: 0, nodesCapped: false, issuesCapped: false };
  if (isObject(config)) {
    const cls = config['class_name'];
    if (typeof cls === 'string') out.modelClass = cls;
  }
  const stack: Frame[] = [{ node: config, parent: undefined, key: undefined, depth: 0 }];
  let visited = 0;
  while (stack.length > 0) {
    const frame = stack.pop()!;
    if (++visited > MAX_NODES) {
      out.nodesCapped = true;
      break;
    }
    out.depth = Math.max(out.depth, frame.depth);
    const { node } = frame;
    if (Array.isArray(node)) {
      for (let i = node.length - 1; i >= 0; i--) stack.push({ node: node[i], parent: frame, key: i, depth: frame.depth + 1 });
      continue;
    }
    if (!isObject(node)) continue;
    if (typeof frame.key === 'number' && frame.parent?.key === 'layers') out.layers++;
    checkObject(node, frame, out, userAllowed);
    const entries = Object.entries(node);
    for (let i = entries.length - 1; i >= 0; i--) stack.push({ node: entries[i]![1], parent: frame, key: entries[i]![0], depth: frame.depth + 1 });
  }
  return out;
}

/** Records the issues of one serialized object (a Lambda layer, a module reference). */
function checkObject(obj: Record<string, unknown>, frame: Frame, out: KerasConfigScan, userAllowed: ReadonlySet<string> | undefined): void {
  const className = typeof obj['class_name'] === 'string' ? (obj['class_name'] as string) : undefined;
  if (className === undefined || !('config' in obj)) return;
  const add = (issue: Omit<KerasIssue, 'path'>): void => {
    if (out.issues.length >= MAX_ISSUES) {
      out.issuesCapped = true;
      return;
    }
    out.issues.push({ ...issue, path: pathOf(frame) });
  };
  const inner = obj['config'];
  const name = isObject(inner) && typeof inner['name'] === 'string' ? inner['name'] : className;
  if (className === 'Lambda') {
    add({ kind: 'lambda', name, level: 'suspicious', reason: 'a Lambda layer holds a serialized Python function that runs when the model is loaded' });
  }
  const reference = moduleReference(obj, className);
  if (!reference) return;
  const verdict = classifyGlobal(reference.module, reference.name, true, userAllowed);
  if (verdict.level === 'dangerous') {
    add({ kind: 'module-reference', name, global: verdict.normalized, level: 'dangerous', reason: `Keras imports it while loading; it ${verdict.reason}` });
  } else if (verdict.level === 'suspicious' && !isBuiltinModule(reference.module)) {
    add({ kind: 'module-reference', name, global: verdict.normalized, level: 'suspicious', reason: 'a custom object: loading imports code from outside Keras and TensorFlow' });
  } else if (isBuiltinModule(reference.module)) {
    const gadget = KERAS_GADGETS.get(reference.name);
    if (gadget) add({ kind: 'module-reference', name, global: `${reference.module}.${reference.name}`, level: 'dangerous', reason: `Keras calls it while loading, even in safe mode: it ${gadget}` });
    else if (className === 'function' && !KERAS_MODEL_PARTS.test(reference.module) && reference.module !== 'keras' && reference.module !== 'tensorflow') {
      add({ kind: 'module-reference', name, global: `${reference.module}.${reference.name}`, level: 'suspicious', reason: 'a Keras function from outside layers, activations, losses and the other model parts: loading calls it (the "dead op" bypass of safe mode)' });
    }
  }
}

/** `config.layers[2].config`, built from the frame's parents; a long path keeps its end. */
function pathOf(frame: Frame): string {
  const parts: string[] = [];
  let length = 0;
  for (let f: Frame | undefined = frame; f && f.key !== undefined; f = f.parent) {
    const part = typeof f.key === 'number' ? `[${f.key}]` : f.parent?.key === undefined ? f.key : `.${f.key}`;
    parts.push(part);
    length += part.length;
    if (length > MAX_PATH_LENGTH) {
      parts.push(`…(${frame.depth} levels deep)`);
      break;
    }
  }
  return parts.reverse().join('');
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The `module.name` a Keras 3 serialized object makes the loader import, when it names a module. */
function moduleReference(obj: Record<string, unknown>, className: string): { module: string; name: string } | undefined {
  const module = obj['module'];
  if (typeof module !== 'string' || module === '') return undefined;
  // Functions are serialized as {module, class_name: "function", config: "<function name>"}.
  if (className === 'function' && typeof obj['config'] === 'string') return { module, name: obj['config'] as string };
  if (className === '__lambda__') return undefined;
  return { module, name: className };
}

function isBuiltinModule(module: string): boolean {
  return BUILTIN_ROOTS.some((root) => module === root || module.startsWith(`${root}.`));
}
