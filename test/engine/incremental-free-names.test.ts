/**
 * The early cutoff's parse of a statement typed in a method (`planInertEdit` in `engine/incremental/plan.ts`) takes
 * what the statement's free names refer to, and a method's local collection changed in place (`result.append(x)`)
 * is not one of them (`engine/incremental/free-name-definers.ts`). In a class whose methods each build a local
 * `result` from attributes every other method reaches, typing `result = ...` passes through a bare `result`, and
 * that statement's context was most of the file: a full analysis per keystroke (pandas' `generic.py`). Each run
 * is checked partial, and every exact one equal to a fresh analysis; a module-level table that methods change in
 * place keeps them as its definers.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadEngine } from '../../server/src/host/load-engine';
import type { Engine, EngineDocument } from '../../server/src/engine/index';
import { comparable } from '../helpers/incremental-edits';

/** A class whose `collect_k` methods each build a local `result` from `self.metric_k`, which `step_k` sets; `restore` reaches them all. */
function collector(methods: number, head: readonly string[], extra: readonly string[]): string {
  const lines = ['import subprocess', '', ...head, '', '', 'class Collector:', '    def __init__(self, out):', '        self.out = out', ''];
  for (let k = 0; k < methods; k++) {
    lines.push(`    def step_${k}(self, batch):`, `        self.metric_${k} = len(batch) + ${k}`, '');
    lines.push(`    def collect_${k}(self):`, '        result = []', `        result.append(self.metric_${k})`, '        return result', '');
  }
  lines.push(...extra);
  lines.push('    def summary(self):', `        return [${Array.from({ length: methods }, (_, k) => `self.collect_${k}()`).join(', ')}]`, '');
  lines.push('    def restore(self, command):', '        size = len(command)', '        return self.summary(), size', '');
  return lines.join('\n');
}

/** Types `statement` on a new line after `        size = len(command)`, one change per key, as an editor sends it. */
function typeStatement(engine: Engine, doc: EngineDocument, path: string, statement: string): void {
  const after = '        size = len(command)';
  const line = doc.text.split('\n').indexOf(after);
  assert.ok(line >= 0);
  const changes = [{ line, column: after.length, text: '\n        ' }, ...[...statement].map((text, k) => ({ line: line + 1, column: 8 + k, text }))];
  for (const change of changes) {
    const position = { line: change.line, column: change.column };
    doc.applyChanges([{ range: { start: position, end: position }, text: change.text }]);
    const result = engine.analyzeDocument(doc);
    const run = doc.lastRunKind;
    const typed = doc.text.split('\n')[line + 1];
    assert.equal(run?.kind, 'partial', `${typed}: ${JSON.stringify(run)}`);
    if (run?.kind === 'partial' && run.exact) assert.deepEqual(comparable(result), comparable(engine.analyze({ path, text: doc.text })), `after typing ${JSON.stringify(typed)}`);
  }
  doc.forgetAnalysis();
  assert.deepEqual(comparable(engine.analyzeDocument(doc)), comparable(engine.analyze({ path, text: doc.text })), 'settled');
}

test("typing a name that other methods' locals change in place stays partial", async () => {
  const engine = await loadEngine();
  const path = '/w/collector.py';
  const doc = engine.openDocument(path, collector(60, [], []));
  engine.analyzeDocument(doc);
  typeStatement(engine, doc, path, 'result = subprocess.run(user_command(), shell=True)');
  doc.dispose();
});

test('a module-level table that a method changes in place stays a definer of its name', async () => {
  const engine = await loadEngine();
  const path = '/w/collector.py';
  // `extend` adds a value the operator does not control to a table that was constant: the shell rule's verdict on
  // a command built from it depends on the method, which must be parsed with the typed statement.
  const extra = ['    def widen(self):', '        COMMANDS.extend(self.out)', ''];
  for (const head of [['COMMANDS = ["ls", "-l"]'], []]) {
    const global = head.length === 0 ? ['    def reset(self):', '        global COMMANDS', '        COMMANDS = ["ls"]', ''] : [];
    const doc = engine.openDocument(path, collector(60, head, [...extra, ...global]));
    engine.analyzeDocument(doc);
    typeStatement(engine, doc, path, 'subprocess.run(" ".join(COMMANDS), shell=True)');
    doc.dispose();
  }
});
