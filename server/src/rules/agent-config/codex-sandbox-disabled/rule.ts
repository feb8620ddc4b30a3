/**
 * AIS830 codex-sandbox-disabled: Codex CLI settings that take the sandbox away (`sandbox_mode =
 * "danger-full-access"`, `network_access = true`, the whole environment passed without the secret
 * filter) and the `--sandbox danger-full-access` flag. Reported by `../agent-settings/checker.ts` and
 * `../agent-approvals-disabled/command-flags.ts`.
 */
import { defineRuleFamily, type RuleMeta } from '../../../engine/rule';
import { COMMAND_FILE_KINDS } from '../agent-approvals-disabled/rule';

export const CODEX_SANDBOX_DISABLED: RuleMeta = {
  id: 'AIS830',
  name: 'codex-sandbox-disabled',
  title: 'Codex sandbox turned off',
  category: 'agent-config',
  fileKinds: ['agent-settings', ...COMMAND_FILE_KINDS],
  severity: 'warning',
  confidence: 'high',
  cwe: ['CWE-265'],
  message: '{{detail}}',
  fixAvailability: 'sometimes',
  docs: {
    whatItDoes: 'Finds Codex CLI `config.toml` settings (top level and `[profiles.*]`) that remove its sandbox: `sandbox_mode = "danger-full-access"`, `[sandbox_workspace_write] network_access = true`, and `[shell_environment_policy]` with `inherit = "all"` (the default) together with `ignore_default_excludes = true`, which passes variables named like `*KEY*`, `*SECRET*` and `*TOKEN*` to every command; and `--sandbox danger-full-access` on command lines.',
    whyIsThisBad: 'Codex\'s sandbox is what limits a command the model chose to the workspace and keeps it off the network. Without it, a prompt injection can read credentials anywhere in the home folder, and with network access and secrets in the environment it can send them out.',
    example: 'sandbox_mode = "danger-full-access"\n\n[sandbox_workspace_write]\nnetwork_access = true\n',
    useInstead: 'sandbox_mode = "workspace-write"\n\n[sandbox_workspace_write]\nnetwork_access = false\n',
    fixSafety: 'The fix sets `sandbox_mode` to `"workspace-write"` or `network_access` to `false`. It is unsafe: commands that need files outside the workspace or the network will be refused.',
    references: ['https://cwe.mitre.org/data/definitions/265.html', 'https://github.com/openai/codex/blob/main/docs/config.md', 'https://github.com/openai/codex/blob/main/docs/sandbox.md'],
  },
};

export default defineRuleFamily([CODEX_SANDBOX_DISABLED], []);
