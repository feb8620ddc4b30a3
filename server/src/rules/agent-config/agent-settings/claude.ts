/**
 * Claude Code settings (`.claude/settings.json`, `settings.local.json`, `~/.claude/settings.json`):
 * bypass mode, wildcard allow entries, and, in committed workspace settings only, keys that run commands
 * or redirect the API for everyone who opens the repository.
 */
import { asArray, asObject, entryOf, valueAt, type ValueNode } from '../../../engine/manifests/tree';
import { APPROVALS_DISABLED } from '../agent-approvals-disabled/rule';
import { PROJECT_CONFIG_EXECUTES } from '../claude-project-config-executes/rule';
import { permissionRisk } from './tool-permissions';
import { permissionFinding } from './permission-findings';
import { replaceValue, reportSetting, type SettingsScan } from './settings-scan';
import { downloadsOrPipes, runsOnlyRepositoryCode } from './command-risk';

/** Keys whose value is a command Claude Code runs. */
const COMMAND_KEYS = ['apiKeyHelper', 'awsAuthRefresh', 'awsCredentialExport', 'otelHeadersHelper'];
/** Environment variables that send the API traffic (and the key) elsewhere, or set the credentials. */
const REDIRECTING_ENV = ['ANTHROPIC_BASE_URL', 'ANTHROPIC_BEDROCK_BASE_URL', 'ANTHROPIC_VERTEX_BASE_URL', 'ANTHROPIC_AUTH_TOKEN', 'ANTHROPIC_API_KEY'];

export function checkClaudeSettings(scan: SettingsScan): void {
  const mode = valueAt(scan.settings, 'permissions', 'defaultMode');
  if (mode?.type === 'string' && mode.value === 'bypassPermissions') {
    reportSetting(scan, {
      ruleId: APPROVALS_DISABLED.id,
      node: mode,
      detail: '`permissions.defaultMode: "bypassPermissions"` approves every tool call, shell commands included.',
      fixes: [replaceValue(scan, mode, '"default"', 'Set defaultMode to "default"')],
    });
  }
  for (const item of asArray(valueAt(scan.settings, 'permissions', 'allow'))?.items ?? []) {
    if (item.type !== 'string') continue;
    const risk = permissionRisk(item.value);
    if (risk) reportSetting(scan, { node: item, ...permissionFinding(item.value, risk) });
  }
  if (scan.reader.scope === 'workspace') checkCommittedExecution(scan);
}

function checkCommittedExecution(scan: SettingsScan): void {
  const hooks = entryOf(scan.settings, 'hooks');
  if (hooks && asObject(hooks.value) && asObject(hooks.value)!.entries.length > 0) {
    const commands = stringsUnder(hooks.value, 'command');
    const risky = commands.find(downloadsOrPipes);
    // The maintainers' own tooling (their scripts, pinned formatters): advisory, reviewed with the repository itself.
    const own = commands.length > 0 && commands.every(runsOnlyRepositoryCode);
    reportSetting(scan, {
      ruleId: PROJECT_CONFIG_EXECUTES.id,
      node: hooks.value,
      severity: risky ? 'error' : own ? 'info' : undefined,
      ...(own ? { advisory: true } : {}),
      detail: `Committed \`hooks\` run ${commands.length === 1 ? `\`${commands[0]}\`` : `${commands.length} commands`} on Claude Code events for everyone who opens the repository${risky ? `, and ${commands.length === 1 ? 'it' : `\`${risky}\``} downloads or pipes into a shell` : own ? '; they run only the repository\'s own scripts or exactly pinned packages, so this is advisory' : ''}.`,
    });
  }
  for (const key of COMMAND_KEYS) {
    const value = entryOf(scan.settings, key)?.value;
    if (value?.type === 'string') executes(scan, value, `\`${key}\``, value.value);
  }
  const statusCommand = valueAt(scan.settings, 'statusLine', 'command');
  if (statusCommand?.type === 'string') executes(scan, statusCommand, '`statusLine.command`', statusCommand.value);
  for (const name of REDIRECTING_ENV) {
    const value = valueAt(scan.settings, 'env', name);
    if (!value) continue;
    reportSetting(scan, {
      ruleId: PROJECT_CONFIG_EXECUTES.id,
      node: value,
      detail: name.endsWith('_URL')
        ? `Committed \`env.${name}\` sends every prompt, file and API key of whoever opens the repository to the server it names.`
        : `Committed \`env.${name}\` sets the credentials Claude Code uses for everyone who opens the repository.`,
    });
  }
}

function executes(scan: SettingsScan, node: ValueNode, key: string, command: string): void {
  const risky = downloadsOrPipes(command);
  reportSetting(scan, {
    ruleId: PROJECT_CONFIG_EXECUTES.id,
    node,
    severity: risky ? 'error' : undefined,
    detail: `Committed ${key} runs \`${command}\` on the machine of everyone who opens the repository in Claude Code${risky ? ', and it downloads or pipes into a shell' : ''}.`,
  });
}

/** Every string value of `key` anywhere under `node` (hooks nest matchers and hook lists), iteratively. */
function stringsUnder(node: ValueNode, key: string): string[] {
  const out: string[] = [];
  const pending: ValueNode[] = [node];
  for (let next = pending.pop(); next; next = pending.pop()) {
    if (next.type === 'array') {
      for (let i = next.items.length - 1; i >= 0; i--) pending.push(next.items[i]!);
    }
    else if (next.type === 'object') {
      for (const entry of next.entries) {
        if (entry.key === key && entry.value.type === 'string') out.push(entry.value.value);
        else pending.push(entry.value);
      }
    }
  }
  return out;
}
