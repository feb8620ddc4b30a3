/**
 * AIS804 mcp-hardcoded-secret on generated tokens (no real-looking key is committed): one finding per token,
 * combined with the secrets family's, naming the client; the fix writes the client's reference syntax (and a
 * VS Code `inputs` entry) and leaves a file without the token that still reads.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parse as parseJsonc } from 'jsonc-parser';
import { loadEngine } from '../../server/src/host/load-engine';
import { DEFAULT_CONFIG } from '../../server/src/engine/index';
import type { Engine, Finding } from '../../server/src/engine/index';
import { ALSO_REPORTS_PROPERTY } from '../../server/src/engine/combine';
import { readConfigTree } from '../../server/src/engine/agent-config/config-tree';
import { fixturePorts } from '../helpers/ports';
import { applyEdits } from '../helpers/edits';
import { generateKey } from '../secrets/keygen';

const GITHUB = generateKey('github');
const HF = generateKey('huggingface');

interface Case {
  path: string;
  text: string;
  /** The line (1-based) of each expected finding. */
  lines: number[];
  /** What the fixed text must contain, or undefined when the client has no reference syntax (no fix). */
  reference?: RegExp;
  client: RegExp;
}

const CASES: Case[] = [
  {
    path: '/repo/.vscode/mcp.json',
    text: `{\n  "servers": {\n    "github": {\n      "command": "npx",\n      "args": ["-y", "@modelcontextprotocol/server-github@2025.4.8"],\n      "env": { "GITHUB_PERSONAL_ACCESS_TOKEN": "${GITHUB}" }\n    }\n  }\n}\n`,
    lines: [6],
    reference: /"GITHUB_PERSONAL_ACCESS_TOKEN": "\$\{input:github-personal-access-token\}"[\s\S]*"inputs": \[\n {4}\{ "type": "promptString", "id": "github-personal-access-token"/,
    client: /VS Code \(Copilot\) workspace/,
  },
  {
    path: '/repo/.vscode/mcp.json',
    text: `{\n  // JSONC\n  "inputs": [\n    { "type": "promptString", "id": "other", "password": true },\n  ],\n  "servers": {\n    "hf": { "type": "http", "url": "https://hf.co/mcp", "headers": { "Authorization": "Bearer ${HF}" } },\n  },\n}\n`,
    lines: [7],
    reference: /"id": "other", "password": true \},\n {4}\{ "type": "promptString", "id": "mcp-token"[\s\S]*"Authorization": "Bearer \$\{input:mcp-token\}"/,
    client: /VS Code \(Copilot\) workspace/,
  },
  {
    path: '/repo/.vscode/settings.json',
    text: `{\n  "editor.tabSize": 2,\n  "mcp": {\n    "servers": {\n      "gh": { "command": "docker", "args": ["run", "-i", "--rm", "-e", "GITHUB_PERSONAL_ACCESS_TOKEN=${GITHUB}", "ghcr.io/github/github-mcp-server@sha256:${'0'.repeat(64)}"] }\n    }\n  }\n}\n`,
    lines: [5],
    reference: /"mcp": \{[\s\S]*"GITHUB_PERSONAL_ACCESS_TOKEN=\$\{input:github-personal-access-token\}"[\s\S]*"inputs": \[\n {6}\{ "type": "promptString", "id": "github-personal-access-token"/,
    client: /VS Code \(Copilot\) workspace/,
  },
  {
    path: '/repo/.cursor/mcp.json',
    text: `{ "mcpServers": { "gh": { "command": "npx", "args": ["-y", "@modelcontextprotocol/server-github@2025.4.8"], "env": { "GITHUB_TOKEN": "${GITHUB}" } } } }\n`,
    lines: [1],
    reference: /"GITHUB_TOKEN": "\$\{env:GITHUB_TOKEN\}"/,
    client: /Cursor workspace/,
  },
  {
    path: '/repo/.mcp.json',
    text: `{\n  "mcpServers": {\n    "hf": { "type": "http", "url": "https://hf.co/mcp?token=${HF}" }\n  }\n}\n`,
    lines: [3],
    reference: /"url": "https:\/\/hf\.co\/mcp\?token=\$\{HF_TOKEN\}"/,
    client: /Claude Code workspace/,
  },
  {
    path: '/repo/.gemini/settings.json',
    text: `{\n  "mcpServers": {\n    "gh": { "command": "github-mcp-server", "args": ["stdio", "--token", "${GITHUB}"] }\n  }\n}\n`,
    lines: [3],
    reference: /"--token", "\$\{GITHUB_TOKEN\}"/,
    client: /Gemini CLI workspace/,
  },
  {
    path: '/Users/ana/Library/Application Support/Claude/claude_desktop_config.json',
    text: `{\n  "mcpServers": {\n    "gh": { "command": "npx", "args": ["-y", "@modelcontextprotocol/server-github@2025.4.8"], "env": { "GITHUB_PERSONAL_ACCESS_TOKEN": "${GITHUB}" } }\n  }\n}\n`,
    lines: [3],
    client: /Claude Desktop user/,
  },
  {
    path: '/repo/.codex/config.toml',
    text: `[mcp_servers.github]\ncommand = "npx"\nargs = ["-y", "@modelcontextprotocol/server-github@2025.4.8"]\nenv = { GITHUB_PERSONAL_ACCESS_TOKEN = "${GITHUB}" }\n`,
    lines: [4],
    client: /Codex CLI workspace/,
  },
];

function analyse(engine: Engine, path: string, text: string): Finding[] {
  return engine.analyze({ path, text, config: DEFAULT_CONFIG, ports: fixturePorts() }).findings;
}

function reportsAis804(finding: Finding): boolean {
  return finding.ruleId === 'AIS804' || String(finding.properties?.[ALSO_REPORTS_PROPERTY] ?? '').split(',').includes('AIS804');
}

for (const c of CASES) {
  test(`AIS804 in ${c.path.replace(/^.*\/(?=\.?[^/]+\/[^/]+$)/, '')}: one finding naming the client, with the client's reference`, async () => {
    const engine = await loadEngine();
    const findings = analyse(engine, c.path, c.text).filter(reportsAis804);
    assert.deepEqual(findings.map((f) => f.range.start.line + 1), c.lines, findings.map((f) => `${f.ruleId} ${f.message}`).join('\n'));
    const all = analyse(engine, c.path, c.text);
    // The secrets family's finding on the same token is the same finding, not a second one.
    assert.equal(all.filter((f) => f.range.start.line + 1 === c.lines[0] && (f.category === 'secrets' || f.ruleId === 'AIS804')).length, 1);
    for (const finding of findings) {
      assert.match(finding.message, c.client);
      assert.ok(!finding.message.includes(GITHUB) && !finding.message.includes(HF), 'the message holds the token');
      const fix = finding.fixes.find((f) => f.title.startsWith('Replace the literal'));
      if (!c.reference) {
        assert.equal(fix, undefined);
        continue;
      }
      assert.ok(fix, `no reference fix: ${finding.fixes.map((f) => f.title).join(', ')}`);
      assert.equal(fix.losesValue, true);
      assert.equal(fix.applicability, 'unsafe');
      const fixed = applyEdits(c.text, fix.edits);
      assert.match(fixed, c.reference);
      assert.ok(!fixed.includes(GITHUB) && !fixed.includes(HF));
      assert.equal(readConfigTree(fixed, c.path.endsWith('.toml') ? 'toml' : 'jsonc').error, undefined, fixed);
      if (!c.path.includes('.vscode')) assert.doesNotThrow(() => JSON.parse(fixed), fixed);
      else assert.ok(parseJsonc(fixed));
      assert.deepEqual(analyse(engine, c.path, fixed).filter((f) => f.category === 'secrets' || f.ruleId === 'AIS804').map((f) => f.message), []);
    }
  });
}

test('AIS804 leaves references and placeholders alone', async () => {
  const engine = await loadEngine();
  const text = `{\n  "inputs": [{ "type": "promptString", "id": "gh", "password": true }],\n  "servers": {\n    "a": { "command": "npx", "args": ["-y", "@modelcontextprotocol/server-github@2025.4.8"], "env": { "GITHUB_PERSONAL_ACCESS_TOKEN": "\${input:gh}", "HF_TOKEN": "\${env:HF_TOKEN}", "OTHER": "<your-token-here>" } },\n    "b": { "type": "http", "url": "https://api.example.com/mcp", "headers": { "Authorization": "Bearer \${input:gh}" } }\n  }\n}\n`;
  assert.deepEqual(analyse(engine, '/repo/.vscode/mcp.json', text).filter(reportsAis804).map((f) => f.message), []);
});
