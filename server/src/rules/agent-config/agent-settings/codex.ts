/**
 * Codex CLI `config.toml` (user `~/.codex/config.toml`; a project `.codex/config.toml` is read for trusted
 * projects): the top level and every `[profiles.<name>]` table.
 */
import { asObject, entryOf, valueAt, type ObjectNode } from '../../../engine/manifests/tree';
import { APPROVALS_DISABLED } from '../agent-approvals-disabled/rule';
import { CODEX_SANDBOX_DISABLED } from '../codex-sandbox-disabled/rule';
import { replaceValue, reportSetting, type SettingsScan } from './settings-scan';

export function checkCodexConfig(scan: SettingsScan): void {
  checkTable(scan, scan.settings, '');
  for (const profile of asObject(entryOf(scan.settings, 'profiles')?.value)?.entries ?? []) {
    const table = asObject(profile.value);
    if (table) checkTable(scan, table, `profiles.${profile.key}.`);
  }
}

function checkTable(scan: SettingsScan, table: ObjectNode, prefix: string): void {
  const approval = valueAt(table, 'approval_policy');
  const sandbox = valueAt(table, 'sandbox_mode');
  const fullAccess = sandbox?.type === 'string' && sandbox.value === 'danger-full-access';
  if (approval?.type === 'string' && approval.value === 'never') {
    reportSetting(scan, {
      ruleId: APPROVALS_DISABLED.id,
      node: approval,
      severity: fullAccess ? undefined : 'warning',
      detail: fullAccess
        ? `\`${prefix}approval_policy = "never"\` with \`sandbox_mode = "danger-full-access"\`: Codex runs every command the model chooses, unsandboxed, without asking.`
        : `\`${prefix}approval_policy = "never"\`: Codex never asks before running a command; only its sandbox still limits what runs.`,
      fixes: [replaceValue(scan, approval, '"on-request"', 'Set approval_policy to "on-request"')],
    });
  }
  if (sandbox && fullAccess) {
    reportSetting(scan, {
      ruleId: CODEX_SANDBOX_DISABLED.id,
      node: sandbox,
      detail: `\`${prefix}sandbox_mode = "danger-full-access"\` runs model-chosen commands with full access to the machine and the network.`,
      fixes: [replaceValue(scan, sandbox, '"workspace-write"', 'Set sandbox_mode to "workspace-write"')],
    });
  }
  const network = valueAt(table, 'sandbox_workspace_write', 'network_access');
  if (network?.type === 'boolean' && network.value) {
    reportSetting(scan, {
      ruleId: CODEX_SANDBOX_DISABLED.id,
      node: network,
      detail: `\`${prefix}sandbox_workspace_write.network_access = true\` lets sandboxed commands reach the network, a way out for anything they read.`,
      fixes: [replaceValue(scan, network, 'false', 'Set network_access to false')],
    });
  }
  const policy = asObject(valueAt(table, 'shell_environment_policy'));
  const inherit = valueAt(policy, 'inherit');
  const ignoreExcludes = valueAt(policy, 'ignore_default_excludes');
  const inheritsAll = !inherit || (inherit.type === 'string' && inherit.value === 'all');
  if (ignoreExcludes?.type === 'boolean' && ignoreExcludes.value && inheritsAll) {
    reportSetting(scan, {
      ruleId: CODEX_SANDBOX_DISABLED.id,
      node: ignoreExcludes,
      detail: `\`${prefix}shell_environment_policy.ignore_default_excludes = true\` with the whole environment inherited passes variables named like *KEY*, *SECRET* and *TOKEN* to every command the model runs.`,
    });
  }
}
