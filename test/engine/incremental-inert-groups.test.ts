/**
 * The early cutoff for groups of inert statements (`engine/incremental/interface.ts`): statements that share
 * local names only with each other and read only module-level names are cut off from what a method's callers
 * see, so typing a second `model = torch.load(...)` in a method of a large class re-analyses those statements
 * instead of most of the class. Each case compares the incremental result with a fresh analysis; the cases
 * that link a group to what flows out of the method (a return, a parameter) would fail if the cutoff applied
 * to them, and the out-of-order group would fail if only the edited statement were analysed again.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadEngine } from '../../server/src/host/load-engine';
import type { Engine, EngineDocument } from '../../server/src/engine/index';
import { comparable } from '../helpers/incremental-edits';

const MODEL_TEXT = 'client.chat.completions.create(model="m", messages=[]).choices[0].message.content';

/**
 * A class whose methods reach each other through `self.`, so any edit callers can see re-analyses most of it;
 * with `calledBy`, every method calls that one (as pandas' methods call their helpers).
 */
function largeClass(methods: number, special: readonly string[], calledBy?: string): string {
  const lines = ['import pickle', 'import subprocess', 'import torch', 'from openai import OpenAI', '', 'client = OpenAI()', '', '', 'class Trainer:', '    def __init__(self, path):', '        self.path = path', ''];
  for (let k = 0; k < methods; k++) {
    if (k === Math.floor(methods / 2)) lines.push(...special, '');
    lines.push(`    def step_${k}(self, batch):`, `        total = len(batch) + ${k}`);
    if (calledBy) lines.push(`        self.${calledBy}(batch)`);
    if (k % 10 === 7) lines.push('        data = pickle.load(open(self.path, "rb"))');
    lines.push(k % 5 === 0 ? `        return self.step_${k + 1}(batch[:total])` : '        return total', '');
  }
  lines.push('', 'def main():', '    return Trainer("p")', '');
  return lines.join('\n');
}

async function open(special: readonly string[], calledBy?: string): Promise<{ engine: Engine; doc: EngineDocument; path: string }> {
  const engine = await loadEngine();
  const path = '/w/trainer.py';
  const doc = engine.openDocument(path, largeClass(80, special, calledBy));
  engine.analyzeDocument(doc);
  return { engine, doc, path };
}

/** Inserts `typed` at the end of the line that reads `after`, and analyses; an exact run must equal a fresh analysis. */
function typeAfter(engine: Engine, doc: EngineDocument, path: string, after: string, typed: string): ReturnType<Engine['analyzeDocument']> {
  const lines = doc.text.split('\n');
  const line = lines.indexOf(after);
  assert.ok(line >= 0, after);
  const position = { line, column: lines[line].length };
  doc.applyChanges([{ range: { start: position, end: position }, text: typed }]);
  const result = engine.analyzeDocument(doc);
  const run = doc.lastRunKind;
  if (run?.kind === 'full' || run?.exact) assert.deepEqual(comparable(result), comparable(engine.analyze({ path, text: doc.text })), `after typing ${JSON.stringify(typed)}`);
  return result;
}

test('typing a second binding of a local the method uses only in statements of its own stays partial and equals a fresh analysis', async () => {
  const { engine, doc, path } = await open(['    def restore(self, batch):', '        size = len(batch)', '        model = torch.load("a.pt")', '        return size'], 'restore');
  let after = '        model = torch.load("a.pt")';
  typeAfter(engine, doc, path, after, '\n        ');
  after = '        ';
  // The second `model` shares its name with the first alone: the pair is a group callers cannot see. Every
  // keystroke stays partial, also those that repair a syntax error (`model = ` then `t`): the method is compared
  // with its last version that parsed, and such runs are inexact until the host's full run.
  for (const character of 'model = torch.load(checkpoint_path)') {
    typeAfter(engine, doc, path, after, character);
    after += character;
    assert.equal(doc.lastRunKind?.kind, 'partial', `${after}: ${JSON.stringify(doc.lastRunKind)}`);
  }
  doc.forgetAnalysis();
  assert.deepEqual(comparable(engine.analyzeDocument(doc)), comparable(engine.analyze({ path, text: doc.text })), 'settled');
  // After the host's full run, a third binding typed as one change is an exact partial run.
  typeAfter(engine, doc, path, after, '\n        model = torch.load("b.pt")');
  assert.deepEqual(doc.lastRunKind, { kind: 'partial', freshUnits: 1, units: doc.lastRunKind?.kind === 'partial' ? doc.lastRunKind.units : -1, exact: true });
  const loads = engine.analyzeDocument(doc).findings.filter((f) => f.ruleId === 'AIS102' || f.ruleId === 'AIS101');
  assert.ok(loads.length >= 2, 'both loads are reported');
  doc.dispose();
});

test('an edit that makes a method return model output re-checks its callers (the name is returned: no group)', async () => {
  const { engine, doc, path } = await open(['    def ask(self):', '        reply = "ls"', '        return reply', '', '    def act(self):', '        exec(self.ask())']);
  const result = typeAfter(engine, doc, path, '        reply = "ls"', `\n        reply = ${MODEL_TEXT}`);
  const execLine = doc.text.split('\n').indexOf('        exec(self.ask())');
  assert.ok(result.findings.some((f) => f.range.start.line === execLine && f.ruleId.startsWith('AIS28')), 'the caller executes model output');
  doc.dispose();
});

test('a local bound from a parameter is not cut off, even when the typed statement reads no parameter', async () => {
  const { engine, doc, path } = await open(['    def shell(self, command):', '        line = command', '        subprocess.run(line, shell=True)', '', '    def act(self):', `        self.shell(${MODEL_TEXT})`]);
  // Typed between the binding from the parameter and the command: the command is a constant now.
  const result = typeAfter(engine, doc, path, '        line = command', '\n        line = "ls"');
  assert.ok(!result.findings.some((f) => f.ruleId.startsWith('AIS28')), 'no model output reaches the shell');
  doc.dispose();
});

test('an edit to one statement of a group re-analyses the group\'s other statements, wherever they are', async () => {
  const { engine, doc, path } = await open(['    def show(self, batch):', '        size = len(batch)', '        code = "print(1)"', '        count = 3', '        exec(code)', '        return size']);
  const lines = doc.text.split('\n');
  const line = lines.indexOf('        code = "print(1)"');
  // `"print(1)"` becomes the model's reply: the finding is on `exec(code)`, two statements later.
  doc.applyChanges([{ range: { start: { line, column: 15 }, end: { line, column: 25 } }, text: MODEL_TEXT }]);
  const result = engine.analyzeDocument(doc);
  assert.equal(doc.lastRunKind?.kind, 'partial', JSON.stringify(doc.lastRunKind));
  assert.deepEqual(comparable(result), comparable(engine.analyze({ path, text: doc.text })));
  const execLine = doc.text.split('\n').indexOf('        exec(code)');
  assert.ok(result.findings.some((f) => f.range.start.line === execLine && f.ruleId.startsWith('AIS28')), 'the exec of the reply is found');
  doc.dispose();
});

test('a module-level name read by a `with` or `except` clause of the method is not a name the method binds', async () => {
  const special = ['    def infer(self, batch):', '        with torch.no_grad() as guard:', '            out = guard', '        try:', '            pass', '        except torch.OutOfMemoryError as error:', '            out = error', '        return out'];
  const { engine, doc, path } = await open(special, 'infer');
  typeAfter(engine, doc, path, '        return out', '\n        model = torch.load("b.pt")');
  assert.deepEqual(doc.lastRunKind, { kind: 'partial', freshUnits: 1, units: doc.lastRunKind?.kind === 'partial' ? doc.lastRunKind.units : -1, exact: true });
  doc.dispose();
});

test('a statement that adds to a module-level collection is never inert: the shell rules read what the file adds to a table', async () => {
  const engine = await loadEngine();
  const path = '/w/tools.py';
  const filler = Array.from({ length: 60 }, (_, k) => [`def helper_${k}(x):`, `    return x + ${k}`, '', ''].flat()).flat();
  const text = ['import subprocess', '', 'TOOLS = ["ls"]', '', '', 'def run_tools():', '    subprocess.run(TOOLS[-1], shell=True)', '', '', 'class Registry:', '    def register(self):', '        extra = "pwd"', '        TOOLS.append(extra)', '        return 1', '', '', ...filler].join('\n');
  const doc = engine.openDocument(path, text);
  engine.analyzeDocument(doc);
  // `"pwd"` becomes what the user types: the table is no longer built from constants.
  doc.applyChanges([{ range: { start: { line: 11, column: 16 }, end: { line: 11, column: 21 } }, text: 'input()' }]);
  const result = engine.analyzeDocument(doc);
  assert.equal(doc.lastRunKind?.kind, 'partial', JSON.stringify(doc.lastRunKind));
  assert.deepEqual(comparable(result), comparable(engine.analyze({ path, text: doc.text })));
  assert.ok(result.findings.some((f) => f.ruleId === 'AIS203' && f.range.start.line === 6), 'the command from the table is reported');
  doc.dispose();
});
