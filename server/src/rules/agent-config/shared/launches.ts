/**
 * The launches of an assistant configuration's MCP servers: each server's argv through the launcher model,
 * with the server it belongs to.
 */
import { launchOf } from '../../../engine/agent-config/launcher';
import type { Launch, Token } from '../../../engine/agent-config/launcher';
import { argvOf } from '../../../engine/agent-config/mcp-servers';
import type { McpServerEntry } from '../../../engine/agent-config/mcp-servers';
import type { AgentFile } from './agent-file';

export interface ServerLaunch {
  server: McpServerEntry;
  argv: Token[];
  launch: Launch;
}

/** Every server of the file that starts through a download-and-run launcher. */
export function serverLaunches(agentFile: AgentFile): ServerLaunch[] {
  const out: ServerLaunch[] = [];
  for (const server of agentFile.servers) {
    const argv = argvOf(server);
    const launch = launchOf(argv);
    if (launch) out.push({ server, argv, launch });
  }
  return out;
}
