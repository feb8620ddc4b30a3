/**
 * Safety switches forwarded from parameters, command-line arguments and settings fields are followed to
 * their default: a default of True is enabled; anything else is a low-confidence information finding that
 * says the switch is configurable and never claims it is on.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadEngine } from '../../server/src/host/load-engine';
import { DEFAULT_CONFIG } from '../../server/src/engine/index';

// Information-level "configurable" findings of these rules are advisory: the audit profile reports them.
const AUDIT = { ...DEFAULT_CONFIG, profile: 'audit' as const };

const CASES: { name: string; text: string; ruleId: string }[] = [
  {
    name: 'trust_remote_code from an argparse store_true option',
    ruleId: 'AIS301',
    text: 'import argparse\nfrom transformers import AutoTokenizer\n\n\ndef main():\n    parser = argparse.ArgumentParser()\n    parser.add_argument("--trust-remote-code", action="store_true")\n    args = parser.parse_args()\n    return AutoTokenizer.from_pretrained("./tok", trust_remote_code=args.trust_remote_code)\n',
  },
  {
    name: 'allow_pickle from a dataclass field defaulting to False',
    ruleId: 'AIS104',
    text: 'from dataclasses import dataclass\nimport numpy as np\n\n\n@dataclass\nclass Options:\n    allow_pickle: bool = False\n\n\ndef read(path, options: Options):\n    return np.load(path, allow_pickle=options.allow_pickle)\n',
  },
  {
    name: 'allow_dangerous_requests from a pydantic field',
    ruleId: 'AIS215',
    text: 'from langchain_community.agent_toolkits.openapi.toolkit import RequestsToolkit\nfrom pydantic import BaseModel, Field\n\n\nclass Agent(BaseModel):\n    allow_dangerous_requests: bool = Field(default=False)\n\n    def toolkit(self, wrapper):\n        return RequestsToolkit(requests_wrapper=wrapper, allow_dangerous_requests=self.allow_dangerous_requests)\n',
  },
];

for (const c of CASES) {
  test(`${c.name}: configurable information, never "enabled"`, async () => {
    const engine = await loadEngine();
    const findings = engine.analyze({ path: 'src/app.py', text: c.text, config: AUDIT }).findings.filter((f) => f.ruleId === c.ruleId);
    assert.equal(findings.length, 1);
    assert.equal(findings[0].severity, 'info');
    assert.equal(findings[0].confidence, 'low');
    assert.match(findings[0].message, /off by default; when it is turned on/);
    assert.doesNotMatch(findings[0].message, /enabled/);
  });
}

test('a forwarded switch whose default is True is enabled', async () => {
  const engine = await loadEngine();
  const text = 'from transformers import AutoTokenizer\n\n\ndef load(name, trust_remote_code=True):\n    return AutoTokenizer.from_pretrained("./tok", trust_remote_code=trust_remote_code)\n';
  const [finding] = engine.analyze({ path: 'src/app.py', text }).findings;
  assert.equal(finding?.ruleId, 'AIS301');
  assert.equal(finding.severity, 'warning', 'a local copy: a warning, as for a literal True');
  assert.match(finding.message, /enabled.*on by default: the `trust_remote_code` parameter/);
});

test('a constructor parameter that the script\'s top-level call turns on (FastChat sglang_worker.py) is on by default; a top-level call that passes False, or no top-level call, is not', async () => {
  const engine = await loadEngine();
  const script = (passed: string): string =>
    'import argparse\n\nfrom transformers import AutoConfig\n\n\nclass SGLWorker:\n    def __init__(self, model_path, trust_remote_code):\n        self.config = AutoConfig.from_pretrained(model_path, trust_remote_code=trust_remote_code)\n\n\n' +
    'if __name__ == "__main__":\n    parser = argparse.ArgumentParser()\n    parser.add_argument("--trust-remote-code", action="store_false", default=True)\n    args = parser.parse_args()\n' +
    `    worker = SGLWorker("m", ${passed})\n`;
  const on = engine.analyze({ path: 'sglang_worker.py', text: script('args.trust_remote_code') }).findings.filter((f) => f.ruleId === 'AIS301');
  assert.deepEqual(on.map((f) => `${f.range.start.line + 1} ${f.severity}`), ['8 error']);
  assert.match(on[0]?.message ?? '', /the script's top-level call on line 15 sets from the `--trust-remote-code` command-line argument/);
  const keyword = engine.analyze({ path: 'sglang_worker.py', text: script('trust_remote_code=True') }).findings.filter((f) => f.ruleId === 'AIS301');
  assert.equal(keyword.find((f) => f.range.start.line === 7)?.severity, 'error');
  const off = engine.analyze({ path: 'sglang_worker.py', text: script('False'), config: AUDIT }).findings.filter((f) => f.ruleId === 'AIS301');
  assert.deepEqual(off.map((f) => f.severity), ['info']);
});
