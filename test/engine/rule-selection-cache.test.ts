/**
 * The analyzer keeps the checkers a rule selection enables per config object and per selection (a scan gives
 * the files of other folders, test code and examples config objects of their own). Every field the selection
 * reads must be part of that key: a config that differs in one of them, analysed after the others on the same
 * engine, gets the findings an engine that never saw the others gives it.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createEngine, DEFAULT_CONFIG, type EngineConfig } from '../../server/src/engine/index';
import { engineOptions, loadEngine } from '../../server/src/host/load-engine';
import { ALL_MODULES } from '../../server/src/rules/index';

const TEXT = ['import pickle, sys', 'from transformers import AutoModel', 'model = AutoModel.from_pretrained("someone/model")', 'data = pickle.load(open(sys.argv[1], "rb"))', 'eval(input())', ''].join('\n');

const CONFIGS: { name: string; config: () => EngineConfig }[] = [
  { name: 'default', config: () => ({ ...DEFAULT_CONFIG }) },
  { name: 'audit profile', config: () => ({ ...DEFAULT_CONFIG, profile: 'audit' }) },
  { name: 'advisory hints', config: () => ({ ...DEFAULT_CONFIG, advisoryHints: true }) },
  { name: 'ignore', config: () => ({ ...DEFAULT_CONFIG, ignore: ['AIS2'] }) },
  { name: 'select', config: () => ({ ...DEFAULT_CONFIG, select: ['AIS101'] }) },
  { name: 'extend-select', config: () => ({ ...DEFAULT_CONFIG, extendSelect: ['AIS302'] }) },
];

const ruleIds = (findings: readonly { ruleId: string; advisory?: unknown }[]): string[] => findings.map((f) => `${f.ruleId}${f.advisory ? ` (${String(f.advisory)})` : ''}`).sort();

test('configs that differ in one selection field, each a new object, get what a fresh engine gives them', async () => {
  const shared = await loadEngine();
  const seen = new Set<string>();
  for (const round of [0, 1]) {
    for (const { name, config } of CONFIGS) {
      const fresh = await createEngine({ ...engineOptions(ALL_MODULES), languages: ['python'] });
      const expected = ruleIds(fresh.analyze({ path: 'app.py', text: TEXT, config: config() }).findings);
      assert.deepEqual(ruleIds(shared.analyze({ path: 'app.py', text: TEXT, config: config() }).findings), expected, `${name}, round ${round}`);
      seen.add(expected.join(','));
    }
  }
  // The configs must select differently on this text, or the comparison above proves nothing.
  assert.ok(seen.size >= 4, [...seen].join(' | '));
});
