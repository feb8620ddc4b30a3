/**
 * Where the dynamic parts of a Python shell command come from, so the shell rules (AIS203, AIS204, AIS206)
 * can set their severity the way a reviewer would:
 *
 * - `constant`: literals, formats of constants and the other shapes of `python-constants.ts`, plus the
 *   program's own paths (`tempfile.mkdtemp()`, a `NamedTemporaryFile`'s `.name`, `__file__`, `sys.executable`,
 *   `os.getcwd()`) and numbers (`len(...)`, `os.getpid()`, `int(x)`, and any value formatted as a number:
 *   `"%d" % n`, `f"{port:d}"`, `"{:d}".format(pid)`: `python-numeric-format.ts`);
 * - `operator`: what the person running the program chose: its command-line arguments (`args.x` of an
 *   argparse parser, `sys.argv`, a parameter of a `click`/`typer` command), environment variables, and
 *   UPPER_CASE settings imported from the project's own modules;
 * - `outside`: anything else (a request, model output, a file's content, a parameter nobody in the file is
 *   seen to call); unknown is never taken for safe.
 *
 * A parameter of a function of this file is followed to its call sites in the file (`def run(cmd)` called only
 * as `run("git status")` or `run(args.folder)`): the parameter has the worst origin among the arguments its call
 * sites pass. A public top-level function may be called from other files: the host's caller index
 * (`ProjectFacts.callerOrigins`) grades the arguments of every call in the project. A parameter with no call
 * site, of a function called by reference or through `*args`, or of a method, stays `outside`. `self.x` kept only
 * from `__init__`, configuration files and regular-expression checks: `python-attribute-origin.ts`, `regex-guards.ts`. Incremental analysis re-analyses together every unit naming a function whose unit is
 * re-analysed (see `incremental/plan.ts`), so the call sites are parsed whenever the function is.
 */
import type { Node } from 'web-tree-sitter';
import type { AstContext } from '../../engine/rule';
import { ancestorsUpward, enclosingOfType, unparenthesize } from '../../engine/resolve/walk';
import { isBuiltFromConstants } from './python-constants';
import { isPythonConstantTable } from './python-constant-tables';
import { argparseDeclaration } from './python-settings';
import { initOnlyAttributeValues, readsOwnConfigFile } from './python-attribute-origin';
import { guardedByFullMatch } from './regex-guards';
import { isNumericFormatSpec, numericFormatArguments, numericPercentOperands } from './python-numeric-format';
import { projectImports, type ImportedName } from './taint/project-imports';
import { attributeWrites, hasBases, keyWrites, methodCallArguments } from './member-writes';

export type CommandOrigin = 'constant' | 'operator' | 'outside';

const RANK: Record<CommandOrigin, number> = { constant: 0, operator: 1, outside: 2 };
const MAX_DEPTH = 40;
/** Expressions one command's walk may look at; past it the command is `outside` (unknown). */
const MAX_STEPS = 4_000;

/** The worse of two origins (`outside` over `operator` over `constant`). */
export function worstOrigin(a: CommandOrigin, b: CommandOrigin): CommandOrigin {
  return RANK[a] >= RANK[b] ? a : b;
}

/** Calls whose result carries the origin of their arguments (and receiver, for string methods). */
const PASS_THROUGH_CALLS = new Set([
  'str', 'repr', 'list', 'tuple', 'sorted', 'reversed', 'enumerate', 'zip',
  'os.path.join', 'os.path.abspath', 'os.path.dirname', 'os.path.basename', 'os.path.normpath', 'os.path.realpath', 'os.path.expanduser', 'os.path.relpath',
  'pathlib.Path', 'pathlib.PurePath', 'shlex.join', 'time.strftime',
]);
const STRING_METHODS = new Set(['split', 'rsplit', 'replace', 'strip', 'lstrip', 'rstrip', 'lower', 'upper', 'format', 'join', 'splitlines', 'removeprefix', 'removesuffix', 'resolve', 'absolute', 'as_posix', 'strftime', 'isoformat']);
/** Conversions to a number, whose result prints only as digits, a sign, a point or an exponent. */
const NUMBER_CALLS = new Set(['int', 'float', 'round', 'abs', 'math.floor', 'math.ceil', 'math.trunc']);
/** Calls the program answers itself: numbers and its own places. */
const OWN_VALUE_CALLS = new Set(['len', 'os.getpid', 'os.getppid', 'os.getcwd', 'tempfile.mkdtemp', 'tempfile.mktemp', 'tempfile.gettempdir', 'time.time', 'uuid.uuid4', 'pathlib.Path.cwd', 'shutil.which',
  // The clock: a timestamp in a folder name (`time.strftime("%Y%m%d", time.localtime())`, `datetime.now()`).
  'time.localtime', 'time.gmtime', 'datetime.datetime.now', 'datetime.datetime.utcnow', 'datetime.date.today']);
const TEMP_FILES = new Set(['tempfile.NamedTemporaryFile', 'tempfile.TemporaryDirectory', 'tempfile.mkstemp']);
const OWN_NAMES = new Set(['sys.executable', 'os.sep', 'os.pathsep', 'os.devnull', 'sys.platform']);
const ENVIRONMENT_CALLS = new Set(['os.getenv', 'os.environ.get', 'os.environ.setdefault', 'os.environ.copy']);
const ARGPARSE_RESULTS = new Set(['parse_args', 'parse_known_args', 'parse_intermixed_args']);

/** The origin of a command value (the worst among its parts). */
export function pythonCommandOrigin(ctx: AstContext, command: Node): CommandOrigin {
  return new OriginWalk(ctx).of(command, 0);
}

class OriginWalk {
  private readonly python;
  /** Names and parameters being followed, so a recursive helper or a self-assignment ends. */
  private readonly following = new Set<number>();
  /** The binding sets being followed (by their first binding's node), so a name assigned from itself ends. */
  private readonly followingBindings = new Set<string>();

  constructor(private readonly ctx: AstContext) {
    this.python = ctx.python();
  }

  private steps = 0;

  of(expr: Node, depth: number): CommandOrigin {
    if (depth > MAX_DEPTH || ++this.steps > MAX_STEPS) return 'outside';
    const node = unparenthesize(expr);
    if (isBuiltFromConstants(this.ctx, node)) return 'constant';
    const all = (nodes: ReadonlyArray<Node | null | undefined>): CommandOrigin => {
      let origin: CommandOrigin = 'constant';
      for (const child of nodes) {
        if (!child || child.type === 'comment') continue;
        origin = worstOrigin(origin, this.of(child.type === 'keyword_argument' ? child.childForFieldName('value') ?? child : child, depth + 1));
        if (origin === 'outside') break;
      }
      return origin;
    };
    switch (node.type) {
      case 'string':
        // A part formatted as a number (`{port:d}`) carries no shell syntax.
        return all(node.descendantsOfType('interpolation').filter((i) => !isNumericFormatSpec(i?.childForFieldName('format_specifier')?.text ?? '')).map((i) => i?.childForFieldName('expression') ?? i?.namedChild(0)));
      case 'concatenated_string':
      case 'list':
      case 'tuple':
      case 'expression_list':
        return all(node.namedChildren);
      // `shutil.which(name) or name`: either side.
      case 'binary_operator':
        // `"nvidia-smi -i %d" % gpu`: the operands formatted as numbers carry no shell syntax.
        if (node.child(1)?.type === '%') return this.percentFormat(node, all);
        return all([node.childForFieldName('left'), node.childForFieldName('right')]);
      case 'boolean_operator':
        return all([node.childForFieldName('left'), node.childForFieldName('right')]);
      case 'unary_operator':
        return all([node.childForFieldName('argument')]);
      // The bounds of a slice (`key[2:]`, `argv[1:n]`).
      case 'slice':
        return all(node.namedChildren);
      case 'conditional_expression':
        return all([node.namedChild(0), node.namedChild(2)]);
      case 'subscript':
        return this.subscript(node, all);
      case 'call':
        return this.call(node, depth, all);
      case 'attribute':
        return this.attribute(node, depth);
      case 'identifier':
        return this.identifier(node, depth);
      case 'integer':
      case 'float':
      case 'true':
      case 'false':
      case 'none':
        return 'constant';
      default:
        return 'outside';
    }
  }

  /** `template % values`: the template and every operand it does not format as a number. */
  private percentFormat(node: Node, all: (nodes: ReadonlyArray<Node | null | undefined>) => CommandOrigin): CommandOrigin {
    const left = node.childForFieldName('left');
    const right = node.childForFieldName('right');
    const numeric = numericPercentOperands(this.ctx, node);
    if (numeric.size === 0 || !right) return all([left, right]);
    const inner = unparenthesize(right);
    const operands = inner.type === 'tuple' ? inner.namedChildren : [inner];
    return all([left, ...operands.filter((o) => !o || !numeric.has(o.id))]);
  }

  private subscript(node: Node, all: (nodes: ReadonlyArray<Node | null | undefined>) => CommandOrigin): CommandOrigin {
    const value = node.childForFieldName('value');
    if (!value) return 'outside';
    const qualified = this.python.qualifiedName(value);
    if (qualified === 'sys.argv' || qualified === 'os.environ') return 'operator';
    // An entry of a constant table of this module (`EDITORS[name]["cmd"]`), whatever the key.
    if (isPythonConstantTable(this.ctx, chainRoot(node))) return 'constant';
    // `env.env_dict["directory"]`: every value the project stores under that key of a dictionary attribute of that name.
    const index = node.childForFieldName('subscript');
    const literal = index && value.type === 'attribute' ? this.python.literalValue(index) : undefined;
    const attribute = value.childForFieldName('attribute')?.text;
    if (literal?.kind === 'string' && attribute && !this.following.has(node.id)) {
      const stored = this.projectKey(node, attribute, literal.value);
      if (stored) return stored;
    }
    // An item or slice of a value has the value's origin (and the index's: `cmds[i]`).
    return all([value, ...node.children.filter((c) => c !== null && c.isNamed && c.id !== value.id)]);
  }

  private call(node: Node, depth: number, all: (nodes: ReadonlyArray<Node | null | undefined>) => CommandOrigin): CommandOrigin {
    const fn = node.childForFieldName('function');
    const args = node.childForFieldName('arguments')?.namedChildren ?? [];
    if (!fn) return 'outside';
    // A builtin called by its bare name (`enumerate`, `len`) resolves to nothing unless the file rebinds it.
    const qualified = this.python.qualifiedName(fn) ?? (fn.type === 'identifier' && !this.python.isBound(fn) ? fn.text : undefined);
    if (qualified && OWN_VALUE_CALLS.has(qualified)) return 'constant';
    // A number (`int(pid)`: a string with shell syntax makes the conversion raise) carries no shell syntax.
    if (qualified && NUMBER_CALLS.has(qualified)) return 'constant';
    if (qualified && ENVIRONMENT_CALLS.has(qualified)) return 'operator';
    if (qualified && PASS_THROUGH_CALLS.has(qualified)) return all(args);
    if (fn.type === 'attribute') {
      const method = fn.childForFieldName('attribute')?.text ?? '';
      const receiver = fn.childForFieldName('object');
      if (ARGPARSE_RESULTS.has(method)) return 'operator';
      // `EDITORS.get(name, default)`: an entry of a constant table, or the default.
      if (receiver && method === 'get' && isPythonConstantTable(this.ctx, chainRoot(receiver))) return all(args.slice(1));
      if (qualified === 'argparse.Namespace') return 'operator';
      // `"kill {:d}".format(pid)`: the arguments formatted as numbers carry no shell syntax.
      if (receiver && method === 'format') {
        const numeric = numericFormatArguments(this.ctx, receiver, args.filter((a): a is Node => !!a));
        return all([receiver, ...args.filter((a) => !a || !numeric.has((a.type === 'keyword_argument' ? a.childForFieldName('value') : a)?.id ?? -1))]);
      }
      if (receiver && STRING_METHODS.has(method)) return all([receiver, ...args]);
      // `args._get_kwargs()`, `vars(args).items()`: the items of an argparse namespace.
      if (receiver && ['_get_kwargs', 'items', 'keys', 'values'].includes(method) && args.length === 0) return this.of(receiver, depth + 1);
    }
    if (fn.type === 'identifier' && fn.text === 'vars' && args.length === 1) return all(args);
    if (readsOwnConfigFile(this.ctx, node)) return 'operator';
    // A function of this module that builds the value (`string_args(args, worker_args)`): what it returns, its
    // parameters followed to the call sites (this one among them).
    // `self.paths()`: a method its class defines once and no class of the file overrides returns what it
    // returns, its own parameters followed as usual.
    const helper = fn.type === 'identifier' ? moduleFunction(this.ctx, fn.text) : fn.type === 'attribute' ? ownMethod(this.ctx, fn) : undefined;
    if (helper && !this.following.has(helper.id)) {
      this.following.add(helper.id);
      try {
        return all(returnedValues(helper));
      } finally {
        this.following.delete(helper.id);
      }
    }
    // A function imported from another module of the project (`from .utils import now`): what it returns there.
    if (fn.type === 'identifier' && !helper) {
      const imported = this.importedFunction(fn);
      const answer = imported ? this.ctx.ports.project?.returnOrigin?.(this.ctx.path, imported.module, imported.name) : undefined;
      if (answer) return answer;
    }
    return 'outside';
  }

  private imports: Map<string, ImportedName> | undefined;

  /** The module and name a callee is imported as (`from .utils import now as stamp`), when the import is its only binding. */
  private importedFunction(callee: Node): { module: string; name: string } | undefined {
    const bindings = this.bindingsOf(callee);
    if (!bindings || bindings.length === 0 || bindings.some((b) => b.kind !== 'import')) return undefined;
    this.imports ??= projectImports(this.ctx);
    const imported = this.imports.get(callee.text);
    return imported?.name !== undefined ? { module: imported.module, name: imported.name } : undefined;
  }

  private attribute(node: Node, depth: number): CommandOrigin {
    const qualified = this.python.qualifiedName(node);
    if (qualified && OWN_NAMES.has(qualified)) return 'constant';
    if (qualified === 'sys.argv') return 'operator';
    if (argparseDeclaration(this.ctx, node)) return 'operator';
    const object = node.childForFieldName('object');
    const name = node.childForFieldName('attribute')?.text;
    if (!object) return 'outside';
    // `tmp.name` of `tempfile.NamedTemporaryFile(...)`: a path the program made for itself.
    if (name === 'name' && this.isTempFile(object)) return 'constant';
    // `self.directory` kept only from `__init__`: the origin of what `__init__` assigns.
    if (object.type === 'identifier' && object.text === 'self' && name) return this.selfAttribute(node, name, depth);
    // `cfg.codes.tmp_directory` of a configuration file the program names itself.
    if (this.isConfiguration(chainRoot(object), depth)) return 'operator';
    // An attribute of the parsed arguments (`args.folder`, including options this file does not declare).
    const objectOrigin = object.type === 'identifier' && !['self', 'cls'].includes(object.text) ? this.of(object, depth + 1) : 'outside';
    return objectOrigin === 'operator' && this.isArgumentNamespace(object) ? 'operator' : 'outside';
  }

  private selfAttribute(node: Node, name: string, depth: number): CommandOrigin {
    if (this.following.has(node.id)) return 'constant';
    const values = initOnlyAttributeValues(this.ctx, node, name);
    return values ? this.worstOf(values, node, depth) : this.projectAttribute(node, name, depth);
  }

  /**
   * `self.directory` written from other places than its class's `__init__` (a `None` placeholder filled in by
   * `env.codes.directory = path`, often in another file): the worst of every write of an attribute of that name
   * in this file and in the project's other files (graded there: `ProjectFacts.memberOrigin`); `outside` when
   * some write is unseen or none is known.
   */
  private projectAttribute(node: Node, name: string, depth: number): CommandOrigin {
    const cls = enclosingOfType(node, CLASS_TYPES);
    const className = cls?.childForFieldName('name')?.text;
    if (!cls || !className) return 'outside';
    const owner = { className, classHasBases: hasBases(cls) };
    const local = attributeWrites(this.ctx, name, owner);
    const elsewhere = local ? this.ctx.ports.project?.memberOrigin?.(this.ctx.path, { kind: 'write', attribute: name, ...owner }) : undefined;
    if (!local || !elsewhere || local.length + elsewhere.count === 0 || elsewhere.origin === 'outside') return 'outside';
    return worstOrigin(elsewhere.origin, this.worstOf(local, node, depth));
  }

  /**
   * The worst origin of what the project stores under a literal key of dictionary attributes of one name (this
   * file's stores and, graded where written, the other files': `ProjectFacts.memberOrigin`); undefined when some
   * store is unseen or none is known, and the item is then graded as any other.
   */
  private projectKey(node: Node, attribute: string, key: string): CommandOrigin | undefined {
    const local = keyWrites(this.ctx, attribute, key);
    const elsewhere = local ? this.ctx.ports.project?.memberOrigin?.(this.ctx.path, { kind: 'key', attribute, key }) : undefined;
    if (!local || !elsewhere || local.length + elsewhere.count === 0) return undefined;
    if (elsewhere.origin === 'outside') return 'outside';
    return worstOrigin(elsewhere.origin, this.worstOf(local, node, 0));
  }

  /** The worst origin of the values an attribute can hold (`guard`, the use, ends a walk that comes back to it). */
  private worstOf(values: readonly Node[], guard: Node, depth: number): CommandOrigin {
    this.following.add(guard.id);
    try {
      let origin: CommandOrigin = 'constant';
      for (const value of values) {
        origin = worstOrigin(origin, this.of(value, depth + 1));
        if (origin === 'outside') break;
      }
      return origin;
    } finally {
      this.following.delete(guard.id);
    }
  }

  /** A value read from a configuration file the program names itself, directly or through names and `self` attributes holding one. */
  private isConfiguration(expr: Node, depth: number): boolean {
    if (depth > MAX_DEPTH || ++this.steps > MAX_STEPS) return false;
    const node = unparenthesize(expr);
    if (node.type === 'call') return readsOwnConfigFile(this.ctx, node);
    if (node.type === 'identifier' && !['self', 'cls'].includes(node.text)) {
      const values = this.python.boundValues(node) ?? this.moduleValues(node.text);
      return !!values && values.length > 0 && values.every((value) => this.isConfiguration(value, depth + 1));
    }
    const object = node.type === 'attribute' ? node.childForFieldName('object') : undefined;
    const name = node.childForFieldName('attribute')?.text;
    if (object?.type === 'identifier' && object.text === 'self' && name) {
      const values = initOnlyAttributeValues(this.ctx, node, name);
      return !!values && values.every((value) => this.isConfiguration(value, depth + 1));
    }
    return false;
  }

  /** A name bound only to an argparse result (`args = parser.parse_args()`), so its attributes are options. */
  private isArgumentNamespace(identifier: Node): boolean {
    const values = this.python.boundValues(identifier) ?? this.moduleValues(identifier.text);
    return !!values && values.length > 0 && values.every((value) => {
      const inner = unparenthesize(value);
      const fn = inner.type === 'call' ? inner.childForFieldName('function') : inner.type === 'subscript' ? inner.childForFieldName('value')?.childForFieldName('function') : undefined;
      const method = fn?.type === 'attribute' ? fn.childForFieldName('attribute')?.text ?? '' : '';
      return ARGPARSE_RESULTS.has(method) || (fn ? this.python.qualifiedName(fn) === 'argparse.Namespace' : false);
    });
  }

  private isTempFile(object: Node): boolean {
    const node = unparenthesize(object);
    if (node.type === 'call') {
      const fn = node.childForFieldName('function');
      return !!fn && TEMP_FILES.has(this.python.qualifiedName(fn) ?? '');
    }
    if (node.type !== 'identifier') return false;
    const values = this.bindingsOf(node);
    return !!values && values.length > 0 && values.every((b) => b.kind === 'value' && this.isTempFile(b.node));
  }

  private identifier(node: Node, depth: number): CommandOrigin {
    if (node.text === '__file__') return 'constant';
    // Checked against a full match of a pattern without shell syntax (`re.fullmatch(r"[0-9a-f]{7,40}", rev)`).
    if (guardedByFullMatch(this.ctx, node)) return 'constant';
    // Reached again while its bindings are followed (`value = " ".join(value)`): the other bindings, already
    // on the way, hold every value it can have.
    if (this.following.has(node.id)) return 'constant';
    const bindings = reachingBindings(node, this.bindingsOf(node));
    if (!bindings || bindings.length === 0) return 'outside';
    // A setting imported from another module: by convention an UPPER_CASE name is the project's configuration.
    if (/^[A-Z][A-Z0-9_]*$/.test(node.text) && bindings.every((b) => b.kind === 'import')) return 'operator';
    const key = bindingKey(bindings);
    if (this.followingBindings.has(key)) return 'constant';
    this.following.add(node.id);
    this.followingBindings.add(key);
    try {
      let origin: CommandOrigin = 'constant';
      for (const binding of bindings) {
        const one = binding.kind === 'value' ? this.of(binding.node, depth + 1) : binding.kind === 'parameter' ? this.parameter(binding.node, binding.fn, depth + 1) : 'outside';
        origin = worstOrigin(origin, one);
        if (origin === 'outside') break;
      }
      // A list the scope adds to (`cmd.append(user)`, `cmd += [flag]`, `cmd[1] = x`) holds what was added too.
      const fn = enclosingScope(node);
      const scope = fn && collectBindings(fn, node.text, fn, this.ctx.root).length > 0 ? fn : this.ctx.root;
      for (const added of origin === 'outside' ? [] : addedItems(scope, node.text, this.ctx.root)) {
        origin = worstOrigin(origin, this.of(added, depth + 1));
        if (origin === 'outside') break;
      }
      return origin;
    } finally {
      this.following.delete(node.id);
      this.followingBindings.delete(key);
    }
  }

  private moduleValues(name: string): Node[] | undefined {
    const bindings = collectBindings(this.ctx.root, name, undefined, this.ctx.root);
    return bindings.every((b) => b.kind === 'value') ? bindings.map((b) => (b as { node: Node }).node) : undefined;
  }

  /** Every binding of a name in the function (or module) whose scope the use is in. */
  private bindingsOf(identifier: Node): Binding[] | undefined {
    const fn = enclosingScope(identifier);
    if (fn) {
      const local = collectBindings(fn, identifier.text, fn, this.ctx.root);
      if (local.length > 0) return local;
      if (declaresGlobalOrNonlocal(fn, identifier.text)) return undefined;
      // A free name in a nested function: its enclosing function's own binding is not followed.
      if (enclosingFunction(fn)) return undefined;
    }
    const module = collectBindings(this.ctx.root, identifier.text, undefined, this.ctx.root);
    return module.length > 0 ? module : undefined;
  }

  /**
   * A parameter of `fn`: the worst origin among the arguments the file's call sites pass for it, or its default
   * where a call site leaves it out. `outside` when the function has no call site, is used other than by calling
   * it (passed as a callback), or a call site passes `*args` / `**kwargs`; `operator` for a `click`/`typer` command.
   */
  private parameter(parameter: Node, fn: Node, depth: number): CommandOrigin {
    if (depth > MAX_DEPTH) return 'outside';
    const definition = fn.parent?.type === 'decorated_definition' ? fn.parent : fn;
    if (definition.type === 'decorated_definition' && isCommandLineEntry(definition)) return 'operator';
    const fnName = fn.childForFieldName('name')?.text;
    if (!fnName || fn.type !== 'function_definition') return 'outside';
    const params = (fn.childForFieldName('parameters')?.namedChildren ?? []).filter((p): p is Node => !!p && p.type !== 'comment');
    // The binding is the parameter's node: `name="index.json"` for a parameter with a default.
    const parameterText = parameterName(parameter) ?? parameter.text;
    const position = params.findIndex((p) => parameterName(p) === parameterText);
    if (position < 0 || params.slice(0, position + 1).some((p) => /splat|keyword_separator|positional_separator/.test(p.type))) return 'outside';
    // A method's callers (`self.run(x)`, `runner.run(x)`) are reached through attributes, which incremental
    // analysis does not link by name: a method's parameter stays unknown. A constructor's are calls of its
    // class by name (`ChatChain(project_name=args.name)`), graded like a function's, one argument to the left.
    const cls = definition.parent?.parent?.type === 'class_definition' ? definition.parent.parent : undefined;
    if (cls && fnName !== '__init__') return this.methodParameter(definition, fnName, position - 1, parameterText, params[position]?.childForFieldName('value') ?? undefined, parameter, depth);
    if (cls && ( definition.type === 'decorated_definition' || !constructedOnlyByName(cls))) return 'outside';
    const calleeName = cls ? cls.childForFieldName('name')?.text ?? '' : fnName;
    const topLevel = cls ?? definition;
    const argumentIndex = cls ? position - 1 : position;
    if (argumentIndex < 0) return 'outside';
    const defaultValue = params[position]?.childForFieldName('value') ?? undefined;
    const outer = enclosingFunction(fn);
    const calls = callSites(this.ctx, calleeName, outer);
    if (!calls) return 'outside';
    let origin: CommandOrigin = 'constant';
    // A function nobody outside the file can call (private by name, nested in another function, or in a script
    // that parses its command line on import) is graded by its calls here. A public top-level function may be
    // called from other files: the host grades the arguments of every call the project makes (an unknown
    // answer, or no call anywhere, keeps it `outside`: a library's API is called by code the project does not hold).
    if (!calleeName.startsWith('_') && !outer && !isScript(this.ctx)) {
      if (topLevel.parent?.type !== 'module') return 'outside';
      const elsewhere = this.ctx.ports.project?.callerOrigins?.(this.ctx.path, calleeName, { index: argumentIndex, name: parameterText });
      if (!elsewhere || elsewhere.calls + calls.length === 0 || (elsewhere.omitted && !defaultValue)) return 'outside';
      origin = elsewhere.origin;
      if (elsewhere.omitted && defaultValue) origin = worstOrigin(origin, this.of(defaultValue, depth + 1));
      if (origin === 'outside') return origin;
    } else if (calls.length === 0) return 'outside';
    for (const call of calls) {
      if (this.python.hasSplat(call)) return 'outside';
      const argument = this.python.argument(call, argumentIndex, parameterText) ?? defaultValue;
      if (!argument) return 'outside';
      origin = worstOrigin(origin, this.of(argument, depth + 1));
      if (origin === 'outside') return origin;
    }
    return origin;
  }

  /**
   * A parameter of a method (`def set_directory(self, directory)`): the worst argument among the calls of a method
   * of that name in this file and in the project's other files (`x.set_directory(path)`, any receiver, since names
   * stand in for types). Unknown (`outside`) for a decorated or special (`__call__`) method, which Python calls with
   * other arguments, when a method of that name is handed on without being called, and when no call is seen.
   */
  private methodParameter(definition: Node, method: string, index: number, name: string, defaultValue: Node | undefined, guard: Node, depth: number): CommandOrigin {
    if (index < 0 || definition.type === 'decorated_definition' || /^__\w+__$/.test(method)) return 'outside';
    const local = methodCallArguments(this.ctx, method, index, name, defaultValue);
    const elsewhere = local ? this.ctx.ports.project?.memberOrigin?.(this.ctx.path, { kind: 'call', method, parameter: { index, name } }) : undefined;
    if (!local || !elsewhere || (elsewhere.omitted && !defaultValue) || local.values.length + elsewhere.count === 0 || elsewhere.origin === 'outside') return 'outside';
    const values = elsewhere.omitted && defaultValue ? [...local.values, defaultValue] : local.values;
    return worstOrigin(elsewhere.origin, this.worstOf(values, guard, depth));
  }
}

/** The object an attribute or item chain starts from: `cfg` of `cfg.codes["dir"]`, `self.cfg` of `self.cfg.codes.dir`. */
function chainRoot(expr: Node): Node {
  let node = unparenthesize(expr);
  for (let steps = 0; steps < 50; steps++) {
    const inner = node.type === 'attribute' ? node.childForFieldName('object') : node.type === 'subscript' ? node.childForFieldName('value') : null;
    if (!inner) break;
    // Stop at `self.cfg`: the attribute the class keeps.
    if (node.type === 'attribute' && inner.type === 'identifier' && inner.text === 'self') break;
    node = unparenthesize(inner);
  }
  return node;
}

const LOOP_TYPES: ReadonlySet<string> = new Set(['for_statement', 'while_statement', 'list_comprehension', 'set_comprehension', 'dictionary_comprehension', 'generator_expression']);

/**
 * The bindings that can reach a use: an assignment written after the use in the same scope (`for root, _, _ in
 * os.walk(path)` below a use of an earlier `root`) runs only after it, unless a loop holds both (the next turn
 * sees it, as a comprehension's own `for` does). Uses in a function of a module-level name see every binding.
 */
function reachingBindings(use: Node, bindings: Binding[] | undefined): Binding[] | undefined {
  if (!bindings || !bindings.some((b) => b.kind === 'value' && b.node.startIndex > use.endIndex)) return bindings;
  const scope = enclosingScope(use);
  const loops = [...ancestorsUpward(use)].filter((a) => LOOP_TYPES.has(a.type) && (!scope || (a.startIndex >= scope.startIndex && a.endIndex <= scope.endIndex)));
  const reaching = bindings.filter((b) => {
    if (b.kind !== 'value' || b.node.startIndex <= use.endIndex) return true;
    if (enclosingScope(b.node)?.id !== scope?.id) return true;
    return loops.some((loop) => b.node.startIndex >= loop.startIndex && b.node.endIndex <= loop.endIndex);
  });
  return reaching.length > 0 ? reaching : bindings;
}

function bindingKey(bindings: Binding[]): string {
  return bindings.map((b) => ('node' in b ? b.node.id : b.kind)).join(',');
}

/** A function defined once at module level (decorated or not) and bound to nothing else there. */
export function moduleFunction(ctx: AstContext, name: string): Node | undefined {
  let found: Node | undefined;
  for (const statement of ctx.root.namedChildren) {
    const fn = statement?.type === 'decorated_definition' ? statement.childForFieldName('definition') : statement;
    if (fn?.type === 'function_definition' && fn.childForFieldName('name')?.text === name) {
      if (found || statement?.type === 'decorated_definition') return undefined;
      found = fn;
    }
  }
  return found && collectBindings(ctx.root, name, undefined, ctx.root).length === 1 ? found : undefined;
}

/**
 * The method `self.<name>` names when called in a method of a class: defined once in that class's body without
 * decorators (a property or cached wrapper returns something else), the class not subclassed in the file (a
 * subclass could override it) and its name not assigned in the body.
 */
function ownMethod(ctx: AstContext, callee: Node): Node | undefined {
  const object = callee.childForFieldName('object');
  const name = callee.childForFieldName('attribute')?.text;
  if (object?.type !== 'identifier' || object.text !== 'self' || !name) return undefined;
  const cls = enclosingOfType(callee, CLASS_TYPES);
  const className = cls?.childForFieldName('name')?.text;
  const body = cls?.childForFieldName('body');
  if (!cls || !className || !body) return undefined;
  let found: Node | undefined;
  for (const member of body.namedChildren) {
    if (!member) continue;
    const defined = member.type === 'decorated_definition' ? member.childForFieldName('definition') : member;
    const definedName = defined?.type === 'function_definition' ? defined.childForFieldName('name')?.text : undefined;
    if (definedName === name) {
      if (found || member.type === 'decorated_definition') return undefined;
      found = defined ?? undefined;
    } else if (member.type === 'expression_statement' && new RegExp(`^\\s*${name}\\s*[:=]`).test(member.text)) return undefined;
  }
  if (!found) return undefined;
  const subclassed = ctx.root.descendantsOfType('class_definition').some((c) => !!c && (c.childForFieldName('superclasses')?.namedChildren ?? []).some((b) => b?.text === className));
  return subclassed ? undefined : found;
}

const CLASS_TYPES: ReadonlySet<string> = new Set(['class_definition']);

/** The values a function returns (a bare `return` or falling off the end is `None`, a constant). */
export function returnedValues(fn: Node): Node[] {
  const values: Node[] = [];
  const stack: Node[] = [...(fn.childForFieldName('body')?.namedChildren ?? []).filter((c): c is Node => !!c)];
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (node.type === 'return_statement' && node.namedChild(0)) values.push(node.namedChild(0)!);
    for (const child of node.namedChildren) if (child && !SCOPE_TYPES.has(child.type) && child.type !== 'decorated_definition') stack.push(child);
  }
  return values;
}

type Binding = { kind: 'value'; node: Node } | { kind: 'parameter'; node: Node; fn: Node } | { kind: 'import' } | { kind: 'unknown' };

const SCOPE_TYPES = new Set(['function_definition', 'lambda', 'class_definition']);

/**
 * The bindings of `name` directly in `scope` (not in nested functions or classes): assignments (each target of a
 * tuple assignment takes the whole value's origin), augmented assignments, `for` targets (the iterable's origin),
 * `with ... as name`, imports and, when `fn` is the scope, its parameters.
 */
function findBindings(scope: Node, name: string, fn: Node | undefined): Binding[] {
  const found: Binding[] = [];
  if (fn) {
    for (const p of fn.childForFieldName('parameters')?.namedChildren ?? []) if (p && parameterName(p) === name) found.push({ kind: 'parameter', node: p, fn });
  }
  const body = fn ? fn.childForFieldName('body') : scope;
  if (!body) return found;
  const stack: Node[] = [body];
  let budget = 20_000;
  while (stack.length > 0 && --budget > 0) {
    const node = stack.pop()!;
    switch (node.type) {
      case 'assignment':
      case 'augmented_assignment':
      case 'for_statement':
      case 'for_in_clause': {
        const left = node.childForFieldName('left');
        const right = node.childForFieldName('right');
        if (left && bindsName(left, name)) found.push(right ? { kind: 'value', node: right } : { kind: 'unknown' });
        break;
      }
      case 'as_pattern': {
        const alias = node.childForFieldName('alias');
        const value = node.namedChild(0);
        if (alias && bindsName(alias, name)) found.push(value && node.parent?.type === 'with_item' ? { kind: 'value', node: value } : { kind: 'unknown' });
        break;
      }
      case 'named_expression':
        if (node.childForFieldName('name')?.text === name) found.push({ kind: 'value', node: node.childForFieldName('value') ?? node });
        break;
      case 'import_statement':
      case 'import_from_statement':
        if (new RegExp(`\\b${name}\\b`).test(node.text)) found.push({ kind: 'import' });
        break;
      case 'global_statement':
      case 'nonlocal_statement':
      case 'except_clause':
      case 'delete_statement':
        if (new RegExp(`\\b${name}\\b`).test(node.text) && node.type !== 'except_clause') found.push({ kind: 'unknown' });
        break;
    }
    for (const child of node.namedChildren) {
      if (!child) continue;
      if (SCOPE_TYPES.has(child.type)) {
        // A nested definition binds its own name in this scope.
        if (child.childForFieldName('name')?.text === name) found.push({ kind: 'unknown' });
        continue;
      }
      if (child.type === 'decorated_definition') {
        const inner = child.childForFieldName('definition');
        if (inner?.childForFieldName('name')?.text === name) found.push({ kind: 'unknown' });
        continue;
      }
      stack.push(child);
    }
  }
  if (budget <= 0) found.push({ kind: 'unknown' });
  return found;
}

/**
 * Answers of `findBindings` and `findAddedItems` per file analysis. Each walks a whole scope (the module, for a
 * module-level name), and every origin question asks them again: a file of many sinks on module-level names
 * (130,000 `eval(x)` lines) made each finding walk the file. The tree does not change during an analysis, so an
 * answer keyed by the scope's node id and the name holds for the rest of it.
 */
const scopeAnswers = new WeakMap<Node, Map<string, Binding[] | Node[]>>();

function memoOf(root: Node): Map<string, Binding[] | Node[]> {
  let memo = scopeAnswers.get(root);
  if (!memo) scopeAnswers.set(root, (memo = new Map()));
  return memo;
}

function collectBindings(scope: Node, name: string, fn: Node | undefined, root: Node): Binding[] {
  const memo = memoOf(root);
  const key = `b${scope.id}:${fn?.id ?? ''}:${name}`;
  let found = memo.get(key) as Binding[] | undefined;
  if (!found) memo.set(key, (found = findBindings(scope, name, fn)));
  return found;
}

function addedItems(scope: Node, name: string, root: Node): Node[] {
  const memo = memoOf(root);
  const key = `a${scope.id}:${name}`;
  let found = memo.get(key) as Node[] | undefined;
  if (!found) memo.set(key, (found = findAddedItems(scope, name)));
  return found;
}

const LIST_ADDITIONS = new Set(['append', 'extend', 'insert', 'add', 'update', 'setdefault']);

/**
 * What a scope adds to a collection held by `name`: the arguments of `name.append(...)`, `extend`, `insert`,
 * `add`, `update`, `setdefault`, and the values of `name[i] = v` (`name += v` is a binding, already followed).
 * A function's own name is looked at in its body without nested definitions; a module-level name everywhere in
 * the file, since any function may add to it (a local of the same name elsewhere only keeps a finding).
 */
function findAddedItems(scope: Node, name: string): Node[] {
  const found: Node[] = [];
  const body = scope.type === 'module' ? scope : scope.childForFieldName('body');
  if (!body || !new RegExp(`\\b${name}\\s*(?:\\.\\s*(?:append|extend|insert|add|update|setdefault)\\b|\\[)`).test(body.text)) return found;
  const stack: Node[] = [body];
  let budget = 20_000;
  while (stack.length > 0 && --budget > 0) {
    const node = stack.pop()!;
    if (node.type === 'call') {
      const fn = node.childForFieldName('function');
      if (fn?.type === 'attribute' && fn.childForFieldName('object')?.text === name && LIST_ADDITIONS.has(fn.childForFieldName('attribute')?.text ?? '')) {
        for (const arg of node.childForFieldName('arguments')?.namedChildren ?? []) if (arg && arg.type !== 'comment') found.push(arg.type === 'keyword_argument' ? arg.childForFieldName('value') ?? arg : arg);
      }
    } else if (node.type === 'assignment') {
      const left = node.childForFieldName('left');
      const right = node.childForFieldName('right');
      if (left?.type === 'subscript' && left.childForFieldName('value')?.text === name && right) found.push(right);
    }
    for (const child of node.namedChildren) if (child && (scope.type === 'module' || (!SCOPE_TYPES.has(child.type) && child.type !== 'decorated_definition'))) stack.push(child);
  }
  return found;
}

/** The function (or lambda) a node is in; undefined at module level. */
function enclosingScope(node: Node): Node | undefined {
  return enclosingOfType(node, FUNCTION_SCOPES);
}

const FUNCTION_SCOPES: ReadonlySet<string> = new Set(['function_definition', 'lambda']);

const TARGET_LISTS: ReadonlySet<string> = new Set(['pattern_list', 'tuple_pattern', 'list_pattern', 'tuple', 'list', 'expression_list', 'list_splat_pattern', 'as_pattern_target']);

/** Whether an assignment target binds `name`; nested targets are walked with a stack (`((((a,),),),) = v` may nest 50,000 deep). */
function bindsName(target: Node, name: string): boolean {
  const stack: Node[] = [target];
  while (stack.length > 0) {
    const inner = unparenthesize(stack.pop()!);
    if (inner.type === 'identifier') {
      if (inner.text === name) return true;
    } else if (TARGET_LISTS.has(inner.type)) {
      for (const child of inner.namedChildren) if (child) stack.push(child);
    }
  }
  return false;
}

function parameterName(p: Node): string | undefined {
  if (p.type === 'identifier') return p.text;
  const named = p.childForFieldName('name') ?? p.namedChild(0);
  return named?.type === 'identifier' ? named.text : undefined;
}

function declaresGlobalOrNonlocal(fn: Node, name: string): boolean {
  return [...fn.descendantsOfType('global_statement'), ...fn.descendantsOfType('nonlocal_statement')].some((s) => !!s && new RegExp(`\\b${name}\\b`).test(s.text));
}

function enclosingFunction(fn: Node): Node | undefined {
  return enclosingOfType(fn, FUNCTION_SCOPES);
}

/** A module whose own top-level statements parse the command line (`args = parser.parse_args()`): a script, not a library. */
function isScript(ctx: AstContext): boolean {
  return ctx.root.namedChildren.some((statement) => !!statement && !['function_definition', 'class_definition', 'decorated_definition', 'comment'].includes(statement.type) && /\.parse_(?:known_)?args\(/.test(statement.text) && !/^\s*if\s+__name__\s*==/.test(statement.text));
}

/** How the shell rules report a command of this origin: operator input is an advisory (audit profile, editor hint). */
export function originReport(origin: CommandOrigin): { severity?: 'info'; confidence?: 'low'; advisory?: true; messageSuffix?: string } {
  return origin === 'operator' ? { severity: 'info', confidence: 'low', advisory: true, messageSuffix: ' Its dynamic parts come only from the program\'s own command-line arguments, environment or settings (the operator\'s choice), so this is advisory.' } : {};
}

/**
 * A class at its scope's top level, without decorators, whose instances are made only by calling its name: no
 * `cls(...)` or `type(self)(...)` in its body and no `__new__`, so its `__init__` receives what those calls pass.
 */
function constructedOnlyByName(cls: Node): boolean {
  if (cls.parent?.type === 'decorated_definition') return false;
  const body = cls.childForFieldName('body')?.text ?? '';
  return !/\bcls\s*\(|\btype\s*\(\s*self\s*\)\s*\(|\bdef\s+__new__\b/.test(body);
}

/** A function a `click` or `typer` decorator makes a command: its parameters are command-line options. */
function isCommandLineEntry(decorated: Node): boolean {
  return decorated.namedChildren.some((d) => d?.type === 'decorator' && /\b(?:click\.(?:command|option|argument|group)|\w+\.command)\b/.test(d.text));
}

/**
 * The calls of a function by name in this file (or in the function it is nested in), none when it is not called here.
 * Undefined when the name is used other than as a callee (passed on as a callback, assigned, exported through `__all__`), since those calls are unseen.
 */
function callSites(ctx: AstContext, name: string, outer: Node | undefined): Node[] | undefined {
  const where = outer ?? ctx.root;
  const calls: Node[] = [];
  for (const identifier of where.descendantsOfType('identifier')) {
    if (!identifier || identifier.text !== name) continue;
    const parent = identifier.parent;
    if (!parent) continue;
    // The definition's own name.
    if ((parent.type === 'function_definition' || parent.type === 'class_definition') && parent.childForFieldName('name')?.id === identifier.id) continue;
    // A keyword argument's name (`f(name=...)`) is no use of the function.
    if (parent.type === 'keyword_argument' && parent.childForFieldName('name')?.id === identifier.id) continue;
    // `other.name(...)`: some other object's method of the same name, not this function.
    if (parent.type === 'attribute' && parent.childForFieldName('attribute')?.id === identifier.id) continue;
    // A type annotation (`env: ChatEnv`) names a class without calling anything.
    if (parent.type === 'type') continue;
    if (parent.type !== 'call' || parent.childForFieldName('function')?.id !== identifier.id) return undefined;
    calls.push(parent);
  }
  return calls;
}
