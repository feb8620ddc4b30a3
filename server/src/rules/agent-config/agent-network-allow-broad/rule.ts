/**
 * AIS828 agent-network-allow-broad: pre-approved network tools (Claude `Bash(curl:*)`, `WebFetch` for any
 * domain, VS Code URL auto-approve `*`) that give an injected instruction a way to send data out.
 * Reported by `../agent-settings/checker.ts`.
 */
import { defineRuleFamily, type RuleMeta } from '../../../engine/rule';

export const NETWORK_ALLOW_BROAD: RuleMeta = {
  id: 'AIS828',
  name: 'agent-network-allow-broad',
  title: 'Network access pre-approved for a coding assistant',
  category: 'agent-config',
  fileKinds: ['agent-settings', 'agent-instructions'],
  severity: 'warning',
  confidence: 'medium',
  cwe: ['CWE-200'],
  message: '{{detail}}',
  fixAvailability: 'none',
  docs: {
    whatItDoes: 'Finds allow-list entries that let an assistant reach any host without asking: Claude Code `Bash(curl:*)`, `Bash(wget:*)`, `Bash(nc:*)`, `Bash(ssh:*)`, `Bash(scp:*)`, `WebFetch` without a domain or with `domain:*`; Cursor CLI `Shell(curl)`/`Shell(wget)`; VS Code `chat.tools.urls.autoApprove` with `*`, `http://*` or `https://*`, and `chat.tools.terminal.autoApprove` entries that approve `curl` or `wget`; also the `allowed-tools` front matter of skills, commands and agents.',
    whyIsThisBad: 'Exfiltration needs a way out. A pre-approved `curl` or an any-domain fetch lets an instruction hidden in a file or tool output send `.env`, tokens or source code to an attacker\'s server with no prompt; the developer sees nothing until it is done.',
    example: '{ "permissions": { "allow": ["Bash(curl:*)", "WebFetch"] } }\n',
    useInstead: '{ "permissions": { "allow": ["WebFetch(domain:docs.python.org)"] } }\n',
    references: ['https://cwe.mitre.org/data/definitions/200.html', 'https://docs.anthropic.com/en/docs/claude-code/iam#tool-specific-permission-rules', 'https://code.visualstudio.com/docs/copilot/chat/chat-tools'],
  },
};

export default defineRuleFamily([NETWORK_ALLOW_BROAD], []);
