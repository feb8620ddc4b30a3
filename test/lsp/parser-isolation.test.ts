/**
 * A document that traps the parser cannot blank the Problems panel: it gets its text findings and an information
 * diagnostic saying it was analysed only in part, and every other document, opened before or after, edited or
 * new, keeps getting its diagnostics from the parser runtime built after the trap. The engine's parser heap is
 * capped (see `hostile-inputs.ts`) so the trap costs a 3 MB document.
 */
import { strict as assert } from 'node:assert';
import { after, before, describe, it } from 'node:test';
import type { Diagnostic } from 'vscode-languageserver';
import { startHarness, type Harness } from './harness';
import { heapExhaustingPython, trappingEngine } from '../helpers/hostile-inputs';

const APP = 'file:///virtual/project/app.py';
const GENERATED = 'file:///virtual/project/generated.py';
const LATER_TS = 'file:///virtual/project/run.ts';
const LATER_PY = 'file:///virtual/project/later.py';

const codes = (diagnostics: readonly Diagnostic[]): string[] => diagnostics.map((d) => String(d.code ?? '')).filter((c) => c !== '').sort();

describe('a document that traps the parser', () => {
  let h: Harness;
  before(async () => {
    h = await startHarness({ engine: trappingEngine(), settings: { debounceMs: 0, maxFileSizeKb: 64 * 1024, timeBudgetMs: 600_000 } });
  });
  after(async () => {
    await h.dispose();
  });

  it('is reported as partly analysed with its text findings, and the other documents keep their diagnostics', async () => {
    const app = h.waitForDiagnostics(APP, (d) => d.length > 0);
    h.open(APP, 'python', 'import pickle\n\n\ndef load(b):\n    return pickle.loads(b)\n');
    assert.deepEqual(codes(await app), ['AIS101']);

    const generated = h.waitForDiagnostics(GENERATED, (d) => d.length > 0, 60_000);
    h.open(GENERATED, 'python', heapExhaustingPython());
    const trapped = await generated;
    assert.ok(trapped.some((d) => d.code === 'AIS444'), 'the key is still reported');
    assert.ok(trapped.some((d) => /^AISec analysed this file only in part: the parser trapped on this file/.test(d.message)), JSON.stringify(trapped.map((d) => d.message)));

    const later = h.waitForDiagnostics(LATER_TS, (d) => d.length > 0, 60_000);
    h.open(LATER_TS, 'typescript', 'export function run(userInput: string) {\n  return eval(userInput);\n}\n');
    assert.deepEqual(codes(await later), ['AIS240']);

    const edited = h.waitForDiagnostics(APP, (d) => d.length === 2, 60_000);
    h.change(APP, 2, [{ range: { start: { line: 5, character: 0 }, end: { line: 5, character: 0 } }, text: '\n\ndef run(code):\n    return eval(code)\n' }]);
    assert.deepEqual(codes(await edited), ['AIS101', 'AIS201']);

    const fresh = h.waitForDiagnostics(LATER_PY, (d) => d.length > 0, 60_000);
    h.open(LATER_PY, 'python', 'import yaml\nyaml.load(open("c.yml"))\n');
    assert.ok((await fresh).length > 0);
  });
});
