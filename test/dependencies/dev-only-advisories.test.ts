/**
 * A known-vulnerable pin in a development-only group (`[project.optional-dependencies] dev`, a Poetry test
 * group, npm devDependencies) is advisory: the audit profile reports it, the default profile does not. The same
 * pin among the runtime dependencies, and an ML loader's code-execution advisory in a dev group, stay reported.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadEngine } from '../../server/src/host/load-engine';
import { createPackageIntel } from '../../server/src/intel/index';
import { DEFAULT_CONFIG } from '../../server/src/engine/index';

const AUDIT = { ...DEFAULT_CONFIG, profile: 'audit' as const };
const PYPROJECT = '[project]\nname = "demo"\ndependencies = ["black==23.3.0"]\n\n[project.optional-dependencies]\ndev = ["black==23.3.0", "torch==2.5.1"]\n';

test('vulnerable pins in a dev group are advisory unless they are an ML loader with a code-execution advisory', async () => {
  const engine = await loadEngine();
  const ports = { intel: createPackageIntel({ online: false }) };
  const audit = engine.analyze({ path: 'pyproject.toml', text: PYPROJECT, config: AUDIT, ports }).findings.filter((f) => f.ruleId === 'AIS502');
  assert.deepEqual(audit.map((f) => `${f.range.start.line + 1} ${f.advisory ?? 'default'}`), ['3 default', '6 reported', '6 default']);
  const quiet = engine.analyze({ path: 'pyproject.toml', text: PYPROJECT, ports }).findings.filter((f) => f.ruleId === 'AIS502');
  assert.deepEqual(quiet.map((f) => `${f.range.start.line + 1} ${f.severity}`), ['3 warning', '6 error']);
});
