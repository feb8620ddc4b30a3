/**
 * Depth limits that cut an analysis short are visible: a chain longer than its limit (aliases, constants,
 * the taint walk into one expression) gives the file an `incomplete` note naming the limit, while a chain
 * within the limit, and a cycle (which no depth would resolve), give none.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadEngine } from '../../server/src/host/load-engine';
import { ANALYSIS_LIMITS } from '../../server/src/engine/analysis-limits';
import type { AnalysisResult } from '../../server/src/engine/index';

const limitNote = (r: AnalysisResult): string => r.notes.filter((n) => n.kind === 'incomplete').map((n) => n.message).join('\n');

/** `name0 = first`, `name1 = name0`, ... : the last name is `steps` aliases away from `first`. */
function chain(prefix: string, name: string, first: string, steps: number, declare = ''): string {
  let out = `${declare}${name}0 = ${first}\n`;
  for (let i = 1; i <= steps; i++) out += `${declare}${name}${i} = ${name}${i - 1}\n`;
  return prefix + out;
}

test('a Python alias chain past its limit is noted; within it the sink is found', async () => {
  const engine = await loadEngine();
  const depth = ANALYSIS_LIMITS['alias-chain'].depth;
  const short = engine.analyze({ path: 'a.py', text: chain('import pickle\n', 'load', 'pickle.loads', 5) + 'load5(data)\n' });
  assert.ok(short.findings.some((f) => f.ruleId === 'AIS101'), JSON.stringify(short.findings.map((f) => f.ruleId)));
  assert.equal(limitNote(short), '');
  const long = engine.analyze({ path: 'a.py', text: chain('import pickle\n', 'load', 'pickle.loads', depth + 5) + `load${depth + 5}(data)\n` });
  assert.match(limitNote(long), /^analysis limits reached, so findings may be missing: names and attributes followed through more than 20 aliases were not resolved$/);
});

test('a Python alias cycle resolves to nothing, without a note', async () => {
  const engine = await loadEngine();
  const r = engine.analyze({ path: 'a.py', text: 'import pickle\na = b\nb = c\nc = a\na(data)\npickle.loads(data)\n' });
  assert.ok(r.findings.some((f) => f.ruleId === 'AIS101'));
  assert.equal(limitNote(r), '');
});

test('a JavaScript alias chain past its limit is noted; within it the sink is found', async () => {
  const engine = await loadEngine();
  const depth = ANALYSIS_LIMITS['alias-chain'].depth;
  const prefix = "const cp = require('child_process');\n";
  const short = engine.analyze({ path: 'a.js', text: chain(prefix, 'run', 'cp.exec', 5, 'const ') + 'run5(req.query.cmd);\n' });
  assert.ok(short.findings.length > 0, 'the exec is found through 5 aliases');
  assert.equal(limitNote(short), '');
  const long = engine.analyze({ path: 'a.js', text: chain(prefix, 'run', 'cp.exec', depth + 5, 'const ') + `run${depth + 5}(req.query.cmd);\n` });
  assert.match(limitNote(long), /more than 20 aliases were not resolved/);
});

test('a constant chain past its limit is noted (Python and JavaScript)', async () => {
  const engine = await loadEngine();
  const depth = ANALYSIS_LIMITS['constant-chain'].depth;
  const py = engine.analyze({ path: 'a.py', text: chain('import torch\n', 'SAFE', 'True', depth + 5) + `torch.load("m.pt", weights_only=SAFE${depth + 5})\n` });
  assert.match(limitNote(py), /more than 20 constants were not resolved/, JSON.stringify(py.notes));
  const pyShort = engine.analyze({ path: 'a.py', text: chain('import torch\n', 'SAFE', 'True', 5) + 'torch.load("m.pt", weights_only=SAFE5)\n' });
  assert.equal(limitNote(pyShort), '');
  const js = engine.analyze({ path: 'a.js', text: chain('', 'code', '"1 + 1"', depth + 5, 'const ') + `eval(code${depth + 5});\n` });
  assert.match(limitNote(js), /more than 20 constants were not resolved/, JSON.stringify(js.notes));
});

test('the taint walk stopping inside a deeply nested expression is noted', async () => {
  const engine = await loadEngine();
  const depth = ANALYSIS_LIMITS['taint-expression-depth'].depth;
  const program = (nesting: number): string =>
    'from openai import OpenAI\nclient = OpenAI()\n\ndef run(q):\n' +
    '    code = client.chat.completions.create(model="m", messages=[]).choices[0].message.content\n' +
    `    exec(${'"" + ('.repeat(nesting)}code${')'.repeat(nesting)})\n`;
  const shallow = engine.analyze({ path: 'a.py', text: program(10) });
  assert.ok(shallow.findings.some((f) => f.ruleId === 'AIS280'), JSON.stringify(shallow.findings.map((f) => f.ruleId)));
  assert.equal(limitNote(shallow), '');
  const deep = engine.analyze({ path: 'a.py', text: program(depth + 10) });
  assert.match(limitNote(deep), /model output was not followed into expressions nested more than 120 deep/, JSON.stringify(deep.notes));
});

test('a long fluent chain without aliases reaches the depth too, but resolves to no sink at any depth: no note', async () => {
  const engine = await loadEngine();
  const r = engine.analyze({ path: 'a.py', text: `import pickle\nresult = df${'.step()'.repeat(30)}\npickle.loads(data)\n` });
  assert.ok(r.findings.some((f) => f.ruleId === 'AIS101'));
  assert.equal(limitNote(r), '');
});
