/**
 * AIS800 mcp-known-malicious-package, AIS801 mcp-known-vulnerable-package and AIS803 mcp-package-name-risk:
 * the package an MCP server's launcher fetches, checked by the dependency intelligence (known-malicious
 * names and releases, advisories, look-alike, invented and brand-new names) and by a table of MCP server
 * advisories. One pass reports all three; every message names the client and scope that start the server.
 */
import type { Severity } from '../../../engine/finding';
import { defineRuleFamily, type ReportInput, type RuleMeta, type TextContext } from '../../../engine/rule';
import type { Dependency } from '../../../engine/manifests/types';
import { compareVersionStrings } from '../../../engine/versions/pep440';
import { compareNpmVersions } from '../../../engine/versions/npm-semver';
import { checkDependency } from '../../dependencies/shared/check-dependency';
import { DEPENDENCY_RULES } from '../../dependencies/meta';
import type { McpServerEntry } from '../../../engine/agent-config/mcp-servers';
import { AGENT_CONFIG_KINDS, agentFileOf, disabledNote, lowerSeverity, startedBy } from '../shared/agent-file';
import type { AgentFile } from '../shared/agent-file';
import { serverLaunches } from '../shared/launches';
import { advisoriesAffecting, headlineId } from './advisories';

const MALICIOUS: RuleMeta = {
  id: 'AIS800',
  name: 'mcp-known-malicious-package',
  title: 'MCP server runs a known-malicious package',
  category: 'agent-config',
  fileKinds: AGENT_CONFIG_KINDS,
  severity: 'error',
  confidence: 'high',
  cwe: ['CWE-506'],
  message: '{{detail}}',
  fixAvailability: 'sometimes',
  docs: {
    whatItDoes: 'Flags MCP servers whose launcher (`npx`, `bunx`, `pnpm dlx`, `yarn dlx`, `npm exec`, `deno run npm:`, `uvx`, `uv tool run`, `pipx run`) fetches a package that is known to be malicious, or a release known to be compromised, from the bundled OSV and DataDog malicious-package data (and OSV answers cached online).',
    whyIsThisBad: 'An MCP server runs on the developer\'s machine with their tokens in its environment and sees everything the assistant sends it. `postmark-mcp` looked like Postmark\'s e-mail server and, from its 16th release, sent a hidden copy of every e-mail to its author.',
    example: '{\n  "mcpServers": {\n    "postmark": { "command": "npx", "args": ["-y", "postmark-mcp"] }\n  }\n}\n',
    useInstead: '// Remove the server, rotate every credential it could read, and use the vendor\'s own server if there is one.\n{\n  "mcpServers": {}\n}\n',
    fixSafety: 'When the name imitates a popular package, a display-only suggestion replaces it with that package; check that it is the server you meant.',
    references: ['https://cwe.mitre.org/data/definitions/506.html', 'https://osv.dev/vulnerability/MAL-2025-47604', 'https://github.com/ossf/malicious-packages'],
  },
};

const VULNERABLE: RuleMeta = {
  id: 'AIS801',
  name: 'mcp-known-vulnerable-package',
  title: 'MCP server runs a version with a known vulnerability',
  category: 'agent-config',
  fileKinds: AGENT_CONFIG_KINDS,
  severity: 'error',
  confidence: 'high',
  cwe: ['CWE-1395'],
  message: '{{detail}}',
  fixAvailability: 'sometimes',
  docs: {
    whatItDoes: 'Flags MCP servers pinned to a release with a known advisory: `mcp-remote` before 0.1.16 (CVE-2025-6514), `@modelcontextprotocol/server-filesystem` before 2025.7.1 (CVE-2025-53110, CVE-2025-53109), `@modelcontextprotocol/inspector` before 0.14.1 (CVE-2025-49596), `@cyanheads/git-mcp-server` 1.2.4 to 2.1.4 (CVE-2025-53107), `mcp-server-git` before 2026.1.14 (CVE-2025-68144, CVE-2026-27735), and any other advisory the package intelligence knows for the pinned version.',
    whyIsThisBad: 'The assistant feeds MCP servers text from web pages, issues and files, so a flaw in the server is reachable by prompt injection: `mcp-remote` ran OS commands from a malicious server\'s OAuth metadata, and the filesystem server let paths escape its allowed directories.',
    example: '{\n  "servers": {\n    "remote": { "command": "npx", "args": ["-y", "mcp-remote@0.1.15", "https://mcp.example.com/sse"] }\n  }\n}\n',
    useInstead: '{\n  "servers": {\n    "remote": { "command": "npx", "args": ["-y", "mcp-remote@0.1.16", "https://mcp.example.com/sse"] }\n  }\n}\n',
    fixSafety: 'The fix raises the pin to the first fixed version. It is unsafe: the newer release may behave differently.',
    references: ['https://cwe.mitre.org/data/definitions/1395.html', 'https://nvd.nist.gov/vuln/detail/CVE-2025-6514', 'https://nvd.nist.gov/vuln/detail/CVE-2025-53110', 'https://osv.dev/vulnerability/PYSEC-2026-2630'],
  },
};

const NAME_RISK: RuleMeta = {
  id: 'AIS803',
  name: 'mcp-package-name-risk',
  title: 'MCP server package name is a look-alike, invented or brand new',
  category: 'agent-config',
  fileKinds: AGENT_CONFIG_KINDS,
  severity: 'warning',
  confidence: 'medium',
  cwe: ['CWE-1357'],
  message: '{{detail}}',
  fixAvailability: 'sometimes',
  docs: {
    whatItDoes: 'Checks the package an MCP server\'s launcher fetches with the dependency engine: a name that imitates a popular package (typing slips, separators, scopes, look-alike characters) is a Warning; a name the registry does not have (the offline name lists, or an online answer) is an Error; a name first published days ago with little history, and an import name installed as a package, are Warnings.',
    whyIsThisBad: 'Server names are copied from blog posts and suggested by assistants, which invent plausible names; anyone can register an invented or mistyped name and the next start of the server runs their code with the developer\'s tokens.',
    example: '{\n  "mcpServers": {\n    "fs": { "command": "npx", "args": ["-y", "@modelcontextprotocol/server-filesytem@2025.8.21", "."] }\n  }\n}\n',
    useInstead: '{\n  "mcpServers": {\n    "fs": { "command": "npx", "args": ["-y", "@modelcontextprotocol/server-filesystem@2025.8.21", "."] }\n  }\n}\n',
    fixSafety: 'When a popular package is the likely meaning, a display-only suggestion replaces the name; check it is the server you meant.',
    references: ['https://cwe.mitre.org/data/definitions/1357.html', 'https://socket.dev/blog/slopsquatting-how-ai-hallucinations-are-fueling-a-new-class-of-supply-chain-attacks', 'https://github.com/DataDog/guarddog'],
  },
};

/** Dependency rule → agent-config rule; the dependency findings not listed here have their own MCP rule or none. */
const RULE_OF: Readonly<Record<string, string>> = { AIS501: MALICIOUS.id, AIS502: VULNERABLE.id, AIS503: NAME_RISK.id, AIS504: NAME_RISK.id, AIS505: NAME_RISK.id, AIS514: NAME_RISK.id };
const TEMPLATES = new Map(DEPENDENCY_RULES.map((rule) => [rule.id, rule.message]));

export default defineRuleFamily([MALICIOUS, VULNERABLE, NAME_RISK], [
  {
    kind: 'text',
    name: 'mcp-package-risks',
    ruleIds: [MALICIOUS.id, VULNERABLE.id, NAME_RISK.id],
    fileKinds: AGENT_CONFIG_KINDS,
    check(ctx) {
      const agentFile = agentFileOf(ctx);
      if (!agentFile) return;
      for (const { server, launch } of serverLaunches(agentFile)) {
        for (const dep of launch.packages) {
          const reported = new Set<string>();
          const scope = { ctx: asMcpContext(ctx, agentFile, server, reported), origin: 'command' as const, range: (span: { start: number; end: number }) => ctx.rangeOf(span.start, span.end) };
          checkDependency(scope, dep);
          if (!reported.has(VULNERABLE.id)) checkKnownAdvisories(ctx, agentFile, server, dep);
        }
      }
    },
  },
]);

/** A context whose reports are the dependency findings renamed to this family, with who starts the server. */
function asMcpContext(ctx: TextContext, agentFile: AgentFile, server: McpServerEntry, reported: Set<string>): TextContext {
  return {
    ...ctx,
    report(input: ReportInput) {
      const ruleId = RULE_OF[input.ruleId];
      if (!ruleId) return;
      reported.add(ruleId);
      const template = TEMPLATES.get(input.ruleId) ?? '{{detail}}';
      const filled = input.message ?? template.replace(/\{\{\s*(\w+)\s*\}\}/g, (_m, key: string) => input.data?.[key] ?? '');
      ctx.report({
        ...input,
        ruleId,
        message: `${filled}${input.messageSuffix ?? ''} ${startedBy(server, agentFile.file)}.${disabledNote(server)}`,
        messageSuffix: undefined,
        data: undefined,
        severity: severityOf(server, input, ruleId),
      });
    },
  };
}

/**
 * Malicious and vulnerable packages are errors; among name risks, an invented name (AIS504) and a name in
 * look-alike characters are errors, other look-alikes and brand-new names warnings. A disabled server is one
 * level lower.
 */
function severityOf(server: McpServerEntry, input: ReportInput, ruleId: string): Severity {
  let severity: Severity = 'warning';
  if (ruleId !== NAME_RISK.id || input.ruleId === 'AIS504' || (input.ruleId === 'AIS503' && input.data?.detail?.includes('non-ASCII'))) severity = 'error';
  return server.disabled ? lowerSeverity(severity) : severity;
}

/** The MCP advisory table, for versions the package intelligence has no advisory for. */
function checkKnownAdvisories(ctx: TextContext, agentFile: AgentFile, server: McpServerEntry, dep: Dependency): void {
  if (!dep.pinned || dep.source !== 'registry') return;
  const ecosystem = dep.ecosystem === 'npm' ? 'npm' : dep.ecosystem === 'pypi' ? 'pypi' : undefined;
  if (!ecosystem) return;
  const affecting = advisoriesAffecting(ecosystem, dep.name, dep.pinned);
  if (affecting.length === 0) return;
  const compare = ecosystem === 'npm' ? compareNpmVersions : compareVersionStrings;
  const target = affecting.map((a) => a.fixed).sort(compare)[affecting.length - 1]!;
  const ids = affecting.map(headlineId);
  const span = dep.pinnedSpan ?? dep.nameSpan;
  const textMatches = ctx.text.slice(span.start, span.end) === dep.pinned;
  ctx.report({
    ruleId: VULNERABLE.id,
    range: ctx.rangeOf(span.start, span.end),
    severity: server.disabled ? lowerSeverity(VULNERABLE.severity) : VULNERABLE.severity,
    message: `${dep.name} ${dep.pinned} is affected by ${ids.join(', ')}: ${affecting[0]!.summary}. Fixed in ${target}. ${startedBy(server, agentFile.file)}.${disabledNote(server)}`,
    fixes: dep.pinnedSpan && textMatches ? [{ title: `Upgrade ${dep.name} to ${target}`, applicability: 'unsafe', edits: [{ range: ctx.rangeOf(span.start, span.end), newText: target }] }] : [],
    fingerprintSeed: `${VULNERABLE.id}:${ecosystem}:${dep.name}@${dep.pinned}`,
  });
}
