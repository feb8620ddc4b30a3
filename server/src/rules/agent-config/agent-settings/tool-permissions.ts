/**
 * Reads one allow-list entry of an assistant's tool permissions (Claude Code `Bash(npm test:*)`,
 * `WebFetch(domain:x)`; Cursor CLI `Shell(git)`; Gemini `run_shell_command(git)`; the `allowed-tools` of
 * skills and commands) and says whether it approves any shell command, any code in an interpreter, or
 * network access to any host. Entries scoped to one harmless command are not reported.
 */

export type PermissionRisk =
  /** Any shell command: `Bash`, `Bash(*)`, `Shell(**)`, bare `run_shell_command`, or a shell with any arguments. */
  | { kind: 'shell-wildcard'; command?: string }
  /** An interpreter with any arguments (`python -c` runs anything). */
  | { kind: 'interpreter'; command: string }
  /** A network tool with any arguments, or fetching from any domain. */
  | { kind: 'network'; command: string };

const SHELL_TOOLS = new Set(['bash', 'shell', 'run_shell_command', 'run_terminal_cmd', 'terminal']);
const SHELLS = new Set(['bash', 'sh', 'zsh', 'fish', 'dash', 'ksh', 'eval', 'exec', 'xargs', 'env', 'sudo', 'source', 'cmd', 'cmd.exe', 'powershell', 'pwsh']);
const INTERPRETERS = new Set(['python', 'python3', 'python2', 'node', 'deno', 'bun', 'ruby', 'perl', 'php', 'npx', 'uvx', 'bunx', 'osascript']);
const NETWORK = new Set(['curl', 'wget', 'nc', 'ncat', 'netcat', 'ssh', 'scp', 'sftp', 'rsync', 'ftp', 'telnet', 'socat', 'http', 'httpie', 'invoke-webrequest', 'iwr']);
const FETCH_TOOLS = new Set(['webfetch', 'web_fetch', 'fetch']);

/** The risk of one allow-list entry, or undefined when it is scoped to something narrower. */
export function permissionRisk(entry: string): PermissionRisk | undefined {
  const match = /^\s*([A-Za-z_][\w.-]*)\s*(?:\((.*)\))?\s*$/s.exec(entry);
  if (!match) return undefined;
  const tool = match[1].toLowerCase();
  const argument = match[2]?.trim();
  if (FETCH_TOOLS.has(tool)) {
    if (argument === undefined || argument === '' || argument === '*' || /^domain:\s*\*$/.test(argument)) return { kind: 'network', command: entry.trim() };
    return undefined;
  }
  if (!SHELL_TOOLS.has(tool)) return undefined;
  if (argument === undefined || argument === '' || /^[*:\s]+$/.test(argument)) return { kind: 'shell-wildcard' };
  const command = firstWordOf(argument);
  if (!command || !anyArguments(argument, command)) return undefined;
  if (SHELLS.has(command)) return { kind: 'shell-wildcard', command };
  if (INTERPRETERS.has(command)) return { kind: 'interpreter', command };
  if (NETWORK.has(command)) return { kind: 'network', command };
  return undefined;
}

/** Splits `Bash(git add:*), Read, WebFetch` at the commas outside parentheses. */
export function splitToolList(text: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '(') depth++;
    else if (c === ')') depth = Math.max(0, depth - 1);
    else if ((c === ',' || c === ' ') && depth === 0) {
      if (text.slice(start, i).trim()) out.push(text.slice(start, i).trim());
      start = i + 1;
    }
  }
  if (text.slice(start).trim()) out.push(text.slice(start).trim());
  return out;
}

/** `curl:*` → curl; `python3 *` → python3; `/usr/bin/bash` → bash. */
function firstWordOf(argument: string): string | undefined {
  const word = /^[^\s:]+/.exec(argument)?.[0];
  if (!word) return undefined;
  return word.slice(word.lastIndexOf('/') + 1).toLowerCase();
}

/** True when the entry lets the command take any arguments (`curl:*`, `curl *`, a bare `curl` in Cursor and Gemini). */
function anyArguments(argument: string, command: string): boolean {
  const rest = argument.slice(argument.toLowerCase().indexOf(command) + command.length).trim();
  return rest === '' || rest === ':*' || rest === '*' || rest === ':**' || rest === '**';
}
