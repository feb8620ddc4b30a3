/**
 * The assistant-configuration inventory (which client reads which file at which scope), the readers of
 * JSON/JSONC/TOML/YAML configuration with key spans, and the MCP server entries of each client's layout.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { clientFileOf, describeReaders } from '../../server/src/engine/agent-config/client-files';
import { formatKeyPath, readConfigTree } from '../../server/src/engine/agent-config/config-tree';
import { argvOf, mcpServersOf } from '../../server/src/engine/agent-config/mcp-servers';
import { fileKindOf } from '../../server/src/engine/file-kinds';
import { loadEngine } from '../../server/src/host/load-engine';
import { DEFAULT_CONFIG } from '../../server/src/engine/index';
import { fixturePorts } from '../helpers/ports';
import { generateKey } from '../secrets/keygen';

test('the inventory names the client and scope of each assistant file', () => {
  const cases: [string, string, string][] = [
    ['/repo/.vscode/mcp.json', 'mcp-config', 'VS Code (Copilot) workspace'],
    ['C:\\work\\repo\\.vscode\\settings.json', 'agent-settings', 'VS Code (Copilot) workspace'],
    ['/repo/.cursor/mcp.json', 'mcp-config', 'Cursor workspace'],
    ['/home/ana/.cursor/mcp.json', 'mcp-config', 'Cursor user'],
    ['/repo/.mcp.json', 'mcp-config', 'Claude Code workspace'],
    ['/repo/.claude/settings.json', 'agent-settings', 'Claude Code workspace'],
    ['/repo/.claude/settings.local.json', 'agent-settings', 'Claude Code local workspace'],
    ['/Users/ana/Library/Application Support/Claude/claude_desktop_config.json', 'mcp-config', 'Claude Desktop user'],
    ['/repo/.gemini/settings.json', 'agent-settings', 'Gemini CLI workspace'],
    ['/etc/gemini-cli/settings.json', 'agent-settings', 'Gemini CLI machine-wide'],
    ['/repo/.codex/config.toml', 'agent-settings', 'Codex CLI workspace'],
    ['/root/.codex/config.toml', 'agent-settings', 'Codex CLI user'],
    ['/home/ana/.codeium/windsurf/mcp_config.json', 'mcp-config', 'Windsurf user'],
    ['/home/ana/.vscode-server/data/User/globalStorage/saoudrizwan.claude-dev/settings/cline_mcp_settings.json', 'mcp-config', 'Cline user'],
    ['/repo/.continue/mcpServers/db.yaml', 'mcp-config', 'Continue workspace'],
    ['/repo/.zed/settings.json', 'agent-settings', 'Zed workspace'],
    ['/repo/.kiro/settings/mcp.json', 'mcp-config', 'Kiro workspace'],
    ['/repo/opencode.json', 'agent-settings', 'opencode workspace'],
    ['/home/ana/.config/Code/User/mcp.json', 'mcp-config', 'VS Code (Copilot) user'],
    ['/home/ana/.config/Code/User/settings.json', 'agent-settings', 'VS Code (Copilot) user'],
  ];
  for (const [path, kind, who] of cases) {
    const file = clientFileOf(path);
    assert.ok(file, path);
    assert.equal(file.kind, kind, path);
    assert.equal(fileKindOf(path), kind, path);
    assert.equal(describeReaders(file.readers), who, path);
  }
  // Names that only look alike stay ordinary files.
  for (const path of ['/repo/mcp.json', '/repo/settings.json', '/repo/config/.vscode-mcp.json', '/repo/my.mcp.json.bak', '/repo/config.toml']) {
    assert.equal(clientFileOf(path), undefined, path);
  }
  assert.equal(fileKindOf('/repo/mcp.json'), 'json');
});

test('servers of each client layout are read with their keys and argv offsets', () => {
  const vscode = '{\n  // comment\n  "servers": {\n    "gh": { "type": "stdio", "command": "npx", "args": ["-y", "@acme/gh-mcp"], "env": { "A": "b" } },\n    "broken": 3,\n    "web": { "type": "http", "url": "http://example.com/mcp", },\n  },\n}\n';
  const file = clientFileOf('/r/.vscode/mcp.json')!;
  const tree = readConfigTree(vscode, file.syntax);
  assert.equal(tree.error, undefined);
  const servers = mcpServersOf(tree.root!, file);
  assert.deepEqual(servers.map((s) => s.name), ['gh', 'web']);
  const argv = argvOf(servers[0]!);
  assert.deepEqual(argv.map((t) => t.text), ['npx', '-y', '@acme/gh-mcp']);
  for (const token of argv) assert.equal(vscode.slice(token.start, token.start + token.text.length), token.text);
  assert.equal(servers[1]!.url?.value, 'http://example.com/mcp');
  assert.equal(servers[0]!.keyPath, 'servers.gh');

  const codex = '[mcp_servers.fs]\ncommand = "npx"\nargs = ["-y", "@modelcontextprotocol/server-filesystem", "/"]\nenv = { TOKEN = "x" }\n\n[mcp_servers.off]\ncommand = "uvx"\nenabled = false\n';
  const codexFile = clientFileOf('/r/.codex/config.toml')!;
  const codexServers = mcpServersOf(readConfigTree(codex, 'toml').root!, codexFile);
  assert.deepEqual(codexServers.map((s) => [s.name, s.args.length, s.disabled]), [['fs', 3, false], ['off', 0, true]]);
  assert.equal(codexServers[0]!.env?.entries[0]?.key, 'TOKEN');

  const opencode = '{ "mcp": { "x": { "type": "local", "command": ["bunx", "some-mcp"], "environment": { "K": "v" } } } }';
  const openServers = mcpServersOf(readConfigTree(opencode, 'jsonc').root!, clientFileOf('/r/opencode.json')!);
  assert.deepEqual(argvOf(openServers[0]!).map((t) => t.text), ['bunx', 'some-mcp']);
  assert.equal(openServers[0]!.env?.entries[0]?.key, 'K');

  const continueYaml = 'name: db\nversion: 0.0.1\nschema: v1\nmcpServers:\n  - name: sqlite\n    command: uvx\n    args:\n      - "mcp-server-sqlite"\n';
  const continueServers = mcpServersOf(readConfigTree(continueYaml, 'yaml').root!, clientFileOf('/r/.continue/mcpServers/db.yaml')!);
  assert.equal(continueServers[0]!.name, 'sqlite');
  const yamlArgv = argvOf(continueServers[0]!);
  assert.deepEqual(yamlArgv.map((t) => t.text), ['uvx', 'mcp-server-sqlite']);
  for (const token of yamlArgv) assert.equal(continueYaml.slice(token.start, token.start + token.text.length), token.text);

  const claudeUser = '{ "mcpServers": { "a": { "command": "node" } }, "projects": { "/p": { "mcpServers": { "b": { "url": "https://x" } } } } }';
  const claudeServers = mcpServersOf(readConfigTree(claudeUser, 'json').root!, clientFileOf('/home/u/.claude.json')!);
  assert.deepEqual(claudeServers.map((s) => s.keyPath), ['mcpServers.a', 'projects./p.mcpServers.b']);

  const windsurf = '{ "mcpServers": { "r": { "serverUrl": "http://10.0.0.2/mcp" } } }';
  const windsurfServers = mcpServersOf(readConfigTree(windsurf, 'json').root!, clientFileOf('/home/u/.codeium/windsurf/mcp_config.json')!);
  assert.equal(windsurfServers[0]!.urlKey, 'serverUrl');
});

test('a malformed file gives one error with its offset and the key it lies in; siblings survive', () => {
  const text = '{\n  "servers": {\n    "a": { "command": "npx", "args": ["-y" "pkg"] },\n    "b": { "command": "uvx" }\n  }\n}\n';
  const tree = readConfigTree(text, 'jsonc');
  assert.ok(tree.error);
  assert.equal(text.slice(tree.error.offset, tree.error.offset + 5), '"pkg"');
  assert.equal(formatKeyPath(tree.error.keyPath), 'servers.a.args[1]');
  assert.match(tree.error.message, /comma/i);
  const servers = mcpServersOf(tree.root!, clientFileOf('/r/.vscode/mcp.json')!);
  assert.deepEqual(servers.map((s) => s.name), ['a', 'b']);

  const toml = '[mcp_servers.fs]\ncommand = "npx\nargs = []\n';
  const tomlTree = readConfigTree(toml, 'toml');
  assert.ok(tomlTree.error);
  assert.equal(formatKeyPath(tomlTree.error.keyPath), 'mcp_servers.fs');

  const deep = `{"servers": ${'['.repeat(50_000)}${']'.repeat(50_000)}}`;
  const deepTree = readConfigTree(deep, 'json');
  assert.match(deepTree.error?.message ?? '', /nests deeper than 512/);
  assert.equal(readConfigTree('[1, 2]', 'json').error?.message, 'The file must contain a JSON object.');
});

test('rules that ran on JSON still run on assistant files: a literal token in .vscode/mcp.json is a secrets finding', async () => {
  const engine = await loadEngine();
  const token = generateKey('github');
  const text = `{\n  "servers": {\n    "github": {\n      "command": "npx",\n      "env": { "GITHUB_PERSONAL_ACCESS_TOKEN": "${token}" }\n    }\n  }\n}\n`;
  for (const path of ['/repo/.vscode/mcp.json', '/repo/.claude/settings.json', '/repo/mcp.json']) {
    const result = engine.analyze({ path, text, config: DEFAULT_CONFIG, ports: fixturePorts() });
    const secret = result.findings.find((f) => f.category === 'secrets');
    assert.ok(secret, `${path}: ${result.findings.map((f) => f.ruleId).join(', ')}`);
    assert.equal(secret.range.start.line, 4);
  }
  const toml = `[mcp_servers.github]\ncommand = "npx"\nenv = { GITHUB_TOKEN = "${token}" }\n`;
  const codex = engine.analyze({ path: '/repo/.codex/config.toml', text: toml, config: DEFAULT_CONFIG, ports: fixturePorts() });
  assert.ok(codex.findings.some((f) => f.category === 'secrets' && f.range.start.line === 2));
});
