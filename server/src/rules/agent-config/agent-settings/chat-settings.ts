/**
 * VS Code chat settings (user `settings.json`, workspace `.vscode/settings.json`, `*.code-workspace`).
 * `chat.tools.global.autoApprove` is a machine-scoped setting: current VS Code ignores it in workspace
 * settings (older releases and Visual Studio 17.14.0-17.14.11 honoured it: CVE-2025-53773), so there it is
 * a warning. The terminal and URL approval lists are "restricted" settings: ignored in untrusted
 * workspaces, honoured in trusted ones, so they are reported at every scope.
 */
import { entryOf, type ValueNode } from '../../../engine/manifests/tree';
import { APPROVALS_DISABLED } from '../agent-approvals-disabled/rule';
import { NETWORK_ALLOW_BROAD } from '../agent-network-allow-broad/rule';
import { permissionRisk } from './tool-permissions';
import { permissionFinding } from './permission-findings';
import { isEnabled, replaceValue, reportSetting, type SettingsScan } from './settings-scan';

const GLOBAL_AUTO_APPROVE = ['chat.tools.global.autoApprove', 'chat.tools.autoApprove'];
/** `chat.permissions.default` levels that approve every tool (the names changed across releases). */
const ALLOW_ALL_LEVELS = new Set(['autoApprove', 'autopilot', 'allowAll']);
/** Regex keys of the terminal allow-list that match every command line. */
const MATCH_ALL = /^\/(\^?\.[*+]\??\$?|\[\\s\\S\][*+]|\.\*\.\*)\/[a-z]*$/;
const ANY_URL = new Set(['*', 'http://*', 'https://*', '*://*', 'https://**', 'http://**']);

export function checkVsCodeSettings(scan: SettingsScan): void {
  const workspace = scan.reader.scope === 'workspace' || scan.reader.scope === 'workspace-local';
  for (const key of GLOBAL_AUTO_APPROVE) {
    const value = entryOf(scan.settings, key)?.value;
    if (!value || !isEnabled(value)) continue;
    reportSetting(scan, {
      ruleId: APPROVALS_DISABLED.id,
      node: value,
      severity: workspace ? 'warning' : undefined,
      detail: workspace
        ? `\`${key}: true\` approves every tool call ("YOLO mode"). Current VS Code ignores it in workspace settings (a machine setting), but older releases honoured it: this is the key CVE-2025-53773 had an injected agent write here.`
        : `\`${key}: true\` approves every tool call ("YOLO mode"), terminal commands included.`,
      fixes: value.type === 'boolean' ? [replaceValue(scan, value, 'false', `Set ${key} to false`)] : [],
    });
  }
  const level = entryOf(scan.settings, 'chat.permissions.default')?.value;
  if (level?.type === 'string' && ALLOW_ALL_LEVELS.has(level.value)) {
    reportSetting(scan, { ruleId: APPROVALS_DISABLED.id, node: level, severity: workspace ? 'warning' : undefined, detail: `\`chat.permissions.default: "${level.value}"\` makes every tool call approved by default.` });
  }
  const terminal = entryOf(scan.settings, 'chat.tools.terminal.autoApprove')?.value;
  if (terminal?.type === 'object') {
    for (const entry of terminal.entries) {
      if (!isEnabled(entry.value)) continue;
      const risk = MATCH_ALL.test(entry.key) ? { kind: 'shell-wildcard' as const } : permissionRisk(`Shell(${entry.key})`);
      if (risk) reportSetting(scan, { node: keyNode(entry.keySpan, entry.value), ...permissionFinding(`"${entry.key}": true`, risk) });
    }
  }
  const urls = entryOf(scan.settings, 'chat.tools.urls.autoApprove')?.value;
  if (urls?.type === 'object') {
    for (const entry of urls.entries) {
      if (ANY_URL.has(entry.key) && isEnabled(entry.value)) {
        reportSetting(scan, { ruleId: NETWORK_ALLOW_BROAD.id, node: keyNode(entry.keySpan, entry.value), detail: `\`chat.tools.urls.autoApprove\` approves fetching from "${entry.key}": any URL an injected instruction chooses, including one that carries your data out.` });
      }
    }
  }
}

/** Points a finding at `"key": value` (the key starts the span). */
function keyNode(keySpan: { start: number; end: number }, value: ValueNode): ValueNode {
  return { type: 'null', span: { start: keySpan.start, end: value.span.end } };
}
