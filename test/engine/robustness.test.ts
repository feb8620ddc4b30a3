/**
 * Hostile and broken input: no crash, bounded work, and a clear note when a file is skipped or only
 * partly analysed.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadEngine } from '../../server/src/host/load-engine';
import { DEFAULT_CONFIG } from '../../server/src/engine/index';

test('empty files of every kind', async () => {
  const engine = await loadEngine();
  for (const path of ['a.py', 'a.ts', 'a.tsx', 'a.js', 'a.ipynb', '.env', 'requirements.txt', 'pyproject.toml', 'a.md']) {
    const r = engine.analyze({ path, text: '' });
    assert.equal(r.findings.length, 0, path);
  }
  // An empty package.json is not valid JSON, so npm cannot read it: one malformed-manifest finding, no crash.
  const pkg = engine.analyze({ path: 'package.json', text: '' });
  assert.deepEqual(pkg.findings.map((f) => f.category), ['dependencies']);
});

test('a 10 MB single-line minified JS file is analysed without a crash', async () => {
  const engine = await loadEngine();
  const chunk = 'var a=function(b){return b+1},c=[1,2,3].map(a);';
  const text = chunk.repeat(Math.ceil((10 * 1024 * 1024) / chunk.length));
  const r = engine.analyze({ path: 'bundle.min.js', text, config: { ...DEFAULT_CONFIG, maxFileBytes: 16 * 1024 * 1024 } });
  assert.ok(Array.isArray(r.findings));
  const skipped = engine.analyze({ path: 'bundle.min.js', text });
  assert.ok(skipped.notes.some((n) => n.kind === 'skipped' && /larger than/.test(n.message)), 'over the default size limit the file is skipped with a note');
});

test('NUL bytes and invalid UTF-8 (decoded as replacement characters)', async () => {
  const engine = await loadEngine();
  const nul = engine.analyze({ path: 'a.py', text: 'import pickle\u0000\u0000pickle.loads(x)' });
  assert.ok(nul.notes.some((n) => n.kind === 'skipped' && /NUL/.test(n.message)));
  const invalid = new TextDecoder('utf-8').decode(new Uint8Array([0x69, 0x6d, 0x70, 0x6f, 0x72, 0x74, 0x20, 0x70, 0x69, 0x63, 0x6b, 0x6c, 0x65, 0x0a, 0xff, 0xfe, 0xc3, 0x28, 0x0a, ...Buffer.from('pickle.loads(x)\n')]));
  const r = engine.analyze({ path: 'a.py', text: invalid });
  assert.equal(r.findings.filter((f) => f.ruleId === 'AIS101').length, 1);
});

test('5,000-deep nesting in Python and TS', async () => {
  const engine = await loadEngine();
  const deepPy = 'import pickle\nx = ' + '('.repeat(5000) + 'pickle.loads(b)' + ')'.repeat(5000) + '\n';
  const py = engine.analyze({ path: 'deep.py', text: deepPy });
  assert.equal(py.notes.filter((n) => n.kind === 'rule-failed').length, 0, JSON.stringify(py.notes));
  const deepTs = 'const x = ' + '['.repeat(5000) + '1' + ']'.repeat(5000) + ';\n' + 'eval(x as string);\n';
  const ts = engine.analyze({ path: 'deep.ts', text: deepTs });
  assert.equal(ts.notes.filter((n) => n.kind === 'rule-failed').length, 0, JSON.stringify(ts.notes));
});

test('syntax errors throughout give a partial note and still find what parses', async () => {
  const engine = await loadEngine();
  const text = 'import pickle\n\ndef broken(:\n    return 1 +\n\n\ndef fine(b):\n    return pickle.loads(b)\n\n\nclass {\n';
  const r = engine.analyze({ path: 'broken.py', text });
  assert.ok(r.notes.some((n) => n.kind === 'partial'));
  assert.equal(r.findings.filter((f) => f.ruleId === 'AIS101').length, 1);
});

test('a time budget that is already spent skips work with a note instead of hanging', async () => {
  const engine = await loadEngine();
  let t = 0;
  const clock = { now: () => (t += 1000) };
  const r = engine.analyze({ path: 'a.py', text: 'import pickle\npickle.loads(b)\n', ports: { clock }, timeBudgetMs: 1 });
  assert.ok(r.notes.some((n) => n.kind === 'incomplete' && /time budget/.test(n.message)), JSON.stringify(r.notes));
});

test('50,000-deep nesting of each kind gives no stack overflow, and the next file is still analysed', { timeout: 300_000 }, async () => {
  const engine = await loadEngine();
  const depth = 50_000;
  // Each class of input once overflowed a recursive walker (a checker crash noted as a parser trap) or took
  // minutes: tuple targets (Python scopes, model-output flows), member chains (`require(...)` resolution),
  // conditional expressions (constant guards walking up `parent`), `not`/`and` chains in guards and
  // settings, conditional TLS settings, string concatenations.
  const deep: [string, string][] = [
    ['parentheses.py', 'import pickle\nx = ' + '('.repeat(depth) + 'pickle.loads(b)' + ')'.repeat(depth) + '\n'],
    ['operators.py', 'import pickle\nx = ' + 'a + '.repeat(depth) + 'pickle.loads(b)\n'],
    ['lists.py', 'import pickle\nx = ' + '['.repeat(depth) + 'pickle.loads(b)' + ']'.repeat(depth) + '\n'],
    ['conditionals.py', 'x = ' + 'a if b else '.repeat(depth) + 'eval(y)\n'],
    ['tuple-targets.py', '('.repeat(depth) + 'a' + ',)'.repeat(depth) + ' = eval(y)\n'],
    ['members.ts', 'const x = require("child_process")' + '.a'.repeat(depth) + ';\nx.exec(y);\neval(y);\n'],
    ['arrays.ts', 'const x = ' + '['.repeat(depth) + 'eval(y)' + ']'.repeat(depth) + ';\n'],
    ['concatenation.ts', 'declare const y: string;\nconst x = ' + 'y + '.repeat(depth) + '"a";\neval(x);\n'],
    ['negated-guard.py', 'x = input()\nif ' + 'not '.repeat(depth) + 'x in ("a", "b"):\n    eval(x)\neval(input())\n'],
    ['model-reply-guard.py', 'from openai import OpenAI\nreply = OpenAI().chat.completions.create(model="m", messages=[]).choices[0].message.content\nif ' + 'not '.repeat(depth) + 'reply in ALLOWED:\n    exec(reply)\n' + '('.repeat(depth) + 'a' + ',)'.repeat(depth) + ' = reply\nexec(reply)\n'],
    ['tls.ts', 'process.env.NODE_TLS_REJECT_UNAUTHORIZED = ' + 'a ? "1" : '.repeat(depth) + '"0";\neval(y);\n'],
    ['remote-code.py', 'from transformers import AutoModel\nAutoModel.from_pretrained(m, trust_remote_code=True if ' + 'a and '.repeat(depth) + 'b else False)\neval(y)\n'],
  ];
  for (const [path, text] of deep) {
    const result = engine.analyze({ path, text });
    const problems = result.notes.filter((n) => n.kind === 'rule-failed' || /stack|trapped/i.test(n.message));
    assert.deepEqual(problems, [], path);
    assert.ok(result.findings.some((f) => ['AIS101', 'AIS201', 'AIS240', 'AIS280', 'AIS751'].includes(f.ruleId)), `${path}: the sink inside the nesting is still reported`);
    await engine.ready();
    const canary = engine.analyze({ path: 'canary.py', text: 'import pickle\npickle.loads(data)\n' });
    assert.deepEqual(canary.findings.map((f) => f.ruleId), ['AIS101'], `the file after ${path}`);
  }
});

test('an open document with a class of 130,000 methods is analysed (no spread of the members into a call, no quadratic scope nesting)', { timeout: 300_000 }, async () => {
  const engine = await loadEngine();
  const text = 'class C:\n' + '    def m(s): 0\n'.repeat(130_000) + 'eval(y)\n';
  const document = engine.openDocument('big.py', text);
  try {
    const result = engine.analyzeDocument(document, { ...DEFAULT_CONFIG, maxFileBytes: 8 * 1024 * 1024 }, undefined, 120_000);
    assert.deepEqual(result.notes, []);
    assert.deepEqual(result.findings.map((f) => f.ruleId), ['AIS201']);
  } finally {
    document.dispose();
  }
});
