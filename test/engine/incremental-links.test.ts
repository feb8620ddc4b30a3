/**
 * Links between units that are not plain names (differential seeds 1013 and 5020 on the merged fixture corpus):
 * a unit changing a module-level table in place is analysed with the units reading it, and a constructor's link
 * to its class follows a renamed class.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadEngine } from '../../server/src/host/load-engine';
import type { EngineDocument } from '../../server/src/engine/index';
import { apply, comparable } from '../helpers/incremental-edits';

const fillers = (count: number): string[] => Array.from({ length: count }, (_, i) => [`def helper_${i}(value):`, `    return value + ${i}`, '', ''].join('\n'));

test('a function that calls a table another function fills is analysed with that function after an edit elsewhere', async () => {
  const text = [
    'import subprocess',
    '',
    'TOOLS = {"list": "ls -l"}',
    '',
    '',
    'def run(code):',
    '    return code',
    '',
    '',
    ...fillers(12),
    'def register_tool(name, command):',
    '    TOOLS[name] = command',
    '',
    '',
    'def run_tool(name):',
    '    subprocess.run(TOOLS[name], shell=True)',
    '',
  ].join('\n');
  const engine = await loadEngine();
  const doc = engine.openDocument('/w/tools.py', text);
  const before = engine.analyzeDocument(doc);
  assert.ok(before.findings.some((f) => f.ruleId === 'AIS203'), 'the table is changed elsewhere, so the command is not a constant');
  // Typing in `run` changes what defines `run`, so `run_tool` (it calls `subprocess.run`) is analysed again.
  apply(doc, { line: 6, column: 15, endLine: 6, endColumn: 15, text: '.strip()' });
  const incremental = engine.analyzeDocument(doc);
  assert.equal(doc.lastRunKind?.kind, 'partial');
  assert.deepEqual(comparable(incremental), comparable(engine.analyze({ path: '/w/tools.py', text: doc.text })));
  doc.dispose();
});

const references = (doc: EngineDocument): string[] => (doc.lastRun?.units ?? []).map((u) => `${u.role} ${u.start}-${u.end} refers to [${[...u.references].filter((r) => r.startsWith('new:')).sort().join(' ')}]`);

test('renaming a class relinks its constructor to the new name', async () => {
  const text = ['class Node:', '    def __init__(self, node_id):', '    	self.id = node_id', '', '    def show(self):', '        return self.id', '', '', ...fillers(12), 'root = Node(1)', ''].join('\n').replace('    \tself', '        self');
  const engine = await loadEngine();
  const doc = engine.openDocument('/w/node.py', text);
  engine.analyzeDocument(doc);
  apply(doc, { line: 0, column: 6, endLine: 0, endColumn: 9, text: '' });
  engine.analyzeDocument(doc);
  const fresh = engine.openDocument('/w/node.py', doc.text);
  engine.analyzeDocument(fresh);
  assert.deepEqual(references(doc), references(fresh));
  fresh.dispose();
  doc.dispose();
});

test('typing an addition to a module-level list in one function re-analyses the function that runs the list', async () => {
  const text = [
    'PARTS = ["import math"]',
    '',
    '',
    ...fillers(12),
    'def extend(line):',
    '    return line',
    '',
    '',
    'def run_parts():',
    '    exec("\\n".join(PARTS))',
    '',
  ].join('\n');
  const engine = await loadEngine();
  const doc = engine.openDocument('/w/parts.py', text);
  const before = engine.analyzeDocument(doc);
  assert.ok(!before.findings.some((f) => f.ruleId === 'AIS202'), 'a list of constants nothing adds to is a constant');
  // `PARTS.append(input())` typed in `extend` (a statement reading no local name): the list now holds what the
  // user types, so the `exec` is reported.
  const line = text.split('\n').indexOf('    return line');
  apply(doc, { line, column: 4, endLine: line, endColumn: 4, text: 'PARTS.append(input())\n    ' });
  const incremental = engine.analyzeDocument(doc);
  assert.deepEqual(comparable(incremental), comparable(engine.analyze({ path: '/w/parts.py', text: doc.text })));
  assert.ok(incremental.findings.some((f) => f.ruleId === 'AIS202'));
  doc.dispose();
});
