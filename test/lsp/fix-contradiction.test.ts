/**
 * Fixes never contradict AISec: a code action whose edit would make AISec report a new finding in the
 * changed file is not offered; the other fixes of the same diagnostic still are.
 */
import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import type { CodeAction, Diagnostic } from 'vscode-languageserver';
import { defineRule, type RuleMeta } from '../../server/src/engine/rule';
import { startHarness } from './harness';
import { fetchModelRule, TEST_MODULES } from './test-rules';

/** `fetch_model(` gets two fixes: one writes `pickle.loads` (which AIS901 flags), the other does not. */
const twoFixes = fetchModelRule('AIS991', 'test-two-fixes', (range) => [
  { title: 'Load it with pickle.loads', applicability: 'safe', preferred: true, edits: [{ range, newText: 'pickle.loads' }] },
  { title: 'Use fetch_pinned', applicability: 'safe', edits: [{ range, newText: 'fetch_pinned' }] },
]);

test('a fix that would raise a new AISec finding is not offered', async () => {
  const h = await startHarness({ modules: [...TEST_MODULES, twoFixes] });
  try {
    const uri = 'file:///virtual/fixes/load.py';
    const published = h.waitForDiagnostics(uri, (d) => d.some((x) => x.code === 'AIS991'));
    h.open(uri, 'python', 'import pickle\nmodel = fetch_model(name)\n');
    const diagnostic = (await published).find((d) => d.code === 'AIS991') as Diagnostic;
    const actions: CodeAction[] = await h.client.sendRequest('textDocument/codeAction', { textDocument: { uri }, range: diagnostic.range, context: { diagnostics: [diagnostic] } });
    const titles = actions.map((a) => a.title);
    assert.ok(titles.includes('Use fetch_pinned'), JSON.stringify(titles));
    assert.ok(!titles.includes('Load it with pickle.loads'), 'the fix AIS901 would flag is not offered');
    assert.ok(titles.includes('Ignore AIS991 on this line'), 'suppressions are not judged');
  } finally {
    await h.dispose();
  }
});

test('the fix check analyses a document version once, however often the editor asks for code actions', async () => {
  let checks = 0;
  const counted = defineRule(twoFixes.rules[0] as RuleMeta, {
    kind: 'text',
    keywords: ['fetch_model('],
    check(ctx) {
      checks++;
      const at = ctx.text.indexOf('fetch_model(');
      if (at < 0) return;
      const range = ctx.rangeOf(at, at + 'fetch_model'.length);
      ctx.report({ ruleId: 'AIS991', range, fixes: [{ title: 'Use fetch_pinned', applicability: 'safe', edits: [{ range, newText: 'fetch_pinned' }] }] });
    },
  });
  const h = await startHarness({ modules: [...TEST_MODULES, counted] });
  try {
    const uri = 'file:///virtual/fixes/cached.py';
    const published = h.waitForDiagnostics(uri, (d) => d.some((x) => x.code === 'AIS991'));
    h.open(uri, 'python', 'model = fetch_model(name)\n');
    const diagnostic = (await published).find((d) => d.code === 'AIS991') as Diagnostic;
    const ask = (): Promise<CodeAction[]> => h.client.sendRequest('textDocument/codeAction', { textDocument: { uri }, range: diagnostic.range, context: { diagnostics: [diagnostic] } });
    const first = await ask();
    const afterFirst = checks;
    const second = await ask();
    assert.deepEqual(second.map((a) => a.title), first.map((a) => a.title));
    assert.ok(first.some((a) => a.title === 'Use fetch_pinned'));
    assert.equal(checks, afterFirst, 'the second request for the same version analysed nothing again');
  } finally {
    await h.dispose();
  }
});
