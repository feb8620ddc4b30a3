/**
 * "Analysis never throws", with a parser that traps: a file that exhausts the parser's WASM heap (an emscripten
 * abort, after which every call into that runtime aborts too) is reported as not analysed by the syntax rules,
 * keeps its text findings, and the files after it, plain and open documents, are analysed by a fresh runtime.
 * The heap is capped (see `hostile-inputs.ts`) so the trap costs a 3 MB input instead of a 50 MB one.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DEFAULT_CONFIG, type Engine } from '../../server/src/engine/index';
import { heapExhaustingPython, ORDINARY_FILES, TRAP_FILE_KEY, trappingEngine } from '../helpers/hostile-inputs';

const LARGE = { ...DEFAULT_CONFIG, maxFileBytes: 64 * 1024 * 1024 };

function assertOrdinaryFilesAnalysed(engine: Engine): void {
  for (const file of ORDINARY_FILES) {
    const result = engine.analyze(file);
    assert.deepEqual(result.findings.map((f) => f.ruleId), [file.ruleId], `${file.path}: ${JSON.stringify(result.notes)}`);
    assert.deepEqual(result.notes, [], file.path);
  }
}

test('a file that traps the parser gets a note and its text findings; the files after it are analysed by a new runtime', async () => {
  const engine = await trappingEngine();
  assertOrdinaryFilesAnalysed(engine);
  const trapped = engine.analyze({ path: 'generated.py', text: heapExhaustingPython(), config: LARGE });
  const note = trapped.notes.find((n) => n.kind === 'incomplete');
  assert.ok(note, JSON.stringify(trapped.notes));
  assert.match(note.message, /^not analysed: the parser trapped on this file \(Aborted\(\)\) and was restarted for the next file\. Rules that need the syntax tree were skipped: .*unsafe-pickle-load/);
  assert.match(note.message, /Ran without it \(fewer findings\): hard-coded-secrets\. The text rules \(secrets and others\) ran\./);
  const secret = trapped.findings.find((f) => f.category === 'secrets');
  assert.ok(secret, 'the key before the trap is still reported');
  assert.ok(!secret.message.includes(TRAP_FILE_KEY), 'and redacted');

  await engine.ready();
  assert.equal(engine.parserRuntimes, 2);
  assertOrdinaryFilesAnalysed(engine);
  // Again: every trap gets its own runtime.
  engine.analyze({ path: 'generated2.py', text: heapExhaustingPython(), config: LARGE });
  await engine.ready();
  assert.equal(engine.parserRuntimes, 3);
  assertOrdinaryFilesAnalysed(engine);
});

test('a file analysed while the new runtime is being built says so, and text rules still run', async () => {
  const engine = await trappingEngine();
  engine.analyze({ path: 'generated.py', text: heapExhaustingPython(), config: LARGE });
  const meanwhile = engine.analyze({ path: 'keys.py', text: `TOKEN = "${TRAP_FILE_KEY}"\nimport pickle\npickle.loads(x)\n` });
  assert.ok(meanwhile.notes.some((n) => n.kind === 'incomplete' && /^not analysed: the parser is unavailable after a trap in an earlier file/.test(n.message)), JSON.stringify(meanwhile.notes));
  assert.ok(meanwhile.findings.some((f) => f.category === 'secrets'));
  await engine.ready();
  assertOrdinaryFilesAnalysed(engine);
});

test('open documents survive a trap in another document: their old trees are dropped, not touched', async () => {
  const engine = await trappingEngine();
  const open = engine.openDocument('app.py', 'import pickle\n\n\ndef load(b):\n    return pickle.loads(b)\n');
  assert.deepEqual(engine.analyzeDocument(open).findings.map((f) => f.ruleId), ['AIS101']);
  const hostile = engine.openDocument('generated.py', heapExhaustingPython());
  const trapped = engine.analyzeDocument(hostile, LARGE);
  assert.ok(trapped.notes.some((n) => n.kind === 'incomplete' && /parser trapped/.test(n.message)), JSON.stringify(trapped.notes));
  assert.ok(trapped.findings.some((f) => f.category === 'secrets'));
  await engine.ready();
  open.applyChanges([{ range: { start: { line: 5, column: 0 }, end: { line: 5, column: 0 } }, text: '\n\ndef run(code):\n    return eval(code)\n' }]);
  const after = engine.analyzeDocument(open);
  assert.deepEqual(after.findings.map((f) => f.ruleId).sort(), ['AIS101', 'AIS201'], JSON.stringify(after.notes));
  open.dispose();
  hostile.dispose();
  assertOrdinaryFilesAnalysed(engine);
});

test('parsesCleanly and parseTree answer undefined instead of throwing on a trap', async () => {
  const engine = await trappingEngine();
  assert.equal(engine.parsesCleanly('generated.py', heapExhaustingPython()), undefined);
  await engine.ready();
  assert.equal(engine.parsesCleanly('ok.py', 'x = 1\n'), true);
});
