/**
 * The import closure the model-output analysis asks about before walking a file whose sinks could only meet model
 * output from other modules (`host/import-closure.ts`): imports read without parsing reach every file the taint
 * summaries could use, a source two modules away is found, a closure without one lets the file go without
 * any module summary, and an edit that gives a module of the closure a source is seen.
 */
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { loadEngine } from '../../server/src/host/load-engine';
import { importClosureFacts } from '../../server/src/host/import-closure';
import { MAX_SUMMARISED_CHARS, taintSummaryFacts } from '../../server/src/host/taint-summaries';
import { TaintDependents } from '../../server/src/host/taint-dependents';
import { chainsOn, moduleImports, moduleReferences } from '../../server/src/host/lexical-module-imports';
import { HELPER_NAME_INITIALS, isLlmHelperName, MODEL_OUTPUT_SOURCE_TEXT, mayOriginateModelOutput } from '../../server/src/rules/shared/taint/model-output-names';
import type { Engine, EnginePorts } from '../../server/src/engine/index';

const folders: string[] = [];
after(() => {
  for (const folder of folders) rmSync(folder, { recursive: true, force: true });
});

function project(files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), 'aisec-import-closure-'));
  folders.push(root);
  for (const [path, text] of Object.entries(files)) write(root, path, text);
  return root;
}

function write(root: string, path: string, text: string): void {
  mkdirSync(dirname(join(root, path)), { recursive: true });
  writeFileSync(join(root, path), text);
}

const ASKS_MODEL = 'from openai import OpenAI\nclient = OpenAI()\n\ndef draft(task):\n    return client.chat.completions.create(model="m", messages=[]).choices[0].message.content\n';
/** A code generator in the style of scientific libraries: `exec` of text the module builds itself. */
const GENERATOR = 'from .codegen import body_for\n\ndef make(name):\n    code = body_for(name)\n    ns = {}\n    exec(code)\n    return ns[name]\n';

test('lexical imports: relative and absolute modules, imported names as submodules, chains on imported packages, JS relative specifiers', () => {
  const py = moduleReferences('from . import tools\nfrom ..llm import (ask,\n  draft as d)\nimport pkg.sub as s, other\ntry:\n    import late.mod\nexcept ImportError:\n    pass\nother.helpers.run(x)\n', true);
  for (const module of ['.', '.tools', '..llm', '..llm.ask', '..llm.draft', 'pkg', 'pkg.sub', 'other', 'late', 'late.mod']) assert.ok(py.modules.includes(module), module);
  assert.deepEqual(py.chains.find((c) => c.module === 'other'), { module: 'other', names: ['helpers', 'run'] });
  const js = moduleReferences("import { ask } from './llm';\nexport * from '../tools/run.js';\nconst x = require('./x');\nimport('lodash');\nconst y = await import(`./lazy`);\n", false);
  assert.deepEqual(js.modules.sort(), ['../tools/run.js', './lazy', './llm', './x']);
});

test('lexical imports: the chains of chosen names are those the whole reading gives for them, in the same order', () => {
  const text = 'import pkg\nimport pkg.sub as s\nfrom . import tools as t, helpers\nfrom np import array\n\npkg.a.b.c.d()\nx = s.run(t.go)\nhelpers.x.y = pkg . a .b\na. pkg.hidden()\nt.\\\n  later()\narray.T\n';
  const all = moduleReferences(text, true);
  const imports = moduleImports(text, true);
  assert.deepEqual(imports.modules, all.modules);
  for (const names of [['pkg'], ['t', 'helpers'], ['s', 'array', 'pkg'], [...imports.bound.keys()], []]) {
    const chosen = new Set(names);
    const expected = all.chains.filter((chain) => [...chosen].some((name) => imports.bound.get(name) === chain.module));
    assert.deepEqual(chainsOn(text, imports.bound, chosen), expected, names.join(','));
  }
  // A name after a chain's dot and blanks belongs to that chain, not to a chain of its own.
  assert.equal(chainsOn(text, imports.bound, new Set(['pkg'])).some((chain) => chain.names[0] === 'hidden'), false);
});

test('lexical imports: statements are found where a global search of their patterns finds them (after `;` or `:`, inside earlier matches, other line breaks)', () => {
  // The patterns as a search of every position applies them; the reader tries only where `from`/`import` occur.
  const FROM = /(?:^|[;:])[ \t]*from[ \t]+(\.*[\w.]*)[ \t]+import[ \t]*(\([^)]*\)|[^\n;#]*)/gm;
  const IMPORT = /(?:^|[;:])[ \t]*import[ \t]+([^\n;#]*)/gm;
  const texts = ['import a:import b\n', ';import x', 'x = 1; import y;from . import z', 'if x: from .a import (b,\n c)\r\nimport q', '\u2028import w\rimport v', '  import  a.b as c, d # import e\n', 'from a import b: from c import d', 'from .x import y;import z', 'fromimport x\nimport\tt', 'a:  import b', 'from from import import\nimport import', 'x.import y\n"import z"\n  \timport   u'];
  for (const text of texts) {
    const statements = [...text.matchAll(FROM)].map((m) => `from ${m[1]} ${m[2]}`).concat([...text.matchAll(IMPORT)].map((m) => `import ${m[1]}`));
    // Each statement alone, on a line of its own, is read the same way by both.
    const oneByOne = new Set(statements.flatMap((statement) => moduleImports(`${statement.startsWith('from') ? statement.replace(/^from (\S*) /, 'from $1 import ') : statement}\n`, true).modules));
    assert.deepEqual(new Set(moduleImports(text, true).modules), oneByOne, JSON.stringify(text));
  }
});

test('import closure: a chain on a name bound to a package is followed, and modules bound to plain modules are resolved without reading chains', () => {
  const root = project({
    'app/__init__.py': '',
    'app/main.py': 'import app\nfrom app import plain\n\nexec(app.deep.mod.make())\nplain.deep.mod\n',
    'app/plain.py': 'X = 1\n',
    'app/deep/__init__.py': '',
    'app/deep/mod.py': ASKS_MODEL,
  });
  const facts = importClosureFacts({ baseFolder: root, projectRoot: root });
  assert.equal(facts.importClosureMatches('app/main.py', MODEL_OUTPUT_SOURCE_TEXT, 1), true);
  const viaPlain = project({
    'app/__init__.py': '',
    'app/main.py': 'from app import plain\n\nexec(plain.deep.mod.make())\n',
    'app/plain.py': 'X = 1\n',
    'app/deep/__init__.py': '',
    'app/deep/mod.py': ASKS_MODEL,
  });
  const plain = importClosureFacts({ baseFolder: viaPlain, projectRoot: viaPlain });
  // `plain` is a module, not a package: `plain.deep.mod` names attributes, and app/__init__.py imports nothing.
  assert.equal(plain.importClosureMatches('app/main.py', MODEL_OUTPUT_SOURCE_TEXT), false);
});

test('source text: SDK calls, framework imports, LLM URLs, helper names, llm objects and agent fields; not ordinary library code', () => {
  for (const text of [ASKS_MODEL, 'from langchain_openai import ChatOpenAI\n', 'r = client.messages\n    .create(model=m)\n', 'requests.post("http://localhost:11434/api/generate")', 'reply = ask_llm(q)\n', 'out = self.llm.invoke(p)\n', 'args = call.function.arguments\n', 'const t = await generateText({ model })\n', 'from transformers import AutoTokenizer\ntext = tokenizer.decode(ids)\n', 'name = call["function"]["arguments"]\n'])
    assert.equal(mayOriginateModelOutput(text), true, text);
  for (const text of [GENERATOR, 'import numpy as np\n\ndef fit(model, messages):\n    return model.predict(messages)\n', 'warnings.warn(messages[0])\n', "'''Chains transformers in a pipeline: see the function arguments.'''\nfrom sklearn.pipeline import Pipeline\n", 'ip.complete("x", completions=completions)\n'])
    assert.equal(mayOriginateModelOutput(text), false, text);
});

test('source text: a helper named after asking a model starts with a letter the text test looks at, whatever its leading word', () => {
  // One name per leading word of the helper-name pattern, in both cases.
  const names = ['ask_llm', 'query_gpt4', 'call_the_model', 'invoke_claude', 'prompt_ai', 'get_completion', 'fetch_llm_answer', 'run_agent', 'chat_with_gpt', 'talk_to_llama', 'llm_call', 'gpt4_query', 'chatgpt_response', 'claude_ask', 'gemini_chat', 'openai_complete', 'ollama_generate', 'get_chat_completion', 'generate_code', 'write_shell_command', 'complete_with_llm', 'completion_with_gpt', 'submit_prompt', 'send_prompt_to_llm'];
  for (const name of names.flatMap((n) => [n, n.toUpperCase(), n.replace(/_/g, '')])) {
    if (!isLlmHelperName(name)) continue;
    assert.ok(HELPER_NAME_INITIALS.has(name.charCodeAt(0) | 0x20), name);
    assert.equal(mayOriginateModelOutput(`x = ${name}(q)\n`), true, name);
  }
  assert.equal(names.filter((name) => isLlmHelperName(name)).length, names.length);
});

test('import closure: a source two modules away is found (through a package `__init__` chain); none makes the answer false', () => {
  const root = project({
    'app/main.py': 'import app.gen\n\napp.gen.make("f")\n',
    'app/__init__.py': '',
    'app/gen.py': GENERATOR,
    'app/codegen.py': 'from .words import WORDS\n\ndef body_for(name):\n    return f"def {name}(): return {WORDS!r}"\n',
    'app/words.py': 'WORDS = ["a"]\n',
  });
  const facts = importClosureFacts({ baseFolder: root, projectRoot: root });
  assert.equal(facts.importClosureMatches('app/main.py', MODEL_OUTPUT_SOURCE_TEXT), false);
  write(root, 'app/words.py', ASKS_MODEL + 'WORDS = ["a"]\n');
  const fresh = importClosureFacts({ baseFolder: root, projectRoot: root });
  assert.equal(fresh.importClosureMatches('app/main.py', MODEL_OUTPUT_SOURCE_TEXT), true);
  // `levels` bounds the steps: words.py is three imports away from main.py (main → gen → codegen → words).
  assert.equal(fresh.importClosureMatches('app/main.py', MODEL_OUTPUT_SOURCE_TEXT, 2), false);
  assert.equal(fresh.importClosureMatches('app/main.py', MODEL_OUTPUT_SOURCE_TEXT, 3), true);
  // A module longer than the summaries read is neither tested nor followed, as the summaries skip it.
  write(root, 'app/codegen.py', `from .words import WORDS\n${'# padding\n'.repeat(MAX_SUMMARISED_CHARS / 10 + 1)}`);
  const long = importClosureFacts({ baseFolder: root, projectRoot: root });
  assert.equal(long.importClosureMatches('app/gen.py', MODEL_OUTPUT_SOURCE_TEXT), false);
});

test('import closure: each module of the closure is a dependency of the analysed file, and an edit that adds a source is seen', () => {
  const root = project({ 'pkg/gen.py': GENERATOR, 'pkg/codegen.py': 'def body_for(name):\n    return "x = 1"\n' });
  const dependents = new TaintDependents();
  const facts = importClosureFacts({ baseFolder: root, projectRoot: root, dependents });
  assert.equal(facts.importClosureMatches('pkg/gen.py', MODEL_OUTPUT_SOURCE_TEXT), false);
  assert.deepEqual(dependents.of(join(root, 'pkg/codegen.py')), [join(root, 'pkg/gen.py')]);
  // The language server's files are live: a changed size or time reads the module again.
  write(root, 'pkg/codegen.py', ASKS_MODEL + 'def body_for(name):\n    return draft(name)\n');
  assert.equal(facts.importClosureMatches('pkg/gen.py', MODEL_OUTPUT_SOURCE_TEXT), true);
});

/** The engine, counting the module summaries the analysis asks the host for (each is an `inspect`). */
async function countingEngine(): Promise<{ engine: Engine; counting: Engine; summarised: string[] }> {
  const engine = await loadEngine();
  const summarised: string[] = [];
  const counting = Object.create(engine) as Engine;
  counting.inspect = ((path: string, ...rest: unknown[]) => {
    summarised.push(path);
    return (engine.inspect as (...args: unknown[]) => unknown)(path, ...rest);
  }) as Engine['inspect'];
  return { engine, counting, summarised };
}

test('model-output analysis: a file whose `exec` could only run model output from its imports asks for no summary when no import is a source, and finds the flow when one is', async () => {
  const { engine, counting, summarised } = await countingEngine();
  const quiet = project({ 'pkg/gen.py': GENERATOR, 'pkg/codegen.py': 'import subprocess\n\ndef body_for(name):\n    return f"def {name}(): pass"\n\ndef shell(cmd):\n    subprocess.run(cmd, shell=True)\n' });
  const portsFor = (root: string): EnginePorts => ({ project: { ...taintSummaryFacts({ engine: counting, baseFolder: root, projectRoot: root }), ...importClosureFacts({ baseFolder: root, projectRoot: root }) } });
  const modelOutputFindings = (root: string): string[] =>
    engine.analyze({ path: 'pkg/gen.py', text: GENERATOR, ports: portsFor(root) }).findings.filter((f) => f.ruleId.startsWith('AIS28')).map((f) => `${f.ruleId} ${f.range.start.line + 1}`);
  assert.deepEqual(modelOutputFindings(quiet), []);
  assert.deepEqual(summarised, []);
  // A file that names a model in prose only (the source keywords let it through the prefilter) is no different.
  const naming = `'''Builds the functions of the LLM layer.'''\n${GENERATOR}`;
  assert.deepEqual(engine.analyze({ path: 'pkg/gen.py', text: naming, ports: portsFor(quiet) }).findings.filter((f) => f.ruleId.startsWith('AIS28')), []);
  assert.deepEqual(summarised, []);

  const flowing = project({ 'pkg/gen.py': GENERATOR, 'pkg/codegen.py': ASKS_MODEL + 'def body_for(task):\n    response = client.chat.completions.create(model="m", messages=[{"role": "user", "content": task}])\n    return response.choices[0].message.content\n' });
  const found = modelOutputFindings(flowing);
  assert.ok(summarised.length > 0);
  assert.deepEqual(found, ['AIS280 6']);
});

test('model-output analysis: a file without a sink or a source of its own, sent to the cross-module walk by a word such as `Processing` in code, asks for no summary when no import is a source', async () => {
  const { engine, counting, summarised } = await countingEngine();
  // `run_snippet` runs its parameter, so only the import closure (no module asks a model) tells the walk is useless.
  // The docstring names a model, so the file passes the rule's keyword prefilter; it holds no model call.
  const MAIN = '"""Formats steps for the LLM layer."""\nfrom .helpers import run_snippet\nfrom .steps import describe\n\nLABEL = "Processing step"\n\ndef main(x):\n    return run_snippet(describe(x))\n';
  const files = { 'pkg/__init__.py': '', 'pkg/main.py': MAIN, 'pkg/helpers.py': 'def run_snippet(code):\n    exec(code)\n', 'pkg/steps.py': 'def describe(x):\n    return f"step {x}"\n' };
  const portsFor = (root: string): EnginePorts => ({ project: { ...taintSummaryFacts({ engine: counting, baseFolder: root, projectRoot: root }), ...importClosureFacts({ baseFolder: root, projectRoot: root }) } });
  const flows = (root: string): string[] => engine.analyze({ path: 'pkg/main.py', text: MAIN, ports: portsFor(root) }).findings.filter((f) => f.ruleId.startsWith('AIS28')).map((f) => `${f.ruleId} ${f.range.start.line + 1}`);
  assert.deepEqual(flows(project(files)), []);
  assert.deepEqual(summarised, []);
  // With a module of the closure asking a model, the summaries are asked for and the flow is found.
  const flowing = project({ ...files, 'pkg/steps.py': `${ASKS_MODEL}\ndef describe(x):\n    return draft(x)\n` });
  assert.deepEqual(flows(flowing), ['AIS280 8']);
  assert.ok(summarised.length > 0);
});

test('model-output analysis: "function arguments" in a message is no agent field, so a file with it and no source asks for no summary when no import is a source', async () => {
  const { engine, counting, summarised } = await countingEngine();
  const MAIN = '"""Checks the LLM layer."""\nfrom .helpers import run_snippet\n\nMESSAGE = "Processing: incompatible function arguments"\n\ndef check(step):\n    return run_snippet(step.describe())\n\ndef handle(call):\n    return call.kernel\n';
  const root = project({ 'pkg/__init__.py': '', 'pkg/main.py': MAIN, 'pkg/helpers.py': 'def run_snippet(code):\n    exec(code)\n' });
  const ports: EnginePorts = { project: { ...taintSummaryFacts({ engine: counting, baseFolder: root, projectRoot: root }), ...importClosureFacts({ baseFolder: root, projectRoot: root }) } };
  assert.deepEqual(engine.analyze({ path: 'pkg/main.py', text: MAIN, ports }).findings.filter((f) => f.ruleId.startsWith('AIS28')), []);
  assert.deepEqual(summarised, []);
  // The field read in code is a source: the same file with `call.function.arguments` handed to the helper reports the flow.
  const reading = MAIN.replace('return call.kernel', 'return run_snippet(call.function.arguments)');
  write(root, 'pkg/main.py', reading);
  const found = engine.analyze({ path: 'pkg/main.py', text: reading, ports: { project: { ...taintSummaryFacts({ engine: counting, baseFolder: root, projectRoot: root }), ...importClosureFacts({ baseFolder: root, projectRoot: root }) } } }).findings.filter((f) => f.ruleId.startsWith('AIS28'));
  assert.deepEqual(found.map((f) => `${f.ruleId} ${f.range.start.line + 1}`), ['AIS280 10']);
});
