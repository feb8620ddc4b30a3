/**
 * Code rules that load a model from a literal path add the model-file scanner's verdict for that file
 * (through the `ProjectFacts.modelFileVerdict` port) to their message.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadEngine } from '../../server/src/host/load-engine';
import { DEFAULT_CONFIG } from '../../server/src/engine/index';
import type { EnginePorts } from '../../server/src/engine/index';

// A relative literal path that the scanner did not find dangerous is advisory: the audit profile reports it.
const AUDIT = { ...DEFAULT_CONFIG, profile: 'audit' as const };

const ports: EnginePorts = {
  project: {
    modelFileVerdict: (fromPath, relativePath) =>
      fromPath === '/project/train.py' && relativePath === 'models/model.pt' ? { verdict: 'dangerous', summary: 'imports os.system at byte 42' } : undefined,
  },
};

test('torch.load on a literal path carries the scanned verdict', async () => {
  const engine = await loadEngine();
  const result = engine.analyze({ path: '/project/train.py', text: 'import torch\nm = torch.load("models/model.pt")\nn = torch.load("/data/other.pt")\n', ports });
  const messages = result.findings.filter((f) => f.ruleId === 'AIS102').map((f) => f.message);
  assert.equal(messages.length, 2);
  const severities = result.findings.filter((f) => f.ruleId === 'AIS102').map((f) => f.severity);
  // An absolute literal path is a warning (a relative one is shipped beside the code: advisory); a file the
  // scanner found dangerous makes it an error.
  assert.deepEqual(severities, ['error', 'warning']);
  assert.match(messages[0], /Model file scan of `models\/model\.pt`: dangerous \(imports os\.system at byte 42\)/);
  assert.doesNotMatch(messages[1], /Model file scan/);
});

test('joblib and numpy loads carry the verdict too; without the port the message is unchanged', async () => {
  const engine = await loadEngine();
  const text = 'import joblib\nimport numpy as np\na = joblib.load("models/model.pt")\nb = np.load("models/model.pt", allow_pickle=True)\n';
  const withPort = engine.analyze({ path: '/project/train.py', text, ports });
  for (const id of ['AIS106', 'AIS104']) {
    const finding = withPort.findings.find((f) => f.ruleId === id);
    assert.ok(finding, `${id} not reported`);
    assert.match(finding.message, /dangerous/);
  }
  const without = engine.analyze({ path: '/project/train.py', text });
  assert.ok(without.findings.filter((f) => f.ruleId === 'AIS106' || f.ruleId === 'AIS104').every((f) => !f.message.includes('Model file scan')));
});

test('adding weights_only=True stays unsafe when the scanned file holds only allow-listed globals (torch allows fewer)', async () => {
  const engine = await loadEngine();
  const plain: EnginePorts = { project: { modelFileVerdict: () => ({ verdict: 'pickle', summary: 'only torch storages and OrderedDict' }) } };
  const text = 'import torch\nm = torch.load("models/model.pt")\n';
  const scanned = engine.analyze({ path: '/project/train.py', text, ports: plain, config: AUDIT }).findings.find((f) => f.ruleId === 'AIS102');
  // AISec's allow list accepts argparse.Namespace and NumPy arrays, which torch's weights_only unpickler refuses.
  assert.equal(scanned?.fixes[0]?.applicability, 'unsafe');
  const unscanned = engine.analyze({ path: '/project/train.py', text, config: AUDIT }).findings.find((f) => f.ruleId === 'AIS102');
  assert.equal(unscanned?.fixes[0]?.applicability, 'unsafe');
});
