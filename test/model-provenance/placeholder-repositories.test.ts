/**
 * `trust_remote_code` on a placeholder repository id in documentation (`{your_username}/...`) is advisory:
 * reported in the audit profile with a message naming the placeholder, absent from the default profile,
 * while a real repository id on the same page and a placeholder in a program stay reported.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadEngine } from '../../server/src/host/load-engine';
import { DEFAULT_CONFIG } from '../../server/src/engine/index';

const AUDIT = { ...DEFAULT_CONFIG, profile: 'audit' as const };
const CODE = 'from transformers import AutoModel\n\nmine = AutoModel.from_pretrained("{your_username}/my-model", trust_remote_code=True)\nreal = AutoModel.from_pretrained("org/model", trust_remote_code=True)\n';
const notebookOf = (source: string): string => JSON.stringify({ cells: [{ cell_type: 'code', source: [source], metadata: {}, outputs: [], execution_count: null }], metadata: {}, nbformat: 4, nbformat_minor: 5 });

test('a placeholder repository in a notebook is advisory and says it is a placeholder; a real one is not', async () => {
  const engine = await loadEngine();
  const audit = engine.analyze({ path: 'guide.ipynb', text: notebookOf(CODE), config: AUDIT }).findings.filter((f) => f.ruleId === 'AIS301');
  assert.deepEqual(audit.map((f) => f.advisory ?? 'default'), ['reported', 'default']);
  assert.match(audit[0]?.message ?? '', /placeholder repository `\{your_username\}\/my-model`/);
  const quiet = engine.analyze({ path: 'guide.ipynb', text: notebookOf(CODE) }).findings.filter((f) => f.ruleId === 'AIS301');
  assert.equal(quiet.length, 1);
  assert.match(quiet[0]?.message ?? '', /`AutoModel.from_pretrained` is called with `trust_remote_code` enabled/);
});

test('a placeholder repository in a program stays reported', async () => {
  const engine = await loadEngine();
  const findings = engine.analyze({ path: 'load.py', text: CODE }).findings.filter((f) => f.ruleId === 'AIS301');
  assert.deepEqual(findings.map((f) => f.advisory ?? 'default'), ['default', 'default']);
});
