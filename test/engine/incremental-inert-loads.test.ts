/**
 * The early cutoff for a deserializing load typed into a method (`planInertEdit` in `engine/incremental/plan.ts`):
 * a load is parsed with the file's writes only when one of them can make it the program's own artefact
 * (`rules/shared/python-own-files.ts`): its statements name `self`/`cls`, or its path can reach a file name (a
 * string ending in an extension) through the statements or the names they read. A trainer class whose checkpoint
 * writer reads state that every method sets reaches most of the file from that writer, so without the test each
 * keystroke of `model = torch.load(checkpoint_path)` was a full analysis. Each run is compared with a fresh one;
 * the cases whose load's file name matches a write elsewhere fail if the writers are left out.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadEngine } from '../../server/src/host/load-engine';
import type { Engine, EngineDocument } from '../../server/src/engine/index';
import { comparable } from '../helpers/incremental-edits';

/**
 * A trainer whose `save_state` writes `state.pt`, with `special` in the middle; with `everything`, what it writes
 * is what every method sets on `self` (then the writer reaches most of the file), else a model `__init__` sets.
 */
function trainer(methods: number, special: readonly string[], head: readonly string[], everything: boolean, calledBy?: string): string {
  const lines = ['import os', 'import pickle', 'import torch', '', ...head, '', '', 'class Trainer:', '    def __init__(self, out):', '        self.out = out', '        self.model = torch.nn.Linear(2, 2)', ''];
  for (let k = 0; k < methods; k++) {
    if (k === Math.floor(methods / 2)) lines.push(...special, '');
    lines.push(`    def step_${k}(self, batch):`, `        self.metric_${k} = len(batch) + ${k}`, ...(calledBy ? [`        self.${calledBy}(batch)`] : []), `        return self.metric_${k}`, '');
  }
  const state = everything ? `{${Array.from({ length: methods }, (_, k) => `"m${k}": self.metric_${k}`).join(', ')}}` : 'self.model';
  lines.push('    def save_state(self):', `        torch.save(${state}, os.path.join(self.out, "state.pt"))`, '');
  return lines.join('\n');
}

async function open(special: readonly string[], head: readonly string[], everything: boolean, calledBy?: string): Promise<{ engine: Engine; doc: EngineDocument; path: string }> {
  const engine = await loadEngine();
  const path = '/w/trainer.py';
  const doc = engine.openDocument(path, trainer(80, special, head, everything, calledBy));
  engine.analyzeDocument(doc);
  return { engine, doc, path };
}

/**
 * Types a statement on a new line after the line `after`, as an editor sends it (Enter with the indentation as one
 * change, then one character per change); exact runs must equal a fresh analysis.
 */
function typeStatement(engine: Engine, doc: EngineDocument, path: string, after: string, statement: string, partial: boolean): void {
  const line = doc.text.split('\n').indexOf(after);
  assert.ok(line >= 0, after);
  const changes = [{ line, column: after.length, text: '\n        ' }, ...[...statement].map((text, k) => ({ line: line + 1, column: 8 + k, text }))];
  for (const change of changes) {
    const position = { line: change.line, column: change.column };
    doc.applyChanges([{ range: { start: position, end: position }, text: change.text }]);
    const result = engine.analyzeDocument(doc);
    const run = doc.lastRunKind;
    const typed = doc.text.split('\n')[line + 1];
    if (partial) assert.equal(run?.kind, 'partial', `${typed}: ${JSON.stringify(run)}`);
    if (run?.kind === 'full' || run?.exact) assert.deepEqual(comparable(result), comparable(engine.analyze({ path, text: doc.text })), `after typing ${JSON.stringify(typed)}`);
  }
}

function settled(engine: Engine, doc: EngineDocument, path: string): ReturnType<Engine['analyzeDocument']> {
  doc.forgetAnalysis();
  const result = engine.analyzeDocument(doc);
  assert.deepEqual(comparable(result), comparable(engine.analyze({ path, text: doc.text })), 'settled');
  return result;
}

const METHOD = ['    def restore(self, batch):', '        size = len(batch)', '        return size'];

test('typing a load whose path names no file in a method of a class with a far-reaching writer stays partial', async () => {
  const { engine, doc, path } = await open(METHOD, [], true);
  typeStatement(engine, doc, path, '        return size', 'model = torch.load(checkpoint_path)', true);
  // A second load joins the first in a group (they share `model`): still cut off from the writer.
  typeStatement(engine, doc, path, '        model = torch.load(checkpoint_path)', 'model = pickle.loads(blob)', true);
  const result = settled(engine, doc, path);
  assert.ok(result.findings.some((f) => f.ruleId === 'AIS102' || f.ruleId === 'AIS101'), 'the loads are reported');
  doc.dispose();
});

/**
 * Types `statement` as one change on the blank line after the method's `return` (after the host's full run, so
 * the run is exact), and checks that it stays partial, equals a fresh analysis, and that the load is the program's
 * own artefact (advisory, so not reported), which it is not when the writer writes another file.
 */
async function typeOwnLoad(statement: string, head: readonly string[]): Promise<void> {
  const { engine, doc, path } = await open(METHOD, head, false);
  typeStatement(engine, doc, path, '        return size', '', false);
  settled(engine, doc, path);
  const line = doc.text.split('\n').indexOf('        ');
  doc.applyChanges([{ range: { start: { line, column: 8 }, end: { line, column: 8 } }, text: statement }]);
  const result = engine.analyzeDocument(doc);
  assert.equal(doc.lastRunKind?.kind, 'partial', JSON.stringify(doc.lastRunKind));
  assert.deepEqual(comparable(result), comparable(engine.analyze({ path, text: doc.text })));
  const loadAt = (findings: readonly { ruleId: string; range: { start: { line: number } } }[]): boolean => findings.some((f) => f.range.start.line === line && f.ruleId.startsWith('AIS10'));
  assert.ok(!loadAt(result.findings), 'the load reads the file save_state writes');
  const otherWrite = doc.text.replace('os.path.join(self.out, "state.pt")', 'os.path.join(self.out, "other.pt")');
  assert.ok(loadAt(engine.analyze({ path, text: otherWrite }).findings), 'the load is reported when save_state writes another file');
  doc.dispose();
}

test('a load whose literal file name a write of another method writes is analysed with the writer', async () => {
  await typeOwnLoad('model = torch.load(os.path.join(checkpoint_dir, "state.pt"))', []);
});

test('a load whose path reaches a file name through a module-level name is analysed with the writer', async () => {
  await typeOwnLoad('model = torch.load(os.path.join(checkpoint_dir, STATE_FILE))', ['STATE_FILE = "state.pt"']);
});

test('names in annotations, defaults and after a dot are not names the method binds: a load typed in a method every other one calls stays partial', async () => {
  // Every method calls `restore`, so an edit its callers could see re-analyses most of the class. `torch` in the
  // annotations and the default, and `model` in `self.model`, are no local the typed statement could touch.
  const special = ['    def restore(self, batch: list[dict[str, torch.Tensor]], scale: float = torch.pi):', '        size = len(batch) * scale', '        self.model.train()', '        return size'];
  const { engine, doc, path } = await open(special, [], false, 'restore');
  typeStatement(engine, doc, path, '        return size', 'model = torch.load(checkpoint_path)', true);
  settled(engine, doc, path);
  doc.dispose();
});
