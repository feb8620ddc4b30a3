/**
 * AIS859: a tool's documented installer served over HTTPS from its own domain (Poetry, rustup, uv,
 * NodeSource, ...) piped into a shell is information (audit profile only): CI that does so follows the tool's
 * instructions and trusts no one beyond the tool itself. Other hosts, look-alike hosts, plain HTTP and a dev
 * container's `initializeCommand` keep their severity.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DEFAULT_CONFIG } from '../../server/src/engine/index';
import { loadEngine } from '../../server/src/host/load-engine';
import { vendorInstallerOf } from '../../server/src/rules/pipeline/ci-download-pipe-shell/vendor-installers';

const AUDIT = { ...DEFAULT_CONFIG, profile: 'audit' as const };
const WORKFLOW = [
  'on: push',
  'jobs:',
  '  build:',
  '    runs-on: ubuntu-latest',
  '    steps:',
  '      - run: curl -sSL https://install.python-poetry.org | python3 -',
  '      - run: curl -fsSL https://deb.nodesource.com/setup_20.x | bash -',
  '      - run: curl -LsSf https://astral.sh/uv/install.sh | sh',
  '      - run: curl -fsSL https://example.com/install.sh | bash',
  '      - run: curl -fsSL https://install.python-poetry.org.example.net/x | bash',
  '      - run: curl -fsSL http://install.python-poetry.org | python3 -',
  '      - run: curl -fsSL https://astral.sh/other/script.sh | sh',
  '',
].join('\n');

test('vendor installers are recognised by host and installer path, over HTTPS only', () => {
  assert.equal(vendorInstallerOf('https://install.python-poetry.org'), 'Poetry');
  assert.equal(vendorInstallerOf('https://sh.rustup.rs'), 'rustup');
  assert.equal(vendorInstallerOf('https://claude.ai/install.sh'), 'Claude Code');
  assert.equal(vendorInstallerOf('https://raw.githubusercontent.com/nvm-sh/nvm/v0.40.1/install.sh'), 'nvm');
  assert.equal(vendorInstallerOf('https://raw.githubusercontent.com/someone/nvm/main/install.sh'), undefined);
  assert.equal(vendorInstallerOf('http://sh.rustup.rs'), undefined);
  assert.equal(vendorInstallerOf('https://claude.ai/other.sh'), undefined);
  assert.equal(vendorInstallerOf('$INSTALLER_URL'), undefined);
});

test('AIS859 reports a vendor installer at information level, only in the audit profile', async () => {
  const engine = await loadEngine();
  const ais859 = (config = DEFAULT_CONFIG) => engine.analyze({ path: '/repo/.github/workflows/ci.yml', text: WORKFLOW, config: { ...config, projectPath: '.github/workflows/ci.yml' } })
    .findings.filter((f) => f.ruleId === 'AIS859').map((f) => `${f.range.start.line + 1} ${f.severity}`);
  assert.deepEqual(ais859(AUDIT), ['6 info', '7 info', '8 info', '9 warning', '10 warning', '11 error', '12 warning']);
  assert.deepEqual(ais859(), ['9 warning', '10 warning', '11 error', '12 warning']);
});
