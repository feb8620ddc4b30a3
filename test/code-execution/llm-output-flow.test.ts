/**
 * The LLM-output rules report the path from the model call to the sink: the first flow step is the
 * source, the last is the sink, each step has a message, and the message names the source and its line.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadEngine } from '../../server/src/host/load-engine';

const PYTHON = [
  'from openai import OpenAI',
  'client = OpenAI()',
  '',
  'def ask(question):',
  '    response = client.chat.completions.create(model="gpt-4o", messages=[{"role": "user", "content": question}])',
  '    return response.choices[0].message.content',
  '',
  'def run(question):',
  '    code = ask(question)',
  '    cleaned = code.strip()',
  '    exec(cleaned)',
  '',
].join('\n');

test('a Python flow through a helper carries every step from the SDK call to exec', async () => {
  const engine = await loadEngine();
  const result = engine.analyze({ path: '/w/agent.py', text: PYTHON });
  const finding = result.findings.find((f) => f.ruleId === 'AIS280');
  assert.ok(finding, 'AIS280 is reported');
  assert.equal(finding.range.start.line, 10);
  // One finding for the sink: the flow leads and names the exec rule's problem too.
  assert.equal(finding.message, 'code returned by an LLM (`client.chat.completions.create`, line 5) reaches `exec`. Also: it executes a value that is not a literal (AIS202).');
  assert.equal(finding.properties?.alsoReports, 'AIS202');
  assert.equal(result.findings.filter((f) => f.ruleId === 'AIS202').length, 0);
  const flow = finding.flow ?? [];
  assert.ok(flow.length >= 4, `a multi-step flow: ${JSON.stringify(flow.map((s) => s.message))}`);
  assert.equal(flow[0].range.start.line, 4);
  assert.match(flow[0].message, /model output returned by `client\.chat\.completions\.create`/);
  assert.ok(flow.some((s) => /returned by `ask\(\)`/.test(s.message)), 'the helper return is a step');
  assert.ok(flow.some((s) => s.range.start.line === 9 && /`cleaned`/.test(s.message)), 'the assignment to cleaned is a step');
  assert.equal(flow[flow.length - 1].range.start.line, 10);
  assert.match(flow[flow.length - 1].message, /^reaches `exec`/);
});

test('an allow-list check, ast.literal_eval and a JSON object used as data end the flow', async () => {
  const engine = await loadEngine();
  const text = [
    'import ast, json, subprocess',
    'from openai import OpenAI',
    'client = OpenAI()',
    'ALLOWED = {"ls", "pwd"}',
    'def f():',
    '    reply = client.chat.completions.create(model="m", messages=[]).choices[0].message.content',
    '    if reply in ALLOWED:',
    '        subprocess.run([reply])',
    '    values = ast.literal_eval(reply)',
    '    eval(str(values))',
    '    data = json.loads(reply)',
    '    exec(data)',
    '',
  ].join('\n');
  const result = engine.analyze({ path: '/w/safe.py', text });
  assert.deepEqual(result.findings.filter((f) => f.ruleId.startsWith('AIS28')).map((f) => f.range.start.line + 1), []);
});

test('a TypeScript .then callback flow reaches child_process.exec as AIS281', async () => {
  const engine = await loadEngine();
  const text = [
    "import OpenAI from 'openai';",
    "import { exec } from 'node:child_process';",
    'const openai = new OpenAI();',
    "openai.chat.completions.create({ model: 'm', messages: [] }).then((r) => exec(r.choices[0].message.content ?? ''));",
    '',
  ].join('\n');
  const result = engine.analyze({ path: '/w/agent.ts', text });
  const finding = result.findings.find((f) => f.ruleId === 'AIS281');
  assert.ok(finding, 'AIS281 is reported');
  assert.match(finding.message, /^a command built from LLM output \(`openai\.chat\.completions\.create`, line 4\) reaches `child_process\.exec`/);
  assert.ok((finding.flow ?? []).some((s) => /received by the callback as `r`/.test(s.message)));
});
