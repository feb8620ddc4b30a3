/**
 * The CLI scans assistant configuration by default (dot-folders such as `.vscode`, `.cursor`, `.claude`,
 * `.gemini` and `.codex` included) and its SARIF locations point at the offending key or value.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { runCli } from '../cli/run-cli';

const FILES: Record<string, string> = {
  '.vscode/mcp.json': '{\n  // JSONC\n  "servers": {\n    "memory": { "command": "npx", "args": ["-y", "@modelcontextprotocol/server-memory"] }\n  }\n}\n',
  '.cursor/mcp.json': '{ "mcpServers": { "web": { "url": "http://mcp.example.com/mcp" } } }\n',
  '.claude/settings.json': '{\n  "enableAllProjectMcpServers": true\n}\n',
  '.gemini/settings.json': '{ "mcpServers": { "x": { "command": "uvx", "args": ["mcp-server-fetch@2025.4.7"], "trust": true } } }\n',
  '.codex/config.toml': '[mcp_servers.git]\ncommand = "uvx"\nargs = ["mcp-server-git"]\n',
  '.mcp.json': '{ "mcpServers": { "bad": { "command": "npx", "args": ["-y" "x"] } } }\n',
};

test('aisec scan reports assistant configuration by default, with SARIF regions on the key', () => {
  const root = mkdtempSync(join(tmpdir(), 'aisec-agent-config-'));
  try {
    mkdirSync(join(root, '.git'));
    for (const [path, text] of Object.entries(FILES)) {
      mkdirSync(dirname(join(root, path)), { recursive: true });
      writeFileSync(join(root, path), text);
    }
    const result = runCli(['scan', '--format', 'sarif', '.'], root);
    assert.ok(result.status === 1 || result.status === 0, result.stderr);
    const log = JSON.parse(result.stdout) as { runs: { results: { ruleId: string; locations: { physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number; startColumn: number; endColumn: number } } }[] }[] }[] };
    const found = log.runs[0]!.results.map((r) => {
      const { artifactLocation, region } = r.locations[0]!.physicalLocation;
      return `${artifactLocation.uri}:${region.startLine}:${region.startColumn}-${region.endColumn} ${r.ruleId}`;
    }).sort();
    assert.deepEqual(found, [
      '.claude/settings.json:2:3-37 AIS810',
      '.codex/config.toml:3:10-24 AIS802',
      '.cursor/mcp.json:1:36-62 AIS808',
      '.gemini/settings.json:1:83-96 AIS810',
      // The malformed file is reported once, and what could still be read is still checked.
      '.mcp.json:1:60-61 AIS819',
      '.mcp.json:1:61-62 AIS802',
      '.vscode/mcp.json:4:51-86 AIS802',
    ]);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});
