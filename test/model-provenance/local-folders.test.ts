/**
 * `from_pretrained(folder, trust_remote_code=True)` on a folder the same function writes with `save_pretrained`
 * is advisory, with a flow step to the write; without that evidence in the same scope, and for `from_config`
 * (which imports the modeling file itself), the finding stays reported. A folder built with `os.path.join` or
 * pathlib is a local copy: a warning.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadEngine } from '../../server/src/host/load-engine';
import { DEFAULT_CONFIG } from '../../server/src/engine/index';

const AUDIT = { ...DEFAULT_CONFIG, profile: 'audit' as const };
const HEAD = 'from transformers import AutoConfig, AutoModel\n\n\n';

async function findings(body: string, audit = true): Promise<{ line: number; advisory: string; message: string; flow: string[] }[]> {
  const engine = await loadEngine();
  const result = engine.analyze({ path: 'load.py', text: HEAD + body, ...(audit ? { config: AUDIT } : {}) });
  return result.findings.filter((f) => f.ruleId === 'AIS301').map((f) => ({
    line: f.range.start.line + 1,
    advisory: f.advisory ?? 'default',
    message: f.message,
    flow: (f.flow ?? []).map((step) => `${step.range.start.line + 1} ${step.message}`),
  }));
}

test('from_config stays reported: with a configuration naming custom classes it downloads and imports the modeling file', async () => {
  const body = 'def build(path):\n    config = AutoConfig.from_pretrained(path, trust_remote_code=True)\n    return AutoModel.from_config(config, trust_remote_code=True)\n';
  assert.deepEqual((await findings(body, false)).map((f) => `${f.line} ${f.advisory}`), ['5 default', '6 default']);
});

test('a folder the same function writes with save_pretrained is its own output: advisory', async () => {
  const body = 'def merge(model, out):\n    model.save_pretrained(out)\n    return AutoModel.from_pretrained(out, trust_remote_code=True)\n\n\ndef load(out):\n    return AutoModel.from_pretrained(out, trust_remote_code=True)\n';
  const audit = await findings(body);
  assert.deepEqual(audit.map((f) => `${f.line} ${f.advisory}`), ['6 reported', '10 default'], 'another function\'s `out` is another value');
  assert.match(audit[0]?.message ?? '', /a folder this code itself writes with `save_pretrained`/);
  assert.deepEqual(audit[0]?.flow, ['5 the same code writes the folder here']);
});

test('a folder path built with os.path.join or pathlib is a local copy: a warning; a bare name stays an error', async () => {
  const engine = await loadEngine();
  const text = 'import os\nfrom pathlib import Path\nfrom transformers import AutoModel\n\n\ndef load(out, name):\n    a = AutoModel.from_pretrained(os.path.join(out, "merged"), trust_remote_code=True)\n    b = AutoModel.from_pretrained(Path(out) / "final", trust_remote_code=True)\n    return a, b, AutoModel.from_pretrained(name, trust_remote_code=True)\n';
  const found = engine.analyze({ path: 'load.py', text }).findings.filter((f) => f.ruleId === 'AIS301');
  assert.deepEqual(found.map((f) => `${f.range.start.line + 1} ${f.severity}`), ['7 warning', '8 warning', '9 error']);
  assert.match(found[0]?.message ?? '', /a local copy; review its code/);
});

test('a named revision (a release tag or dated branch) is a warning that asks for the SHA; main, dev and refs pin nothing', async () => {
  const engine = await loadEngine();
  const text = 'from transformers import AutoModel\n\nREV = "v2.0"\n\n\ndef load():\n    a = AutoModel.from_pretrained("org/m", revision="2024-04-02", trust_remote_code=True)\n    b = AutoModel.from_pretrained("org/m", revision=REV, trust_remote_code=True)\n    c = AutoModel.from_pretrained("org/m", revision="main", trust_remote_code=True)\n    d = AutoModel.from_pretrained("org/m", revision="refs/pr/1", trust_remote_code=True)\n    return a, b, c, d\n';
  const found = engine.analyze({ path: 'load.py', text }).findings.filter((f) => f.ruleId === 'AIS301');
  assert.deepEqual(found.map((f) => `${f.range.start.line + 1} ${f.severity}`), ['7 warning', '8 warning', '9 error', '10 error']);
  assert.match(found[0]?.message ?? '', /named revision `2024-04-02`.*pin its 40-character commit SHA/);
});
