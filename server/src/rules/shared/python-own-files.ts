/**
 * Whether a deserializing load reads a file that the same code writes: a class that `pickle.dump`s its cache
 * to `self.db_path` and loads it back from `self.db_path`, a training script that `torch.save`s its checkpoint to
 * `os.path.join(out_dir, "ckpt.pt")` and resumes from the same path. Such a load reads the program's own
 * artefact (a reviewer does not act on it), so the rules report it as an advisory instead of an error.
 *
 * "The same path" is strict, so a path from an argument or a download never qualifies by accident: the load's
 * path expression (through `with open(...) as f`, `f = open(...)` and one name bound once to an expression) must
 * have the same text as a write's (`open(..., "wb")`, `pickle.dump`, `torch.save`, `joblib.dump`, ...), and the
 * two must share their bindings: the same function, or both at module level, or the same class when the path
 * is an attribute of `self`. A bare parameter name (`def load(path)` / `def save(path)`) is two different values
 * in two functions and does not match.
 */
import type { Node } from 'web-tree-sitter';
import type { FlowStep } from '../../engine/finding';
import type { AstContext } from '../../engine/rule';

/** Appended to the message of such a finding. */
export const OWN_FILE_NOTE = ' The same code writes this file (its own cache or checkpoint), so this is advisory: act on it only if others can replace the file.';

/** Calls that write a serialized object to a file, with the position and keyword of their file argument. */
const WRITERS: ReadonlyMap<string, { position: number; keyword: string }> = new Map(
  [
    ...['pickle', '_pickle', 'cPickle', 'dill', 'cloudpickle', 'marshal'].map((m) => [`${m}.dump`, { position: 1, keyword: 'file' }] as const),
    ['torch.save', { position: 1, keyword: 'f' }],
    ['joblib.dump', { position: 1, keyword: 'filename' }],
    ['numpy.save', { position: 0, keyword: 'file' }],
  ],
);

const OPENERS = new Set(['builtins.open', 'io.open', 'gzip.open', 'bz2.open', 'lzma.open']);

/**
 * The flow step to the call that writes the file read through `fileArgument` of `load`, when the same code
 * writes it (see the file comment). Findings carry it so that the incremental analysis re-checks the load
 * whenever the write is edited.
 */
export function ownFileWrite(ctx: AstContext, load: Node, fileArgument: Node | undefined): FlowStep[] | undefined {
  if (!fileArgument) return undefined;
  const read = pathExpression(ctx, fileArgument, load);
  if (!read || read.type === 'identifier' && isParameter(read)) return undefined;
  const key = normalise(read.text);
  const write = writes(ctx).find((w) => normalise(w.path.text) === key && sharesBindings(read, load, w.call) && !savesLoadedValue(load, w));
  return write ? [{ range: ctx.rangeOfNode(write.call), message: 'the same code writes the file here' }] : undefined;
}

interface Write {
  call: Node;
  path: Node;
  /** The object written, for serializing calls (`torch.save(obj, path)`); undefined for `open(path, "wb")`. */
  saved?: Node;
}

function writes(ctx: AstContext): Write[] {
  const scope = ctx.python();
  const found: Write[] = [];
  for (const call of ctx.root.descendantsOfType('call')) {
    if (!call) continue;
    const callee = call.childForFieldName('function');
    const name = callee ? scope.qualifiedName(callee) : undefined;
    if (!name) continue;
    const writer = WRITERS.get(name);
    if (writer) {
      const target = scope.argument(call, writer.position, writer.keyword);
      const path = target ? pathExpression(ctx, target, call) : undefined;
      const saved = scope.argument(call, writer.position === 0 ? 1 : 0, writer.position === 0 ? 'arr' : 'obj');
      if (path) found.push({ call, path, ...(saved ? { saved } : {}) });
    } else if (OPENERS.has(name) && isWriteMode(ctx, call)) {
      const path = scope.argument(call, 0, 'file') ?? scope.argument(call, 0, 'filename');
      if (path) found.push({ call, path: followName(ctx, path) });
    }
  }
  return found;
}

/** The expression naming the file: the path of an `open(...)` file object, or the argument itself, through one name. */
function pathExpression(ctx: AstContext, argument: Node, at: Node): Node | undefined {
  const opened = openedPath(ctx, argument) ?? (argument.type === 'identifier' ? withAlias(ctx, argument.text, at) : undefined);
  if (opened) return followName(ctx, opened);
  const bound = argument.type === 'identifier' ? ctx.python().boundValue(argument) : undefined;
  const openedBound = bound ? openedPath(ctx, bound) : undefined;
  return openedBound ? followName(ctx, openedBound) : followName(ctx, argument);
}

/** The path argument of `open(path, ...)` when the node is such a call. */
function openedPath(ctx: AstContext, node: Node): Node | undefined {
  if (node.type !== 'call') return undefined;
  const callee = node.childForFieldName('function');
  const name = callee ? ctx.python().qualifiedName(callee) : undefined;
  if (!name || !OPENERS.has(name)) return undefined;
  return ctx.python().argument(node, 0, 'file') ?? ctx.python().argument(node, 0, 'filename');
}

/** The `open(...)` call of an enclosing `with open(...) as <alias>:`. */
function withAlias(ctx: AstContext, alias: string, at: Node): Node | undefined {
  for (let node: Node | null = at.parent; node; node = node.parent) {
    if (node.type === 'function_definition' || node.type === 'module') return undefined;
    if (node.type !== 'with_statement') continue;
    for (const pattern of node.descendantsOfType('as_pattern')) {
      const target = pattern?.childForFieldName('alias');
      const value = pattern?.namedChild(0);
      if (pattern && target?.text === alias && value && openedPath(ctx, value)) return openedPath(ctx, value);
    }
  }
  return undefined;
}

/** A name bound once to an expression stands for that expression (`ckpt = os.path.join(out_dir, "ckpt.pt")`). */
function followName(ctx: AstContext, node: Node): Node {
  if (node.type !== 'identifier') return node;
  return ctx.python().boundValue(node) ?? node;
}

function isWriteMode(ctx: AstContext, call: Node): boolean {
  const mode = ctx.python().argument(call, 1, 'mode');
  const value = mode ? ctx.python().literalValue(mode) : undefined;
  return value?.kind === 'string' && /[wax]/.test(value.value);
}

function isParameter(identifier: Node): boolean {
  const fn = enclosing(identifier, 'function_definition');
  const parameters = fn?.childForFieldName('parameters');
  return parameters !== undefined && parameters !== null && parameters.descendantsOfType('identifier').some((p) => p?.text === identifier.text);
}

/**
 * A read-modify-write (`w = torch.load(p)`, `w[k] = v`, `torch.save(w, p)`) rewrites a file that existed before
 * the program ran, so it is not the program's own artefact: the write saves the name the load bound, and no
 * other binding of that name comes between them.
 */
function savesLoadedValue(load: Node, write: Write): boolean {
  const assignment = load.parent?.type === 'assignment' ? load.parent : undefined;
  const target = assignment?.childForFieldName('left');
  if (!assignment || target?.type !== 'identifier' || write.saved?.type !== 'identifier' || write.saved.text !== target.text) return false;
  const scope = enclosing(write.call, 'function_definition') ?? write.call.tree.rootNode;
  let last: Node | undefined;
  for (const other of scope.descendantsOfType('assignment')) {
    if (!other || other.childForFieldName('left')?.text !== target.text || other.startIndex > write.call.startIndex) continue;
    if (!last || other.startIndex > last.startIndex) last = other;
  }
  return last?.id === assignment.id;
}

/** Both calls see the same bindings for the path's names: one function, module level both, or one class for `self.` paths. */
function sharesBindings(path: Node, load: Node, write: Node): boolean {
  const loadFunction = enclosing(load, 'function_definition');
  const writeFunction = enclosing(write, 'function_definition');
  if (loadFunction?.id === writeFunction?.id) return true;
  if (!/^self\./.test(path.text) || !loadFunction || !writeFunction) return false;
  const loadClass = enclosing(loadFunction, 'class_definition');
  return loadClass !== undefined && loadClass.id === enclosing(writeFunction, 'class_definition')?.id;
}

function enclosing(node: Node, type: string): Node | undefined {
  for (let current = node.parent; current; current = current.parent) if (current.type === type) return current;
  return undefined;
}

function normalise(text: string): string {
  return text.replace(/\s+/g, '').replace(/'/g, '"');
}
