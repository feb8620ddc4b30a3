/**
 * The editor sees every assistant file the engine reads: each selector glob names a file of the inventory,
 * the workspace files activate the extension (`workspaceContains:`), and the client's document selector
 * uses the same list. Suppression comments follow each file's syntax (JSONC `//`, TOML/YAML `#`, none in JSON).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ASSISTANT_CONFIG_GLOBS, clientFileOf } from '../../server/src/engine/agent-config/client-files';
import { commentStyle, ignoreOnLineEdit } from '../../server/src/lsp/suppress-edits';
import { fileKindOf } from '../../server/src/engine/file-kinds';
import { loadEngine } from '../../server/src/host/load-engine';
import { DEFAULT_CONFIG } from '../../server/src/engine/index';
import { fixturePorts } from '../helpers/ports';

const REPO = join(__dirname, '..', '..');

test('every selector glob names an inventory file, and workspace files activate the extension', () => {
  const pkg = JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8')) as { activationEvents: string[] };
  for (const { glob, example, workspace } of ASSISTANT_CONFIG_GLOBS) {
    assert.ok(clientFileOf(`/home/x/projects/${example}`), `${glob}: its example ${example} is not in the inventory`);
    const tail = glob.replace(/^\*\*\//, '');
    assert.equal(pkg.activationEvents.includes(`workspaceContains:${tail}`), workspace, `${glob}: activation event`);
  }
  const client = readFileSync(join(REPO, 'client', 'src', 'client.ts'), 'utf8');
  assert.match(client, /ASSISTANT_CONFIG_GLOBS\.map\(\(\{ glob \}\) => \(\{ scheme: 'file', pattern: glob \}\)\)/);
});

test('suppression comments follow the file syntax of assistant configuration, and the engine honours them', async () => {
  assert.deepEqual(commentStyle('mcp-config', '/r/.vscode/mcp.json'), { open: '// ', close: '' });
  assert.deepEqual(commentStyle('agent-settings', '/r/.codex/config.toml'), { open: '# ', close: '' });
  assert.deepEqual(commentStyle('mcp-config', '/r/.continue/mcpServers/a.yaml'), { open: '# ', close: '' });
  assert.equal(commentStyle('mcp-config', '/r/.mcp.json'), undefined);
  const text = '{\n  "servers": {\n    "a": { "command": "npx", "args": ["-y", "x"] }\n  }\n}\n';
  const edit = ignoreOnLineEdit(text, fileKindOf('/r/.vscode/mcp.json')!, 2, 'AIS802', '/r/.vscode/mcp.json');
  assert.equal(edit?.newText, '    // aisec: ignore[AIS802]\n');
  assert.equal(ignoreOnLineEdit(text, 'mcp-config', 2, 'AIS802', '/r/.mcp.json'), undefined);
  const engine = await loadEngine();
  const lines = text.split('\n');
  lines.splice(2, 0, edit!.newText.trimEnd());
  const before = engine.analyze({ path: '/r/.vscode/mcp.json', text, config: DEFAULT_CONFIG, ports: fixturePorts() });
  const after = engine.analyze({ path: '/r/.vscode/mcp.json', text: lines.join('\n'), config: DEFAULT_CONFIG, ports: fixturePorts() });
  assert.deepEqual(before.findings.map((f) => f.ruleId), ['AIS802']);
  assert.deepEqual(after.findings.map((f) => f.ruleId), []);
});
