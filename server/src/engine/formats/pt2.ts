/**
 * `torch.export` archives (`.pt2`, written by `torch.export.save` and AOTInductor's `package_aoti`, torch 2.1
 * and later): a ZIP under one folder with `archive_format` ("pt2"), `models/<name>.json` (the serialised
 * ExportedProgram), raw weight blobs under `data/weights/`, constants under `data/constants/` (TorchBind
 * objects among them), `data/sample_inputs/<name>.pt` (written by `torch.save`, so pickles) and, for
 * AOTInductor, `data/aotinductor/<model>-<backend>/` with a compiled shared library and GPU kernels
 * (pytorch/pytorch `docs/source/export/pt2_archive.md`). Before the PT2 archive (torch 2.1-2.6), `torch.export.save`
 * wrote `serialized_exported_program.json` and three `torch.save` pickles (state dict, constants, example
 * inputs) at the top of a ZIP; that layout is read the same way.
 *
 * The pickles are scanned like any archive member. What this reader adds is the program's own reach:
 * - every graph node's `target` is an operator `torch.ops.<namespace>.<op>.<overload>`; a namespace outside
 *   PyTorch's own needs a custom-operator library that the loading application registers (the file names
 *   it, it does not hold it);
 * - a target that is not an operator (`torch.hub.load`, `builtins.eval`) names a Python callable, which
 *   `torch.export.load` resolves by attribute lookup on `torch`, `operator` or `math`
 *   (`torch/_export/serde/serialize.py`, `deserialize_operator`); exporters write only operators, `_operator.*`
 *   (`getitem`), `math.*` and `torch.sym_*` helpers;
 * - a shared library or kernel binary is native code that AOTInductor loads and runs.
 * Nodes sit in the top-level graph and in subgraphs of higher-order operators (`cond`, `map`, `while_loop`),
 * so the whole JSON tree is walked with an explicit stack.
 */

/** Operator namespaces that PyTorch itself defines (core ATen, decompositions, higher-order and distributed ops). */
const TORCH_NAMESPACES: ReadonlySet<string> = new Set([
  'aten', 'prims', 'prim', 'higher_order', 'quantized', 'quantized_decomposed', '_quantized', '_c10d_functional',
  'c10d_functional', '_c10d_functional_autograd', 'c10d', '_dtensor', 'profiler', 'debugprims', 'rngprims', 'inductor', 'torchvision',
]);

/** Python helpers that exporters write as node targets besides operators. */
const PYTHON_HELPERS = /^(_operator\.[a-z_]+|operator\.[a-z_]+|math\.[a-z_]+|torch\.sym_[a-z_]+|torch\._sym_[a-z_]+|builtins\.getattr)$/;

/** JSON values visited at most (a real program has a few hundred thousand). */
const MAX_VALUES = 2_000_000;

export interface Pt2Program {
  /** Custom namespaces with their distinct ops (at most 10 each) and node counts. */
  customNamespaces: Array<{ namespace: string; ops: string[]; nodes: number }>;
  /** Node targets that are Python callables rather than operators (at most 20). */
  pythonTargets: string[];
  nodes: number;
  /** Why the program could not be read, if it could not. */
  problem?: string;
  /** True when the walk stopped at `MAX_VALUES`. */
  limited: boolean;
}

/** Reads a serialised ExportedProgram (`models/<name>.json`). */
export function readPt2Program(text: string): Pt2Program {
  const out: Pt2Program = { customNamespaces: [], pythonTargets: [], nodes: 0, limited: false };
  let root: unknown;
  try {
    root = JSON.parse(text);
  } catch (e) {
    out.problem = `the program JSON does not parse (${e instanceof Error ? e.message : String(e)})`;
    return out;
  }
  const namespaces = new Map<string, { namespace: string; ops: string[]; nodes: number }>();
  const stack: unknown[] = [root];
  let visited = 0;
  while (stack.length > 0) {
    if (++visited > MAX_VALUES) {
      out.limited = true;
      break;
    }
    const value = stack.pop();
    if (Array.isArray(value)) {
      for (const item of value) if (typeof item === 'object' && item !== null) stack.push(item);
      continue;
    }
    if (typeof value !== 'object' || value === null) continue;
    const record = value as Record<string, unknown>;
    // A graph node: `{target, inputs, outputs, metadata}`.
    if (typeof record['target'] === 'string' && 'inputs' in record && 'outputs' in record) {
      out.nodes++;
      classifyTarget(record['target'], namespaces, out);
    }
    for (const child of Object.values(record)) if (typeof child === 'object' && child !== null) stack.push(child);
  }
  out.customNamespaces = [...namespaces.values()];
  return out;
}

function classifyTarget(target: string, namespaces: Map<string, { namespace: string; ops: string[]; nodes: number }>, out: Pt2Program): void {
  const op = /^torch\.ops\.([A-Za-z_][A-Za-z0-9_]*)\.([A-Za-z0-9_.]+)$/.exec(target);
  if (op) {
    const namespace = op[1]!;
    if (TORCH_NAMESPACES.has(namespace)) return;
    const entry = namespaces.get(namespace) ?? { namespace, ops: [], nodes: 0 };
    entry.nodes++;
    const name = op[2]!.split('.')[0]!;
    if (entry.ops.length < 10 && !entry.ops.includes(name)) entry.ops.push(name);
    namespaces.set(namespace, entry);
    return;
  }
  if (PYTHON_HELPERS.test(target)) return;
  if (out.pythonTargets.length < 20 && !out.pythonTargets.includes(target)) out.pythonTargets.push(target);
}

/**
 * True for an archive whose members say it is a `torch.export` archive: `archive_format`, or `models/*.json`
 * next to `.data/`, or the layout `torch.export.save` wrote before the PT2 archive (torch 2.1-2.6 and
 * Debian trixie's 2.6: `serialized_exported_program.json` beside `serialized_state_dict.pt`,
 * `serialized_constants.pt` and `serialized_example_inputs.pt`, all at the top).
 */
export function isPt2Archive(names: readonly string[]): boolean {
  if (names.some((n) => /(^|\/)archive_format$/.test(n) || isLegacyProgramMember(n))) return true;
  return names.some((n) => /(^|\/)models\/[^/]+\.json$/.test(n)) && names.some((n) => /(^|\/)\.data\/version$/.test(n));
}

function isLegacyProgramMember(name: string): boolean {
  return /(^|\/)serialized_exported_program\.json$/.test(name);
}

/** A member that AOTInductor loads as native code: a shared library or a GPU kernel binary. */
export function isNativeCodeMember(name: string): boolean {
  return /\.(so|dll|dylib|cubin|hsaco|spv)$/i.test(name);
}

/** The serialised programs of the archive (`models/<name>.json`; `serialized_exported_program.json` before the PT2 archive). */
export function isPt2ProgramMember(name: string): boolean {
  return /(^|\/)models\/[^/]+\.json$/.test(name) || isLegacyProgramMember(name);
}
