/**
 * Functions registered as agent tools (guide §1a, TF rows): the framework calls them with arguments the
 * model chose, so their parameters are model output from the first line. Registration is recognised by
 * resolved names only (decorators, base classes, registration calls and agent constructors), never by
 * the text of a callee; parameters the framework injects itself (run managers, contexts, `self`) and
 * parameters typed `int`/`float`/`bool` are left untainted.
 */
import type { Node } from 'web-tree-sitter';
import type { AstContext } from '../../../engine/rule';
import { unwrapExpression } from '../../../engine/resolve/javascript-scope';
import { unparenthesize } from '../../../engine/resolve/walk';
import { SELF_DESCRIBED_TOOL_ENTRY_METHODS } from '../../../engine/incremental/tool-schema-links';

/** A tool function and the parameters (by index) the model fills. */
export interface ToolRegistration {
  /** How the function became a tool, for messages (`LangChain @tool`). */
  framework: string;
  /** The tool's name as written in the code (`run_python`). */
  name: string;
  /** Parameter indexes that carry model-chosen values. */
  params: number[];
  /** Not a tool but an output parser's `parse`: its text parameter is the model's raw reply. */
  parser?: boolean;
}

/** A function registered as a tool by name but defined in another module (`FunctionTool.from_defaults(fn=run_code)`). */
export interface ToolReference {
  /** The name as the registration gives it. */
  target: Node;
  framework: string;
}

/** Decorators whose function becomes a tool, by qualified name. */
const PY_TOOL_DECORATORS = new Map<string, string>([
  ...['langchain_core.tools.tool', 'langchain_core.tools.convert.tool', 'langchain.tools.tool', 'langchain.agents.tool', 'langchain.tools.base.tool'].map((q) => [q, 'LangChain @tool'] as const),
  ['agents.function_tool', 'OpenAI Agents @function_tool'], ['agents.tool.function_tool', 'OpenAI Agents @function_tool'],
  ['smolagents.tool', 'smolagents @tool'], ['smolagents.tools.tool', 'smolagents @tool'],
  ['crewai.tools.tool', 'CrewAI @tool'], ['crewai_tools.tool', 'CrewAI @tool'], ['crewai.tool', 'CrewAI @tool'],
  ['haystack.tools.tool', 'Haystack @tool'],
  ['anthropic.beta_tool', 'Anthropic @beta_tool'], ['anthropic.beta_async_tool', 'Anthropic @beta_async_tool'],
  ['semantic_kernel.functions.kernel_function', 'Semantic Kernel @kernel_function'],
]);
/** Objects whose `.tool()` decorator registers a tool: MCP servers and Pydantic AI agents. */
const PY_TOOL_HOSTS = new Map<string, string>([
  ['mcp.server.fastmcp.FastMCP', 'MCP'], ['mcp.server.FastMCP', 'MCP'], ['fastmcp.FastMCP', 'MCP'], ['mcp.server.mcpserver.MCPServer', 'MCP'], ['mcp.server.MCPServer', 'MCP'],
  ['pydantic_ai.Agent', 'Pydantic AI'],
]);
/** Low-level MCP servers: `@server.call_tool()` handlers receive `(name, arguments)`. */
const PY_LOW_LEVEL_MCP = new Set(['mcp.server.lowlevel.Server', 'mcp.server.Server', 'mcp.server.lowlevel.server.Server']);
/** Base classes whose `_run`/`_arun`/`forward` methods are called with model-chosen arguments. */
interface ToolBase {
  framework: string;
  methods: readonly string[];
  parser?: boolean;
}
const PY_TOOL_BASES = new Map<string, ToolBase>([
  ...['langchain_core.tools.BaseTool', 'langchain_core.tools.base.BaseTool', 'langchain.tools.BaseTool', 'langchain.tools.base.BaseTool', 'langchain.tools.StructuredTool', 'langchain_core.tools.StructuredTool']
    .map((q): [string, ToolBase] => [q, { framework: 'LangChain BaseTool', methods: ['_run', '_arun'] }]),
  ...['crewai.tools.BaseTool', 'crewai.tools.base_tool.BaseTool', 'crewai_tools.BaseTool'].map((q): [string, ToolBase] => [q, { framework: 'CrewAI BaseTool', methods: ['_run', '_arun'] }]),
  ...['smolagents.Tool', 'smolagents.tools.Tool'].map((q): [string, ToolBase] => [q, { framework: 'smolagents Tool', methods: ['forward'] }]),
  // Output parsers receive the model's reply as text (LangChain's bash chain parses commands out of it).
  ...['langchain_core.output_parsers.BaseOutputParser', 'langchain_core.output_parsers.base.BaseOutputParser', 'langchain.schema.BaseOutputParser', 'langchain.schema.output_parser.BaseOutputParser',
    'langchain_core.output_parsers.BaseTransformOutputParser', 'langchain.agents.AgentOutputParser', 'langchain.agents.agent.AgentOutputParser', 'langchain_classic.agents.AgentOutputParser',
    'langchain.agents.agent.MultiActionAgentOutputParser', 'langchain_core.agents.AgentOutputParser']
    .map((q): [string, ToolBase] => [q, { framework: 'LangChain output parser', methods: ['parse', 'aparse'], parser: true }]),
]);
/**
 * A class that hands the model its own tool definition (`to_params()` returning an Anthropic tool param, as in the
 * computer-use reference tools; `get_args_schema()` or an `args_schema` attribute naming the arguments' model):
 * whatever framework is its base, the agent loop calls its entry method with the arguments the model chose.
 */
const SELF_DESCRIBED_TOOL: ToolBase = { framework: 'tool class with its own schema', methods: SELF_DESCRIBED_TOOL_ENTRY_METHODS };
/** A `to_params` that returns a tool definition: annotated as a tool param type, or a dict with an input schema. */
const TOOL_PARAM_TYPE = /Tool\w*Param\b/;
const INPUT_SCHEMA_KEY = /["'](?:input_schema|parameters)["']\s*:/;

/** Whether a class's body defines the tool schema the model is shown (see `SELF_DESCRIBED_TOOL`). */
function describesItselfAsTool(cls: Node): boolean {
  for (const member of cls.childForFieldName('body')?.namedChildren ?? []) {
    const def = member?.type === 'decorated_definition' ? member.childForFieldName('definition') : member;
    if (def?.type === 'function_definition') {
      const name = def.childForFieldName('name')?.text;
      if (name === 'get_args_schema') return true;
      if (name === 'to_params' && (TOOL_PARAM_TYPE.test(def.childForFieldName('return_type')?.text ?? '') || INPUT_SCHEMA_KEY.test(def.childForFieldName('body')?.text ?? ''))) return true;
    } else if (def?.type === 'expression_statement') {
      const assignment = def.namedChild(0);
      if (assignment?.type === 'assignment' && assignment.childForFieldName('left')?.text === 'args_schema') return true;
    }
  }
  return false;
}

/** Calls that wrap a function into a tool: the keyword (or position) that holds the function. */
interface ToolWrapper {
  framework: string;
  keywords: readonly string[];
  position: number;
}
const PY_TOOL_WRAPPERS = new Map<string, ToolWrapper>([
  ...['langchain_core.tools.StructuredTool.from_function', 'langchain.tools.StructuredTool.from_function', 'langchain_core.tools.Tool.from_function', 'langchain.tools.Tool.from_function', 'langchain.agents.Tool.from_function']
    .map((q): [string, ToolWrapper] => [q, { framework: 'LangChain StructuredTool', keywords: ['func', 'coroutine'], position: 0 }]),
  ...['langchain_core.tools.Tool', 'langchain.tools.Tool', 'langchain.agents.Tool'].map((q): [string, ToolWrapper] => [q, { framework: 'LangChain Tool', keywords: ['func', 'coroutine'], position: 1 }]),
  ...['llama_index.core.tools.FunctionTool.from_defaults', 'llama_index.core.tools.FunctionTool', 'llama_index.tools.FunctionTool.from_defaults']
    .map((q): [string, ToolWrapper] => [q, { framework: 'LlamaIndex FunctionTool', keywords: ['fn', 'async_fn'], position: 0 }]),
  ['autogen_core.tools.FunctionTool', { framework: 'AutoGen FunctionTool', keywords: ['func'], position: 0 }],
  ['pydantic_ai.Tool', { framework: 'Pydantic AI Tool', keywords: ['function'], position: 0 }],
  ['haystack.tools.create_tool_from_function', { framework: 'Haystack tool', keywords: ['function'], position: 0 }],
  ['autogen.register_function', { framework: 'AutoGen register_function', keywords: ['f'], position: 0 }],
  ['autogen.agentchat.register_function', { framework: 'AutoGen register_function', keywords: ['f'], position: 0 }],
]);
/** Agent constructors that turn plain functions in `tools=[...]` into tools. */
const PY_AGENT_CONSTRUCTORS = new Map<string, string>([
  ['langchain.agents.create_agent', 'LangChain agent'], ['langgraph.prebuilt.create_react_agent', 'LangGraph agent'], ['langgraph.prebuilt.ToolNode', 'LangGraph ToolNode'],
  ['pydantic_ai.Agent', 'Pydantic AI agent'],
  ['llama_index.core.agent.ReActAgent.from_tools', 'LlamaIndex agent'], ['llama_index.core.agent.workflow.FunctionAgent', 'LlamaIndex agent'], ['llama_index.core.agent.workflow.ReActAgent', 'LlamaIndex agent'], ['llama_index.core.agent.FunctionCallingAgent.from_tools', 'LlamaIndex agent'],
  ['autogen_agentchat.agents.AssistantAgent', 'AutoGen agent'],
  ['dspy.ReAct', 'DSPy ReAct'],
  // google-genai calls plain functions in `tools=[...]` itself (automatic function calling).
  ['google.genai.types.GenerateContentConfig', 'Gemini automatic function calling'],
]);
/** AutoGen 0.2 / AG2 agents: `@agent.register_for_execution()` makes the function callable by the model. */
const AUTOGEN_AGENT = /^autogen\.(?:agentchat\.)?(?:ConversableAgent|AssistantAgent|UserProxyAgent)$/;
/** Parameters frameworks fill themselves. */
/** Parameters an agent framework fills itself, never the model. */
export const INJECTED_NAMES: ReadonlySet<string> = new Set(['self', 'cls', 'config', 'run_manager', 'callbacks', 'ctx', 'context', 'runtime', 'cancellation_token', 'tool_call_id', 'state', 'store']);
const INJECTED_TYPES = /Context|RunContext|ToolContext|CallbackManager|RunnableConfig|ToolRuntime|Injected\w*|CancellationToken|\bKernel\b|KernelArguments/;
/** Closed scalar types: the model can only choose a number or a flag. */
const CLOSED_TYPES = /^(?:int|float|bool|number|boolean)$/;

const JS_TOOL_FACTORIES = new Map<string, { framework: string; kind: 'execute' | 'func' }>([
  ['ai.tool', { framework: 'Vercel AI SDK tool', kind: 'execute' }], ['ai.dynamicTool', { framework: 'Vercel AI SDK tool', kind: 'execute' }],
  ['@langchain/core/tools.tool', { framework: 'LangChain.js tool', kind: 'func' }],
]);
const JS_TOOL_CLASSES = new Set(['@langchain/core/tools.DynamicStructuredTool', '@langchain/core/tools.DynamicTool', 'langchain/tools.DynamicStructuredTool', 'langchain/tools.DynamicTool']);
const JS_TOOL_BASES = new Set(['@langchain/core/tools.StructuredTool', '@langchain/core/tools.Tool', 'langchain/tools.StructuredTool', 'langchain/tools.Tool']);
const MCP_SERVER = /^@modelcontextprotocol\/(?:sdk|server)(?:\/.*)?\.(?:McpServer|Server)$/;

/** Method names of the calls above (`from_function`, `tool`): other method calls are never resolved (plain names are, for aliases). */
const PY_REGISTRATION_NAMES = new Set([...PY_TOOL_WRAPPERS.keys(), ...PY_AGENT_CONSTRUCTORS.keys()].map((q) => q.slice(q.lastIndexOf('.') + 1)).concat('add_tool'));
const JS_REGISTRATION_NAMES = new Set([...JS_TOOL_FACTORIES.keys()].map((q) => q.slice(q.lastIndexOf('.') + 1)).concat('tool', 'registerTool', 'setRequestHandler'));

/**
 * The last identifier of a callee: `tool` of `server.tool`, `from_function` of `StructuredTool.from_function`.
 * Scanned back from the end: the regular expression `([\w$]+)\s*$` tried every word of the callee's text
 * and was quadratic in it (a 5 KB file with 346 chained calls took 10 s, fuzz input 31/67210).
 */
function lastName(callee: Node): string {
  const text = callee.text;
  let end = text.length;
  while (end > 0 && /\s/.test(text[end - 1]!)) end--;
  let start = end;
  while (start > 0 && /[\w$]/.test(text[start - 1]!)) start--;
  return text.slice(start, end);
}

/** Every tool function of a file, by function node id. */
export function toolRegistrations(ctx: AstContext, imported: ToolReference[] = []): Map<number, ToolRegistration> {
  const out = new Map<number, ToolRegistration>();
  if (!/tool|Tool|agent|Agent|ReAct|kernel_function|RequestHandler|args_schema|to_params/.test(ctx.text)) return out;
  if (ctx.language === 'python') new PythonTools(ctx, out, imported).collect();
  else new JsTools(ctx, out).collect();
  return out;
}

class PythonTools {
  private readonly functionsByName = new Map<string, Node[]>();
  private readonly classesByName = new Map<string, Node>();

  constructor(
    private readonly ctx: AstContext,
    private readonly out: Map<number, ToolRegistration>,
    /** Functions registered by a name this file does not define (imported), for the cross-module analysis. */
    private readonly imported: ToolReference[],
  ) {}

  collect(): void {
    const nodes = this.ctx.root.descendantsOfType(['function_definition', 'class_definition', 'call']);
    for (const node of nodes) {
      if (node?.type === 'function_definition') {
        const name = node.childForFieldName('name')?.text;
        if (name) this.functionsByName.set(name, [...(this.functionsByName.get(name) ?? []), node]);
      } else if (node?.type === 'class_definition') {
        const name = node.childForFieldName('name')?.text;
        if (name) this.classesByName.set(name, node);
      }
    }
    for (const node of nodes) {
      if (!node) continue;
      if (node.type === 'function_definition') this.decorated(node);
      else if (node.type === 'class_definition') this.toolClass(node);
      else this.registrationCall(node);
    }
  }

  /** `@tool`, `@function_tool`, `@mcp.tool()`, `@agent.tool`, `@server.call_tool()` on a function. */
  private decorated(fn: Node): void {
    const parent = fn.parent;
    if (parent?.type !== 'decorated_definition') return;
    for (const decorator of parent.namedChildren) {
      if (decorator?.type !== 'decorator') continue;
      let expr = decorator.namedChild(0);
      if (!expr) continue;
      if (expr.type === 'call') expr = expr.childForFieldName('function');
      if (!expr) continue;
      const q = this.ctx.python().qualifiedName(expr);
      const framework = q ? PY_TOOL_DECORATORS.get(q) : undefined;
      if (framework) return this.add(fn, framework, 0);
      if (expr.type !== 'attribute') continue;
      const method = expr.childForFieldName('attribute')?.text;
      const host = this.constructorOf(expr.childForFieldName('object'));
      if (!host) continue;
      if (method === 'call_tool' && PY_LOW_LEVEL_MCP.has(host)) return this.add(fn, 'MCP call_tool handler', 0);
      if (method === 'register_for_execution' && AUTOGEN_AGENT.test(host)) return this.add(fn, 'AutoGen register_for_execution', 0);
      const kind = PY_TOOL_HOSTS.get(host);
      if (!kind || (method !== 'tool' && method !== 'tool_plain')) continue;
      // Pydantic AI's `@agent.tool` passes a `RunContext` first; `tool_plain` does not.
      return this.add(fn, `${kind} @${expr.childForFieldName('object')?.text}.${method}`, kind === 'Pydantic AI' && method === 'tool' ? 1 : 0);
    }
  }

  /** `_run`/`_arun` of a `BaseTool` subclass (directly or through a base class in this file). */
  private toolClass(cls: Node, seen = 0): ToolBase | undefined {
    if (seen > 4) return undefined;
    const bases = cls.childForFieldName('superclasses');
    let found: ToolBase | undefined;
    for (const base of bases?.namedChildren ?? []) {
      if (!base || base.type === 'keyword_argument') continue;
      const q = this.ctx.python().qualifiedName(base);
      found = q ? PY_TOOL_BASES.get(q) : undefined;
      const local = !found && base.type === 'identifier' ? this.classesByName.get(base.text) : undefined;
      if (local && local.id !== cls.id) found = this.toolClass(local, seen + 1);
      if (found) break;
    }
    if (!found && describesItselfAsTool(cls)) found = SELF_DESCRIBED_TOOL;
    if (!found || seen > 0) return found;
    const body = cls.childForFieldName('body');
    const className = cls.childForFieldName('name')?.text ?? 'tool';
    for (const member of body?.namedChildren ?? []) {
      const def = member?.type === 'decorated_definition' ? member.childForFieldName('definition') : member;
      if (def?.type !== 'function_definition') continue;
      const name = def.childForFieldName('name')?.text ?? '';
      if (found.methods.includes(name)) this.add(def, `${found.framework} \`${className}\``, 0, found.parser);
    }
    return found;
  }

  /** `StructuredTool.from_function(func=f)`, `FunctionTool.from_defaults(fn=f)`, `create_agent(model, tools=[f])`, `mcp.add_tool(f)`. */
  private registrationCall(call: Node): void {
    const fn = call.childForFieldName('function');
    // Resolution decides; the method name only skips the many method calls that cannot be a registration.
    if (!fn || (fn.type === 'attribute' && !PY_REGISTRATION_NAMES.has(lastName(fn)))) return;
    const scope = this.ctx.python();
    const q = scope.qualifiedName(fn);
    const wrapper = q ? PY_TOOL_WRAPPERS.get(q) : undefined;
    if (wrapper) {
      const targets = wrapper.keywords.map((k) => scope.argument(call, undefined, k));
      targets.push(scope.argument(call, wrapper.position, undefined));
      for (const target of targets) if (target) this.addReferenced(target, wrapper.framework);
      return;
    }
    const agent = q ? PY_AGENT_CONSTRUCTORS.get(q) : undefined;
    if (agent) {
      const list = scope.argument(call, undefined, 'tools') ?? (q === 'langgraph.prebuilt.ToolNode' ? scope.argument(call, 0, undefined) : undefined);
      const items = list ? unparenthesize(list) : undefined;
      if (items?.type === 'list' || items?.type === 'tuple') for (const item of items.namedChildren) if (item) this.addReferenced(item, `${agent} tools=[...]`);
      return;
    }
    if (fn.type === 'attribute' && fn.childForFieldName('attribute')?.text === 'add_tool') {
      const host = this.constructorOf(fn.childForFieldName('object'));
      const target = scope.argument(call, 0, 'fn');
      if (host && PY_TOOL_HOSTS.get(host) === 'MCP' && target) this.addReferenced(target, 'MCP add_tool');
    }
  }

  /** A function given by name (defined once in this file, else imported) or a lambda. */
  private addReferenced(target: Node, framework: string): void {
    const node = unparenthesize(target);
    if (node.type === 'lambda') return this.add(node, framework, 0);
    if (node.type !== 'identifier') return;
    const defs = this.ctx.python().qualifiedName(node) === undefined ? this.functionsByName.get(node.text) : undefined;
    if (defs?.length === 1) this.add(defs[0], framework, 0);
    else if (!defs) this.imported.push({ target: node, framework });
  }

  /** The qualified constructor of a receiver bound once to `Ctor(...)`. */
  private constructorOf(receiver: Node | null): string | undefined {
    if (!receiver) return undefined;
    const value = this.ctx.python().boundValue(receiver);
    const ctor = value && unparenthesize(value).type === 'call' ? unparenthesize(value).childForFieldName('function') : undefined;
    return ctor ? this.ctx.python().qualifiedName(ctor) : undefined;
  }

  private add(fn: Node, framework: string, skipLeading: number, parser?: boolean): void {
    if (this.out.has(fn.id)) return;
    const name = fn.childForFieldName('name')?.text ?? 'lambda';
    const params: number[] = [];
    const list = fn.childForFieldName('parameters');
    let index = 0;
    let positional = 0;
    for (const p of list?.namedChildren ?? []) {
      if (!p || p.type === 'comment') continue;
      // Indexes count every entry the engine reads as a parameter, separators (`*`, `/`) included.
      const i = index++;
      if (p.type === 'keyword_separator' || p.type === 'positional_separator') continue;
      const paramName = p.type === 'identifier' ? p.text : (p.childForFieldName('name') ?? p.namedChild(0))?.text ?? '';
      const type = p.childForFieldName('type')?.text ?? '';
      const isSelf = i === 0 && (paramName === 'self' || paramName === 'cls');
      if (!isSelf && positional++ < skipLeading) continue;
      if (isSelf || INJECTED_NAMES.has(paramName) || INJECTED_TYPES.test(type) || CLOSED_TYPES.test(type.replace(/\s/g, ''))) continue;
      params.push(i);
    }
    // An output parser's `parse(self, text)` receives the reply; later parameters are the parser's options.
    if (params.length > 0) this.out.set(fn.id, parser ? { framework, name, params: params.slice(0, 1), parser } : { framework, name, params });
  }
}

class JsTools {
  constructor(private readonly ctx: AstContext, private readonly out: Map<number, ToolRegistration>) {}

  collect(): void {
    for (const node of this.ctx.root.descendantsOfType(['call_expression', 'new_expression', 'class_declaration', 'class'])) {
      if (!node) continue;
      if (node.type === 'call_expression') this.call(node);
      else if (node.type === 'new_expression') this.construct(node);
      else this.toolClass(node);
    }
  }

  private call(call: Node): void {
    const fn = call.childForFieldName('function');
    if (!fn || (fn.type === 'member_expression' && !JS_REGISTRATION_NAMES.has(lastName(fn)))) return;
    const args = (call.childForFieldName('arguments')?.namedChildren ?? []).filter((c): c is Node => !!c && c.type !== 'comment');
    if (!fn || args.length === 0) return;
    const js = this.ctx.js();
    const q = js.qualifiedName(fn);
    const factory = q ? JS_TOOL_FACTORIES.get(q) : undefined;
    const declared = call.parent?.type === 'variable_declarator' ? call.parent.childForFieldName('name')?.text : undefined;
    if (factory?.kind === 'execute') return this.addHandler(this.property(args[0], 'execute'), factory.framework, declared ?? 'execute');
    if (factory?.kind === 'func') return this.addHandler(args[0], factory.framework, declared ?? 'tool');
    const callee = unwrapExpression(fn);
    if (callee.type !== 'member_expression') return;
    const method = callee.childForFieldName('property')?.text;
    const receiver = callee.childForFieldName('object');
    if (!receiver || (method !== 'tool' && method !== 'registerTool' && method !== 'setRequestHandler')) return;
    if (!MCP_SERVER.test(this.constructorOf(receiver) ?? '')) return;
    if (method === 'setRequestHandler') {
      const schema = js.qualifiedName(args[0]) ?? '';
      if (/CallToolRequestSchema$/.test(schema)) this.addHandler(args[1], 'MCP CallTool handler', 'request');
      return;
    }
    const name = js.literalValue(args[0]);
    this.addHandler(args[args.length - 1], `MCP ${method}`, typeof name === 'string' ? name : 'tool');
  }

  /** `new DynamicStructuredTool({ func })`. */
  private construct(node: Node): void {
    const ctor = node.childForFieldName('constructor');
    const q = ctor ? this.ctx.js().qualifiedName(ctor) : undefined;
    if (!q || !JS_TOOL_CLASSES.has(q)) return;
    const options = node.childForFieldName('arguments')?.namedChildren.find((c) => !!c && c.type !== 'comment') ?? undefined;
    this.addHandler(this.property(options, 'func'), 'LangChain.js DynamicTool', 'func');
  }

  /** `_call(input)` of a class extending LangChain.js `StructuredTool`/`Tool`. */
  private toolClass(cls: Node): void {
    const heritage = cls.namedChildren.find((c) => c?.type === 'class_heritage');
    const base = heritage?.descendantsOfType(['identifier', 'member_expression']).find(Boolean);
    const q = base ? this.ctx.js().qualifiedName(base) : undefined;
    if (!q || !JS_TOOL_BASES.has(q)) return;
    for (const member of cls.childForFieldName('body')?.namedChildren ?? []) {
      if (member?.type === 'method_definition' && member.childForFieldName('name')?.text === '_call') this.add(member, 'LangChain.js StructuredTool', cls.childForFieldName('name')?.text ?? 'tool');
    }
  }

  private property(options: Node | undefined, key: string): Node | undefined {
    const object = options ? unwrapExpression(options) : undefined;
    if (object?.type !== 'object') return undefined;
    for (const pair of object.namedChildren) {
      if (pair?.type === 'pair' && pair.childForFieldName('key')?.text.replace(/['"]/g, '') === key) return pair.childForFieldName('value') ?? undefined;
      if (pair?.type === 'method_definition' && pair.childForFieldName('name')?.text === key) return pair;
    }
    return undefined;
  }

  /** A handler given inline, or by the name of a function declared once in this file. */
  private addHandler(handler: Node | undefined, framework: string, name: string): void {
    if (!handler) return;
    let fn: Node | undefined = handler.type === 'method_definition' ? handler : unwrapExpression(handler);
    if (fn.type === 'identifier') {
      const bound = this.ctx.js().boundValue(fn);
      fn = bound ? unwrapExpression(bound) : this.declaredFunction(fn.text);
    }
    if (fn && ['arrow_function', 'function_expression', 'function_declaration', 'method_definition'].includes(fn.type)) this.add(fn, framework, name);
  }

  private declaredFunction(name: string): Node | undefined {
    const found = this.ctx.root.descendantsOfType('function_declaration').filter((f) => f?.childForFieldName('name')?.text === name);
    return found.length === 1 && found[0] ? found[0] : undefined;
  }

  private constructorOf(receiver: Node): string | undefined {
    const inner = unwrapExpression(receiver);
    const created = inner.type === 'new_expression' ? inner : this.ctx.js().boundValue(inner);
    const ctor = created && unwrapExpression(created).type === 'new_expression' ? unwrapExpression(created).childForFieldName('constructor') : undefined;
    return ctor ? this.ctx.js().qualifiedName(ctor) : undefined;
  }

  /** Only the first parameter is the model's input; the second is the framework's options or `extra`. */
  private add(fn: Node, framework: string, name: string): void {
    if (this.out.has(fn.id)) return;
    const params = fn.childForFieldName('parameters') ?? fn.childForFieldName('parameter');
    if (!params) return;
    const first = params.type === 'identifier' ? params : params.namedChildren.find((c) => !!c && c.type !== 'comment');
    if (!first) return;
    const type = first.childForFieldName('type')?.text.replace(/^:\s*/, '') ?? '';
    if (CLOSED_TYPES.test(type)) return;
    this.out.set(fn.id, { framework, name, params: [0] });
  }
}
