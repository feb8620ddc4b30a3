/**
 * Shell commands in developer tooling (`scripts/`, `tools/`, `.github/`, bundler configuration) that read no
 * outside input are advisory: reported in the audit profile, not by default. The same code in application
 * code is reported, and tooling that reads a request is reported too; `process.argv` alone is advisory anywhere.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DEFAULT_CONFIG } from '../../server/src/engine/index';
import { loadEngine } from '../../server/src/host/load-engine';
import { isDeveloperToolingPath } from '../../server/src/rules/shared/tooling-paths';

const SCRIPT = "import { execSync } from 'node:child_process';\nexport function fetchBranch(branch) {\n  execSync(`git fetch origin ${branch}`);\n}\n";
const ARGV = "import { execSync } from 'node:child_process';\nexecSync(`git fetch origin ${process.argv[2]}`);\n";

test('tooling paths are judged relative to the project, like test code', () => {
  for (const path of ['scripts/release.mjs', 'tools/bot/metrics.ts', '.github/scripts/label.js', 'packages/x/scripts/build.js', 'vite.config.ts', '/abs/checkout/vite.config.mjs']) assert.ok(isDeveloperToolingPath(path), path);
  for (const path of ['src/app.ts', 'packages/core/src/tools.ts', '/home/me/scripts/app/src/server.js', 'bin/cli.js']) assert.ok(!isDeveloperToolingPath(path), path);
});

test('a shell command built at run time is advisory in tooling, reported in application code and wherever it reads outside input', async () => {
  const engine = await loadEngine();
  const ais244 = (projectPath: string, text: string, profile?: 'audit') =>
    engine.analyze({ path: `/repo/${projectPath}`, text, config: { ...DEFAULT_CONFIG, projectPath, ...(profile ? { profile } : {}) } }).findings.filter((f) => f.ruleId === 'AIS244');
  assert.equal(ais244('scripts/release.mjs', SCRIPT).length, 0, 'advisory by default');
  const audited = ais244('scripts/release.mjs', SCRIPT, 'audit');
  assert.equal(audited.length, 1);
  assert.equal(audited[0]!.severity, 'warning');
  assert.equal(ais244('src/git.mjs', SCRIPT)[0]?.severity, 'error');
  // A command built only from the program's own command line is the operator's choice: advisory information
  // anywhere (see command-origin.test.ts); with a request in it, it is outside input and an error.
  assert.deepEqual(ais244('scripts/release.mjs', ARGV, 'audit').map((f) => `${f.severity} ${f.advisory}`), ['info reported']);
  assert.equal(ais244('src/cli.mjs', ARGV).length, 0);
  assert.equal(ais244('scripts/release.mjs', ARGV.replace('process.argv[2]', 'req.query.branch'))[0]?.severity, 'error');
});
