/**
 * Intra-procedural taint tracking from LLM responses to execution sinks, for Python and JS/TS
 * (catalogue §6.4). Each function body (and the module body) is walked once in document order with an
 * environment from variable names (and `self.x`/`this.x` paths) to traces. Helpers defined in the same
 * file are summarised once: whether they return model output, which parameters reach their return value
 * and which parameters reach a sink, so `code = ask(q)` and `run_code(reply)` are followed one call deep.
 *
 * What keeps taint: assignment and destructuring, attribute and subscript reads, f-strings, `%`,
 * `.format`, `+`, template literals, string methods, regex extraction, loops over a tainted stream,
 * awaiting, `.then(cb)` callbacks, and the fields of a parsed JSON object. What ends it: `ast.literal_eval`,
 * numeric conversions, a JSON-parsed object passed whole (data, not code), and an allow-list check on the
 * value that guards the sink (`if cmd in ALLOWED:`, `if (!ALLOWED.includes(cmd)) return;`).
 *
 * Two extensions: model output written to a file that a later command names (`python generated.py`) is
 * code execution, and helpers imported from elsewhere whose names say they ask a model (`get_completion`)
 * are sources, reported with medium confidence.
 */
import type { Node } from 'web-tree-sitter';
import type { AstContext } from '../../../engine/rule';
import { unwrapExpression } from '../../../engine/resolve/javascript-scope';
import { unparenthesize } from '../../../engine/resolve/walk';
import { isLlmFactory, isPipelineFactory, sdkEvidence, sourceOf, type SdkEvidence } from './sources';
import { sinkOf } from './sinks';
import { mergeTraceLists, mergeTraces, withStep, type SinkMatch, type TaintFinding, type TaintStep, type Trace } from './types';
import { isConfirmed, isGuarded } from './guards';
import { toolRegistrations, type ToolRegistration } from './tools';
import { appendAll } from '../../../engine/collections';

const PY_UNITS = new Set(['function_definition', 'lambda']);
const JS_UNITS = new Set(['function_declaration', 'function_expression', 'arrow_function', 'method_definition', 'generator_function_declaration', 'generator_function']);
const CONDITIONAL = new Set(['if_statement', 'for_statement', 'while_statement', 'try_statement', 'except_clause', 'for_in_statement', 'do_statement', 'switch_statement', 'catch_clause', 'conditional_expression', 'ternary_expression', 'match_statement', 'elif_clause', 'else_clause']);

/** Calls whose result is data, not text: they end the flow. */
const PY_SANITIZERS = new Set(['ast.literal_eval', 'builtins.int', 'builtins.float', 'builtins.bool', 'builtins.len', 'builtins.hash', 'builtins.isinstance', 'builtins.id', 'builtins.type', 'builtins.round', 'builtins.abs']);
const JS_SANITIZERS = new Set(['global.Number', 'global.parseInt', 'global.parseFloat', 'global.Boolean', 'global.isNaN', 'global.Math.round']);
const PARSERS = new Set(['json.loads', 'json.load', 'orjson.loads', 'ujson.loads', 'simplejson.loads', 'yaml.safe_load', 'global.JSON.parse', 'js-yaml.load', 'tomllib.loads', 'toml.loads']);
const QUOTERS = new Set(['shlex.quote', 'pipes.quote', 'shlex.join', 'shell-quote.quote', 'shell-escape', 'shescape.quote']);
const PROPAGATORS = new Set([
  'builtins.str', 'builtins.bytes', 'builtins.bytearray', 'builtins.getattr', 'builtins.format', 'builtins.repr',
  // `ast.parse(code)` is still the model's program when it reaches `compile`/`exec`.
  'ast.parse', 'ast.unparse', 'shlex.split', 'string.Template', 'os.path.join', 'posixpath.join', 'pathlib.Path',
  'textwrap.dedent', 'textwrap.indent', 'inspect.cleandoc', 'html.unescape', 'urllib.parse.unquote', 'codecs.decode',
  ...['search', 'match', 'fullmatch', 'findall', 'finditer', 'sub', 'subn', 'split'].map((f) => `re.${f}`),
  ...['b64decode', 'urlsafe_b64decode', 'b32decode', 'b16decode', 'decodebytes'].map((f) => `base64.${f}`),
  'global.String', 'global.JSON.stringify', 'global.decodeURIComponent', 'global.decodeURI', 'global.unescape', 'global.atob', 'global.Buffer.from', 'dedent', 'strip-indent',
]);
/** Well-known module functions recognised by their text when the file's import is not visible (a notebook cell, a star import). */
const UNRESOLVED_BY_TEXT = new Map([
  ['json.loads', 'json.loads'], ['JSON.parse', 'global.JSON.parse'], ['ast.literal_eval', 'ast.literal_eval'], ['shlex.quote', 'shlex.quote'], ['literal_eval', 'ast.literal_eval'],
]);
/** Methods that return booleans or numbers: the result is not model text any more. */
const NON_TEXT_METHODS = new Set(['startswith', 'endswith', 'isdigit', 'isalpha', 'isalnum', 'isnumeric', 'count', 'index', 'find', 'rfind', 'startsWith', 'endsWith', 'includes', 'indexOf', 'lastIndexOf', 'test', 'has', 'localeCompare', 'search']);
/** Methods of an untainted receiver that put their arguments into the result (`"\n".join(lines)`, `"{}".format(x)`). */
const ARG_METHODS = new Set(['join', 'format', 'format_map', 'concat', 'substitute', 'safe_substitute', 'replace', 'replaceAll', 'sub']);
/** Methods that parse model text into an object (LangChain output parsers, pydantic, zod). */
const PARSE_METHODS = new Set(['parse', 'aparse', 'parse_obj', 'parse_raw', 'model_validate', 'model_validate_json', 'validate_json', 'safeParse', 'parseAsync', 'loads']);
/** Array/promise methods whose callback receives the tainted receiver's elements. */
const CALLBACK_METHODS = new Set(['then', 'map', 'forEach', 'filter', 'find', 'flatMap', 'some', 'every', 'reduce']);
/** Helpers defined elsewhere whose names say they return a model's answer. */
const LLM_HELPER_NAME = /^(?:ask|query|call|invoke|prompt|get|fetch|run|chat_?with|talk_?to)_?(?:the_?)?(?:llm|gpt\d*|model|openai|claude|gemini|chatgpt|assistant|ai|agent|ollama|mistral|llama)(?:_?(?:response|answer|reply|output|completion))?$|^(?:llm|gpt\d*|chatgpt|claude|gemini|openai|ollama)_?(?:call|query|response|complete|completion|generate|chat|ask|answer|reply)$|^get_?(?:chat_?)?completion$|^(?:generate|write)_?(?:code|script|command|shell_?command|python|js|javascript)(?:_?with_?(?:llm|gpt|ai))?$|^(?:complete|completion)_?with_?(?:llm|gpt|ai)$/i;
const NOT_LLM_HELPER_NAME = /^(?:get_?model|run_?model|invoke_?model|call_?model)$/i;
/** Unknown helpers (imported from elsewhere) whose names say they reshape text. */
const TEXT_HELPER = /extract|code|block|strip|clean|dedent|format|render|text|content|command|cmd|script|snippet|parse_(?:code|response|output)|unwrap|fence/i;
const NOT_TEXT_HELPER = /sanit|valid|escape|quote|check|safe|allow|verify|filter|count|len|hash|log|print|token/i;

interface Env {
  vars: Map<string, Trace[]>;
  /** Names bound to Hugging Face pipelines (calling them returns generated text). */
  producers: Map<string, string>;
  /** Files written with model output: path (a literal, or the variable holding it) → traces. */
  files: Map<string, Trace[]>;
  /** File handles opened for writing (`with open(path, "w") as f`) → the path key. */
  handles: Map<string, string>;
}

function emptyEnv(): Env {
  return { vars: new Map(), producers: new Map(), files: new Map(), handles: new Map() };
}

/** The nodes a unit's walk visits (its own statements and calls) and the units nested directly in it. */
interface UnitMembers {
  nodes: Node[];
  units: Node[];
}

/** Node types the analysis acts on (plus the unit types, which delimit functions). */
const PY_VISITED = ['assignment', 'augmented_assignment', 'named_expression', 'for_statement', 'for_in_clause', 'as_pattern', 'return_statement', 'call', 'function_definition', 'lambda'];
const JS_VISITED = ['variable_declarator', 'assignment_expression', 'augmented_assignment_expression', 'for_in_statement', 'return_statement', 'call_expression', 'new_expression', ...JS_UNITS];

interface SinkHit {
  call: Node;
  match: SinkMatch;
  arg: SinkMatch['args'][number];
  traces: Trace[];
  /** A human confirmation prompt decides whether the sink runs. */
  confirmed?: boolean;
}

interface Summary {
  /** Model output the helper returns whatever its arguments. */
  returnsSource: Trace[];
  /** Parameter index → steps from the parameter to a return. */
  paramReturns: Map<number, TaintStep[]>;
  /** Parameters that reach a sink inside the helper. */
  paramSinks: { param: number; hit: SinkHit; steps: TaintStep[] }[];
}

interface HelperRef {
  fn: Node;
  name: string;
  /** Arguments at the call map to parameters shifted by this much (`self`). */
  offset: number;
  params: { name: string; names: string[] }[];
}

/**
 * Runs the analysis over one file and returns every source-to-sink flow. Files without a sink call that
 * has a non-literal argument are skipped before any data flow is computed (most files).
 */
export function analyzeTaint(ctx: AstContext): TaintFinding[] {
  const sinks = new Map<number, SinkMatch>();
  // Model output written to a file and then run by a literal command (`python gen.py`) needs literal sinks too.
  const writesFiles = /\.write(?:_text|_bytes|lines)?\(|writeFile|appendFile|outputFile/.test(ctx.text);
  let dynamic = false;
  for (const call of ctx.calls()) {
    const match = sinkOf(ctx, call);
    if (!match) continue;
    const hasDynamic = match.args.some((a) => !isLiteral(ctx, a.node));
    dynamic ||= hasDynamic;
    if (hasDynamic || writesFiles) sinks.set(call.id, match);
  }
  if (!dynamic && !(writesFiles && sinks.size > 0)) return [];
  return new TaintAnalysis(ctx, sinks).run();
}

function isLiteral(ctx: AstContext, node: Node): boolean {
  if (ctx.language === 'python') {
    const value = ctx.python().literalValue(node);
    return value !== undefined && value.kind !== 'name' && value.kind !== 'collection';
  }
  return ctx.js().literalValue(node) !== undefined;
}

class TaintAnalysis {
  private readonly python: boolean;
  private readonly evidence: SdkEvidence;
  private readonly findings: TaintFinding[] = [];
  private readonly reported = new Set<string>();
  private readonly summaries = new Map<number, Summary | 'pending'>();
  private readonly helpersByName = new Map<string, Node[]>();
  /** `<class body id>:<name>` → the method a `self.name()` call reaches (null when there is none). */
  private readonly methodsByClass = new Map<string, HelperRef | null>();
  private readonly paramsByFunction = new Map<number, { name: string; names: string[] }[]>();
  private readonly unitMembers = new Map<number, UnitMembers>();
  /** Model output stored in `self.x`/`this.x`, keyed by class body id and path (`12:self.code`). */
  private readonly fieldTaints = new Map<string, Trace[]>();
  /** Set for the second pass: fields are read, no longer collected. */
  private fieldsFinal = false;
  /** Class bodies in document order, to find the class around a `self.x()` call without `Node.parent` chains. */
  private readonly classBodies: Node[] = [];
  /** Callback function id → traces its first parameter receives (`.then(r => ...)`). */
  private readonly seeds = new Map<number, Trace[]>();
  /** Functions registered as agent tools, whose parameters the model fills. */
  private readonly tools: ReadonlyMap<number, ToolRegistration>;

  constructor(
    private readonly ctx: AstContext,
    /** Sink calls with a non-literal argument, by node id (computed once by `analyzeTaint`). */
    private readonly sinks: ReadonlyMap<number, SinkMatch>,
  ) {
    this.python = ctx.language === 'python';
    this.evidence = sdkEvidence(ctx.text);
    this.tools = toolRegistrations(ctx);
    this.indexHelpers();
    this.indexUnits();
  }

  run(): TaintFinding[] {
    this.analyzeUnit(this.ctx.root, emptyEnv(), 'report');
    // A method that stores model output in `self.x`/`this.x` taints reads of it in the class's other
    // methods, which may come earlier in the file: one more pass sees every field stored in the first.
    if (this.fieldTaints.size > 0) {
      this.fieldsFinal = true;
      this.summaries.clear();
      this.analyzeUnit(this.ctx.root, emptyEnv(), 'report');
    }
    return this.findings;
  }

  /** The body of the innermost class around `node`, by position. */
  private classOf(node: Node): Node | undefined {
    let body: Node | undefined;
    for (const candidate of this.classBodies) {
      if (candidate.startIndex > node.startIndex) break;
      if (candidate.endIndex >= node.endIndex) body = candidate;
    }
    return body;
  }

  private fieldKey(key: string, at: Node): string | undefined {
    if (!/^(?:self|this)\./.test(key)) return undefined;
    const cls = this.classOf(at);
    return cls ? `${cls.id}:${key}` : undefined;
  }

  // ---- units ---------------------------------------------------------------------------------------

  private isUnit(node: Node): boolean {
    return (this.python ? PY_UNITS : JS_UNITS).has(node.type);
  }

  /**
   * Walks one unit. In `report` mode sinks reached by model output become findings and nested functions
   * are analysed afterwards with the final environment (closures see captured values); in `summary` mode
   * parameter traces are collected into the helper's summary.
   */
  private analyzeUnit(unit: Node, env: Env, mode: 'report' | 'summary', summary?: Summary): Trace[] {
    const returns: Trace[][] = [];
    const nested: Node[] = [];
    const body = this.unitBody(unit);
    if (!body) return [];
    // An arrow function or lambda with an expression body returns that expression.
    if (unit.id !== this.ctx.root.id && body.type !== 'block' && body.type !== 'statement_block') returns.push(this.evalExpr(body, env, 0));
    const members = this.membersOf(unit);
    for (const node of members.nodes) {
      // Default values of parameters sit inside the unit but before its body; they run in the caller.
      if (node.startIndex < body.startIndex) continue;
      this.visit(node, env, unit, mode, returns, summary);
    }
    appendAll(nested, members.units);
    if (mode === 'report') {
      for (const fn of nested) {
        const inner: Env = { vars: new Map(env.vars), producers: new Map(env.producers), files: new Map(env.files), handles: new Map(env.handles) };
        for (const p of this.paramsOf(fn)) for (const n of p.names) inner.vars.delete(n);
        const seeded = this.seeds.get(fn.id);
        const first = this.paramsOf(fn)[0];
        if (seeded && first) for (const n of first.names) inner.vars.set(n, withStep(seeded, fn, `received by the callback as \`${n}\``));
        const tool = this.tools.get(fn.id);
        if (tool) this.seedToolParameters(fn, tool, inner);
        this.analyzeUnit(fn, inner, 'report');
      }
    }
    return mergeTraceLists(returns);
  }

  /** Every model-filled parameter of a tool function starts as model output. */
  private seedToolParameters(fn: Node, tool: ToolRegistration, env: Env): void {
    const params = this.paramsOf(fn);
    const line = fn.startPosition.row + 1;
    for (const index of tool.params) {
      const param = params[index];
      if (!param) continue;
      const description = `\`${param.name}\`, a tool argument the model chooses: ${tool.framework} \`${tool.name}\`, line ${line}`;
      const trace: Trace = { origin: 'source', sourceLabel: `tool argument ${param.name}`, sourceLine: line, description, steps: [{ node: fn, message: `\`${param.name}\` is chosen by the model: \`${tool.name}\` is registered as a tool (${tool.framework})` }] };
      for (const n of param.names) env.vars.set(n, [trace]);
    }
  }

  private unitBody(unit: Node): Node | null {
    if (unit.id === this.ctx.root.id) return unit;
    return unit.childForFieldName('body');
  }

  private visit(node: Node, env: Env, unit: Node, mode: 'report' | 'summary', returns: Trace[][], summary?: Summary): void {
    switch (node.type) {
      case 'assignment': {
        const left = node.childForFieldName('left');
        const right = node.childForFieldName('right');
        if (left && right) this.assign(left, right, env, unit);
        return;
      }
      case 'variable_declarator': {
        const left = node.childForFieldName('name');
        const right = node.childForFieldName('value');
        if (left && right) this.assign(left, right, env, unit);
        return;
      }
      case 'assignment_expression': {
        const left = node.childForFieldName('left');
        const right = node.childForFieldName('right');
        if (left && right) this.assign(left, right, env, unit);
        return;
      }
      case 'augmented_assignment':
      case 'augmented_assignment_expression': {
        const left = node.childForFieldName('left');
        const right = node.childForFieldName('right');
        if (!left || !right) return;
        const added = this.evalExpr(right, env, 0);
        if (added.length > 0) this.bind(left, mergeTraces(this.evalExpr(left, env, 0), withStep(added, left, `appended to \`${short(left.text)}\``)), env, unit, false);
        return;
      }
      case 'named_expression': {
        const name = node.childForFieldName('name');
        const value = node.childForFieldName('value');
        if (name && value) this.assign(name, value, env, unit);
        return;
      }
      case 'for_statement':
      case 'for_in_clause':
      case 'for_in_statement': {
        const left = node.childForFieldName('left');
        const right = node.childForFieldName('right');
        if (!left || !right) return;
        const traces = this.evalExpr(right, env, 0).map((t) => ({ ...t, parsed: false }));
        if (traces.length > 0) this.bind(left, withStep(traces, left, `iterated as \`${short(left.text)}\``), env, unit, false);
        return;
      }
      case 'as_pattern': {
        // `with client.messages.stream(...) as stream:`
        const value = node.namedChild(0);
        const alias = node.childForFieldName('alias');
        const target = alias?.namedChild(0) ?? alias;
        if (value && target && node.parent?.type === 'with_item') {
          const path = value.type === 'call' ? this.openedForWriting(value) : undefined;
          if (path) env.handles.set(target.text, path);
          else this.assign(target, value, env, unit);
        }
        return;
      }
      case 'return_statement': {
        const value = node.namedChild(0);
        if (value) returns.push(this.evalExpr(value, env, 0));
        return;
      }
      case 'call':
      case 'call_expression':
      case 'new_expression':
        this.visitCall(node, env, unit, mode, summary);
        return;
      default:
        return;
    }
  }

  private visitCall(call: Node, env: Env, unit: Node, mode: 'report' | 'summary', summary?: Summary): void {
    const match = this.sinks.get(call.id);
    if (match) {
      for (const arg of match.args) {
        const traces = this.evalExpr(arg.node, env, 0).filter((t) => !t.parsed);
        if (traces.length > 0) {
          const own = arg.kind ? { ...match, kind: arg.kind, note: arg.note } : match;
          if (!isGuarded(this.ctx, call, arg.node, unit)) this.hit({ call, match: own, arg, traces, confirmed: isConfirmed(this.ctx, call, unit) }, mode, summary);
          continue;
        }
        // Running a file that holds model output executes that output, whatever the launcher.
        const viaFile = this.runsWrittenFile(arg.node, env);
        if (viaFile) this.hit({ call, match: { ...match, kind: 'code' }, arg: { ...arg, severity: 'error', why: `the script \`${viaFile.key}\`` }, traces: viaFile.traces }, mode, summary);
      }
    }
    this.recordFileWrite(call, env);
    if (call.type === 'new_expression') return;
    const fn = call.childForFieldName('function');
    if (!fn) return;
    // `.then(r => ...)`, `.forEach(block => ...)`: the callback's first parameter receives the value.
    if (!this.python && fn.type === 'member_expression' && CALLBACK_METHODS.has(fn.childForFieldName('property')?.text ?? '')) {
      const receiver = fn.childForFieldName('object');
      const callback = this.args(call)[0];
      if (receiver && callback && this.isUnit(unwrapExpression(callback))) {
        const traces = this.evalExpr(receiver, env, 0);
        if (traces.length > 0) this.seeds.set(unwrapExpression(callback).id, traces.map((t) => ({ ...t, parsed: false })));
      }
    }
    // A helper in this file whose parameter reaches a sink: `run_code(reply)`.
    if (mode === 'report') {
      const helper = this.helperOf(fn);
      if (!helper) return;
      const s = this.summaryOf(helper);
      for (const ps of s.paramSinks) {
        const arg = this.argumentFor(call, helper, ps.param);
        if (!arg) continue;
        const traces = this.evalExpr(arg, env, 0).filter((t) => !t.parsed);
        if (traces.length === 0) continue;
        const passed = withStep(traces, arg, `passed to \`${helper.name}()\` as \`${helper.params[ps.param]?.name ?? '?'}\``).map((t) => ({ ...t, steps: [...t.steps, ...ps.steps] }));
        this.hit({ ...ps.hit, traces: passed }, mode, summary);
      }
    }
  }

  // ---- model output written to a file that is then run --------------------------------------------

  /** `open(path, "w")` (or `"a"`, `"x"`, binary modes): the path key, else undefined. */
  private openedForWriting(call: Node): string | undefined {
    const fn = call.childForFieldName('function');
    if (!fn || !this.python) return undefined;
    const q = this.ctx.python().qualifiedName(fn);
    if (q !== 'builtins.open' && q !== 'io.open' && q !== 'codecs.open') return undefined;
    const path = this.ctx.python().argument(call, 0, 'file');
    const mode = this.ctx.python().argument(call, 1, 'mode');
    const modeValue = mode ? this.ctx.python().literalValue(mode) : undefined;
    if (!path || modeValue?.kind !== 'string' || !/[wax]/.test(modeValue.value)) return undefined;
    return this.fileKey(path);
  }

  /** The key a path is remembered by: its literal value (without `./`), or the text of the expression holding it. */
  private fileKey(path: Node): string | undefined {
    const literal = this.python ? this.ctx.python().literalValue(path) : undefined;
    const value = this.python ? (literal?.kind === 'string' ? literal.value : undefined) : this.ctx.js().literalValue(path);
    if (typeof value === 'string') {
      const key = value.replace(/^\.\//, '');
      return key.length >= 3 ? key : undefined;
    }
    const inner = this.python ? unparenthesize(path) : unwrapExpression(path);
    return inner.type === 'identifier' || inner.type === 'attribute' || inner.type === 'member_expression' ? pathKey(inner) : undefined;
  }

  /** Records `f.write(reply)`, `Path(p).write_text(reply)`, `fs.writeFileSync(p, reply)` when the content is model output. */
  private recordFileWrite(call: Node, env: Env): void {
    const fn = call.childForFieldName('function');
    if (!fn) return;
    const args = this.args(call);
    let key: string | undefined;
    let content: Node | undefined;
    if (this.python && fn.type === 'attribute') {
      const method = fn.childForFieldName('attribute')?.text;
      const receiver = fn.childForFieldName('object');
      if (!receiver || !method) return;
      if (method === 'write' || method === 'writelines') {
        key = receiver.type === 'identifier' ? env.handles.get(receiver.text) : receiver.type === 'call' ? this.openedForWriting(receiver) : undefined;
      } else if (method === 'write_text' || method === 'write_bytes') {
        const created = receiver.type === 'call' ? receiver : this.ctx.python().boundValue(receiver);
        const ctor = created?.type === 'call' ? created.childForFieldName('function') : undefined;
        const q = ctor ? this.ctx.python().qualifiedName(ctor) : undefined;
        const path = created && (q === 'pathlib.Path' || q === 'pathlib.PurePath') ? this.ctx.python().argument(created, 0, undefined) : undefined;
        key = path ? this.fileKey(path) : receiver.type === 'identifier' ? receiver.text : undefined;
      }
      content = args[0];
    } else if (!this.python) {
      const q = this.ctx.js().qualifiedName(fn);
      if (!q || !/^(?:fs|fs\/promises|fs-extra)\.(?:promises\.)?(?:writeFile|writeFileSync|appendFile|appendFileSync|outputFile|outputFileSync)$/.test(q)) return;
      key = args[0] ? this.fileKey(args[0]) : undefined;
      content = args[1];
    }
    if (!key || !content) return;
    const traces = this.evalExpr(content, env, 0).filter((t) => !t.parsed);
    if (traces.length > 0) env.files.set(key, withStep(traces, call, `written to \`${key}\``));
  }

  /** A sink argument that names a file written with model output (`["python", "gen.py"]`, `` `sh ${script}` ``). */
  private runsWrittenFile(arg: Node, env: Env): { key: string; traces: Trace[] } | undefined {
    if (env.files.size === 0) return undefined;
    const text = arg.text;
    for (const [key, traces] of env.files) {
      const found = /^[\w.]+$/.test(key) && !key.includes('/') && !/\.\w+$/.test(key) ? new RegExp(`\\b${key.replace(/\./g, '\\.')}\\b`).test(text) : text.includes(key);
      if (found) return { key, traces: withStep(traces, arg, `runs \`${key}\`, which holds model output`) };
    }
    return undefined;
  }

  private hit(h: SinkHit, mode: 'report' | 'summary', summary?: Summary): void {
    for (const trace of h.traces) {
      if (trace.origin === 'source') {
        if (mode !== 'report') continue;
        const key = `${h.call.id}:${h.arg.node.id}`;
        if (this.reported.has(key)) return;
        this.reported.add(key);
        this.findings.push({ sink: h.call, match: h.match, arg: h.arg, trace, confirmed: h.confirmed });
        return;
      }
      if (summary && !summary.paramSinks.some((p) => p.param === trace.origin && p.hit.call.id === h.call.id)) {
        summary.paramSinks.push({ param: trace.origin, hit: { ...h, traces: [] }, steps: trace.steps });
      }
    }
  }

  // ---- assignments ---------------------------------------------------------------------------------

  private assign(left: Node, right: Node, env: Env, unit: Node): void {
    const value = this.python ? unparenthesize(right) : unwrapExpression(right);
    const target = this.python ? left : unwrapExpression(left);
    if (this.python && target.type === 'identifier' && value.type === 'call') {
      const path = this.openedForWriting(value);
      if (path) {
        env.handles.set(target.text, path);
        return;
      }
    }
    if (target.type === 'identifier' && (value.type === 'call' || value.type === 'call_expression' || value.type === 'await_expression' || value.type === 'await')) {
      const call = value.type === 'await' || value.type === 'await_expression' ? value.namedChild(0) : value;
      if (call && (isPipelineFactory(this.ctx, call) || isLlmFactory(this.ctx, call))) {
        env.producers.set(target.text, short(call.text));
        return;
      }
    }
    const traces = this.evalExpr(value, env, 0);
    this.bind(target, traces.length > 0 ? withStep(traces, target, `assigned to \`${short(target.text)}\``) : traces, env, unit, true);
  }

  /**
   * Binds every name in a target (identifier, attribute path, tuple/array/object pattern). Nested patterns go
   * through an explicit stack: a target can nest thousands of tuples deep.
   */
  private bind(target: Node, traces: Trace[], env: Env, unit: Node, strong: boolean): void {
    const pending = [{ target, traces }];
    for (let next = pending.pop(); next; next = pending.pop()) this.bindOne(next.target, next.traces, env, unit, strong, pending);
  }

  /** Binds one target; the parts of a pattern are left in `pending` with the traces they receive. */
  private bindOne(target: Node, traces: Trace[], env: Env, unit: Node, strong: boolean, pending: { target: Node; traces: Trace[] }[]): void {
    switch (target.type) {
      case 'identifier':
      case 'shorthand_property_identifier_pattern':
      case 'attribute':
      case 'member_expression': {
        const key = pathKey(target);
        if (!key) return;
        if (traces.length > 0) {
          env.vars.set(key, traces);
          const field = this.fieldsFinal ? undefined : this.fieldKey(key, target);
          if (field) this.fieldTaints.set(field, mergeTraces(this.fieldTaints.get(field) ?? [], withStep(traces, target, `kept in \`${key}\` for the other methods of the class`)));
        }
        else if (strong && env.vars.has(key) && this.straightLine(target, unit)) env.vars.delete(key);
        return;
      }
      case 'subscript':
      case 'subscript_expression': {
        // `data["code"] = reply` taints `data` (weakly: other keys are still data).
        if (traces.length === 0) return;
        const object = target.childForFieldName(target.type === 'subscript' ? 'value' : 'object');
        const key = object ? pathKey(object) : undefined;
        if (key) env.vars.set(key, mergeTraces(env.vars.get(key) ?? [], traces));
        return;
      }
      case 'pair_pattern': {
        const value = target.childForFieldName('value');
        if (value) pending.push({ target: value, traces: traces.map((t) => ({ ...t, parsed: false })) });
        return;
      }
      case 'object_assignment_pattern':
      case 'assignment_pattern': {
        const left = target.childForFieldName('left');
        if (left) pending.push({ target: left, traces });
        return;
      }
      case 'pattern_list':
      case 'tuple_pattern':
      case 'list_pattern':
      case 'tuple':
      case 'list':
      case 'array_pattern':
      case 'object_pattern':
      case 'list_splat_pattern':
      case 'rest_pattern':
      case 'parenthesized_expression':
        // In source order: a name bound twice in one pattern keeps its last binding.
        for (const child of target.namedChildren.reverse()) if (child) pending.push({ target: child, traces: traces.map((t) => ({ ...t, parsed: false })) });
        return;
      default:
        return;
    }
  }

  /** True when nothing between the node and its unit makes it conditional (so a re-assignment really replaces the value). */
  private straightLine(node: Node, unit: Node): boolean {
    for (let p = node.parent; p && p.id !== unit.id; p = p.parent) if (CONDITIONAL.has(p.type)) return false;
    return true;
  }

  // ---- expressions ---------------------------------------------------------------------------------

  private evalExpr(input: Node, env: Env, depth: number): Trace[] {
    if (depth > 120) return [];
    const node = this.python ? unparenthesize(input) : unwrapExpression(input);
    const next = depth + 1;
    switch (node.type) {
      case 'identifier':
      case 'shorthand_property_identifier':
        return env.vars.get(node.text) ?? [];
      case 'attribute':
      case 'member_expression': {
        const key = pathKey(node);
        const own = key ? env.vars.get(key) : undefined;
        if (own) return own;
        const field = key && this.fieldTaints.size > 0 ? this.fieldKey(key, node) : undefined;
        const stored = field ? this.fieldTaints.get(field) : undefined;
        if (stored) return stored;
        const object = node.childForFieldName('object');
        return object ? unparse(this.evalExpr(object, env, next)) : [];
      }
      case 'subscript':
      case 'subscript_expression': {
        const object = node.childForFieldName(node.type === 'subscript' ? 'value' : 'object');
        return object ? unparse(this.evalExpr(object, env, next)) : [];
      }
      case 'call':
      case 'call_expression':
        return this.evalCall(node, env, next);
      case 'await':
      case 'await_expression':
      case 'spread_element':
      case 'list_splat':
      case 'dictionary_splat':
      case 'template_substitution':
      case 'interpolation':
      case 'expression_statement': {
        const inner = node.childForFieldName('expression') ?? node.namedChild(0);
        return inner ? this.evalExpr(inner, env, next) : [];
      }
      case 'keyword_argument':
      case 'named_expression': {
        const value = node.childForFieldName('value');
        return value ? this.evalExpr(value, env, next) : [];
      }
      case 'assignment':
      case 'assignment_expression': {
        const right = node.childForFieldName('right');
        return right ? this.evalExpr(right, env, next) : [];
      }
      case 'binary_operator':
      case 'boolean_operator':
      case 'binary_expression': {
        const op = node.childForFieldName('operator')?.text ?? '';
        if (node.type === 'binary_expression' && !['+', '??', '||', '&&'].includes(op)) return [];
        if (node.type === 'binary_operator' && !['+', '%'].includes(op)) return [];
        const left = node.childForFieldName('left');
        const right = node.childForFieldName('right');
        return unparse(mergeTraces(left ? this.evalExpr(left, env, next) : [], right ? this.evalExpr(right, env, next) : []));
      }
      case 'conditional_expression': {
        const a = node.namedChild(0);
        const b = node.namedChild(2);
        return mergeTraces(a ? this.evalExpr(a, env, next) : [], b ? this.evalExpr(b, env, next) : []);
      }
      case 'ternary_expression': {
        const a = node.childForFieldName('consequence');
        const b = node.childForFieldName('alternative');
        return mergeTraces(a ? this.evalExpr(a, env, next) : [], b ? this.evalExpr(b, env, next) : []);
      }
      case 'sequence_expression': {
        const last = node.namedChild(node.namedChildCount - 1);
        return last ? this.evalExpr(last, env, next) : [];
      }
      case 'string':
      case 'template_string':
      case 'concatenated_string':
      case 'list':
      case 'tuple':
      case 'set':
      case 'array':
      case 'expression_list': {
        const parts: Trace[][] = [];
        for (const child of node.namedChildren) {
          if (!child || child.type === 'string_content' || child.type === 'string_fragment' || child.type === 'string_start' || child.type === 'string_end' || child.type === 'escape_sequence') continue;
          parts.push(this.evalExpr(child, env, next));
        }
        return unparse(mergeTraceLists(parts));
      }
      case 'list_comprehension':
      case 'generator_expression':
      case 'set_comprehension': {
        const clause = node.namedChildren.find((c) => c?.type === 'for_in_clause');
        const right = clause?.childForFieldName('right');
        const body = node.childForFieldName('body');
        return unparse(mergeTraces(right ? this.evalExpr(right, env, next) : [], body ? this.evalExpr(body, env, next) : []));
      }
      default:
        return [];
    }
  }

  private evalCall(call: Node, env: Env, depth: number): Trace[] {
    const rawFn = call.childForFieldName('function');
    if (!rawFn) return [];
    const fn = this.python ? unparenthesize(rawFn) : unwrapExpression(rawFn);
    const label = sourceOf(this.ctx, call, this.evidence);
    if (label) return [this.sourceTrace(call, fn)];
    // `conn.execute(text(sql))`: the query is reported where it is compiled, not again where it runs.
    if (this.sinks.get(call.id)?.kind === 'sql') return [];
    if (fn.type === 'identifier' && env.producers.has(fn.text)) return [this.sourceTrace(call, fn)];

    const args = this.args(call);
    const q = this.python ? this.ctx.python().qualifiedName(fn) : this.ctx.js().qualifiedName(fn);
    const qualified = q ?? UNRESOLVED_BY_TEXT.get(fn.text.replace(/\s+/g, ''));
    if (qualified) {
      const q = qualified;
      if (PY_SANITIZERS.has(q) || JS_SANITIZERS.has(q)) return [];
      if (PARSERS.has(q)) {
        const traces = args[0] ? this.evalExpr(args[0], env, depth) : [];
        return withStep(traces, call, `parsed by \`${short(fn.text)}\``).map((t) => ({ ...t, parsed: true }));
      }
      if (QUOTERS.has(q)) return mergeTraceLists(args.map((a) => this.evalExpr(a, env, depth))).map((t) => ({ ...t, quoted: true, parsed: false }));
      if (PROPAGATORS.has(q)) return unparse(mergeTraceLists(args.map((a) => this.evalExpr(a, env, depth))));
    }

    const helper = this.helperOf(fn);
    if (helper) {
      const s = this.summaryOf(helper);
      const out: Trace[][] = [withStep(s.returnsSource, call, `returned by \`${helper.name}()\``)];
      for (const [param, steps] of s.paramReturns) {
        const arg = this.argumentFor(call, helper, param);
        if (!arg) continue;
        const traces = this.evalExpr(arg, env, depth);
        if (traces.length > 0) out.push(withStep(traces.map((t) => ({ ...t, steps: [...t.steps, ...steps] })), call, `returned by \`${helper.name}()\``));
      }
      return mergeTraceLists(out);
    }

    // A helper imported from elsewhere whose name says it asks a model (`get_completion(prompt)`, `askLLM(q)`).
    const name = fn.type === 'identifier' ? fn.text : fn.childForFieldName(fn.type === 'attribute' ? 'attribute' : 'property')?.text ?? '';
    if (LLM_HELPER_NAME.test(name) && !NOT_LLM_HELPER_NAME.test(name)) return [{ ...this.sourceTrace(call, fn), heuristic: true }];

    if (fn.type === 'attribute' || fn.type === 'member_expression') {
      const method = fn.childForFieldName(fn.type === 'attribute' ? 'attribute' : 'property')?.text ?? '';
      const receiver = fn.childForFieldName('object');
      if (NON_TEXT_METHODS.has(method)) return [];
      const fromReceiver = receiver ? unparse(this.evalExpr(receiver, env, depth)) : [];
      if (fromReceiver.length > 0) return fromReceiver;
      if (ARG_METHODS.has(method)) return unparse(mergeTraceLists(args.map((a) => this.evalExpr(a, env, depth))));
      // Output parsers and schema validation turn model text into an object whose fields the model chose.
      if (PARSE_METHODS.has(method)) return withStep(mergeTraceLists(args.map((a) => this.evalExpr(a, env, depth))), call, `parsed by \`${short(fn.text)}\``).map((t) => ({ ...t, parsed: true }));
      if (q !== undefined) return [];
      return this.textHelper(method, args, env, depth);
    }
    if (fn.type === 'identifier' && (q === undefined || !q.startsWith('builtins.'))) return this.textHelper(fn.text, args, env, depth);
    return [];
  }

  /** An unknown helper named like a text transformation (`extract_code(reply)`) passes its argument's taint on. */
  private textHelper(name: string, args: Node[], env: Env, depth: number): Trace[] {
    if (!TEXT_HELPER.test(name) || NOT_TEXT_HELPER.test(name)) return [];
    return unparse(mergeTraceLists(args.map((a) => this.evalExpr(a, env, depth))));
  }

  private sourceTrace(call: Node, fn: Node, producer?: string): Trace {
    const label = producer ?? short(fn.text.replace(/\s+/g, ''));
    const line = call.startPosition.row + 1;
    return { origin: 'source', sourceLabel: label, sourceLine: line, steps: [{ node: call, message: `model output returned by \`${label}\`` }] };
  }

  /** Positional argument nodes (keyword arguments excluded for Python; spreads included as themselves). */
  private args(call: Node): Node[] {
    const list = call.childForFieldName('arguments');
    if (!list) return [];
    return list.namedChildren.filter((c): c is Node => !!c && c.type !== 'comment' && c.type !== 'keyword_argument');
  }

  // ---- helpers in the same file ----------------------------------------------------------------------

  /**
   * One pass over the nodes the analysis looks at, found by tree-sitter's own (native) traversal instead of
   * a JavaScript walk, and grouped by the innermost function (unit) that contains them.
   */
  private indexUnits(): void {
    const rootMembers: UnitMembers = { nodes: [], units: [] };
    this.unitMembers.set(this.ctx.root.id, rootMembers);
    const stack: { unit: Node; members: UnitMembers }[] = [{ unit: this.ctx.root, members: rootMembers }];
    for (const node of this.ctx.root.descendantsOfType(this.python ? PY_VISITED : JS_VISITED)) {
      if (!node) continue;
      while (stack.length > 1 && node.startIndex >= stack[stack.length - 1].unit.endIndex) stack.pop();
      const top = stack[stack.length - 1].members;
      if (this.isUnit(node)) {
        top.units.push(node);
        const members: UnitMembers = { nodes: [], units: [] };
        this.unitMembers.set(node.id, members);
        stack.push({ unit: node, members });
      } else top.nodes.push(node);
    }
  }

  private membersOf(unit: Node): UnitMembers {
    return this.unitMembers.get(unit.id) ?? { nodes: [], units: [] };
  }

  private indexHelpers(): void {
    for (const node of this.ctx.root.descendantsOfType(['function_definition', 'function_declaration', 'generator_function_declaration', 'variable_declarator', 'class_definition', 'class_body'])) {
      if (!node) continue;
      if (node.type === 'class_body') this.classBodies.push(node);
      else if (node.type === 'class_definition') {
        const body = node.childForFieldName('body');
        if (body) this.classBodies.push(body);
      }
      let name: string | undefined;
      if (node.type === 'function_definition' || node.type === 'function_declaration' || node.type === 'generator_function_declaration') name = node.childForFieldName('name')?.text;
      else if (node.type === 'variable_declarator') {
        const value = node.childForFieldName('value');
        if (value && (value.type === 'arrow_function' || value.type === 'function_expression')) name = node.childForFieldName('name')?.text;
      }
      if (name) {
        const list = this.helpersByName.get(name);
        if (list) list.push(node);
        else this.helpersByName.set(name, [node]);
      }
    }
  }

  /** The helper a callee names: a function in this file (`ask(q)`) or a method of the enclosing class (`self.ask(q)`). */
  private helperOf(fn: Node): HelperRef | undefined {
    if (fn.type === 'identifier') {
      const defs = this.helpersByName.get(fn.text);
      if (!defs || defs.length !== 1) return undefined;
      const def = defs[0];
      const unit = def.type === 'variable_declarator' ? def.childForFieldName('value') : def;
      if (!unit) return undefined;
      if (this.python && this.ctx.python().qualifiedName(fn) !== undefined) return undefined;
      return { fn: unit, name: fn.text, offset: 0, params: this.paramsOf(unit) };
    }
    const isAttr = fn.type === 'attribute' || fn.type === 'member_expression';
    if (!isAttr) return undefined;
    const object = fn.childForFieldName('object');
    const name = fn.childForFieldName(fn.type === 'attribute' ? 'attribute' : 'property')?.text;
    if (!object || !name || !['self', 'cls', 'this'].includes(object.text)) return undefined;
    const body = this.classOf(fn);
    if (!body) return undefined;
    // `self.x()` calls repeat within a class; scanning its members once per name keeps large classes linear.
    const key = `${body.id}:${name}`;
    const known = this.methodsByClass.get(key);
    if (known !== undefined) return known ?? undefined;
    const found = this.methodOf(body, name);
    this.methodsByClass.set(key, found ?? null);
    return found;
  }

  private methodOf(body: Node, name: string): HelperRef | undefined {
    for (const member of body.namedChildren) {
      if (!member) continue;
      // `ask = async (q) => {...}` class fields are methods too.
      const field = member.type === 'public_field_definition' || member.type === 'field_definition' ? member.childForFieldName('value') : undefined;
      const def = member.type === 'decorated_definition' ? member.childForFieldName('definition') : field && this.isUnit(field) ? field : member;
      if (!def || (def.type !== 'function_definition' && def.type !== 'method_definition' && def !== field)) continue;
      const memberName = (field ? member : def).childForFieldName('name')?.text;
      if (memberName !== name) continue;
      const isStatic = member.type === 'decorated_definition' && /@staticmethod\b/.test(member.text.slice(0, member.text.indexOf('def')));
      return { fn: def, name, offset: this.python && !isStatic ? 1 : 0, params: this.paramsOf(def) };
    }
    return undefined;
  }

  /** Parameters per function, read once: nested units and helper calls ask for them repeatedly. */
  private paramsOf(fn: Node): { name: string; names: string[] }[] {
    let params = this.paramsByFunction.get(fn.id);
    if (!params) this.paramsByFunction.set(fn.id, (params = this.readParams(fn)));
    return params;
  }

  private readParams(fn: Node): { name: string; names: string[] }[] {
    const params = fn.childForFieldName('parameters') ?? fn.childForFieldName('parameter');
    if (!params) return [];
    if (params.type === 'identifier') return [{ name: params.text, names: [params.text] }];
    const out: { name: string; names: string[] }[] = [];
    for (const p of params.namedChildren) {
      if (!p || p.type === 'comment') continue;
      if (p.type === 'identifier') {
        out.push({ name: p.text, names: [p.text] });
        continue;
      }
      const names = p.descendantsOfType(['identifier', 'shorthand_property_identifier_pattern'])
        .filter((id): id is Node => !!id && !insideTypeOrDefault(id, p))
        .map((id) => id.text);
      out.push({ name: names[0] ?? p.text, names });
    }
    return out;
  }

  private argumentFor(call: Node, helper: HelperRef, param: number): Node | undefined {
    const name = helper.params[param]?.name;
    if (this.python && name) {
      const kw = this.ctx.python().argument(call, undefined, name);
      if (kw) return kw;
    }
    return this.args(call)[param - helper.offset];
  }

  private summaryOf(helper: HelperRef): Summary {
    const cached = this.summaries.get(helper.fn.id);
    const empty: Summary = { returnsSource: [], paramReturns: new Map(), paramSinks: [] };
    if (cached === 'pending') return empty;
    if (cached) return cached;
    this.summaries.set(helper.fn.id, 'pending');
    const env: Env = emptyEnv();
    helper.params.forEach((p, i) => {
      for (const n of p.names) env.vars.set(n, [{ origin: i, sourceLabel: `param ${i}`, sourceLine: 0, steps: [] }]);
    });
    const summary: Summary = { returnsSource: [], paramReturns: new Map(), paramSinks: [] };
    const returns = this.analyzeUnit(helper.fn, env, 'summary', summary);
    for (const t of returns) {
      if (t.origin === 'source') summary.returnsSource.push(t);
      else if (!summary.paramReturns.has(t.origin)) summary.paramReturns.set(t.origin, t.steps);
    }
    this.summaries.set(helper.fn.id, summary);
    return summary;
  }
}

/** `self.code` / `this.code` / `x` as an environment key; undefined for anything more complex. */
function pathKey(node: Node, depth = 0): string | undefined {
  if (node.type === 'identifier' || node.type === 'shorthand_property_identifier_pattern' || node.type === 'shorthand_property_identifier' || node.type === 'this') return node.text;
  if ((node.type === 'attribute' || node.type === 'member_expression') && depth < 16) {
    const object = node.childForFieldName('object');
    const prop = node.childForFieldName(node.type === 'attribute' ? 'attribute' : 'property');
    const base = object ? pathKey(object, depth + 1) : undefined;
    return base && prop ? `${base}.${prop.text}` : undefined;
  }
  return undefined;
}

/** Reading a field out of a parsed object (or building text from it) gives model-chosen text again. */
function unparse(traces: Trace[]): Trace[] {
  return traces.some((t) => t.parsed) ? traces.map((t) => ({ ...t, parsed: false })) : traces;
}

function short(text: string): string {
  const flat = text.replace(/\s+/g, ' ');
  return flat.length > 50 ? `${flat.slice(0, 47)}...` : flat;
}

function insideTypeOrDefault(id: Node, param: Node): boolean {
  for (let p = id.parent; p && p.id !== param.id; p = p.parent) {
    if (p.type === 'type' || p.type === 'type_annotation') return true;
    if ((p.type === 'default_parameter' || p.type === 'typed_default_parameter') && p.childForFieldName('value')?.id === id.id) return true;
    if (p.type === 'assignment_pattern' && p.childForFieldName('right')?.id === id.id) return true;
  }
  const parent = id.parent;
  if (parent && (parent.type === 'default_parameter' || parent.type === 'typed_default_parameter') && parent.childForFieldName('value')?.id === id.id) return true;
  return false;
}
