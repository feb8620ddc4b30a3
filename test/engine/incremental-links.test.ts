/**
 * Links between units that are not plain names (differential seeds 1013 and 5020 on the merged fixture corpus):
 * a unit changing a module-level table in place is analysed with the units reading it, and a constructor's link
 * to its class follows a renamed class. Names that do not link: a type annotation's subscripted type is no changed
 * table, and a kept finding whose flow ends where another kept method ends stays anchored there.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadEngine } from '../../server/src/host/load-engine';
import type { EngineDocument } from '../../server/src/engine/index';
import { apply, comparable } from '../helpers/incremental-edits';

const fillers = (count: number): string[] => Array.from({ length: count }, (_, i) => [`def helper_${i}(value):`, `    return value + ${i}`, '', ''].join('\n'));

test('a function that calls a table another function fills is analysed with that function after an edit elsewhere', async () => {
  const text = [
    'import subprocess',
    '',
    'TOOLS = {"list": "ls -l"}',
    '',
    '',
    'def run(code):',
    '    return code',
    '',
    '',
    ...fillers(12),
    'def register_tool(name, command):',
    '    TOOLS[name] = command',
    '',
    '',
    'def run_tool(name):',
    '    subprocess.run(TOOLS[name], shell=True)',
    '',
  ].join('\n');
  const engine = await loadEngine();
  const doc = engine.openDocument('/w/tools.py', text);
  const before = engine.analyzeDocument(doc);
  assert.ok(before.findings.some((f) => f.ruleId === 'AIS203'), 'the table is changed elsewhere, so the command is not a constant');
  // Typing in `run` changes what defines `run`, so `run_tool` (it calls `subprocess.run`) is analysed again.
  apply(doc, { line: 6, column: 15, endLine: 6, endColumn: 15, text: '.strip()' });
  const incremental = engine.analyzeDocument(doc);
  assert.equal(doc.lastRunKind?.kind, 'partial');
  assert.deepEqual(comparable(incremental), comparable(engine.analyze({ path: '/w/tools.py', text: doc.text })));
  doc.dispose();
});

const references = (doc: EngineDocument): string[] => (doc.lastRun?.units ?? []).map((u) => `${u.role} ${u.start}-${u.end} refers to [${[...u.references].filter((r) => r.startsWith('new:')).sort().join(' ')}]`);

test('renaming a class relinks its constructor to the new name', async () => {
  const text = ['class Node:', '    def __init__(self, node_id):', '    	self.id = node_id', '', '    def show(self):', '        return self.id', '', '', ...fillers(12), 'root = Node(1)', ''].join('\n').replace('    \tself', '        self');
  const engine = await loadEngine();
  const doc = engine.openDocument('/w/node.py', text);
  engine.analyzeDocument(doc);
  apply(doc, { line: 0, column: 6, endLine: 0, endColumn: 9, text: '' });
  engine.analyzeDocument(doc);
  const fresh = engine.openDocument('/w/node.py', doc.text);
  engine.analyzeDocument(fresh);
  assert.deepEqual(references(doc), references(fresh));
  fresh.dispose();
  doc.dispose();
});

test('typing an addition to a module-level list in one function re-analyses the function that runs the list', async () => {
  const text = [
    'PARTS = ["import math"]',
    '',
    '',
    ...fillers(12),
    'def extend(line):',
    '    return line',
    '',
    '',
    'def run_parts():',
    '    exec("\\n".join(PARTS))',
    '',
  ].join('\n');
  const engine = await loadEngine();
  const doc = engine.openDocument('/w/parts.py', text);
  const before = engine.analyzeDocument(doc);
  assert.ok(!before.findings.some((f) => f.ruleId === 'AIS202'), 'a list of constants nothing adds to is a constant');
  // `PARTS.append(input())` typed in `extend` (a statement reading no local name): the list now holds what the
  // user types, so the `exec` is reported.
  const line = text.split('\n').indexOf('    return line');
  apply(doc, { line, column: 4, endLine: line, endColumn: 4, text: 'PARTS.append(input())\n    ' });
  const incremental = engine.analyzeDocument(doc);
  assert.deepEqual(comparable(incremental), comparable(engine.analyze({ path: '/w/parts.py', text: doc.text })));
  assert.ok(incremental.findings.some((f) => f.ruleId === 'AIS202'));
  doc.dispose();
});

const definedBy = (doc: EngineDocument, from: string): string[] => {
  const unit = doc.lastRun?.units.find((u) => doc.text.slice(u.start, u.end).trimStart().startsWith(from));
  return [...(unit?.defines ?? [])].filter((name) => !name.includes(':')).sort();
};

test('a type annotation with a value defines the annotated name, not the subscripted type', async () => {
  const hooks = Array.from({ length: 12 }, (_, i) => [`    def hook_${i}(self, hook: Callable):`, `        return hook(${i})`, '', ''].join('\n'));
  const text = [
    'from typing import Any, Callable, Dict, Optional',
    'import subprocess',
    '',
    'TOOLS: Dict[str, str] = {}',
    '',
    '',
    'def register(name: Optional[str] = None, command: Optional[str] = None):',
    '    if name: TOOLS[name] = command',
    '',
    '',
    'class Runner:',
    '    def run(self, name):',
    '        result = subprocess.run(TOOLS[name], shell=True)',
    '        return result',
    '',
    '    __call__: Callable[..., Any] = run',
    '',
    ...hooks,
  ].join('\n');
  const engine = await loadEngine();
  const doc = engine.openDocument('/w/runner.py', text);
  engine.analyzeDocument(doc);
  assert.deepEqual(definedBy(doc, '__call__'), ['__call__']);
  assert.deepEqual(definedBy(doc, 'TOOLS'), ['TOOLS']);
  assert.deepEqual(definedBy(doc, 'def register'), ['TOOLS', 'register'], 'an item assignment after an `if` on the same line still changes the table');
  // Rebinding a local that the method returns changes its interface: `__call__ = run` is analysed again, but the
  // methods merely naming `Callable` are not (a typed class's methods all name its annotations' types).
  const line = text.split('\n').indexOf('        return result');
  apply(doc, { line, column: 0, endLine: line, endColumn: 0, text: '        result = subprocess.run(name, shell=True)\n' });
  const incremental = engine.analyzeDocument(doc);
  const run = doc.lastRunKind;
  assert.ok(run?.kind === 'partial' && run.freshUnits < 8, `fresh units: ${run?.kind === 'partial' ? run.freshUnits : run?.reason}`);
  assert.deepEqual(comparable(incremental), comparable(engine.analyze({ path: '/w/runner.py', text: doc.text })));
  doc.dispose();
});

test('a finding whose flow ends with the return closing another method keeps it after an edit above both', async () => {
  const helpers = Array.from({ length: 12 }, (_, i) => [`    def helper_${i}(self, value):`, `        return value + ${i}`, '', ''].join('\n'));
  const text = [
    'from openai import OpenAI',
    '',
    '',
    'class Agent:',
    '    def __init__(self):',
    '        self.client = OpenAI()',
    '',
    '    def total(self, value):',
    '        total = value + 1',
    '        return total',
    '',
    '    def ask(self, prompt):',
    '        reply = self.client.chat.completions.create(model="m", messages=[{"role": "user", "content": prompt}])',
    '        return self.clean(reply.choices[0].message.content)',
    '',
    '    def clean(self, code):',
    '        return code.strip()',
    '',
    '    def run(self, prompt):',
    '        code = self.ask(prompt)',
    '        exec(code)',
    '',
    ...helpers,
  ].join('\n');
  const engine = await loadEngine();
  const doc = engine.openDocument('/w/agent.py', text);
  const before = engine.analyzeDocument(doc);
  const returned = text.split('\n').indexOf('        return self.clean(reply.choices[0].message.content)');
  const exec = before.findings.find((f) => f.ruleId === 'AIS280');
  assert.ok(exec?.flow?.some((step) => step.range.end.line === returned && step.range.end.column === text.split('\n')[returned].length), 'a step of the flow ends where `ask` ends');
  // `return total * 2` changes what `total` returns (no early cutoff); nothing links it to `run`, `ask` or `clean`,
  // whose finding is moved as it is instead of re-analysing `run` with all it refers to.
  const line = text.split('\n').indexOf('        return total');
  apply(doc, { line, column: 20, endLine: line, endColumn: 20, text: ' * 2' });
  const incremental = engine.analyzeDocument(doc);
  const run = doc.lastRunKind;
  assert.ok(run?.kind === 'partial' && run.freshUnits <= 2, `fresh units: ${run?.kind === 'partial' ? run.freshUnits : run?.reason}`);
  assert.deepEqual(comparable(incremental), comparable(engine.analyze({ path: '/w/agent.py', text: doc.text })));
  doc.dispose();
});

test('a tool class entry method is analysed with the members that give the model its schema (differential seeds 1004 and 5004)', async () => {
  // `execute` and `__call__` take the model's arguments only because a sibling member describes the tool
  // (`get_args_schema`, `to_params`): an edit that re-analyses the entry methods alone (here a later import of the
  // same module) must still see those members, or the model-output findings (AIS281) turn into generic ones.
  const text = [
    'import asyncio',
    'import subprocess',
    'from typing import Type',
    '',
    'from pydantic import BaseModel',
    '',
    'from .core import Tool',
    '',
    '',
    'class ShellArgs(BaseModel):',
    '    command: str',
    '',
    '',
    'class ShellTool(Tool[ShellArgs]):',
    '    def get_args_schema(self) -> Type[ShellArgs]:',
    '        return ShellArgs',
    '',
    '    async def execute(self, context, args: ShellArgs):',
    '        return subprocess.run(args.command, shell=True, capture_output=True)',
    '',
    '',
    'class BashTool:',
    '    def to_params(self) -> BetaToolBash20241022Param:',
    '        return {"name": "bash", "type": "bash_20241022"}',
    '',
    '    async def __call__(self, command: str | None = None, restart: bool = False):',
    '        process = await asyncio.create_subprocess_shell(command)',
    '        return await process.communicate()',
    '',
    '',
    ...fillers(12),
    'import os',
    'import subprocess',
    'from crewai.tools import BaseTool as CrewBaseTool',
    '',
  ].join('\n');
  const engine = await loadEngine();
  const doc = engine.openDocument('/w/shell_tool.py', text);
  const before = engine.analyzeDocument(doc);
  assert.equal(before.findings.filter((f) => f.ruleId === 'AIS281').length, 2, before.findings.map((f) => f.ruleId).join(' '));
  // The entry methods refer to the schema members' links, so any plan that re-analyses them takes those members too
  // (on the merged fixture corpus, seeds 1004 and 5004 re-analysed them alone after an edit of a later import).
  const units = doc.lastRun?.units ?? [];
  const unitAt = (line: string): (typeof units)[number] => {
    const offset = text.indexOf(line) + line.length - 1;
    const unit = units.find((u) => u.start <= offset && offset < u.end);
    assert.ok(unit, line);
    return unit;
  };
  for (const entry of ['    async def execute(', '    async def __call__(']) {
    assert.ok(unitAt(entry).references.has('attr:to_params') && unitAt(entry).references.has('attr:get_args_schema'), entry);
  }
  assert.ok(unitAt('    def to_params(').defines.has('attr:to_params'));
  assert.ok(unitAt('    def get_args_schema(').defines.has('attr:get_args_schema'));
  const line = text.split('\n').indexOf('from crewai.tools import BaseTool as CrewBaseTool');
  apply(doc, { line, column: 49, endLine: line, endColumn: 49, text: '\n' });
  assert.deepEqual(comparable(engine.analyzeDocument(doc)), comparable(engine.analyze({ path: '/w/shell_tool.py', text: doc.text })));
  doc.dispose();
});
