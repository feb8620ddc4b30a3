/**
 * AIS826 agent-approvals-disabled: settings and command-line flags that let a coding assistant run tools
 * without asking (Claude Code `bypassPermissions`, VS Code `chat.tools.global.autoApprove`, Codex
 * `approval_policy = "never"`, `--dangerously-skip-permissions`, `gemini --yolo`, `q chat --trust-all-tools`).
 * Settings are reported by `../agent-settings/checker.ts`, command lines by `./command-flags.ts`.
 */
import { defineRuleFamily, type FileKind, type RuleMeta } from '../../../engine/rule';

/** Files whose lines run commands: scripts, Makefiles and Dockerfiles (shell), package.json scripts, CI YAML, JSON task files. */
export const COMMAND_FILE_KINDS: readonly FileKind[] = ['shell', 'package-json', 'yaml', 'json', 'toml'];

export const APPROVALS_DISABLED: RuleMeta = {
  id: 'AIS826',
  name: 'agent-approvals-disabled',
  title: 'Coding assistant approvals turned off',
  category: 'agent-config',
  fileKinds: ['agent-settings', ...COMMAND_FILE_KINDS],
  severity: 'error',
  confidence: 'high',
  cwe: ['CWE-862'],
  message: '{{detail}}',
  fixAvailability: 'sometimes',
  docs: {
    whatItDoes: 'Finds settings that remove the human approval step of an AI coding assistant, and says which client honours the key at which scope: Claude Code `permissions.defaultMode: "bypassPermissions"`; VS Code `chat.tools.global.autoApprove` (and the older `chat.tools.autoApprove`) set to `true`, or `chat.permissions.default` at the auto-approve level; Codex `approval_policy = "never"` (an error together with `sandbox_mode = "danger-full-access"`); Gemini CLI `tools.autoAccept`. It also finds the flags that do the same on a command line in scripts, Makefiles, Dockerfiles, `package.json` scripts and CI files: `--dangerously-skip-permissions`, `--permission-mode bypassPermissions`, `--dangerously-bypass-approvals-and-sandbox`, `gemini --yolo` / `--approval-mode yolo`, and `q chat --trust-all-tools`.',
    whyIsThisBad: 'Approval is what stands between a prompt injection (a poisoned issue, web page, README or MCP tool description) and the shell. With it off, one injected instruction runs commands, edits files and sends data with the developer\'s credentials; CVE-2025-53773 was exactly a Copilot agent writing `chat.tools.autoApprove: true` into `.vscode/settings.json`, and the Nx "s1ngularity" malware ran local assistants with these flags to hunt secrets. The severity follows the scope: VS Code ignores `chat.tools.global.autoApprove` in workspace settings (it is a machine setting), so there it is a warning; in user settings, CI and scripts it is an error.',
    example: '// .claude/settings.json\n{ "permissions": { "defaultMode": "bypassPermissions" } }\n',
    useInstead: '// .claude/settings.json\n{ "permissions": { "defaultMode": "default", "allow": ["Bash(npm test)"] } }\n',
    fixSafety: 'The fix sets the value back to the client\'s asking mode (`default`, `false`, `on-request`). It is unsafe: an unattended workflow that relied on no prompts will stop and wait for approval.',
    references: [
      'https://cwe.mitre.org/data/definitions/862.html',
      'https://code.visualstudio.com/docs/copilot/chat/chat-tools#_automatically-approve-tools',
      'https://docs.anthropic.com/en/docs/claude-code/settings',
      'https://github.com/openai/codex/blob/main/docs/config.md',
      'https://nvd.nist.gov/vuln/detail/CVE-2025-53773',
    ],
  },
};

export default defineRuleFamily([APPROVALS_DISABLED], []);
