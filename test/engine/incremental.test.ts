/**
 * Incremental analysis of open documents must give exactly what a fresh analysis of the same text gives.
 * Differential test: files built from the rule fixtures (several joined, so helpers, imports and findings of
 * different units meet), the example project and the benchmark's generated services are edited with seeded
 * random edits (typing a snippet one key at a time, pasting lines and helper functions, deleting ranges and
 * lines, renaming a definition), and after every edit the document's result is compared with `analyze`. A run
 * marked inexact (a syntax error in the re-parsed window) is replaced, as the language server does once typing
 * pauses, by a full run, and that is compared instead. Every run of a Python file that is not settled must also
 * keep the units a full analysis of the text records, since the next edit builds on them.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadEngine } from '../../server/src/host/load-engine';
import { taintSummaryFacts } from '../../server/src/host/taint-summaries';
import type { AnalysisResult, Engine, EngineDocument } from '../../server/src/engine/index';
import { apply, comparable, corpus, CUTOFF_SNIPPETS, nextEdits, random, type Edit } from '../helpers/incremental-edits';
import { certainlyReachesMost } from '../../server/src/engine/incremental/plan';
import { keptAroundEdit } from '../../server/src/engine/incremental/window';
// @ts-expect-error the benchmark's generator is plain JavaScript
import { pythonFile } from '../../bench/sources.mjs';

function compare(engine: Engine, doc: EngineDocument, incremental: AnalysisResult, path: string, context: () => string): void {
  const fresh = engine.analyze({ path, text: doc.text });
  assert.deepEqual(comparable(incremental), comparable(fresh), `${context()}\n--- text after the edit ---\n${numbered(doc.text)}`);
}

function numbered(text: string): string {
  return text.split('\n').map((line, i) => `${String(i).padStart(4)}| ${line}`).join('\n');
}

test('incremental analysis equals a fresh analysis after every random edit (differential)', async () => {
  const { partialRuns, runs, inexact } = await differential(corpus(), 1000, []);
  // The test is only worth something if many runs took the partial path, with and without syntax errors
  // (the random edits leave broken text behind, so full runs are common too).
  // (Longer explorations break the files more, so the share is checked for the default length only.)
  if (!process.env.AISEC_INCREMENTAL_STEPS) assert.ok(partialRuns > runs * 0.4, `only ${partialRuns} of ${runs} runs were partial`);
  assert.ok(inexact > 0 && inexact < partialRuns, `${inexact} of ${partialRuns} partial runs had a syntax error in the window`);
});

test('the early cutoff equals a fresh analysis after random edits typing statements inside functions (differential)', async () => {
  // The Python files of the corpus with statements that functions' callers may or may not see typed in too.
  const { partialRuns } = await differential(corpus().filter((file) => file.language === 'py'), 5000, CUTOFF_SNIPPETS);
  assert.ok(partialRuns > 0);
});

async function differential(files: ReturnType<typeof corpus>, firstSeed: number, extraSnippets: readonly string[]): Promise<{ partialRuns: number; runs: number; inexact: number }> {
  const engine = await loadEngine();
  let partialRuns = 0;
  let runs = 0;
  let inexact = 0;
  for (const [fileIndex, file] of files.entries()) {
    // AISEC_INCREMENTAL_SEED and AISEC_INCREMENTAL_STEPS explore further than CI does (e.g. 2000 and 40).
    const seed = Number(process.env.AISEC_INCREMENTAL_SEED ?? firstSeed) + fileIndex;
    const rnd = random(seed);
    const path = `/w/${file.name.replace(/\W+/g, '_')}.${file.language}`;
    const doc = engine.openDocument(path, file.text);
    engine.analyzeDocument(doc);
    const history: Edit[] = [];
    for (let step = 0; step < Number(process.env.AISEC_INCREMENTAL_STEPS ?? 8); step++) {
      for (const edit of nextEdits(doc.text, file.language, rnd, extraSnippets)) {
        apply(doc, edit);
        history.push(edit);
        const context = (): string => `${file.name} (seed ${seed}) after ${history.length} edits, last ${JSON.stringify(edit)}; run ${JSON.stringify(doc.lastRunKind)}`;
        const result = engine.analyzeDocument(doc);
        runs++;
        const run = doc.lastRunKind;
        if (run?.kind === 'partial') partialRuns++;
        if (run?.kind === 'partial' && !run.exact) {
          // A run that stood on a window with a syntax error may differ; the host's full run once typing pauses may not.
          inexact++;
          doc.forgetAnalysis();
          compare(engine, doc, engine.analyzeDocument(doc), path, context);
        } else {
          compare(engine, doc, result, path, context);
          // Python units follow indentation, which a partial parse sees only in part (a full run after a
          // partial plan that reached too far keeps the units the window found), and their names must be the
          // ones a fresh run reads (a full run takes them from the previous run for units the edit left alone).
          if (file.language === 'py' && doc.lastRun) assert.deepEqual(unitSpans(doc), fullRunUnits(engine, path, doc.text), `units kept for the next edit: ${context()}`);
        }
      }
    }
    doc.dispose();
  }
  return { partialRuns, runs, inexact };
}

test('a whole-text replacement, a configuration change and forgetAnalysis each give a full, correct run', async () => {
  const engine = await loadEngine();
  const text = pythonFile(300) as string;
  const doc = engine.openDocument('/w/s.py', text);
  engine.analyzeDocument(doc);
  doc.applyChanges([{ text: text.replace('weights_only=True', 'weights_only=False') }]);
  assert.deepEqual(comparable(engine.analyzeDocument(doc)), comparable(engine.analyze({ path: '/w/s.py', text: doc.text })));
  const config = { select: [], ignore: ['AIS101'], severity: {}, honourNosec: true, maxFileBytes: 1 << 20, options: {} };
  const ignored = engine.analyzeDocument(doc, config);
  assert.equal(doc.lastRunKind?.kind, 'full');
  assert.ok(!ignored.findings.some((f) => f.ruleId === 'AIS101'));
  doc.forgetAnalysis();
  engine.analyzeDocument(doc, config);
  assert.deepEqual(doc.lastRunKind, { kind: 'full', reason: 'first analysis' });
  doc.dispose();
});

test('an edit inside one function re-analyses that function and what it is linked to by name', async () => {
  const engine = await loadEngine();
  const text = [
    'import os',
    'from openai import OpenAI',
    'client = OpenAI()',
    '',
    'def ask(q):',
    '    return client.chat.completions.create(model="m", messages=[q]).choices[0].message.content',
    '',
    'def run(q):',
    '    os.system(ask(q))',
    '',
    'def unrelated():',
    '    return 1',
    '',
  ].join('\n');
  const doc = engine.openDocument('/w/t.py', text);
  const first = engine.analyzeDocument(doc);
  assert.ok(first.findings.some((f) => f.range.start.line === 8 && f.ruleId.startsWith('AIS28')), 'the flow from ask() into os.system is found');
  // Typing in unrelated(): only that unit is analysed again; the flow's finding is kept.
  doc.applyChanges([{ range: { start: { line: 11, column: 12 }, end: { line: 11, column: 12 } }, text: '0' }]);
  const second = engine.analyzeDocument(doc);
  assert.deepEqual(doc.lastRunKind, { kind: 'partial', freshUnits: 1, units: 6, exact: true });
  assert.deepEqual(second.findings, first.findings);
  // Editing ask() so it no longer returns model output re-analyses run() too, and the finding goes.
  doc.applyChanges([{ range: { start: { line: 5, column: 11 }, end: { line: 5, column: 95 } }, text: '"ls"' }]);
  const third = engine.analyzeDocument(doc);
  assert.equal(doc.lastRunKind?.kind, 'partial');
  assert.ok(!third.findings.some((f) => f.range.start.line === 8 && f.ruleId.startsWith('AIS28')), JSON.stringify(third.findings.map((f) => f.ruleId)));
  assert.deepEqual(comparable(third), comparable(engine.analyze({ path: '/w/t.py', text: doc.text })));
  doc.dispose();
});

test('an edit inside a method re-analyses that method and the members it shares fields and calls with', async () => {
  const engine = await loadEngine();
  const text = [
    'import os',
    'from openai import OpenAI',
    'client = OpenAI()',
    '',
    'class Agent(Base):',
    '    retries = 3',
    '',
    '    def __init__(self, q):',
    '        self.code = client.chat.completions.create(model="m", messages=[q]).choices[0].message.content',
    '',
    '    def run(self):',
    '        exec(self.code)',
    '',
    '    def unrelated(self):',
    '        return 1',
    '',
    '    def other(self):',
    '        return 2',
    '',
    // Enough other methods that re-analysing the linked ones stays a small part of the file.
    ...Array.from({ length: 8 }, (_, k) => [`    def tool_${k}(self, arg):`, `        return [arg] * ${k}`, '']).flat(),
  ].join('\n');
  const doc = engine.openDocument('/w/c.py', text);
  const first = engine.analyzeDocument(doc);
  assert.ok(first.findings.some((f) => f.range.start.line === 11 && f.ruleId.startsWith('AIS28')), 'the flow from __init__ through self.code into exec is found');
  // Units: 3 module-level statements, the class header, the class attribute and 12 methods.
  // Typing in unrelated(): that method and its class's header are analysed again; the flow's finding is kept.
  doc.applyChanges([{ range: { start: { line: 14, column: 16 }, end: { line: 14, column: 16 } }, text: '0' }]);
  const second = engine.analyzeDocument(doc);
  assert.deepEqual(doc.lastRunKind, { kind: 'partial', freshUnits: 2, units: 17, exact: true });
  assert.deepEqual(second.findings, first.findings);
  // __init__ no longer stores model output: run(), which reads self.code, is analysed again and the finding goes.
  doc.applyChanges([{ range: { start: { line: 8, column: 20 }, end: { line: 8, column: 105 } }, text: '"print(1)"' }]);
  const third = engine.analyzeDocument(doc);
  assert.equal(doc.lastRunKind?.kind, 'partial', JSON.stringify(doc.lastRunKind));
  assert.ok(!third.findings.some((f) => f.range.start.line === 11 && f.ruleId.startsWith('AIS28')), JSON.stringify(third.findings.map((f) => f.ruleId)));
  assert.deepEqual(comparable(third), comparable(engine.analyze({ path: '/w/c.py', text: doc.text })));
  // And back: storing model output in the field again brings the finding back in run().
  doc.applyChanges([{ range: { start: { line: 8, column: 20 }, end: { line: 8, column: 30 } }, text: 'client.chat.completions.create(model="m", messages=[q]).choices[0].message.content' }]);
  const fourth = engine.analyzeDocument(doc);
  assert.equal(doc.lastRunKind?.kind, 'partial', JSON.stringify(doc.lastRunKind));
  assert.deepEqual(comparable(fourth), comparable(first));
  doc.dispose();
});

test('an edit of a method that appends model output to a field re-analyses the methods that loop over that field', async () => {
  const engine = await loadEngine();
  const text = [
    'from openai import OpenAI',
    'client = OpenAI()',
    '',
    'class Conversation:',
    '    def respond(self, q):',
    '        reply = client.chat.completions.create(model="m", messages=[q]).choices[0].message.content',
    '        self.messages.append({"type": "code", "content": reply})',
    '',
    '    def run_pending(self):',
    '        for message in self.messages:',
    '            exec(message["content"])',
    '',
    ...Array.from({ length: 12 }, (_, k) => [`    def other_${k}(self, arg):`, `        return [arg] * ${k}`, '']).flat(),
  ].join('\n');
  const doc = engine.openDocument('/w/messages.py', text);
  const first = engine.analyzeDocument(doc);
  assert.ok(first.findings.some((f) => f.range.start.line === 10 && f.ruleId.startsWith('AIS28')), 'the appended reply reaches exec through the loop');
  // The append now adds a literal: run_pending(), which only reads self.messages, is analysed again and the finding goes.
  doc.applyChanges([{ range: { start: { line: 6, column: 57 }, end: { line: 6, column: 62 } }, text: '"pass"' }]);
  const second = engine.analyzeDocument(doc);
  assert.equal(doc.lastRunKind?.kind, 'partial', JSON.stringify(doc.lastRunKind));
  assert.ok(!second.findings.some((f) => f.range.start.line === 10 && f.ruleId.startsWith('AIS28')), JSON.stringify(second.findings.map((f) => f.ruleId)));
  assert.deepEqual(comparable(second), comparable(engine.analyze({ path: '/w/messages.py', text: doc.text })));
  doc.dispose();
});

test('a statement typed after the last statement of a method belongs to the method, as in the whole file', async () => {
  const engine = await loadEngine();
  const text = [
    'from openai import OpenAI',
    'client = OpenAI()',
    '',
    'class Agent(Base):',
    '    retries = 3',
    '    def __init__(self, q):',
    '        self.code = client.chat.completions.create(model="m", messages=[q]).choices[0].message.content',
    '',
    '    def run(self):',
    '        count = 1',
    '',
    ...Array.from({ length: 8 }, (_, k) => [`    def tool_${k}(self, arg):`, `        return [arg] * ${k}`, '']).flat(),
    // Module-level functions, so that re-analysing the class stays a small part of the file.
    ...Array.from({ length: 40 }, (_, k) => [`def helper_${k}(arg):`, `    return [arg] * ${k}`, '']).flat(),
  ].join('\n');
  const doc = engine.openDocument('/w/typed.py', text);
  engine.analyzeDocument(doc);
  // Enter with auto-indent after `count = 1`, then one character per change, as an editor sends them.
  let column = '        count = 1'.length;
  let line = 9;
  for (const change of ['\n        ', ...'exec(self.code)']) {
    doc.applyChanges([{ range: { start: { line, column }, end: { line, column } }, text: change }]);
    let result = engine.analyzeDocument(doc);
    const typed = doc.text.split('\n')[10];
    const exact = doc.lastRunKind?.kind !== 'partial' || doc.lastRunKind.exact;
    const incrementalUnits = unitSpans(doc);
    doc.forgetAnalysis();
    const full = engine.analyzeDocument(doc);
    // The units an exact run keeps for the next edit are the whole file's (the typed line is part of run()).
    if (exact) assert.deepEqual(incrementalUnits, unitSpans(doc), `units after typing ${JSON.stringify(typed)}`);
    else result = full;
    assert.deepEqual(comparable(result), comparable(engine.analyze({ path: '/w/typed.py', text: doc.text })), `after typing ${JSON.stringify(typed)}`);
    if (change.startsWith('\n')) {
      line++;
      column = 8;
    } else column++;
  }
  const final = engine.analyzeDocument(doc);
  assert.ok(final.findings.some((f) => f.range.start.line === 10 && f.ruleId.startsWith('AIS28')), 'the typed exec of model output is found inside run()');
  doc.dispose();
});

/** The units a full analysis of the text records (what an exact partial run must keep for the next edit). */
function fullRunUnits(engine: Engine, path: string, text: string): string[] {
  const fresh = engine.openDocument(path, text);
  engine.analyzeDocument(fresh);
  const units = unitSpans(fresh);
  fresh.dispose();
  return units;
}

/** The units a run keeps for the next edit, with their name sets (a full run reuses the names of units an edit left alone). */
function unitSpans(doc: EngineDocument): string[] {
  const sorted = (names: ReadonlySet<string>): string => [...names].sort().join(' ');
  return (doc.lastRun?.units ?? []).map((u) => `${u.role} ${u.start}-${u.end}${u.hasError ? ' (error)' : ''} defines [${sorted(u.defines)}] refers to [${sorted(u.references)}]`);
}

test('an edit of the caller keeps the flow steps that lie in a helper module where they are', async () => {
  const engine = await loadEngine();
  const root = mkdtempSync(join(tmpdir(), 'aisec-incremental-flows-'));
  try {
    writeFileSync(join(root, 'tools.py'), '# a helper\n'.repeat(14) + 'import subprocess\n\n\ndef run_code(code):\n    cleaned = code.strip()\n    return subprocess.run(["python", "-c", cleaned])\n');
    // Other functions around, so an edit reaches only a small part of the file (a partial run); the helper's
    // steps (lines 18 and 19 of tools.py) fall inside the body of `other_0` (lines 18 and 19 here), which the
    // edit moves: those positions are not this file's and must not move with it.
    const padding = '# '.repeat(40);
    const others = Array.from({ length: 30 }, (_, i) => `\n\ndef other_${i}(value):\n    value = value + ${i}  ${padding}\n    return value  ${padding}\n`).join('');
    const text = '"""Caller."""\nfrom openai import OpenAI\n\nfrom tools import run_code\n\nclient = OpenAI()\n\n\ndef other():\n    return 1\n\n\ndef main(task):\n    reply = client.chat.completions.create(model="m", messages=[])\n    run_code(reply.choices[0].message.content)\n' + others;
    const ports = { project: taintSummaryFacts({ engine, baseFolder: root, projectRoot: root }) };
    const path = join(root, 'main.py');
    const doc = engine.openDocument(path, text);
    const helperSteps = (result: AnalysisResult): unknown => result.findings.find((f) => f.ruleId === 'AIS281')?.flow?.filter((s) => s.path !== undefined).map((s) => [s.path, s.range.start.line]);
    const before = helperSteps(engine.analyzeDocument(doc, undefined, ports));
    assert.deepEqual(before, [[join(root, 'tools.py'), 18], [join(root, 'tools.py'), 19]]);
    // Two lines typed into `other` move the finding down; its steps in tools.py stay on their lines.
    doc.applyChanges([{ range: { start: { line: 9, column: 0 }, end: { line: 9, column: 0 } }, text: '    x = 1\n    y = 2\n' }]);
    const edited = engine.analyzeDocument(doc, undefined, ports);
    assert.equal(doc.lastRunKind?.kind, 'partial', JSON.stringify(doc.lastRunKind));
    assert.deepEqual(helperSteps(edited), before);
    assert.deepEqual(comparable(edited), comparable(engine.analyze({ path, text: doc.text, ports })));
    doc.dispose();
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

test('edits of a caller and of the factory module it dispatches through (unsaved, then on disk) equal fresh analyses', async () => {
  const engine = await loadEngine();
  const root = mkdtempSync(join(tmpdir(), 'aisec-incremental-dispatch-'));
  try {
    const runs = 'import subprocess\n\n\nclass ShellHandler:\n    def handle(self, reply):\n        return subprocess.run(reply, shell=True)\n\n\nclass LogHandler:\n    def handle(self, reply):\n        return len(reply)\n\n\ndef get_handler(kind):\n    return ShellHandler() if kind == "shell" else LogHandler()\n';
    const safe = runs.replace('return subprocess.run(reply, shell=True)', 'return reply.upper()');
    writeFileSync(join(root, 'handlers.py'), runs);
    const others = Array.from({ length: 20 }, (_, i) => `\n\ndef other_${i}(value):\n    return value + ${i}\n`).join('');
    const text = 'from openai import OpenAI\n\nfrom handlers import get_handler\n\nclient = OpenAI()\n\n\ndef step(kind, task):\n    reply = client.chat.completions.create(model="m", messages=[]).choices[0].message.content\n    handler = get_handler(kind)\n    return handler.handle(reply)\n' + others;
    // The helper as an editor holds it: unsaved text with a version, else the disk.
    const unsaved = new Map<string, { text: string; version: number }>();
    const ports = { project: taintSummaryFacts({ engine, baseFolder: root, projectRoot: root, openText: (file) => unsaved.get(file) }) };
    const path = join(root, 'main.py');
    const doc = engine.openDocument(path, text);
    const same = (label: string): AnalysisResult => {
      const result = engine.analyzeDocument(doc, undefined, ports);
      assert.deepEqual(comparable(result), comparable(engine.analyze({ path, text: doc.text, ports })), label);
      return result;
    };
    assert.ok(same('first run').findings.some((f) => f.ruleId === 'AIS281'));
    // Edits of the caller: lines typed above the flow, the receiver renamed, a line typed inside `step`.
    doc.applyChanges([{ range: { start: { line: 6, column: 0 }, end: { line: 6, column: 0 } }, text: 'LIMIT = 3\n' }]);
    same('a module constant typed above');
    const renamed = doc.text.replace('handler = get_handler(kind)\n    return handler.handle(reply)', 'chosen = get_handler(kind)\n    return chosen.handle(reply)');
    doc.applyChanges([{ text: renamed }]);
    assert.ok(same('the receiver renamed').findings.some((f) => f.ruleId === 'AIS281'));
    // The factory module edited in the editor, unsaved: the caller's text is unchanged, so the host forgets its analysis.
    unsaved.set(join(root, 'handlers.py'), { text: safe, version: 2 });
    doc.forgetAnalysis();
    assert.ok(!same('the helper edited, unsaved').findings.some((f) => f.ruleId === 'AIS281'));
    // Closed without saving: the disk version (which runs the reply) counts again.
    unsaved.delete(join(root, 'handlers.py'));
    doc.forgetAnalysis();
    assert.ok(same('the helper closed unsaved').findings.some((f) => f.ruleId === 'AIS281'));
    // Saved to disk in the safe version.
    writeFileSync(join(root, 'handlers.py'), safe + '\n');
    doc.forgetAnalysis();
    assert.ok(!same('the helper saved').findings.some((f) => f.ruleId === 'AIS281'));
    doc.dispose();
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

test('an edit whose callers certainly reach most of the file is analysed in full from the start, others partially', async () => {
  const engine = await loadEngine();
  // `__init__` calls every tool and sets the field every tool reads: an edit inside a tool refreshes
  // `__init__` (a caller), and through the field it sets, every tool.
  const tools = 12;
  const text = [
    'import subprocess',
    '',
    'class Agent:',
    '    def __init__(self, state):',
    '        self.state = state',
    ...Array.from({ length: tools }, (_, k) => `        self.tool_${k}()`),
    '',
    ...Array.from({ length: tools }, (_, k) => [`    def tool_${k}(self):`, `        subprocess.run(self.state, shell=${k % 2 === 0 ? 'True' : 'False'})`, '']).flat(),
    'def unrelated(value):',
    '    return value',
    '',
  ].join('\n');
  const doc = engine.openDocument('/w/agent.py', text);
  engine.analyzeDocument(doc);
  const lines = text.split('\n');
  const toolLine = lines.indexOf('    def tool_3(self):') + 1;
  const edit = (line: number, column: number, typed: string): { previous: NonNullable<EngineDocument['lastRun']>; kept: { before: number; after: number }; diff: { start: number; oldEnd: number; newEnd: number } } => {
    const previous = doc.lastRun;
    assert.ok(previous, 'the previous run is kept');
    doc.applyChanges([{ range: { start: { line, column }, end: { line, column } }, text: typed }]);
    const diff = doc.changedSinceLastRun;
    assert.ok(diff !== undefined && diff !== 'unknown');
    return { previous, kept: keptAroundEdit('python', previous.units, doc.text, diff), diff };
  };
  // Reading the receiver may change what the tool gives its callers: they are certainly analysed again.
  const inTool = edit(toolLine, lines[toolLine].length, '\n        self.state.strip()');
  assert.equal(certainlyReachesMost(inTool.previous, inTool.kept, inTool.diff, doc.text), 'the edit reaches most of the file');
  const result = engine.analyzeDocument(doc);
  assert.deepEqual(doc.lastRunKind, { kind: 'full', reason: 'the edit reaches most of the file' });
  assert.deepEqual(comparable(result), comparable(engine.analyze({ path: '/w/agent.py', text: doc.text })));
  // The unrelated function links to nothing: it is analysed on its own.
  const unrelatedLine = doc.text.split('\n').indexOf('    return value');
  const inUnrelated = edit(unrelatedLine, 16, ' + 1');
  assert.equal(certainlyReachesMost(inUnrelated.previous, inUnrelated.kept, inUnrelated.diff, doc.text), undefined);
  engine.analyzeDocument(doc);
  assert.equal(doc.lastRunKind?.kind, 'partial', JSON.stringify(doc.lastRunKind));
  doc.dispose();
});

test('early cutoff: an edit inside a method that its callers cannot see re-analyses that method alone; one they can see re-analyses them', async () => {
  const engine = await loadEngine();
  // Every tool calls `command`, so an edit in `command` that could change what it returns reaches all of them.
  const tools = 12;
  const text = [
    'import subprocess',
    'import pickle',
    '',
    'class Agent:',
    '    def command(self, name):',
    '        prefix = "run "',
    '        return prefix + name',
    '',
    ...Array.from({ length: tools }, (_, k) => [`    def tool_${k}(self, name):`, `        subprocess.run(self.command(name), shell=${k % 2 === 0 ? 'True' : 'False'})`, '']).flat(),
  ].join('\n');
  const path = '/w/cutoff.py';
  const doc = engine.openDocument(path, text);
  engine.analyzeDocument(doc);
  const type = (typed: string): void => {
    const lines = doc.text.split('\n');
    // After the return statement: the callers' flows through `command` lie before the edit and keep their lines.
    const line = lines.indexOf('        return prefix + name');
    const position = { line, column: lines[line].length };
    doc.applyChanges([{ range: { start: position, end: position }, text: typed }]);
    assert.deepEqual(comparable(engine.analyzeDocument(doc)), comparable(engine.analyze({ path, text: doc.text })));
  };
  // A statement of its own that reads only module names: that statement is analysed again (with its class's
  // header, the import it reads and the module-level units), and every other finding is kept.
  type('\n        blob = pickle.loads(b"x")');
  assert.deepEqual(doc.lastRunKind, { kind: 'partial', freshUnits: 1, units: tools + 4, exact: true });
  // Reading or binding a local the rest of the method uses can change what it returns: every caller again.
  type('\n        prefix = input()');
  assert.deepEqual(doc.lastRunKind, { kind: 'full', reason: 'the edit reaches most of the file' });
  doc.dispose();
});

test('early cutoff: an edit that splits a statement tree-sitter had joined keeps the findings of both halves (differential seed 5015)', async () => {
  const engine = await loadEngine();
  // Tree-sitter reads `x = ` and the call on the next line as one assignment; typing `T` makes them two
  // statements. The old statement spanned both lines, so its findings were dropped; the new edited statement
  // is one line, so the call's finding must be taken from the fresh run too.
  const text = ['import tensorflow as tf', '', '', 'def restore(path, flag):', '    tf.keras.config.enable_unsafe_deserialization()', '    x = ', '    tf.keras.config.enable_unsafe_deserialization()', '    return 1', ''].join('\n');
  const path = '/w/split.py';
  const doc = engine.openDocument(path, text);
  engine.analyzeDocument(doc);
  doc.applyChanges([{ range: { start: { line: 5, column: 8 }, end: { line: 5, column: 8 } }, text: 'T' }]);
  const result = engine.analyzeDocument(doc);
  assert.equal(doc.lastRunKind?.kind, 'partial');
  assert.deepEqual(comparable(result), comparable(engine.analyze({ path, text: doc.text })));
  assert.deepEqual(result.findings.filter((f) => f.ruleId === 'AIS107').map((f) => f.range.start.line), [4, 6]);
  doc.dispose();
});

test('early cutoff never hides a change callers see: return taint through a local, a decorator, a class attribute, a generator', async () => {
  const engine = await loadEngine();
  const text = [
    'import subprocess',
    'from transformers import AutoModel',
    'from langchain.tools import tool',
    '',
    'class Agent:',
    '    remote = False',
    '',
    '    def ask(self, question):',
    '        answer = "ls"',
    '        return answer',
    '',
    '    def run(self, question):',
    '        subprocess.run(self.ask(question), shell=True)',
    '',
    '    def load(self):',
    '        return AutoModel.from_pretrained("org/model", trust_remote_code=self.remote)',
    '',
    '    def helper(self, command):',
    '        print("x")',
    '        return command',
    '',
  ].join('\n');
  const path = '/w/visible.py';
  const doc = engine.openDocument(path, text);
  engine.analyzeDocument(doc);
  const replace = (from: string, to: string): void => {
    const lines = doc.text.split('\n');
    const line = lines.indexOf(from);
    assert.ok(line >= 0, from);
    doc.applyChanges([{ range: { start: { line, column: 0 }, end: { line, column: from.length } }, text: to }]);
    const incremental = engine.analyzeDocument(doc);
    if (doc.lastRunKind?.kind === 'partial' && !doc.lastRunKind.exact) return;
    assert.deepEqual(comparable(incremental), comparable(engine.analyze({ path, text: doc.text })), `after ${to}`);
  };
  // The local that `ask` returns now holds model output: `run`'s call becomes a model-output flow.
  replace('        answer = "ls"', '        answer = client.chat.completions.create(model="m", messages=[]).choices[0].message.content');
  replace('        answer = client.chat.completions.create(model="m", messages=[]).choices[0].message.content', '        answer = "ls"');
  // A statement reading the parameter that the method returns.
  replace('        print("x")', '        command = input()');
  // A decorator makes the model fill the parameters.
  replace('    def helper(self, command):', '    @tool\n    def helper(self, command):');
  // A class attribute the loader reads.
  replace('    remote = False', '    remote = True');
  // A generator.
  replace('        command = input()', '        yield command');
  doc.dispose();
});

test('a def typed above a top-level unit that starts indented takes that unit in as its body, as a fresh parse does', async () => {
  const engine = await loadEngine();
  const functions = (prefix: string): string[] => Array.from({ length: 30 }, (_, k) => [`def ${prefix}_${k}(value):`, `    return value + ${k}`, '']).flat();
  // `def store` is indented below a comment at column 0: the parser recovers it as a top-level unit of its own.
  const text = ['import os', '', ...functions('before'), 'exec(self.code)', '', '# a note about', '# the store', '    def store(self, question):', '        self.code = self.ask(question)', '', 'import sys', '', ...functions('after')].join('\n');
  const path = '/w/orphan.py';
  const doc = engine.openDocument(path, text);
  engine.analyzeDocument(doc);
  const line = text.split('\n').indexOf('# the store');
  doc.applyChanges([{ range: { start: { line, column: 11 }, end: { line, column: 11 } }, text: '\ndef helper(q):\n    return q\n' }]);
  const result = engine.analyzeDocument(doc);
  assert.equal(doc.lastRunKind?.kind, 'partial', JSON.stringify(doc.lastRunKind));
  assert.deepEqual(comparable(result), comparable(engine.analyze({ path, text: doc.text })));
  assert.deepEqual(unitSpans(doc), fullRunUnits(engine, path, doc.text));
  doc.dispose();
});

// Units the edit does not reach, so the run stays partial.
const FILLER_PY = Array.from({ length: 8 }, (_, i) => [`def unrelated_${i}(x):`, `    return x + ${i}`, '']).flat();
const FILLER_TS = Array.from({ length: 8 }, (_, i) => [`export function unrelated${i}(x: number): number {`, `  return x + ${i};`, '}', '']).flat();

test('a shell helper whose severity follows its callers is analysed again when a caller in another unit changes', async () => {
  const engine = await loadEngine();
  const cases = [
    {
      path: '/w/helpers.py',
      text: ['import subprocess', '', 'def _run(command):', '    subprocess.run(command, shell=True)', '', 'def status():', '    _run("git status")', '', 'def other():', '    return 1', '', ...FILLER_PY].join('\n'),
      // `_run("git status")` → `_run(request.args["c"])` on line 6.
      edit: { range: { start: { line: 6, column: 9 }, end: { line: 6, column: 21 } }, text: 'request.args["c"]' },
      rule: 'AIS203',
    },
    {
      path: '/w/helpers.ts',
      text: ["import { execSync } from 'node:child_process';", '', 'function run(command: string): void {', '  execSync(command);', '}', '', 'export function status(): void {', "  run('git status');", '}', '', ...FILLER_TS].join('\n'),
      edit: { range: { start: { line: 7, column: 6 }, end: { line: 7, column: 18 } }, text: 'userInput' },
      rule: 'AIS244',
    },
  ];
  for (const { path, text, edit, rule } of cases) {
    const doc = engine.openDocument(path, text);
    assert.equal(engine.analyzeDocument(doc).findings.filter((f) => f.ruleId === rule).length, 0, `${path}: constants only, nothing reported`);
    doc.applyChanges([edit]);
    const after = engine.analyzeDocument(doc);
    assert.equal(doc.lastRunKind?.kind, 'partial', path);
    assert.equal(after.findings.filter((f) => f.ruleId === rule).length, 1, `${path}: ${JSON.stringify(after.findings.map((f) => f.ruleId))}`);
    assert.deepEqual(comparable(after), comparable(engine.analyze({ path, text: doc.text })));
    doc.dispose();
  }
});

test('a comment typed on the indented blank line after a function joins that function, as a fresh parse does', async () => {
  const engine = await loadEngine();
  const functions = (prefix: string): string[] => Array.from({ length: 30 }, (_, k) => [`def ${prefix}_${k}(value):`, `    return value + ${k}`, '']).flat();
  // The line after `run`'s body holds only its indentation; a `#` typed there is indented into `run`'s block.
  const text = ['import subprocess', '', ...functions('before'), 'def run(command):', '    subprocess.run(["/bin/sh", "-c", command])', '    ', 'def after():', '    return 1', '', ...functions('after')].join('\n');
  const path = '/w/trailing_comment.py';
  const doc = engine.openDocument(path, text);
  engine.analyzeDocument(doc);
  const line = text.split('\n').indexOf('    ');
  doc.applyChanges([{ range: { start: { line, column: 4 }, end: { line, column: 4 } }, text: '#' }]);
  const result = engine.analyzeDocument(doc);
  assert.deepEqual(comparable(result), comparable(engine.analyze({ path, text: doc.text })));
  assert.deepEqual(unitSpans(doc), fullRunUnits(engine, path, doc.text));
  doc.dispose();
});

test('a string left open by an edit (a docstring joined to the next line, a template literal) never passes for an exact run', async () => {
  const engine = await loadEngine();
  const later = (lines: string[]): string[] => lines.map((line) => line.replace('unrelated', 'later'));
  const cases = [
    {
      // Deleting the docstring's last quote and the line break after it: `"""Doc.""   def __init__(...)`. The
      // opening quotes become an error of the class outside every member, which marks its header.
      path: '/w/open_docstring.py',
      text: ['import os', '', ...FILLER_PY, '', 'class Agent:', '    """Doc."""', '', '    def __init__(self, command):', '        self.command = command', '', '    def run(self):', '        return os.system(self.command)', '', '', ...later(FILLER_PY)].join('\n'),
      open: '."""',
      cut: [3, 4],
    },
    {
      // The template's closing backtick deleted: it now runs on into the template of the next method.
      path: '/w/open_template.ts',
      text: ["import { exec } from 'node:child_process';", '', ...FILLER_TS, 'export class Agent {', '  greet(name: string): string {', '    return `hi ${name}`;', '  }', '', '  run(command: string): void {', '    exec(`ls ${command}`);', '  }', '}', '', ...later(FILLER_TS)].join('\n'),
      open: '}`',
      cut: [1, 1],
    },
  ];
  for (const { path, text, open, cut } of cases) {
    const doc = engine.openDocument(path, text);
    engine.analyzeDocument(doc);
    const from = text.indexOf(open) + cut[0];
    const position = (offset: number): { line: number; column: number } => ({ line: text.slice(0, offset).split('\n').length - 1, column: offset - (text.lastIndexOf('\n', offset - 1) + 1) });
    doc.applyChanges([{ range: { start: position(from), end: position(from + cut[1]) }, text: '' }]);
    const result = engine.analyzeDocument(doc);
    const run = doc.lastRunKind;
    if (run?.kind === 'partial' && run.exact) {
      assert.deepEqual(comparable(result), comparable(engine.analyze({ path, text: doc.text })), path);
      assert.deepEqual(unitSpans(doc), fullRunUnits(engine, path, doc.text), `${path}: an exact run keeps the units of a fresh run`);
    }
    // The host's full run once typing pauses.
    doc.forgetAnalysis();
    assert.deepEqual(comparable(engine.analyzeDocument(doc)), comparable(engine.analyze({ path, text: doc.text })), path);
    doc.dispose();
  }
});

test('early cutoff in TypeScript: a statement of its own typed in a method re-analyses that statement; one callers can see re-analyses them', async () => {
  const engine = await loadEngine();
  // Every tool calls `command`, so an edit in `command` that could change what it returns reaches all of them.
  const tools = 12;
  const text = [
    "import { execSync } from 'node:child_process';",
    '',
    'export class Agent {',
    '  command(name: string): string {',
    "    const prefix = 'run ';",
    '    return prefix + name;',
    '  }',
    '',
    ...Array.from({ length: tools }, (_, k) => [`  tool${k}(name: string): void {`, `    execSync(this.command(name)${k % 2 === 0 ? ', { shell: "/bin/sh" }' : ''});`, '  }', '']).flat(),
    '}',
    '',
  ].join('\n');
  const path = '/w/cutoff.ts';
  const doc = engine.openDocument(path, text);
  engine.analyzeDocument(doc);
  const type = (typed: string): void => {
    const lines = doc.text.split('\n');
    // At the end of the last line of `command`'s body.
    const line = lines.indexOf('  }', lines.indexOf('    return prefix + name;')) - 1;
    const position = { line, column: lines[line].length };
    doc.applyChanges([{ range: { start: position, end: position }, text: typed }]);
    assert.deepEqual(comparable(engine.analyzeDocument(doc)), comparable(engine.analyze({ path, text: doc.text })), typed);
  };
  // Enter and the indentation inside the braces change no statement.
  type('\n    ');
  assert.deepEqual(doc.lastRunKind, { kind: 'partial', freshUnits: 1, units: tools + 4, exact: true });
  // A declaration of its own that reads only module names (an unreachable one, after the return).
  type('const value = eval(process.argv[2]);');
  assert.deepEqual(doc.lastRunKind, { kind: 'partial', freshUnits: 1, units: tools + 4, exact: true });
  // Reading a parameter, or assigning a module's variable, can change what callers see: every caller again.
  type('\n    const other = eval(name);');
  assert.deepEqual(doc.lastRunKind, { kind: 'full', reason: 'the edit reaches most of the file' });
  doc.dispose();
});

test('early cutoff: a helper that starts calling a method on its parameter\'s object re-checks its callers, which know the class they pass (Python and TypeScript)', async () => {
  const engine = await loadEngine();
  // `respond(interpreter)` does not know the class of its parameter; `Interpreter.chat` passes `self`, whose
  // `computer` runs code and whose `messages` hold the model's reply. The flow is found from the caller and
  // reported at the sink in `Computer.run`: neither is the unit edited.
  const cases = [
    {
      path: '/w/respond.py',
      text: [
        'import subprocess',
        'from openai import OpenAI',
        '',
        'client = OpenAI()',
        '',
        '',
        'class Computer:',
        '    def run(self, language, code):',
        '        return subprocess.run(code, shell=True)',
        '',
        '',
        'def respond(interpreter):',
        '    code = interpreter.messages[-1]',
        '    return len(code)',
        '',
        '',
        'class Interpreter:',
        '    def __init__(self):',
        '        self.messages = []',
        '        self.computer = Computer()',
        '',
        '    def chat(self, prompt):',
        '        reply = client.chat.completions.create(model="m", messages=[]).choices[0].message.content',
        '        self.messages.append(reply)',
        '        return respond(self)',
        '',
      ].join('\n'),
      after: '    code = interpreter.messages[-1]',
      typed: '\n    interpreter.computer.run("shell", code)',
    },
    {
      path: '/w/respond.ts',
      text: [
        "import { execSync } from 'node:child_process';",
        "import OpenAI from 'openai';",
        '',
        'const client = new OpenAI();',
        '',
        'export class Computer {',
        '  run(language: string, code: string): string {',
        '    return execSync(code).toString();',
        '  }',
        '}',
        '',
        'export function respond(interpreter: { messages: string[]; computer: { run(language: string, code: string): string } }): number {',
        '  const code = interpreter.messages[interpreter.messages.length - 1];',
        '  return code.length;',
        '}',
        '',
        'export class Interpreter {',
        '  messages: string[];',
        '  computer: Computer;',
        '',
        '  constructor() {',
        '    this.messages = [];',
        '    this.computer = new Computer();',
        '  }',
        '',
        '  async chat(prompt: string): Promise<number> {',
        "    const response = await client.chat.completions.create({ model: 'm', messages: [{ role: 'user', content: prompt }] });",
        "    this.messages.push(response.choices[0].message.content ?? '');",
        '    return respond(this);',
        '  }',
        '}',
        '',
      ].join('\n'),
      after: '  const code = interpreter.messages[interpreter.messages.length - 1];',
      typed: "\n  interpreter.computer.run('shell', code);",
    },
  ];
  for (const { path, text, after, typed } of cases) {
    const doc = engine.openDocument(path, text);
    const sinkLine = text.split('\n').findIndex((l) => l.includes('subprocess.run(code') || l.includes('execSync(code)'));
    const flows = (result: AnalysisResult): string[] => result.findings.filter((f) => f.ruleId === 'AIS281').map((f) => `${f.range.start.line}`);
    assert.deepEqual(flows(engine.analyzeDocument(doc)), [], `${path}: no flow before the edit`);
    const line = text.split('\n').indexOf(after);
    const position = { line, column: after.length };
    doc.applyChanges([{ range: { start: position, end: position }, text: typed }]);
    const result = engine.analyzeDocument(doc);
    assert.deepEqual(comparable(result), comparable(engine.analyze({ path, text: doc.text })), path);
    assert.deepEqual(flows(result), [`${sinkLine}`], `${path}: the flow through the helper's new call reaches the sink`);
    doc.dispose();
  }
});

test('a changed module-level guard re-analyses the statements after it that it guards (differential seed 1017)', async () => {
  const engine = await loadEngine();
  // The guard defines nothing, so no name links it to the command after it: changing the pattern it checks
  // (here through the constant it reads) must still re-analyse the command, and so must deleting the guard.
  const text = [
    'import re',
    'import subprocess',
    'import requests',
    '',
    'COMMIT = re.compile(r"[0-9a-f]{7,40}")',
    'rev = requests.get("https://example.com/rev").text',
    '',
    'if not COMMIT.fullmatch(rev):',
    '    raise SystemExit(1)',
    'subprocess.run(f"git show {rev}", shell=True)',
    '',
    ...FILLER_PY,
    ...FILLER_PY.map((line) => line.replace('unrelated_', 'other_')),
  ].join('\n');
  const path = '/w/guard.py';
  const doc = engine.openDocument(path, text);
  const commandLine = (result: AnalysisResult): number[] => result.findings.filter((f) => f.range.start.line === 9).map((f) => f.range.start.line);
  assert.deepEqual(commandLine(engine.analyzeDocument(doc)), []);
  doc.applyChanges([{ range: { start: { line: 4, column: 22 }, end: { line: 4, column: 36 } }, text: '.*' }]);
  const widened = engine.analyzeDocument(doc);
  assert.equal(doc.lastRunKind?.kind, 'partial');
  assert.deepEqual(comparable(widened), comparable(engine.analyze({ path, text: doc.text })));
  assert.ok(commandLine(widened).length > 0, 'the command is no longer guarded');
  doc.applyChanges([{ range: { start: { line: 4, column: 22 }, end: { line: 4, column: 24 } }, text: '[0-9a-f]{7,40}' }]);
  assert.deepEqual(commandLine(engine.analyzeDocument(doc)), []);
  doc.applyChanges([{ range: { start: { line: 7, column: 0 }, end: { line: 9, column: 0 } }, text: '' }]);
  const unguarded = engine.analyzeDocument(doc);
  assert.equal(doc.lastRunKind?.kind, 'partial');
  assert.deepEqual(comparable(unguarded), comparable(engine.analyze({ path, text: doc.text })));
  doc.dispose();
});
