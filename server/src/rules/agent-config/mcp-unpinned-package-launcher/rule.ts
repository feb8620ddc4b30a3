/**
 * AIS802 mcp-unpinned-package-launcher: an MCP server started with `npx`, `bunx`, `pnpm dlx`, `yarn dlx`,
 * `npm exec`, `deno run npm:`, `uvx`, `uv tool run` or `pipx run` of a package without an exact version, so
 * every start runs whatever the registry serves at that moment.
 */
import type { Fix } from '../../../engine/finding';
import { defineRule, type RuleMeta, type TextContext } from '../../../engine/rule';
import { isPinned } from '../../../engine/agent-config/launcher';
import type { Launch } from '../../../engine/agent-config/launcher';
import type { Dependency } from '../../../engine/manifests/types';
import { AGENT_CONFIG_KINDS, agentFileOf, disabledNote, serverSeverity, startedBy } from '../shared/agent-file';
import { serverLaunches } from '../shared/launches';
import { knownAdvisoryIds } from '../mcp-package-risks/advisories';

const META: RuleMeta = {
  id: 'AIS802',
  name: 'mcp-unpinned-package-launcher',
  title: 'MCP server package without an exact version',
  category: 'agent-config',
  fileKinds: AGENT_CONFIG_KINDS,
  severity: 'warning',
  confidence: 'high',
  cwe: ['CWE-1357', 'CWE-494'],
  message: '{{detail}}',
  fixAvailability: 'sometimes',
  docs: {
    whatItDoes: 'Flags MCP servers whose `command`/`args` download and run a registry package without an exact version: `npx -y pkg`, `npx pkg@latest`, `npx -p pkg@^1 bin`, `bunx`, `pnpm dlx`, `yarn dlx`, `npm exec`, `deno run npm:pkg`, `uvx tool`, `uvx --from "pkg>=1" tool`, `uv tool run`, `pipx run pkg`, and git sources without a full commit. Every client file shape is read (VS Code `servers`, `mcpServers` of Cursor, Claude Code, Claude Desktop, Gemini CLI, Windsurf, Cline and others, Codex `[mcp_servers]`, Zed `context_servers`, opencode, Continue YAML), and the message names the client and scope that start the server.',
    whyIsThisBad: 'The assistant starts the server on every session with the developer\'s tokens in its environment. Without a version, each start installs whatever the registry serves: the malicious `postmark-mcp` started quietly copying every e-mail at its 16th release, and a hijacked maintainer account or a dependency confusion reaches every machine that opens the repository at the next start. Even an exact version leaves the package\'s own dependencies open, but it stops the server itself from changing under you.',
    example: '{\n  "servers": {\n    "fs": { "command": "npx", "args": ["-y", "@modelcontextprotocol/server-filesystem", "${workspaceFolder}"] }\n  }\n}\n',
    useInstead: '{\n  "servers": {\n    "fs": { "command": "npx", "args": ["-y", "@modelcontextprotocol/server-filesystem@2025.8.21", "${workspaceFolder}"] }\n  }\n}\n',
    fixSafety: 'The fix writes the newest version the online registry cache knows (`aisec scan --online`, or `aisec.dependencies.online` in the editor); without it no fix is offered. It is unsafe: the pinned release may differ from the one developers ran so far, and later releases (security fixes included) need a deliberate update.',
    references: ['https://cwe.mitre.org/data/definitions/1357.html', 'https://docs.npmjs.com/cli/commands/npx', 'https://docs.astral.sh/uv/guides/tools/', 'https://osv.dev/vulnerability/MAL-2025-47604'],
  },
};

export default defineRule(META, {
  kind: 'text',
  check(ctx) {
    const agentFile = agentFileOf(ctx);
    if (!agentFile) return;
    for (const { server, launch } of serverLaunches(agentFile)) {
      for (const dep of launch.packages) {
        if (isPinned(dep)) continue;
        const span = packageSpan(dep);
        const what = dep.name ? `${dep.name}${dep.spec ? ` ${describeSpec(dep.spec)}` : ' with no version'}` : `${dep.url} at a moving ref`;
        const prompt = launch.installsWithoutPrompt ? ' and installs it without asking' : '';
        const advisories = dep.name && launch.ecosystem !== 'container' ? knownAdvisoryIds(launch.ecosystem, dep.name) : [];
        const cached = advisories.length > 0 ? ` Older releases have known advisories (${advisories.join(', ')}), and a cached old copy may still be what runs.` : '';
        ctx.report({
          ruleId: META.id,
          range: ctx.rangeOf(span.start, span.end),
          severity: serverSeverity(server, META.severity),
          data: { detail: `\`${launch.launcher}\` runs ${what}${prompt}: every start fetches whatever the registry serves then, with the server's tokens in reach.${cached} ${startedBy(server, agentFile.file)}.${disabledNote(server)}` },
          fixes: pinFix(ctx, launch, dep),
          fingerprintSeed: `${META.id}:${server.keyPath}:${dep.name || dep.url}`,
        });
      }
    }
  },
});

/** The package's name and version as written (`@acme/srv@^1`), or its URL. */
function packageSpan(dep: Dependency): { start: number; end: number } {
  if (!dep.name) return dep.urlSpan ?? dep.nameSpan;
  return { start: Math.min(dep.nameSpan.start, dep.alias?.span.start ?? Infinity), end: Math.max(dep.nameSpan.end, dep.specSpan?.end ?? 0) };
}

function describeSpec(spec: string): string {
  const bare = spec.replace(/^@/, '');
  if (bare === 'latest') return 'at `latest`';
  return /^[\w.-]+$/.test(bare) && !/^\d/.test(bare) ? `at the moving tag \`${bare}\`` : `with the range \`${spec}\``;
}

/**
 * Pins the package to the newest version the registry cache knows, in the launcher's own syntax:
 * `pkg@1.2.3` for the npm family and `uvx tool@1.2.3`, `pkg==1.2.3` for `--from`/`--spec` values.
 */
function pinFix(ctx: TextContext, launch: Launch, dep: Dependency): Fix[] {
  if (!dep.name || dep.source !== 'registry' || dep.alias) return [];
  if (ctx.text.slice(dep.nameSpan.start, dep.nameSpan.end) !== dep.name) return [];
  const ecosystem = launch.ecosystem === 'pypi' ? 'pypi' : launch.ecosystem === 'npm' ? 'npm' : undefined;
  if (!ecosystem) return [];
  const version = ctx.ports.intel?.latestVersion?.(ecosystem, dep.name);
  if (!version) return [];
  const end = dep.specSpan?.end ?? dep.nameSpan.end;
  let newText: string;
  if (ecosystem === 'npm') newText = `@${version}`;
  else {
    const fromOption = launch.options.some((o) => (o.flag === '--from' || o.flag === '--spec') && o.value && o.value.start <= dep.nameSpan.start && dep.nameSpan.start < o.value.start + o.value.text.length);
    if (fromOption) newText = `==${version}`;
    else if (launch.launcher === 'uvx' || launch.launcher === 'uv tool run') newText = `@${version}`;
    else return [];
    // Extras come between the name and the version (`pkg[cli]==1.0`).
    if (ctx.text[dep.nameSpan.end] === '[') return [];
  }
  return [{
    title: `Pin ${dep.name} to ${version}`,
    applicability: 'unsafe',
    edits: [{ range: ctx.rangeOf(dep.nameSpan.end, end), newText }],
  }];
}
