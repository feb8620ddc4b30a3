/**
 * AIS805 mcp-shell-wrapper: an MCP server started through a shell (`bash -c "..."`, `sh -c`, `cmd /c`,
 * `powershell -Command`), or a `command` string holding shell operators, so every string of the server
 * entry is shell code.
 */
import { defineRule, type RuleMeta } from '../../../engine/rule';
import { argvOf } from '../../../engine/agent-config/mcp-servers';
import { programName } from '../../../engine/agent-config/launcher';
import { AGENT_CONFIG_KINDS, agentFileOf, disabledNote, serverSeverity, startedBy } from '../shared/agent-file';

const META: RuleMeta = {
  id: 'AIS805',
  name: 'mcp-shell-wrapper',
  title: 'MCP server started through a shell',
  category: 'agent-config',
  fileKinds: AGENT_CONFIG_KINDS,
  severity: 'warning',
  confidence: 'high',
  cwe: ['CWE-78'],
  message: '{{detail}}',
  fixAvailability: 'none',
  docs: {
    whatItDoes: 'Flags MCP servers whose `command` is a shell given a script (`bash -c`, `sh -c`, `zsh -c`, `dash -c`, `cmd /c` or `/k`, `powershell -Command`, `pwsh -c`), and servers whose whole command line is one `command` string holding shell operators (`|`, `;`, `&&`, `||`, `$(`, backticks, redirections).',
    whyIsThisBad: 'A shell turns every word of the entry into code: an input variable, an environment value or an argument that another tool, a merge or a prompt-injected edit changes can append a command, and a reviewer has to read shell, not a program and its arguments. Shell scripts in MCP entries are also how `curl … | sh` ends up running downloaded code on every start.',
    example: '{\n  "mcpServers": {\n    "tools": { "command": "bash", "args": ["-c", "cd ~/tools && npx -y some-mcp@1.0.0 2>/dev/null"] }\n  }\n}\n',
    useInstead: '{\n  "mcpServers": {\n    "tools": { "command": "npx", "args": ["-y", "some-mcp@1.0.0"], "cwd": "/home/me/tools" }\n  }\n}\n',
    references: ['https://cwe.mitre.org/data/definitions/78.html', 'https://code.visualstudio.com/docs/copilot/reference/mcp-configuration'],
  },
};

const SHELLS = new Set(['bash', 'sh', 'zsh', 'dash', 'ksh', 'fish', 'ash', 'busybox', 'cmd', 'powershell', 'pwsh']);
const SCRIPT_FLAGS = /^(?:-c|-lc|-ic|-cl|--command|\/c|\/k|-command|-encodedcommand|-ec)$/i;
const SHELL_OPERATORS = /\|\||&&|[|;`<>]|\$\(/;

export default defineRule(META, {
  kind: 'text',
  check(ctx) {
    const agentFile = agentFileOf(ctx);
    if (!agentFile) return;
    for (const server of agentFile.servers) {
      const argv = argvOf(server);
      const shell = argv[0] ? programName(argv[0].text) : '';
      const scriptFlag = argv.findIndex((token, i) => i > 0 && SCRIPT_FLAGS.test(token.text));
      const operators = server.command && server.args.length === 0 && SHELL_OPERATORS.test(server.command.value);
      if (!(SHELLS.has(shell) && scriptFlag > 0) && !operators) continue;
      const node = server.command!;
      const script = scriptFlag > 0 ? argv[scriptFlag + 1] : undefined;
      const shown = scriptFlag > 0 ? `${argv[0]!.text} ${argv[scriptFlag]!.text}` : 'a command line with shell operators';
      const end = script ? script.start + script.text.length : node.contentSpan.end;
      ctx.report({
        ruleId: META.id,
        range: ctx.rangeOf(node.contentSpan.start, Math.max(end, node.contentSpan.end)),
        severity: serverSeverity(server, META.severity),
        data: { detail: `This server starts through ${shown}: every string of the entry is shell code, so an edited argument or variable can run any command. Run the program directly with \`command\` and \`args\`. ${startedBy(server, agentFile.file)}.${disabledNote(server)}` },
        fingerprintSeed: `${META.id}:${server.keyPath}`,
      });
    }
  },
});
