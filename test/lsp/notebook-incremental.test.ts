/**
 * Open notebooks are analysed incrementally: their joined code cells are one engine document that each cell
 * edit edits. Differential test: after every random keystroke, paste and deletion in a cell, the cells'
 * diagnostics equal those of the same notebook opened afresh (fixes included), and the findings equal what
 * `aisec scan` finds in the `.ipynb` file (rule, cell, range in the cell, message, severity).
 */
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { NotebookCellKind } from 'vscode-languageserver';
import type { Diagnostic, DidOpenNotebookDocumentParams, TextDocumentContentChangeEvent } from 'vscode-languageserver';
import { loadEngine } from '../../server/src/host/load-engine';
import type { Engine, EngineConfig } from '../../server/src/engine/index';
import { Analysis } from '../../server/src/lsp/analysis';
import { OpenNotebooks } from '../../server/src/lsp/open-notebooks';
import { NoteLog } from '../../server/src/lsp/rule-failures';
import { resolve } from '../../server/src/lsp/settings-store';
import { DEFAULT_SETTINGS } from '../../server/src/shared/settings';
import { nextEdits, random } from '../helpers/incremental-edits';
// @ts-expect-error the benchmark's generator is plain JavaScript
import { pythonNotebookCells } from '../../bench/sources.mjs';

interface Cell {
  kind: 'code' | 'markdown';
  source: string;
}

const PATH = '/w/explore.ipynb';
const NOTEBOOK_URI = 'file:///w/explore.ipynb';
const cellUri = (i: number): string => `vscode-notebook-cell:/w/explore.ipynb#cell${i}`;

/** The shipped example notebook, and one with magics, a secret, model output run as code and cells that use other cells' imports. */
function notebooks(): { name: string; cells: Cell[] }[] {
  const example = JSON.parse(readFileSync(join(__dirname, '..', '..', 'examples', 'ml-service', 'notebooks', 'error-analysis.ipynb'), 'utf8')) as { cells: { cell_type: string; source: string | string[] }[] };
  const shipped = example.cells.map((cell) => ({ kind: cell.cell_type === 'markdown' ? ('markdown' as const) : ('code' as const), source: Array.isArray(cell.source) ? cell.source.join('') : cell.source }));
  const agent: Cell[] = [
    { kind: 'code', source: '%pip install openai requests==2.19.0\nimport os\nimport subprocess\nimport yaml\nfrom openai import OpenAI\n' },
    { kind: 'markdown', source: '## Ask the model\n' },
    { kind: 'code', source: 'client = OpenAI(api_key="sk-proj-Zq8vR2mXk4LpT7nW1cY9bH3sD6fJ0gA5eU2iO8rK")\n\ndef ask(q):\n    return client.chat.completions.create(model="m", messages=[q]).choices[0].message.content\n' },
    { kind: 'code', source: 'reply = ask("list files")\nsubprocess.run(reply, shell=True)\n' },
    { kind: 'code', source: 'config = yaml.load(open("c.yml"), Loader=yaml.Loader)\n!echo done\n' },
    { kind: 'code', source: 'from transformers import AutoModel\nmodel = AutoModel.from_pretrained("org/model", trust_remote_code=True)\n' },
  ];
  return [
    { name: 'examples/ml-service/notebooks/error-analysis.ipynb', cells: shipped },
    { name: 'an agent notebook', cells: agent },
  ];
}

function openParams(cells: readonly Cell[]): DidOpenNotebookDocumentParams {
  return {
    notebookDocument: { uri: NOTEBOOK_URI, notebookType: 'jupyter-notebook', version: 1, cells: cells.map((cell, i) => ({ kind: cell.kind === 'markdown' ? NotebookCellKind.Markup : NotebookCellKind.Code, document: cellUri(i) })) },
    cellTextDocuments: cells.map((cell, i) => ({ uri: cellUri(i), languageId: cell.kind === 'markdown' ? 'markdown' : 'python', version: 1, text: cell.source })),
  };
}

function ipynb(cells: readonly Cell[]): string {
  return JSON.stringify({ cells: cells.map((cell) => ({ cell_type: cell.kind, source: cell.source, metadata: {}, outputs: [] })), metadata: { language_info: { name: 'python' } }, nbformat: 4, nbformat_minor: 5 });
}

/** What `aisec scan` reports for the `.ipynb` file, per cell, in the editor's terms. */
function scanned(engine: Engine, cells: readonly Cell[], config: EngineConfig): string[] {
  const result = engine.analyze({ path: PATH, text: ipynb(cells), config });
  return result.findings
    .filter((finding) => finding.notebook)
    .map((finding) => {
      const { start, end } = finding.notebook!.cellRange;
      return JSON.stringify([cellUri(finding.notebook!.cellIndex), finding.ruleId, start.line, start.column, end.line, end.column, finding.message, finding.advisory === 'hint' ? 'hint' : finding.severity]);
    })
    .sort();
}

const SEVERITY = ['', 'error', 'warning', 'info', 'hint'];

function published(byCell: ReadonlyMap<string, Diagnostic[]>): string[] {
  return [...byCell]
    .flatMap(([uri, diagnostics]) => diagnostics.filter((d) => d.code !== undefined).map((d) => JSON.stringify([uri, d.code, d.range.start.line, d.range.start.character, d.range.end.line, d.range.end.character, d.message, SEVERITY[d.severity ?? 0]])))
    .sort();
}

test('an edited notebook gets the diagnostics of a fresh analysis and of aisec scan after every edit (differential)', async () => {
  const engine = await loadEngine();
  const analysis = new Analysis(engine, () => ({}), new NoteLog(() => undefined));
  const resolved = resolve(DEFAULT_SETTINGS, undefined, undefined, PATH);
  let runs = 0;
  let partialRuns = 0;
  for (const [index, notebook] of notebooks().entries()) {
    const seed = Number(process.env.AISEC_INCREMENTAL_SEED ?? 3000) + index;
    const rnd = random(seed);
    const cells = notebook.cells.map((cell) => ({ ...cell }));
    const open = new OpenNotebooks(engine);
    open.open(openParams(cells));
    const cellUris = cells.map((_, i) => cellUri(i));
    analysis.analyzeNotebookCode(open.get(NOTEBOOK_URI)!.code, cellUris, resolved);
    const versions = cells.map(() => 1);
    let version = 1;
    for (let step = 0; step < Number(process.env.AISEC_INCREMENTAL_STEPS ?? 8); step++) {
      const codeCells = cells.flatMap((cell, i) => (cell.kind === 'code' ? [i] : []));
      const target = codeCells[Math.floor(rnd() * codeCells.length)]!;
      for (const edit of nextEdits(cells[target]!.source, 'py', rnd)) {
        const document = open.cell(cellUri(target))!.document;
        const range = { start: { line: edit.line, character: edit.column }, end: { line: edit.endLine, character: edit.endColumn } };
        open.change({
          notebookDocument: { uri: NOTEBOOK_URI, version: ++version },
          change: { cells: { textContent: [{ document: { uri: cellUri(target), version: ++versions[target]! }, changes: [{ range, text: edit.text }] }] } },
        });
        cells[target]!.source = document.text;
        const code = open.get(NOTEBOOK_URI)!.code;
        let outcome = analysis.analyzeNotebookCode(code, cellUris, resolved);
        runs++;
        const run = code.document.lastRunKind;
        if (run?.kind === 'partial') partialRuns++;
        if (run?.kind === 'partial' && !run.exact) {
          // As in the editor: a run on a syntax error may differ until the full run once typing pauses.
          code.document.forgetAnalysis();
          outcome = analysis.analyzeNotebookCode(code, cellUris, resolved);
        }
        const context = `${notebook.name} (seed ${seed}), cell ${target + 1} after ${JSON.stringify(edit)}; run ${JSON.stringify(run)}\n${cells.map((c, i) => `--- cell ${i + 1} (${c.kind})\n${c.source}`).join('\n')}`;
        const fresh = new OpenNotebooks(engine);
        fresh.open(openParams(cells));
        assert.deepEqual(outcome.byCell, analysis.analyzeNotebookCode(fresh.get(NOTEBOOK_URI)!.code, cellUris, resolved).byCell, `fresh analysis: ${context}`);
        fresh.dispose();
        assert.deepEqual(published(outcome.byCell), scanned(engine, cells, resolved.config), `aisec scan: ${context}`);
      }
    }
    open.dispose();
  }
  // Worth something only if runs took the partial path too (in these small notebooks most edits reach most of
  // the code, so most runs are full; the next test types in a large notebook).
  assert.ok(partialRuns > runs * 0.1, `only ${partialRuns} of ${runs} runs were partial`);
});

/** The benchmark's notebook: the imports, then one class per cell. */
function generatedCells(count: number): Cell[] {
  return (pythonNotebookCells(count) as string[]).map((source) => ({ kind: 'code', source }));
}

test('typing a statement in a cell of a 20-cell notebook re-analyses only the code it affects', async () => {
  const engine = await loadEngine();
  const analysis = new Analysis(engine, () => ({}), new NoteLog(() => undefined));
  const resolved = resolve(DEFAULT_SETTINGS, undefined, undefined, PATH);
  const cells = generatedCells(20);
  cells[10]!.source = `\n${cells[10]!.source}`;
  const open = new OpenNotebooks(engine);
  open.open(openParams(cells));
  const cellUris = cells.map((_, i) => cellUri(i));
  analysis.analyzeNotebookCode(open.get(NOTEBOOK_URI)!.code, cellUris, resolved);
  const typed = 'weights = torch.load(path)';
  let partial = 0;
  for (const [column, character] of [...typed].entries()) {
    open.change({
      notebookDocument: { uri: NOTEBOOK_URI, version: column + 2 },
      change: { cells: { textContent: [{ document: { uri: cellUri(10), version: column + 2 }, changes: [{ range: { start: { line: 0, character: column }, end: { line: 0, character: column } }, text: character }] }] } },
    });
    analysis.analyzeNotebookCode(open.get(NOTEBOOK_URI)!.code, cellUris, resolved);
    if (open.get(NOTEBOOK_URI)!.code.document.lastRunKind?.kind === 'partial') partial++;
  }
  const outcome = analysis.analyzeNotebookCode(open.get(NOTEBOOK_URI)!.code, cellUris, resolved);
  assert.ok(partial > typed.length * 0.6, `only ${partial} of ${typed.length} keystrokes were analysed in part`);
  cells[10]!.source = open.cell(cellUri(10))!.document.text;
  assert.ok(published(outcome.byCell).some((line) => line.includes('"AIS102",0,10,0,26')), 'the typed torch.load is found on its cell');
  assert.deepEqual(published(outcome.byCell), scanned(engine, cells, resolved.config));
  open.dispose();
});

test('a top-level name typed in a cell does not re-analyse the cells that only pass it as a keyword argument', async () => {
  const engine = await loadEngine();
  const analysis = new Analysis(engine, () => ({}), new NoteLog(() => undefined));
  const resolved = resolve(DEFAULT_SETTINGS, undefined, undefined, PATH);
  // Every class cell calls `create(model="gpt-4o-mini", ...)`: `model` there binds a parameter, it reads no variable.
  const cells = generatedCells(20);
  cells[10]!.source = `\n${cells[10]!.source}`;
  const open = new OpenNotebooks(engine);
  open.open(openParams(cells));
  const cellUris = cells.map((_, i) => cellUri(i));
  analysis.analyzeNotebookCode(open.get(NOTEBOOK_URI)!.code, cellUris, resolved);
  const typed = 'model = 1';
  const runs: string[] = [];
  for (const [column, character] of [...typed].entries()) {
    open.change({
      notebookDocument: { uri: NOTEBOOK_URI, version: column + 2 },
      change: { cells: { textContent: [{ document: { uri: cellUri(10), version: column + 2 }, changes: [{ range: { start: { line: 0, character: column }, end: { line: 0, character: column } }, text: character }] }] } },
    });
    analysis.analyzeNotebookCode(open.get(NOTEBOOK_URI)!.code, cellUris, resolved);
    const run = open.get(NOTEBOOK_URI)!.code.document.lastRunKind;
    runs.push(run?.kind === 'partial' ? 'partial' : `full: ${run?.reason}`);
  }
  // Once the statement is complete the cell defines `model`, and the keystroke stays a partial run (`model =`
  // alone is a syntax error, which a full run may settle).
  assert.equal(runs.at(-1), 'partial', runs.join('; '));
  assert.ok(runs.filter((run) => run === 'partial').length >= typed.length - 2, runs.join('; '));
  cells[10]!.source = open.cell(cellUri(10))!.document.text;
  assert.deepEqual(published(analysis.analyzeNotebookCode(open.get(NOTEBOOK_URI)!.code, cellUris, resolved).byCell), scanned(engine, cells, resolved.config));
  open.dispose();
});

test('Enter typed after a statement above a class in a cell re-analyses that statement, not the class', async () => {
  const engine = await loadEngine();
  const analysis = new Analysis(engine, () => ({}), new NoteLog(() => undefined));
  const resolved = resolve(DEFAULT_SETTINGS, undefined, undefined, PATH);
  const cells = generatedCells(20);
  // The line break typed at the end of the statement could be the one before `class` as well: a diff of the
  // joined texts placed it there, which edited the class header and re-analysed every class of the notebook.
  cells[10]!.source = `data = pickle.loads(blob)\n${cells[10]!.source}`;
  const open = new OpenNotebooks(engine);
  open.open(openParams(cells));
  const cellUris = cells.map((_, i) => cellUri(i));
  analysis.analyzeNotebookCode(open.get(NOTEBOOK_URI)!.code, cellUris, resolved);
  const end = { line: 0, character: 'data = pickle.loads(blob)'.length };
  open.change({
    notebookDocument: { uri: NOTEBOOK_URI, version: 2 },
    change: { cells: { textContent: [{ document: { uri: cellUri(10), version: 2 }, changes: [{ range: { start: end, end }, text: '\n' }] }] } },
  });
  const outcome = analysis.analyzeNotebookCode(open.get(NOTEBOOK_URI)!.code, cellUris, resolved);
  const run = open.get(NOTEBOOK_URI)!.code.document.lastRunKind;
  assert.ok(run?.kind === 'partial' && run.freshUnits <= 2, JSON.stringify(run));
  cells[10]!.source = open.cell(cellUri(10))!.document.text;
  assert.deepEqual(published(outcome.byCell), scanned(engine, cells, resolved.config));
  open.dispose();
});

test('cell edits applied in place to the joined code give the text, offsets, parser text and diagnostics of the notebook opened anew', async () => {
  const engine = await loadEngine();
  const analysis = new Analysis(engine, () => ({}), new NoteLog(() => undefined));
  const resolved = resolve(DEFAULT_SETTINGS, undefined, undefined, PATH);
  // The agent notebook: magics, a markdown cell, calls whose imports are in the first cell.
  const cells = notebooks()[1]!.cells.map((cell) => ({ ...cell }));
  const open = new OpenNotebooks(engine);
  open.open(openParams(cells));
  const cellUris = cells.map((_, i) => cellUri(i));
  analysis.analyzeNotebookCode(open.get(NOTEBOOK_URI)!.code, cellUris, resolved);
  let version = 1;
  const versions = cells.map(() => 1);
  const edit = (description: string, changed: [number, TextDocumentContentChangeEvent[]][]): void => {
    open.change({
      notebookDocument: { uri: NOTEBOOK_URI, version: ++version },
      change: { cells: { textContent: changed.map(([i, changes]) => ({ document: { uri: cellUri(i), version: ++versions[i]! }, changes })) } },
    });
    for (const [i] of changed) cells[i]!.source = open.cell(cellUri(i))!.document.text;
    const code = open.get(NOTEBOOK_URI)!.code;
    let outcome = analysis.analyzeNotebookCode(code, cellUris, resolved);
    const run = code.document.lastRunKind;
    if (run?.kind === 'partial' && !run.exact) {
      code.document.forgetAnalysis();
      outcome = analysis.analyzeNotebookCode(code, cellUris, resolved);
    }
    const fresh = new OpenNotebooks(engine);
    fresh.open(openParams(cells));
    const expected = fresh.get(NOTEBOOK_URI)!.code;
    const context = `${description}\n${cells.map((c, i) => `--- cell ${i + 1} (${c.kind})\n${c.source}`).join('\n')}`;
    try {
      assert.equal(code.document.text, expected.document.text, context);
      assert.deepEqual(code.document.codeCellStarts, expected.document.codeCellStarts, context);
      assert.deepEqual({ ...code.joined, cells: code.joined.cells.map((cell) => cell.source) }, { ...expected.joined, cells: expected.joined.cells.map((cell) => cell.source) }, context);
      assert.equal(code.document.parseSource, expected.document.parseSource, context);
      assert.deepEqual(outcome.byCell, analysis.analyzeNotebookCode(expected, cellUris, resolved).byCell, context);
      assert.deepEqual(published(outcome.byCell), scanned(engine, cells, resolved.config), context);
    } finally {
      fresh.dispose();
    }
  };
  const at = (line: number, character: number): { line: number; character: number } => ({ line, character });
  const insert = (line: number, character: number, text: string): TextDocumentContentChangeEvent => ({ range: { start: at(line, character), end: at(line, character) }, text });
  edit('Enter at the end of a line', [[3, [insert(0, 'reply = ask("list files")'.length, '\n')]]]);
  edit('a line made a magic (a comment to the parser)', [[3, [insert(2, 0, '%')]]]);
  edit('the magic typed away', [[3, [{ range: { start: at(2, 0), end: at(2, 1) }, text: '' }]]]);
  for (const [column, character] of [...'x = len('].entries()) edit(`a call left open (${column})`, [[2, [insert(0, column, character)]]]);
  edit('the call closed', [[2, [insert(0, 'x = len('.length, 'q)\n')]]]);
  edit('two changes of one cell in one notification', [[4, [insert(0, 0, 'a = 1\n'), insert(1, 0, 'b = yaml.load(x)\n')]]]);
  edit('changes of two cells in one notification', [[2, [insert(0, 0, 'import pickle\n')]], [5, [insert(0, 0, 'state = pickle.loads(b)\n')]]]);
  edit('a markdown cell', [[1, [insert(0, 3, 'Now ')]]]);
  const lastLine = cells[5]!.source.split('\n').length - 1;
  edit('the line break that ends a cell deleted', [[5, [{ range: { start: at(lastLine - 1, cells[5]!.source.split('\n')[lastLine - 1]!.length), end: at(lastLine, 0) }, text: '' }]]]);
  edit('typing at the end of a cell without a line break', [[5, [insert(lastLine - 1, cells[5]!.source.split('\n')[lastLine - 1]!.length, '  # done')]]]);
  edit('the line break put back', [[5, [insert(lastLine - 1, cells[5]!.source.split('\n')[lastLine - 1]!.length, '\n')]]]);
  edit('a cell emptied', [[4, [{ text: '' }]]]);
  edit('an empty cell typed into', [[4, [insert(0, 0, 'p = pickle.load(f)\n')]]]);
  edit('a cell replaced as a whole', [[3, [{ text: 'reply = ask("run it")\nsubprocess.run(reply, shell=True)\n' }]]]);
  edit('lines deleted across a selection', [[0, [{ range: { start: at(1, 0), end: at(3, 0) }, text: '' }]]]);
  open.dispose();
});
