/**
 * Severities and messages of the LLM-app taint additions that fixtures cannot express (they check rule
 * codes per line): tool arguments named as the source, mitigations that soften a finding (confirmation
 * prompts, SymPy without builtins, numexpr's blacklist) and the ones that do not (a prompt an `auto_run`
 * flag can skip).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadEngine } from '../../server/src/host/load-engine';
import type { Finding } from '../../server/src/engine/finding';

async function taintFindings(path: string, lines: string[]): Promise<Finding[]> {
  const engine = await loadEngine();
  return engine.analyze({ path, text: lines.join('\n') }).findings.filter((f) => /^AIS28\d$/.test(f.ruleId));
}

const SOURCE = [
  'from openai import OpenAI',
  'client = OpenAI()',
  'def reply(prompt):',
  '    return client.chat.completions.create(model="gpt-4o", messages=[]).choices[0].message.content',
];

test('a tool argument is named as the source, with the tool and its registration', async () => {
  const findings = await taintFindings('/w/tools.py', [
    'from langchain_core.tools import tool',
    '@tool',
    'def python_repl(code: str) -> str:',
    '    """Runs code."""',
    '    exec(code)',
  ]);
  assert.equal(findings.length, 1);
  assert.equal(findings[0].ruleId, 'AIS280');
  assert.equal(findings[0].severity, 'error');
  assert.match(findings[0].message, /^code returned by an LLM \(`code`, a tool argument the model chooses: LangChain @tool `python_repl`, line 3\) reaches `exec`/);
  assert.match(findings[0].flow?.[0].message ?? '', /`code` is chosen by the model: `python_repl` is registered as a tool/);
});

test('a confirmation prompt right before the sink lowers the severity; one a flag can skip does not', async () => {
  // Only model-output rules: the generic `exec` rule still reports the call as an error (and leads the combined finding).
  const findings = await taintFindings('/w/confirm.py', [
    '# aisec: ignore-file[AIS201, AIS202]',
    ...SOURCE,
    'def run(task, auto_run):',
    '    code = reply(task)',
    '    if input("Run it? [y/N] ").lower() == "y":',
    '        exec(code)',
    '    if auto_run or input("Run it? ") == "y":',
    '        eval(code)',
  ]);
  const confirmed = findings.find((f) => f.range.start.line === 8);
  const skippable = findings.find((f) => f.range.start.line === 10);
  assert.equal(confirmed?.severity, 'warning');
  assert.match(confirmed?.message ?? '', /after a confirmation prompt/);
  assert.equal(skippable?.severity, 'error');
});

test('checks that only stop between the confirmation and the sink do not move it away; other statements do', async () => {
  const findings = await taintFindings('/w/confirm-checks.py', [
    '# aisec: ignore-file[AIS201, AIS202]',
    ...SOURCE,
    'def run(task, started, state):',
    '    code = reply(task)',
    '    answer = input("Run it? [y/N] ")',
    '    if answer.lower() != "y":',
    '        return None',
    '    if not started:',
    '        raise RuntimeError("not started")',
    '    if state.returncode is not None:',
    '        return state',
    '    assert state.stdin',
    '    assert state.stdout',
    '    exec(code)',
    'def run_later(task, state):',
    '    code = reply(task)',
    '    if input("Run it? [y/N] ") != "y":',
    '        return None',
    '    state.prepare()',
    '    state.log(code)',
    '    state.flush()',
    '    if state.ready:',
    '        state.warm()',
    '        return state',
    '    eval(code)',
  ]);
  const checked = findings.find((f) => f.range.start.line === 16);
  const far = findings.find((f) => f.range.start.line === 27);
  assert.equal(checked?.severity, 'warning');
  assert.match(checked?.message ?? '', /after a confirmation prompt/);
  assert.equal(far?.severity, 'error');
});

test('SymPy with emptied builtins and numexpr with its blacklist are warnings; sanitize=False is an error', async () => {
  const findings = await taintFindings('/w/maths.py', [
    '# Each line below is one sink; numbering starts at 1 here.',
    ...SOURCE,
    'import numexpr',
    'from sympy.parsing.sympy_parser import parse_expr',
    'def solve(task):',
    '    expr = reply(task)',
    '    parse_expr(expr, global_dict={"__builtins__": {}})',
    '    parse_expr(expr)',
    '    numexpr.evaluate(expr)',
    '    numexpr.evaluate(expr, sanitize=False)',
  ]);
  const byLine = new Map(findings.map((f) => [f.range.start.line + 1, f]));
  assert.equal(byLine.get(10)?.severity, 'warning');
  assert.equal(byLine.get(11)?.severity, 'error');
  assert.match(byLine.get(11)?.message ?? '', /SymPy parses strings by building Python code/);
  assert.equal(byLine.get(12)?.severity, 'warning');
  assert.match(byLine.get(12)?.message ?? '', /regex blacklist/);
  assert.equal(byLine.get(13)?.severity, 'error');
});

test('model-written SQL is a warning of its own rule, reported once where the query is compiled', async () => {
  const findings = await taintFindings('/w/sql.py', [
    ...SOURCE,
    'from sqlalchemy import create_engine, text',
    'engine = create_engine("sqlite://")',
    'def ask(question):',
    '    sql = reply(question)',
    '    with engine.connect() as conn:',
    '        conn.execute(text(sql))',
  ]);
  assert.deepEqual(findings.map((f) => [f.ruleId, f.severity, f.range.start.line + 1]), [['AIS284', 'warning', 10]]);
});

test('a confirmed sink that the generic rule also reports is one finding that still names the flow and the confirmation', async () => {
  const engine = await loadEngine();
  const text = [...SOURCE, 'def run(task):', '    code = reply(task)', '    if input("Run? ") == "y":', '        exec(code)'].join('\n');
  const onSink = engine.analyze({ path: '/w/combined.py', text }).findings.filter((f) => f.range.start.line === 7);
  assert.equal(onSink.length, 1);
  assert.match(onSink[0].message, /LLM output .* reaches it \(after a confirmation prompt/);
});
