/**
 * An edit that ends inside the indentation of the line where the next unit starts changes that unit's block
 * (differential seed 5020 on the fixture corpus: deleting the blank line above a method and two of its spaces
 * made the method a top-level function in a fresh parse, while the partial run kept it as a method).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadEngine } from '../../server/src/host/load-engine';
import type { EngineDocument } from '../../server/src/engine/index';
import { apply, comparable } from '../helpers/incremental-edits';

const TEXT = [
  'import os',
  'import pickle',
  '',
  '',
  'class Memory:',
  '    def __init__(self, path):',
  '        self.path = path',
  '',
  '    def load(self):',
  '        with open(os.path.join(self.path, "m.pkl"), "rb") as f:',
  '            self.data = pickle.load(f)',
  '',
  '    def save(self):',
  '        with open(os.path.join(self.path, "m.pkl"), "wb") as f:',
  '            pickle.dump(self.data, f)',
  '',
  '',
  'def other(path):',
  '    return pickle.load(open(path, "rb"))',
  '',
].join('\n');

const roles = (doc: EngineDocument): string[] => (doc.lastRun?.units ?? []).map((u) => `${u.role} ${u.start}-${u.end}`);

test('deleting the blank line above a method and part of its indentation gives the units and findings of a fresh analysis', async () => {
  const engine = await loadEngine();
  const doc = engine.openDocument('/w/memory.py', TEXT);
  engine.analyzeDocument(doc);
  // Line 11 (0-based) is blank; the edit also takes two of the four spaces before `def save`.
  apply(doc, { line: 11, column: 0, endLine: 12, endColumn: 2, text: '' });
  const incremental = engine.analyzeDocument(doc);
  const fresh = engine.openDocument('/w/memory.py', doc.text);
  const full = engine.analyzeDocument(fresh);
  assert.deepEqual(roles(doc), roles(fresh));
  assert.deepEqual(comparable(incremental), comparable(full));
  fresh.dispose();
  doc.dispose();
});
