/**
 * The MCP servers an assistant configuration file starts (`.vscode/mcp.json`, `.cursor/mcp.json`,
 * `.mcp.json`, Codex, Zed, Continue, ...), read with the agent-config readers: each server with the clients
 * that start it and how it runs (the package a launcher downloads, and whether it is pinned, or the remote
 * address).
 */
import { clientFileOf, describeReaders } from '../../../engine/agent-config/client-files';
import { readConfigTree } from '../../../engine/agent-config/config-tree';
import { isPinned, launchOf } from '../../../engine/agent-config/launcher';
import { argvOf, mcpServersOf } from '../../../engine/agent-config/mcp-servers';
import { TextIndex } from '../../../engine/text-index';
import type { InventoryEntry } from './types';

export function mcpInventory(path: string, text: string): InventoryEntry[] {
  const file = clientFileOf(path);
  if (!file || file.role !== 'mcp-servers') return [];
  const tree = readConfigTree(text, file.syntax);
  if (!tree.root) return [];
  const index = new TextIndex(text);
  const out: InventoryEntry[] = [];
  for (const server of mcpServersOf(tree.root, file)) {
    const position = index.positionAt(server.nameSpan.start);
    const argv = argvOf(server);
    const launch = argv.length > 0 ? launchOf(argv) : undefined;
    const launched = launch?.packages[0];
    let how: string;
    if (server.url) how = `remote ${server.url.value}`;
    else if (launched) how = `${launch.launcher} ${launched.name}${launched.pinned ? `@${launched.pinned}` : launched.spec ? `@${launched.spec}` : ''}`;
    else if (launch?.image) how = `${launch.launcher} ${launch.image.reference}`;
    else how = argv.map((t) => t.text).join(' ');
    const pinned = launched ? isPinned(launched) : launch?.image ? launch.image.pinned : undefined;
    out.push({
      kind: 'mcp-server',
      name: server.name,
      location: { path, line: position.line + 1, column: position.column + 1 },
      evidence: `${file.displayName} (${describeReaders(server.readers)})${server.disabled ? ', disabled' : ''}`,
      launch: how,
      ...(pinned !== undefined ? { pinned } : {}),
      ...(launched ? { ecosystem: launch.ecosystem === 'pypi' ? 'pypi' as const : 'npm' as const, ...(launched.pinned ? { version: launched.pinned } : {}) } : {}),
    });
  }
  return out;
}
