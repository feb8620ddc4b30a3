/**
 * What every agent-config rule needs from the analysed file: its inventory entry (who reads it, at which
 * scope), its value tree and its MCP servers. The file is read once per text and shared by the rules of
 * one analysis (the last text is kept; rules of one file run one after another).
 */
import type { Severity } from '../../../engine/finding';
import type { TextContext } from '../../../engine/rule';
import { clientFileOf, describeReaders } from '../../../engine/agent-config/client-files';
import type { ClientFile, ClientFileReader } from '../../../engine/agent-config/client-files';
import { readConfigTree } from '../../../engine/agent-config/config-tree';
import type { ConfigTree } from '../../../engine/agent-config/config-tree';
import { mcpServersOf } from '../../../engine/agent-config/mcp-servers';
import type { McpServerEntry } from '../../../engine/agent-config/mcp-servers';

export interface AgentFile {
  file: ClientFile;
  tree: ConfigTree;
  servers: McpServerEntry[];
}

/** The kinds of files the agent-config rules read. */
export const AGENT_CONFIG_KINDS = ['mcp-config', 'agent-settings'] as const;

let cached: { path: string; text: string; value: AgentFile | undefined } | undefined;

/** The analysed file as an assistant configuration, or undefined when no assistant reads such a path. */
export function agentFileOf(ctx: Pick<TextContext, 'path' | 'text'>): AgentFile | undefined {
  if (cached && cached.path === ctx.path && cached.text === ctx.text) return cached.value;
  const file = clientFileOf(ctx.path);
  let value: AgentFile | undefined;
  if (file) {
    const tree = readConfigTree(ctx.text, file.syntax);
    value = { file, tree, servers: tree.root ? mcpServersOf(tree.root, file) : [] };
  }
  cached = { path: ctx.path, text: ctx.text, value };
  return value;
}

/** "VS Code (Copilot) workspace starts `servers.gh` from .vscode/mcp.json": who honours this server. */
export function startedBy(server: McpServerEntry, file: ClientFile): string {
  return `${describeReaders(server.readers)} configuration starts this server (\`${server.keyPath}\` in ${file.displayName})`;
}

/** Who honours a key of the file (all its readers). */
export function honouredBy(file: ClientFile, readers: readonly ClientFileReader[] = file.readers): string {
  return `${describeReaders(readers)} configuration (${file.displayName})`;
}

const LOWER: Readonly<Record<Severity, Severity>> = { error: 'warning', warning: 'info', info: 'info' };

/**
 * Severity by who is exposed: a server the file switches off is only information; everything else keeps
 * the rule's severity (a committed workspace file reaches every developer who opens the repository, a user
 * file every project of that user).
 */
export function serverSeverity(server: McpServerEntry, base: Severity): Severity {
  return server.disabled ? LOWER[base] : base;
}

/** One level lower. */
export function lowerSeverity(severity: Severity): Severity {
  return LOWER[severity];
}

/** A sentence ending for a disabled server, so the message says why its severity is lower. */
export function disabledNote(server: McpServerEntry): string {
  return server.disabled ? ' The server is disabled in this file, so it does not start until someone enables it.' : '';
}
