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
import type { AstContext, LanguageId } from '../../../engine/rule';
import { unwrapExpression } from '../../../engine/resolve/javascript-scope';
import { ancestorsOf, unparenthesize } from '../../../engine/resolve/walk';
import { isLlmFactory, isPipelineFactory, sdkEvidence, sourceOf, type SdkEvidence } from './sources';
import { sinkOf } from './sinks';
import { mergeTraceLists, mergeTraces, withStep, type SinkMatch, type TaintFinding, type TaintStep, type Trace } from './types';
import { BlockStatements, isConfirmed, isGuarded } from './guards';
import { INJECTED_NAMES, toolRegistrations, type ToolReference, type ToolRegistration } from './tools';
import { appendAll } from '../../../engine/collections';
import { ANALYSIS_LIMITS } from '../../../engine/analysis-limits';
import type { TaintFunctionSummary, TaintHeldCall, TaintModuleSummary, TaintParamCall, TaintSummaryStep, TaintCut } from '../../../engine/ports';
import { projectImports, submodule, type ImportedName } from './project-imports';
import { ExternalSummaries, type AbstractDeclaration, type ExternalFunction } from './external';
import { exportSteps, stepsElsewhere } from './summary-steps';
import { collectionValues, functionRegistry, registryPick } from './registries';
import { classBaseNodes } from './class-bases';
import { classStateSinks, runsScriptFile, selfAttributesIn, selfPath, type StateEffects } from './object-state';
import { heldSource, holdsInstances } from './held-instances';
import { AGENT_FIELD_TEXT, isLlmHelperName, LLM_OBJECT_METHODS, MODEL_OUTPUT_SOURCE_TEXT } from './model-output-names';
import { enclosingLiteral, lacksAfterMethod, lacksAfterRegexRemoval, staysInLiteral } from './literal-context';

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
  // `ast.parse(code)` is still the model's program when it reaches `compile`/`exec`, and so are the nodes built
  // from its statements (`ast.Module(tree.body[:-1])`, as LangChain's PythonAstREPLTool runs all but the last).
  'ast.parse', 'ast.unparse', 'ast.Module', 'ast.Expression', 'ast.Interactive', 'ast.fix_missing_locations', 'shlex.split', 'string.Template', 'os.path.join', 'posixpath.join', 'pathlib.Path',
  'textwrap.dedent', 'textwrap.indent', 'inspect.cleandoc', 'html.unescape', 'urllib.parse.unquote', 'codecs.decode',
  ...['search', 'match', 'fullmatch', 'findall', 'finditer', 'sub', 'subn', 'split'].map((f) => `re.${f}`),
  ...['b64decode', 'urlsafe_b64decode', 'b32decode', 'b16decode', 'decodebytes'].map((f) => `base64.${f}`),
  // `cast(list[Block], response.content)` is the value it is given.
  'typing.cast',
  'global.String', 'global.JSON.stringify', 'global.decodeURIComponent', 'global.decodeURI', 'global.unescape', 'global.atob', 'global.Buffer.from', 'dedent', 'strip-indent',
]);
/** Message and content-block types of LLM SDKs, constructed by apps that assemble a streamed reply themselves. */
const SDK_MESSAGE_TYPE = /^(?:anthropic\.types|openai\.types|langchain_core\.messages|langchain\.schema)(?:\.\w+)*\.\w*(?:Message|Block)(?:Param)?$/;
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
const PY_VISITED = ['assignment', 'augmented_assignment', 'named_expression', 'for_statement', 'for_in_clause', 'as_pattern', 'return_statement', 'yield', 'call', 'function_definition', 'lambda'];
const JS_VISITED = ['variable_declarator', 'assignment_expression', 'augmented_assignment_expression', 'for_in_statement', 'return_statement', 'yield_expression', 'call_expression', 'new_expression', ...JS_UNITS];

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
  /** A call in the helper (or in a function it calls) went into a module past the host's bound. */
  cut?: TaintCut;
  /** What the helper does to its object's state (kept parameters, attributes written to files, programs run). */
  state: StateEffects;
  /** Parameters passed to a method of an instance the object was given at construction (`held-instances.ts`). */
  heldCalls?: HeldCallUse[];
  /** Methods called on objects the parameters hold, whose class only a caller knows (`TaintParamCall`). */
  paramCalls?: ParamCallUse[];
}

/** A call on a parameter's object (`TaintParamCall`) with its path as steps of the analysed file. */
interface ParamCallUse {
  call: Omit<TaintParamCall, 'steps'>;
  steps: TaintStep[];
}

/** A held-instance call (`TaintHeldCall`) with its path as steps of the analysed file. */
interface HeldCallUse {
  held: Omit<TaintHeldCall, 'steps'>;
  steps: TaintStep[];
}

/** A function of another project module that a call reaches, with its summary. */
interface ExternalRef extends ExternalFunction {
  name: string;
}

/**
 * The class an expression's value is an instance of: a class body in this file, a class imported from the
 * project, or a class another module's summary names (the classes a factory of that module returns).
 */
type ClassRef = { local: Node } | { imported: ImportedName } | { within: TaintModuleSummary; name: string };

/** What a method call on a receiver of run-time class may run: each candidate class's method. */
interface DispatchTargets {
  helpers: HelperRef[];
  externals: ExternalRef[];
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
  const writesFiles = WRITES_FILES.test(ctx.text);
  let dynamic = false;
  for (const call of ctx.calls()) {
    const match = sinkOf(ctx, call);
    if (!match) continue;
    const hasDynamic = match.args.some((a) => !isLiteral(ctx, a.node));
    dynamic ||= hasDynamic;
    if (hasDynamic || writesFiles) sinks.set(call.id, match);
  }
  // Without a sink here, model output from this file (a source call, a function registered as a tool) may
  // still reach a sink in another project module through a call (`run_code(reply)`).
  const crossFile = !dynamic && ctx.ports.project?.taintSummary !== undefined && importsProjectCode(ctx) && (REGISTERS_TOOLS.test(ctx.text) || CHAT_API_CALL.test(ctx.text) || mentionedInCode(ctx, RUNS_BY_NAME) || (AGENT_TURN.test(ctx.text) && sdkEvidence(ctx.text).camel));
  if (!dynamic && !(writesFiles && sinks.size > 0) && !crossFile) return [];
  const analysis = new TaintAnalysis(ctx, sinks);
  // A file without a source of its own meets model output only if a module it imports, directly or further, is
  // a source: when the host finds no source text in any of them (read without parsing, and kept for the whole
  // project), the walk and the summaries it would ask for (most of a large package) are skipped.
  let unreachable: boolean | undefined;
  const noSourceReachable = (): boolean => (unreachable ??= !analysis.hasOwnSource() && ctx.ports.project?.importClosureMatches?.(ctx.path, MODEL_OUTPUT_SOURCE_TEXT) === false);
  // Without a sink here, the walk is worth it only when an imported module has a function that runs what it is
  // given. Finding out asks for the summaries of every module the file imports, and theirs, so the cheaper
  // test comes first: in ML libraries a word such as `Processing` in a message sends files here.
  if (!dynamic && !(writesFiles && sinks.size > 0) && !REGISTERS_TOOLS.test(ctx.text) && (noSourceReachable() || !analysis.importsASink())) return [];
  if (!analysis.mayMeetModelOutput()) return [];
  if (noSourceReachable()) return [];
  return analysis.run();
}

/** A call that returns model output: an SDK call, or a helper named after asking a model (`generate_code`). */
function isModelCall(ctx: AstContext, call: Node, evidence: SdkEvidence): boolean {
  if (sourceOf(ctx, call, evidence) !== undefined) return true;
  const fn = call.childForFieldName('function');
  const name = fn?.type === 'identifier' ? fn.text : fn?.childForFieldName(fn.type === 'attribute' ? 'attribute' : 'property')?.text ?? '';
  return isLlmHelperName(name) || (!!fn && isLlmObjectCall(fn));
}

function hasSinkThatRunsCode(sinks: ReadonlyMap<number, SinkMatch>): boolean {
  for (const match of sinks.values()) if (match.kind !== 'deserialization') return true;
  return false;
}

/** The summaries `ProjectFacts.taintSummary` needs: what each function and method of this module does with model output. */
export function summarizeTaintModule(ctx: AstContext): TaintModuleSummary {
  const sinks = new Map<number, SinkMatch>();
  for (const call of ctx.calls()) {
    const match = sinkOf(ctx, call);
    if (match) sinks.set(call.id, match);
  }
  const analysis = new TaintAnalysis(ctx, sinks);
  const evidence = sdkEvidence(ctx.text);
  // A module without a sink, a model call, a tool or an import of a function that runs its parameter says
  // nothing its importers could not guess from names (`extract_code` passes text on by name): only its
  // re-exports are given, and no data flow is computed.
  // A module that writes files may write what an importer stored on its objects (`object-state.ts`).
  // A class that calls instances it was handed (`ToolCollection`) may run whatever its constructor is given.
  const holds = ctx.language === 'python' && holdsInstances(ctx.root);
  // A function running what it is given through an object a parameter holds (`interpreter.computer.run(lang, code)`)
  // runs it by a method its caller's class decides (`TaintParamCall`).
  const runsOnParams = PARAM_RUNNER_CALL.test(ctx.text);
  // A module that hands on what an imported module's model call returns (`return draft_code(task).strip()`) is a
  // source for its importers: the chain goes on through helpers that never call a model themselves.
  if (sinks.size === 0 && !holds && !runsOnParams && !ctx.calls().some((call) => isModelCall(ctx, call, evidence)) && !REGISTERS_TOOLS.test(ctx.text) && !WRITES_FILES.test(ctx.text) && !analysis.importsASink() && !analysis.importsASource()) return analysis.interfacesOnly();
  return analysis.summarizeModule();
}

/** Text of a Python module that may declare methods without a body (`@abstractmethod`, `raise NotImplementedError`, a `Protocol`). */
const INTERFACE_TEXT = /abstractmethod|NotImplementedError|\bProtocol\b/;
/** Text of a file that registers tools, or defines a tool class that gives the model its schema (`tools.ts`). */
const REGISTERS_TOOLS = /tools\s*=|from_defaults|from_function|add_tool|register_function|def to_params|def get_args_schema|args_schema\s*[:=]/;
/** A runner's method called through attributes of a name other than `self` (`interpreter.computer.run(`). */
const PARAM_RUNNER_CALL = /\b(?!self\b|cls\b|this\b)[A-Za-z_]\w*(?:\.\w+)*\.(?:run|execute|exec|run_code|execute_code|run_cell|execute_cell)\s*\(/;
/** Methods that run what they are given, when called on an object of a class the caller decides. */
const RUNNER_METHODS = new Set(['run', 'execute', 'exec', 'run_code', 'execute_code', 'run_cell', 'execute_cell']);

/** The name a callee is judged by as a helper (`get_completion` of `get_completion(p)` or `llm.get_completion(p)`). */
function helperName(fn: Node): string {
  return fn.type === 'identifier' ? fn.text : fn.childForFieldName(fn.type === 'attribute' ? 'attribute' : 'property')?.text ?? '';
}

/**
 * A model's method called on an object named `llm` (`interpreter.llm.run(messages)`, `self.llm.invoke(p)`), whose
 * class is not known here: by that name it is a language model, so what it returns is taken as model output
 * (a heuristic source, as a helper named after asking a model is).
 */
function isLlmObjectCall(fn: Node): boolean {
  if (fn.type !== 'attribute' && fn.type !== 'member_expression') return false;
  const path = dottedNames(fn);
  return !!path && path.length >= 2 && /^_?llm$/i.test(path[path.length - 2]) && LLM_OBJECT_METHODS.has(path[path.length - 1]);
}

/** A file write the analysis follows (model output saved, then run or read back). */
const WRITES_FILES = /\.write(?:_text|_bytes|lines)?\(|writeFile|appendFile|outputFile/;
/** An agent framework's turn whose reply a file hands on (CAMEL's `session.step(msg)`, as in ChatDev's phases). */
const AGENT_TURN = /\.a?step\(/;
/**
 * Names of helpers and objects that run what they are given (`run_code(reply)`, `self.shell.run(cmd)`): a file
 * with a model call but no sink is analysed for flows into other modules only when it mentions one, since
 * asking for the summaries of every imported module of every file that calls a model costs more than the
 * rest of the analysis (measured on huggingface/trl, where `model.generate` is everywhere).
 */
const RUNS_BY_NAME = /run_code|execute_code|run_command|execute_command|run_python|run_script|[Ss]hell|Process|nterpreter|xecutor|andbox|kernel/g;
/**
 * Chat APIs of hosted models (OpenAI, Anthropic, the Vercel AI SDK): a file that calls one hands the reply to
 * something, so its imported helpers are asked about whatever their names (`run_snippet(reply)`). Unlike
 * `model.generate` these are rare outside LLM apps, so this costs little on ML code.
 */
const CHAT_API_CALL = /chat\.completions\.create|messages\.create|ChatCompletion\.create|responses\.create|generateText|generateObject|streamText/;

/**
 * Whether `pattern` (a global expression) matches outside comments and strings that are statements of their own
 * (docstrings): those are prose the program never runs nor passes on, and in ML code they name `ProcessGroup`,
 * CUDA kernels and Jupyter kernels, which made files without a model call ask for the summaries of every module
 * they import (10 of 3,818 files of the benchmark corpus, 2 CPU s, no finding). Strings used as values count:
 * a prompt (`"You are a Python interpreter"`) is part of what the program does.
 */
function mentionedInCode(ctx: AstContext, pattern: RegExp): boolean {
  for (const match of ctx.text.matchAll(pattern)) if (!inProse(ctx.root.descendantForIndex(match.index, match.index))) return true;
  return false;
}

const STRINGS = new Set(['string', 'template_string', 'concatenated_string']);

/** A node inside a comment, or inside a string literal that is a whole statement (and not in one of its interpolations). */
function inProse(node: Node | null): boolean {
  for (let current = node; current; current = current.parent) {
    if (current.type === 'comment') return true;
    if (current.type === 'interpolation' || current.type === 'template_substitution') return false;
    if (!STRINGS.has(current.type)) continue;
    let literal = current;
    while (literal.parent && STRINGS.has(literal.parent.type)) literal = literal.parent;
    return literal.parent?.type === 'expression_statement' && literal.parent.namedChildCount === 1;
  }
  return false;
}

/** A cheap look for an import the host may resolve to a project file (relative imports, or any `from x import y`). */
function importsProjectCode(ctx: AstContext): boolean {
  return ctx.language === 'python' ? /^\s*(?:from\s+[\w.]+\s+import|import\s+\w)/m.test(ctx.text) : /(?:from\s+|require\()['"]\./.test(ctx.text);
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
  /** Each block's statements, read once for the allow-list and confirmation checks. */
  private readonly blocks = new BlockStatements();
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
  /** Tools registered by the name of a function in another module. */
  private readonly importedTools: ToolReference[] = [];
  /** Summaries of other project modules, through the host (empty without the port). */
  private readonly external: ExternalSummaries;
  private importsCache?: Map<string, ImportedName>;
  /** Imported names that return model output (set once a summary asks; see `importsASource`). */
  private sourceImportsCache?: ReadonlySet<string>;
  /** Class bodies of this file by class name, for attributes typed with a local class. */
  private readonly classesByName = new Map<string, Node[]>();
  /** `<class body id>:<attribute>` → the class of `self.attribute`, from an annotation or an assignment in a method. */
  private readonly attributeClasses = new Map<string, ClassRef | null>();
  /** Whether a name is written with a capitalised type annotation somewhere in the file (`agent: Agent`), by name. */
  private readonly annotatedNames = new Map<string, boolean>();
  private readonly externalByCallee = new Map<number, ExternalRef | null>();
  /** Method callee id → the methods of the classes its receiver may hold (null when it is no such receiver). */
  private readonly dispatchByCallee = new Map<number, DispatchTargets | null>();
  /** Function id → the classes whose instances it returns (a factory). */
  private readonly returnedClassesCache = new Map<number, ClassRef[] | 'pending'>();
  private readonly abstractMethods = new Map<number, boolean>();
  private readonly attributesByClass = new Map<number, ClassAttributes>();
  private readonly storedEntriesCache = new Map<string, Node[]>();
  /** Per function (or the module), the collections its loops bind each name to: one pass over its statements. */
  private readonly loopsByUnit = new Map<number, Map<string, Node[]>>();
  /** Identifier id → the class of the parameter it names (null when none), asked once per occurrence. */
  private readonly parameterClasses = new Map<number, ClassRef | null>();
  /** The file has a sink other than deserialization, or imports a function that passes a parameter to one. */
  private runsCode: boolean;
  /** Set while the module's own summary is computed for an importer. */
  private summarising = false;
  /** `hasOwnSource`, once asked. */
  private ownSource?: boolean;
  /** The helper summaries being computed, innermost last: a cut met in one is a cut of each. */
  private readonly building: Summary[] = [];

  constructor(
    private readonly ctx: AstContext,
    /** Sink calls with a non-literal argument, by node id (computed once by `analyzeTaint`). */
    private readonly sinks: ReadonlyMap<number, SinkMatch>,
  ) {
    this.python = ctx.language === 'python';
    this.evidence = sdkEvidence(ctx.text);
    this.tools = toolRegistrations(ctx, this.importedTools);
    this.external = new ExternalSummaries(ctx);
    this.runsCode = hasSinkThatRunsCode(sinks);
    this.indexHelpers();
    this.indexUnits();
  }

  /**
   * False when the walk cannot meet model output, so `run` would report nothing: the file's sinks only
   * deserialize (no sink runs code, and no imported function passes a parameter to one), and no call, name or
   * field of the file is a source the walk knows. In such a file the walk asks another module about a call
   * only when an argument already carries model output, so no module's summary can bring any in: every
   * source is here, and each is checked below as the walk checks it (`evalCall`, `agentChoice`, tools). Most
   * ML code (`torch.load(path)` everywhere, no model call) is decided here without the walk.
   */
  mayMeetModelOutput(): boolean {
    return this.runsCode || this.hasOwnSource();
  }

  /** True when this file itself has a source the walk knows (the part of `mayMeetModelOutput` other modules cannot change). */
  hasOwnSource(): boolean {
    return (this.ownSource ??= this.findOwnSource());
  }

  private findOwnSource(): boolean {
    if (this.tools.size > 0 || this.importedTools.length > 0) return true;
    // The text test alone matches prose ("incompatible function arguments" in a test's expected message), and
    // such a file would ask for the summaries of everything it imports: the field reads themselves decide.
    if (AGENT_FIELD_TEXT.test(this.ctx.text) && this.ctx.root.descendantsOfType(FIELD_READS[this.ctx.language]).some((node) => node !== null && agentFieldOf(node) !== undefined)) return true;
    for (const call of this.ctx.calls()) {
      if (sourceOf(this.ctx, call, this.evidence) !== undefined || isPipelineFactory(this.ctx, call) || isLlmFactory(this.ctx, call)) return true;
      const rawFn = call.childForFieldName('function');
      const callee = rawFn ? (this.python ? unparenthesize(rawFn) : unwrapExpression(rawFn)) : undefined;
      if (callee && (isLlmHelperName(helperName(callee)) || isLlmObjectCall(callee))) return true;
    }
    return false;
  }

  run(): TaintFinding[] {
    this.analyzeUnit(this.ctx.root, emptyEnv(), 'report');
    this.reportImportedTools();
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

  /**
   * Model output a method of the class around `at`, or of a base class in this file, stored in `self.x`: a
   * subclass's `update()` reads what the base class's `execute()` kept (ChatDev's phases).
   */
  private storedField(key: string, at: Node): Trace[] | undefined {
    if (!/^(?:self|this)\./.test(key)) return undefined;
    let classes = [this.classOf(at)].filter((body): body is Node => body !== undefined);
    for (let depth = 0; classes.length > 0 && depth < MAX_LOCAL_BASE_DEPTH; depth++) {
      for (const body of classes) {
        const stored = this.fieldTaints.get(`${body.id}:${key}`);
        if (stored) return stored;
      }
      classes = classes.flatMap((body) => this.basesOf(body).flatMap((base) => ('local' in base && base.local.id !== body.id ? [base.local] : [])));
    }
    return undefined;
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
    // An assignment binds its target after its value ran: `thoughts = eval(thoughts)` passes the old `thoughts`
    // to `eval`. The walk meets the assignment before the calls inside it, so it is visited once they were.
    const pending: Node[] = [];
    for (const node of members.nodes) {
      // Default values of parameters sit inside the unit but before its body; they run in the caller.
      if (node.startIndex < body.startIndex) continue;
      for (let last = pending.at(-1); last && node.startIndex >= last.endIndex; last = pending.at(-1)) this.visit(pending.pop() as Node, env, unit, mode, returns, summary);
      if (BINDS_AFTER_VALUE.has(node.type)) pending.push(node);
      else this.visit(node, env, unit, mode, returns, summary);
    }
    for (let last = pending.pop(); last; last = pending.pop()) this.visit(last, env, unit, mode, returns, summary);
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
      const description = tool.parser ? `\`${param.name}\`, the model's reply given to the ${tool.framework}'s \`${tool.name}\`, line ${line}` : `\`${param.name}\`, a tool argument the model chooses: ${tool.framework} \`${tool.name}\`, line ${line}`;
      const step = tool.parser ? `\`${param.name}\` is the model's reply: \`${tool.name}\` is a method of an output parser (${tool.framework})` : `\`${param.name}\` is chosen by the model: \`${tool.name}\` is registered as a tool (${tool.framework})`;
      const trace: Trace = { origin: 'source', sourceLabel: tool.parser ? `output parser input ${param.name}` : `tool argument ${param.name}`, sourceLine: line, description, steps: [{ node: fn, message: step }] };
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
        // A loop statement over a clean collection rebinds its names: in the body they hold its items, not what
        // they held before. A comprehension's names are its own scope in Python 3, so an outer name stays as it was.
        else if (node.type !== 'for_in_clause') for (const name of loopTargetNames(left)) env.vars.delete(name);
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
      // A generator gives its caller what it yields (`for chunk in stream_reply(): ...`), as a function what it returns.
      case 'return_statement':
      case 'yield':
      case 'yield_expression': {
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
          if (!isGuarded(this.ctx, call, arg.node, unit, this.blocks)) this.hit({ call, match: own, arg, traces, confirmed: isConfirmed(this.ctx, call, unit, this.blocks) }, mode, summary);
          continue;
        }
        // Running a file that holds model output executes that output, whatever the launcher.
        const viaFile = this.runsWrittenFile(arg.node, env);
        if (viaFile) this.hit({ call, match: { ...match, kind: 'code' }, arg: { ...arg, severity: 'error', why: `the script \`${viaFile.key}\`` }, traces: viaFile.traces }, mode, summary);
      }
      this.recordProgramRun(call, match, summary);
    }
    this.recordFileWrite(call, env, summary);
    if (call.type === 'new_expression') return;
    const fn = call.childForFieldName('function');
    if (!fn) return;
    this.recordContainerAdd(call, fn, env, unit);
    if (summary) this.recordHeldCall(call, fn, env, summary);
    // `.then(r => ...)`, `.forEach(block => ...)`: the callback's first parameter receives the value.
    if (!this.python && fn.type === 'member_expression' && CALLBACK_METHODS.has(fn.childForFieldName('property')?.text ?? '')) {
      const receiver = fn.childForFieldName('object');
      const callback = this.args(call)[0];
      if (receiver && callback && this.isUnit(unwrapExpression(callback))) {
        const traces = this.evalExpr(receiver, env, 0);
        if (traces.length > 0) this.seeds.set(unwrapExpression(callback).id, traces.map((t) => ({ ...t, parsed: false })));
      }
    }
    // A helper in this file whose parameter reaches a sink: `run_code(reply)`. In a summary this makes the
    // caller's parameter reach the sink too (`run` calling `self._run(command)`).
    const helper = this.helperOf(fn);
    // An abstract method (`@abstractmethod def submit_prompt(...)`) says nothing; its subclasses call the
    // model, so its name is judged like a helper defined elsewhere.
    if (helper && !this.isAbstract(helper.fn)) {
      this.helperSinks(call, helper, env, mode, summary);
      this.applyState(call, fn, helper, this.summaryOf(helper).state, env, summary);
      // A method found through a parameter's attributes (`interpreter.computer.run`, the class guessed from the
      // parameter's name) is recorded for callers too: they know the class of what they pass.
      if (summary) this.recordParamCall(call, fn, env, summary);
      return;
    }
    // Another module is asked about a call only when an argument carries taint (most calls carry none), or, in a
    // module's summary, for a method of an object the class holds (`self.codes.save()` may write what it keeps).
    // An object whose attributes hold model output (`respond(self)` with `self.messages` filled by the model) counts:
    // the callee may read that attribute (`TaintParamCall`).
    const tainted = this.anyArgumentTainted(call, env) || this.anyArgumentHoldsTaint(call, env);
    const holdsState = this.summarising && summary !== undefined && (fn.type === 'attribute' || fn.type === 'member_expression') && selfRooted(fn.childForFieldName('object'));
    const external = this.mayBeExternal(fn) && (tainted || holdsState) ? this.externalOf(fn) : undefined;
    if (external) {
      this.externalSinks(call, external, env, unit, mode, summary);
      const held = (external.summary.callsHeld ?? []).map((h) => ({ held: h, steps: stepsElsewhere(call, h.steps) }));
      this.heldCallSinks(call, fn, held, externalHelper(call, external), env, unit, mode, summary);
      const s = external.summary;
      this.applyState(call, fn, externalHelper(call, external), { stores: s.stores ?? [], writes: s.writes ?? [], ...(s.runsFiles ? { runsFiles: s.runsFiles } : {}) }, env, summary);
      return;
    }
    // A function picked from a registry (`TOOLS[name](**args)`, here or imported): each entry may be the one called.
    const picked = tainted ? this.registryTargets(fn) : undefined;
    for (const target of picked?.helpers ?? []) this.helperSinks(call, target, env, mode, summary);
    for (const target of picked?.externals ?? []) this.externalSinks(call, target, env, unit, mode, summary);
    // A receiver whose class is decided at run time (made by a factory, picked from a registry): each candidate.
    const targets = tainted ? this.dispatchTargets(fn) : undefined;
    for (const target of targets?.helpers ?? []) {
      if (this.isAbstract(target.fn)) continue;
      this.helperSinks(call, target, env, mode, summary);
      this.heldCallSinks(call, fn, this.summaryOf(target).heldCalls ?? [], target, env, unit, mode, summary);
    }
    for (const target of targets?.externals ?? []) this.externalSinks(call, target, env, unit, mode, summary);
    if (summary && tainted && !targets && !picked) this.recordParamCall(call, fn, env, summary);
  }

  /**
   * `interpreter.computer.run(language, code)` in a summary, where `interpreter` is a parameter of unknown class and
   * an argument carries a parameter (or one of its attributes): the caller, which knows the class, applies the method.
   */
  private recordParamCall(call: Node, fn: Node, env: Env, summary: Summary): void {
    if (fn.type !== 'attribute' && fn.type !== 'member_expression') return;
    const method = fn.childForFieldName(fn.type === 'attribute' ? 'attribute' : 'property')?.text;
    const path = dottedNames(fn);
    if (!method || !path || path.length < 2 || ['self', 'cls', 'this'].includes(path[0])) return;
    const holder = (env.vars.get(path[0]) ?? []).find((t) => typeof t.origin === 'number' && !t.attributes);
    if (!holder || typeof holder.origin !== 'number') return;
    const list = call.childForFieldName('arguments')?.namedChildren.filter((c): c is Node => !!c && c.type !== 'comment') ?? [];
    const args: TaintParamCall['args'] = [];
    let position = 0;
    let spreadSeen = false;
    for (const arg of list) {
      const keyword = arg.type === 'keyword_argument' ? arg.childForFieldName('name')?.text : undefined;
      const spread = arg.type === 'list_splat' || arg.type === 'dictionary_splat' || arg.type === 'spread_element';
      spreadSeen ||= spread;
      const place = keyword ? { keyword } : spread || spreadSeen ? { spread: true as const } : { position };
      if (!keyword && !spread) position++;
      for (const t of this.evalExpr(arg, env, 0)) if (typeof t.origin === 'number' && args.length < MAX_EXPORTED_STEPS) args.push({ param: t.origin, attributes: t.attributes ?? [], ...place });
    }
    if (args.length === 0 || (summary.paramCalls ??= []).length >= MAX_EXPORTED_STEPS) return;
    summary.paramCalls.push({ call: { object: holder.origin, path: path.slice(1, -1), method, args }, steps: [{ node: call, message: `passed to \`${short(fn.text)}()\`, a method of what \`${path[0]}\` holds` }] });
  }

  /**
   * A helper calls a method on an object its parameter holds (`TaintParamCall`): the class of what this call passes
   * there (`respond(self)`, `self.computer = Computer(self)`) decides which method runs, so its summary applies to
   * the arguments, read from what this call passes (`self.messages` for an argument read from `interpreter.messages`).
   */
  private paramCallSinks(call: Node, ref: HelperRef, uses: readonly ParamCallUse[], env: Env, unit: Node, mode: 'report' | 'summary', summary?: Summary): void {
    for (const { call: pc, steps } of uses) {
      const object = this.argumentFor(call, ref, pc.object);
      if (!object) continue;
      let classes = this.receiverClasses(object);
      for (const attribute of pc.path) classes = classes.flatMap((cls) => [this.attributeClassOf(cls, attribute)].filter((c): c is ClassRef => c !== undefined));
      for (const cls of classes.slice(0, MAX_DISPATCH_CLASSES)) {
        const label = `${[short(object.text), ...pc.path].join('.')}.${pc.method}`;
        const target = this.methodOfClass(cls, pc.method, label);
        if (!target) continue;
        const effects = 'summary' in target
          ? target.summary.paramSinks.map((ps) => ({ param: ps.param, name: target.summary.params[ps.param] ?? '', offset: target.summary.offset, external: { ps, path: target.path } }))
          : this.summaryOf(target).paramSinks.map((ps) => ({ param: ps.param, name: target.params[ps.param]?.name ?? '', offset: target.offset, local: ps }));
        for (const sink of effects) {
          for (const arg of pc.args) {
            if (!paramCallFeeds(arg, sink.param, sink.offset, sink.name)) continue;
            const given = this.argumentFor(call, ref, arg.param);
            const traces = given ? this.attributeTaint(given, arg.attributes, env).filter((t) => !t.parsed) : [];
            if (!given || traces.length === 0 || isGuarded(this.ctx, call, given, unit, this.blocks)) continue;
            const what = arg.attributes.length > 0 ? `its \`${arg.attributes.join('.')}\`` : 'it';
            const passed = withStep(traces, given, `passed to \`${ref.name}()\` as \`${ref.params[arg.param]?.name ?? '?'}\`, which gives ${what} to \`${label}()\``).map((t) => ({ ...plainText(t), steps: [...t.steps, ...steps] }));
            if ('external' in sink) {
              const { ps, path } = sink.external;
              const where = `\`${label}()\` passes it to \`${ps.label}\` in ${path} line ${ps.line}`;
              const match: SinkMatch = { kind: ps.kind, label: ps.label, note: ps.note ? `${where}; ${ps.note}` : where, args: [] };
              this.hit({ call, match, arg: { node: given, severity: ps.severity, ...(ps.why ? { why: ps.why } : {}) }, traces: passed.map((t) => ({ ...plainText(t), steps: [...t.steps, ...stepsElsewhere(call, ps.steps)] })), confirmed: isConfirmed(this.ctx, call, unit, this.blocks) }, mode, summary);
            } else {
              const ps = sink.local;
              this.hit({ ...ps.hit, traces: passed.map((t) => ({ ...plainText(t), steps: [...t.steps, ...ps.steps] })) }, mode, summary);
            }
          }
        }
      }
    }
  }

  /** The classes of an object passed to a helper: `self`/`this` is the class around the call, else what the value holds. */
  private receiverClasses(object: Node): ClassRef[] {
    if (['self', 'this'].includes(object.text)) {
      const body = this.classOf(object);
      return body ? [{ local: body }] : [];
    }
    return this.classesOfValue(object, 0);
  }

  /** Model output in `value.<attributes>` (`self.messages`), or in the whole value. */
  private attributeTaint(value: Node, attributes: readonly string[], env: Env): Trace[] {
    const whole = this.evalExpr(value, env, 0);
    const key = attributes.length > 0 ? pathKey(value) : undefined;
    if (!key) return whole;
    const path = `${key}.${attributes.join('.')}`;
    // The callee reads fields of what the attribute holds (`messages[-1]["content"]`), as `evalExpr` reads an attribute.
    return mergeTraces(whole, unparse(env.vars.get(path) ?? this.storedField(path, value) ?? []));
  }

  /**
   * What a method call does to its receiver's state (`object-state.ts`): arguments it keeps become taint of
   * `receiver.attribute`; in a summary, what a method of `self` or of an object `self` holds writes or runs is
   * this method's doing too (`self.codes.save()` writes `codes.files`).
   */
  private applyState(call: Node, fn: Node, ref: HelperRef, state: StateEffects, env: Env, summary?: Summary): void {
    if (state.stores.length === 0 && state.writes.length === 0 && !state.runsFiles) return;
    const object = fn.type === 'attribute' || fn.type === 'member_expression' ? fn.childForFieldName('object') : undefined;
    const receiver = object ? pathKey(object) : undefined;
    if (!object || !receiver) return;
    for (const store of state.stores) {
      const arg = this.argumentFor(call, ref, store.param);
      const traces = arg ? this.evalExpr(arg, env, 0).filter((t) => !t.parsed) : [];
      if (!arg || traces.length === 0) continue;
      const key = `${receiver}.${store.attribute}`;
      env.vars.set(key, mergeTraces(env.vars.get(key) ?? [], withStep(traces, arg, `kept in \`${short(key)}\` by \`${ref.name}()\``)));
    }
    if (!summary) return;
    const held = ['self', 'this'].includes(receiver) ? '' : selfPath(object);
    if (held === undefined) return;
    const prefix = held === '' ? '' : `${held}.`;
    for (const written of state.writes) if (!summary.state.writes.includes(prefix + written)) summary.state.writes.push(prefix + written);
    if (state.runsFiles && !summary.state.runsFiles) {
      const here = { message: `\`${short(fn.text)}()\` runs a program file`, path: this.ctx.path, range: this.ctx.rangeOfNode(call) };
      summary.state.runsFiles = { label: state.runsFiles.label, line: state.runsFiles.line, steps: [here, ...state.runsFiles.steps].slice(-MAX_EXPORTED_STEPS) };
    }
  }

  /**
   * `messages.append({"type": "code", "content": reply})`, `blocks.extend(parts)`, `queue.push(code)`: the
   * container holds model output, so a loop over it or an entry read from it does too (open-interpreter keeps the
   * model's code as a message and runs the code messages it finds).
   */
  private recordContainerAdd(call: Node, fn: Node, env: Env, unit: Node): void {
    if (fn.type !== 'attribute' && fn.type !== 'member_expression') return;
    const method = fn.childForFieldName(fn.type === 'attribute' ? 'attribute' : 'property')?.text ?? '';
    if (!(this.python ? PY_CONTAINER_ADDS : JS_CONTAINER_ADDS).has(method)) return;
    const receiver = fn.childForFieldName('object');
    if (!receiver || !pathKey(receiver)) return;
    const added = mergeTraceLists(this.args(call).map((a) => this.evalExpr(a, env, 0)));
    if (added.length === 0) return;
    this.bind(receiver, mergeTraces(this.evalExpr(receiver, env, 0), withStep(added, call, `added to \`${short(receiver.text)}\``)), env, unit, false);
  }

  /** A sink that runs a program file by a literal command (`python3 main.py`), for the summary's `runsFiles`. */
  private recordProgramRun(call: Node, match: SinkMatch, summary?: Summary): void {
    if (!summary || summary.state.runsFiles || match.kind === 'deserialization') return;
    // The sink's arguments may be one entry of an argv list (`"python3"` of `["python3", "main.py"]`): the whole list is read.
    const list = call.childForFieldName('arguments');
    const values = (id: Node): Node[] => this.boundValuesOf(id);
    const runs = (list && runsScriptFile(list, values)) || match.args.some((a) => runsScriptFile(a.node, values));
    if (runs) summary.state.runsFiles = { label: match.label, line: call.startPosition.row + 1, steps: [{ message: `runs a program file: \`${short((list ?? call).text)}\``, path: this.ctx.path, range: this.ctx.rangeOfNode(call) }] };
  }

  /** A method's parameters kept in `self.x` when it returns (`self.files[name] = body`), for its summary. */
  private recordStores(summary: Summary, env: Env, offset: number): void {
    for (const [key, traces] of env.vars) {
      const dot = key.indexOf('.');
      if (dot < 0 || !['self', 'this'].includes(key.slice(0, dot))) continue;
      for (const trace of traces) {
        if (typeof trace.origin !== 'number' || trace.origin < offset) continue;
        const store = { param: trace.origin, attribute: key.slice(dot + 1) };
        if (!summary.state.stores.some((s) => s.param === store.param && s.attribute === store.attribute)) summary.state.stores.push(store);
      }
    }
  }

  // ---- instances an object was handed at construction (`held-instances.ts`) ---------------------------

  /**
   * In a summary: `self.tool_map.get(name)(**tool_input)`, `self.tools[i].run(code)`, where `__init__` built that
   * attribute from a parameter: the parameters passed on are recorded, for the code that constructs the object.
   */
  private recordHeldCall(call: Node, fn: Node, env: Env, summary: Summary): void {
    if (!this.python) return;
    let method = '__call__';
    let picked = unparenthesize(fn);
    if (picked.type === 'attribute') {
      method = picked.childForFieldName('attribute')?.text ?? '';
      picked = unparenthesize(picked.childForFieldName('object') ?? picked);
    }
    if (picked.type === 'identifier') picked = this.boundValuesOf(picked).find((value) => registryPick(unparenthesize(value)) !== undefined) ?? picked;
    const registry = registryPick(picked)?.registry;
    const attribute = registry ? selfPath(registry) : undefined;
    const body = attribute && !attribute.includes('.') ? this.classOf(call) : undefined;
    const ctor = body && attribute ? heldSource(body, attribute) : undefined;
    if (!ctor || !method) return;
    const args = this.args(call);
    const positional = args.filter((a) => a.type !== 'dictionary_splat' && a.type !== 'keyword_argument' && a.type !== 'list_splat');
    for (const arg of args) {
      const spread = arg.type === 'dictionary_splat';
      const position = positional.indexOf(arg);
      if (!spread && position < 0) continue;
      for (const trace of this.evalExpr(arg, env, 0)) {
        if (typeof trace.origin !== 'number') continue;
        const held = { param: trace.origin, spread, ...(spread ? {} : { position }), ctor, method };
        if ((summary.heldCalls ??= []).some((h) => JSON.stringify(h.held) === JSON.stringify(held))) continue;
        const step = { node: call, message: `passed to \`${method}\` of an instance in \`self.${attribute}\` (given to the constructor as \`${ctor.name}\`)` };
        summary.heldCalls.push({ held, steps: [...trace.steps.slice(-(MAX_EXPORTED_STEPS - 1)), step] });
      }
    }
  }

  /**
   * `tools.run(name=n, tool_input=args)` where `tools = ToolCollection(ComputerTool(), BashTool())` and `run` calls
   * an instance it was given: the called method of each of those classes applies, as any may be the one picked.
   */
  private heldCallSinks(call: Node, fn: Node, heldCalls: readonly HeldCallUse[], ref: HelperRef, env: Env, unit: Node, mode: 'report' | 'summary', summary?: Summary): void {
    const object = fn.type === 'attribute' ? fn.childForFieldName('object') : undefined;
    if (heldCalls.length === 0 || !object) return;
    for (const { held, steps } of heldCalls) {
      const arg = this.argumentFor(call, ref, held.param);
      const traces = arg ? this.evalExpr(arg, env, 0).filter((t) => !t.parsed) : [];
      if (!arg || traces.length === 0 || isGuarded(this.ctx, call, arg, unit, this.blocks)) continue;
      for (const entry of this.heldEntries(object, held.ctor).slice(0, MAX_DISPATCH_CLASSES)) {
        for (const cls of this.classesOfValue(entry, 0).slice(0, MAX_DISPATCH_CLASSES)) {
          const target = this.methodOfClass(cls, held.method, `${short(entry.text)}.${held.method}`);
          if (!target) continue;
          const fed = (param: number, offset: number, name: string | undefined): boolean => (held.spread ? param >= offset && !INJECTED_NAMES.has(name ?? '') : param === offset + (held.position ?? -1));
          const passed = withStep(traces, arg, `passed to \`${ref.name}()\` as \`${ref.params[held.param]?.name ?? '?'}\``).map((t) => ({ ...plainText(t), steps: [...t.steps, ...steps] }));
          if ('summary' in target) {
            for (const ps of target.summary.paramSinks) {
              if (!fed(ps.param, target.summary.offset, target.summary.params[ps.param])) continue;
              const where = `\`${target.name}()\` passes it to \`${ps.label}\` in ${target.path} line ${ps.line}`;
              const match: SinkMatch = { kind: ps.kind, label: ps.label, note: ps.note ? `${where}; ${ps.note}` : where, args: [] };
              const traced = passed.map((t) => ({ ...plainText(t), steps: [...t.steps, ...stepsElsewhere(call, ps.steps)] }));
              this.hit({ call, match, arg: { node: arg, severity: ps.severity, ...(ps.why ? { why: ps.why } : {}) }, traces: traced, confirmed: isConfirmed(this.ctx, call, unit, this.blocks) }, mode, summary);
            }
            continue;
          }
          for (const ps of this.summaryOf(target).paramSinks) {
            if (!fed(ps.param, target.offset, target.params[ps.param]?.name)) continue;
            this.hit({ ...ps.hit, traces: passed.map((t) => ({ ...plainText(t), steps: [...t.steps, ...ps.steps] })) }, mode, summary);
          }
        }
      }
    }
  }

  /** The instances a receiver was constructed with, for a constructor parameter: `Coll(A(), B())`, `Coll([A(), B()])`, `Coll(tools=items)`. */
  private heldEntries(receiver: Node, ctor: TaintHeldCall['ctor']): Node[] {
    const key = pathKey(receiver);
    let constructions: Node[] = [];
    if (receiver.type === 'identifier') {
      const bound = this.ctx.python().boundValue(receiver);
      constructions = bound ? [bound] : [];
    } else if (key && /^self\.\w+$/.test(key)) {
      const body = this.classOf(receiver);
      constructions = body ? (this.attributesOf(body).constructed.get(key.slice('self.'.length)) ?? []) : [];
    }
    const out: Node[] = [];
    for (const made of constructions.map((c) => unparenthesize(c))) {
      if (made.type !== 'call') continue;
      const positional = this.args(made).filter((a) => a.type !== 'keyword_argument' && a.type !== 'dictionary_splat' && a.type !== 'list_splat');
      const given = ctor.variadic ? positional.slice(ctor.index) : [this.ctx.python().argument(made, ctor.index, ctor.name)].filter((a): a is Node => !!a);
      for (const value of given) {
        const inner = unparenthesize(value);
        const literal = inner.type === 'identifier' ? this.boundValuesOf(inner).map((v) => unparenthesize(v)).find((v) => collectionValues(v)) : inner;
        out.push(...(ctor.variadic ? [inner] : (literal ? collectionValues(literal) : undefined) ?? [inner]));
      }
    }
    return out;
  }

  /** Arguments of a call of a helper of this file that reach a sink inside it (or in a function it calls). */
  private helperSinks(call: Node, helper: HelperRef, env: Env, mode: 'report' | 'summary', summary?: Summary): void {
    const s = this.summaryOf(helper);
    for (const ps of s.paramSinks) for (const arg of this.argumentsFor(call, helper, ps.param)) {
      const traces = this.evalExpr(arg, env, 0).filter((t) => !t.parsed);
      if (traces.length === 0) continue;
      const passed = withStep(traces, arg, `passed to \`${helper.name}()\` as \`${helper.params[ps.param]?.name ?? '?'}\``).map((t) => ({ ...plainText(t), steps: [...t.steps, ...ps.steps] }));
      this.hit({ ...ps.hit, traces: passed }, mode, summary);
    }
    if (s.paramCalls) this.paramCallSinks(call, helper, s.paramCalls, env, this.unitAround(call), mode, summary);
  }

  /**
   * A first look that asks for no summary: the callee is a name imported from a project module, a function of
   * such a module (`helpers.ask`), or a method of an instance of a class imported from one (`self.shell.run`).
   */
  private mayBeExternal(fn: Node): boolean {
    if (!this.external.available) return false;
    const dotted = fn.type === 'identifier' ? [fn.text] : fn.type === 'attribute' || fn.type === 'member_expression' ? dottedNames(fn) : undefined;
    // A JavaScript chain from `this` has no dotted name (`this` is not an identifier) and is looked at below.
    if (!dotted && fn.type !== 'member_expression') return false;
    const imported = dotted ? this.imports.get(dotted[0]) : undefined;
    if (imported) return this.external.isProjectModule(imported.module);
    if (fn.type === 'identifier') return false;
    const object = fn.childForFieldName('object');
    if (!object) return false;
    if (['self', 'cls', 'this'].includes(object.text)) return true;
    // `agent.computer.run(code)`, `self.agent.computer.run(code)`: the holder at the root of the chain decides (an
    // instance of a class of this file or of a project module may hold an imported class's instance).
    let holder = object;
    for (let i = 0; i < MAX_CLASS_VALUE_DEPTH && (holder.type === 'attribute' || holder.type === 'member_expression') && !/^(?:self|this)\.\w+$/.test(pathKey(holder) ?? ''); i++) {
      const inner = holder.childForFieldName('object');
      if (!inner || ['self', 'cls', 'this'].includes(inner.text)) break;
      holder = inner;
    }
    const cls = this.classOfValue(holder, 0, false);
    if (cls === undefined) return false;
    return 'imported' in cls ? this.external.isProjectModule(cls.imported.module) : 'within' in cls || holder.id !== object.id;
  }

  /** An argument is an object (`self`, `session`) one of whose attributes holds model output here. */
  private anyArgumentHoldsTaint(call: Node, env: Env): boolean {
    const list = call.childForFieldName('arguments');
    for (const arg of list?.namedChildren ?? []) {
      const key = arg && arg.type !== 'comment' ? pathKey(arg) : undefined;
      if (!arg || !key) continue;
      for (const [name, traces] of env.vars) if (name.startsWith(`${key}.`) && traces.some((t) => t.origin === 'source')) return true;
      if ((key === 'self' || key === 'this') && this.fieldTaints.size > 0) {
        const body = this.classOf(arg);
        if (body) for (const field of this.fieldTaints.keys()) if (field.startsWith(`${body.id}:`)) return true;
      }
    }
    return false;
  }

  private anyArgumentTainted(call: Node, env: Env): boolean {
    const list = call.childForFieldName('arguments');
    for (const arg of list?.namedChildren ?? []) if (arg && arg.type !== 'comment' && this.evalExpr(arg, env, 0).length > 0) return true;
    return false;
  }

  // ---- functions of other project modules ------------------------------------------------------------

  /** What a call into another module returns: model output it fetches, or the taint of the arguments it returns. */
  private externalReturns(call: Node, ext: ExternalRef, env: Env, depth: number): Trace[] {
    const s = ext.summary;
    const out: Trace[][] = [];
    if (s.returnsSource) {
      const source = s.returnsSource;
      const steps = [...stepsElsewhere(call, source.steps), { node: call, message: `model output returned by \`${ext.name}()\` (${ext.path})` }];
      out.push([{ origin: 'source', sourceLabel: source.label, sourceLine: call.startPosition.row + 1, description: `${source.description}, returned by \`${ext.name}()\``, ...(source.heuristic ? { heuristic: true } : {}), steps }]);
    }
    const ref = externalHelper(call, ext);
    for (const param of s.paramReturns) for (const arg of this.argumentsFor(call, ref, param)) {
      const traces = this.evalExpr(arg, env, depth);
      if (traces.length > 0) out.push(withStep(unparse(traces), call, `returned by \`${ext.name}()\` (${ext.path})`));
    }
    return mergeTraceLists(out);
  }

  /** Arguments of a call into another module that reach a sink there: reported at the call, the sink named in the note. */
  private externalSinks(call: Node, ext: ExternalRef, env: Env, unit: Node, mode: 'report' | 'summary', summary?: Summary): void {
    const ref = externalHelper(call, ext);
    for (const ps of ext.summary.paramSinks) for (const arg of this.argumentsFor(call, ref, ps.param)) {
      const traces = this.evalExpr(arg, env, 0).filter((t) => !t.parsed);
      if (traces.length === 0 || isGuarded(this.ctx, call, arg, unit, this.blocks)) continue;
      const where = `\`${ext.name}()\` passes it to \`${ps.label}\` in ${ext.path} line ${ps.line}`;
      const match: SinkMatch = { kind: ps.kind, label: ps.label, note: ps.note ? `${where}; ${ps.note}` : where, args: [] };
      const passed = withStep(traces, arg, `passed to \`${ext.name}()\` as \`${ref.params[ps.param]?.name ?? '?'}\` (${ext.path})`).map((t) => ({ ...plainText(t), steps: [...t.steps, ...stepsElsewhere(call, ps.steps)] }));
      this.hit({ call, match, arg: { node: arg, severity: ps.severity, ...(ps.why ? { why: ps.why } : {}) }, traces: passed, confirmed: isConfirmed(this.ctx, call, unit, this.blocks) }, mode, summary);
    }
    const onParams = ext.summary.callsOnParams ?? [];
    if (onParams.length > 0) this.paramCallSinks(call, ref, onParams.map(({ steps, ...pc }) => ({ call: pc, steps: stepsElsewhere(call, steps) })), env, unit, mode, summary);
  }

  /**
   * A function of another module registered here as a tool (`FunctionTool.from_defaults(fn=run_code)`):
   * its parameters are chosen by the model, so a parameter its summary sends to a sink is reported at the
   * registration.
   */
  private reportImportedTools(): void {
    for (const tool of this.importedTools) {
      const ext = this.externalOf(tool.target);
      if (!ext) continue;
      const line = tool.target.startPosition.row + 1;
      for (const ps of ext.summary.paramSinks) {
        const param = ext.summary.params[ps.param];
        if (!param || INJECTED_NAMES.has(param)) continue;
        const description = `\`${param}\`, a tool argument the model chooses: ${tool.framework} \`${ext.name}\`, line ${line}`;
        const registered = { node: tool.target, message: `\`${param}\` of \`${ext.name}()\` (${ext.path}) is chosen by the model: it is registered as a tool (${tool.framework})` };
        const trace: Trace = { origin: 'source', sourceLabel: `tool argument ${param}`, sourceLine: line, description, steps: [registered, ...stepsElsewhere(tool.target, ps.steps)] };
        const where = `\`${ext.name}()\` passes it to \`${ps.label}\` in ${ext.path} line ${ps.line}`;
        const match: SinkMatch = { kind: ps.kind, label: ps.label, note: ps.note ? `${where}; ${ps.note}` : where, args: [] };
        this.hit({ call: tool.target, match, arg: { node: tool.target, severity: ps.severity, ...(ps.why ? { why: ps.why } : {}) }, traces: [trace] }, 'report');
      }
    }
  }

  private get imports(): Map<string, ImportedName> {
    return (this.importsCache ??= projectImports(this.ctx));
  }

  /** A function or method of another project module that the callee names, with its summary (asked once per callee node). */
  private externalOf(fn: Node): ExternalRef | undefined {
    if (!this.external.available) return undefined;
    const known = this.externalByCallee.get(fn.id);
    if (known !== undefined) return known ?? undefined;
    const found = this.findExternal(fn);
    this.externalByCallee.set(fn.id, found ?? null);
    return found;
  }

  private findExternal(fn: Node): ExternalRef | undefined {
    this.external.takeBeyondBound();
    const found = this.lookUpExternal(fn);
    const beyond = this.external.takeBeyondBound();
    if (found?.summary.cut) this.metCut(found.summary.cut);
    else if (!found && beyond !== undefined) this.metCut({ path: this.ctx.path, line: fn.startPosition.row + 1, into: beyond });
    return found;
  }

  /**
   * A path went into a module past the host's bound (here, or in a function a call reaches). While the module's
   * own summary is built, the summaries under way say so, for their importers; in the analysed file the file
   * gets a note naming the place, as the path may have reached a sink or a model call there.
   */
  private metCut(cut: TaintCut): void {
    if (this.summarising) {
      for (const summary of this.building) summary.cut ??= cut;
      return;
    }
    this.ctx.limitReached('taint-module-depth', `\`${cut.path}\` line ${cut.line} calls into \`${cut.into}\``);
  }

  private lookUpExternal(fn: Node): ExternalRef | undefined {
    if (fn.type === 'identifier') {
      if (this.helpersByName.has(fn.text)) return undefined;
      const imported = this.imports.get(fn.text);
      const found = imported ? this.external.function(imported) : undefined;
      return found ? { ...found, name: fn.text } : undefined;
    }
    if (fn.type !== 'attribute' && fn.type !== 'member_expression') return undefined;
    const object = fn.childForFieldName('object');
    const name = fn.childForFieldName(fn.type === 'attribute' ? 'attribute' : 'property')?.text;
    if (!object || !name) return undefined;
    const label = `${short(object.text)}.${name}`;
    // `helpers.ask(q)`, `pkg.helpers.ask(q)`: a function of an imported module.
    const dotted = dottedNames(object);
    const imported = dotted ? this.imports.get(dotted[0]) : undefined;
    if (dotted && imported) {
      const found = this.external.moduleFunction(imported, dotted.slice(1), name);
      if (found) return { ...found, name: label };
      // `JsonCleaner.extract(text)`: a static or class method of an imported class.
      const method = dotted.length === 1 && imported.name !== undefined ? this.external.method(imported, name) : undefined;
      if (method) return { ...method, name: label };
    }
    // `self.runner.run(code)`, `runner = Runner(); runner.run(code)`: a method of an instance of an imported class.
    const cls = this.classOfValue(object);
    const classes = cls ? [cls] : ['self', 'cls', 'this'].includes(object.text) ? this.basesOf(this.classOf(fn)) : [];
    for (const candidate of classes) {
      const found = 'imported' in candidate ? this.external.method(candidate.imported, name) : 'within' in candidate ? this.external.methodIn(candidate.within, candidate.name, name) : undefined;
      if (found) return { ...found, name: label };
    }
    return undefined;
  }

  /**
   * The class whose instance an expression holds: `self.x` typed or constructed in the class, or a name bound to
   * `Cls(...)`, or an attribute of such an instance (`agent.computer`, `self.agent.computer`), whose class the
   * holder's class says (here, or through its module's summary when imported).
   */
  private classOfValue(node: Node, depth = 0, askModules = true): ClassRef | undefined {
    const key = pathKey(node);
    if (key && /^(?:self|this)\.\w+$/.test(key)) {
      const body = this.classOf(node);
      return body ? this.attributeClass(body, key.slice(key.indexOf('.') + 1)) : undefined;
    }
    const inner = this.python ? unparenthesize(node) : unwrapExpression(node);
    if ((inner.type === 'attribute' || inner.type === 'member_expression') && depth < MAX_CLASS_VALUE_DEPTH) {
      const object = inner.childForFieldName('object');
      const attr = inner.childForFieldName(inner.type === 'attribute' ? 'attribute' : 'property')?.text;
      const holder = object && !['self', 'cls', 'this'].includes(object.text) ? this.classOfValue(object, depth + 1, askModules) : undefined;
      // Without `askModules` (a first look, or a helper of this file) no summary is asked for.
      if (!holder || !attr || (!askModules && !('local' in holder))) return undefined;
      return this.attributeClassOf(holder, attr);
    }
    if (this.python && node.type === 'identifier') {
      const value = this.ctx.python().boundValue(node);
      return value ? this.classOfConstruction(value) : this.parameterClass(node);
    }
    // `const agent = new Agent()`, or a parameter annotated with a class (`agent: Agent`).
    if (!this.python && inner.type === 'identifier') {
      const value = this.ctx.js().boundValue(inner);
      return value ? this.classOfConstruction(value) : this.jsParameterClass(inner);
    }
    return undefined;
  }

  /** The class a TypeScript parameter's annotation names (`agent: Agent`), for a name that is a parameter of the function around it. */
  private jsParameterClass(identifier: Node): ClassRef | undefined {
    const known = this.parameterClasses.get(identifier.id);
    if (known !== undefined) return known ?? undefined;
    // Most receivers are not parameters with a class type: a text test per name spares the walk from the root.
    let annotated = this.annotatedNames.get(identifier.text);
    if (annotated === undefined) this.annotatedNames.set(identifier.text, (annotated = new RegExp(`\\b${identifier.text.replace(/\$/g, '\\$')}\\??\\s*:\\s*[A-Z]`).test(this.ctx.text)));
    let found: ClassRef | undefined;
    const fn = annotated ? ancestorsOf(identifier).find((a) => JS_FUNCTIONS.has(a.type)) : undefined;
    for (const param of fn?.childForFieldName('parameters')?.namedChildren ?? []) {
      if (param?.childForFieldName('pattern')?.text !== identifier.text) continue;
      const type = param.childForFieldName('type');
      found = type ? this.classOfAnnotation(type) : undefined;
      break;
    }
    this.parameterClasses.set(identifier.id, found ?? null);
    return found;
  }

  /**
   * The class of a parameter that is never assigned: its annotation (`workspace: Workspace`), or, without one, a
   * class of this file or imported whose name is the parameter's in snake case (`chat_env` for `ChatEnv`), the way
   * Python code names the object it is handed.
   */
  private parameterClass(identifier: Node): ClassRef | undefined {
    const known = this.parameterClasses.get(identifier.id);
    if (known !== undefined) return known ?? undefined;
    const found = this.findParameterClass(identifier);
    this.parameterClasses.set(identifier.id, found ?? null);
    return found;
  }

  private findParameterClass(identifier: Node): ClassRef | undefined {
    const fn = ancestorsOf(identifier).find((a) => a.type === 'function_definition');
    const params = fn?.childForFieldName('parameters');
    for (const param of params?.namedChildren ?? []) {
      if (!param) continue;
      const name = param.type === 'identifier' ? param : param.namedChildren.find((c) => c?.type === 'identifier');
      if (name?.text !== identifier.text) continue;
      const type = param.childForFieldName('type');
      if (type) return this.classOfAnnotation(type);
      const candidates = [...this.classesByName.keys(), ...[...this.imports].filter(([, imported]) => imported.name !== undefined).map(([local]) => local)];
      const named = candidates.find((cls) => /^[A-Z]/.test(cls) && snakeCase(cls) === identifier.text);
      if (!named) return undefined;
      const local = this.classesByName.get(named);
      if (local?.length === 1) return { local: local[0] };
      const imported = this.imports.get(named);
      return imported?.name !== undefined ? { imported } : undefined;
    }
    return undefined;
  }

  private classOfConstruction(value: Node): ClassRef | undefined {
    const v = this.python ? unparenthesize(value) : unwrapExpression(value);
    if (v.type !== 'call' && v.type !== 'new_expression') return undefined;
    const ctor = v.childForFieldName(v.type === 'call' ? 'function' : 'constructor');
    return ctor ? this.classNamed(ctor) : undefined;
  }

  /** A class named by an identifier or a dotted path: defined in this file, or imported. */
  private classNamed(node: Node): ClassRef | undefined {
    const dotted = dottedNames(node);
    if (!dotted) return undefined;
    if (dotted.length === 1) {
      const local = this.classesByName.get(dotted[0]);
      if (local?.length === 1) return { local: local[0] };
    }
    const imported = this.imports.get(dotted[0]);
    if (!imported) return undefined;
    if (dotted.length === 1) return imported.name !== undefined ? { imported } : undefined;
    if (imported.name !== undefined && !this.python) return undefined;
    const base = imported.name === undefined ? imported.module : submodule(imported.module, imported.name);
    return { imported: { module: dotted.slice(1, -1).reduce((m, part) => submodule(m, part), base), name: dotted[dotted.length - 1] } };
  }

  /** The class of attribute `attr` of an instance of `cls`: from its body here, or from the summary of the module defining it. */
  private attributeClassOf(cls: ClassRef, attr: string): ClassRef | undefined {
    if ('local' in cls) return this.attributeClass(cls.local, attr);
    return 'imported' in cls ? this.external.attributeClass(cls.imported, attr) : this.external.attributeClassIn(cls.within, cls.name, attr);
  }

  /** The class of `self.<attr>`: a class-level annotation (`bash_process: BashProcess = Field(...)`) or `self.attr = Cls(...)` in a method. */
  private attributeClass(body: Node, attr: string): ClassRef | undefined {
    const key = `${body.id}:${attr}`;
    const known = this.attributeClasses.get(key);
    if (known !== undefined) return known ?? undefined;
    const { declared, constructed } = this.attributesOf(body);
    const assignment = declared.get(attr);
    const type = assignment?.childForFieldName('type');
    const right = assignment?.childForFieldName('right');
    let found = (type ? this.classOfAnnotation(type) : undefined) ?? (right ? this.classOfConstruction(right) : undefined);
    for (const value of found ? [] : constructed.get(attr) ?? []) {
      found = this.classOfConstruction(value);
      if (found) break;
    }
    // Set before the constructor's parameter is looked into, so a class holding one of its own kind ends.
    this.attributeClasses.set(key, found ?? null);
    if (found) return found;
    found = this.parameterAttributeClass(body, attr);
    if (found) this.attributeClasses.set(key, found);
    return found;
  }

  /**
   * The class of an attribute the constructor sets from its parameter (`def __init__(self, computer):
   * self.computer = computer`, `constructor(private computer: Runner)`): the parameter's annotation when it
   * names a class of the project, else the class of what a construction in this file passes for it
   * (`Session(Computer(None))`, `new Session(computer)` after `const computer = new Computer()`).
   */
  private parameterAttributeClass(body: Node, attr: string): ClassRef | undefined {
    const ctor = this.methodOf(body, this.python ? '__init__' : 'constructor');
    const stored = ctor ? this.parameterStoredAs(ctor, attr) : undefined;
    const className = body.parent?.childForFieldName('name')?.text;
    if (!ctor || !stored || !className) return undefined;
    const annotation = stored.node.childForFieldName('type');
    const annotated = annotation ? this.classOfAnnotation(annotation) : undefined;
    if (annotated) return annotated;
    let seen = 0;
    for (const call of this.ctx.root.descendantsOfType(this.python ? 'call' : 'new_expression')) {
      const callee = call?.childForFieldName(this.python ? 'function' : 'constructor');
      if (!call || callee?.type !== 'identifier' || callee.text !== className) continue;
      if (++seen > MAX_DISPATCH_CLASSES) break;
      for (const arg of this.argumentsFor(call, ctor, stored.index)) {
        const value = this.python ? unparenthesize(arg) : unwrapExpression(arg);
        for (const made of value.type === 'identifier' ? this.boundValuesOf(value) : [value]) {
          const found = this.classOfConstruction(made);
          if (found) return found;
        }
      }
    }
    return undefined;
  }

  /** The parameter (its place in `ctor.params` and its node) a constructor keeps as `self.<attr>` / `this.<attr>`. */
  private parameterStoredAs(ctor: HelperRef, attr: string): { index: number; node: Node } | undefined {
    const nodes = (ctor.fn.childForFieldName('parameters')?.namedChildren ?? []).filter((p): p is Node => !!p && p.type !== 'comment');
    // A TypeScript parameter property (`constructor(private readonly computer: Runner)`) is an attribute too.
    const property = this.python ? -1 : nodes.findIndex((p) => p.childForFieldName('pattern')?.text === attr && p.children.some((c) => c?.type === 'accessibility_modifier' || c?.type === 'override_modifier' || c?.type === 'readonly'));
    if (property >= 0) return { index: property, node: nodes[property] };
    const prefix = this.python ? 'self.' : 'this.';
    for (const assignment of ctor.fn.descendantsOfType(this.python ? 'assignment' : 'assignment_expression')) {
      const right = assignment?.childForFieldName('right');
      if (assignment?.childForFieldName('left')?.text !== prefix + attr || right?.type !== 'identifier') continue;
      const index = ctor.params.findIndex((p) => p.name === right.text);
      if (index >= 0 && nodes[index]) return { index, node: nodes[index] };
    }
    return undefined;
  }

  /**
   * A class's attributes, gathered once per class: class-level `name: Type = ...` statements, and
   * `self.x = Ctor(...)` in its methods (attribute → the constructor calls).
   */
  private attributesOf(body: Node): ClassAttributes {
    const known = this.attributesByClass.get(body.id);
    if (known) return known;
    const declared = new Map<string, Node>();
    for (const member of body.namedChildren) {
      const assignment = member?.type === 'expression_statement' ? member.namedChild(0) : undefined;
      const name = assignment?.type === 'assignment' ? assignment.childForFieldName('left')?.text : undefined;
      if (assignment && name && !declared.has(name)) declared.set(name, assignment);
    }
    const constructed = new Map<string, Node[]>();
    const collections = new Map<string, Node[]>();
    for (const [name, assignment] of declared) {
      const right = assignment.childForFieldName('right');
      if (right && collectionValues(unparenthesize(right))) appendTo(collections, name, right);
    }
    const prefix = this.python ? 'self.' : 'this.';
    for (const a of body.descendantsOfType(this.python ? 'assignment' : 'assignment_expression')) {
      const left = a?.childForFieldName('left')?.text;
      const right = a?.childForFieldName('right');
      const value = right ? (this.python ? unparenthesize(right) : unwrapExpression(right)) : undefined;
      if (!left?.startsWith(prefix) || !value) continue;
      // `self.computer = Computer(self) if computer is None else computer`: the construction of either branch.
      // `self.file_system = file_system or LocalFileSystem()`: the default made when none is given.
      const made = value.type === 'conditional_expression' ? [value.namedChild(0), value.namedChild(2)].find((b) => b?.type === 'call') : value.type === 'boolean_operator' && value.childForFieldName('operator')?.text === 'or' && value.childForFieldName('right')?.type === 'call' ? value.childForFieldName('right') : value.type === 'ternary_expression' ? ['consequence', 'alternative'].map((f) => value.childForFieldName(f)).find((b) => b?.type === 'new_expression' || b?.type === 'call_expression') : undefined;
      if (made) appendTo(constructed, left.slice(prefix.length), made);
      // A JavaScript call (`this.llm = makeClient()`) is kept for the factory it may be (`factoryMadeAttribute`).
      else if (value.type === 'call' || value.type === 'new_expression' || value.type === 'call_expression') appendTo(constructed, left.slice(prefix.length), value);
      else if (collectionValues(value)) appendTo(collections, left.slice(prefix.length), value);
    }
    const attributes = { declared, constructed, collections };
    this.attributesByClass.set(body.id, attributes);
    return attributes;
  }

  /** `Runner`, `Optional[Runner]`, `Runner | None`: the first name that is a class of the project. */
  private classOfAnnotation(type: Node): ClassRef | undefined {
    for (const id of [type, ...type.descendantsOfType(['identifier', 'attribute', 'type_identifier'])]) {
      if (!id || TYPING_NAMES.has(id.text)) continue;
      const found = this.classNamed(id.type === 'type' ? (id.namedChild(0) ?? id) : id);
      if (found) return found;
    }
    return undefined;
  }

  /** The bases of the class around a body (`class A(B)`, `class A extends B`), resolved like any class name. */
  private basesOf(body: Node | undefined): ClassRef[] {
    const declaration = body?.parent && CLASS_DECLARATIONS.has(body.parent.type) ? body.parent : undefined;
    const out: ClassRef[] = [];
    for (const base of declaration ? classBaseNodes(declaration) : []) {
      const found = this.classNamed(base.type === 'subscript' ? (base.childForFieldName('value') ?? base) : base);
      if (found) out.push(found);
    }
    return out;
  }

  // ---- receivers made by factories and picked from registries ---------------------------------------

  /**
   * The methods a call may run when its receiver's class is decided at run time: an object made by a factory
   * (`get_handler(kind).handle(reply)`, the factory in this file or in another module) or picked from a
   * registry of classes or instances (`LANGUAGES[name]().run(code)`, `HANDLERS.get(kind)`). Every candidate
   * class counts, as any of them may be the one that runs.
   */
  private dispatchTargets(fn: Node): DispatchTargets | undefined {
    if (fn.type !== 'attribute' && fn.type !== 'member_expression') return undefined;
    const known = this.dispatchByCallee.get(fn.id);
    if (known !== undefined) return known ?? undefined;
    const object = fn.childForFieldName('object');
    const name = fn.childForFieldName(fn.type === 'attribute' ? 'attribute' : 'property')?.text;
    let found: DispatchTargets | undefined;
    if (object && name && !['self', 'cls', 'this'].includes(object.text)) {
      const targets: DispatchTargets = { helpers: [], externals: [] };
      for (const cls of this.classesOfValue(object, 0).slice(0, MAX_DISPATCH_CLASSES)) {
        const label = `${short(object.text)}.${name}`;
        const target = this.methodOfClass(cls, name, label);
        if (target && 'summary' in target) targets.externals.push(target);
        else if (target) targets.helpers.push(target);
        // An object typed with a class whose method has no body (`sql_runner: SqlRunner`, injected by whoever
        // builds this one) runs the method of a subclass: each one the project defines in another module.
        if (!target || !('summary' in target)) for (const impl of this.implementationTargets(cls, name, target).slice(0, MAX_DISPATCH_CLASSES)) targets.externals.push({ ...impl, name: `${label} → ${impl.className}.${name}` });
      }
      if (targets.helpers.length > 0 || targets.externals.length > 0) found = targets;
    }
    this.dispatchByCallee.set(fn.id, found ?? null);
    return found;
  }

  /**
   * The functions a call may run when its callee is picked from a registry of functions: `TOOLS[name]`,
   * `TOOLS.get(name)`, or a name bound to such a pick (`tool = TOOLS[name]; tool(**args)`). The registry is a
   * literal of this file (its entries functions of this file or imported ones) or a registry another module
   * exports (its summary's `registries`).
   */
  private registryTargets(fn: Node): DispatchTargets | undefined {
    let pick = this.python ? unparenthesize(fn) : unwrapExpression(fn);
    if (pick.type === 'identifier') pick = this.boundValuesOf(pick).find((value) => registryPick(value) !== undefined) ?? pick;
    const registry = registryPick(pick)?.registry;
    if (!registry) return undefined;
    const targets: DispatchTargets = { helpers: [], externals: [] };
    const label = `${short(registry.text)}[…]`;
    for (const entry of (this.registryEntries(pick) ?? []).slice(0, MAX_DISPATCH_CLASSES)) {
      const value = this.python ? unparenthesize(entry) : unwrapExpression(entry);
      if (value.type !== 'identifier' && value.type !== 'shorthand_property_identifier') continue;
      const helper = this.helperOf(value.type === 'identifier' ? value : entry);
      if (helper) targets.helpers.push({ ...helper, name: `${label} → ${value.text}` });
      else {
        const external = this.mayBeExternal(value) ? this.externalOf(value) : undefined;
        if (external) targets.externals.push({ ...external, name: `${label} → ${value.text}` });
      }
    }
    const imported = registry.type === 'identifier' ? this.imports.get(registry.text) : undefined;
    if (imported && this.external.available && this.external.isProjectModule(imported.module)) {
      for (const found of this.external.registryFunctions(imported).slice(0, MAX_DISPATCH_CLASSES)) targets.externals.push({ ...found, name: `${label} → ${found.entry}` });
    }
    return targets.helpers.length > 0 || targets.externals.length > 0 ? targets : undefined;
  }

  /**
   * The project's implementations of method `name` when `cls` declares it without a body (`found`: what
   * `methodOfClass` gave, a local abstract method or nothing): the subclasses' methods in other modules. Python only.
   */
  private implementationTargets(cls: ClassRef, name: string, found: HelperRef | undefined): (ExternalFunction & { className: string })[] {
    if (!this.python || !this.external.available || !this.ctx.ports.project?.subclassModules) return [];
    let decl: AbstractDeclaration | undefined;
    if ('local' in cls) {
      const body = found && this.isAbstract(found.fn) ? this.classOf(found.fn) : undefined;
      const className = body?.parent?.parent?.type === 'module' ? body.parent.childForFieldName('name')?.text : undefined;
      decl = className ? { path: this.ctx.path, className } : undefined;
    } else decl = 'imported' in cls ? this.external.abstractDeclaration(cls.imported, name) : this.external.abstractDeclarationIn(cls.within, cls.name, name);
    return decl ? this.external.implementations(decl, name) : [];
  }

  /** Method `name` of a class, its own or inherited from a base in this file or another module. */
  private methodOfClass(cls: ClassRef, name: string, label: string): HelperRef | ExternalRef | undefined {
    if ('local' in cls) {
      const own = this.methodOf(cls.local, name);
      if (own) return own;
      for (const base of this.basesOf(cls.local)) {
        if ('local' in base && base.local.id === cls.local.id) continue;
        const inherited = this.methodOfClass(base, name, label);
        if (inherited) return inherited;
      }
      return undefined;
    }
    const found = 'imported' in cls ? this.external.method(cls.imported, name) : this.external.methodIn(cls.within, cls.name, name);
    return found ? { ...found, name: label } : undefined;
  }

  /**
   * The classes whose instances an expression may hold: `self.x` typed or constructed in the class, `Cls(...)`,
   * what a factory returns, an entry of a registry of instances, or a name bound to any of these.
   */
  private classesOfValue(node: Node, depth: number): ClassRef[] {
    if (depth > MAX_CLASS_VALUE_DEPTH) return [];
    const key = pathKey(node);
    if (key && /^(?:self|this)\.\w+$/.test(key)) {
      const body = this.classOf(node);
      const attr = key.slice(key.indexOf('.') + 1);
      // `self.llm = make_client()`: what the factory (here or in another module) returns, whatever its name says.
      const made = body ? this.factoryMadeAttribute(body, attr, depth) : [];
      if (made.length > 0) return made;
      const found = body ? this.attributeClass(body, attr) : undefined;
      return found ? [found] : [];
    }
    const value = this.python ? unparenthesize(node) : unwrapExpression(node);
    if (value.type === 'await' || value.type === 'await_expression') {
      const inner = value.namedChild(0);
      return inner ? this.classesOfValue(inner, depth + 1) : [];
    }
    if (value.type === 'identifier') return this.boundValuesOf(value).flatMap((bound) => this.classesOfValue(bound, depth + 1));
    // `A() if fast else B()`, `fast ? new A() : new B()`: either branch.
    if (value.type === 'conditional_expression') return [value.namedChild(0), value.namedChild(2)].flatMap((branch) => (branch ? this.classesOfValue(branch, depth + 1) : []));
    if (value.type === 'ternary_expression') return ['consequence', 'alternative'].flatMap((field) => {
      const branch = value.childForFieldName(field);
      return branch ? this.classesOfValue(branch, depth + 1) : [];
    });
    const entries = this.registryEntries(value);
    if (entries) return entries.flatMap((entry) => this.classesOfValue(entry, depth + 1));
    if (value.type !== 'call' && value.type !== 'call_expression' && value.type !== 'new_expression') return [];
    const ctor = value.childForFieldName(value.type === 'new_expression' ? 'constructor' : 'function');
    if (!ctor) return [];
    const made = value.type === 'new_expression' ? [] : this.factoryClasses(ctor, depth + 1);
    return made.length > 0 ? made : this.classesNamedBy(ctor, depth + 1);
  }

  /** The classes of the instances factories return where a method of the class assigns `self.<attr> = factory(...)`. */
  private factoryMadeAttribute(body: Node, attr: string, depth: number): ClassRef[] {
    const out: ClassRef[] = [];
    for (const value of this.attributesOf(body).constructed.get(attr) ?? []) {
      const callee = value.type === 'call' || value.type === 'call_expression' ? value.childForFieldName('function') : undefined;
      // A class named in CapWords is constructed, not a factory: its module's summary is not asked for here.
      const name = callee ? helperName(callee) : '';
      if (callee && !/^[A-Z]/.test(name)) appendAll(out, this.factoryClasses(callee, depth + 1));
    }
    return out;
  }

  /** The classes an expression may name: a class, an entry of a registry of classes, or a name bound to one. */
  private classesNamedBy(node: Node, depth: number): ClassRef[] {
    if (depth > MAX_CLASS_VALUE_DEPTH) return [];
    const value = this.python ? unparenthesize(node) : unwrapExpression(node);
    const entries = this.registryEntries(value);
    if (entries) return entries.flatMap((entry) => this.classesNamedBy(entry, depth + 1));
    if (value.type === 'identifier') {
      const bound = this.boundValuesOf(value);
      if (bound.length > 0) return bound.flatMap((b) => this.classesNamedBy(b, depth + 1));
    }
    // `for lang in self.languages: ... return lang`: a loop name holds the items of what it runs over.
    const looped = value.type === 'identifier' ? this.loopedOver(value) : [];
    if (looped.length > 0) return looped.flatMap((collection) => (this.collectionEntries(collection) ?? []).flatMap((entry) => this.classesNamedBy(entry, depth + 1)));
    // `lang_class = self.get_language(name)`: a function of this file that returns a class (not an instance).
    if (value.type === 'call' || value.type === 'call_expression') {
      const callee = value.childForFieldName('function');
      const helper = callee ? this.helperOf(callee) : undefined;
      return helper ? this.returnedValues(helper.fn).flatMap((returned) => this.classesNamedBy(returned, depth + 1)) : [];
    }
    const named = this.classNamed(value);
    return named ? [named] : [];
  }

  /** What a function returns, as expressions (an expression body of a lambda or an arrow function too). */
  private returnedValues(fn: Node): Node[] {
    const body = fn.childForFieldName('body');
    const out: Node[] = [];
    if (body && body.type !== 'block' && body.type !== 'statement_block') out.push(body);
    for (const node of this.membersOf(fn).nodes) {
      const value = node.type === 'return_statement' ? node.namedChild(0) : undefined;
      if (value) out.push(value);
    }
    return out;
  }

  /** The collections a loop of the enclosing function binds this name to (`for lang in self.languages`). */
  private loopedOver(name: Node): Node[] {
    const unit = this.unitAround(name);
    let loops = this.loopsByUnit.get(unit.id);
    if (!loops) {
      // Asked for many names of one unit (every class-valued name of a module of 1,500 statements), so the
      // unit's loops are read once.
      loops = new Map();
      for (const node of this.membersOf(unit).nodes) {
        if (node.type !== 'for_statement' && node.type !== 'for_in_statement') continue;
        const right = node.childForFieldName('right');
        const left = node.childForFieldName('left')?.text;
        if (!right || left === undefined) continue;
        const bound = loops.get(left);
        if (bound) bound.push(right);
        else loops.set(left, [right]);
      }
      this.loopsByUnit.set(unit.id, loops);
    }
    return loops.get(name.text) ?? [];
  }

  /** The innermost function around a node, else the module. */
  private unitAround(node: Node): Node {
    let found = this.ctx.root;
    for (const ancestor of ancestorsOf(node)) if (this.isUnit(ancestor)) found = ancestor;
    return found;
  }

  /**
   * The entries a collection expression holds: a literal, a name bound to literals, or `self.x` assigned literals
   * in its class; with the values stored into it by subscript assignment (`self._active[name] = cls()`, `r[k] = v`)
   * in the same class or function.
   */
  private collectionEntries(input: Node): Node[] | undefined {
    const registry = this.python ? unparenthesize(input) : unwrapExpression(input);
    const direct = collectionValues(registry);
    if (direct) return direct;
    const key = pathKey(registry);
    let literals: Node[] = [];
    let scope: Node | undefined;
    if (registry.type === 'identifier') {
      literals = this.boundValuesOf(registry);
      scope = this.unitAround(registry);
    } else if (key && /^(?:self|this)\.\w+$/.test(key)) {
      scope = this.classOf(registry);
      literals = scope ? (this.attributesOf(scope).collections.get(key.slice(key.indexOf('.') + 1)) ?? []) : [];
    }
    const values = literals.flatMap((literal) => collectionValues(this.python ? unparenthesize(literal) : unwrapExpression(literal)) ?? []);
    if (scope && key) appendAll(values, this.storedEntries(scope, key));
    return values.length > 0 ? values : undefined;
  }

  /** Values assigned into entries of the collection `key` inside `scope` (`key[...] = value`). */
  private storedEntries(scope: Node, key: string): Node[] {
    const cacheKey = `${scope.id}:${key}`;
    const known = this.storedEntriesCache.get(cacheKey);
    if (known) return known;
    const out: Node[] = [];
    for (const assignment of scope.descendantsOfType(this.python ? 'assignment' : 'assignment_expression')) {
      const left = assignment?.childForFieldName('left');
      const right = assignment?.childForFieldName('right');
      if (!left || !right || (left.type !== 'subscript' && left.type !== 'subscript_expression')) continue;
      if (left.childForFieldName(left.type === 'subscript' ? 'value' : 'object')?.text === key && out.length < MAX_DISPATCH_CLASSES) out.push(right);
    }
    this.storedEntriesCache.set(cacheKey, out);
    return out;
  }

  /** The entries `REGISTRY[key]` or `REGISTRY.get(key, fallback)` may pick, when REGISTRY is a literal here (or `self.registry`). */
  private registryEntries(node: Node): Node[] | undefined {
    const pick = registryPick(node);
    if (!pick) return undefined;
    const registry = this.python ? unparenthesize(pick.registry) : unwrapExpression(pick.registry);
    if (collectionValues(registry)) return undefined;
    const values = this.collectionEntries(registry);
    if (!values) return undefined;
    return pick.fallback ? [...values, pick.fallback] : values;
  }

  /** The classes a call of this callee returns instances of: a factory of this file, or one whose summary says so. */
  private factoryClasses(callee: Node, depth: number): ClassRef[] {
    const helper = this.helperOf(callee);
    if (helper) return this.returnedClasses(helper.fn, depth);
    if (!this.mayBeExternal(callee)) return [];
    const ext = this.externalOf(callee);
    return ext?.summary.returnsClasses?.map((name) => ({ within: ext.module, name })) ?? [];
  }

  /** The classes whose instances a function returns (`return ShellHandler(cwd)`, `return LANGUAGES[name]()`). */
  private returnedClasses(fn: Node, depth: number): ClassRef[] {
    const known = this.returnedClassesCache.get(fn.id);
    if (known === 'pending') return [];
    if (known) return known;
    this.returnedClassesCache.set(fn.id, 'pending');
    const found: ClassRef[] = [];
    const body = fn.childForFieldName('body');
    // An arrow function or lambda with an expression body returns that expression.
    if (body && body.type !== 'block' && body.type !== 'statement_block') appendAll(found, this.classesOfValue(body, depth));
    for (const node of this.membersOf(fn).nodes) {
      const value = node.type === 'return_statement' ? node.namedChild(0) : undefined;
      if (value) appendAll(found, this.classesOfValue(value, depth));
    }
    const unique = found.filter((cls, i) => found.findIndex((other) => sameClass(cls, other)) === i);
    this.returnedClassesCache.set(fn.id, unique);
    return unique;
  }

  /** Every value a name is assigned where it is visible (none for parameters, imports and definitions). */
  private boundValuesOf(identifier: Node): Node[] {
    if (this.python) return this.ctx.python().boundValues(identifier) ?? [];
    const value = this.ctx.js().boundValue(identifier);
    return value ? [value] : [];
  }

  // ---- the module's own summary, for its importers ----------------------------------------------------

  /**
   * True when a project module this file imports has a function or method whose parameter reaches a sink;
   * the walk then also asks what other modules return (it may reach that sink).
   */
  importsASink(): boolean {
    this.runsCode ||= this.findImportedSink();
    return this.runsCode;
  }

  private findImportedSink(): boolean {
    // Each module with the names this file imports from it: a package that only re-exports one of them
    // (`from .pkg import run_code`, `pkg/__init__.py` importing it from `.tools`) sends the search on to that module.
    const modules = new Map<string, string[]>();
    const namesOf = (module: string): string[] => {
      let names = modules.get(module);
      if (!names) modules.set(module, (names = []));
      return names;
    };
    for (const imported of this.imports.values()) {
      if (!this.external.isProjectModule(imported.module)) continue;
      const names = namesOf(imported.module);
      if (imported.name !== undefined) names.push(imported.name);
      if (imported.name !== undefined && this.ctx.language === 'python') namesOf(submodule(imported.module, imported.name));
    }
    // A function whose path the bound on levels of modules cut may run its parameter too: the walk finds out
    // whether model output goes into it, so that the cut can be noted (or, in a summary, passed on).
    const mayRun = (f: TaintFunctionSummary): boolean => f.paramSinks.length > 0 || f.cut !== undefined;
    // Classes inherit what their bases in further modules run (`class Python(SubprocessLanguage)`): those modules are looked at too.
    const queue: { module: string; from: string; names: readonly string[] }[] = [...modules].map(([module, names]) => ({ module, from: this.ctx.path, names }));
    const seen = new Set(queue.map((q) => `${q.from}\u0000${q.module}`));
    for (let next = queue.shift(); next; next = queue.shift()) {
      const summary = this.external.module(next.module, next.from);
      if (!summary) continue;
      if (summary.beyondBound) return true;
      if (Object.values(summary.functions).some(mayRun)) return true;
      if (Object.values(summary.classes).some((c) => Object.values(c.methods).some(mayRun))) return true;
      // So do the classes of the objects its classes hold (`self.computer = Computer(self)`, `agent.computer.run(code)`),
      // and the modules the names asked of it come from when it only re-exports them.
      const onward = [...Object.values(summary.classes).flatMap((c) => [...c.bases, ...Object.values(c.attributes ?? {})]), ...next.names];
      for (const name of onward) {
        const reexport = summary.reexports[name];
        const key = reexport ? `${summary.path}\u0000${reexport.module}` : undefined;
        if (!reexport || !key || seen.has(key) || seen.size >= MAX_BASE_MODULES) continue;
        seen.add(key);
        queue.push({ module: reexport.module, from: summary.path, names: [reexport.name] });
      }
    }
    return false;
  }

  /**
   * True when this module imports, from a project module, a function, class or module that returns model output
   * (`from .drafts import draft_code`): its own helpers may hand that output on to their importers
   * (`return draft_code(task).strip()`), so it is worth a summary though it has no model call itself. Asked only
   * while the module is summarised, after `importsASink`, which has already asked for the summaries of the
   * modules it imports (this asks further only for re-exports and submodules).
   */
  importsASource(): boolean {
    return this.sourceImports().size > 0;
  }

  /** The local names of imports that return model output (`ExternalSummaries.providesSource`), asked once. */
  private sourceImports(): ReadonlySet<string> {
    if (this.sourceImportsCache) return this.sourceImportsCache;
    const names = new Set<string>();
    for (const [local, imported] of this.imports) {
      // Only names the module calls, or reads attributes of, can hand model output on (`f(`, `mod.f(`, `Cls().m(`).
      const used = new RegExp(`(?<![\\w$.])${local.replace(/\$/g, '\\$')}\\s*[(.]`).test(this.ctx.text);
      if (used && this.external.isProjectModule(imported.module) && this.external.providesSource(imported)) names.add(local);
    }
    this.sourceImportsCache = names;
    return names;
  }

  /** The names this module imports from elsewhere (how its importers follow re-exports). */
  reexportsOnly(): TaintModuleSummary {
    const out: TaintModuleSummary = { path: this.ctx.path, functions: {}, classes: {}, reexports: {} };
    for (const [local, imported] of this.imports) if (imported.name !== undefined) out.reexports[local] = { module: imported.module, name: imported.name };
    return out;
  }

  /**
   * The summary of a module with nothing to say about model output itself: its re-exports, and its classes that
   * declare methods without a body (interfaces such as `class SqlRunner(ABC)`), whose importers may hold an
   * implementation from another module.
   */
  interfacesOnly(): TaintModuleSummary {
    const out = this.reexportsOnly();
    if (!this.python || !INTERFACE_TEXT.test(this.ctx.text)) return out;
    for (const child of this.ctx.root.namedChildren) {
      const def = child ? declarationOf(child) : undefined;
      const name = def?.type === 'class_definition' ? def.childForFieldName('name')?.text : undefined;
      const body = def?.childForFieldName('body');
      if (!def || !name || !body) continue;
      const abstract = body.namedChildren.map((member) => (member ? this.memberName(member) : undefined)).filter((method): method is string => {
        const ref = method ? this.methodOf(body, method) : undefined;
        return ref !== undefined && this.isAbstract(ref.fn);
      });
      if (abstract.length > 0) out.classes[name] = { methods: {}, bases: classBaseNodes(def).filter((b) => b.type === 'identifier' || b.type === 'attribute').map((b) => b.text), abstract };
    }
    return out;
  }

  /** Summaries of this module's top-level functions and class methods that have something to say. */
  summarizeModule(): TaintModuleSummary {
    this.summarising = true;
    const out = this.reexportsOnly();
    const worth = this.functionsWorthSummarising();
    let budget = MAX_SUMMARISED_FUNCTIONS;
    for (const child of this.ctx.root.namedChildren) {
      const registry = child ? functionRegistry(child) : undefined;
      if (registry) (out.registries ??= {})[registry.name] = registry.entries;
      const def = child ? declarationOf(child) : undefined;
      if (!def || budget <= 0) continue;
      const name = (def.type === 'variable_declarator' ? def : def).childForFieldName('name')?.text;
      if (!name) continue;
      if (def.type === 'class_definition' || def.type === 'class_declaration' || def.type === 'class') {
        const body = def.childForFieldName('body');
        if (!body) continue;
        const methods: Record<string, TaintFunctionSummary> = {};
        const states = new Map<string, StateEffects>();
        const abstract: string[] = [];
        for (const member of body.namedChildren) {
          const method = member ? this.memberName(member) : undefined;
          const ref = method ? this.methodOf(body, method) : undefined;
          if (method && ref && this.isAbstract(ref.fn)) abstract.push(method);
          const summary = ref && worth(ref.fn) && budget-- > 0 ? this.exported(ref) : undefined;
          if (method && summary) methods[method] = summary;
          if (method && ref && summary) states.set(method, this.summaryOf(ref).state);
        }
        // A class that runs a program it saved from what a method kept: that method's parameter runs.
        for (const [method, sinks] of classStateSinks(name, states)) {
          const summary = methods[method];
          if (summary) summary.paramSinks = [...summary.paramSinks, ...sinks];
        }
        const bases = classBaseNodes(def).filter((b) => b.type === 'identifier' || b.type === 'attribute' || b.type === 'member_expression').map((b) => b.text);
        const attributes = this.exportedAttributeClasses(body);
        if (Object.keys(methods).length > 0 || bases.length > 0 || attributes || abstract.length > 0) out.classes[name] = { methods, bases, ...(attributes ? { attributes } : {}), ...(abstract.length > 0 ? { abstract } : {}) };
        continue;
      }
      const fn = def.type === 'variable_declarator' ? def.childForFieldName('value') : def;
      if (!fn || !this.isUnit(fn) || !worth(fn)) continue;
      budget -= 1;
      const summary = this.exported({ fn, name, offset: 0, params: this.paramsOf(fn) });
      if (summary) out.functions[name] = summary;
    }
    return out;
  }

  /**
   * Which functions of the module can have a summary worth the walk: those holding a sink or a model call,
   * those calling such a function of the module by name (a few rounds: `run` → `self._run` → `subprocess`),
   * and short ones (text helpers that return what they are given). Large modules are mostly other code.
   */
  private functionsWorthSummarising(): (fn: Node) => boolean {
    const evidence = this.evidence;
    const signals: number[] = [];
    // Calls of imported functions that return model output are model calls here (asked only when the module is
    // summarised for that reason, see `importsASource`).
    const sourceImports = this.sourceImportsCache;
    for (const call of this.ctx.calls()) {
      if (this.sinks.has(call.id) || isModelCall(this.ctx, call, evidence) || callsRunnerOnName(call) || (sourceImports !== undefined && sourceImports.size > 0 && this.callsImported(call, sourceImports))) signals.push(call.startIndex);
    }
    const units = this.membersOf(this.ctx.root).units;
    const holds = new Set<number>();
    for (const unit of units) if (signals.some((at) => at >= unit.startIndex && at < unit.endIndex)) holds.add(unit.id);
    for (let round = 0; round < 3; round++) {
      const names = units.filter((u) => holds.has(u.id)).map((u) => u.childForFieldName('name')?.text).filter((n): n is string => !!n);
      if (names.length === 0) break;
      const calls = new RegExp(`\\b(?:${names.map((n) => n.replace(/[$]/g, '\\$')).join('|')})\\s*\\(`);
      let grew = false;
      for (const unit of units) {
        if (holds.has(unit.id) || !calls.test(unit.text)) continue;
        holds.add(unit.id);
        grew = true;
      }
      if (!grew) break;
    }
    // In a module that writes files, a method keeping something on its object may keep what another method writes.
    const keepsState = WRITES_FILES.test(this.ctx.text) ? KEEPS_STATE : undefined;
    return (fn) => holds.has(fn.id) || fn.endPosition.row - fn.startPosition.row <= SHORT_FUNCTION_LINES || RETURNS_INSTANCE.test(fn.text) || (keepsState?.test(fn.text) ?? false);
  }

  /** The callee is a name of `names` or an attribute chain from one (`draft_code(t)`, `drafts.draft_code(t)`, `Client().ask(t)`). */
  private callsImported(call: Node, names: ReadonlySet<string>): boolean {
    let fn = call.childForFieldName('function');
    // `Client(...).ask(t)`: the chain starts at a call of the imported class.
    for (let i = 0; i < MAX_CLASS_VALUE_DEPTH && fn && (fn.type === 'attribute' || fn.type === 'member_expression'); i++) {
      const object = fn.childForFieldName('object');
      fn = object?.type === 'call' || object?.type === 'call_expression' || object?.type === 'new_expression' ? (object.childForFieldName(object.type === 'new_expression' ? 'constructor' : 'function') ?? null) : (object ?? null);
    }
    return fn?.type === 'identifier' && names.has(fn.text);
  }

  private memberName(member: Node): string | undefined {
    const def = member.type === 'decorated_definition' ? member.childForFieldName('definition') : member;
    return def?.type === 'function_definition' || def?.type === 'method_definition' || def?.type === 'public_field_definition' || def?.type === 'field_definition' ? def.childForFieldName('name')?.text : undefined;
  }

  /** A helper's summary as plain data, its paths as messages naming this file's lines; undefined when it says nothing. */
  private exported(ref: HelperRef): TaintFunctionSummary | undefined {
    const s = this.summaryOf(ref);
    const classes = this.exportedClassNames(this.returnedClasses(ref.fn, 0));
    const state = s.state;
    const hasState = state.stores.length > 0 || state.writes.length > 0 || state.runsFiles !== undefined;
    const held = s.heldCalls ?? [];
    const onParams = s.paramCalls ?? [];
    if (s.returnsSource.length === 0 && s.paramReturns.size === 0 && s.paramSinks.length === 0 && !s.cut && classes.length === 0 && !hasState && held.length === 0 && onParams.length === 0) return undefined;
    const source = s.returnsSource[0];
    const stepData = (steps: readonly TaintStep[]): TaintSummaryStep[] => exportSteps(this.ctx, steps.slice(-MAX_EXPORTED_STEPS));
    return {
      params: ref.params.map((p) => p.name),
      offset: ref.offset,
      ...(source ? { returnsSource: { label: source.sourceLabel, description: source.description ?? `\`${source.sourceLabel}\` in ${this.ctx.path} line ${source.sourceLine}`, steps: stepData(source.steps), ...(source.heuristic ? { heuristic: true } : {}) } } : {}),
      paramReturns: [...s.paramReturns.keys()],
      ...(classes.length > 0 ? { returnsClasses: classes } : {}),
      paramSinks: s.paramSinks.slice(0, MAX_EXPORTED_STEPS).map((ps) => ({
        param: ps.param,
        kind: ps.hit.match.kind,
        label: ps.hit.match.label,
        line: ps.hit.call.startPosition.row + 1,
        severity: ps.hit.arg.severity,
        ...(ps.hit.arg.why ? { why: ps.hit.arg.why } : {}),
        ...(ps.hit.match.note ? { note: ps.hit.match.note } : {}),
        // The sink ends the path, so an importer's finding shows where the value runs (a sink of a further
        // module is already the last step).
        steps: [...stepData(ps.steps), ...(ps.steps.at(-1)?.elsewhere ? [] : [{ message: `reaches \`${ps.hit.match.label}\``, path: this.ctx.path, range: this.ctx.rangeOfNode(ps.hit.call) }])],
      })),
      ...(s.cut ? { cut: s.cut } : {}),
      ...(state.stores.length > 0 ? { stores: state.stores.slice(0, MAX_EXPORTED_STEPS) } : {}),
      ...(state.writes.length > 0 ? { writes: state.writes.slice(0, MAX_EXPORTED_STEPS) } : {}),
      ...(state.runsFiles ? { runsFiles: state.runsFiles } : {}),
      ...(held.length > 0 ? { callsHeld: held.slice(0, MAX_EXPORTED_STEPS).map((h) => ({ ...h.held, steps: stepData(h.steps) })) } : {}),
      ...(onParams.length > 0 ? { callsOnParams: onParams.map((u) => ({ ...u.call, steps: stepData(u.steps) })) } : {}),
    };
  }

  /**
   * The classes of the objects a class holds (`self.computer = Computer(self)`, `computer: Computer`), as its
   * importers look them up, for `attributes` of the summary; undefined when it holds none that can be named.
   */
  private exportedAttributeClasses(body: Node): Record<string, string> | undefined {
    const { declared, constructed } = this.attributesOf(body);
    let out: Record<string, string> | undefined;
    for (const attr of new Set([...constructed.keys(), ...[...declared].filter(([, a]) => a.childForFieldName('type')).map(([name]) => name)])) {
      const cls = this.attributeClass(body, attr);
      const [name] = cls ? this.exportedClassNames([cls]) : [];
      if (name) (out ??= {})[attr] = name;
    }
    return out;
  }

  /** Classes as this module's importers can look them up: top-level classes by name, imported ones by their local name. */
  private exportedClassNames(classes: readonly ClassRef[]): string[] {
    const names: string[] = [];
    for (const cls of classes) {
      let name: string | undefined;
      if ('local' in cls) {
        const def = cls.local.parent;
        const top = def?.parent?.id === this.ctx.root.id || def?.parent?.parent?.id === this.ctx.root.id;
        name = top ? def?.childForFieldName('name')?.text : undefined;
      } else if ('imported' in cls) {
        for (const [local, imported] of this.imports) if (imported === cls.imported) name = local;
      }
      if (name && !names.includes(name)) names.push(name);
    }
    return names;
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
    // A path built by a call (`os.path.join(folder, name)`) is remembered by its text.
    return this.fileKey(path) ?? short(path.text);
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
  private recordFileWrite(call: Node, env: Env, summary?: Summary): void {
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
    // A method writing what its object keeps (`out.write(self.files[name])`): its summary says which attribute.
    if (summary) for (const attribute of selfAttributesIn(content)) if (!summary.state.writes.includes(attribute)) summary.state.writes.push(attribute);
    const traces = this.evalExpr(content, env, 0).filter((t) => !t.parsed);
    if (traces.length > 0) env.files.set(key, withStep(traces, call, `written to \`${key}\``));
  }

  /** A sink argument that names a file written with model output (`["python", "gen.py"]`, `` `sh ${script}` ``, `path` holding `"gen.py"`). */
  private runsWrittenFile(arg: Node, env: Env): { key: string; traces: Trace[] } | undefined {
    if (env.files.size === 0) return undefined;
    const text = arg.text;
    for (const [key, traces] of env.files) {
      const found = /^[\w.]+$/.test(key) && !key.includes('/') && !/\.\w+$/.test(key) ? new RegExp(`\\b${key.replace(/\./g, '\\.')}\\b`).test(text) : text.includes(key);
      if (found) return { key, traces: withStep(traces, arg, `runs \`${key}\`, which holds model output`) };
    }
    // A name holding the written path (`target = "gen.py"`, then `run_path(target)`).
    for (const part of [arg, ...arg.descendantsOfType(['identifier', 'attribute', 'member_expression'])].slice(0, 32)) {
      const key = part && (part.type === 'identifier' || part.type === 'attribute' || part.type === 'member_expression') ? this.fileKey(part) : undefined;
      const traces = key ? env.files.get(key) : undefined;
      if (key && traces) return { key, traces: withStep(traces, arg, `runs \`${key}\`, which holds model output`) };
    }
    return undefined;
  }

  /** Reading back a file written with model output gives model output: `open(p).read()`, `Path(p).read_text()`, `fs.readFileSync(p)`. */
  private readsWrittenFile(call: Node, fn: Node, env: Env): Trace[] | undefined {
    let path: Node | undefined;
    if (this.python && fn.type === 'attribute' && /^(?:read|read_text|read_bytes|readlines)$/.test(fn.childForFieldName('attribute')?.text ?? '')) {
      const receiver = fn.childForFieldName('object');
      const opened = receiver?.type === 'call' ? receiver : undefined;
      const ctor = opened?.childForFieldName('function');
      const q = ctor ? this.ctx.python().qualifiedName(ctor) : undefined;
      if (opened && (q === 'builtins.open' || q === 'io.open' || q === 'pathlib.Path')) path = this.ctx.python().argument(opened, 0, q === 'pathlib.Path' ? undefined : 'file');
      else if (receiver?.type === 'identifier') path = receiver;
    } else if (!this.python && /^(?:fs|fs\/promises|fs-extra)\.(?:promises\.)?readFile(?:Sync)?$/.test(this.ctx.js().qualifiedName(fn) ?? '')) path = this.args(call)[0];
    const key = path ? this.fileKey(path) : undefined;
    const traces = key ? env.files.get(key) : undefined;
    return traces ? withStep(traces, call, `read back from \`${key}\`, which holds model output`) : undefined;
  }

  private hit(h: SinkHit, mode: 'report' | 'summary', summary?: Summary): void {
    for (const trace of h.traces) {
      // Text that cannot leave the string literal it sits in is data to the language reading it.
      if (staysInLiteral(trace, h.match, h.arg)) continue;
      if (trace.origin === 'source') {
        if (mode !== 'report') continue;
        const key = `${h.call.id}:${h.arg.node.id}:${h.match.kind}`;
        if (this.reported.has(key)) return;
        this.reported.add(key);
        this.findings.push({ sink: h.call, match: h.match, arg: h.arg, trace, confirmed: h.confirmed });
        return;
      }
      // One sink per parameter, call and kind: a call into another module may reach a command there and code elsewhere.
      if (summary && !summary.paramSinks.some((p) => p.param === trace.origin && p.hit.call.id === h.call.id && p.hit.match.kind === h.match.kind)) {
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
          // Only model output is kept for the other methods: a helper's parameter stored in `self.x` is that
          // helper's own (its summary's `stores`), not a parameter of the methods that read `self.x`.
          const field = this.fieldsFinal ? undefined : this.fieldKey(key, target);
          const model = field ? traces.filter((t) => t.origin === 'source') : [];
          if (field && model.length > 0) this.fieldTaints.set(field, mergeTraces(this.fieldTaints.get(field) ?? [], withStep(model, target, `kept in \`${key}\` for the other methods of the class`)));
        }
        else if (strong && env.vars.has(key) && this.straightLine(target, unit)) env.vars.delete(key);
        return;
      }
      case 'subscript':
      case 'subscript_expression': {
        // `data["code"] = reply` taints `data` (weakly: other keys are still data), and so does
        // `messages[-1]["content"] += chunk` (the container the entry sits in).
        if (traces.length === 0) return;
        let object = target.childForFieldName(target.type === 'subscript' ? 'value' : 'object');
        for (let depth = 0; object && (object.type === 'subscript' || object.type === 'subscript_expression') && depth < 8; depth++) object = object.childForFieldName(object.type === 'subscript' ? 'value' : 'object');
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
    if (depth > ANALYSIS_LIMITS['taint-expression-depth'].depth) {
      this.ctx.limitReached('taint-expression-depth');
      return [];
    }
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
        const stored = key && this.fieldTaints.size > 0 ? this.storedField(key, node) : undefined;
        if (stored) return stored;
        // A JavaScript `.length` is a number whatever it is read from (text, an array of lines).
        if (node.type === 'member_expression' && node.childForFieldName('property')?.text === 'length') return [];
        const object = node.childForFieldName('object');
        const fromObject = object ? unparse(this.evalExpr(object, env, next)) : [];
        if (fromObject.length === 0) return this.agentChoice(node);
        // In a summary, `interpreter.messages` is the parameter's `messages`: a caller passing an object asks about that attribute.
        const attribute = object?.type === 'identifier' ? node.childForFieldName(node.type === 'attribute' ? 'attribute' : 'property')?.text : undefined;
        return attribute ? fromObject.map((t) => (typeof t.origin === 'number' && !t.attributes ? { ...t, attributes: [attribute] } : t)) : fromObject;
      }
      case 'subscript':
      case 'subscript_expression': {
        const object = node.childForFieldName(node.type === 'subscript' ? 'value' : 'object');
        const fromObject = object ? unparse(this.evalExpr(object, env, next)) : [];
        return fromObject.length > 0 ? fromObject : this.agentChoice(node);
      }
      case 'call':
      case 'call_expression':
        return this.evalCall(node, env, next);
      case 'list_splat':
      case 'dictionary_splat': {
        // `f(**args)`: each field of a parsed object becomes an argument the model chose.
        const inner = node.namedChild(0);
        return inner ? unparse(this.evalExpr(inner, env, next)) : [];
      }
      case 'await':
      case 'await_expression':
      case 'spread_element':
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
        return this.evalBuiltString(node, env, next);
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
      // `{"type": "code", "content": reply}`: a message built around model text carries it, as a parsed object
      // does: a field read out of it (or an entry of a list it was added to) is model text, while the object passed
      // whole is data (`{...config, prompt: reply}` handed to a helper does not make `config.filePath` the model's).
      case 'dictionary':
      case 'object': {
        const parts: Trace[][] = [];
        for (const child of node.namedChildren) if (child && child.type !== 'comment') parts.push(this.evalExpr(child, env, next));
        return mergeTraceLists(parts).map((t) => ({ ...t, parsed: true }));
      }
      case 'pair': {
        const value = node.childForFieldName('value');
        return value ? this.evalExpr(value, env, next) : [];
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

  /**
   * Fields of agent-framework objects that the model wrote, wherever the object came from: LangChain's
   * `AgentAction.tool_input` (`toolInput` in JS) and the arguments of a function call the model requested
   * (`tool_call.function.arguments`, `tool_call["function"]["arguments"]`).
   */
  private agentChoice(node: Node): Trace[] {
    const what = agentFieldOf(node);
    if (!what) return [];
    const label = short(node.text.replace(/\s+/g, ''));
    const line = node.startPosition.row + 1;
    return [{ origin: 'source', sourceLabel: label, sourceLine: line, description: `\`${label}\`, ${what}, line ${line}`, steps: [{ node, message: `\`${label}\` is ${what}` }] }];
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

    const readBack = env.files.size > 0 ? this.readsWrittenFile(call, fn, env) : undefined;
    if (readBack) return readBack;
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
      // `re.sub("[\"']", "", text)`: the text without those characters.
      if (q === 're.sub' && args.length >= 3 && args.slice(0, 2).every((a) => this.evalExpr(a, env, depth).length === 0)) {
        return this.evalExpr(args[2] as Node, env, depth).map((t) => {
          const lacks = lacksAfterRegexRemoval(args[0], args[1], t.lacks ?? '');
          return lacks ? { ...plainText(t), lacks } : plainText(t);
        });
      }
      if (PROPAGATORS.has(q)) return unparse(mergeTraceLists(args.map((a) => this.evalExpr(a, env, depth))));
      // A message of an LLM SDK assembled from streamed blocks (`BetaMessage(content=blocks)`, `AIMessage(content=text)`) holds them.
      if (this.python && SDK_MESSAGE_TYPE.test(q)) {
        const values = (call.childForFieldName('arguments')?.namedChildren ?? []).map((a) => (a?.type === 'keyword_argument' ? a.childForFieldName('value') : a)).filter((a): a is Node => !!a && a.type !== 'comment');
        return withStep(mergeTraceLists(values.map((a) => this.evalExpr(a, env, depth))), call, `kept in a \`${short(fn.text)}\``);
      }
    }

    const helper = this.helperOf(fn);
    // An abstract method (`@abstractmethod def submit_prompt(...)`) says nothing; its subclasses call the
    // model, so its name is judged like a helper defined elsewhere.
    if (helper && !this.isAbstract(helper.fn)) return this.helperReturns(call, helper, env, depth);
    // What another module returns matters only where it can reach a sink: in a file with a sink that runs code,
    // commands, templates or SQL (`torch.load` of a path, everywhere in ML code, is not worth asking for), or in
    // a module's summary (its importer may have one). Otherwise only tainted arguments are followed through it.
    const worthAsking = this.runsCode || this.summarising || this.anyArgumentTainted(call, env);
    const external = this.mayBeExternal(fn) && worthAsking ? this.externalOf(fn) : undefined;
    if (external) {
      const returned = this.externalReturns(call, external, env, depth);
      // A model object of a project class (`llm: BaseLLM`) whose method reaches the model through methods its
      // subclasses implement (`aask` → abstract `acompletion_text`) has a summary that says nothing: by its name
      // (`self.llm.aask(...)`) it still answers with model output.
      if (returned.length > 0 || !isLlmObjectCall(fn)) return returned;
    }
    // A receiver whose class is decided at run time: what any candidate class's method returns.
    const targets = worthAsking ? this.dispatchTargets(fn) : undefined;
    if (targets) {
      const out = [...targets.helpers.filter((h) => !this.isAbstract(h.fn)).map((h) => this.helperReturns(call, h, env, depth)), ...targets.externals.map((e) => this.externalReturns(call, e, env, depth))];
      const merged = mergeTraceLists(out);
      if (merged.length > 0) return merged;
    }

    // A helper imported from elsewhere whose name says it asks a model (`get_completion(prompt)`, `askLLM(q)`).
    if (isLlmHelperName(helperName(fn)) || isLlmObjectCall(fn)) return [{ ...this.sourceTrace(call, fn), heuristic: true }];

    if (fn.type === 'attribute' || fn.type === 'member_expression') {
      const method = fn.childForFieldName(fn.type === 'attribute' ? 'attribute' : 'property')?.text ?? '';
      const receiver = fn.childForFieldName('object');
      if (NON_TEXT_METHODS.has(method)) return [];
      const fromReceiver = receiver ? this.evalExpr(receiver, env, depth) : [];
      // `text.replace('"', '')`: what the text can no longer contain (`literal-context.ts`).
      if (fromReceiver.length > 0) return fromReceiver.map((t) => {
        const lacks = lacksAfterMethod(method, args, t.lacks ?? '', this.python);
        return lacks ? { ...plainText(t), lacks } : plainText(t);
      });
      if (ARG_METHODS.has(method)) return unparse(mergeTraceLists(args.map((a) => this.evalExpr(a, env, depth))));
      // An output parser of an LLM chain (`self.llm_chain.prompt.output_parser.parse(t)`) returns what it
      // extracted from the text (LangChain's bash parser: the list of commands), still model text.
      if ((method === 'parse' || method === 'aparse') && receiver && /output_?parser$/i.test(receiver.text)) return unparse(withStep(mergeTraceLists(args.map((a) => this.evalExpr(a, env, depth))), call, `extracted by \`${short(fn.text)}\``));
      // Output parsers and schema validation turn model text into an object whose fields the model chose.
      if (PARSE_METHODS.has(method)) return withStep(mergeTraceLists(args.map((a) => this.evalExpr(a, env, depth))), call, `parsed by \`${short(fn.text)}\``).map((t) => ({ ...t, parsed: true }));
      // A resolved library method says nothing by its name; a function of a project module does (its module
      // had nothing worth summarising, so `JsonCleaner.extract_json_array_section(reply)` is judged by name).
      const head = dottedNames(fn)?.[0];
      const imported = head !== undefined ? this.imports.get(head) : undefined;
      if (q !== undefined && !(imported && this.external.available && this.external.isProjectModule(imported.module))) return [];
      return this.textHelper(method, call, env, depth);
    }
    if (fn.type === 'identifier' && (q === undefined || !q.startsWith('builtins.'))) return this.textHelper(fn.text, call, env, depth);
    return [];
  }

  /**
   * An f-string or template literal: the taint of its interpolations. A value that lacks the delimiter of a
   * literal the constant text opens around it (`f'display notification "{text}"'`) is marked as enclosed in
   * that literal (`literal-context.ts`); only the first interpolation is judged, since what others hold may
   * open or close literals before it, and a value interpolated twice is enclosed at neither place.
   */
  private evalBuiltString(node: Node, env: Env, depth: number): Trace[] {
    const children = node.namedChildren.filter((c): c is Node => !!c);
    const inserted = children.filter((c) => c.type === 'interpolation' || c.type === 'template_substitution');
    const parts = inserted.map((child) => this.evalExpr(child, env, depth));
    const first = inserted[0];
    const firstTraces = parts[0] ?? [];
    let enclosed: Trace['enclosed'];
    if (first && firstTraces.some((t) => t.lacks !== undefined)) {
      const raw = /^[A-Za-z]*[rR]/.test(node.text);
      const constant = (from: number, to: number): string => children.filter((c) => c.startIndex >= from && c.endIndex <= to && c.type !== 'interpolation' && c.type !== 'template_substitution').map((c) => constantText(c, raw)).join('');
      enclosed = enclosingLiteral(constant(node.startIndex, first.startIndex), constant(first.endIndex, node.endIndex));
    }
    const judged = enclosed ? firstTraces.map((t) => (t.lacks !== undefined ? { ...plainText(t), lacks: t.lacks, enclosed } : plainText(t))) : unparse(firstTraces);
    // A value met in another part too is not enclosed (`mergeTraceLists` forgets what the parts disagree on).
    return mergeTraceLists([judged, ...parts.slice(1).map(unparse)]);
  }

  /** What a call of a helper of this file returns: model output it fetches, or the taint of the arguments it returns. */
  private helperReturns(call: Node, helper: HelperRef, env: Env, depth: number): Trace[] {
    const s = this.summaryOf(helper);
    const out: Trace[][] = [withStep(s.returnsSource, call, `returned by \`${helper.name}()\``)];
    for (const [param, steps] of s.paramReturns) for (const arg of this.argumentsFor(call, helper, param)) {
      const traces = this.evalExpr(arg, env, depth);
      if (traces.length > 0) out.push(withStep(traces.map((t) => ({ ...plainText(t), steps: [...t.steps, ...steps] })), call, `returned by \`${helper.name}()\``));
    }
    return mergeTraceLists(out);
  }

  /** A method without a body of its own: `@abstractmethod`, or only a docstring, `pass`, `...` or `raise NotImplementedError`. */
  private isAbstract(fn: Node): boolean {
    if (!this.python || fn.type !== 'function_definition') return false;
    let known = this.abstractMethods.get(fn.id);
    if (known === undefined) this.abstractMethods.set(fn.id, (known = this.hasNoBody(fn)));
    return known;
  }

  private hasNoBody(fn: Node): boolean {
    if (fn.parent?.type === 'decorated_definition' && /@(?:abc\.)?abstractmethod\b/.test(fn.parent.text.slice(0, fn.startIndex - fn.parent.startIndex))) return true;
    const body = fn.childForFieldName('body');
    return !!body && body.namedChildren.every((statement) => !statement || statement.type === 'pass_statement' || statement.type === 'comment' || (statement.type === 'expression_statement' && (statement.namedChild(0)?.type === 'string' || statement.namedChild(0)?.type === 'ellipsis')) || (statement.type === 'raise_statement' && /NotImplementedError/.test(statement.text)));
  }

  /**
   * An unknown helper named like a text transformation (`extract_code(reply)`) passes its argument's taint on,
   * given by position or by keyword (`CodeParser.parse_code(text=rsp)`): which parameter is the text is not
   * known here, and every positional one already counts.
   */
  private textHelper(name: string, call: Node, env: Env, depth: number): Trace[] {
    if (!TEXT_HELPER.test(name) || NOT_TEXT_HELPER.test(name)) return [];
    const keywords = this.python ? (call.childForFieldName('arguments')?.namedChildren ?? []).filter((c): c is Node => c?.type === 'keyword_argument').map((k) => k.childForFieldName('value')).filter((v): v is Node => !!v) : [];
    return unparse(mergeTraceLists([...this.args(call), ...keywords].map((a) => this.evalExpr(a, env, depth))));
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
      if (node.type === 'class_body') {
        this.classBodies.push(node);
        const className = node.parent?.childForFieldName('name')?.text;
        if (className) appendTo(this.classesByName, className, node);
      } else if (node.type === 'class_definition') {
        const body = node.childForFieldName('body');
        const className = node.childForFieldName('name')?.text;
        if (body) this.classBodies.push(body);
        if (body && className) appendTo(this.classesByName, className, body);
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
    if (!object || !name) return undefined;
    if (!['self', 'cls', 'this'].includes(object.text)) {
      // `self.runner.run(code)` or `runner = Runner()` with `Runner` defined in this file.
      const cls = this.external.available || this.classesByName.size > 0 ? this.classOfValue(object, 0, false) : undefined;
      return cls && 'local' in cls ? this.methodOf(cls.local, name) : undefined;
    }
    const body = this.classOf(fn);
    if (!body) return undefined;
    // `self.x()` calls repeat within a class; scanning its members once per name keeps large classes linear.
    const key = `${body.id}:${name}`;
    const known = this.methodsByClass.get(key);
    if (known !== undefined) return known ?? undefined;
    // A method the class inherits from a base defined in this file.
    const found = this.methodOf(body, name) ?? this.basesOf(body).map((base) => ('local' in base && base.local.id !== body.id ? this.methodOf(base.local, name) : undefined)).find((m) => m !== undefined);
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
      // A variadic parameter keeps its star in its name (`*args`, `**kwargs`, `...rest`), so a caller in this
      // module or another one (summaries carry names) knows it takes every remaining argument.
      const star = VARIADIC_PREFIX[p.type] ?? VARIADIC_PREFIX[p.namedChild(0)?.type ?? ''];
      out.push({ name: star && names[0] ? `${star}${names[0]}` : (names[0] ?? p.text), names });
    }
    return out;
  }

  private argumentFor(call: Node, helper: HelperRef, param: number): Node | undefined {
    return this.argumentsFor(call, helper, param)[0];
  }

  /**
   * The arguments of a call that a parameter receives: one, or for a variadic parameter (`*args`, `...rest`)
   * every positional argument from its place on and for `**kwargs` every keyword argument no other parameter
   * names. A splat argument (`f(*args)`, `f(**kwargs)`) may fill any parameter at or after its place, so a
   * method forwarding what it was given (`run(self, *args, **kwargs): return self.terminal.run(*args, **kwargs)`)
   * passes it on.
   */
  private argumentsFor(call: Node, helper: HelperRef, param: number): Node[] {
    const name = helper.params[param]?.name;
    if (name?.startsWith('**')) {
      if (!this.python) return [];
      const named = new Set(helper.params.map((p) => p.name));
      const list = call.childForFieldName('arguments')?.namedChildren ?? [];
      return list.filter((a): a is Node => !!a && (a.type === 'dictionary_splat' || (a.type === 'keyword_argument' && !named.has(a.childForFieldName('name')?.text ?? ''))));
    }
    if (this.python && name) {
      const kw = this.ctx.python().argument(call, undefined, name);
      if (kw) return [kw];
    }
    if (param < helper.offset) return [];
    const positional = this.args(call).filter((a) => a.type !== 'dictionary_splat');
    const index = param - helper.offset;
    if (name && /^(?:\*|\.\.\.)/.test(name)) return positional.slice(index);
    const spread = positional.findIndex((a) => a.type === 'list_splat' || a.type === 'spread_element');
    const at = positional[index];
    if (at && (spread < 0 || index < spread)) return [at];
    // `f(**args)` fills every parameter no positional or keyword argument names; with `*args` before it,
    // either may (which one is not known here, so both count).
    const splat = this.args(call).find((a) => a.type === 'dictionary_splat');
    const filling = spread >= 0 && spread <= index ? [positional[spread]] : [];
    return splat ? [...filling, splat] : filling;
  }

  private summaryOf(helper: HelperRef): Summary {
    const cached = this.summaries.get(helper.fn.id);
    const empty: Summary = { returnsSource: [], paramReturns: new Map(), paramSinks: [], state: { stores: [], writes: [] } };
    if (cached === 'pending') return empty;
    if (cached) {
      if (cached.cut) this.metCut(cached.cut);
      return cached;
    }
    this.summaries.set(helper.fn.id, 'pending');
    const env: Env = emptyEnv();
    helper.params.forEach((p, i) => {
      for (const n of p.names) env.vars.set(n, [{ origin: i, sourceLabel: `param ${i}`, sourceLine: 0, steps: [] }]);
    });
    const summary: Summary = { returnsSource: [], paramReturns: new Map(), paramSinks: [], state: { stores: [], writes: [] } };
    this.building.push(summary);
    let returns: Trace[];
    try {
      returns = this.analyzeUnit(helper.fn, env, 'summary', summary);
    } finally {
      this.building.pop();
    }
    for (const t of returns) {
      if (t.origin === 'source') summary.returnsSource.push(t);
      else if (!summary.paramReturns.has(t.origin)) summary.paramReturns.set(t.origin, t.steps);
    }
    this.recordStores(summary, env, helper.offset);
    this.summaries.set(helper.fn.id, summary);
    if (summary.cut) this.metCut(summary.cut);
    return summary;
  }
}

/** `ChatEnv` → `chat_env`, `HTTPServer` → `http_server`. */
function snakeCase(name: string): string {
  return name.replace(/([a-z\d])([A-Z])/g, '$1_$2').replace(/([A-Z]+)([A-Z][a-z])/g, '$1_$2').toLowerCase();
}

/** `self`, `this`, or an attribute path starting at one (`self.codes`). */
function selfRooted(node: Node | null): boolean {
  return !!node && (['self', 'this'].includes(node.text) || selfPath(node) !== undefined);
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
/**
 * The traces of a value made from another (a field, a method's result, a string built around it): no longer the
 * parsed object itself, and no longer known to lack characters or to sit in a literal (`literal-context.ts`).
 */
function unparse(traces: Trace[]): Trace[] {
  return traces.some((t) => t.parsed || t.lacks !== undefined || t.enclosed !== undefined) ? traces.map(plainText) : traces;
}

function plainText(t: Trace): Trace {
  if (!t.parsed && t.lacks === undefined && t.enclosed === undefined) return t;
  const { lacks: _lacks, enclosed: _enclosed, ...rest } = t;
  return { ...rest, parsed: false };
}

/** A constant part of an f-string or template literal as the program's text holds it (escapes decoded unless `raw`). */
function constantText(part: Node, raw: boolean): string {
  if (part.type === 'string_start' || part.type === 'string_end') return '';
  return raw ? part.text : part.text.replace(/\\([\s\S])/g, (_, c: string) => (c === 'n' ? '\n' : c === 't' ? '\t' : c));
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

/** Typing constructs around a class in an annotation (`Optional[Runner]`). */
const TYPING_NAMES = new Set(['Optional', 'Union', 'List', 'Dict', 'Any', 'Type', 'ClassVar', 'Annotated', 'None', 'typing', 'list', 'dict', 'type']);
/** A module summary covers at most this many functions and methods (the rest of a huge module says nothing). */
const MAX_SUMMARISED_FUNCTIONS = 400;
/** Assignments whose target is bound after the calls in their value ran (see `analyzeUnit`). */
const BINDS_AFTER_VALUE = new Set(['assignment', 'variable_declarator', 'assignment_expression']);
/** Functions this short are summarised even without a sink or model call of their own (text helpers). */
const SHORT_FUNCTION_LINES = 15;
/** A function that returns a new instance of a named class (a factory): its summary names the classes. */
const RETURNS_INSTANCE = /\breturn\s+(?:new\s+)?[A-Z]\w*\s*\(/;
/** Methods that put their arguments into the container they are called on. */
const PY_CONTAINER_ADDS = new Set(['append', 'extend', 'insert', 'appendleft', 'extendleft', 'add', 'put', 'put_nowait']);
const JS_CONTAINER_ADDS = new Set(['push', 'unshift', 'add', 'set', 'splice']);
/** An assignment to an attribute (or an entry of one) of `self`/`this`. */
const KEEPS_STATE = /\b(?:self|this)\.\w+(?:\.\w+)*(?:\[[^\]\n]*\])?\s*=[^=]/;
/** Steps and sinks kept per exported summary entry. */
const MAX_EXPORTED_STEPS = 6;

/** `a.b.c` as its names; undefined for anything but identifiers and attribute/member chains. */
function dottedNames(node: Node, depth = 0): string[] | undefined {
  if (node.type === 'identifier' || node.type === 'type_identifier' || node.type === 'shorthand_property_identifier') return [node.text];
  if ((node.type === 'attribute' || node.type === 'member_expression') && depth < 8) {
    const object = node.childForFieldName('object');
    const prop = node.childForFieldName(node.type === 'attribute' ? 'attribute' : 'property');
    const base = object ? dottedNames(object, depth + 1) : undefined;
    return base && prop ? [...base, prop.text] : undefined;
  }
  return undefined;
}

/** The declaration a top-level statement makes (decorated, exported or `const f = () => ...`). */
function declarationOf(node: Node): Node | undefined {
  if (node.type === 'decorated_definition') return node.childForFieldName('definition') ?? undefined;
  if (node.type === 'export_statement') {
    const declaration = node.childForFieldName('declaration');
    return declaration ? declarationOf(declaration) : undefined;
  }
  if (node.type === 'lexical_declaration' || node.type === 'variable_declaration') return node.namedChildren.find((c) => c?.type === 'variable_declarator') ?? undefined;
  return node;
}

/** What a class's attributes are assigned, gathered once per class. */
interface ClassAttributes {
  /** Class-level `name = ...` / `name: Type = ...` statements. */
  declared: Map<string, Node>;
  /** `self.x = Ctor(...)` in its methods: attribute → the constructor calls. */
  constructed: Map<string, Node[]>;
  /** Dict, list and tuple literals assigned to an attribute (registries of classes or instances). */
  collections: Map<string, Node[]>;
}

/** Levels of base classes in the same file whose stored fields a method reads. */
const MAX_LOCAL_BASE_DEPTH = 4;
/** Modules of base classes looked at when deciding whether an import may run what it is given. */
const MAX_BASE_MODULES = 32;
/** Candidate classes followed per call on a receiver of run-time class. */
const MAX_DISPATCH_CLASSES = 16;
/** Names, factories and registry lookups followed to find the classes a value may hold. */
const MAX_CLASS_VALUE_DEPTH = 6;
/** JavaScript and TypeScript functions whose parameters may be annotated with a class. */
const JS_FUNCTIONS = new Set(['function_declaration', 'function_expression', 'function', 'arrow_function', 'method_definition', 'generator_function_declaration']);

function sameClass(a: ClassRef, b: ClassRef): boolean {
  if ('local' in a) return 'local' in b && a.local.id === b.local.id;
  if ('imported' in a) return 'imported' in b && a.imported.module === b.imported.module && a.imported.name === b.imported.name;
  return 'within' in b && a.within === b.within && a.name === b.name;
}

/** A summary's parameters in the shape `argumentFor` reads. */
function externalHelper(call: Node, ext: ExternalRef): HelperRef {
  return { fn: call, name: ext.name, offset: ext.summary.offset, params: ext.summary.params.map((name) => ({ name, names: [name] })) };
}

function appendTo<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

/** The literal key of `x["key"]`, else undefined. */
/** What an attribute or subscript node reads when it is a field the model wrote (`agentChoice`), else undefined. */
function agentFieldOf(node: Node): string | undefined {
  const field = node.type === 'subscript' || node.type === 'subscript_expression' ? subscriptKey(node) : node.childForFieldName(node.type === 'attribute' ? 'attribute' : 'property')?.text;
  const object = node.childForFieldName(node.type === 'subscript' ? 'value' : 'object');
  if (!field || !object) return undefined;
  const innerField = object.type === 'subscript' || object.type === 'subscript_expression' ? subscriptKey(object) : object.childForFieldName(object.type === 'attribute' ? 'attribute' : 'property')?.text;
  if ((field === 'tool_input' || field === 'toolInput') && node.type !== 'subscript' && node.type !== 'subscript_expression') return 'the tool input an agent\'s model chose';
  if (field === 'arguments' && innerField === 'function') return 'the arguments of a tool call the model requested';
  return undefined;
}

/** The node types `agentChoice` is asked about, by language. */
const FIELD_READS: Readonly<Record<LanguageId, string[]>> = { python: ['attribute', 'subscript'], javascript: ['member_expression', 'subscript_expression'], typescript: ['member_expression', 'subscript_expression'], tsx: ['member_expression', 'subscript_expression'] };

function subscriptKey(node: Node): string | undefined {
  const index = node.childForFieldName(node.type === 'subscript' ? 'subscript' : 'index');
  return index?.type === 'string' ? index.text.replace(/^[rbuf]*['"`]+|['"`]+$/gi, '') : undefined;
}

/** The plain names a loop target binds (`x`, `k, v`, `[a, b]`, `{ code }`); attributes and entries are left out. */
function loopTargetNames(target: Node): string[] {
  const names: string[] = [];
  const pending = [target];
  for (let node = pending.pop(); node; node = pending.pop()) {
    if (node.type === 'identifier' || node.type === 'shorthand_property_identifier_pattern') names.push(node.text);
    else if (LOOP_PATTERNS.has(node.type)) for (const child of node.namedChildren) if (child) pending.push(child);
    else if (node.type === 'pair_pattern' || node.type === 'object_assignment_pattern' || node.type === 'assignment_pattern') {
      const bound = node.childForFieldName(node.type === 'pair_pattern' ? 'value' : 'left');
      if (bound) pending.push(bound);
    }
  }
  return names;
}

/**
 * `interpreter.computer.run(...)`, `self._active[name].run(code)`: a runner's method on another object than the
 * function's own (`self.run()` is found by name), whose class may be decided elsewhere.
 */
function callsRunnerOnName(call: Node): boolean {
  const fn = call.childForFieldName('function');
  if (!fn || (fn.type !== 'attribute' && fn.type !== 'member_expression')) return false;
  const object = fn.childForFieldName('object');
  return !!object && !['self', 'cls', 'this'].includes(object.text) && RUNNER_METHODS.has(helperName(fn));
}

/** Whether an argument of a call on a parameter's object (`TaintParamCall`) fills parameter `param` of the method called. */
function paramCallFeeds(arg: TaintParamCall['args'][number], param: number, offset: number, name: string): boolean {
  if (arg.spread) return param >= offset && !INJECTED_NAMES.has(name);
  if (arg.keyword !== undefined) return arg.keyword === name;
  if (/^(?:\*|\.\.\.)/.test(name)) return (arg.position ?? -1) >= param - offset;
  return arg.position === param - offset;
}

/** The prefix a variadic parameter's name is given, by its node type. */
const VARIADIC_PREFIX: Readonly<Record<string, string>> = { list_splat_pattern: '*', dictionary_splat_pattern: '**', rest_pattern: '...' };

/** The declarations whose body is a class body, in either language. */
const CLASS_DECLARATIONS = new Set(['class_definition', 'class_declaration', 'class', 'abstract_class_declaration']);

const LOOP_PATTERNS = new Set(['pattern_list', 'tuple_pattern', 'list_pattern', 'tuple', 'list', 'array_pattern', 'object_pattern', 'list_splat_pattern', 'rest_pattern', 'parenthesized_expression']);
