/**
 * Typing inside large classes, the engine in process (not a test): the session of `bench:lsp` on the same real
 * files (a statement typed in the middle method of the largest class), each change analysed incrementally as
 * the language server does, with the CPU time of each analysis (user + system, so figures stay comparable on a
 * loaded machine, unlike the wall time `bench:lsp` reports) and how many runs took the partial path and why the
 * others did not. Then the notebook session of `bench:lsp`, incremental against the whole `.ipynb` analysed again.
 *
 * With `--only-generated`, the generated 3,000-line Python and TypeScript sessions of `bench:lsp` instead (the same
 * statements typed at line 1,500, one character per change); `--only` then picks a session by name (`--only TypeScript`).
 *
 *   npm run bench:typing [-- --keystrokes 120] [--only-notebook | --only-generated] [--only <part of a file name>]
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadEngine } from '../server/src/host/load-engine';
import { joinCodeCells } from '../server/src/engine/index';
// @ts-expect-error the shared session is plain JavaScript, also used by bench/lsp.mjs
import { methodInLargestClass, realFiles, typingChanges } from './class-typing.mjs';
// @ts-expect-error the benchmark's generator is plain JavaScript
import { pythonFile, pythonNotebookCells, typescriptFile } from './sources.mjs';

interface TypingChange {
  line: number;
  character: number;
  text: string;
}

const root = join(__dirname, '..');
const keystrokesArg = process.argv.indexOf('--keystrokes');
const KEYSTROKES = keystrokesArg > 0 ? Number(process.argv[keystrokesArg + 1]) : 120;
const WARMUP = 20;
const onlyArg = process.argv.indexOf('--only');
const ONLY = onlyArg > 0 ? process.argv[onlyArg + 1] : undefined;

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

async function main(): Promise<void> {
  const engine = await loadEngine();
  if (process.argv.includes('--only-generated')) {
    generatedTyping(engine);
    return;
  }
  const real = (process.argv.includes('--only-notebook') ? { found: [], missing: [] } : realFiles(root)) as { found: { name: string; path: string; language: string }[]; missing: string[] };
  console.log(`bench:typing: ${KEYSTROKES} changes per file after ${WARMUP} warm-up ones; CPU ms per analysis (user + system)`);
  console.log('| file | full analysis CPU ms | p50 | p95 | max | partial runs | full runs, by reason |');
  console.log('|---|---|---|---|---|---|---|');
  for (const file of real.found) {
    if (ONLY !== undefined && !file.name.includes(ONLY)) continue;
    const text = readFileSync(file.path, 'utf8');
    const at = methodInLargestClass(text, file.language);
    if (!at) continue;
    const path = file.language === 'python' ? '/w/typing.py' : '/w/typing.ts';
    const fullCpu: number[] = [];
    for (let i = 0; i < 3; i++) {
      const started = process.cpuUsage();
      engine.analyze({ path, text });
      const spent = process.cpuUsage(started);
      fullCpu.push((spent.user + spent.system) / 1000);
    }
    const doc = engine.openDocument(path, text);
    engine.analyzeDocument(doc);
    const cpu: number[] = [];
    const reasons = new Map<string, number>();
    let partial = 0;
    for (const [typed, change] of (typingChanges(at, KEYSTROKES + WARMUP) as TypingChange[]).entries()) {
      const position = { line: change.line, column: change.character };
      doc.applyChanges([{ range: { start: position, end: position }, text: change.text }]);
      const started = process.cpuUsage();
      engine.analyzeDocument(doc);
      const spent = process.cpuUsage(started);
      if (typed < WARMUP) continue;
      cpu.push((spent.user + spent.system) / 1000);
      const run = doc.lastRunKind;
      if (run?.kind === 'partial') partial++;
      else if (run) reasons.set(run.reason, (reasons.get(run.reason) ?? 0) + 1);
    }
    doc.dispose();
    const sorted = [...cpu].sort((a, b) => a - b);
    const full = [...reasons].sort((a, b) => b[1] - a[1]).map(([reason, n]) => `${n} ${reason}`).join('; ');
    console.log(`| ${file.name} | ${Math.min(...fullCpu).toFixed(0)} | ${percentile(sorted, 50).toFixed(1)} | ${percentile(sorted, 95).toFixed(1)} | ${sorted[sorted.length - 1].toFixed(1)} | ${partial} | ${full || 'none'} |`);
  }
  if (real.missing.length > 0) console.log(`real files not found (npm run bench:prepare, or AISEC_BENCH_REAL_DIR): ${real.missing.join(', ')}`);
  if (ONLY === undefined) notebookTyping(engine);
}

/**
 * The notebook session of `bench:lsp` (40 cells: the imports, then one class per cell; two statements typed
 * on an empty first line of cell 21), in CPU ms per keystroke: the notebook's joined code cells edited in place
 * and analysed incrementally (what the language server does), and the whole `.ipynb` analysed again (what it did
 * before, and what `aisec scan` does).
 */
function notebookTyping(engine: Awaited<ReturnType<typeof loadEngine>>): void {
  const sources = pythonNotebookCells(40) as string[];
  sources[20] = `\n${sources[20]}`;
  const cells = sources.map((source, index) => ({ index, kind: 'code' as const, source }));
  const ipynb = (): string => JSON.stringify({ cells: cells.map((cell) => ({ cell_type: 'code', source: cell.source })), metadata: { language_info: { name: 'python' } }, nbformat: 4, nbformat_minor: 5 });
  const joined = joinCodeCells(cells);
  const doc = engine.openNotebookCode('/w/typing.ipynb', joined.text, 'python', joined.starts);
  engine.analyzeDocument(doc);
  const snippet = 'data = pickle.loads(blob)\nmodel = torch.load(checkpoint_path)\n';
  const incremental: number[] = [];
  const whole: number[] = [];
  const reasons = new Map<string, number>();
  let partial = 0;
  let line = 0;
  let column = 0;
  const cpuOf = (run: () => void): number => {
    const started = process.cpuUsage();
    run();
    const spent = process.cpuUsage(started);
    return (spent.user + spent.system) / 1000;
  };
  for (let typed = 0; typed < KEYSTROKES + WARMUP; typed++) {
    const character = snippet[typed % snippet.length]!;
    const cell = cells[20]!;
    const at = cell.source.split('\n').slice(0, line).reduce((n, l) => n + l.length + 1, 0) + column;
    cell.source = cell.source.slice(0, at) + character + cell.source.slice(at);
    if (character === '\n') {
      line++;
      column = 0;
    } else column++;
    // As the language server applies a cell's change: in place, at the cell's offset in the joined code.
    const cpu = cpuOf(() => {
      doc.editCodeCell(20, doc.codeCellStarts[20]! + at, doc.codeCellStarts[20]! + at, character);
      engine.analyzeDocument(doc);
    });
    const wholeCpu = cpuOf(() => engine.analyze({ path: '/w/typing.ipynb', text: ipynb() }));
    if (typed < WARMUP) continue;
    incremental.push(cpu);
    whole.push(wholeCpu);
    const run = doc.lastRunKind;
    if (run?.kind === 'partial') partial++;
    else if (run) reasons.set(run.reason, (reasons.get(run.reason) ?? 0) + 1);
  }
  doc.dispose();
  const row = (name: string, cpu: number[], runs: string): void => {
    const sorted = [...cpu].sort((a, b) => a - b);
    console.log(`| ${name} | ${percentile(sorted, 50).toFixed(1)} | ${percentile(sorted, 95).toFixed(1)} | ${sorted[sorted.length - 1]!.toFixed(1)} | ${runs} |`);
  };
  console.log(`\nNotebook, 40 cells (${sources.join('\n').split('\n').length.toLocaleString('en')} lines), two statements typed on the empty first line of cell 21; CPU ms per keystroke`);
  console.log('| analysis | p50 | p95 | max | runs |');
  console.log('|---|---|---|---|---|');
  row('joined cells, incremental (the language server)', incremental, `${partial} partial; ${[...reasons].map(([reason, n]) => `${n} full: ${reason}`).join('; ') || 'no full'}`);
  row('whole .ipynb again (before)', whole, 'all full');
}

void main();

/** The sessions `bench:lsp` types into its generated files: each statement typed at line 1,500, one character per change. */
const GENERATED: { name: string; path: string; text: () => string; statements: string[] }[] = [
  { name: 'Python, 3,000 lines', path: '/w/generated.py', text: () => pythonFile(3000) as string, statements: ['        model = torch.load(checkpoint_path)\n', '        data = pickle.loads(blob)\n', '        result = subprocess.run(command, shell=True)\n'] },
  { name: 'TypeScript, 3,000 lines', path: '/w/generated.ts', text: () => typescriptFile(3000) as string, statements: ['    const value = eval(userInput);\n', "    const parsed = yaml.load(text, { schema: yaml.DEFAULT_FULL_SCHEMA });\n"] },
];

function generatedTyping(engine: Awaited<ReturnType<typeof loadEngine>>): void {
  console.log(`bench:typing: the generated sessions of bench:lsp, ${KEYSTROKES} changes after ${WARMUP} warm-up ones; CPU ms per analysis (user + system)`);
  console.log('| file | p50 | p95 | max | partial runs | full runs, by reason |');
  console.log('|---|---|---|---|---|---|');
  for (const session of GENERATED) {
    if (ONLY !== undefined && !session.name.includes(ONLY)) continue;
    const doc = engine.openDocument(session.path, session.text());
    engine.analyzeDocument(doc);
    const cpu: number[] = [];
    const reasons = new Map<string, number>();
    let partial = 0;
    let typed = 0;
    let line = 1500;
    while (typed < KEYSTROKES + WARMUP) {
      for (const statement of session.statements) {
        let column = 0;
        for (const character of statement) {
          if (typed >= KEYSTROKES + WARMUP) break;
          doc.applyChanges([{ range: { start: { line, column }, end: { line, column } }, text: character }]);
          const started = process.cpuUsage();
          engine.analyzeDocument(doc);
          const spent = process.cpuUsage(started);
          if (typed >= WARMUP) {
            cpu.push((spent.user + spent.system) / 1000);
            const run = doc.lastRunKind;
            if (run?.kind === 'partial') partial++;
            else if (run) reasons.set(run.reason, (reasons.get(run.reason) ?? 0) + 1);
          }
          typed++;
          if (character === '\n') {
            line++;
            column = 0;
          } else column++;
        }
      }
    }
    doc.dispose();
    const sorted = [...cpu].sort((a, b) => a - b);
    const full = [...reasons].sort((a, b) => b[1] - a[1]).map(([reason, n]) => `${n} ${reason}`).join('; ');
    console.log(`| ${session.name} | ${percentile(sorted, 50).toFixed(1)} | ${percentile(sorted, 95).toFixed(1)} | ${sorted[sorted.length - 1]!.toFixed(1)} | ${partial} | ${full || 'none'} |`);
  }
}
