/**
 * Incremental analysis on real code (not a test; needs `npm run bench:prepare`): the differential check of
 * `test/engine/incremental.test.ts` on files of the benchmark corpus. Each file gets seeded random edits;
 * after every edit the open document's result is compared with a fresh `analyze` (an inexact run is first
 * settled by a full run, as the language server does). Prints the runs, how many took the partial path and
 * why the others did not, and stops a file at its first mismatch, writing the text to /tmp for replay.
 *
 *   npx tsx bench/incremental-on-real-code.ts py 40 6 [seed] [directory] [max KB]   (extension, files, edit steps per file)
 *
 * The directory defaults to bench/corpus and the file size to 8–60 KB; real class-heavy code, say the exported
 * repositories of `bench:real`: `... py 12 6 1 ~/.cache/aisec/bench-real 200`.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { isDeepStrictEqual } from 'node:util';
import { loadEngine } from '../server/src/host/load-engine';
import { apply, comparable, nextEdits, random } from '../test/helpers/incremental-edits';

async function main(): Promise<void> {
  const [extension = 'py', countArg = '40', stepsArg = '6', seedArg = '1', directory = 'bench/corpus', maxKbArg = '60'] = process.argv.slice(2);
  const count = Number(countArg);
  const steps = Number(stepsArg);
  const seed = Number(seedArg);
  const engine = await loadEngine();
  const all = execFileSync('find', [directory, '-name', `*.${extension}`, '-size', '+8k', '-size', `-${maxKbArg}k`], { encoding: 'utf8' }).trim().split('\n').filter(Boolean).sort();
  if (all.length === 0) throw new Error(`no files in ${directory}: run npm run bench:prepare first`);
  const stride = Math.max(1, Math.floor(all.length / count));
  const files = all.filter((_, i) => i % stride === 0).slice(0, count);
  const reasons = new Map<string, number>();
  let runs = 0;
  let partial = 0;
  let inexact = 0;
  let mismatches = 0;
  for (const [k, file] of files.entries()) {
    const rnd = random(seed * 1000 + k);
    const path = `/w/real${k}.${extension}`;
    const doc = engine.openDocument(path, readFileSync(file, 'utf8'));
    engine.analyzeDocument(doc);
    edits: for (let step = 0; step < steps; step++) {
      for (const edit of nextEdits(doc.text, extension === 'py' ? 'py' : 'ts', rnd)) {
        apply(doc, edit);
        let result = engine.analyzeDocument(doc);
        runs++;
        const run = doc.lastRunKind;
        if (run?.kind === 'full') reasons.set(run.reason, (reasons.get(run.reason) ?? 0) + 1);
        if (run?.kind === 'partial') {
          partial++;
          if (!run.exact) {
            inexact++;
            doc.forgetAnalysis();
            result = engine.analyzeDocument(doc);
          }
        }
        if (!isDeepStrictEqual(comparable(result), comparable(engine.analyze({ path, text: doc.text })))) {
          mismatches++;
          writeFileSync(`/tmp/aisec-incremental-mismatch-${mismatches}.json`, JSON.stringify({ file, edit, text: doc.text }));
          console.log(`mismatch in ${file} after step ${step}: ${JSON.stringify(edit)}`);
          break edits;
        }
      }
    }
    doc.dispose();
  }
  console.log(`${files.length} files, ${runs} edits: ${partial} partial runs (${inexact} inexact, settled), ${mismatches} mismatches`);
  for (const [reason, n] of [...reasons].sort((a, b) => b[1] - a[1])) console.log(`  full run, ${reason}: ${n}`);
}

void main();
