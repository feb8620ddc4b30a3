/**
 * A full run after an edit takes the names of the units the edit left alone from the previous run instead of
 * reading them again (`topLevelUnitsAfterEdit`). That is only right when a unit's names depend on its own text.
 * For a unit with a syntax error they do not: tree-sitter's error recovery inside it depends on the text around
 * it, so an edit after the unit can change what it defines (found by the incremental differential test, seed 5022).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { grammarsDirectory, treeSitterLoader } from '../../server/src/host/load-engine';
import { ALL_LANGUAGES, Grammars } from '../../server/src/engine/parsing/grammars';
import { topLevelUnits, topLevelUnitsAfterEdit, type TopLevelUnit } from '../../server/src/engine/incremental/units';

function described(units: readonly TopLevelUnit[] | undefined): string[] {
  return (units ?? []).map((u) => `${u.start}-${u.end}${u.hasError ? ' (error)' : ''} defines [${[...u.defines].sort().join(' ')}]`);
}

test('a unit with a syntax error is named again after an edit outside it; a clean unit keeps its names', async () => {
  const grammars = await Grammars.load(treeSitterLoader(), (file) => readFileSync(join(grammarsDirectory(), file)), ALL_LANGUAGES);
  // A snippet typed into a function's name, as the differential test's random edits do.
  const before = 'import torch\n\n\ndef load_sexec(self.code)tate(ckpt_dir, rank):\n    path = ckpt_dir + rank\n    return torch.load(path, weights_only=False)\n\n';
  const at = before.length - 1;
  const after = `${before.slice(0, at)})${before.slice(at)}`;
  const oldTree = grammars.parse('python', before);
  const newTree = grammars.parse('python', after);
  assert.ok(oldTree && newTree);
  try {
    const previous = topLevelUnits(oldTree.rootNode, 'python', before);
    const fresh = topLevelUnits(newTree.rootNode, 'python', after);
    assert.ok(previous && fresh);
    const broken = previous.find((u) => u.hasError);
    assert.ok(broken, 'the typed snippet leaves a unit with a syntax error');
    const freshBroken = fresh.find((u) => u.start === broken.start);
    // The premise: the same text before the edit names differently once text after it changed.
    assert.notDeepEqual([...(freshBroken?.defines ?? [])].sort(), [...broken.defines].sort());
    const reused = topLevelUnitsAfterEdit(newTree.rootNode, 'python', after, { units: previous, edit: { start: at, oldEnd: at, newEnd: at + 1 } });
    assert.deepEqual(described(reused), described(fresh));
    // The import before it parses the same and keeps the very unit object of the previous run.
    assert.equal(reused?.[0], previous[0]);
  } finally {
    grammars.release(oldTree);
    grammars.release(newTree);
  }
});
