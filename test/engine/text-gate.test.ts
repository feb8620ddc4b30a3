/**
 * `AstChecker.textGate`: a test of the text and the host's facts that runs before the file is parsed, so a
 * checker it rules out never sees the tree (and a file no other checker needs is not parsed for it).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createEngine } from '../../server/src/engine/index';
import { defineRule, type RuleMeta } from '../../server/src/engine/rule';
import { engineOptions } from '../../server/src/host/load-engine';

const meta: RuleMeta = {
  id: 'AIS990',
  name: 'test-gated-exec',
  title: 'Gated exec',
  category: 'code-execution',
  fileKinds: ['python'],
  severity: 'error',
  confidence: 'high',
  cwe: ['CWE-94'],
  message: 'exec seen',
  fixAvailability: 'none',
  docs: { whatItDoes: 'Test rule.', whyIsThisBad: 'Test rule.', example: 'exec(x)', useInstead: 'pass', references: ['https://cwe.mitre.org/data/definitions/94.html'] },
};

test('a checker whose text gate says no is skipped before parsing; one that says yes runs; a gate that throws is a rule failure', async () => {
  const seen: string[] = [];
  const gated = defineRule(meta, {
    kind: 'ast',
    keywords: ['exec'],
    textGate: (ctx) => {
      seen.push(`gate ${ctx.path}`);
      if (ctx.text.includes('boom')) throw new Error('gate failed');
      return ctx.text.includes('# open');
    },
    onFile(ctx) {
      seen.push(`file ${ctx.path}`);
      ctx.report({ ruleId: meta.id, range: ctx.rangeOfNode(ctx.root) });
    },
  });
  const engine = await createEngine(engineOptions([gated]));
  assert.deepEqual(engine.analyze({ path: 'closed.py', text: 'exec(x)\n' }).findings, []);
  const opened = engine.analyze({ path: 'open.py', text: '# open\nexec(x)\n' });
  assert.equal(opened.findings.length, 1);
  const failed = engine.analyze({ path: 'boom.py', text: 'exec(boom)\n' });
  assert.deepEqual(failed.findings, []);
  assert.match(failed.notes.map((n) => n.message).join('\n'), /gate failed/);
  // The keyword prefilter comes first: a file without `exec` never reaches the gate.
  engine.analyze({ path: 'plain.py', text: 'print(1)\n' });
  assert.deepEqual(seen, ['gate closed.py', 'gate open.py', 'file open.py', 'gate boom.py']);
});

test('a checker with absent keywords is skipped when the text holds one of them, also in an open document after edits', async () => {
  const seen: string[] = [];
  const absent = defineRule(meta, {
    kind: 'ast',
    keywords: ['exec'],
    absentKeywords: ['openai', 'anthropic'],
    onFile(ctx) {
      seen.push(ctx.path);
      ctx.report({ ruleId: meta.id, range: ctx.rangeOfNode(ctx.root) });
    },
  });
  const engine = await createEngine(engineOptions([absent]));
  assert.equal(engine.analyze({ path: 'plain.py', text: 'exec(x)\n' }).findings.length, 1);
  assert.deepEqual(engine.analyze({ path: 'named.py', text: 'import openai\nexec(x)\n' }).findings, []);
  assert.deepEqual(engine.analyze({ path: 'other.py', text: 'exec(x)  # anthropic\n' }).findings, []);
  // An open document decides from the keyword counts it keeps across edits: typing the word in, then out again.
  const doc = engine.openDocument('/w/typed.py', 'def f(x):\n    exec(x)\n\n\ndef g():\n    pass\n');
  assert.equal(engine.analyzeDocument(doc).findings.length, 1);
  const at = { line: 5, column: 4 };
  doc.applyChanges([{ range: { start: at, end: { line: 5, column: 8 } }, text: 'import openai' }]);
  assert.deepEqual(engine.analyzeDocument(doc).findings, []);
  doc.applyChanges([{ range: { start: at, end: { line: 5, column: 17 } }, text: 'pass' }]);
  assert.equal(engine.analyzeDocument(doc).findings.length, 1);
  assert.deepEqual(seen.slice(0, 1), ['plain.py']);
});

test('a checker is skipped when a word of its absent keywords occurs, before its text gate', async () => {
  const seen: string[] = [];
  const negated = defineRule(meta, {
    kind: 'ast',
    keywords: ['exec'],
    absentKeywords: ['openai', 'llm'],
    textGate: (ctx) => {
      seen.push(`gate ${ctx.path}`);
      return true;
    },
    onFile(ctx) {
      seen.push(`file ${ctx.path}`);
    },
  });
  const engine = await createEngine(engineOptions([negated]));
  engine.analyze({ path: 'plain.py', text: 'exec(x)\n' });
  engine.analyze({ path: 'sdk.py', text: 'import openai\nexec(x)\n' });
  engine.analyze({ path: 'named.py', text: '# ask the llm\nexec(x)\n' });
  assert.deepEqual(seen, ['gate plain.py', 'file plain.py']);
});
