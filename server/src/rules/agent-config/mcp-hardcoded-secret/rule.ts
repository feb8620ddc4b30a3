/**
 * AIS804 mcp-hardcoded-secret: a literal token in an MCP server's `env`, `headers`, `args` or URL. What
 * counts as a token is the secrets scanner's (the provider table, then context and generic assignments);
 * this rule adds who reads the file and the client's own way to refer to a secret. The secrets family
 * reports the same token; both findings are combined into one.
 */
import type { Fix, Severity, TextEdit } from '../../../engine/finding';
import { defineRule, type RuleMeta, type TextContext } from '../../../engine/rule';
import { redactSecret } from '../../../engine/secrets/redact';
import type { StringNode } from '../../../engine/manifests/tree';
import type { McpServerEntry } from '../../../engine/agent-config/mcp-servers';
import { scanText } from '../../secrets/scanner';
import { PROVIDER_BY_ID } from '../../secrets/providers';
import { envVarFromName } from '../../secrets/names';
import { ASSISTANT_CONFIG_SECRET_KEY } from '../../secrets/checker';
import type { Candidate } from '../../secrets/candidate';
import { AGENT_CONFIG_KINDS, agentFileOf, disabledNote, lowerSeverity, startedBy } from '../shared/agent-file';
import type { AgentFile } from '../shared/agent-file';
import { declareInputEdit, referenceFor } from '../shared/secret-references';


const META: RuleMeta = {
  id: 'AIS804',
  name: 'mcp-hardcoded-secret',
  title: 'Literal secret in an MCP server configuration',
  category: 'agent-config',
  fileKinds: AGENT_CONFIG_KINDS,
  severity: 'error',
  confidence: 'high',
  cwe: ['CWE-798'],
  message: '{{detail}}',
  fixAvailability: 'sometimes',
  docs: {
    whatItDoes: 'Flags API keys and tokens written literally into an MCP server entry: `env` values, `headers` (also `Authorization: Bearer …`), `args` and the server URL, in every client file shape. A token is what the secrets scanner recognises (provider formats, then names such as `API_KEY` with a random value). The message says which client reads the file and how that client refers to a secret.',
    whyIsThisBad: 'MCP configuration files are committed, shared in chats and copied between machines; public repositories hold tens of thousands of tokens in `mcp.json` and `claude_desktop_config.json`. A committed token must be treated as leaked.',
    example: '{\n  "servers": {\n    "github": {\n      "command": "npx",\n      "args": ["-y", "@modelcontextprotocol/server-github@2025.4.8"],\n      "env": { "GITHUB_PERSONAL_ACCESS_TOKEN": "ghp_…" }\n    }\n  }\n}\n',
    useInstead: '{\n  "inputs": [{ "type": "promptString", "id": "github-personal-access-token", "description": "GitHub token", "password": true }],\n  "servers": {\n    "github": {\n      "command": "npx",\n      "args": ["-y", "@modelcontextprotocol/server-github@2025.4.8"],\n      "env": { "GITHUB_PERSONAL_ACCESS_TOKEN": "${input:github-personal-access-token}" }\n    }\n  }\n}\n',
    fixSafety: 'The fix replaces the literal with the client\'s reference: `${input:id}` plus a password `inputs` entry for VS Code (VS Code asks once and keeps the answer in its secret storage), `${env:NAME}` for Cursor, `${NAME}` for Claude Code and Gemini CLI; clients without a documented reference get no fix. It is unsafe and never applied in bulk: the value is removed from the file, so set the variable (or answer the prompt) before the next start, and rotate the key, which was exposed.',
    references: ['https://cwe.mitre.org/data/definitions/798.html', 'https://code.visualstudio.com/docs/copilot/reference/mcp-configuration#_input-variables-for-sensitive-data', 'https://docs.anthropic.com/en/docs/claude-code/mcp', 'https://github.com/google-gemini/gemini-cli/blob/main/docs/reference/configuration.md'],
  },
};

interface Slot {
  node: StringNode;
  /** Where the value sits, for the message (`env` `GITHUB_TOKEN`, a header, an argument, the URL). */
  where: string;
  /** The variable the value belongs in. */
  name?: string;
}

export default defineRule(META, {
  kind: 'text',
  check(ctx) {
    const agentFile = agentFileOf(ctx);
    if (!agentFile || agentFile.servers.length === 0) return;
    const candidates = scanText(ctx.text, 'text').filter((c) => c.tier > 0);
    if (candidates.length === 0) return;
    for (const server of agentFile.servers) {
      for (const slot of slotsOf(server)) {
        const { start, end } = slot.node.contentSpan;
        for (const candidate of candidates) {
          if (candidate.start < start || candidate.end > end) continue;
          report(ctx, agentFile, server, slot, candidate);
        }
      }
    }
  },
});

function slotsOf(server: McpServerEntry): Slot[] {
  const slots: Slot[] = [];
  for (const entry of server.env?.entries ?? []) if (entry.value.type === 'string') slots.push({ node: entry.value, where: `the environment variable \`${entry.key}\``, name: /^[A-Za-z_][A-Za-z0-9_]*$/.test(entry.key) ? entry.key : undefined });
  for (const entry of server.headers?.entries ?? []) if (entry.value.type === 'string') slots.push({ node: entry.value, where: `the header \`${entry.key}\``, name: headerVariable(entry.key) });
  // `-e NAME=value` (docker) and `--env NAME=value` name their variable.
  for (const arg of server.args) slots.push({ node: arg, where: 'an argument', name: /^([A-Za-z_][A-Za-z0-9_]*)=/.exec(arg.value)?.[1] });
  if (server.url) slots.push({ node: server.url, where: 'the URL' });
  return slots;
}

function headerVariable(header: string): string | undefined {
  if (/^(authorization|proxy-authorization)$/i.test(header)) return 'MCP_TOKEN';
  const fromName = envVarFromName(header);
  return fromName && /^[A-Z_][A-Z0-9_]*$/.test(fromName) ? fromName : undefined;
}

function report(ctx: TextContext, agentFile: AgentFile, server: McpServerEntry, slot: Slot, candidate: Candidate): void {
  const provider = PROVIDER_BY_ID.get(candidate.ruleId);
  const name = slot.name ?? provider?.envVar ?? 'MCP_SECRET';
  const what = provider ? `${provider.provider} ${candidate.label ?? provider.secretKind}` : 'A secret';
  const severity: Severity = candidate.severity ?? provider?.severity ?? 'warning';
  const references = server.readers.map((reader) => referenceFor(reader.client, name)).filter((r): r is string => r !== undefined);
  const advice = references.length > 0 ? ` Refer to it as ${[...new Set(references)].map((r) => `\`${r}\``).join(' or ')} instead, and rotate the key.` : ' Move it out of the file (this client documents no variable reference) and rotate the key.';
  ctx.report({
    ruleId: META.id,
    range: ctx.rangeOf(candidate.start, candidate.end),
    severity: server.disabled ? lowerSeverity(severity) : severity,
    data: { detail: `${what} ${redactSecret(candidate.value)} is written into ${slot.where} of this server. ${startedBy(server, agentFile.file)}.${advice}${disabledNote(server)}` },
    fixes: referenceFix(ctx, agentFile, server, candidate, name),
    fingerprintSeed: `${META.id}:${server.keyPath}:${candidate.ruleId}:${redactSecret(candidate.value)}`,
    combine: { key: ASSISTANT_CONFIG_SECRET_KEY, problem: `${startedBy(server, agentFile.file)}; ${references.length > 0 ? `the client's reference is ${references[0]}` : 'the client documents no variable reference'}` },
  });
}

/** The fix for the first reader that has a reference syntax (the file's clients share one layout). */
function referenceFix(ctx: TextContext, agentFile: AgentFile, server: McpServerEntry, candidate: Candidate, name: string): Fix[] {
  if (ctx.text.slice(candidate.start, candidate.end) !== candidate.value) return [];
  const reader = server.readers.find((r) => referenceFor(r.client, name) !== undefined);
  if (!reader) return [];
  const reference = referenceFor(reader.client, name)!;
  const edits: TextEdit[] = [{ range: ctx.rangeOf(candidate.start, candidate.end), newText: reference }];
  if (reader.client === 'vscode') {
    const declare = declareInputEdit(ctx, agentFile, reader, name, `${name} for the ${server.name} MCP server`);
    if (declare === undefined) return [];
    if (declare) edits.push(declare);
  }
  return [{ title: `Replace the literal with ${reference}`, applicability: 'unsafe', edits, losesValue: true }];
}
