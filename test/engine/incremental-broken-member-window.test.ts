/**
 * A statement typed into a TypeScript class body, where it parses only as an error (`const value = eval(x);`
 * between two methods), breaks the class on every keystroke until typing stops. The plan analyses such a broken
 * unit without what it refers to (`planPartial`), so the window is parsed without those units too
 * (`leanWindow`): one window parse per keystroke while the class stays broken the same way. Before, the window brought the interface and module-level
 * declarations the class referred to, and the partial run parsed the text a second time without them.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadEngine } from '../../server/src/host/load-engine';
import type { EngineDocument } from '../../server/src/engine/index';
// @ts-expect-error the benchmark's generator is plain JavaScript
import { typescriptFile } from '../../bench/sources.mjs';

/** Counts the window parses of each analysis of `doc`. */
function countWindowParses(doc: EngineDocument): { take: () => number } {
  let parses = 0;
  const parse = doc.windowSyntaxTree.bind(doc);
  doc.windowSyntaxTree = (ranges, shouldStop) => {
    parses++;
    return parse(ranges, shouldStop);
  };
  return {
    take: () => {
      const counted = parses;
      parses = 0;
      return counted;
    },
  };
}

test('typing a statement that breaks a TypeScript class parses the window once per keystroke', async () => {
  const engine = await loadEngine();
  const text = typescriptFile(600) as string;
  const doc = engine.openDocument('/w/services.ts', text);
  engine.analyzeDocument(doc);
  const parses = countWindowParses(doc);
  // Between the constructor and the first method of a class in the middle of the file, two statements (as `bench:lsp` types).
  let line = text.split('\n').findIndex((l, i) => i > 300 && l.includes('constructor(')) + 1;
  const brokenKeystrokes: number[] = [];
  for (const statement of ['    const value = eval(userInput);\n', '    const parsed = yaml.load(text, { schema: yaml.DEFAULT_FULL_SCHEMA });\n']) {
    let column = 0;
    for (const character of statement) {
      doc.applyChanges([{ range: { start: { line, column }, end: { line, column } }, text: character }]);
      if (character === '\n') {
        line++;
        column = 0;
      } else column++;
      engine.analyzeDocument(doc);
      const run = doc.lastRunKind;
      assert.equal(run?.kind, 'partial', JSON.stringify(run));
      // A keystroke that refreshes only the broken class (not its neighbours, whose restructuring brings more).
      if (run?.kind === 'partial' && !run.exact && run.freshUnits === 1) brokenKeystrokes.push(parses.take());
      else parses.take();
    }
  }
  // Some keystrokes change how tree-sitter recovers (the class's methods split off again), and the window tried
  // first then does not fit; most keep the class broken as it was, and those parse once.
  const once = brokenKeystrokes.filter((n) => n === 1).length;
  assert.ok(brokenKeystrokes.length >= 60, `keystrokes typed into the broken class: ${brokenKeystrokes.length}`);
  assert.ok(once >= brokenKeystrokes.length / 2, `window parses per keystroke: ${brokenKeystrokes.join(' ')}`);
  doc.dispose();
});
