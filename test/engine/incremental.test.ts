/**
 * Incremental analysis of open documents must give exactly what a fresh analysis of the same text gives.
 * Differential test: files built from the rule fixtures (several joined, so helpers, imports and findings of
 * different units meet), the example project and the benchmark's generated services are edited with seeded
 * random edits (typing a snippet one key at a time, pasting lines and helper functions, deleting ranges and
 * lines, renaming a definition), and after every edit the document's result is compared with `analyze`.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadEngine } from '../../server/src/host/load-engine';
import type { AnalysisResult, Engine, EngineDocument } from '../../server/src/engine/index';
import { listFixtures } from '../helpers/fixtures';
// @ts-expect-error the benchmark's generator is plain JavaScript
import { pythonFile, typescriptFile } from '../../bench/sources.mjs';

type Language = 'py' | 'ts';

const SNIPPETS: Record<Language, string[]> = {
  py: [
    'data = pickle.loads(blob)',
    'exec(reply)',
    'return eval(text)',
    'import pickle as pk',
    'from subprocess import run',
    '# aisec: ignore-file',
    'x = 1  # nosec',
    'weights = torch.load(path)',
    'model = AutoModel.from_pretrained("org/model", trust_remote_code=True)',
    'OPENAI_API_KEY = "sk-proj-Zq8vR2mXk4LpT7nW1cY9bH3sD6fJ0gA5eU2iO8rK"',
    'reply = client.chat.completions.create(model="m", messages=[]).choices[0].message.content',
    'subprocess.run(reply, shell=True)',
    'exec(fetch_reply(question))',
    'os.system(helper(q))',
    '"""',
    "'",
    '(',
    ')',
    ':',
    'if True:',
    'global CONFIG',
  ],
  ts: [
    'const value = eval(userInput);',
    "import { exec } from 'node:child_process';",
    'exec(cmd);',
    'yaml.load(text, { schema: yaml.DEFAULT_FULL_SCHEMA });',
    'const reply = (await openai.chat.completions.create({ model: "m", messages: [] })).choices[0].message.content;',
    'eval(reply);',
    'new Function(fetchReply(question))();',
    '// aisec: ignore-file',
    "const key = 'sk-proj-Zq8vR2mXk4LpT7nW1cY9bH3sD6fJ0gA5eU2iO8rK';",
    'let counter = 0;',
    'counter = reply;',
    '`',
    '{',
    '}',
    '(',
    ')',
    '/*',
  ],
};

const HELPERS: Record<Language, string[]> = {
  py: [
    '\ndef fetch_reply(question):\n    return client.chat.completions.create(model="m", messages=[{"role": "user", "content": question}]).choices[0].message.content\n',
    '\ndef helper(q):\n    return q\n',
    '\nclass Runner:\n    def go(self, code):\n        exec(code)\n',
    '\nCONFIG = yaml.load(open("c.yml"), Loader=yaml.Loader)\n',
  ],
  ts: [
    '\nasync function fetchReply(question: string): Promise<string> {\n  const r = await openai.chat.completions.create({ model: "m", messages: [{ role: "user", content: question }] });\n  return r.choices[0].message.content ?? "";\n}\n',
    '\nconst helper = (q: string) => q;\n',
    '\nexport class Runner {\n  go(code: string) {\n    return eval(code);\n  }\n}\n',
  ],
};

/** A small deterministic generator (mulberry32), so a failure can be replayed from its seed. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface Edit {
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  text: string;
}

/** Produces the next batch of edits (one keystroke each, or one paste/delete) against the current text. */
function nextEdits(text: string, language: Language, rnd: () => number): Edit[] {
  const lines = text.split('\n');
  const pick = <T>(items: T[]): T => items[Math.floor(rnd() * items.length)];
  const line = Math.floor(rnd() * lines.length);
  const indent = /^\s*/.exec(lines[line])?.[0] ?? '';
  const at = (column: number, insert: string): Edit => ({ line, column, endLine: line, endColumn: column, text: insert });
  const op = rnd();
  if (op < 0.35) {
    // Typing a snippet at the start of a new line with this line's indentation, one key at a time.
    const snippet = `\n${indent}${pick(SNIPPETS[language])}`;
    const edits: Edit[] = [];
    let column = lines[line].length;
    let row = line;
    for (const ch of snippet) {
      edits.push({ line: row, column, endLine: row, endColumn: column, text: ch });
      if (ch === '\n') {
        row++;
        column = 0;
      } else column++;
    }
    return edits;
  }
  if (op < 0.5) return [at(Math.floor(rnd() * (lines[line].length + 1)), pick(SNIPPETS[language]))];
  if (op < 0.6) return [at(lines[line].length, pick(HELPERS[language]))];
  if (op < 0.75) {
    const column = Math.floor(rnd() * (lines[line].length + 1));
    const length = 1 + Math.floor(rnd() * 40);
    const offset = lines.slice(0, line).reduce((n, l) => n + l.length + 1, 0) + column;
    const endOffset = Math.min(text.length, offset + length);
    const before = text.slice(0, endOffset).split('\n');
    return [{ line, column, endLine: before.length - 1, endColumn: before[before.length - 1].length, text: '' }];
  }
  if (op < 0.85 && line + 1 < lines.length) return [{ line, column: 0, endLine: line + 1, endColumn: 0, text: '' }];
  // Renaming a definition (or any word) on this line.
  const word = /[A-Za-z_]\w{2,}/.exec(lines[line]);
  if (word) return [{ line, column: word.index, endLine: line, endColumn: word.index + word[0].length, text: `${word[0]}_${Math.floor(rnd() * 3)}` }];
  return [at(0, '\n')];
}

function comparable(result: AnalysisResult): unknown {
  return { findings: result.findings, suppressed: result.suppressed };
}

function corpus(): { name: string; language: Language; text: string }[] {
  const out: { name: string; language: Language; text: string }[] = [];
  const fixtures = listFixtures();
  for (const language of ['py', 'ts'] as const) {
    const files = fixtures.filter((f) => (language === 'py' ? f.path.endsWith('.py') : /\.(ts|js)$/.test(f.path)));
    // Groups of six fixtures joined into one file: imports, helpers and findings of several rules meet.
    for (let i = 0; i < files.length; i += 6) {
      out.push({ name: `fixtures ${language} #${i / 6}`, language, text: files.slice(i, i + 6).map((f) => readFileSync(f.path, 'utf8')).join('\n\n') });
    }
  }
  const example = join(__dirname, '..', '..', 'examples', 'ml-service');
  for (const name of ['agent.py', 'serve.py', 'train.py']) out.push({ name: `examples/${name}`, language: 'py', text: readFileSync(join(example, name), 'utf8') });
  out.push({ name: 'generated python', language: 'py', text: pythonFile(400) as string });
  out.push({ name: 'generated typescript', language: 'ts', text: typescriptFile(400) as string });
  return out;
}

function apply(doc: EngineDocument, edit: Edit): void {
  doc.applyChanges([{ range: { start: { line: edit.line, column: edit.column }, end: { line: edit.endLine, column: edit.endColumn } }, text: edit.text }]);
}

function check(engine: Engine, doc: EngineDocument, path: string, context: () => string): void {
  const incremental = engine.analyzeDocument(doc);
  const fresh = engine.analyze({ path, text: doc.text });
  assert.deepEqual(comparable(incremental), comparable(fresh), `${context()}\n--- text after the edit ---\n${numbered(doc.text)}`);
}

function numbered(text: string): string {
  return text.split('\n').map((line, i) => `${String(i).padStart(4)}| ${line}`).join('\n');
}

test('incremental analysis equals a fresh analysis after every random edit (differential)', async () => {
  const engine = await loadEngine();
  let partialRuns = 0;
  let runs = 0;
  let inexact = 0;
  for (const [fileIndex, file] of corpus().entries()) {
    const seed = 1000 + fileIndex;
    const rnd = random(seed);
    const path = `/w/${file.name.replace(/\W+/g, '_')}.${file.language}`;
    const doc = engine.openDocument(path, file.text);
    engine.analyzeDocument(doc);
    const history: Edit[] = [];
    for (let step = 0; step < 8; step++) {
      for (const edit of nextEdits(doc.text, file.language, rnd)) {
        apply(doc, edit);
        history.push(edit);
        check(engine, doc, path, () => `${file.name} (seed ${seed}) after ${history.length} edits, last ${JSON.stringify(edit)}; run ${JSON.stringify(doc.lastRunKind)}`);
        runs++;
        if (doc.lastRunKind?.kind === 'partial') {
          partialRuns++;
          if (!doc.lastRunKind.exact) inexact++;
        }
      }
    }
    doc.dispose();
  }
  // The test is only worth something if many runs took the partial path, with and without syntax errors
  // (the random edits leave broken text behind, so full runs are common too).
  assert.ok(partialRuns > runs * 0.4, `only ${partialRuns} of ${runs} runs were partial`);
  assert.ok(inexact > 0 && inexact < partialRuns, `${inexact} of ${partialRuns} partial runs had a syntax error in the window`);
});

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
