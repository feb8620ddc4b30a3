/**
 * Differential test across modules: the caller files of the multi-file rule fixtures (`fixtures/projects/<case>/`,
 * whose flows go through summaries of the case's other modules) are edited with seeded random edits, statements
 * their callers may or may not see included, and after every edit the incremental result must equal a fresh
 * analysis with the same project ports (the helper modules' summaries, as the CLI and the language server give
 * them). A run marked inexact is replaced by a full run, as the language server does once typing pauses.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { loadEngine } from '../../server/src/host/load-engine';
import { taintSummaryFacts } from '../../server/src/host/taint-summaries';
import { apply, comparable, CUTOFF_SNIPPETS, nextEdits, random, type Edit, type Language } from '../helpers/incremental-edits';

const PROJECTS = join(__dirname, '..', '..', 'server', 'src', 'rules', 'code-execution', 'llm-output-execution', 'fixtures', 'projects');

/** The `bad*`/`good*` files at the top of each project case: the callers whose flows go into its other modules. */
function callers(): { root: string; path: string; language: Language }[] {
  const out: { root: string; path: string; language: Language }[] = [];
  for (const name of readdirSync(PROJECTS).sort()) {
    const root = join(PROJECTS, name);
    if (!statSync(root).isDirectory()) continue;
    for (const file of readdirSync(root).sort()) {
      if (!/^(?:bad|good)[-_].*\.(?:py|ts)$/.test(file)) continue;
      out.push({ root, path: join(root, file), language: file.endsWith('.py') ? 'py' : 'ts' });
    }
  }
  return out;
}

test('incremental analysis of callers whose flows go through other modules equals a fresh analysis after every random edit', async () => {
  const engine = await loadEngine();
  const files = callers();
  assert.ok(files.length >= 20, `only ${files.length} project callers found`);
  let runs = 0;
  let partialRuns = 0;
  let crossFileFindings = 0;
  for (const [index, file] of files.entries()) {
    const seed = Number(process.env.AISEC_INCREMENTAL_SEED ?? 7000) + index;
    const rnd = random(seed);
    const ports = { project: taintSummaryFacts({ engine, baseFolder: file.root, projectRoot: file.root }) };
    const doc = engine.openDocument(file.path, readFileSync(file.path, 'utf8'));
    const first = engine.analyzeDocument(doc, undefined, ports);
    crossFileFindings += first.findings.filter((f) => f.flow?.some((step) => step.path !== undefined)).length;
    const history: Edit[] = [];
    for (let step = 0; step < Number(process.env.AISEC_INCREMENTAL_STEPS ?? 6); step++) {
      for (const edit of nextEdits(doc.text, file.language, rnd, file.language === 'py' ? CUTOFF_SNIPPETS : [])) {
        apply(doc, edit);
        history.push(edit);
        let result = engine.analyzeDocument(doc, undefined, ports);
        runs++;
        const run = doc.lastRunKind;
        if (run?.kind === 'partial') partialRuns++;
        if (run?.kind === 'partial' && !run.exact) {
          doc.forgetAnalysis();
          result = engine.analyzeDocument(doc, undefined, ports);
        }
        const fresh = engine.analyze({ path: file.path, text: doc.text, ports });
        assert.deepEqual(comparable(result), comparable(fresh), `${file.path} (seed ${seed}) after ${history.length} edits, last ${JSON.stringify(edit)}; run ${JSON.stringify(run)}\n--- text ---\n${doc.text}`);
      }
    }
    doc.dispose();
  }
  // Worth something only when the callers have flows into other modules and many runs were partial.
  assert.ok(crossFileFindings >= 20, `only ${crossFileFindings} findings with steps in other modules`);
  assert.ok(partialRuns > runs * 0.3, `only ${partialRuns} of ${runs} runs were partial`);
});
