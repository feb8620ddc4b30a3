/**
 * Attribute links scoped to related classes (`incremental/attribute-scope.ts`): a member reaching `self.x` directly
 * is analysed again with the members of its own class and of classes that may be related to it (a base or a
 * subclass of the file), and through a deeper chain (`self.shell.run`) with every class, while the members of
 * unrelated classes that happen to use the same attribute names stay out of the run. Each edit must give the
 * findings of a fresh analysis; an edit whose links would be too narrow keeps a stale finding.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadEngine } from '../../server/src/host/load-engine';
import type { Engine, EngineDocument } from '../../server/src/engine/index';
import { apply, comparable } from '../helpers/incremental-edits';

const HEADER = ['import subprocess', 'from openai import OpenAI', '', 'client = OpenAI()', '', ''];
const REPLY = 'client.chat.completions.create(model="m", messages=[prompt]).choices[0].message.content';

/** Unrelated classes with the same attribute and method names as the classes under test (what made every edit a full run). */
function services(count: number): string[] {
  const lines: string[] = [];
  for (let i = 0; i < count; i++) {
    lines.push(`class Service${i}:`, '    def __init__(self, prompt):', '        self.code = "ls"', '        self.shell = None', '');
    lines.push('    def keep(self, prompt):', `        self.code = "echo ${i}"`, '');
    lines.push('    def run(self, cmd):', '        return cmd', '');
    lines.push('    def act(self):', '        return subprocess.run(["echo", self.code])', '', '');
  }
  return lines;
}

async function open(text: string): Promise<{ engine: Engine; doc: EngineDocument }> {
  const engine = await loadEngine();
  const doc = engine.openDocument('/w/services.py', text);
  engine.analyzeDocument(doc);
  return { engine, doc };
}

/** Replaces the first `from` after `after` in the document, analyses it and checks it against a fresh analysis. */
function edit(engine: Engine, doc: EngineDocument, after: string, from: string, to: string): { findings: string[]; fresh: number } {
  const at = doc.text.indexOf(from, doc.text.indexOf(after));
  assert.ok(at >= 0, `${from} after ${after}`);
  const before = doc.text.slice(0, at).split('\n');
  const line = before.length - 1;
  const column = before[line].length;
  apply(doc, { line, column, endLine: line, endColumn: column + from.length, text: to });
  const incremental = engine.analyzeDocument(doc);
  const run = doc.lastRunKind;
  assert.equal(run?.kind, 'partial', JSON.stringify(run));
  assert.ok(run?.kind === 'partial' && run.exact, 'the edit parses');
  assert.deepEqual(comparable(incremental), comparable(engine.analyze({ path: '/w/services.py', text: doc.text })));
  return { findings: incremental.findings.map((f) => `${f.ruleId}:${f.range.start.line + 1}`), fresh: run?.kind === 'partial' ? run.freshUnits : -1 };
}

test('model output a base class keeps in `self.code` reaches the subclass method that runs it', async () => {
  // Helpers between the classes keep the run partial: a subclass names a base, so it may be related to any class.
  const helpers = Array.from({ length: 40 }, (_, i) => [`def helper_${i}(value):`, `    return value + ${i}`, '', ''].join('\n'));
  const text = [...HEADER, 'class Keeper:', '    def keep(self, prompt):', '        self.code = "ls"', '', '', ...helpers, 'class Runner(Keeper):', '    def act(self):', '        return subprocess.run(self.code, shell=True)', ''].join('\n');
  const { engine, doc } = await open(text);
  const runsAt = text.split('\n').findIndex((l) => l.includes('subprocess.run(self.code, shell=True)')) + 1;
  const kept = edit(engine, doc, 'class Keeper', '"ls"', REPLY);
  assert.ok(kept.findings.some((f) => f.endsWith(`:${runsAt}`) && !f.startsWith('AIS203')), `the subclass runs model output: ${kept.findings.join(' ')}`);
  const back = edit(engine, doc, 'class Keeper', REPLY, '"ls"');
  assert.ok(!back.findings.some((f) => f.endsWith(`:${runsAt}`) && !f.startsWith('AIS203')), back.findings.join(' '));
  doc.dispose();
});

test('model output a method keeps in `self.code` reaches the method of the same class that runs it', async () => {
  const text = [...HEADER, ...services(30), 'class Agent:', '    def keep(self, prompt):', '        self.code = "ls"', '', '    def act(self):', '        return subprocess.run(self.code, shell=True)', ''].join('\n');
  const { engine, doc } = await open(text);
  const runsAt = text.split('\n').findIndex((l) => l.includes('subprocess.run(self.code, shell=True)')) + 1;
  const kept = edit(engine, doc, 'class Agent', '"ls"', REPLY);
  assert.ok(kept.findings.some((f) => f.endsWith(`:${runsAt}`) && !f.startsWith('AIS203')), kept.findings.join(' '));
  assert.ok(kept.fresh < 20, `fresh units: ${kept.fresh}`);
  doc.dispose();
});

test('a method reached through an attribute chain (`self.shell.run_code`) is analysed with the caller of another class', async () => {
  const text = [
    ...HEADER,
    'class Shell:',
    '    def run_code(self, cmd):',
    '        return subprocess.run(cmd, shell=True)',
    '',
    '',
    ...services(30),
    'class Agent:',
    '    def __init__(self):',
    '        self.shell = Shell()',
    '',
    '    def act(self, prompt):',
    '        reply = "ls"',
    '        return self.shell.run_code(reply)',
    '',
  ].join('\n');
  const { engine, doc } = await open(text);
  const sinkAt = text.split('\n').findIndex((l) => l.includes('subprocess.run(cmd, shell=True)')) + 1;
  // The finding is the callee's (at its sink), and the caller's edit brings the model output.
  const runs = edit(engine, doc, 'class Agent', '"ls"', REPLY);
  assert.ok(runs.findings.some((f) => f === `AIS281:${sinkAt}`), `the agent passes model output to a shell: ${runs.findings.join(' ')}`);
  assert.ok(runs.fresh < 40, `fresh units: ${runs.fresh}`);
  doc.dispose();
});
