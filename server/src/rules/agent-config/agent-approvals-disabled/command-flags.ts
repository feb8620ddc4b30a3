/**
 * Command lines that start an AI assistant with its approvals or sandbox off, in scripts, Makefiles,
 * Dockerfiles, `package.json` scripts and CI or task files. The flags are long and specific to one tool,
 * so a token match on a line is precise; the short ones (`--yolo`) count only after their tool's name.
 * Lines that are comments describe a flag rather than use it.
 */
import type { Checker, TextContext } from '../../../engine/rule';
import { APPROVALS_DISABLED, COMMAND_FILE_KINDS } from './rule';
import { CODEX_SANDBOX_DISABLED } from '../codex-sandbox-disabled/rule';

interface FlagPattern {
  ruleId: string;
  pattern: RegExp;
  severity?: 'warning';
  detail: string;
}

const FLAGS: readonly FlagPattern[] = [
  { ruleId: APPROVALS_DISABLED.id, pattern: /--dangerously-skip-permissions\b/g, detail: '`--dangerously-skip-permissions` starts Claude Code with every tool call approved: a prompt injection reaches the shell with no prompt.' },
  { ruleId: APPROVALS_DISABLED.id, pattern: /--permission-mode[= ]+["']?bypassPermissions\b/g, detail: '`--permission-mode bypassPermissions` starts Claude Code with every tool call approved: a prompt injection reaches the shell with no prompt.' },
  { ruleId: APPROVALS_DISABLED.id, pattern: /--dangerously-bypass-approvals-and-sandbox\b/g, detail: '`--dangerously-bypass-approvals-and-sandbox` runs Codex with no approvals and no sandbox: any command the model picks runs with your full access.' },
  { ruleId: APPROVALS_DISABLED.id, pattern: /--trust-all-tools\b/g, detail: '`--trust-all-tools` runs Amazon Q Developer with every tool trusted: its commands run without confirmation.' },
  { ruleId: APPROVALS_DISABLED.id, pattern: /\bgemini\b[^\n;&|]*?(--yolo\b|--approval-mode[= ]+["']?yolo\b)/g, detail: 'Gemini CLI in YOLO mode approves every tool call: a prompt injection reaches the shell with no prompt.' },
  { ruleId: APPROVALS_DISABLED.id, severity: 'warning', pattern: /\bcodex\b[^\n;&|]*?(--ask-for-approval|-a)[= ]+["']?never\b/g, detail: 'Codex with `--ask-for-approval never` never asks before running a command; only its sandbox still limits what runs.' },
  { ruleId: CODEX_SANDBOX_DISABLED.id, pattern: /\bcodex\b[^\n;&|]*?(--sandbox|-s)[= ]+["']?danger-full-access\b/g, detail: 'Codex with `--sandbox danger-full-access` runs model-chosen commands with full access to the machine and the network.' },
];

export const commandFlagsChecker: Checker = {
  kind: 'text',
  name: 'agent-approval-flags',
  ruleIds: [APPROVALS_DISABLED.id, CODEX_SANDBOX_DISABLED.id],
  fileKinds: COMMAND_FILE_KINDS,
  keywords: ['--dangerously-', '--permission-mode', '--trust-all-tools', '--yolo', '--approval-mode', 'danger-full-access', '-a never', '--ask-for-approval'],
  check(ctx) {
    for (const flag of FLAGS) {
      for (const match of ctx.text.matchAll(flag.pattern)) {
        const start = (match.index ?? 0) + (match[1] ? match[0].lastIndexOf(match[1]) : 0);
        if (isCommentLine(ctx, start)) continue;
        const end = start + (match[1] ?? match[0]).length;
        ctx.report({ ruleId: flag.ruleId, range: ctx.rangeOf(start, end), severity: flag.severity, data: { detail: flag.detail }, fingerprintSeed: match[0] });
      }
    }
  },
};

function isCommentLine(ctx: TextContext, offset: number): boolean {
  const lineStart = ctx.text.lastIndexOf('\n', offset) + 1;
  const before = ctx.text.slice(lineStart, offset).trimStart();
  return before.startsWith('#') || before.startsWith('//');
}
