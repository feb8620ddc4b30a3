/**
 * One finding per expression: model-provenance problems on one download call become one finding under the
 * most severe rule, naming the others and carrying every fix; suppressing one rule removes only its problem.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadEngine } from '../../server/src/host/load-engine';
import { DEFAULT_CONFIG } from '../../server/src/engine/index';
import { ALSO_REPORTS_PROPERTY } from '../../server/src/engine/combine';

const CALL = 'model = AutoModelForCausalLM.from_pretrained("org/model", trust_remote_code=True)';
const source = (line: string): string => `from transformers import AutoModelForCausalLM\n\n${line}\n`;
// AIS302 and AIS303 are advisory: the audit profile reports them, and so joins them to the call's finding.
const AUDIT = { ...DEFAULT_CONFIG, profile: 'audit' as const };

test('trust_remote_code, an unpinned revision and a pickle fallback on one call are one finding with every fix', async () => {
  const engine = await loadEngine();
  const { findings } = engine.analyze({ path: 'src/load.py', text: source(CALL), config: AUDIT });
  assert.equal(findings.length, 1);
  const [finding] = findings;
  assert.equal(finding.ruleId, 'AIS301');
  assert.equal(finding.severity, 'error');
  assert.equal(finding.properties?.[ALSO_REPORTS_PROPERTY], 'AIS302,AIS303');
  assert.match(finding.message, /trust_remote_code.*Also: no `revision` pins the download to a commit \(AIS302\); the weights may be unpickled .* \(AIS303\)\.$/);
  assert.deepEqual(finding.fixes.map((f) => f.title), ['Set `trust_remote_code=False`', 'Require safetensors weights']);
  assert.equal('combine' in finding, false, 'the engine-internal key never leaves the engine');
});

test('a suppressed or ignored rule leaves the other problems of the call as one finding', async () => {
  const engine = await loadEngine();
  const suppressed = engine.analyze({ path: 'src/load.py', text: source(`${CALL}  # aisec: ignore[AIS301]`), config: AUDIT });
  assert.deepEqual(suppressed.findings.map((f) => [f.ruleId, f.properties?.[ALSO_REPORTS_PROPERTY]]), [['AIS302', 'AIS303']]);
  assert.deepEqual(suppressed.suppressed.map((s) => s.finding.ruleId), ['AIS301']);
  const ignored = engine.analyze({ path: 'src/load.py', text: source(CALL), config: { ...AUDIT, ignore: ['AIS303'] } });
  assert.deepEqual(ignored.findings.map((f) => [f.ruleId, f.properties?.[ALSO_REPORTS_PROPERTY]]), [['AIS301', 'AIS302']]);
});

test('different calls on one line stay separate findings', async () => {
  const engine = await loadEngine();
  const text = source('a, b = AutoModelForCausalLM.from_pretrained("org/a"), AutoModelForCausalLM.from_pretrained("org/b")');
  const { findings } = engine.analyze({ path: 'src/load.py', text, config: AUDIT });
  assert.deepEqual(findings.map((f) => [f.ruleId, f.properties?.[ALSO_REPORTS_PROPERTY]]), [['AIS302', 'AIS303'], ['AIS302', 'AIS303']]);
});

test('in the default profile the advisory problems stay out of the call\'s finding', async () => {
  const engine = await loadEngine();
  const { findings } = engine.analyze({ path: 'src/load.py', text: source(CALL) });
  assert.deepEqual(findings.map((f) => [f.ruleId, f.properties?.[ALSO_REPORTS_PROPERTY]]), [['AIS301', undefined]]);
});

test('advisories kept as editor hints stay hints of their own, next to the call\'s finding', async () => {
  const engine = await loadEngine();
  const { findings } = engine.analyze({ path: 'src/load.py', text: source(CALL), config: { ...DEFAULT_CONFIG, advisoryHints: true } });
  assert.deepEqual(findings.map((f) => [f.ruleId, f.advisory, f.properties?.[ALSO_REPORTS_PROPERTY]]).sort(), [['AIS301', undefined, undefined], ['AIS302', 'hint', undefined], ['AIS303', 'hint', undefined]]);
});
