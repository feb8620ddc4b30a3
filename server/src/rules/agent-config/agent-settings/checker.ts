/**
 * One checker for the assistant settings rules (AIS826-AIS830): reads the file with the shared
 * configuration reader and, for each client the inventory says reads it, runs that client's checks with
 * its scope. A malformed file is reported once by AIS819 (`malformed-agent-config`); here it is read as far
 * as it parses.
 */
import type { Checker } from '../../../engine/rule';
import { clientFileOf } from '../../../engine/agent-config/client-files';
import { readConfigTree } from '../../../engine/agent-config/config-tree';
import { asObject, valueAt } from '../../../engine/manifests/tree';
import { APPROVALS_DISABLED } from '../agent-approvals-disabled/rule';
import { SHELL_ALLOW_WILDCARD } from '../agent-shell-allow-wildcard/rule';
import { NETWORK_ALLOW_BROAD } from '../agent-network-allow-broad/rule';
import { PROJECT_CONFIG_EXECUTES } from '../claude-project-config-executes/rule';
import { CODEX_SANDBOX_DISABLED } from '../codex-sandbox-disabled/rule';
import { checkClaudeSettings } from './claude';
import { checkVsCodeSettings } from './chat-settings';
import { checkCodexConfig } from './codex';
import { checkCursorPermissions, checkGeminiSettings } from './cursor-gemini';
import type { SettingsScan } from './settings-scan';

const CHECKS: Partial<Record<string, (scan: SettingsScan) => void>> = {
  'claude-code': checkClaudeSettings,
  vscode: checkVsCodeSettings,
  codex: checkCodexConfig,
  cursor: checkCursorPermissions,
  'gemini-cli': checkGeminiSettings,
};

export const agentSettingsChecker: Checker = {
  kind: 'text',
  name: 'agent-settings',
  ruleIds: [APPROVALS_DISABLED.id, SHELL_ALLOW_WILDCARD.id, NETWORK_ALLOW_BROAD.id, PROJECT_CONFIG_EXECUTES.id, CODEX_SANDBOX_DISABLED.id],
  fileKinds: ['agent-settings'],
  check(ctx) {
    const file = clientFileOf(ctx.path);
    if (!file) return;
    const tree = readConfigTree(ctx.text, file.syntax);
    if (!tree.root) return;
    for (const reader of file.readers) {
      const check = CHECKS[reader.client];
      const settings = asObject(reader.settingsPath && reader.settingsPath.length > 0 ? valueAt(tree.root, ...reader.settingsPath) : tree.root);
      if (check && settings) check({ ctx, settings, reader });
    }
  },
};
