/**
 * Fix safety labels that hold: a fix is `safe` only when it cannot change what a working program does for its
 * author. Reverting an explicit choice (an unsafe loader, `allow_pickle=True`, `typ="unsafe"`, the full js-yaml
 * schema, `weights_only=False` on a load that is not a state dict) is `unsafe`; filling in a missing safe
 * default, or loading what goes straight into `load_state_dict`, stays `safe`.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadEngine } from '../../server/src/host/load-engine';
import type { EnginePorts } from '../../server/src/engine/index';

async function labels(path: string, text: string, ruleId: string, ports: EnginePorts = {}): Promise<string[]> {
  const engine = await loadEngine();
  return engine.analyze({ path, text, ports }).findings.filter((f) => f.ruleId === ruleId).map((f) => f.fixes.map((x) => x.applicability).join(',') || 'none');
}

test('PyYAML: a missing loader is filled in safely; an unsafe function or loader the author chose is reverted only as unsafe', async () => {
  assert.deepEqual(await labels('/t/a.py', 'import yaml\nyaml.load(data)\n', 'AIS112'), ['safe']);
  // The full loader runs code only before PyYAML 5.4 (`pyyaml-version.ts`): without a manifest holding such a
  // release it is advisory, so only `unsafe_load` is reported by default; with one, both are reverted only as unsafe.
  assert.deepEqual(await labels('/t/a.py', 'import yaml\nyaml.unsafe_load(data)\nyaml.full_load(data)\n', 'AIS112'), ['unsafe']);
  const oldPyyaml: EnginePorts = { project: { manifestFor: () => ({ file: 'requirements.txt', kind: 'requirements', text: 'PyYAML==5.3.1\n' }) } };
  assert.deepEqual(await labels('/t/a.py', 'import yaml\nyaml.unsafe_load(data)\nyaml.full_load(data)\n', 'AIS112', oldPyyaml), ['unsafe', 'unsafe']);
  assert.deepEqual(await labels('/t/a.py', 'import yaml\nyaml.load(data, Loader=yaml.Loader)\nyaml.load(data, Loader=yaml.UnsafeLoader)\n', 'AIS112'), ['unsafe', 'unsafe']);
});

test('numpy allow_pickle=True and ruamel typ="unsafe" are explicit choices: unsafe fixes', async () => {
  assert.deepEqual(await labels('/t/a.py', 'import numpy as np\nnp.load(f, allow_pickle=True)\n', 'AIS104'), ['unsafe']);
  assert.deepEqual(await labels('/t/a.py', 'from ruamel.yaml import YAML\nyaml = YAML(typ="unsafe")\n', 'AIS113'), ['unsafe']);
});

test('js-yaml 3: load becomes safeLoad safely; an explicit DEFAULT_FULL_SCHEMA is replaced only as unsafe', async () => {
  const ports: EnginePorts = { project: { manifestFor: () => ({ file: 'package.json', kind: 'package-json', text: '{"dependencies":{"js-yaml":"^3.14.1"}}' }) } };
  assert.deepEqual(await labels('/t/a.js', "const yaml = require('js-yaml');\nyaml.load(text);\n", 'AIS151', ports), ['safe']);
  assert.deepEqual(await labels('/t/a.js', "const yaml = require('js-yaml');\nyaml.load(text, { schema: yaml.DEFAULT_FULL_SCHEMA });\n", 'AIS151', ports), ['unsafe']);
});

test('torch.load: weights_only=True is safe only for what goes straight into load_state_dict', async () => {
  assert.deepEqual(await labels('/t/a.py', 'import torch\nckpt = torch.load(path, weights_only=False)\nmodel = ckpt["model"]\n', 'AIS102'), ['unsafe']);
  assert.deepEqual(await labels('/t/a.py', 'import torch\nmodel.load_state_dict(torch.load(path, weights_only=False))\n', 'AIS102'), ['safe']);
  // A checkpoint whose globals the model-file scan allows (an argparse.Namespace, NumPy arrays) may still be refused by torch.
  const ports: EnginePorts = { project: { modelFileVerdict: () => ({ verdict: 'pickle', summary: 'a pickle-based format' }) } };
  assert.deepEqual(await labels('/t/a.py', 'import torch\nckpt = torch.load("/srv/models/model.pt")\nprint(ckpt.args)\n', 'AIS102', ports), ['unsafe']);
});
