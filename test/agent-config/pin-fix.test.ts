/**
 * The pin fix of AIS802 writes the newest version the registry cache knows, in each launcher's syntax, and
 * is absent when no version is known (offline, nothing cached).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadEngine } from '../../server/src/host/load-engine';
import { createPackageIntel } from '../../server/src/intel/index';
import { DEFAULT_CONFIG } from '../../server/src/engine/index';
import { applyEdits } from '../helpers/edits';

const TEXT = `{
  "servers": {
    "memory": { "command": "npx", "args": ["-y", "@modelcontextprotocol/server-memory@latest"] },
    "fetch": { "command": "uvx", "args": ["mcp-server-fetch"] },
    "git": { "command": "uvx", "args": ["--from", "mcp-server-git>=2025.1", "mcp-server-git"] },
    "time": { "command": "pipx", "args": ["run", "mcp-server-time"] }
  }
}
`;

test('AIS802 pins each launcher to the cached newest version in its own syntax', async () => {
  const engine = await loadEngine();
  const intel = createPackageIntel({ online: false });
  intel.remember('npm', '@modelcontextprotocol/server-memory', { exists: true, facts: { latestVersion: '2025.8.4' } });
  intel.remember('pypi', 'mcp-server-fetch', { exists: true, facts: { latestVersion: '2025.4.7' } });
  intel.remember('pypi', 'mcp-server-git', { exists: true, facts: { latestVersion: '2026.1.14' } });
  intel.remember('pypi', 'mcp-server-time', { exists: true, facts: { latestVersion: '2025.9.25' } });
  const path = '/repo/.vscode/mcp.json';
  const result = engine.analyze({ path, text: TEXT, config: DEFAULT_CONFIG, ports: { intel } });
  const unpinned = result.findings.filter((f) => f.ruleId === 'AIS802');
  assert.equal(unpinned.length, 4);
  const fixed = applyEdits(TEXT, unpinned.flatMap((f) => f.fixes.flatMap((fix) => fix.edits)));
  assert.match(fixed, /"@modelcontextprotocol\/server-memory@2025\.8\.4"/);
  assert.match(fixed, /"mcp-server-fetch@2025\.4\.7"/);
  assert.match(fixed, /"mcp-server-git==2026\.1\.14", "mcp-server-git"/);
  // `pipx run name` has no documented exact-version form for the positional name: no fix is guessed.
  assert.equal(unpinned.find((f) => f.message.includes('mcp-server-time'))?.fixes.length, 0);
  const after = engine.analyze({ path, text: fixed, config: DEFAULT_CONFIG, ports: { intel } });
  assert.deepEqual(after.findings.filter((f) => f.ruleId === 'AIS802').map((f) => f.message.slice(0, 40)), [unpinned.find((f) => f.message.includes('mcp-server-time'))!.message.slice(0, 40)]);
  assert.ok(unpinned.every((f) => f.fixes.every((fix) => fix.applicability === 'unsafe')));
});

test('AIS802 offers no pin when no version is known', async () => {
  const engine = await loadEngine();
  const result = engine.analyze({ path: '/repo/.vscode/mcp.json', text: TEXT, config: DEFAULT_CONFIG, ports: { intel: createPackageIntel({ online: false }) } });
  const unpinned = result.findings.filter((f) => f.ruleId === 'AIS802');
  assert.equal(unpinned.length, 4);
  assert.ok(unpinned.every((f) => f.fixes.length === 0));
  assert.match(unpinned[0]!.message, /VS Code \(Copilot\) workspace configuration starts this server \(`servers\.memory` in \.vscode\/mcp\.json\)/);
});
