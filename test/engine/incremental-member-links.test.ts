/**
 * Links through members of objects other than `self` (`incremental/units.ts`) and through a class header's
 * relations (`incremental/plan.ts`): a method call on any object (`agent.ask(q)`) may run a method of the file, an
 * attribute written on any object (`runner.directory = d`) may be what a method reads as `self.directory`, and an
 * edited class header may make its class related to others (`attribute-scope.ts`), whose members read what it
 * writes. Each edit must give the findings of a fresh analysis.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadEngine } from '../../server/src/host/load-engine';
import type { Engine, EngineDocument } from '../../server/src/engine/index';
import type { EnginePorts } from '../../server/src/engine/ports';
import { apply, comparable } from '../helpers/incremental-edits';

const HEADER = ['import subprocess', 'from openai import OpenAI', '', 'client = OpenAI()', '', ''];
const REPLY = 'client.chat.completions.create(model="m", messages=[prompt]).choices[0].message.content';
/** Helpers between the classes and their callers keep the runs partial. */
const HELPERS = Array.from({ length: 40 }, (_, i) => [`def helper_${i}(value):`, `    return value + ${i}`, '', ''].join('\n'));

/**
 * The project around the file: its other files write no attribute and call no method of the names asked about
 * (`ProjectFacts.memberOrigin`), so the command rules grade a method's parameter and an attribute by this file alone.
 */
const PORTS: EnginePorts = { project: { memberOrigin: () => ({ count: 0, origin: 'constant', omitted: false }) } };

async function open(text: string): Promise<{ engine: Engine; doc: EngineDocument; initial: string[] }> {
  const engine = await loadEngine();
  const doc = engine.openDocument('/w/members.py', text);
  const initial = engine.analyzeDocument(doc, undefined, PORTS).findings.map((f) => `${f.ruleId}:${f.range.start.line + 1}`);
  return { engine, doc, initial };
}

/** Replaces the first `from` after `after`, analyses the document and checks it against a fresh analysis. */
function edit(engine: Engine, doc: EngineDocument, after: string, from: string, to: string): string[] {
  const at = doc.text.indexOf(from, doc.text.indexOf(after));
  assert.ok(at >= 0, `${from} after ${after}`);
  const before = doc.text.slice(0, at).split('\n');
  const line = before.length - 1;
  const column = before[line].length;
  apply(doc, { line, column, endLine: line, endColumn: column + from.length, text: to });
  const incremental = engine.analyzeDocument(doc, undefined, PORTS);
  const run = doc.lastRunKind;
  assert.equal(run?.kind, 'partial', JSON.stringify(run));
  assert.ok(run?.kind === 'partial' && run.exact, 'the edit parses');
  assert.deepEqual(comparable(incremental), comparable(engine.analyze({ path: '/w/members.py', text: doc.text, ports: PORTS })));
  return incremental.findings.map((f) => `${f.ruleId}:${f.range.start.line + 1}`);
}

const lineOf = (doc: EngineDocument, text: string): number => doc.text.split('\n').findIndex((l) => l.includes(text)) + 1;

test('a method that starts returning model output re-checks a function calling it on an instance', async () => {
  const text = [...HEADER, 'class Agent:', '    def __init__(self):', '        self.name = "agent"', '', '    def ask(self, prompt):', '        return "ls"', '', '', ...HELPERS, 'def main(question):', '    agent = Agent()', '    exec(agent.ask(question))', ''].join('\n');
  const { engine, doc } = await open(text);
  const findings = edit(engine, doc, '    def ask', '"ls"', REPLY);
  assert.ok(findings.some((f) => f.endsWith(`:${lineOf(doc, 'exec(agent.ask(question))')}`)), `main runs model output: ${findings.join(' ')}`);
  edit(engine, doc, '    def ask', REPLY, '"ls"');
  doc.dispose();
});

test('a function that starts running what a method returns is analysed with that method', async () => {
  const text = [...HEADER, 'class Agent:', '    def __init__(self):', '        self.name = "agent"', '', '    def ask(self, prompt):', `        return ${REPLY}`, '', '', ...HELPERS, 'def main(question):', '    agent = Agent()', '    print(agent.ask(question))', ''].join('\n');
  const { engine, doc } = await open(text);
  const findings = edit(engine, doc, 'def main', 'print(agent', 'exec(agent');
  assert.ok(findings.some((f) => f.endsWith(`:${lineOf(doc, 'exec(agent.ask(question))')}`)), `main runs model output: ${findings.join(' ')}`);
  doc.dispose();
});

test('a call that passes another argument to a method re-checks the command the method runs', async () => {
  const text = [...HEADER, 'class Shell:', '    def __init__(self):', '        self.name = "shell"', '', '    def run_command(self, command):', '        return subprocess.run(command, shell=True)', '', '', ...HELPERS, 'def main():', '    shell = Shell()', '    shell.run_command("ls")', ''].join('\n');
  const { engine, doc, initial } = await open(text);
  const sink = `:${lineOf(doc, 'subprocess.run(command, shell=True)')}`;
  const findings = edit(engine, doc, 'def main', '"ls"', 'input()');
  assert.notDeepEqual(findings.filter((f) => f.endsWith(sink)), initial.filter((f) => f.endsWith(sink)), `the command's origin changes: ${initial.join(' ')} → ${findings.join(' ')}`);
  edit(engine, doc, 'def main', 'input()', '"ls"');
  doc.dispose();
});

test('an attribute a function writes on an instance re-checks the method running it', async () => {
  const text = [
    ...HEADER,
    'class Runner:',
    '    def __init__(self):',
    '        self.directory = None',
    '',
    '    def act(self):',
    '        return subprocess.run(f"ls {self.directory}", shell=True)',
    '',
    '',
    ...HELPERS,
    'def configure(runner):',
    '    runner.directory = "/tmp"',
    '',
  ].join('\n');
  const { engine, doc, initial } = await open(text);
  const sink = `:${lineOf(doc, 'subprocess.run(f"ls {self.directory}"')}`;
  const findings = edit(engine, doc, 'def configure', '"/tmp"', 'input()');
  assert.notDeepEqual(findings.filter((f) => f.endsWith(sink)), initial.filter((f) => f.endsWith(sink)), `the directory's origin changes: ${initial.join(' ')} → ${findings.join(' ')}`);
  edit(engine, doc, 'def configure', 'input()', '"/tmp"');
  doc.dispose();
});

test('a class header that names a base re-checks the members of the classes it becomes related to', async () => {
  const text = [
    ...HEADER,
    'class Runner:',
    '    def __init__(self):',
    '        self.code = "ls"',
    '',
    '    def act(self):',
    '        return subprocess.run(self.code, shell=True)',
    '',
    '',
    ...HELPERS,
    'class Keeper:',
    '    def keep(self, cmd):',
    '        self.code = cmd',
    '',
  ].join('\n');
  const { engine, doc, initial } = await open(text);
  const sink = `:${lineOf(doc, 'subprocess.run(self.code, shell=True)')}`;
  const findings = edit(engine, doc, 'class Keeper', 'class Keeper:', 'class Keeper(Runner):');
  assert.notDeepEqual(findings.filter((f) => f.endsWith(sink)), initial.filter((f) => f.endsWith(sink)), `a subclass writes the code: ${initial.join(' ')} → ${findings.join(' ')}`);
  edit(engine, doc, 'class Keeper', 'class Keeper(Runner):', 'class Keeper:');
  doc.dispose();
});

test('a statement typed in a function that runs what a module-level instance returns is analysed with the method', async () => {
  // `exec(agent.ask())` reads no local and passes nothing: the early cutoff re-analyses it alone, with what it refers to.
  const text = [...HEADER, 'class Agent:', '    def __init__(self):', '        self.name = "agent"', '', '    def ask(self):', `        return ${REPLY.replace('[prompt]', '[]')}`, '', '', ...HELPERS, 'agent = Agent()', '', '', 'def main():', '    print("ready")', ''].join('\n');
  const { engine, doc } = await open(text);
  const findings = edit(engine, doc, 'def main', 'print("ready")', 'print("ready")\n    exec(agent.ask())');
  assert.ok(findings.some((f) => f.startsWith('AIS280:') && f.endsWith(`:${lineOf(doc, 'exec(agent.ask())')}`)), `main runs model output: ${findings.join(' ')}`);
  doc.dispose();
});

test('a method of another class calling a method on an instance is re-checked although it reads its own attribute of that name', async () => {
  const text = [
    ...HEADER,
    'class Agent:',
    '    def __init__(self):',
    '        self.name = "agent"',
    '',
    '    def ask(self, prompt):',
    '        return "ls"',
    '',
    '',
    ...HELPERS,
    'class Boss:',
    '    def ask(self, prompt):',
    '        return prompt',
    '',
    '    def act(self, prompt):',
    '        print(self.ask(prompt))',
    '        exec(Agent().ask(prompt))',
    '',
  ].join('\n');
  const { engine, doc } = await open(text);
  const findings = edit(engine, doc, '    def ask', '"ls"', REPLY);
  assert.ok(findings.some((f) => f.startsWith('AIS280:') && f.endsWith(`:${lineOf(doc, 'exec(Agent().ask(prompt))')}`)), `the boss runs model output: ${findings.join(' ')}`);
  doc.dispose();
});

test('a TypeScript method that starts returning model output re-checks a function calling it on an instance', async () => {
  const reply = '(await openai.chat.completions.create({ model: "m", messages: [] })).choices[0].message.content';
  const helpers = Array.from({ length: 40 }, (_, i) => `function helper${i}(value: number): number {\n  return value + ${i};\n}\n`);
  const text = ["import OpenAI from 'openai';", 'const openai = new OpenAI();', '', 'class Agent {', '  name = "agent";', '', '  async ask(prompt: string): Promise<string> {', '    return "ls";', '  }', '}', '', ...helpers, 'export async function main(question: string) {', '  const agent = new Agent();', '  eval(await agent.ask(question));', '}', ''].join('\n');
  const engine = await loadEngine();
  const doc = engine.openDocument('/w/members.ts', text);
  engine.analyzeDocument(doc);
  const line = text.split('\n').indexOf('    return "ls";');
  apply(doc, { line, column: 11, endLine: line, endColumn: 15, text: reply });
  const incremental = engine.analyzeDocument(doc);
  assert.equal(doc.lastRunKind?.kind, 'partial');
  assert.deepEqual(comparable(incremental), comparable(engine.analyze({ path: '/w/members.ts', text: doc.text })));
  assert.ok(incremental.findings.some((f) => f.ruleId === 'AIS280'), incremental.findings.map((f) => f.ruleId).join(' '));
  doc.dispose();
});
