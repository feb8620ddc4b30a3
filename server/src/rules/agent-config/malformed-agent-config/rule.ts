/**
 * AIS819 malformed-agent-config: an assistant configuration file that cannot be read. One finding per
 * file, at the place reading stopped, naming the file, the line and the key, so nothing in a broken
 * file is silently left unchecked.
 */
import { defineRule, type RuleMeta } from '../../../engine/rule';
import { formatKeyPath } from '../../../engine/agent-config/config-tree';
import { AGENT_CONFIG_KINDS, agentFileOf, honouredBy } from '../shared/agent-file';

const META: RuleMeta = {
  id: 'AIS819',
  name: 'malformed-agent-config',
  title: 'Assistant configuration cannot be read',
  category: 'agent-config',
  fileKinds: AGENT_CONFIG_KINDS,
  severity: 'warning',
  confidence: 'high',
  cwe: ['CWE-1104'],
  message: '{{detail}}',
  fixAvailability: 'none',
  docs: {
    whatItDoes: 'Reports an AI assistant configuration file (MCP server files such as `.vscode/mcp.json`, `.cursor/mcp.json`, `.mcp.json`, and settings such as `.claude/settings.json`, `.gemini/settings.json`, `.codex/config.toml`) whose JSON, JSONC, TOML or YAML cannot be read, once per file, at the line where reading failed, with the key it lies in.',
    whyIsThisBad: 'AISec checks what it can still read, but a broken file is read differently by each client: one skips the whole file, another drops only the broken server, and a later fix of the syntax can switch on servers or settings nobody reviewed. The other checks of this family cannot vouch for what they could not read.',
    example: '{\n  "servers": {\n    "github": { "command": "npx", "args": ["-y" "@acme/github-mcp@1.2.0"] }\n  }\n}\n',
    useInstead: '{\n  "servers": {\n    "github": { "command": "npx", "args": ["-y", "@acme/github-mcp@1.2.0"] }\n  }\n}\n',
    references: ['https://cwe.mitre.org/data/definitions/1104.html', 'https://code.visualstudio.com/docs/copilot/reference/mcp-configuration', 'https://github.com/openai/codex/blob/main/docs/config.md'],
  },
};

export default defineRule(META, {
  kind: 'text',
  check(ctx) {
    const agentFile = agentFileOf(ctx);
    const error = agentFile?.tree.error;
    if (!agentFile || !error) return;
    const offset = Math.min(error.offset, ctx.text.length);
    const line = ctx.positionAt(offset).line + 1;
    const key = formatKeyPath(error.keyPath);
    const where = key ? `line ${line}, in \`${key}\`` : `line ${line}`;
    ctx.report({
      ruleId: META.id,
      range: ctx.rangeOf(offset, Math.min(ctx.text.length, offset + 1)),
      data: { detail: `${agentFile.file.displayName} cannot be read at ${where}: ${error.message} The ${honouredBy(agentFile.file)} may skip this file or part of it, and AISec checked only what it could read.` },
      fingerprintSeed: `${META.id}:${key}:${error.message}`,
    });
  },
});
