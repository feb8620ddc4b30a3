/**
 * AIS808 mcp-plaintext-remote: a remote MCP server reached over `http://` (the `url`, `serverUrl` or
 * `httpUrl` key, or the address given to the `mcp-remote` bridge), so tool calls, results and bearer tokens
 * cross the network in clear text.
 */
import type { Fix } from '../../../engine/finding';
import { defineRule, type RuleMeta, type TextContext } from '../../../engine/rule';
import type { McpServerEntry } from '../../../engine/agent-config/mcp-servers';
import { AGENT_CONFIG_KINDS, agentFileOf, disabledNote, serverSeverity, startedBy } from '../shared/agent-file';
import type { AgentFile } from '../shared/agent-file';
import { serverLaunches } from '../shared/launches';

const META: RuleMeta = {
  id: 'AIS808',
  name: 'mcp-plaintext-remote',
  title: 'Remote MCP server over plain HTTP',
  category: 'agent-config',
  fileKinds: AGENT_CONFIG_KINDS,
  severity: 'warning',
  confidence: 'high',
  cwe: ['CWE-319'],
  message: '{{detail}}',
  fixAvailability: 'sometimes',
  docs: {
    whatItDoes: 'Flags remote MCP servers whose address starts with `http://`: the `url` key (VS Code, Cursor, Claude Code, Codex and others), Windsurf\'s `serverUrl`, Gemini CLI\'s `httpUrl`, and the URL argument of the `mcp-remote` bridge. Loopback addresses (`localhost`, `127.0.0.0/8`, `[::1]`) are information in the `audit` profile only (an editor hint by default): a local development server is how most such entries are used, and only other users of a shared machine could read its traffic.',
    whyIsThisBad: 'Everything the assistant sends the server (file contents, prompts, tool arguments), every result it reads back, and the `Authorization` header travel unencrypted: anyone on the network path (café Wi-Fi, a proxy, a compromised router) can read them, steal the token, or change the tool descriptions and results the model acts on.',
    example: '{\n  "servers": {\n    "docs": { "type": "http", "url": "http://mcp.example.com/mcp", "headers": { "Authorization": "Bearer ${input:docs-token}" } }\n  }\n}\n',
    useInstead: '{\n  "servers": {\n    "docs": { "type": "http", "url": "https://mcp.example.com/mcp", "headers": { "Authorization": "Bearer ${input:docs-token}" } }\n  }\n}\n',
    fixSafety: 'The fix changes `http://` to `https://`. It is unsafe: the server must answer on HTTPS at that address (often another port).',
    references: ['https://cwe.mitre.org/data/definitions/319.html', 'https://modelcontextprotocol.io/specification/2025-06-18/basic/security_best_practices'],
  },
};

export default defineRule(META, {
  kind: 'text',
  keywords: ['http://'],
  check(ctx) {
    const agentFile = agentFileOf(ctx);
    if (!agentFile) return;
    for (const server of agentFile.servers) {
      if (server.url) report(ctx, agentFile, server, server.url.value, server.url.contentSpan.start, `\`${server.urlKey}\``);
    }
    for (const { server, launch, argv } of serverLaunches(agentFile)) {
      if (launch.packages[0]?.name !== 'mcp-remote') continue;
      const address = argv.slice(launch.programArgsIndex).find((token) => /^https?:\/\//i.test(token.text));
      if (address) report(ctx, agentFile, server, address.text, address.start, 'The `mcp-remote` address');
    }
  },
});

function report(ctx: TextContext, agentFile: AgentFile, server: McpServerEntry, url: string, start: number, where: string): void {
  const match = /^http:\/\/(\[[^\]]*\]|[^/:?#]*)/i.exec(url);
  if (!match) return;
  const host = match[1]!.toLowerCase();
  const loopback = host === 'localhost' || /^127\.\d+\.\d+\.\d+$/.test(host) || host === '[::1]' || host.endsWith('.localhost');
  const withToken = server.headers && server.headers.entries.length > 0 ? ', including its headers' : '';
  const fixes: Fix[] = ctx.text.slice(start, start + 7).toLowerCase() === 'http://' ? [{ title: 'Use https://', applicability: 'unsafe', edits: [{ range: ctx.rangeOf(start, start + 7), newText: 'https://' }] }] : [];
  ctx.report({
    ruleId: META.id,
    range: ctx.rangeOf(start, start + url.length),
    severity: loopback ? 'info' : serverSeverity(server, META.severity),
    // Plain http on this machine is how local development servers run; it is worth a look only on a shared host.
    ...(loopback ? { advisory: true } : {}),
    data: {
      detail: loopback
        ? `${where} reaches a server on this machine over plain http://; other local processes and users can read or answer it. ${startedBy(server, agentFile.file)}.`
        : `${where} sends every tool call and result to ${host} unencrypted${withToken}: anyone on the network path can read them or change the answers. ${startedBy(server, agentFile.file)}.${disabledNote(server)}`,
    },
    fixes: loopback ? [] : fixes,
    fingerprintSeed: `${META.id}:${server.keyPath}:${host}`,
  });
}
