/**
 * Incremental analysis of a notebook's joined code cells (as the language server keeps an open notebook) must
 * give what a fresh analysis of the same cells gives. Differential test: a notebook of generated service cells,
 * a cell that writes a checkpoint and cells that load it is edited with seeded random edits, each confined to
 * one cell as an editor sends them (typing a snippet one key at a time, so calls stay open for a while,
 * pasting helpers, deleting, renaming) and applied as the language server applies them (in place,
 * `editCodeCell`, unless they change the line breaks between cells), plus scripted edits that catch the shortcuts the notebook path takes:
 * a call left open in a cell (the parser's text blanks it, `containCellErrors`, and the window stops at the
 * cell), a write of the loaded file added and removed in another cell (loads refer to writes, not to other
 * loads), and a module-level statement typed between imports and code (it moves no import a fix adds unless
 * it is an import). After every edit the result is compared with a fresh document of the same cells; an
 * inexact run is settled by a full run first, as the language server does once typing pauses.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadEngine } from '../../server/src/host/load-engine';
import { joinCodeCells } from '../../server/src/engine/index';
import type { Engine, EngineDocument } from '../../server/src/engine/index';
import { comparable, nextEdits, random, type Edit } from '../helpers/incremental-edits';
// @ts-expect-error the benchmark's generator is plain JavaScript
import { pythonNotebookCells } from '../../bench/sources.mjs';

const IMPORTS = 'import pickle\nimport torch\nimport yaml\nimport subprocess\n';
const WRITER = 'def save_cache(state):\n    with open("cache.pkl", "wb") as f:\n        pickle.dump(state, f)\n';
const LOADER = 'def resume():\n    with open("cache.pkl", "rb") as f:\n        return pickle.load(f)\n';

function cellsOf(): string[] {
  const services: string[] = pythonNotebookCells(8);
  return [IMPORTS, ...services.slice(1, 4), WRITER, ...services.slice(4, 7), LOADER, 'state = pickle.loads(blob)\n'];
}

/** An edit given in a cell's coordinates as offsets in that cell's text. */
function cellSpan(text: string, edit: Edit): CellEdit {
  const lines = text.split('\n');
  const offsetOf = (line: number, column: number): number => lines.slice(0, line).reduce((n, l) => n + l.length + 1, 0) + column;
  return { start: offsetOf(edit.line, edit.column), end: offsetOf(edit.endLine, edit.endColumn), text: edit.text };
}

interface CellEdit {
  start: number;
  end: number;
  text: string;
}

class OpenNotebook {
  readonly document: EngineDocument;
  constructor(
    engine: Engine,
    readonly cells: string[],
  ) {
    const joined = this.joined();
    this.document = engine.openNotebookCode('/w/edited.ipynb', joined.text, 'python', joined.starts);
  }

  /**
   * Replaces a cell's text, as the language server does: an edit that keeps the line breaks between the cells
   * (the cell is not empty and still ends with a line break, or still does not) is applied in place
   * (`editCodeCell`), any other by joining the cells again (`replaceText`).
   */
  edit(cell: number, change: CellEdit | string): void {
    const before = this.cells[cell];
    const next = typeof change === 'string' ? change : before.slice(0, change.start) + change.text + before.slice(change.end);
    this.cells[cell] = next;
    if (typeof change !== 'string' && before.length > 0 && next.length > 0 && before.endsWith('\n') === next.endsWith('\n')) {
      const at = this.document.codeCellStarts[cell];
      this.document.editCodeCell(cell, at + change.start, at + change.end, change.text);
      this.inPlace++;
      return;
    }
    const joined = this.joined();
    this.document.replaceText(joined.text, joined.starts);
  }

  /** How many edits were applied in place. */
  inPlace = 0;

  joined(): ReturnType<typeof joinCodeCells> {
    return joinCodeCells(this.cells.map((source, index) => ({ index, kind: 'code' as const, source })));
  }
}

function check(engine: Engine, open: OpenNotebook, context: () => string): 'exact' | 'inexact' | 'full' {
  let result = engine.analyzeDocument(open.document);
  const run = open.document.lastRunKind;
  const kind = run?.kind === 'full' ? 'full' : run?.exact ? 'exact' : 'inexact';
  if (kind === 'inexact') {
    open.document.forgetAnalysis();
    result = engine.analyzeDocument(open.document);
  }
  const joined = open.joined();
  const fresh = engine.openNotebookCode('/w/edited.ipynb', joined.text, 'python', joined.starts);
  try {
    assert.deepEqual(comparable(result), comparable(engine.analyzeDocument(fresh)), `${context()}; run ${JSON.stringify(run)}\n--- cells ---\n${open.cells.map((c, i) => `# cell ${i + 1}\n${c}`).join('\n')}`);
  } finally {
    fresh.dispose();
  }
  return kind;
}

test('a notebook edited cell by cell is analysed incrementally with the result of a fresh analysis (differential)', async () => {
  const engine = await loadEngine();
  const seed = Number(process.env.AISEC_INCREMENTAL_SEED ?? 4000);
  const rnd = random(seed);
  const open = new OpenNotebook(engine, cellsOf());
  engine.analyzeDocument(open.document);
  const kinds = { exact: 0, inexact: 0, full: 0 };
  let edits = 0;
  for (let step = 0; step < Number(process.env.AISEC_INCREMENTAL_STEPS ?? 30); step++) {
    const cell = Math.floor(rnd() * open.cells.length);
    for (const edit of nextEdits(open.cells[cell], 'py', rnd)) {
      open.edit(cell, cellSpan(open.cells[cell], edit));
      edits++;
      kinds[check(engine, open, () => `seed ${seed}, edit ${edits} in cell ${cell + 1}: ${JSON.stringify(edit)}`)]++;
    }
  }
  open.document.dispose();
  // Most runs must take the partial path for the test to be worth something, and most edits the in-place path.
  assert.ok(kinds.exact + kinds.inexact > edits * 0.5, `runs: ${JSON.stringify(kinds)} of ${edits}`);
  assert.ok(open.inPlace > edits * 0.5, `${open.inPlace} of ${edits} edits were applied in place`);
});

test('a call left open in a cell, a write added in another cell and a statement typed among the imports re-check only what they reach', async () => {
  const engine = await loadEngine();
  const open = new OpenNotebook(engine, cellsOf());
  // The load of a checkpoint the notebook writes itself is advisory, so the default profile does not report it.
  const ownCheckpoint = (): boolean => {
    const lines = open.document.text.split('\n');
    return !engine.analyzeDocument(open.document).findings.some((f) => lines[f.range.start.line]?.includes('return pickle.load(f)'));
  };
  engine.analyzeDocument(open.document);
  const type = (cell: number, at: number, text: string): string[] => {
    const kinds: string[] = [];
    for (const character of text) {
      open.edit(cell, { start: at, end: at, text: character });
      at++;
      kinds.push(check(engine, open, () => `typing ${JSON.stringify(text)} in cell ${cell + 1}`));
    }
    return kinds;
  };
  // Typed at the top of a service cell: the call stays open for most keystrokes, above the cell's class.
  const typedOpen = type(2, 0, 'data = pickle.loads(blob)\nmodel = torch.load(checkpoint_path)\n');
  assert.ok(typedOpen.filter((k) => k === 'full').length <= 6, `typing above a class in a cell ran in full ${typedOpen.filter((k) => k === 'full').length} times: ${typedOpen.join(' ')}`);
  // The loader cell's load becomes the program's own checkpoint once a cell writes the same file, and not after.
  const writer = open.cells.indexOf(WRITER);
  assert.ok(ownCheckpoint(), 'the load of the checkpoint another cell writes is advisory');
  open.edit(writer, '# no checkpoint written\n');
  check(engine, open, () => 'after removing the write');
  assert.ok(!ownCheckpoint(), 'without the write the load is not the program\'s own checkpoint');
  open.edit(writer, WRITER);
  check(engine, open, () => 'after adding the write back');
  assert.ok(ownCheckpoint());
  // A statement typed after the imports: findings whose fix adds an import keep their places.
  const typedStatement = type(0, IMPORTS.length, 'threshold = 3\n');
  assert.ok(typedStatement.filter((k) => k === 'full').length <= 1, `a module-level statement ran in full: ${typedStatement.join(' ')}`);
  open.document.dispose();
});
