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
}

/** Module roots that ship with Keras or TensorFlow: objects from them are built-ins. */
const BUILTIN_ROOTS = ['keras', 'tf_keras', 'tensorflow', 'keras_core', 'keras_nlp', 'keras_cv', 'keras_hub'];
const MAX_NODES = 200_000;
const MAX_ISSUES = 200;

export function scanKerasConfig(config: unknown, userAllowed?: ReadonlySet<string>): KerasConfigScan {
  const out: KerasConfigScan = { layers: 0, issues: [] };
  if (typeof config === 'object' && config !== null && !Array.isArray(config)) {
    const cls = (config as Record<string, unknown>)['class_name'];
    if (typeof cls === 'string') out.modelClass = cls;
  }
  let visited = 0;
  const walk = (node: unknown, path: string, depth: number): void => {
    if (++visited > MAX_NODES || depth > 200 || out.issues.length >= MAX_ISSUES) return;
    if (Array.isArray(node)) {
      node.forEach((child, i) => walk(child, `${path}[${i}]`, depth + 1));
      return;
    }
    if (typeof node !== 'object' || node === null) return;
    const obj = node as Record<string, unknown>;
    const className = typeof obj['class_name'] === 'string' ? (obj['class_name'] as string) : undefined;
    if (className !== undefined && 'config' in obj) {
      const inner = obj['config'];
      const name = typeof inner === 'object' && inner !== null && typeof (inner as Record<string, unknown>)['name'] === 'string' ? ((inner as Record<string, unknown>)['name'] as string) : className;
      if (/layers\[\d+\]$/.test(path)) out.layers++;
      if (className === 'Lambda') {
        out.issues.push({ kind: 'lambda', name, level: 'suspicious', reason: 'a Lambda layer holds a serialized Python function that runs when the model is loaded', path });
      }
      const reference = moduleReference(obj, className);
      if (reference) {
        const verdict = classifyGlobal(reference.module, reference.name, true, userAllowed);
        if (verdict.level === 'dangerous') {
          out.issues.push({ kind: 'module-reference', name, global: verdict.normalized, level: 'dangerous', reason: `Keras imports it while loading; it ${verdict.reason}`, path });
        } else if (verdict.level === 'suspicious' && !isBuiltinModule(reference.module)) {
          out.issues.push({ kind: 'module-reference', name, global: verdict.normalized, level: 'suspicious', reason: 'a custom object: loading imports code from outside Keras and TensorFlow', path });
        }
      }
    }
    for (const [key, child] of Object.entries(obj)) walk(child, path ? `${path}.${key}` : key, depth + 1);
  };
  walk(config, '', 0);
  return out;
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
