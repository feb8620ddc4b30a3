/**
 * A bare name typed in a method (the first word of a statement being typed) is an inert statement whatever it names
 * (`readsOnly` in `engine/incremental/interface.ts`): it calls, binds and changes nothing. Before, a first word
 * spelling a parameter or a comprehension's variable of the method (`m` before `model = ...`, in a method with
 * `[tok for tok, m in pairs if m]`, as in trl's `_tokenize_prompts`) changed what the method's callers may see, and
 * the callers reached most of the class: a full analysis for that keystroke. Each run is checked partial, and every
 * exact one equal to a fresh analysis.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadEngine } from '../../server/src/host/load-engine';
import { comparable } from '../helpers/incremental-edits';

/** A class whose `summary` reaches every method through `self`, and whose `restore` calls it. */
function trainer(methods: number): string {
  const lines = ['import torch', '', '', 'class Trainer:', '    def __init__(self, out):', '        self.out = out', ''];
  for (let k = 0; k < methods; k++) lines.push(`    def step_${k}(self, batch):`, `        self.metric_${k} = len(batch) + ${k}`, `        return self.metric_${k}`, '');
  lines.push('    def summary(self):', `        return [${Array.from({ length: methods }, (_, k) => `self.metric_${k}`).join(', ')}]`, '');
  lines.push('    def restore(self, model_path, pairs):', '        kept = [tok for tok, m in pairs if m]', '        size = len(kept)', '        return self.summary(), size, model_path', '');
  return lines.join('\n');
}

test('typing a statement whose first word names a parameter or a comprehension variable of the method stays partial', async () => {
  const engine = await loadEngine();
  const path = '/w/trainer.py';
  const doc = engine.openDocument(path, trainer(80));
  engine.analyzeDocument(doc);
  let after = '        size = len(kept)';
  for (const statement of ['model = torch.load(checkpoint)', 'model_path_copy = 1']) {
    const line = doc.text.split('\n').indexOf(after);
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
    after = `        ${statement}`;
  }
  doc.dispose();
});
