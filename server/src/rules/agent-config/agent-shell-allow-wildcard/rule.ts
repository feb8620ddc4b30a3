/**
 * AIS827 agent-shell-allow-wildcard: permission entries that pre-approve every shell command (Claude
 * `Bash`/`Bash(*)`, Cursor `Shell(**)`, VS Code terminal match-all regex, Gemini bare `run_shell_command`),
 * or a shell or interpreter with any arguments. Reported by `../agent-settings/checker.ts` and, for the
 * `allowed-tools` of skills, commands and agents, by the instruction-file checker.
 */
import { defineRuleFamily, type RuleMeta } from '../../../engine/rule';

export const SHELL_ALLOW_WILDCARD: RuleMeta = {
  id: 'AIS827',
  name: 'agent-shell-allow-wildcard',
  title: 'Every shell command pre-approved for a coding assistant',
  category: 'agent-config',
  fileKinds: ['agent-settings', 'agent-instructions'],
  severity: 'error',
  confidence: 'high',
  cwe: ['CWE-862'],
  message: '{{detail}}',
  fixAvailability: 'none',
  docs: {
    whatItDoes: 'Finds allow-list entries that approve any shell command without a prompt: Claude Code `permissions.allow` with `Bash`, `Bash(*)` or `Bash(:*)`, Cursor CLI `Shell(*)`/`Shell(**)`, VS Code `chat.tools.terminal.autoApprove` with a match-everything regex such as `"/.*/": true`, Gemini CLI `tools.allowed` with a bare `run_shell_command`, and the `allowed-tools` front matter of Claude skills, commands and agents. A shell (`Bash(bash:*)`, `Bash(sh:*)`, `Bash(eval:*)`) counts as a wildcard; an interpreter with any arguments (`Bash(python:*)`, `Bash(node:*)`) is reported as a warning, because `python -c` runs any code.',
    whyIsThisBad: 'A wildcard shell allow is the same as no approval for the most powerful tool the assistant has: any instruction the model picks up from a file, issue, web page or tool output can run `curl ... | sh`, read `~/.ssh` or push to the repository without the developer seeing it first.',
    example: '{ "permissions": { "allow": ["Bash(*)"] } }\n',
    useInstead: '{ "permissions": { "allow": ["Bash(npm test)", "Bash(npm run lint)", "Bash(git status)"] } }\n',
    references: ['https://cwe.mitre.org/data/definitions/862.html', 'https://docs.anthropic.com/en/docs/claude-code/iam#tool-specific-permission-rules', 'https://code.visualstudio.com/docs/copilot/chat/chat-tools#_automatically-approve-terminal-commands'],
  },
};

export default defineRuleFamily([SHELL_ALLOW_WILDCARD], []);
