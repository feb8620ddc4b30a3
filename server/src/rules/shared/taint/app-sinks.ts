/**
 * Sinks that LLM applications use besides `exec` and shells (guide §2): Jupyter kernels and Python
 * consoles, interpreter processes fed on stdin, expression evaluators that are `eval` underneath
 * (SymPy, numexpr, pandas), template engines compiled from model text, and model-written SQL. Each match
 * carries a note that says why the sink runs what it is given, for the finding's message.
 */
import type { Node } from 'web-tree-sitter';
import type { AstContext } from '../../../engine/rule';
import { unwrapExpression } from '../../../engine/resolve/javascript-scope';
import { unparenthesize } from '../../../engine/resolve/walk';
import { literalTruthiness } from '../python-calls';
import { thisFieldValue } from './js-class-fields';
import type { SinkMatch } from './types';

/** Programs that read code from stdin or from the argument after a code flag. */
export const INTERPRETERS = /^(?:.*\/)?(?:sh|bash|zsh|dash|ksh|fish|cmd(?:\.exe)?|powershell(?:\.exe)?|pwsh(?:\.exe)?|python[0-9.]*|ipython|node|perl|ruby|php|deno|bun|osascript|Rscript|R)$/;

const SYMPY_PARSERS = new Set(['sympy.sympify', 'sympy.S', 'sympy.parse_expr', 'sympy.parsing.sympy_parser.parse_expr', 'sympy.parsing.parse_expr', 'sympy.core.sympify.sympify']);
const NUMEXPR = new Set(['numexpr.evaluate', 'numexpr.re_evaluate', 'numexpr.NumExpr', 'numexpr.validate']);
const PY_TEMPLATES = new Map([
  ['jinja2.Template', 'jinja2.Template'], ['flask.render_template_string', 'flask.render_template_string'], ['jinja2.environment.Template', 'jinja2.Template'],
]);
const JINJA_ENVIRONMENTS = new Set(['jinja2.Environment', 'jinja2.environment.Environment']);
const PY_SQL_FUNCTIONS = new Set(['sqlalchemy.text', 'sqlalchemy.sql.text', 'sqlalchemy.sql.expression.text', 'pandas.read_sql', 'pandas.read_sql_query', 'duckdb.sql', 'duckdb.query', 'duckdb.execute']);
/** DB-API connection factories: `connect(...).cursor().execute(sql)`. */
const DB_CONNECT = /^(?:sqlite3|psycopg2?|pymysql|MySQLdb|mysql\.connector|duckdb|pyodbc|cx_Oracle|oracledb|snowflake\.connector|clickhouse_connect|trino\.dbapi|pg8000|aiosqlite|asyncpg)\.(?:connect|create_pool|Connection)$/;
const DB_MODULES = /\b(?:sqlite3|psycopg2?|pymysql|MySQLdb|mysql\.connector|duckdb|pyodbc|cx_Oracle|oracledb|snowflake|clickhouse_connect|trino|pg8000|aiosqlite|asyncpg|sqlalchemy)\b/;
const DB_RECEIVER = /^(?:(?:self|cls)\.)?_?(?:cur|cursor|\w+_cursor|conn|connection|con|db|\w+_conn|\w+_connection)$/;
const JS_TEMPLATES = new Set(['ejs.render', 'ejs.compile', 'pug.compile', 'pug.render', 'lodash.template', 'lodash/template', 'lodash.template.default', 'underscore.template', 'nunjucks.renderString', 'dot.template', 'doT.template']);
const JS_SQL_METHODS = new Set(['$queryRawUnsafe', '$executeRawUnsafe']);

/** Sinks reached through a resolved module function (`sympy.sympify`, `jinja2.Template`, `pandas.read_sql`). */
export function pythonAppFunctionSink(ctx: AstContext, call: Node, q: string): SinkMatch | undefined {
  const scope = ctx.python();
  const first = scope.argument(call, 0, undefined);
  if (SYMPY_PARSERS.has(q)) {
    const expr = first ?? scope.argument(call, undefined, q.endsWith('parse_expr') ? 's' : 'a');
    if (!expr) return undefined;
    // `parse_expr(s, global_dict={"__builtins__": {}})` removes the builtins an injected expression would need.
    const globals = scope.argument(call, undefined, 'global_dict');
    const emptied = globals !== undefined && /["']__builtins__["']\s*:\s*(?:\{\s*\}|None)/.test(globals.text);
    return { kind: 'code', label: q.replace(/^sympy\.(?:parsing\.sympy_parser\.|core\.sympify\.)?/, 'sympy.'), args: [{ node: expr, severity: emptied ? 'warning' : 'error' }], note: 'SymPy parses strings by building Python code and calling `eval` on it, with the builtins available' };
  }
  if (NUMEXPR.has(q)) {
    const expr = first ?? scope.argument(call, undefined, 'ex');
    if (!expr) return undefined;
    // Since numexpr 2.8.5 a regex blacklist is applied unless `sanitize=False`; a blacklist is not a sandbox.
    const sanitize = scope.argument(call, undefined, 'sanitize');
    const off = sanitize !== undefined && literalTruthiness(ctx, sanitize) === false;
    return { kind: 'code', label: q, args: [{ node: expr, severity: off ? 'error' : 'warning' }], note: off ? 'numexpr calls `eval` on the expression and `sanitize=False` turns its blacklist off' : 'numexpr calls `eval` on the expression behind a regex blacklist (2.8.5+), which is not a sandbox' };
  }
  if (q === 'pandas.eval') {
    return first ? { kind: 'code', label: q, args: [{ node: first, severity: 'error' }], note: 'pandas evaluates the expression with Python semantics and can reach arbitrary code (CVE-2024-9880)' } : undefined;
  }
  if (q === 'importlib.import_module' || q === 'builtins.__import__') {
    const name = first ?? scope.argument(call, undefined, 'name');
    return name ? { kind: 'code', label: q.replace(/^builtins\./, ''), args: [{ node: name, severity: 'warning', why: 'the module name' }], note: 'loading a module the model names runs that module\'s top-level code' } : undefined;
  }
  const template = PY_TEMPLATES.get(q);
  if (template) {
    const source = first ?? scope.argument(call, undefined, 'source');
    return source ? templateSink(template, source) : undefined;
  }
  if (PY_SQL_FUNCTIONS.has(q)) {
    const sql = first ?? scope.argument(call, undefined, q.startsWith('pandas') ? 'sql' : 'query');
    return sql ? sqlSink(q, sql) : undefined;
  }
  return undefined;
}

/** Sinks reached through a method of a local object (`kc.execute(code)`, `env.from_string(t)`, `cursor.execute(sql)`, `proc.stdin.write(code)`). */
export function pythonAppMethodSink(ctx: AstContext, call: Node, fn: Node): SinkMatch | undefined {
  const name = fn.childForFieldName('attribute')?.text;
  const receiver = fn.childForFieldName('object');
  if (!name || !receiver) return undefined;
  const scope = ctx.python();
  const first = scope.argument(call, 0, undefined);
  switch (name) {
    case 'execute':
    case 'execute_interactive':
    case 'executemany':
    case 'executescript':
    case 'exec_driver_sql': {
      if (!first) return undefined;
      if (name.startsWith('execute') && /\bjupyter_client\b/.test(ctx.text) && isKernelClient(ctx, receiver)) {
        return { kind: 'code', label: `KernelClient.${name}`, args: [{ node: first, severity: 'error' }], note: 'a Jupyter kernel runs the code it is sent with the rights of the kernel process' };
      }
      return name !== 'execute_interactive' && isDbConnection(ctx, receiver) && !isReadOnly(ctx, receiver) ? sqlSink(`cursor.${name}`, first) : undefined;
    }
    case 'run':
    case 'run_no_throw': {
      // LangChain's `SQLDatabase.run(sql)` executes the query its SQL chains and agents have the model write.
      if (!first || !/\bSQLDatabase\b/.test(ctx.text) || !isLangChainSqlDatabase(ctx, receiver)) return undefined;
      return sqlSink(`SQLDatabase.${name}`, first);
    }
    case 'runsource':
    case 'runcode':
    case 'push': {
      const ctor = constructedBy(ctx, receiver);
      if (!first || (ctor !== 'code.InteractiveInterpreter' && ctor !== 'code.InteractiveConsole') || (name === 'push' && ctor !== 'code.InteractiveConsole')) return undefined;
      return { kind: 'code', label: `${ctor.slice('code.'.length)}.${name}`, args: [{ node: first, severity: 'error' }], note: 'the interactive interpreter compiles and runs its input as Python' };
    }
    case 'from_string': {
      const ctor = constructedBy(ctx, receiver);
      const source = first ?? scope.argument(call, undefined, 'source');
      // A `SandboxedEnvironment` is the documented mitigation; only the plain environment is a sink.
      return ctor && JINJA_ENVIRONMENTS.has(ctor) && source ? templateSink('jinja2.Environment.from_string', source) : undefined;
    }
    case 'write':
    case 'writelines':
    case 'sendline':
    case 'send':
    case 'communicate': {
      // `write`/`send` are everywhere (files, sockets); only files that start processes are looked at further.
      if (!/\b(?:subprocess|asyncio|pexpect)\b/.test(ctx.text)) return undefined;
      const data = name === 'communicate' ? first ?? scope.argument(call, undefined, 'input') : first;
      if (!data) return undefined;
      const process = name === 'write' || name === 'writelines' ? stdinOwner(receiver) : receiver;
      const program = process ? interpreterOf(ctx, process, name === 'sendline' || name === 'send' ? 'pexpect' : 'subprocess') : undefined;
      return program ? stdinSink(program, data) : undefined;
    }
    default:
      return undefined;
  }
}

/** `subprocess.run([python, ...], input=code)`: code written to an interpreter's stdin. */
export function pythonStdinInput(ctx: AstContext, call: Node, argv: Node): SinkMatch['args'][number] | undefined {
  const input = ctx.python().argument(call, undefined, 'input');
  const program = input ? programOfArgv(ctx, argv) : undefined;
  if (!input || !program || !INTERPRETERS.test(program)) return undefined;
  return { node: input, severity: 'error', why: `the stdin of \`${program}\``, kind: 'code', note: `\`${program}\` reads the code it runs from its stdin` };
}

export function jsAppSink(ctx: AstContext, callee: Node, q: string | undefined, args: Node[]): SinkMatch | undefined {
  if (q && JS_TEMPLATES.has(q) && args[0]) return templateSink(q.replace(/\.default$/, ''), args[0]);
  if (callee.type !== 'member_expression' || !args[0]) return undefined;
  const method = callee.childForFieldName('property')?.text ?? '';
  const receiver = callee.childForFieldName('object');
  if (JS_SQL_METHODS.has(method)) return sqlSink(`prisma.${method}`, args[0]);
  // `child.stdin.write(code)` where `child = spawn("python", ...)`, or `this.process.stdin.write(code)` where the
  // class keeps `this.process = spawn("python", ["-i"])` (a code interpreter's long-lived process).
  if (method === 'write' && receiver && unwrapExpression(receiver).type === 'member_expression' && unwrapExpression(receiver).childForFieldName('property')?.text === 'stdin') {
    const owner = unwrapExpression(receiver).childForFieldName('object');
    const program = owner ? jsSpawnedInterpreter(ctx, unwrapExpression(owner)) : undefined;
    if (program) return stdinSink(program, args[0]);
  }
  return undefined;
}

/** The interpreter a JS process object runs (`spawn("python3", ["-i"])`, `spawn(process.execPath)` is `node`), or undefined. */
function jsSpawnedInterpreter(ctx: AstContext, owner: Node): string | undefined {
  const created = owner.type === 'call_expression' ? owner : owner.type === 'member_expression' ? thisFieldValue(owner) : ctx.js().boundValue(owner);
  const spawn = created && unwrapExpression(created).type === 'call_expression' ? unwrapExpression(created) : undefined;
  const spawnFn = spawn?.childForFieldName('function');
  const spawnQ = spawnFn ? ctx.js().qualifiedName(spawnFn) : undefined;
  if (!spawnQ || !/^child_process\.spawn(?:Sync)?$/.test(spawnQ)) return undefined;
  const first = spawn?.childForFieldName('arguments')?.namedChildren.find((c) => !!c && c.type !== 'comment');
  if (!first) return undefined;
  // `process` is Node's global, which no import names.
  if (unwrapExpression(first).text === 'process.execPath') return 'node';
  const value = ctx.js().literalValue(first);
  const program = typeof value === 'string' ? value.trim().split(/\s+/)[0] : undefined;
  return program && INTERPRETERS.test(program) ? program : undefined;
}

/** The qualified constructor of `x` in `x = SomeClass(...)` (bound once), `SomeClass(...).method`, or `self.x = SomeClass(...)` in the class. */
export function constructedBy(ctx: AstContext, receiver: Node): string | undefined {
  const value = creationOf(ctx, receiver);
  const ctorFn = value?.childForFieldName('function');
  return ctorFn ? ctx.python().qualifiedName(ctorFn) ?? ctorFn.text : undefined;
}

function templateSink(label: string, source: Node): SinkMatch {
  return { kind: 'template', label, args: [{ node: source, severity: 'error' }], note: 'a template compiled from model text can reach Python or JavaScript objects and run code (server-side template injection)' };
}

function sqlSink(label: string, sql: Node): SinkMatch {
  return { kind: 'sql', label, args: [{ node: sql, severity: 'warning' }], note: 'the whole query is written by the model, so parameters cannot protect it' };
}

function stdinSink(program: string, data: Node): SinkMatch {
  return { kind: 'code', label: `${program.split('/').pop()} stdin`, args: [{ node: data, severity: 'error' }], note: `\`${program.split('/').pop()}\` reads the code it runs from its stdin` };
}

/** The call that created a receiver: inline, a name bound once, or `self.x = ...` assigned once in the enclosing class. */
/** The `Ctor(...)` call a receiver is, or is bound to (also `self.x` assigned once in its class). */
export function creationOf(ctx: AstContext, receiver: Node): Node | undefined {
  const node = unparenthesize(receiver);
  let value: Node | undefined = node.type === 'call' ? node : ctx.python().boundValue(node);
  if (!value && node.type === 'attribute' && /^(?:self|cls)\.\w+$/.test(node.text)) value = classFieldValue(ctx, node);
  if (value && (value.type === 'await')) value = value.namedChild(0) ?? undefined;
  return value && unparenthesize(value).type === 'call' ? unparenthesize(value) : undefined;
}

/** The value of the one `self.x = value` assignment in the class around `attr`. */
function classFieldValue(ctx: AstContext, attr: Node): Node | undefined {
  let cls: Node | null = attr.parent;
  while (cls && cls.type !== 'class_definition') cls = cls.parent;
  if (!cls) return undefined;
  const values = fieldAssignmentsOf(ctx, cls).get(attr.text) ?? [];
  return values.length === 1 ? values[0] ?? undefined : undefined;
}

/**
 * The values assigned to each target in a class (by target text), collected once per class and analysis: a
 * file of a thousand `self.runner.run(...)` calls asked for them once per call, each a walk of the whole class.
 */
const fieldAssignmentsByContext = new WeakMap<AstContext, Map<number, Map<string, (Node | null)[]>>>();

function fieldAssignmentsOf(ctx: AstContext, cls: Node): Map<string, (Node | null)[]> {
  let byClass = fieldAssignmentsByContext.get(ctx);
  if (!byClass) fieldAssignmentsByContext.set(ctx, (byClass = new Map()));
  let byTarget = byClass.get(cls.id);
  if (byTarget) return byTarget;
  byTarget = new Map();
  for (const assignment of cls.descendantsOfType('assignment')) {
    const left = assignment?.childForFieldName('left');
    // (An annotation without a value, `self.x: T`, counts as an assignment too: the field then has no one value.)
    const right = assignment?.childForFieldName('right') ?? null;
    // `self.process = None` in `__init__` is a placeholder until a method starts the process: it does not count.
    if (!left || right?.type === 'none') continue;
    const values = byTarget.get(left.text);
    if (values) values.push(right);
    else byTarget.set(left.text, [right]);
  }
  byClass.set(cls.id, byTarget);
  return byTarget;
}

/**
 * A LangChain `SQLDatabase`: made by its constructor or `SQLDatabase.from_uri(...)` (bound once, or assigned
 * once to `self.x` in the class), or a class attribute declared with that type (`database: SQLDatabase`, as
 * the SQL chains declare it).
 */
function isLangChainSqlDatabase(ctx: AstContext, receiver: Node): boolean {
  const fn = creationOf(ctx, receiver)?.childForFieldName('function');
  const q = fn ? ctx.python().qualifiedName(fn) : undefined;
  if (q) return /^langchain[\w.]*\.SQLDatabase(?:\.from_\w+)?$/.test(q);
  const node = unparenthesize(receiver);
  return node.type === 'attribute' && /^(?:self|cls)\.\w+$/.test(node.text) && /^(?:\w+\.)*SQLDatabase\b/.test(classFieldType(node) ?? '');
}

/** The declared type of `x` for `self.x`: the annotation `x: T` in the body of the class around `attr`. */
function classFieldType(attr: Node): string | undefined {
  let cls: Node | null = attr.parent;
  while (cls && cls.type !== 'class_definition') cls = cls.parent;
  const name = attr.childForFieldName('attribute')?.text;
  for (const statement of cls?.childForFieldName('body')?.namedChildren ?? []) {
    const assignment = statement?.type === 'expression_statement' ? statement.namedChild(0) : undefined;
    if (assignment?.type === 'assignment' && assignment.childForFieldName('left')?.text === name) return assignment.childForFieldName('type')?.text;
  }
  return undefined;
}

/** `proc` in `proc.stdin.write(...)`. */
function stdinOwner(receiver: Node): Node | undefined {
  const node = unparenthesize(receiver);
  return node.type === 'attribute' && node.childForFieldName('attribute')?.text === 'stdin' ? node.childForFieldName('object') ?? undefined : undefined;
}

/** The interpreter a process object runs (`Popen(["python", "-i"])`, `pexpect.spawn("bash")`), or undefined. */
function interpreterOf(ctx: AstContext, process: Node, family: 'subprocess' | 'pexpect'): string | undefined {
  const created = creationOf(ctx, process);
  const fn = created?.childForFieldName('function');
  const q = fn ? ctx.python().qualifiedName(fn) : undefined;
  // `asyncio.create_subprocess_shell("/bin/bash", stdin=PIPE)` starts the shell its command names, as `Popen` does.
  const ok = family === 'pexpect' ? q === 'pexpect.spawn' || q === 'pexpect.pty_spawn.spawn' : q === 'subprocess.Popen' || q === 'asyncio.create_subprocess_exec' || q === 'asyncio.create_subprocess_shell';
  if (!ok || !created) return undefined;
  const executable = ctx.python().argument(created, undefined, 'executable');
  const program = executable ? stringValue(ctx, executable) : programOfArgv(ctx, ctx.python().argument(created, 0, 'args'));
  return program && INTERPRETERS.test(program) ? program : undefined;
}

/** The program of an argv list or command string, when literal (`sys.executable` counts as `python`). */
function programOfArgv(ctx: AstContext, argv: Node | undefined): string | undefined {
  if (!argv) return undefined;
  const node = unparenthesize(argv);
  const first = node.type === 'list' || node.type === 'tuple' ? node.namedChildren.find((c) => !!c && c.type !== 'comment') ?? undefined : node;
  if (!first) return undefined;
  if (ctx.python().qualifiedName(first) === 'sys.executable') return 'python';
  return stringValue(ctx, first)?.trim().split(/\s+/)[0];
}

function stringValue(ctx: AstContext, node: Node): string | undefined {
  const value = ctx.python().literalValue(node);
  if (value?.kind === 'string') return value.value;
  const constant = unparenthesize(node).type === 'attribute' && /^self\.\w+$/.test(node.text) ? classConstant(ctx, unparenthesize(node)) : undefined;
  const constantValue = constant ? ctx.python().literalValue(constant) : undefined;
  return constantValue?.kind === 'string' ? constantValue.value : undefined;
}

/**
 * The value of `self.x` when the class declares it once in its body (`command: str = "/bin/bash"`) and no method
 * assigns it (a subclass may still override it: the declared value is what this class starts).
 */
function classConstant(ctx: AstContext, attr: Node): Node | undefined {
  let cls: Node | null = attr.parent;
  while (cls && cls.type !== 'class_definition') cls = cls.parent;
  const body = cls?.childForFieldName('body');
  const name = attr.childForFieldName('attribute')?.text;
  if (!body || !name || (cls && fieldAssignmentsOf(ctx, cls).has(attr.text))) return undefined;
  let found: Node | undefined;
  for (const member of body.namedChildren) {
    const assignment = member?.type === 'expression_statement' ? member.namedChild(0) : undefined;
    if (assignment?.type !== 'assignment' || assignment.childForFieldName('left')?.text !== name) continue;
    if (found) return undefined;
    found = assignment.childForFieldName('right') ?? undefined;
  }
  return found;
}

/** A Jupyter kernel client: created by `KernelManager().client()` / `BlockingKernelClient()` / `start_new_kernel()`, or named so. */
function isKernelClient(ctx: AstContext, receiver: Node): boolean {
  const created = creationOf(ctx, receiver);
  const fn = created?.childForFieldName('function');
  if (fn) {
    const q = ctx.python().qualifiedName(fn);
    if (q?.startsWith('jupyter_client.')) return true;
    if (fn.type === 'attribute' && fn.childForFieldName('attribute')?.text === 'client') return true;
  }
  return /(?:^|[._])(?:kc|kernel_client|kernel|client)$/i.test(receiver.text);
}

/** Connections opened read-only: `sqlite3.connect("file:db?mode=ro", uri=True)`, DuckDB `read_only=True`, `default_transaction_read_only`. */
const READ_ONLY = /[?&]mode=ro\b|\bimmutable=1\b|\bread_?only\s*=\s*True\b|default_transaction_read_only|readonly=true/i;

/** The mitigation AIS284 recommends: the connection behind a cursor (or the connection itself) cannot write. */
function isReadOnly(ctx: AstContext, receiver: Node): boolean {
  let node: Node | undefined = receiver;
  for (let i = 0; node && i < 3; i++) {
    const created = creationOf(ctx, node);
    if (!created) return false;
    if (READ_ONLY.test(created.text)) return true;
    const fn = created.childForFieldName('function');
    node = fn?.type === 'attribute' ? fn.childForFieldName('object') ?? undefined : undefined;
  }
  return false;
}

/** A DB-API connection or cursor: created by a driver's `connect()` or a `.cursor()` call, or named so in a file that imports a driver. */
function isDbConnection(ctx: AstContext, receiver: Node): boolean {
  if (!DB_MODULES.test(ctx.text)) return false;
  const created = creationOf(ctx, receiver);
  const fn = created?.childForFieldName('function');
  if (fn) {
    const q = ctx.python().qualifiedName(fn);
    if (q && DB_CONNECT.test(q)) return true;
    if (fn.type === 'attribute' && ['cursor', 'connect', 'raw_connection'].includes(fn.childForFieldName('attribute')?.text ?? '')) return true;
  }
  return DB_RECEIVER.test(receiver.text);
}
