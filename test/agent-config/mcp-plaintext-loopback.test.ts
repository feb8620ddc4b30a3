/**
 * AIS808 on a loopback address (a local development server) is an advisory: information in the audit profile,
 * left out of the default one; a plain-http server elsewhere stays a warning.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DEFAULT_CONFIG, type Finding } from '../../server/src/engine/index';
import { loadEngine } from '../../server/src/host/load-engine';

async function ais808(url: string, profile: 'audit' | 'default'): Promise<Finding[]> {
  const engine = await loadEngine();
  const text = `{\n  "servers": {\n    "dev": { "type": "http", "url": "${url}" }\n  }\n}\n`;
  return engine.analyze({ path: '/repo/.vscode/mcp.json', text, config: { ...DEFAULT_CONFIG, profile, projectPath: '.vscode/mcp.json' } }).findings.filter((f) => f.ruleId === 'AIS808');
}

test('a loopback MCP server over http is an advisory', async () => {
  const audit = await ais808('http://localhost:3000/mcp', 'audit');
  assert.deepEqual(audit.map((f) => [f.severity, f.advisory]), [['info', 'reported']]);
  assert.deepEqual(await ais808('http://127.0.0.1:3000/mcp', 'default'), []);
});

test('a remote MCP server over http stays in the default profile', async () => {
  const remote = await ais808('http://mcp.example.com/mcp', 'default');
  assert.equal(remote.length, 1);
  assert.notEqual(remote[0]!.severity, 'info');
});
