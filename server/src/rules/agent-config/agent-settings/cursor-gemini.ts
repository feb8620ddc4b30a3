/**
 * Cursor CLI permission files (`.cursor/cli.json`, `cli-config.json`, `permissions.json`) and Gemini CLI
 * settings (`.gemini/settings.json`; Gemini ignores a workspace file until the folder is trusted).
 */
import { asArray, entryOf, valueAt, type ValueNode } from '../../../engine/manifests/tree';
import { APPROVALS_DISABLED } from '../agent-approvals-disabled/rule';
import { permissionRisk } from './tool-permissions';
import { permissionFinding } from './permission-findings';
import { reportSetting, type SettingsScan } from './settings-scan';

export function checkCursorPermissions(scan: SettingsScan): void {
  checkAllowList(scan, valueAt(scan.settings, 'permissions', 'allow'), (entry) => entry);
  // permissions.json keeps plain command names: an entry `*` or a shell allows everything.
  checkAllowList(scan, valueAt(scan.settings, 'terminalAllowlist'), (entry) => (entry.trim() === '*' ? 'Shell(*)' : `Shell(${entry})`));
}

export function checkGeminiSettings(scan: SettingsScan): void {
  checkAllowList(scan, valueAt(scan.settings, 'tools', 'allowed'), (entry) => entry);
  checkAllowList(scan, entryOf(scan.settings, 'allowedTools')?.value, (entry) => entry);
  for (const path of [['tools', 'autoAccept'], ['autoAccept']]) {
    const value = valueAt(scan.settings, ...path);
    if (value?.type === 'boolean' && value.value) {
      reportSetting(scan, { ruleId: APPROVALS_DISABLED.id, node: value, severity: 'info', detail: `\`${path.join('.')}: true\` made older Gemini CLI releases run tool calls they judged safe without asking (the key was removed in February 2026).` });
    }
  }
}

function checkAllowList(scan: SettingsScan, list: ValueNode | undefined, asPermission: (entry: string) => string): void {
  for (const item of asArray(list)?.items ?? []) {
    if (item.type !== 'string') continue;
    const risk = permissionRisk(asPermission(item.value));
    if (risk) reportSetting(scan, { node: item, ...permissionFinding(item.value, risk) });
  }
}
