/**
 * Where model output must not go (catalogue §6.3): code execution, shell commands and deserializers, for
 * Python and JS/TS. Each match lists the arguments whose taint matters and how bad a tainted one is.
 */
import type { Node } from 'web-tree-sitter';
import type { AstContext } from '../../../engine/rule';
import { unwrapExpression } from '../../../engine/resolve/javascript-scope';
import { unparenthesize } from '../../../engine/resolve/walk';
import { literalTruthiness } from '../python-calls';
import { indirectCallee, jsTruthiness, objectProperty } from '../js-calls';
import type { SinkMatch } from './types';
import { constructedBy, INTERPRETERS, jsAppSink, pythonAppFunctionSink, pythonAppMethodSink, pythonStdinInput } from './app-sinks';

const PY_CODE = new Map<string, 'error' | 'warning'>([
  ['builtins.exec', 'error'], ['builtins.eval', 'error'], ['builtins.compile', 'error'],
  ['runpy.run_path', 'error'], ['runpy.run_module', 'warning'],
]);
const PY_SHELL = new Set(['pexpect.run', 'pexpect.spawn', 'os.system', 'os.popen', 'subprocess.getoutput', 'subprocess.getstatusoutput', 'commands.getoutput', 'commands.getstatusoutput', 'asyncio.create_subprocess_shell', 'platform.popen', 'pty.spawn']);
const PY_SUBPROCESS = new Set(['subprocess.run', 'subprocess.call', 'subprocess.check_call', 'subprocess.check_output', 'subprocess.Popen']);
const PY_EXEC_PROGRAM = new Set(['asyncio.create_subprocess_exec', 'os.execv', 'os.execvp', 'os.execve', 'os.execvpe', 'os.execl', 'os.execlp', 'os.spawnv', 'os.spawnvp', 'os.posix_spawn', 'os.posix_spawnp']);
const PY_DESERIALIZE = new Set(
  ['pickle', '_pickle', 'cPickle', 'dill', 'cloudpickle']
    .flatMap((m) => [`${m}.loads`, `${m}.load`])
    .concat(['marshal.loads', 'jsonpickle.decode', 'yaml.unsafe_load', 'yaml.full_load', 'yaml.unsafe_load_all', 'joblib.load', 'pandas.read_pickle', 'torch.load', 'numpy.load']),
);

const JS_CODE = new Map<string, 'error' | 'warning'>([
  ['global.eval', 'error'], ['global.execScript', 'error'], ['global.Function', 'error'], ['global.AsyncFunction', 'error'],
  ['global.setTimeout', 'error'], ['global.setInterval', 'error'], ['global.setImmediate', 'error'],
  ...['runInNewContext', 'runInContext', 'runInThisContext', 'Script', 'createScript', 'compileFunction', 'SourceTextModule'].map((n) => [`vm.${n}`, 'error'] as const),
  ['global.require', 'warning'],
]);
const IMPORT_NOTE = 'loading a module the model names runs that module\'s top-level code';
const JS_SHELL = new Set(['child_process.exec', 'child_process.execSync', 'shelljs.exec', 'execa.execaCommand', 'execa.execaCommandSync']);
const JS_SPAWN = new Set(['child_process.spawn', 'child_process.spawnSync', 'child_process.execFile', 'child_process.execFileSync', 'execa.execa', 'execa.execaSync', 'execa']);
const JS_DESERIALIZE = new Set(['node-serialize.unserialize', 'serialize-to-js.deserialize', 'funcster.deepDeserialize', 'cryo.parse']);

const SANDBOX_LAUNCHERS = /^(?:.*\/)?(?:docker|podman|nerdctl|firejail|bwrap|nsjail|runsc|gvisor|sandbox-exec|systemd-run)$/;
const CODE_FLAGS = new Set(['-c', '-lc', '-ic', '-e', '--eval', '-p', '/c', '/C', '-Command', '-command', '-EncodedCommand']);
/** Package managers whose `install`/`add` runs the named package's build and install scripts. */
const INSTALLERS = /^(?:.*\/)?(?:pip[0-9.]*|uv|npm|pnpm|yarn|bun|poetry|conda|mamba|gem|pipx)$/;
const INSTALL_VERBS = new Set(['install', 'add', 'i']);
/** A shell command line that installs packages (`pip install {name}`, `npm i ${pkg}`). */
const INSTALL_COMMAND = /\b(?:pip[0-9.]*|uv(?: pip)?|npm|pnpm|yarn|poetry|conda|pipx)\s+(?:install|add|i)\b/;
const INSTALL_NOTE = 'installing a package the model names runs that package\'s install scripts, and model-invented names can be registered by attackers';

export function sinkOf(ctx: AstContext, call: Node): SinkMatch | undefined {
  const match = ctx.language === 'python' ? pythonSink(ctx, call) : jsSink(ctx, call);
  if (match?.kind !== 'command' || match.note) return match;
  // A package installation gets its own explanation, whether given as argv or as a command line.
  const installs = match.args.some((a) => a.why === 'the package to install' || INSTALL_COMMAND.test(a.node.text));
  return installs ? { ...match, note: INSTALL_NOTE } : match;
}

function pythonSink(ctx: AstContext, call: Node): SinkMatch | undefined {
  const fn = call.childForFieldName('function');
  if (!fn || call.type !== 'call') return undefined;
  const scope = ctx.python();
  const q = scope.qualifiedName(fn);
  const arg = (i: number, kw?: string): Node | undefined => scope.argument(call, i, kw);
  if (!q) return pythonMethodSink(ctx, call, fn);
  const app = pythonAppFunctionSink(ctx, call, q);
  if (app) return app;
  // Loading a module from a file runs it: `spec_from_file_location(name, path)` then `loader.exec_module(module)`.
  if (q === 'importlib.util.spec_from_file_location') {
    const location = arg(1, 'location');
    return location ? { kind: 'code', label: q, args: [{ node: location, severity: 'error', why: 'the module file' }], note: 'the module loaded from that file runs its top-level code' } : undefined;
  }
  const code = PY_CODE.get(q);
  if (code) {
    const a = arg(0, q === 'builtins.compile' ? 'source' : q === 'builtins.eval' ? 'expression' : undefined);
    return a ? { kind: 'code', label: q.replace(/^builtins\./, ''), args: [{ node: a, severity: code }] } : undefined;
  }
  if (PY_SHELL.has(q)) {
    const a = arg(0, 'cmd') ?? arg(0, 'command');
    return a ? { kind: 'command', label: q, args: [{ node: a, severity: 'error' }] } : undefined;
  }
  if (PY_SUBPROCESS.has(q)) {
    const a = arg(0, 'args');
    if (!a) return undefined;
    const shell = literalTruthiness(ctx, arg(99, 'shell'));
    const shellOn = arg(99, 'shell') !== undefined && shell !== false;
    const stdin = pythonStdinInput(ctx, call, a);
    return { kind: 'command', label: q, args: [...argvArgs(a, shellOn, 'python'), ...(stdin ? [stdin] : [])] };
  }
  if (PY_EXEC_PROGRAM.has(q)) {
    const first = arg(0);
    if (!first) return undefined;
    const rest = (call.childForFieldName('arguments')?.namedChildren ?? []).filter((c): c is Node => !!c && c.type !== 'keyword_argument' && c.type !== 'comment' && c.id !== first.id);
    return { kind: 'command', label: q, args: [{ node: first, severity: 'error', why: 'the program' }, ...rest.map((n) => ({ node: n, severity: 'warning' as const, why: 'an argument' }))] };
  }
  if (PY_DESERIALIZE.has(q)) {
    const a = arg(0);
    return a ? { kind: 'deserialization', label: q, args: [{ node: a, severity: 'error' }] } : undefined;
  }
  return undefined;
}

const PY_METHOD_SINKS = new Set(['query', 'eval', 'exec_command', 'run_cell', 'run_cell_async', 'run', 'invoke']);
/** Receivers named as DataFrames (`df`, `sales_df`, `self.dataframe`) in a file that imports pandas. */
const DATAFRAME_NAME = /^(?:(?:self|cls)\.)?_?(?:df|\w+_df|df_\w+|df\d+|dataframe|\w+_dataframe)$/i;

/** `df.query(x)`/`df.eval(x)` (pandas) and LangChain's `PythonREPL().run(x)`: methods on local objects. */
function pythonMethodSink(ctx: AstContext, call: Node, fn: Node): SinkMatch | undefined {
  if (fn.type !== 'attribute') return undefined;
  const name = fn.childForFieldName('attribute')?.text;
  if (!name) return undefined;
  if (!PY_METHOD_SINKS.has(name)) return pythonAppMethodSink(ctx, call, fn);
  const receiver = fn.childForFieldName('object');
  const first = ctx.python().argument(call, 0, undefined);
  if (!receiver || !first) return undefined;
  if ((name === 'query' || name === 'eval') && isDataFrame(ctx, receiver)) {
    return { kind: 'code', label: `DataFrame.${name}`, args: [{ node: first, severity: 'error' }], note: 'pandas evaluates the expression with Python semantics and can reach arbitrary code (CVE-2024-9880)' };
  }
  if (name === 'exec_command' && /paramiko|ssh/i.test(ctx.text)) {
    return { kind: 'command', label: 'SSHClient.exec_command', args: [{ node: first, severity: 'error' }] };
  }
  if (name === 'run_cell' || name === 'run_cell_async') {
    return { kind: 'code', label: `IPython ${name}`, args: [{ node: first, severity: 'error' }] };
  }
  if (name === 'run' || name === 'invoke') {
    const ctor = constructedBy(ctx, receiver);
    if (ctor && /(?:PythonREPL|PythonAstREPLTool|PythonREPLTool|ShellTool|BashProcess)$/.test(ctor)) {
      return { kind: /Shell|Bash/.test(ctor) ? 'command' : 'code', label: `${ctor.split('.').pop()}.${name}`, args: [{ node: first, severity: 'error' }] };
    }
    // Other `run` methods with their own receivers (LangChain's `SQLDatabase.run`).
    if (name === 'run') return pythonAppMethodSink(ctx, call, fn);
  }
  return undefined;
}

/** A receiver created by a pandas function (`pd.read_csv(...)`, `pd.DataFrame(...)`) or named as a DataFrame, in a file that imports pandas. */
function isDataFrame(ctx: AstContext, receiver: Node): boolean {
  if (!/\bpandas\b/.test(ctx.text)) return false;
  const ctor = constructedBy(ctx, receiver);
  if (ctor?.startsWith('pandas.')) return true;
  return DATAFRAME_NAME.test(receiver.text);
}

function jsSink(ctx: AstContext, call: Node): SinkMatch | undefined {
  const isNew = call.type === 'new_expression';
  const raw = call.childForFieldName(isNew ? 'constructor' : 'function');
  const argsNode = call.childForFieldName('arguments');
  if (!raw || (argsNode && argsNode.type !== 'arguments')) return undefined;
  const callee = indirectCallee(raw);
  const args = (argsNode?.namedChildren ?? []).filter((c): c is Node => !!c && c.type !== 'comment');
  if (raw.type === 'import' && args[0]) return { kind: 'code', label: 'import()', args: [{ node: args[0], severity: 'warning', why: 'the module name' }], note: IMPORT_NOTE };
  const q = ctx.js().qualifiedName(callee);
  const app = jsAppSink(ctx, callee, q, args);
  if (app) return app;
  if (!q) return vm2Run(ctx, callee, args);
  const code = JS_CODE.get(q);
  if (code) {
    const label = q.replace(/^global\./, '');
    if (label === 'Function' || label === 'AsyncFunction') return args.length ? { kind: 'code', label: isNew ? 'new Function' : 'Function', args: args.map((node) => ({ node, severity: code })) } : undefined;
    if (label === 'require') return args[0] ? { kind: 'code', label, args: [{ node: args[0], severity: code, why: 'the module name' }], note: IMPORT_NOTE } : undefined;
    return args[0] ? { kind: 'code', label, args: [{ node: args[0], severity: code }] } : undefined;
  }
  if (JS_SHELL.has(q)) return args[0] ? { kind: 'command', label: q, args: [{ node: args[0], severity: 'error' }] } : undefined;
  if (JS_SPAWN.has(q)) {
    if (!args[0]) return undefined;
    const argv = args[1] && unwrapExpression(args[1]).type !== 'object' ? args[1] : undefined;
    const options = argv ? args[2] : args[1];
    const shell = objectProperty(options, 'shell');
    const shellOn = shell !== undefined && jsTruthiness(ctx, shell) !== false;
    const out: SinkMatch['args'] = [{ node: args[0], severity: 'error', why: 'the program' }];
    if (argv) for (const arg of argvArgs(argv, shellOn, 'js', args[0])) out.push({ ...arg });
    return { kind: 'command', label: q, args: out };
  }
  if (JS_DESERIALIZE.has(q)) return args[0] ? { kind: 'deserialization', label: q, args: [{ node: args[0], severity: 'error' }] } : undefined;
  return undefined;
}

/** `new VM().run(code)` / `vm.run(code)` on a vm2 sandbox, which has known escapes (deprecated). */
function vm2Run(ctx: AstContext, callee: Node, args: Node[]): SinkMatch | undefined {
  if (callee.type !== 'member_expression' || callee.childForFieldName('property')?.text !== 'run' || !args[0]) return undefined;
  const receiver = callee.childForFieldName('object');
  if (!receiver) return undefined;
  const inner = unwrapExpression(receiver);
  const created = inner.type === 'new_expression' ? inner : ctx.js().boundValue(inner);
  if (!created || unwrapExpression(created).type !== 'new_expression') return undefined;
  const ctor = unwrapExpression(created).childForFieldName('constructor');
  const q = ctor ? ctx.js().qualifiedName(ctor) : undefined;
  if (q !== 'vm2.VM' && q !== 'vm2.NodeVM') return undefined;
  return { kind: 'code', label: `${q}.run`, args: [{ node: args[0], severity: 'error' }] };
}

/**
 * The arguments of a process launch: with a shell every part is a command; without one the program
 * element is what matters, and an argument after `-c`/`-e` of a shell or interpreter is code.
 */
function argvArgs(first: Node, shellOn: boolean, language: 'python' | 'js', program?: Node): SinkMatch['args'] {
  const list = language === 'python' ? unparenthesize(first) : unwrapExpression(first);
  const isList = list.type === 'list' || list.type === 'tuple' || list.type === 'array';
  if (!isList) {
    // Python: a string command (or a variable); JS: the argv array given as a variable.
    if (language === 'python') return [{ node: first, severity: 'error', why: shellOn ? undefined : 'the program' }];
    return [{ node: first, severity: shellOn ? 'error' : 'warning', why: shellOn ? undefined : 'an argument' }];
  }
  const items = list.namedChildren.filter((c): c is Node => !!c && c.type !== 'comment');
  const programText = program ? stripQuotes(program.text) : items[0] ? stripQuotes(items[0].text) : '';
  const out: SinkMatch['args'] = [];
  // A sandbox launcher (`docker run --rm --network=none image python -c <code>`) is the recommended way to
  // run generated code: only the launcher itself matters, not what it runs inside the sandbox.
  const sandboxed = !shellOn && SANDBOX_LAUNCHERS.test(programText);
  const words = items.map((item) => stripQuotes(item.text));
  // `[pip, "install", name]`, `[sys.executable, "-m", "pip", "install", name]`, `["npm", "i", name]`.
  const verb = words.findIndex((w, i) => INSTALL_VERBS.has(w) && ((i > 0 && INSTALLERS.test(words[i - 1])) || (i === (program ? 0 : 1) && INSTALLERS.test(programText))));
  items.forEach((item, i) => {
    if (sandboxed && (i > 0 || program)) return;
    const isProgram = language === 'python' && i === 0;
    const previous = i > 0 ? words[i - 1] : '';
    const runsCode = INTERPRETERS.test(programText) && CODE_FLAGS.has(previous);
    const installs = verb >= 0 && i > verb;
    const severity = shellOn || isProgram || runsCode || installs ? 'error' : 'warning';
    out.push({ node: item, severity, why: isProgram ? 'the program' : runsCode ? `the \`${previous}\` code argument` : installs ? 'the package to install' : shellOn ? undefined : 'an argument', ...(runsCode ? { program: programText } : {}) });
  });
  return out;
}

function stripQuotes(text: string): string {
  return text.replace(/^[rbuRBU]?['"`]|['"`]$/g, '');
}
