/**
 * The incremental re-parse of analysis windows (`parsing/ranged-parse.ts`) and the chunked input of partial
 * parses (`parsing/runtime.ts`): a window is re-parsed from the last clean window tree of its shape, the result
 * is the tree a fresh parse gives, and a window with a syntax error is parsed from scratch as before.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Range as TreeRange, Tree } from 'web-tree-sitter';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { grammarsDirectory, loadEngine, treeSitterLoader } from '../../server/src/host/load-engine';
import type { Engine } from '../../server/src/engine/index';
import { ALL_LANGUAGES, Grammars } from '../../server/src/engine/parsing/grammars';
import { RangedParseMemo } from '../../server/src/engine/parsing/ranged-parse';
import { chunksWithin } from '../../server/src/engine/parsing/runtime';
import { TextIndex } from '../../server/src/engine/text-index';
import { comparable } from '../helpers/incremental-edits';

function loadGrammars(): Promise<Grammars> {
  return Grammars.load(treeSitterLoader(), (file) => readFileSync(join(grammarsDirectory(), file)), ALL_LANGUAGES);
}

/** The engine's parser, which the typing test watches (the engine keeps it private). */
function grammarsOf(engine: Engine): Grammars {
  return (engine as unknown as { grammars: Grammars }).grammars;
}

/** A class of `methods` methods, each with a few statements, after an import. */
function classSource(methods: number): string {
  const lines = ['import pickle', '', '', 'class Service:', '    limit = 3', ''];
  for (let k = 0; k < methods; k++) lines.push(`    def step_${k}(self, blob):`, `        total = len(blob) + ${k}`, '        return total', '');
  return `${lines.join('\n')}\n`;
}

function rangesOf(text: string, spans: [number, number][]): TreeRange[] {
  const index = new TextIndex(text);
  return spans.map(([start, end]) => ({ startIndex: start, endIndex: end, startPosition: index.pointAt(start), endPosition: index.pointAt(end) }));
}

/** Records, for each parse with included ranges, whether it was given an old tree. */
function spyOnRangedParses(grammars: Grammars): { calls: boolean[]; restore: () => void } {
  const original = grammars.parse.bind(grammars);
  const calls: boolean[] = [];
  grammars.parse = (...args: Parameters<Grammars['parse']>): Tree | null => {
    if (args[4]) calls.push(Boolean(args[2]));
    return original(...args);
  };
  return { calls, restore: () => (grammars.parse = original) };
}

test('a window is re-parsed from the kept tree and gives the tree a fresh parse gives', async () => {
  const grammars = await loadGrammars();
  const memo = new RangedParseMemo(grammars);
  let text = classSource(30);
  const methodAt = text.indexOf('    def step_15');
  const windowEnd = text.indexOf('    def step_16');
  const spans = (shift: number): [number, number][] => [
    [0, text.indexOf('\n') + 1],
    [text.indexOf('class Service'), text.indexOf('    def step_0')],
    [methodAt, windowEnd + shift],
  ];
  const first = memo.parse('python', text, rangesOf(text, spans(0)));
  assert.ok(first && !first.rootNode.hasError);
  grammars.release(first);
  // Type `x = 1` at the end of the method's first statement line, as its own statement.
  const at = text.indexOf('\n', methodAt + 30);
  const inserted = '\n        x = 1';
  const before = new TextIndex(text);
  const next = text.slice(0, at) + inserted + text.slice(at);
  const after = new TextIndex(next);
  memo.edit({ startIndex: at, oldEndIndex: at, newEndIndex: at + inserted.length, startPosition: before.pointAt(at), oldEndPosition: before.pointAt(at), newEndPosition: after.pointAt(at + inserted.length) });
  text = next;
  const spy = spyOnRangedParses(grammars);
  const again = memo.parse('python', text, rangesOf(text, spans(inserted.length)));
  spy.restore();
  assert.deepEqual(spy.calls, [true], 'the second parse was given the kept tree');
  const fresh = grammars.parse('python', text, null, undefined, rangesOf(text, spans(inserted.length)));
  assert.ok(again && fresh);
  assert.equal(again.rootNode.toString(), fresh.rootNode.toString());
  assert.match(again.rootNode.toString(), /assignment/);
  grammars.release(again);
  grammars.release(fresh);
  memo.clear();
});

test('a window whose ranges are not those of a kept tree, or that follows a parse with an error, is parsed from scratch', async () => {
  const grammars = await loadGrammars();
  const memo = new RangedParseMemo(grammars);
  const text = classSource(30);
  const spy = spyOnRangedParses(grammars);
  try {
    const whole = memo.parse('python', text, rangesOf(text, [[0, text.length]]));
    grammars.release(whole);
    // A window of another shape (inside the kept tree's range): an old tree of another shape can give a tree
    // that differs from a fresh parse where a range ended before.
    const small = memo.parse('python', text, rangesOf(text, [[0, text.indexOf('\n') + 1]]));
    grammars.release(small);
    assert.deepEqual(spy.calls, [false, false]);
    // A broken text: its parse has an error, and the next parse starts from scratch too.
    const broken = `${text}    def half(self:\n`;
    const memoBroken = new RangedParseMemo(grammars);
    const one = memoBroken.parse('python', broken, rangesOf(broken, [[0, broken.length]]));
    assert.ok(one?.rootNode.hasError);
    grammars.release(one);
    const two = memoBroken.parse('python', broken, rangesOf(broken, [[0, broken.length]]));
    grammars.release(two);
    assert.deepEqual(spy.calls, [false, false, false, false]);
    memoBroken.clear();
  } finally {
    spy.restore();
    memo.clear();
  }
});

test('a partial parse reads its input in chunks that end where the range being read ends', () => {
  const text = 'a'.repeat(100);
  const read = chunksWithin(text, [
    { startIndex: 10, endIndex: 20, startPosition: { row: 0, column: 10 }, endPosition: { row: 0, column: 20 } },
    { startIndex: 50, endIndex: 60, startPosition: { row: 0, column: 50 }, endPosition: { row: 0, column: 60 } },
  ]);
  assert.equal(read(10).length, 10);
  assert.equal(read(15).length, 5);
  // Between ranges: up to the next range's start.
  assert.equal(read(30).length, 20);
  assert.equal(read(55).length, 5);
  // After the last range: the rest of the text; at its end: nothing (the end of the input).
  assert.equal(read(90).length, 10);
  assert.equal(read(100), '');
});

test('typing in a method of a large class re-parses its windows incrementally and still equals a fresh analysis', async () => {
  const engine = await loadEngine();
  const text = classSource(60);
  const doc = engine.openDocument('/w/service.py', text);
  engine.analyzeDocument(doc);
  const line = text.split('\n').findIndex((l) => l.startsWith('    def step_30')) + 1;
  const column = '        total = len(blob) + 30'.length;
  const typed = '\n        data = pickle.loads(blob)';
  const spy = spyOnRangedParses(grammarsOf(engine));
  try {
    let at = { line, column };
    for (const ch of typed) {
      doc.applyChanges([{ range: { start: at, end: at }, text: ch }]);
      at = ch === '\n' ? { line: at.line + 1, column: 0 } : { line: at.line, column: at.column + 1 };
      const result = engine.analyzeDocument(doc);
      const run = doc.lastRunKind;
      if (run?.kind === 'partial' && run.exact) assert.deepEqual(comparable(result), comparable(engine.analyze({ path: '/w/service.py', text: doc.text })));
    }
  } finally {
    spy.restore();
  }
  assert.ok(spy.calls.filter(Boolean).length > typed.length / 2, `most window parses reused an old tree (${spy.calls.filter(Boolean).length} of ${spy.calls.length})`);
  doc.forgetAnalysis();
  const settled = engine.analyzeDocument(doc);
  assert.deepEqual(comparable(settled), comparable(engine.analyze({ path: '/w/service.py', text: doc.text })));
  assert.ok(settled.findings.length > 0, 'the typed pickle.loads is reported');
  doc.dispose();
});
