/**
 * The language server over the hostile-file set (issue 20): the workspace scan finishes and names the
 * refused files (a "file skipped" diagnostic on each special file of a kind AISec analyses, or a line of the
 * server's log), the traps opened
 * as documents keep their text findings, the ordinary files opened after them get their findings, and the
 * model-file report answers for a FIFO and for a link to /dev/zero. The server runs in a child process
 * (`lsp-over-hostile-set.ts`) under a time and a memory limit.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { fileKindOf } from '../../server/src/engine/index';
import { createHostileSet, type HostileSet } from './hostile-files';
import { describeRun, runGuarded, type GuardedResult } from './guarded-process';
import type { LspOutcome, SetDescription } from './lsp-over-hostile-set';

const REPO = join(__dirname, '..', '..');

let set: HostileSet;
let run: GuardedResult;
let outcome: LspOutcome | undefined;

before(async () => {
  set = createHostileSet();
  const description: SetDescription = { root: set.root, ordinary: set.ordinary, special: set.special, traps: set.traps };
  run = await runGuarded(['--import', 'tsx', join(__dirname, 'lsp-over-hostile-set.ts'), JSON.stringify(description)], REPO, { timeoutMs: 150_000, maxRssBytes: 2 * 1024 * 1024 * 1024 });
  const line = run.stdout.split('\n').find((l) => l.startsWith('RESULT '));
  outcome = line ? (JSON.parse(line.slice('RESULT '.length)) as LspOutcome) : undefined;
});
after(() => set.dispose());

/** Where the server got to before it was killed. */
function lastStep(): string {
  return run.stdout.split('\n').filter((l) => l.startsWith('STEP ')).pop() ?? '(none)';
}

test('the server finishes every step within the limits', () => {
  assert.equal(run.killed, undefined, `last step: ${lastStep()}; ${describeRun(run)}`);
  assert.ok(outcome, `no result; last step: ${lastStep()}; ${describeRun(run)}`);
});

test('the workspace scan names every refused file of a kind AISec analyses (a "file skipped" diagnostic or the log)', () => {
  assert.ok(outcome, `no result; last step: ${lastStep()}`);
  assert.equal(outcome.scan.cancelled, false);
  const refused = set.special.filter((path) => fileKindOf(path) !== undefined);
  const logged = (path: string): boolean => outcome!.logs.some((line) => line.includes(join(set.root, path)));
  const unnamed = refused.filter((path) => !(outcome!.scanDiagnostics[path] ?? []).some((d) => d.skipped) && !logged(path));
  assert.deepEqual(unnamed, [], `refused files named neither by a diagnostic nor in the log: ${JSON.stringify(Object.fromEntries(unnamed.map((p) => [p, outcome!.scanDiagnostics[p]])))}; log: ${outcome.logs.slice(0, 20).join(' | ')}`);
  assert.ok(outcome.scan.filesSkipped >= refused.length, `filesSkipped ${outcome.scan.filesSkipped} < ${refused.length}`);
});

test('the workspace scan reports the ordinary files, beside and after the hostile ones', () => {
  assert.ok(outcome, `no result; last step: ${lastStep()}`);
  const missing = set.ordinary.filter((o) => !(outcome!.scanDiagnostics[o.path] ?? []).some((d) => d.code === o.ruleId));
  assert.deepEqual(missing, [], JSON.stringify(Object.fromEntries(missing.map((o) => [o.path, outcome!.scanDiagnostics[o.path]]))));
});

test('the traps opened as documents keep their findings, and the ordinary documents opened after them get theirs', () => {
  assert.ok(outcome, `no result; last step: ${lastStep()}`);
  const tail = outcome.opened[set.traps.tail];
  assert.ok(Array.isArray(tail) && tail.some((code) => /^AIS4\d\d$/.test(code)), `the key in ${set.traps.tail} is not reported: ${JSON.stringify(tail)}`);
  const many = outcome.opened[set.traps.manyFindings];
  // 130,000 findings: the document is not dropped silently (its first findings, or, since parsing 1 MB takes
  // longer than the editor's 2 s budget, a diagnostic saying it was not fully analysed).
  assert.ok(Array.isArray(many) && many.length > 0, `${set.traps.manyFindings}: nothing published: ${JSON.stringify(many).slice(0, 300)}`);
  const missing = set.ordinary.filter((o) => {
    const codes = outcome!.opened[o.path];
    return !Array.isArray(codes) || !codes.includes(o.ruleId);
  });
  assert.deepEqual(missing, [], JSON.stringify(Object.fromEntries(missing.map((o) => [o.path, outcome!.opened[o.path]]))));
});

test('the model-file report answers for a FIFO and for a link to /dev/zero', () => {
  assert.ok(outcome, `no result; last step: ${lastStep()}`);
  for (const path of set.special.filter((p) => p.endsWith('model.pkl'))) assert.equal(outcome.modelReports[path], 'answered', path);
});
