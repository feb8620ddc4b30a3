/**
 * AIS809 mcp-filesystem-root-too-broad: the reference filesystem MCP server given `/`, the home folder or a
 * whole drive as an allowed directory, which puts SSH keys, cloud credentials and every `.env` in reach of
 * whoever steers the assistant.
 */
import type { Fix } from '../../../engine/finding';
import { defineRule, type RuleMeta } from '../../../engine/rule';
import { AGENT_CONFIG_KINDS, agentFileOf, disabledNote, serverSeverity, startedBy } from '../shared/agent-file';
import { serverLaunches } from '../shared/launches';

const META: RuleMeta = {
  id: 'AIS809',
  name: 'mcp-filesystem-root-too-broad',
  title: 'Filesystem MCP server rooted at / or the home folder',
  category: 'agent-config',
  fileKinds: AGENT_CONFIG_KINDS,
  severity: 'warning',
  confidence: 'high',
  cwe: ['CWE-552', 'CWE-732'],
  message: '{{detail}}',
  fixAvailability: 'sometimes',
  docs: {
    whatItDoes: 'Flags the reference filesystem server (`@modelcontextprotocol/server-filesystem`, started with `npx`, `bunx`, `pnpm dlx` or another launcher) when one of its allowed directories is `/`, a whole drive (`C:\\`), `/home`, `/Users`, `/root`, or the user\'s home folder (`~`, `$HOME`, `${userHome}`, `%USERPROFILE%`, `/home/<name>`, `/Users/<name>`, `C:\\Users\\<name>`).',
    whyIsThisBad: 'The server reads and writes whatever lies under its allowed directories. Rooted at the disk or the home folder, one injected instruction in a web page or an issue can make the assistant read `~/.ssh`, `~/.aws/credentials` or any project\'s `.env` and send it away, or change shell start-up files. The server\'s own path checks have also been bypassed before (CVE-2025-53110, CVE-2025-53109).',
    example: '{\n  "servers": {\n    "files": { "command": "npx", "args": ["-y", "@modelcontextprotocol/server-filesystem@2025.8.21", "${userHome}"] }\n  }\n}\n',
    useInstead: '{\n  "servers": {\n    "files": { "command": "npx", "args": ["-y", "@modelcontextprotocol/server-filesystem@2025.8.21", "${workspaceFolder}"] }\n  }\n}\n',
    fixSafety: 'In VS Code and Cursor files, the fix replaces the directory with `${workspaceFolder}`. It is unsafe: the server no longer sees files outside the workspace.',
    references: ['https://cwe.mitre.org/data/definitions/552.html', 'https://github.com/modelcontextprotocol/servers/tree/main/src/filesystem', 'https://nvd.nist.gov/vuln/detail/CVE-2025-53110'],
  },
};

const FILESYSTEM_SERVERS = new Set(['@modelcontextprotocol/server-filesystem']);
/** Clients that expand `${workspaceFolder}` in `args`. */
const WORKSPACE_FOLDER_CLIENTS = new Set(['vscode', 'cursor']);

export default defineRule(META, {
  kind: 'text',
  keywords: ['server-filesystem'],
  check(ctx) {
    const agentFile = agentFileOf(ctx);
    if (!agentFile) return;
    for (const { server, launch, argv } of serverLaunches(agentFile)) {
      if (!launch.packages.some((dep) => FILESYSTEM_SERVERS.has(dep.name))) continue;
      for (const token of argv.slice(launch.programArgsIndex)) {
        const what = broadRoot(token.text);
        if (!what) continue;
        const canFix = server.readers.every((r) => WORKSPACE_FOLDER_CLIENTS.has(r.client)) && ctx.text.slice(token.start, token.start + token.text.length) === token.text;
        const fixes: Fix[] = canFix ? [{ title: 'Allow only ${workspaceFolder}', applicability: 'unsafe', edits: [{ range: ctx.rangeOf(token.start, token.start + token.text.length), newText: '${workspaceFolder}' }] }] : [];
        ctx.report({
          ruleId: META.id,
          range: ctx.rangeOf(token.start, token.start + token.text.length),
          severity: serverSeverity(server, META.severity),
          data: { detail: `The filesystem server may read and write ${what}: SSH keys, cloud credentials and every project's .env are one prompt injection away. ${startedBy(server, agentFile.file)}.${disabledNote(server)}` },
          fixes,
          fingerprintSeed: `${META.id}:${server.keyPath}:${token.text}`,
        });
      }
    }
  },
});

/** What an allowed directory exposes when it is the disk, the users' folders or a home folder. */
function broadRoot(argument: string): string | undefined {
  const path = argument.replace(/\\/g, '/').replace(/(.)\/+$/, '$1');
  if (path === '/' || /^[A-Za-z]:\/?$/.test(path)) return 'the whole disk';
  if (/^(?:\/home|\/Users|[A-Za-z]:\/Users)$/i.test(path)) return 'every user\'s home folder';
  if (/^(?:~|\$HOME|\$\{HOME\}|\$\{env:HOME\}|\$\{env:USERPROFILE\}|\$\{userHome\}|%USERPROFILE%|%HOMEPATH%|\/root|\/home\/[^/]+|\/Users\/[^/]+|[A-Za-z]:\/Users\/[^/]+)$/i.test(path)) return 'the whole home folder';
  return undefined;
}
