/**
 * Four-digit secrets codes (AIS4000–AIS4999): accepted wherever a code is, ordered after AIS499 and before
 * AIS500 in the registry, the rule tables and SARIF, selected by the family prefix `AIS4` but not by a decade
 * such as `AIS40`, and reported by the CLI with a SARIF rule descriptor of their own.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { compareRuleCodes, isRuleCode } from '../../server/src/engine/rule-codes';
import { isRuleEnabled } from '../../server/src/engine/rule-selection';
import { DEFAULT_CONFIG } from '../../server/src/engine/config';
import { unknownSelectors } from '../../server/src/engine/config-file';
import { ALL_RULES } from '../../server/src/rules/index';
import { generateKey } from '../secrets/keygen';
import { runCli } from '../cli/run-cli';

test('a rule code is AIS and three digits, or AIS4 and three more for the secrets family', () => {
  for (const id of ['AIS101', 'AIS400', 'AIS499', 'AIS4000', 'AIS4019', 'AIS4999', 'AIS900']) assert.ok(isRuleCode(id), id);
  for (const id of ['AIS40', 'AIS1000', 'AIS5000', 'AIS40000', 'ais400', 'AIS4O00', 'XYZ400']) assert.ok(!isRuleCode(id), id);
});

test('codes sort by family, then three digits before four, then by number', () => {
  const shuffled = ['AIS500', 'AIS4010', 'AIS401', 'AIS4000', 'AIS499', 'AIS400', 'AIS4002', 'AIS399'];
  assert.deepEqual([...shuffled].sort(compareRuleCodes), ['AIS399', 'AIS400', 'AIS401', 'AIS499', 'AIS4000', 'AIS4002', 'AIS4010', 'AIS500']);
  // Plain string order is what this replaces: it would put AIS4000 between AIS400 and AIS401.
  assert.deepEqual(['AIS401', 'AIS4000', 'AIS400'].sort(), ['AIS400', 'AIS4000', 'AIS401']);
});

test('the registry holds four-digit secrets rules in code order, after AIS499 and before AIS500', () => {
  const ids = ALL_RULES.map((r) => r.id);
  const fourDigit = ids.filter((id) => id.length === 7);
  assert.ok(fourDigit.length > 0, 'four-digit rules exist');
  for (const id of fourDigit) assert.equal(ALL_RULES.find((r) => r.id === id)?.category, 'secrets', id);
  const at = (id: string): number => ids.indexOf(id);
  const firstOfFamily5 = ids.findIndex((id) => id.startsWith('AIS5'));
  assert.ok(at('AIS499') < at('AIS4000') && at(fourDigit.at(-1)!) < firstOfFamily5, ids.slice(at('AIS495'), firstOfFamily5 + 1).join(' '));
  assert.deepEqual(ids, [...ids].sort(compareRuleCodes));
});

test('`AIS4` selects the four-digit codes, a decade `AIS40` and the code `AIS400` do not', () => {
  const rule = ALL_RULES.find((r) => r.id === 'AIS4000')!;
  const three = ALL_RULES.find((r) => r.id === 'AIS400')!;
  const enabled = (select: string[], ignore: string[] = []): boolean => isRuleEnabled(rule, { ...DEFAULT_CONFIG, select, ignore });
  assert.ok(enabled(['AIS4']));
  assert.ok(enabled(['AIS4000']));
  assert.ok(enabled(['secrets']));
  assert.ok(enabled([rule.name]));
  assert.ok(!enabled(['AIS40']), 'AIS40 named AIS400–AIS409 before four-digit codes existed');
  assert.ok(!enabled(['AIS400']));
  assert.ok(enabled([], ['AIS40']), 'ignoring AIS40 does not switch off AIS4000');
  assert.ok(!enabled([], ['AIS4']));
  assert.ok(isRuleEnabled(three, { ...DEFAULT_CONFIG, select: ['AIS40'], ignore: [] }), 'AIS40 still selects AIS400');
  assert.deepEqual(unknownSelectors(['AIS4000', 'AIS4', 'AIS4999x'], ALL_RULES).map((u) => u.entry), ['AIS4999x']);
});

test('the CLI reports a four-digit code with its own SARIF rule descriptor, and `--select AIS4` keeps it', () => {
  const dir = mkdtempSync(join(tmpdir(), 'aisec-codes-'));
  try {
    writeFileSync(join(dir, 'flows.py'), `PREFECT_API_KEY = "${generateKey('prefect', 0, 99)}"\n`);
    const run = runCli(['scan', '.', '--format', 'sarif', '--select', 'AIS4'], dir);
    assert.equal(run.status, 1, run.stderr);
    const log = JSON.parse(run.stdout) as { runs: { tool: { driver: { rules: { id: string; name: string }[] } }; results: { ruleId: string; ruleIndex: number }[] }[] };
    const sarif = log.runs[0]!;
    const result = sarif.results.find((r) => r.ruleId === 'AIS4000');
    assert.ok(result, JSON.stringify(sarif.results.map((r) => r.ruleId)));
    assert.deepEqual(sarif.tool.driver.rules[result.ruleIndex], { ...sarif.tool.driver.rules[result.ruleIndex], id: 'AIS4000', name: 'prefect-api-key' });
    const descriptorIds = sarif.tool.driver.rules.map((r) => r.id);
    assert.deepEqual(descriptorIds, [...descriptorIds].sort(compareRuleCodes), 'descriptors in code order');
    const ignored = runCli(['scan', '.', '--format', 'json', '--ignore', 'AIS40'], dir);
    assert.match(ignored.stdout, /"ruleId": ?"AIS4000"/, 'ignoring the decade AIS40 keeps AIS4000');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
