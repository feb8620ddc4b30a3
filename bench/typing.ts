/**
 * Typing inside large classes, the engine in process (not a test): the session of `bench:lsp` on the same real
 * files (a statement typed in the middle method of the largest class), each change analysed incrementally as
 * the language server does, with the CPU time of each analysis (user + system, so figures stay comparable on a
 * loaded machine, unlike the wall time `bench:lsp` reports) and how many runs took the partial path and why the
 * others did not.
 *
 *   npm run bench:typing [-- --keystrokes 120]
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadEngine } from '../server/src/host/load-engine';
// @ts-expect-error the shared session is plain JavaScript, also used by bench/lsp.mjs
import { methodInLargestClass, realFiles, typingChanges } from './class-typing.mjs';

interface TypingChange {
  line: number;
  character: number;
  text: string;
}

const root = join(__dirname, '..');
const keystrokesArg = process.argv.indexOf('--keystrokes');
const KEYSTROKES = keystrokesArg > 0 ? Number(process.argv[keystrokesArg + 1]) : 120;
const WARMUP = 20;

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

async function main(): Promise<void> {
  const engine = await loadEngine();
  const real = realFiles(root) as { found: { name: string; path: string }[]; missing: string[] };
  console.log(`bench:typing: ${KEYSTROKES} changes per file after ${WARMUP} warm-up ones; CPU ms per analysis (user + system)`);
  console.log('| file | full analysis CPU ms | p50 | p95 | max | partial runs | full runs, by reason |');
  console.log('|---|---|---|---|---|---|---|');
  for (const file of real.found) {
    const text = readFileSync(file.path, 'utf8');
    const at = methodInLargestClass(text);
    if (!at) continue;
    const fullCpu: number[] = [];
    for (let i = 0; i < 3; i++) {
      const started = process.cpuUsage();
      engine.analyze({ path: '/w/typing.py', text });
      const spent = process.cpuUsage(started);
      fullCpu.push((spent.user + spent.system) / 1000);
    }
    const doc = engine.openDocument('/w/typing.py', text);
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
}

void main();
