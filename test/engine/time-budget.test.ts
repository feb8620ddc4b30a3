/**
 * The time budget bounds the rules that need the syntax tree, never the text rules: a parse that runs past the
 * budget (or past `maxParseMs` when there is no budget) is stopped, the file says which rules were skipped, and
 * secrets are still found. Time is a fake clock that advances on every reading, so nothing here depends on the
 * speed of the machine.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DEFAULT_CONFIG } from '../../server/src/engine/index';
import { loadEngine } from '../../server/src/host/load-engine';
import { TRAP_FILE_KEY } from '../helpers/hostile-inputs';

/** A clock that moves `stepMs` forward each time it is read, and says how far it went. */
function steppingClock(stepMs: number): { now(): number; elapsed(): number } {
  let t = 0;
  return { now: () => (t += stepMs), elapsed: () => t };
}

/** A key, an eval of user input, then enough code that parsing it polls the clock many times. */
function keyEvalAndCode(): string {
  return `const key = "${TRAP_FILE_KEY}";\neval(userInput);\n` + 'function f(a, b) {\n  return [a, b].map((x) => x * 2);\n}\n'.repeat(20_000);
}

test('a parse that outlasts the budget skips only the rules that need the tree, and names them', async () => {
  const engine = await loadEngine();
  const clock = steppingClock(1);
  const r = engine.analyze({ path: 'app.js', text: keyEvalAndCode(), ports: { clock }, timeBudgetMs: 200 });
  assert.ok(r.findings.some((f) => f.category === 'secrets'), 'the secret is reported');
  assert.ok(!r.findings.some((f) => f.ruleId === 'AIS240'), 'the eval needs the tree');
  const note = r.notes.find((n) => n.kind === 'incomplete');
  assert.equal(note?.message, 'not analysed: the time budget ran out during parsing. Rules that need the syntax tree were skipped: js-eval-non-literal. Ran without it (fewer findings): hard-coded-secrets. The text rules (secrets and others) ran.');
});

test('without a budget a parse still stops after maxParseMs', async () => {
  const engine = await loadEngine();
  const clock = steppingClock(1);
  const r = engine.analyze({ path: 'app.js', text: keyEvalAndCode(), ports: { clock }, config: { ...DEFAULT_CONFIG, maxParseMs: 300 } });
  assert.match(r.notes.find((n) => n.kind === 'incomplete')?.message ?? '', /^not analysed: parsing took longer than its 300 ms limit \(maxParseMs\)\. Rules that need the syntax tree were skipped: js-eval-non-literal\./);
  assert.ok(r.findings.some((f) => f.category === 'secrets'));
});

test('an open document spends one budget: a parse stopped in the incremental path is not started again', async () => {
  const engine = await loadEngine();
  const clock = steppingClock(1);
  const document = engine.openDocument('app.js', keyEvalAndCode());
  const r = engine.analyzeDocument(document, DEFAULT_CONFIG, { clock }, 200);
  assert.ok(r.findings.some((f) => f.category === 'secrets'));
  assert.ok(r.notes.some((n) => n.kind === 'incomplete' && /time budget ran out/.test(n.message)), JSON.stringify(r.notes));
  // Each parse reads the clock about once per 100 parser operations; two parses of the budget would read it twice as often.
  assert.ok(clock.elapsed() < 200 * 1.5, `the clock moved ${clock.elapsed()} ms for a 200 ms budget`);
  document.dispose();
});

test('a budget that is spent before the tree rules start skips them with a note; text rules run', async () => {
  const engine = await loadEngine();
  const clock = steppingClock(1000);
  const r = engine.analyze({ path: 'a.py', text: `import pickle\nTOKEN = "${TRAP_FILE_KEY}"\npickle.loads(b)\n`, ports: { clock }, timeBudgetMs: 1500 });
  assert.ok(r.findings.some((f) => f.category === 'secrets'));
  assert.match(r.notes.find((n) => n.kind === 'incomplete')?.message ?? '', /^not analysed: the time budget ran out.*unsafe-pickle-load/);
});

test('the scope of a deeply nested error tree is built within the budget (fuzz input #55448)', async () => {
  const engine = await loadEngine();
  // Parsing 40,000 unclosed braces is quick; the bindings query over the error tree they leave ran for seconds, past
  // any budget, and had to poll it. The scope now comes from one walk that is linear in the tree, so the file is analysed.
  const text = 'import pickle\npickle.loads(b)\nx = ' + '{'.repeat(40_000) + '\n';
  // The parse reads the clock about 400 times, once per millisecond of this clock.
  const clock = steppingClock(1);
  const r = engine.analyze({ path: 'b.py', text, ports: { clock }, timeBudgetMs: 600 });
  assert.equal(r.notes.find((n) => n.kind === 'incomplete'), undefined, JSON.stringify(r.notes));
  assert.ok(r.findings.some((f) => f.ruleId === 'AIS101' && f.range.start.line === 1), JSON.stringify(r.findings));
});

/** An open document analysed once without a budget, then given a large paste in its middle. */
/** A 2,000-function file, analysed, then `added` functions inserted after the first thousand characters. */
function editedDocument(engine: Awaited<ReturnType<typeof loadEngine>>, ports: { clock: { now(): number } }, added: number) {
  const fn = 'function f(a, b) {\n  return [a, b].map((x) => x * 2);\n}\n';
  const document = engine.openDocument('app.js', 'eval(userInput);\n' + fn.repeat(2000));
  engine.analyzeDocument(document, DEFAULT_CONFIG, ports);
  assert.deepEqual(document.lastRunKind, { kind: 'full', reason: 'first analysis' });
  const at = document.textIndex.positionAt(document.text.indexOf('function', 1000));
  document.applyChanges([{ range: { start: at, end: at }, text: 'eval(x);\n' + fn.repeat(added) }]);
  return document;
}

test('an edit whose incremental analysis spends the budget ends there with the budget note, with no full analysis after it', async () => {
  const engine = await loadEngine();
  // The same ports object for both runs (other ports would forget the first run); the clock moves only in the second.
  let step = 0;
  let t = 0;
  const ports = { clock: { now: () => (t += step) } };
  // A third of the file is new: small enough to try the partial path, whose window parse then spends the budget.
  const document = editedDocument(engine, ports, 1000);
  step = 1;
  const r = engine.analyzeDocument(document, DEFAULT_CONFIG, ports, 400);
  assert.match(document.lastRunKind?.kind === 'full' ? document.lastRunKind.reason : '', /^the time budget ran out in the incremental analysis/, JSON.stringify(document.lastRunKind));
  assert.match(r.notes.find((n) => n.kind === 'incomplete')?.message ?? '', /^not analysed: the time budget ran out\. Rules that need the syntax tree were skipped: js-eval-non-literal\./);
  // A full parse after the partial one would read the clock as often again.
  assert.ok(t < 400 * 1.5, `the clock moved ${t} ms for a 400 ms budget`);
  // The next analysis with time to spare is complete: nothing of the stopped run was kept.
  step = 0;
  const again = engine.analyzeDocument(document, DEFAULT_CONFIG, ports, 400);
  assert.equal(again.findings.filter((f) => f.ruleId === 'AIS240').length, 2);
  assert.ok(!again.notes.some((n) => n.kind === 'incomplete'));
  document.dispose();
});

test('a full analysis of an edited document that outlasts the budget stops at it, with the note', async () => {
  const engine = await loadEngine();
  let step = 0;
  let t = 0;
  const ports = { clock: { now: () => (t += step) } };
  // Most of the file is new, so the edit goes straight to a full run (no window parse first), which needs about
  // 6,500 clock readings and stops at the budget.
  const document = editedDocument(engine, ports, 3000);
  step = 1;
  const r = engine.analyzeDocument(document, DEFAULT_CONFIG, ports, 3000);
  assert.deepEqual(document.lastRunKind, { kind: 'full', reason: 'the edit reaches most of the file; the full parse was stopped' });
  assert.match(r.notes.find((n) => n.kind === 'incomplete')?.message ?? '', /time budget ran out/);
  assert.ok(t < 3000 * 1.2, `the clock moved ${t} ms for a 3000 ms budget`);
  document.dispose();
});
