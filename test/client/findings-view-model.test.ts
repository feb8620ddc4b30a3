/**
 * The findings view's pure model: grouping by severity, category, rule and file, the counts shown on the
 * groups, the view and the status bar, and the filter.
 */
import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import type { FindingRecord } from '../../client/src/findings/finding-records';
import { countFindings, describeCounts, filterFindings, findingIds, groupFindings } from '../../client/src/findings/finding-records';
import { statusText } from '../../client/src/status-text';

function record(overrides: Partial<FindingRecord>): FindingRecord {
  return { uri: 'file:///w/app.py', file: 'app.py', line: 0, column: 0, severity: 'warning', code: 'AIS101', ruleName: 'unsafe-pickle-load', category: 'deserialization', message: 'm', ...overrides };
}

const RECORDS: FindingRecord[] = [
  record({ line: 9, severity: 'error', code: 'AIS112', ruleName: 'unsafe-yaml-load', message: '`yaml.load` runs constructors' }),
  record({ uri: 'file:///w/src/keys.py', file: 'src/keys.py', line: 2, severity: 'error', code: 'AIS401', ruleName: 'openai-api-key', category: 'secrets', message: 'OpenAI key' }),
  record({ uri: 'file:///w/src/keys.py', file: 'src/keys.py', line: 5, severity: 'error', code: 'AIS401', ruleName: 'openai-api-key', category: 'secrets', message: 'OpenAI key' }),
  record({ uri: 'file:///w/src/models/load.py', file: 'src/models/load.py', line: 1, severity: 'warning', code: 'AIS102', ruleName: 'unsafe-torch-load', message: '`torch.load` unpickles' }),
  record({ uri: 'file:///w/big.py', file: 'big.py', severity: 'info', code: '', ruleName: '', category: '', message: 'AISec did not analyse this file: too large.' }),
];

describe('findings view model', () => {
  it('counts per severity and the files the findings are in', () => {
    assert.deepEqual(countFindings(RECORDS), { errors: 3, warnings: 1, infos: 1, files: 4, total: 5 });
    assert.equal(describeCounts(countFindings(RECORDS)), '3 errors, 1 warning, 1 information');
    assert.equal(describeCounts(countFindings([])), 'no findings');
  });

  it('groups by severity, errors first, each group in the Problems panel order', () => {
    const groups = groupFindings(RECORDS, 'severity');
    assert.deepEqual(
      groups.map((g) => [g.label, g.findings.length]),
      [['Errors', 3], ['Warnings', 1], ['Information', 1]],
    );
    assert.deepEqual(groups[0]!.findings.map((f) => `${f.file}:${f.line}`), ['app.py:9', 'src/keys.py:2', 'src/keys.py:5']);
  });

  it('groups by category and by rule, largest group first, with the rule name beside its code', () => {
    assert.deepEqual(
      groupFindings(RECORDS, 'category').map((g) => [g.label, g.findings.length]),
      [['deserialization', 2], ['secrets', 2], ['files not analysed', 1]],
    );
    const rules = groupFindings(RECORDS, 'rule');
    assert.deepEqual(rules.map((g) => [g.label, g.description, g.findings.length]), [
      ['AIS401', 'openai-api-key', 2],
      ['AIS102', 'unsafe-torch-load', 1],
      ['AIS112', 'unsafe-yaml-load', 1],
      ['files not analysed', '', 1],
    ]);
  });

  it('groups by file, ordered by folder then name, with the folder as the description', () => {
    assert.deepEqual(
      groupFindings(RECORDS, 'file').map((g) => [g.label, g.description, g.findings.length]),
      [['app.py', '', 1], ['big.py', '', 1], ['keys.py', 'src', 2], ['load.py', 'src/models', 1]],
    );
  });

  it('every grouping holds every finding exactly once', () => {
    for (const by of ['severity', 'category', 'rule', 'file'] as const) {
      assert.equal(groupFindings(RECORDS, by).reduce((sum, g) => sum + g.findings.length, 0), RECORDS.length, by);
    }
  });

  it('filters on code, rule name, category, file and message; ! excludes', () => {
    assert.deepEqual(filterFindings(RECORDS, 'secrets').map((f) => f.line), [2, 5]);
    assert.deepEqual(filterFindings(RECORDS, 'ais102').map((f) => f.code), ['AIS102']);
    assert.deepEqual(filterFindings(RECORDS, 'src/ !keys').map((f) => f.code), ['AIS102']);
    assert.deepEqual(filterFindings(RECORDS, 'yaml constructors').map((f) => f.code), ['AIS112']);
    assert.equal(filterFindings(RECORDS, '   ').length, RECORDS.length);
  });

  it('the status text puts icons first and says "not scanned" until a workspace scan ran', () => {
    const counts = countFindings(RECORDS);
    assert.equal(statusText(counts, { scanning: false, scanned: true }), '$(shield) $(error) 3 $(warning) 1 $(info) 1');
    assert.equal(statusText(counts, { scanning: false, scanned: false }), '$(shield) $(error) 3 $(warning) 1 $(info) 1 (not scanned)');
    assert.equal(statusText(countFindings([]), { scanning: false, scanned: false }), '$(shield) not scanned');
    assert.equal(statusText(countFindings([]), { scanning: false, scanned: true }), '$(shield) $(check) 0');
    assert.match(statusText(counts, { scanning: true, scanned: false }), /^\$\(sync~spin\) \$\(error\) 3/);
  });
});

describe('finding ids in the tree', () => {
  it('are all different, also for two findings with the same file, place, rule and message', () => {
    const twice = [record({ line: 4 }), record({ line: 4 }), record({ line: 5 })];
    const ids = findingIds(twice, 'severity');
    assert.equal(new Set(ids).size, 3, ids.join(' | '));
    assert.equal(ids[0], 'finding:severity:file:///w/app.py:4:0:AIS101:m');
    assert.equal(ids[2], 'finding:severity:file:///w/app.py:5:0:AIS101:m');
  });
});
