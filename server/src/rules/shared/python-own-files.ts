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
 *
 * Failing that, a load whose file name (the last part of the path: the last argument of `os.path.join`, the
 * right side of a pathlib `/`, or the text after the last `/`, given as a literal, an f-string or a constant)
 * is one the same file writes is also the program's own artefact: `torch.save(state, join(d, f"rank_{rank}.pt"))`
 * in `save_rng_state` and `torch.load(join(ckpt_dir, "rng_state", f"rank_{rank}.pt"))` in `load_rng_state`;
 * a checkpoint written as `f"Node-{self.id}.pkl"` and read back as `"Node-0.pkl"`; `joblib.dump(clf,
 * join(output_dir, CLF_NAME))` on save and `joblib.load(join(checkpoint, CLF_NAME))` on resume. The file name
 * must end in a literal extension, and interpolated parts match any text without a `/`. Writes are the
 * serializers above and any `x.save(obj, path)` / `x.dump(obj, path)` method (`accelerator.save`), whose
 * file name must match. The incremental analysis links every unit that saves, dumps or loads (`units.ts`),
 * so adding or removing such a write re-checks the loads.
 *
 * Last, a file name that another Python file of the project writes (`ProjectFacts.fileWriter`, which hosts answer
 * with `fileWritesIn` run over the project's files) is the project's own artefact too: nanoGPT's
 * `data/shakespeare_char/prepare.py` pickles `meta.pkl` next to the data and `train.py` reads
 * `os.path.join(data_dir, "meta.pkl")`; `train.py` saves `ckpt.pt` and `sample.py` resumes from it. That weaker
 * evidence counts only when the loading code names the folder itself (no parameter in the path, and a `self.`
 * attribute only when its class assigns it once, from such a value: `self.db_path = "../data/vector_db.pkl"`;
 * a notebook of the project is a writer too, as the cookbook's `guide.ipynb` pickles the cache its
 * `evaluation/vectordb.py` reads back): a component reading `os.path.join(self.config.index_folder, "chunk_id_to_index.pkl")` loads whatever index
 * its user points it at, even though the project's indexer script writes one of that name. The
 * incremental analysis does not follow that link: an edit of the writer is seen when the loading file is analysed
 * again.
 *
 * Failing all that, a load whose result is read only through keys of a checkpoint dictionary the same module
 * saves (`torch.save({"model": ..., "optimizer": ...}, path)`, then `ckpt["model"]`) reads the program's own
 * checkpoint layout, even from a parameter's path (`python-own-format.ts`).
 */
import type { Node } from 'web-tree-sitter';
import type { FlowStep, Range } from '../../engine/finding';
import type { AstContext } from '../../engine/rule';
import { ancestorsUpward, unparenthesize } from '../../engine/resolve/walk';
import { OWN_FORMAT_STEP, ownFormatWrite } from './python-own-format';

/** Appended to the message of such a finding. */
export const OWN_FILE_NOTE = ' The same code writes this file (its own cache or checkpoint), so this is advisory: act on it only if others can replace the file.';

/** Appended to the message of a finding whose file another file of the project writes. */
export const PROJECT_FILE_NOTE = ' Another file of the project writes a file of this name (the project\'s own artefact), so this is advisory: act on it only if others can replace the file.';

/** Appended to the message of a finding whose loaded value is read only through keys of a checkpoint the same code saves. */
export const OWN_FORMAT_NOTE = ' The result is read only through keys of a checkpoint dictionary the same code saves (its own checkpoint layout), so this is advisory: act on it only if others can supply the file.';

/** Calls that write a serialized object (or a TorchScript archive) to a file, with the position and keyword of their file argument. */
const WRITERS: ReadonlyMap<string, { position: number; keyword: string }> = new Map(
  [
    ...['pickle', '_pickle', 'cPickle', 'dill', 'cloudpickle', 'marshal'].map((m) => [`${m}.dump`, { position: 1, keyword: 'file' }] as const),
    ['torch.save', { position: 1, keyword: 'f' }],
    ['torch.jit.save', { position: 1, keyword: 'f' }],
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
  if (!read) return undefined;
  const same = read.type === 'identifier' && isParameter(read) ? undefined : samePathOrName(ctx, load, read);
  if (same) return same;
  // Last, the layout of what is loaded: a checkpoint dictionary whose keys the same module saves.
  const format = ownFormatWrite(ctx, load, read, writes(ctx));
  return format ? [{ range: ctx.rangeOfNode(format), message: OWN_FORMAT_STEP }] : undefined;
}

/** The write of the same path, or of the same file name in this module or another file of the project. */
function samePathOrName(ctx: AstContext, load: Node, read: Node): FlowStep[] | undefined {
  const key = normalise(read.text);
  const all = writes(ctx);
  const write = all.find((w) => normalise(w.path.text) === key && sharesBindings(read, load, w.call) && !savesLoadedValue(load, w));
  if (write) return [{ range: ctx.rangeOfNode(write.call), message: 'the same code writes the file here' }];
  const name = fileNameOf(ctx, read);
  if (!name || loadsOnConstruction(load, read)) return undefined;
  const named = all.find((w) => {
    const written = fileNameOf(ctx, w.path);
    return written !== undefined && sameFileName(name, written) && !savesLoadedValue(load, w);
  });
  if (named) return [{ range: ctx.rangeOfNode(named.call), message: `the same code writes a file named \`${name}\` here` }];
  const elsewhere = foldersChosenHere(read) ? ctx.ports.project?.fileWriter?.(ctx.path, name) : undefined;
  return elsewhere ? [{ path: elsewhere.path, range: elsewhere.range, message: `\`${elsewhere.path}\` writes a file named \`${name}\` here` }] : undefined;
}

/**
 * Whether the code that loads names the folder itself: no name in the path is a parameter of an enclosing function
 * or an attribute of `self`/`cls`. Another file's write is weaker evidence than the same file's, so it counts only
 * for a script that picks its own folder (`os.path.join(data_dir, "meta.pkl")` with `data_dir` its own setting), not
 * for a component whose caller or configuration object names it (`os.path.join(self.config.index_folder,
 * "chunk_id_to_index.pkl")`): such a folder is often one the user downloaded or was given.
 */
function foldersChosenHere(path: Node, depth = 0): boolean {
  if (depth > 4) return false;
  const selfAttributes = [path, ...path.descendantsOfType('attribute').filter((a): a is Node => !!a)].filter(isSelfAttribute);
  // `self.db_path` assigned once in its class, from a value that names its folder itself (`"../data/vector_db.pkl"`).
  if (selfAttributes.some((attribute) => {
    const value = selfAttributeValue(attribute);
    return !value || !foldersChosenHere(value, depth + 1);
  })) return false;
  const insideSelfAttribute = (id: Node): boolean => selfAttributes.some((a) => a.startIndex <= id.startIndex && id.endIndex <= a.endIndex);
  const names = path.type === 'identifier' ? [path] : path.descendantsOfType('identifier').filter((id): id is Node => !!id && !insideSelfAttribute(id));
  return !names.some((id) => isParameter(id));
}

function isSelfAttribute(node: Node): boolean {
  return node.type === 'attribute' && /^(?:self|cls)$/.test(node.childForFieldName('object')?.text ?? '');
}

/**
 * The one value `self.X` holds: its class assigns `self.X` (in any method) or a class-level `X` exactly once,
 * never with an augmented assignment. Undefined otherwise.
 */
function selfAttributeValue(attribute: Node): Node | undefined {
  const name = attribute.childForFieldName('attribute')?.text;
  const cls = enclosing(attribute, 'class_definition');
  const body = cls?.childForFieldName('body');
  if (!name || !body) return undefined;
  let value: Node | undefined;
  let count = 0;
  for (const assignment of body.descendantsOfType(['assignment', 'augmented_assignment'])) {
    const left = assignment?.childForFieldName('left');
    if (!assignment || !left) continue;
    const classLevel = left.type === 'identifier' && left.text === name && assignment.parent?.parent?.id === body.id;
    if (!classLevel && !(isSelfAttribute(left) && left.childForFieldName('attribute')?.text === name)) continue;
    if (assignment.type === 'augmented_assignment') return undefined;
    count += 1;
    value = assignment.childForFieldName('right') ?? undefined;
  }
  return count === 1 ? value : undefined;
}

/** Whether a flow from `ownFileWrite` ends in another file of the project (its message then uses `PROJECT_FILE_NOTE`). */
export function ownFileNote(flow: readonly FlowStep[]): string {
  if (flow.some((step) => step.message === OWN_FORMAT_STEP)) return OWN_FORMAT_NOTE;
  return flow.some((step) => step.path !== undefined) ? PROJECT_FILE_NOTE : OWN_FILE_NOTE;
}

/** A file a module writes with a serializer, by file name (the project pass behind `ProjectFacts.fileWriter`). */
export interface FileWrite {
  /** The file name template (`meta.pkl`, `rank_*.pt`). */
  name: string;
  range: Range;
}

/** Every file this module writes with a serializer whose path ends in a file name (see `fileNameOf`). */
export function fileWritesIn(ctx: AstContext): FileWrite[] {
  const found: FileWrite[] = [];
  for (const write of writes(ctx)) {
    const name = fileNameOf(ctx, write.path);
    if (name) found.push({ name, range: ctx.rangeOfNode(write.call) });
  }
  return found;
}

/** Two file name templates can name the same file: equal, or one literal name matching the other's template. */
export function sameFileName(a: string, b: string): boolean {
  if (a === b) return true;
  const pattern = (t: string): RegExp => new RegExp(`^${t.split('*').map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('[^/]*')}$`);
  return (!a.includes('*') && pattern(b).test(a)) || (!b.includes('*') && pattern(a).test(b));
}

/**
 * A class whose constructor loads the file from a folder its caller names (`self.index_path = persist_path or
 * ...` in `__init__`, which calls `self._load_index()`) is a loader API, like LangChain's `FAISS.load_local`:
 * whoever constructs it decides which folder is read, so a file name the class also writes is no evidence
 * that the file is its own.
 */
function loadsOnConstruction(load: Node, path: Node): boolean {
  const method = enclosing(load, 'function_definition');
  const cls = method ? enclosing(method, 'class_definition') : undefined;
  const init = cls?.childForFieldName('body')?.namedChildren.map((c) => (c?.type === 'decorated_definition' ? c.childForFieldName('definition') : c)).find((c) => c?.type === 'function_definition' && c.childForFieldName('name')?.text === '__init__');
  if (!method || !init) return false;
  const name = method.childForFieldName('name')?.text ?? '';
  const runsOnConstruction = method.id === init.id || init.descendantsOfType('call').some((call) => call?.childForFieldName('function')?.text === `self.${name}`);
  if (!runsOnConstruction) return false;
  const parameters = new Set((init.childForFieldName('parameters')?.descendantsOfType('identifier') ?? []).map((p) => p?.text).filter((p) => p !== 'self'));
  const attributes = new Set(path.descendantsOfType('attribute').filter((a) => a?.childForFieldName('object')?.text === 'self').map((a) => a?.childForFieldName('attribute')?.text));
  return init.descendantsOfType('assignment').some((assignment) => {
    const left = assignment?.childForFieldName('left');
    const fromCaller = assignment?.childForFieldName('right')?.descendantsOfType('identifier').some((id) => parameters.has(id?.text)) ?? false;
    return left?.type === 'attribute' && left.childForFieldName('object')?.text === 'self' && attributes.has(left.childForFieldName('attribute')?.text) && fromCaller;
  });
}

/** A file name template: literal text, with `*` standing for each interpolated part. */
type FileName = string;

const JOINS = new Set(['os.path.join', 'posixpath.join', 'ntpath.join']);

/** The file name a path expression ends in, when it ends in a literal extension (see the file comment). */
function fileNameOf(ctx: AstContext, input: Node, depth = 0): FileName | undefined {
  if (depth > 4) return undefined;
  const node = unparenthesize(input);
  if (node.type === 'identifier') {
    const bound = ctx.python().boundValue(node);
    return bound ? fileNameOf(ctx, bound, depth + 1) : undefined;
  }
  if (isSelfAttribute(node)) {
    const value = selfAttributeValue(node);
    return value ? fileNameOf(ctx, value, depth + 1) : undefined;
  }
  if (node.type === 'call') {
    const callee = node.childForFieldName('function');
    const name = callee ? ctx.python().qualifiedName(callee) : undefined;
    const positional = (node.childForFieldName('arguments')?.namedChildren ?? []).filter((a): a is Node => !!a && a.type !== 'comment' && a.type !== 'keyword_argument');
    const last = positional[positional.length - 1];
    return name && JOINS.has(name) && last && last.type !== 'list_splat' ? fileNameOf(ctx, last, depth + 1) : undefined;
  }
  if (node.type === 'binary_operator' && node.child(1)?.type === '/') {
    const right = node.childForFieldName('right');
    return right ? fileNameOf(ctx, right, depth + 1) : undefined;
  }
  if (node.type !== 'string') return undefined;
  const prefix = node.child(0)?.text ?? '';
  if (/[bB]/.test(prefix)) return undefined;
  let template = '';
  for (const child of node.namedChildren) {
    if (!child || child.type === 'string_start' || child.type === 'string_end') continue;
    if (child.type === 'interpolation') template += '*';
    else template += child.text;
  }
  const base = template.slice(template.lastIndexOf('/') + 1);
  // A literal extension after some literal name text: `rank_{r}.pt` and `meta.pkl` link two files, `{x}.pt` is too vague.
  const extension = /\.[A-Za-z0-9_]+$/.exec(base);
  return extension && /[^*]/.test(base.slice(0, extension.index)) ? base : undefined;
}


interface Write {
  call: Node;
  path: Node;
  /** The object written, for serializing calls (`torch.save(obj, path)`); undefined for `open(path, "wb")`. */
  saved?: Node;
}

/**
 * The writes of a file, found once per analysis: each load of the three load rules asks (a test module of pandas
 * has hundreds). Keyed by the analysis's list of calls, which every checker of one analysis shares.
 */
const writesByCalls = new WeakMap<readonly Node[], Write[]>();

function writes(ctx: AstContext): Write[] {
  const calls = ctx.calls();
  let found = writesByCalls.get(calls);
  if (!found) writesByCalls.set(calls, (found = findWrites(ctx, calls)));
  return found;
}

function findWrites(ctx: AstContext, calls: readonly Node[]): Write[] {
  const scope = ctx.python();
  const found: Write[] = [];
  for (const call of calls) {
    const callee = call.childForFieldName('function');
    const name = callee ? scope.qualifiedName(callee) : undefined;
    const writer = (name ? WRITERS.get(name) : undefined) ?? methodWriter(call, callee, name);
    if (writer) {
      const target = scope.argument(call, writer.position, writer.keyword);
      const path = target ? pathExpression(ctx, target, call) : undefined;
      const saved = scope.argument(call, writer.position === 0 ? 1 : 0, writer.position === 0 ? 'arr' : 'obj');
      if (path) found.push({ call, path, ...(saved ? { saved } : {}) });
    } else if (name && OPENERS.has(name) && isWriteMode(ctx, call)) {
      const path = scope.argument(call, 0, 'file') ?? scope.argument(call, 0, 'filename');
      if (path) found.push({ call, path: followName(ctx, path) });
    }
  }
  return found;
}

/** Text formats whose `dump` writes no pickle, so their files are never what a deserializing load reads back. */
const TEXT_FORMATS = /^(json|yaml|toml|tomli_w|csv|ruamel)\./;

/**
 * `accelerator.save(state, path)`, `store.dump(obj, path)`: a save or dump method of an object, file second; or a
 * `save` method given only the file (`traced.save(path)`: TorchScript's `ScriptModule.save`, what `torch.jit.load`
 * reads back).
 */
function methodWriter(call: Node, callee: Node | null, name: string | undefined): { position: number; keyword: string } | undefined {
  if (callee?.type !== 'attribute' || (name && TEXT_FORMATS.test(name))) return undefined;
  const method = callee.childForFieldName('attribute')?.text;
  if (method === 'save' && onlyArgumentIsPositional(call)) return { position: 0, keyword: 'f' };
  return method === 'save' || method === 'dump' ? { position: 1, keyword: 'f' } : undefined;
}

function onlyArgumentIsPositional(call: Node): boolean {
  const args = (call.childForFieldName('arguments')?.namedChildren ?? []).filter((a): a is Node => !!a && a.type !== 'comment');
  return args.length === 1 && args[0]?.type !== 'keyword_argument' && args[0]?.type !== 'list_splat' && args[0]?.type !== 'dictionary_splat';
}

/** The expression naming the file: the path of an `open(...)` file object, or the argument itself, through one name. */
/**
 * The path a load reads through its file argument: the path given to `open(...)` (directly, through
 * `with open(...) as f` or `f = open(...)`), or the argument itself, a name bound once standing for its value.
 */
export function pathExpression(ctx: AstContext, argument: Node, at: Node): Node | undefined {
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
  for (const node of ancestorsUpward(at)) {
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
  for (const ancestor of ancestorsUpward(node)) if (ancestor.type === type) return ancestor;
  return undefined;
}

function normalise(text: string): string {
  return text.replace(/\s+/g, '').replace(/'/g, '"');
}
