/**
 * Turns a risky allow-list entry into its finding (AIS827 for a shell wildcard or an interpreter,
 * AIS828 for network access), with one wording for settings files and front matter alike.
 */
import type { Severity } from '../../../engine/finding';
import { SHELL_ALLOW_WILDCARD } from '../agent-shell-allow-wildcard/rule';
import { NETWORK_ALLOW_BROAD } from '../agent-network-allow-broad/rule';
import type { PermissionRisk } from './tool-permissions';

export interface PermissionFinding {
  ruleId: string;
  severity?: Severity;
  detail: string;
}

export function permissionFinding(entry: string, risk: PermissionRisk): PermissionFinding {
  const shown = `\`${entry.trim()}\``;
  if (risk.kind === 'shell-wildcard') {
    const what = risk.command ? `any \`${risk.command}\` command line, which runs any command` : 'any shell command';
    return { ruleId: SHELL_ALLOW_WILDCARD.id, detail: `${shown} pre-approves ${what}: the assistant runs whatever an injected instruction asks without a prompt.` };
  }
  if (risk.kind === 'interpreter') {
    return { ruleId: SHELL_ALLOW_WILDCARD.id, severity: 'warning', detail: `${shown} pre-approves \`${risk.command}\` with any arguments, and an interpreter runs any code given to it (\`-c\`, \`-e\`): close to approving every command.` };
  }
  return { ruleId: NETWORK_ALLOW_BROAD.id, detail: `${shown} pre-approves network access to any host: an injected instruction can send files or secrets out without a prompt.` };
}
