/**
 * `eval` of a name its function first reduces to digits and operators (`re.sub` with a negated class of digits,
 * operators and parentheses, the calculator-tool idiom) cannot reach a name, call or attribute: advisory (audit profile only). A class that keeps
 * a letter, a reduction in a branch, a second assignment or one after the `eval` keep the error.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadEngine } from '../../server/src/host/load-engine';
import { DEFAULT_CONFIG } from '../../server/src/engine/index';

const AUDIT = { ...DEFAULT_CONFIG, profile: 'audit' as const };
const CODE = [
  'import re',
  '',
  '',
  'def calculate(expression):',
  "    expression = re.sub(r'[^0-9+\\-*/().]', '', expression)",
  '    try:',
  '        return str(eval(expression))',
  '    except (SyntaxError, ZeroDivisionError):',
  '        return "Error"',
  '',
  '',
  'def spaced(expression):',
  '    cleaned = re.sub(r"[^\\d\\s+*/%-]+", "", expression)',
  '    return eval(cleaned)',
  '',
  '',
  'def keeps_letters(expression):',
  "    expression = re.sub(r'[^0-9a-z+]', '', expression)",
  '    return eval(expression)',
  '',
  '',
  'def word_class(expression):',
  "    expression = re.sub(r'[^\\w+]', '', expression)",
  '    return eval(expression)',
  '',
  '',
  'def in_a_branch(expression, clean):',
  '    if clean:',
  "        expression = re.sub(r'[^0-9+]', '', expression)",
  '    return eval(expression)',
  '',
  '',
  'def assigned_again(expression, suffix):',
  "    expression = re.sub(r'[^0-9+]', '', expression)",
  '    expression += suffix',
  '    return eval(expression)',
  '',
  '',
  'def too_late(expression):',
  '    value = eval(expression)',
  "    expression = re.sub(r'[^0-9+]', '', expression)",
  '    return value',
  '',
].join('\n');

test('eval of a value reduced to digits and operators is advisory; other reductions keep the error', async () => {
  const engine = await loadEngine();
  const audit = engine.analyze({ path: 'src/calc.py', text: CODE, config: AUDIT }).findings.filter((f) => f.ruleId === 'AIS201');
  assert.deepEqual(audit.map((f) => `${f.range.start.line + 1} ${f.severity} ${f.advisory ?? '-'}`), [
    '7 warning reported', '14 warning reported', '19 error -', '24 error -', '30 error -', '36 error -', '40 error -',
  ]);
  assert.match(audit[0]?.message ?? '', /reduced to digits and operators/);
  const quiet = engine.analyze({ path: 'src/calc.py', text: CODE }).findings.filter((f) => f.ruleId === 'AIS201');
  assert.deepEqual(quiet.map((f) => f.range.start.line + 1), [19, 24, 30, 36, 40]);
});
