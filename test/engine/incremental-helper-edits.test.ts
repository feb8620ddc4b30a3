/**
 * Differential test of edits in helper modules: the callers of the multi-file rule fixtures
 * (`fixtures/projects/<case>/`) stay open while their other modules are edited on disk with seeded random edits
 * (statements that change what a helper returns or runs, and statements that change nothing its importers see).
 * After each edit the caller is re-checked as the language server does it: the summaries the caller asked for are
 * compared with the new ones (`dependantChange`), an unchanged summary re-checks nothing, a changed one re-checks
 * the units using the changed names (`outsideNamesChanged`), and the result must equal a fresh analysis with fresh
 * project ports. Both kinds of edit must occur, and re-checks must have been partial (each caller is followed by a
 * generated service, as a real caller has other code).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import type { AnalysisResult } from '../../server/src/engine/index';
import { loadEngine } from '../../server/src/host/load-engine';
import { taintSummaryFacts } from '../../server/src/host/taint-summaries';
import { TaintDependents } from '../../server/src/host/taint-dependents';
import { dependantChange } from '../../server/src/host/summary-changes';
// @ts-expect-error the benchmark's generator is plain JavaScript
import { pythonFile, typescriptFile } from '../../bench/sources.mjs';
import { apply, comparable, CUTOFF_SNIPPETS, nextEdits, random, type Language } from '../helpers/incremental-edits';

const PROJECTS = join(__dirname, '..', '..', 'server', 'src', 'rules', 'code-execution', 'llm-output-execution', 'fixtures', 'projects');

/** Statements typed into a helper that change its summary (a parameter reaching a sink, a model call returned). */
const SUMMARY_SNIPPETS = ['    exec(code)\n', '    import subprocess\n    subprocess.run(code, shell=True)\n', '    return eval(text)\n', "    eval(code);\n", "    require('child_process').execSync(code);\n"];

/**
 * A project written here: callers that reach the helper only through names an import binds to it (an alias, the
 * module itself), which the units using them never spell as the helper does.
 */
const ALIASED: Record<string, string> = {
  'tools.py': 'import subprocess\n\n\ndef run_code(code):\n    return subprocess.run(["python", "-c", code])\n\n\ndef ask(client, task):\n    reply = client.chat.completions.create(model="m", messages=[{"role": "user", "content": task}])\n    return reply.choices[0].message.content\n',
  'bad_alias.py': 'from openai import OpenAI\n\nfrom tools import run_code as execute, ask as query\n\nclient = OpenAI()\n\n\ndef main(task):\n    execute(query(client, task))\n',
  'runner.ts': "import { execSync } from 'node:child_process';\n\nexport function runCode(code: string): string {\n  return execSync(code).toString();\n}\n",
  'bad_namespace.ts': "import OpenAI from 'openai';\nimport * as r from './runner';\n\nconst client = new OpenAI();\n\nexport async function main(task: string): Promise<string> {\n  const reply = await client.chat.completions.create({ model: 'm', messages: [{ role: 'user', content: task }] });\n  return r.runCode(reply.choices[0].message.content ?? '');\n}\n",
  'bad_module.py': 'from openai import OpenAI\n\nimport tools as t\n\nclient = OpenAI()\n\n\ndef main(task):\n    t.run_code(t.ask(client, task))\n',
};

function filesOf(root: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(root).sort()) {
    const path = join(root, name);
    if (statSync(path).isDirectory()) out.push(...filesOf(path));
    else if (/\.(?:py|ts)$/.test(name)) out.push(path);
  }
  return out;
}

test('a caller re-checked after edits of its helper modules equals a fresh analysis, and only where the summaries changed', async () => {
  const engine = await loadEngine();
  let unchanged = 0;
  let narrowed = 0;
  let partial = 0;
  let crossFileFindings = 0;
  for (const [caseIndex, name] of [...readdirSync(PROJECTS).sort(), 'aliased'].entries()) {
    if (name !== 'aliased' && !statSync(join(PROJECTS, name)).isDirectory()) continue;
    const root = mkdtempSync(join(tmpdir(), 'aisec-helper-edits-'));
    try {
      if (name === 'aliased') for (const [file, text] of Object.entries(ALIASED)) writeFileSync(join(root, file), text);
      else cpSync(join(PROJECTS, name), root, { recursive: true });
      const files = filesOf(root);
      const callers = files.filter((f) => /^(?:bad|good)[-_]/.test(relative(root, f)));
      const helpers = files.filter((f) => !callers.includes(f));
      if (callers.length === 0 || helpers.length === 0) continue;
      // Each caller gets a generated service after its own code, so that the units using a helper are a small
      // part of the file (as in a real caller) and a re-check can take the partial path.
      for (const caller of callers) writeFileSync(caller, `${readFileSync(caller, 'utf8')}\n\n${caller.endsWith('.py') ? (pythonFile as (lines: number) => string)(150) : (typescriptFile as (lines: number) => string)(150)}`);
      const dependents = new TaintDependents();
      const ports = { project: taintSummaryFacts({ engine, baseFolder: root, projectRoot: root, dependents }) };
      const docs = callers.map((path) => engine.openDocument(path, readFileSync(path, 'utf8')));
      for (const doc of docs) crossFileFindings += engine.analyzeDocument(doc, undefined, ports).findings.filter((f) => f.flow?.some((step) => step.path !== undefined)).length;
      const rnd = random(Number(process.env.AISEC_INCREMENTAL_SEED ?? 9100) + caseIndex);
      let clock = Date.now() / 1000;
      for (let step = 0; step < Number(process.env.AISEC_INCREMENTAL_STEPS ?? 8); step++) {
        const helper = helpers[Math.floor(rnd() * helpers.length)];
        const language: Language = helper.endsWith('.py') ? 'py' : 'ts';
        const edited = engine.openDocument(helper, readFileSync(helper, 'utf8'));
        for (const edit of nextEdits(edited.text, language, rnd, language === 'py' ? [...CUTOFF_SNIPPETS, ...SUMMARY_SNIPPETS] : SUMMARY_SNIPPETS)) apply(edited, edit);
        writeFileSync(helper, edited.text);
        edited.dispose();
        // The summaries notice a change by size and modification time: every write gets a later time.
        clock += 10;
        utimesSync(helper, clock, clock);
        for (const doc of docs) {
          const names = dependantChange(dependents, doc.path, helper, (spec) => ports.project.taintSummary(doc.path, spec));
          if (names === undefined) doc.forgetAnalysis();
          else if (names.size === 0) unchanged++;
          else {
            narrowed++;
            doc.outsideNamesChanged(names);
          }
          let result: AnalysisResult = engine.analyzeDocument(doc, undefined, ports);
          const run = doc.lastRunKind;
          if (names && names.size > 0 && run?.kind === 'partial') partial++;
          if (run?.kind === 'partial' && !run.exact) {
            doc.forgetAnalysis();
            result = engine.analyzeDocument(doc, undefined, ports);
          }
          const freshPorts = { project: taintSummaryFacts({ engine, baseFolder: root, projectRoot: root }) };
          const fresh = engine.analyze({ path: doc.path, text: doc.text, ports: freshPorts });
          assert.deepEqual(comparable(result), comparable(fresh), `${name}: ${relative(root, doc.path)} after editing ${relative(root, helper)} (step ${step}, names ${JSON.stringify([...(names ?? ['(full)'])])}, run ${JSON.stringify(run)})\n--- helper ---\n${readFileSync(helper, 'utf8')}`);
        }
      }
      for (const doc of docs) doc.dispose();
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  }
  assert.ok(crossFileFindings >= 20, `only ${crossFileFindings} findings with steps in other modules`);
  assert.ok(unchanged >= 20, `only ${unchanged} helper edits left a caller's summaries unchanged`);
  assert.ok(narrowed >= 20, `only ${narrowed} helper edits changed names a caller uses`);
  assert.ok(partial >= narrowed * 0.5, `only ${partial} of ${narrowed} re-checks were partial`);
});
