/**
 * Typing inside a method of a large class, as `bench:lsp` and `bench:typing` do on real files: Enter with the
 * auto-indent as one change, then one character per change, statements whose calls stay open for many
 * keystrokes. After every keystroke an exact run must equal a fresh analysis (and keep the units a fresh run
 * records); a run with a syntax error may differ until the host's full run, which must equal a fresh analysis
 * too. Every keystroke must also stay incremental: an open call used to swallow the rest of the class in the
 * re-parse and sent each keystroke to a full analysis of the file.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadEngine } from '../../server/src/host/load-engine';
import type { Engine, EngineDocument } from '../../server/src/engine/index';
import { comparable } from '../helpers/incremental-edits';

/** A large class whose methods read the fields `__init__` sets and call each other, with findings in some of them. */
function largeClass(methods: number): string {
  const lines = [
    'import pickle',
    'import subprocess',
    'from typing import ClassVar',
    'from openai import OpenAI',
    '',
    'client = OpenAI()',
    '',
    '',
    'class Trainer:',
    '    """A trainer."""',
    '',
    // A class-level statement with a comment on its line: the comment is parsed with it.
    '    __hash__: ClassVar[None]  # type: ignore[assignment]',
    '',
    '    def __init__(self, path, prompt):',
    '        self.path = path',
    '        self.reply = client.chat.completions.create(model="m", messages=[prompt]).choices[0].message.content',
    '',
  ];
  for (let k = 0; k < methods; k++) {
    lines.push(`    def step_${k}(self, batch):`);
    lines.push(`        total = len(batch) + ${k}`);
    if (k % 10 === 3) lines.push('        subprocess.run(self.reply, shell=True)');
    if (k % 10 === 7) lines.push('        data = pickle.load(open(self.path, "rb"))');
    lines.push(k % 5 === 0 ? `        return self.step_${k + 1}(batch[:total])` : '        return total');
    lines.push('');
    // A class-level statement right after a method, as torch's `__call__ = _call_impl`.
    if (k === Math.floor(methods / 2)) lines.push(`    __call__ = step_${k}`, '');
  }
  lines.push('', 'def main():', '    return Trainer("p", "q")', '');
  return lines.join('\n');
}

function check(engine: Engine, doc: EngineDocument, path: string, context: string): void {
  const incremental = engine.analyzeDocument(doc);
  const run = doc.lastRunKind;
  assert.equal(run?.kind, 'partial', `${context}: ${JSON.stringify(run)}`);
  if (run?.kind === 'partial' && run.exact) {
    assert.deepEqual(comparable(incremental), comparable(engine.analyze({ path, text: doc.text })), context);
  }
}

/** An open, analysed document of `largeClass(methods)`. */
async function openLargeClass(methods: number): Promise<{ engine: Engine; doc: EngineDocument; path: string; text: string }> {
  const engine = await loadEngine();
  const path = '/w/trainer.py';
  const text = largeClass(methods);
  const doc = engine.openDocument(path, text);
  engine.analyzeDocument(doc);
  return { engine, doc, path, text };
}

test('typing statements with open calls inside a method of a large class stays incremental and equals a fresh analysis once settled', async () => {
  const { engine, doc, path, text } = await openLargeClass(120);
  // The last line of the middle method's body (`return self.step_61(...)`), before `__call__ = step_60`.
  const lines = text.split('\n');
  let line = lines.indexOf('    def step_60(self, batch):') + 1;
  while (lines[line + 1].startsWith('        ')) line++;
  let column = lines[line].length;
  const statements = ['model = torch.load(checkpoint_path)', 'data = pickle.loads(blob)', 'result = subprocess.run(self.reply, shell=True)', 'out = eval(self.reply)'];
  for (const statement of statements) {
    for (const change of ['\n        ', ...statement]) {
      doc.applyChanges([{ range: { start: { line, column }, end: { line, column } }, text: change }]);
      if (change.startsWith('\n')) {
        line++;
        column = 8;
      } else column++;
      check(engine, doc, path, `after typing ${JSON.stringify(doc.text.split('\n')[line])}`);
    }
    // The host's full run once typing pauses.
    doc.forgetAnalysis();
    assert.deepEqual(comparable(engine.analyzeDocument(doc)), comparable(engine.analyze({ path, text: doc.text })), `settled after ${statement}`);
  }
  const final = engine.analyzeDocument(doc);
  assert.ok(final.findings.some((f) => f.range.start.line === line && f.ruleId.startsWith('AIS28')), 'the typed eval of model output is found');
  doc.dispose();
});

test('an edit in a class with a class-level statement that has a comment on its line stays incremental', async () => {
  const { engine, doc, path, text } = await openLargeClass(60);
  const line = text.split('\n').indexOf('    def step_41(self, batch):') + 1;
  // `total = len(batch) + 41` becomes `total = 1 + len(batch) + 41`.
  doc.applyChanges([{ range: { start: { line, column: 16 }, end: { line, column: 16 } }, text: '1 + ' }]);
  const result = engine.analyzeDocument(doc);
  assert.deepEqual(doc.lastRunKind, { kind: 'partial', freshUnits: 3, units: 72, exact: true });
  assert.deepEqual(comparable(result), comparable(engine.analyze({ path, text: doc.text })));
  doc.dispose();
});

/**
 * A class whose late method executes what an earlier method returns from a model: the finding names the
 * source's line (`line 12`). Typing line breaks above both keeps that finding with its mention renumbered,
 * instead of analysing its method again with everything its flow depends on.
 */
test('a line break typed above a finding that names a later line renumbers the mention and equals a fresh analysis', async () => {
  const engine = await loadEngine();
  const path = '/w/agent.py';
  const lines = ['from openai import OpenAI', '', 'client = OpenAI()', '', '', 'class Agent:'];
  const steps = (from: number, to: number): void => {
    for (let k = from; k < to; k++) lines.push(`    def step_${k}(self, batch):`, `        total = len(batch) + ${k}`, `        return total + ${k}`, '');
  };
  steps(0, 15);
  lines.push('    def ask(self, question):', '        return client.chat.completions.create(model="m", messages=[question]).choices[0].message.content', '');
  steps(15, 30);
  lines.push('    def run(self, question):', '        code = self.ask(question)', '        exec(code)', '');
  const doc = engine.openDocument(path, lines.join('\n'));
  const before = engine.analyzeDocument(doc).findings.filter((f) => /line \d+/.test(f.message));
  assert.ok(before.length > 0, 'the fixture has a finding naming a line');
  // Enter at the end of `step_10` (above the source and the sink), then of `step_20` (between them).
  for (const after of ['        return total + 10', '        return total + 20']) {
    const line = doc.text.split('\n').indexOf(after);
    const position = { line, column: after.length };
    doc.applyChanges([{ range: { start: position, end: position }, text: '\n        ' }]);
    const incremental = engine.analyzeDocument(doc);
    const run = doc.lastRunKind;
    assert.equal(run?.kind, 'partial', JSON.stringify(run));
    if (run?.kind === 'partial') {
      assert.ok(run.exact);
      // (Before renumbering, the method of the finding and what its flow depends on were analysed again: 6 units.)
      assert.equal(run.freshUnits, 1, 'only the edited method is analysed again');
    }
    assert.deepEqual(comparable(incremental), comparable(engine.analyze({ path, text: doc.text })));
  }
  const after = engine.analyzeDocument(doc).findings.filter((f) => /line \d+/.test(f.message));
  assert.notDeepEqual(after.map((f) => f.message), before.map((f) => f.message), 'the mention was renumbered');
  doc.dispose();
});

/** A large TypeScript class: the constructor keeps model output in a field, methods call each other and run it. */
function largeTsClass(methods: number): string {
  const lines = [
    "import { execSync } from 'node:child_process';",
    "import OpenAI from 'openai';",
    '',
    'const client = new OpenAI();',
    '',
    'export class Trainer {',
    '  private path: string;',
    '  reply: string | null = null;',
    '',
    '  constructor(path: string) {',
    '    this.path = path;',
    '  }',
    '',
    '  async ask(prompt: string): Promise<void> {',
    "    const completion = await client.chat.completions.create({ model: 'm', messages: [{ role: 'user', content: prompt }] });",
    '    this.reply = completion.choices[0].message.content;',
    '  }',
    '',
  ];
  for (let k = 0; k < methods; k++) {
    if (k % 15 === 4) lines.push('  @logged()');
    lines.push(`  step${k}(batch: number[]): number {`);
    lines.push(`    const total = batch.length + ${k};`);
    if (k % 10 === 3) lines.push("    execSync(this.reply ?? '', { shell: '/bin/sh' });");
    if (k % 10 === 7) lines.push('    eval(this.reply ?? "");');
    lines.push(k % 5 === 0 ? `    return this.step${k + 1}(batch.slice(total));` : '    return total;');
    lines.push('  }');
    lines.push('');
  }
  lines.push('}', '', 'export function main(): Trainer {', "  return new Trainer('p');", '}', '');
  return lines.join('\n');
}

test('typing statements inside a method of a large TypeScript class re-analyses that method and equals a fresh analysis', async () => {
  const engine = await loadEngine();
  const path = '/w/trainer.ts';
  const text = largeTsClass(120);
  const doc = engine.openDocument(path, text);
  engine.analyzeDocument(doc);
  const lines = text.split('\n');
  let line = lines.indexOf('  step60(batch: number[]): number {') + 1;
  while (lines[line + 1] !== '  }') line++;
  let column = lines[line].length;
  const statements = ['const config = JSON.parse(payload);', 'const value = eval(this.reply ?? "");', "execSync(this.reply ?? '', { shell: '/bin/sh' });", 'const out = helper(this.path);'];
  let fewUnits = 0;
  for (const statement of statements) {
    for (const change of ['\n    ', ...statement]) {
      doc.applyChanges([{ range: { start: { line, column }, end: { line, column } }, text: change }]);
      if (change.startsWith('\n')) {
        line++;
        column = 4;
      } else column++;
      const incremental = engine.analyzeDocument(doc);
      const run = doc.lastRunKind;
      const context = `after typing ${JSON.stringify(doc.text.split('\n')[line])}: ${JSON.stringify(run)}`;
      // (An edit that changes what the method's callers see may reach most of the file through the fields of `this`.)
      if (run?.kind === 'partial') {
        // The class is split into its header, members and end: far more units than the file's top level.
        assert.ok(run.units > 120, context);
        if (run.freshUnits < 10) fewUnits++;
        if (run.exact) assert.deepEqual(comparable(incremental), comparable(engine.analyze({ path, text: doc.text })), context);
      }
    }
    doc.forgetAnalysis();
    assert.deepEqual(comparable(engine.analyzeDocument(doc)), comparable(engine.analyze({ path, text: doc.text })), `settled after ${statement}`);
  }
  assert.ok(fewUnits > 0, 'some keystrokes re-analyse only the edited method and what it is linked to');
  const final = engine.analyzeDocument(doc);
  assert.ok(final.findings.some((f) => f.range.start.line === line - 2), 'the typed eval of model output is found');
  doc.dispose();
});

test('an edit in a method of a TypeScript class that reads a field re-analyses the members that assign it, and equals a fresh analysis', async () => {
  const engine = await loadEngine();
  const path = '/w/trainer.ts';
  const text = largeTsClass(40);
  const doc = engine.openDocument(path, text);
  engine.analyzeDocument(doc);
  const line = text.split('\n').indexOf('  step21(batch: number[]): number {') + 1;
  // `const total = batch.length + 21;` becomes `const total = batch.length + 21 + eval(this.reply);`.
  const column = '    const total = batch.length + 21'.length;
  doc.applyChanges([{ range: { start: { line, column }, end: { line, column } }, text: ' + eval(this.reply ?? "")' }]);
  const result = engine.analyzeDocument(doc);
  const run = doc.lastRunKind;
  assert.equal(run?.kind, 'partial', JSON.stringify(run));
  assert.deepEqual(comparable(result), comparable(engine.analyze({ path, text: doc.text })));
  assert.ok(result.findings.some((f) => f.range.start.line === line && f.ruleId === 'AIS280'), 'the eval of the field that holds model output is found');
  doc.dispose();
});
