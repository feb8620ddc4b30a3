/**
 * AIS810 mcp-auto-trust: configuration that lets MCP servers or their tools run without the user's consent:
 * Gemini CLI `trust: true` on a server, Cline `autoApprove`/`alwaysAllow` lists, and Claude Code
 * `enableAllProjectMcpServers` / `enabledMcpjsonServers` in settings that a repository can carry.
 */
import type { Fix, Severity } from '../../../engine/finding';
import { defineRule, type RuleMeta, type TextContext } from '../../../engine/rule';
import { asArray, entryOf, valueAt } from '../../../engine/manifests/tree';
import type { ObjectEntry } from '../../../engine/manifests/tree';
import type { ClientFileReader } from '../../../engine/agent-config/client-files';
import { AGENT_CONFIG_KINDS, agentFileOf, disabledNote, honouredBy, lowerSeverity, startedBy } from '../shared/agent-file';
import type { AgentFile } from '../shared/agent-file';
import { removeItemsEdit } from '../shared/args-edits';

const META: RuleMeta = {
  id: 'AIS810',
  name: 'mcp-auto-trust',
  title: 'MCP servers or tools trusted without asking',
  category: 'agent-config',
  fileKinds: AGENT_CONFIG_KINDS,
  severity: 'error',
  confidence: 'high',
  cwe: ['CWE-862', 'CWE-306'],
  message: '{{detail}}',
  fixAvailability: 'sometimes',
  docs: {
    whatItDoes: 'Flags settings that skip the consent step for MCP servers or their tools: Gemini CLI `"trust": true` on a server (every tool call runs without confirmation), Cline `autoApprove` / `alwaysAllow` tool lists, and Claude Code `enableAllProjectMcpServers: true` or an `enabledMcpjsonServers` list in `.claude/settings.json` (committed: the repository approves its own `.mcp.json` servers) or in the user\'s settings (every repository\'s servers start unasked). The severity follows the scope: an error where a repository decides for everyone who opens it, a warning for a user\'s own or local files.',
    whyIsThisBad: 'The confirmation prompt is the last point where a person sees the command or the tool call before it runs. Without it, a prompt injection in a web page or an issue drives the tools directly, and a repository that pre-approves its own servers runs their commands on every developer\'s machine the moment the folder is opened with the assistant.',
    example: '// .claude/settings.json (committed)\n{\n  "enableAllProjectMcpServers": true\n}\n',
    useInstead: '// .claude/settings.json: approve servers per person when Claude Code asks\n{\n  "permissions": { "allow": ["mcp__github__get_issue"] }\n}\n',
    fixSafety: 'The fix removes the key (or sets Gemini `trust` to `false`). It is unsafe: the client asks again before starting servers or running their tools.',
    references: ['https://cwe.mitre.org/data/definitions/862.html', 'https://github.com/google-gemini/gemini-cli/blob/main/docs/reference/configuration.md', 'https://docs.anthropic.com/en/docs/claude-code/settings', 'https://nvd.nist.gov/vuln/detail/CVE-2025-59536'],
  },
};

export default defineRule(META, {
  kind: 'text',
  keywords: ['trust', 'autoApprove', 'alwaysAllow', 'enableAllProjectMcpServers', 'enabledMcpjsonServers'],
  check(ctx) {
    const agentFile = agentFileOf(ctx);
    if (!agentFile) return;
    checkServers(ctx, agentFile);
    checkClaudeSettings(ctx, agentFile);
  },
});

function checkServers(ctx: TextContext, agentFile: AgentFile): void {
  for (const server of agentFile.servers) {
    const clients = new Set(server.readers.map((r) => r.client));
    const trust = entryOf(server.node, 'trust');
    if (clients.has('gemini-cli') && trust?.value.type === 'boolean' && trust.value.value) {
      ctx.report({
        ruleId: META.id,
        range: ctx.rangeOf(trust.span.start, trust.span.end),
        severity: server.disabled ? lowerSeverity('error') : 'error',
        data: { detail: `\`"trust": true\` makes Gemini CLI run every tool of this server without asking. ${startedBy(server, agentFile.file)}.${disabledNote(server)}` },
        fixes: [{ title: 'Set "trust" to false', applicability: 'unsafe', edits: [{ range: ctx.rangeOf(trust.value.span.start, trust.value.span.end), newText: 'false' }] }],
        fingerprintSeed: `${META.id}:${server.keyPath}:trust`,
      });
    }
    for (const key of ['autoApprove', 'alwaysAllow']) {
      const entry = entryOf(server.node, key);
      const tools = asArray(entry?.value)?.items.filter((item) => item.type === 'string').map((item) => (item as { value: string }).value) ?? [];
      if (!entry || tools.length === 0) continue;
      const all = tools.includes('*');
      const severity: Severity = all ? 'error' : 'warning';
      ctx.report({
        ruleId: META.id,
        range: ctx.rangeOf(entry.span.start, entry.span.end),
        severity: server.disabled ? lowerSeverity(severity) : severity,
        data: { detail: `\`${key}\` runs ${all ? 'every tool' : `${tools.length === 1 ? 'the tool' : 'the tools'} ${tools.slice(0, 4).map((t) => `\`${t}\``).join(', ')}${tools.length > 4 ? ' and more' : ''}`} of this server without asking, so injected instructions can call ${tools.length === 1 && !all ? 'it' : 'them'} unseen. ${startedBy(server, agentFile.file)}.${disabledNote(server)}` },
        fingerprintSeed: `${META.id}:${server.keyPath}:${key}`,
      });
    }
  }
}

/**
 * Claude Code's pre-approval keys. Committed project settings approve the repository's own servers for
 * everyone (an error); user settings approve every repository's servers for that user (a warning); the
 * local project file is where Claude Code itself records the user's approvals, so it is left alone.
 */
function checkClaudeSettings(ctx: TextContext, agentFile: AgentFile): void {
  const reader = agentFile.file.readers.find((r) => r.client === 'claude-code' && agentFile.file.role === 'settings');
  const root = agentFile.tree.root;
  if (!reader || !root || reader.scope === 'workspace-local') return;
  const enableAll = entryOf(root, 'enableAllProjectMcpServers');
  if (enableAll?.value.type === 'boolean' && enableAll.value.value) {
    reportClaude(ctx, agentFile, reader, enableAll, 'starts every server in a project\'s `.mcp.json` without asking');
  }
  const enabled = entryOf(root, 'enabledMcpjsonServers');
  const names = asArray(valueAt(root, 'enabledMcpjsonServers'))?.items.filter((i) => i.type === 'string').map((i) => (i as { value: string }).value) ?? [];
  if (enabled && names.length > 0 && reader.scope === 'workspace') {
    reportClaude(ctx, agentFile, reader, enabled, `approves the project's own \`.mcp.json\` server${names.length === 1 ? '' : 's'} ${names.slice(0, 4).map((n) => `\`${n}\``).join(', ')} for everyone who opens it`);
  }
}

function reportClaude(ctx: TextContext, agentFile: AgentFile, reader: ClientFileReader, entry: ObjectEntry, what: string): void {
  const committed = reader.scope === 'workspace';
  const fixes: Fix[] = removeEntryFix(ctx, agentFile, entry);
  ctx.report({
    ruleId: META.id,
    range: ctx.rangeOf(entry.span.start, entry.span.end),
    severity: committed ? 'error' : 'warning',
    data: { detail: `\`${entry.key}\` ${what}${committed ? ': a cloned repository approves its own commands' : ', in every repository this user opens'}. Honoured by the ${honouredBy(agentFile.file, [reader])}.` },
    fixes,
    fingerprintSeed: `${META.id}:${entry.key}`,
  });
}

/** Removes a top-level JSON entry with the comma that separates it from its neighbour. */
function removeEntryFix(ctx: TextContext, agentFile: AgentFile, entry: ObjectEntry): Fix[] {
  const root = agentFile.tree.root;
  if (!root || agentFile.file.syntax === 'toml' || agentFile.file.syntax === 'yaml') return [];
  const index = root.entries.indexOf(entry);
  const edit = removeItemsEdit(ctx, root.entries.map((e) => e.span), index, index);
  return edit ? [{ title: `Remove "${entry.key}"`, applicability: 'unsafe', edits: [edit] }] : [];
}
