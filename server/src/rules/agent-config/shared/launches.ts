/**
 * The launches of an assistant configuration's MCP servers. A server's `command` and `args` are an argv
 * (no shell splits them), but a `bash -c '…'` script among them, or a whole command line written into
 * `command`, is shell text: the shell model parses it, so `bash -c "npx -y pkg"` is checked like `npx -y pkg`.
 */
import { launchOf } from '../../../engine/agent-config/launcher';
import type { Launch, Token } from '../../../engine/agent-config/launcher';
import { argvOf } from '../../../engine/agent-config/mcp-servers';
import type { McpServerEntry } from '../../../engine/agent-config/mcp-servers';
import { commandsOf, parseShell, scriptFromArgv, wordFromText } from '../../../engine/shell/index';
import type { ShellScript, ShellWord } from '../../../engine/shell/index';
import type { AgentFile } from './agent-file';

export interface ServerLaunch {
  server: McpServerEntry;
  /** The words of the command that launches (the server's argv, or a command inside its shell script). */
  argv: Token[];
  launch: Launch;
  /** The launch is inside a shell script of the entry (not the entry's own argv). */
  inScript: boolean;
}

/** Every launch of the file's servers through a download-and-run launcher. */
export function serverLaunches(agentFile: AgentFile): ServerLaunch[] {
  const out: ServerLaunch[] = [];
  for (const server of agentFile.servers) {
    const own = argvOf(server);
    const launch = launchOf(own);
    if (launch) {
      out.push({ server, argv: own, launch, inScript: false });
      continue;
    }
    for (const command of commandsOf(serverScript(server)).filter((c) => c.depth > 0 || isCommandLine(server))) {
      const argv = command.words.map(tokenOfWord);
      const inner = launchOf(argv);
      if (inner) out.push({ server, argv, launch: inner, inScript: true });
    }
  }
  return out;
}

/**
 * The server as a shell script: its argv (with any `-c` script parsed), or the command line written into
 * `command` alone.
 */
export function serverScript(server: McpServerEntry): ShellScript {
  const command = server.command;
  if (command && isCommandLine(server)) {
    const exact = rawMatches(command.value, command.contentSpan.end - command.contentSpan.start);
    return parseShell(command.value, (i) => command.contentSpan.start + (exact ? i : 0));
  }
  const nodes = [...(command ? [command] : []), ...server.args];
  return scriptFromArgv(nodes.map((node) => wordFromText(node.value, (i) => node.contentSpan.start + (rawMatches(node.value, node.contentSpan.end - node.contentSpan.start) ? i : 0))));
}

/** A `command` holding a whole command line (spaces, no `args`), which the clients that use a shell split. */
function isCommandLine(server: McpServerEntry): boolean {
  return server.command !== undefined && server.args.length === 0 && /\s/.test(server.command.value.trim());
}

/** Offsets inside a string map one to one only when it has no escape sequences (its raw length equals its value's). */
function rawMatches(value: string, rawLength: number): boolean {
  return value.length === rawLength;
}

function tokenOfWord(word: ShellWord): Token {
  return { text: word.text, start: word.offsets[0] ?? word.start };
}
