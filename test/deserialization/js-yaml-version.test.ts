/**
 * AIS151 reads the js-yaml range from the nearest package.json (through ProjectFacts.manifestFor): a plain
 * `load` is unsafe on 3.x, safe on 4.x, and a low-confidence hint when no version is declared.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadEngine } from '../../server/src/host/load-engine';
import { DEFAULT_CONFIG, type EngineConfig, type EnginePorts } from '../../server/src/engine/index';

const SOURCE = "const yaml = require('js-yaml');\nmodule.exports = (text) => yaml.load(text);\n";

function portsWith(range: string | undefined): EnginePorts {
  const text = JSON.stringify({ name: 'app', dependencies: range ? { 'js-yaml': range } : {} });
  return { project: { manifestFor: () => ({ file: 'package.json', kind: 'package-json', text }) } };
}

const AUDIT: EngineConfig = { ...DEFAULT_CONFIG, profile: 'audit' };

async function findings(ports: EnginePorts, config: EngineConfig = AUDIT): Promise<{ severity: string; confidence: string; fixes: { applicability: string }[] }[]> {
  const engine = await loadEngine();
  return engine.analyze({ path: '/w/app/config.js', text: SOURCE, ports, config }).findings.filter((f) => f.ruleId === 'AIS151');
}

test('js-yaml 3.x declared: a plain load is an error with a safe safeLoad fix', async () => {
  const [finding, ...rest] = await findings(portsWith('^3.14.1'));
  assert.equal(rest.length, 0);
  assert.equal(finding?.severity, 'error');
  assert.equal(finding?.confidence, 'high');
  assert.equal(finding?.fixes[0]?.applicability, 'safe');
});

test('js-yaml 4.x declared: a plain load is safe', async () => {
  assert.deepEqual(await findings(portsWith('^4.1.0')), []);
});

test('no declaration: a low-confidence hint with an unsafe fix', async () => {
  const [finding] = await findings(portsWith(undefined));
  assert.equal(finding?.severity, 'info');
  assert.equal(finding?.confidence, 'low');
  assert.equal(finding?.fixes[0]?.applicability, 'unsafe');
  assert.deepEqual(await findings(portsWith(undefined), DEFAULT_CONFIG), [], 'an advisory: only in the audit profile');
});
