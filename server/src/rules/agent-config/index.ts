/** The agent-config family: AI assistant configuration (MCP servers, assistant settings), instruction files and hidden Unicode, in code order. */
import type { RuleModule } from '../../engine/rule';
import { defineRuleFamily } from '../../engine/rule';
import mcpPackageRisks from './mcp-package-risks/rule';
import mcpUnpinnedPackageLauncher from './mcp-unpinned-package-launcher/rule';
import mcpDockerPrivileged from './mcp-docker-privileged/rule';
import mcpDockerUnpinnedImage from './mcp-docker-unpinned-image/rule';
import mcpHardcodedSecret from './mcp-hardcoded-secret/rule';
import mcpShellWrapper from './mcp-shell-wrapper/rule';
import mcpPlaintextRemote from './mcp-plaintext-remote/rule';
import mcpFilesystemRootTooBroad from './mcp-filesystem-root-too-broad/rule';
import mcpAutoTrust from './mcp-auto-trust/rule';
import malformedAgentConfig from './malformed-agent-config/rule';
import hiddenUnicodeTagCharacters from './hidden-unicode-tag-characters/rule';
import hiddenUnicodeBidiControl from './hidden-unicode-bidi-control/rule';
import hiddenUnicodeZeroWidth from './hidden-unicode-zero-width/rule';
import agentInstructionsRemoteExec from './agent-instructions-remote-exec/rule';
import agentInstructionsExfiltration from './agent-instructions-exfiltration/rule';
import agentInstructionsApprovalBypass from './agent-instructions-approval-bypass/rule';
import agentApprovalsDisabled from './agent-approvals-disabled/rule';
import agentShellAllowWildcard from './agent-shell-allow-wildcard/rule';
import agentNetworkAllowBroad from './agent-network-allow-broad/rule';
import claudeProjectConfigExecutes from './claude-project-config-executes/rule';
import codexSandboxDisabled from './codex-sandbox-disabled/rule';
import { hiddenUnicodeChecker } from './hidden-unicode/checker';
import { commandFlagsChecker } from './agent-approvals-disabled/command-flags';
import { agentSettingsChecker } from './agent-settings/checker';
import { instructionFileChecker } from './agent-instructions/checker';

export const modules: readonly RuleModule[] = [
  mcpPackageRisks,
  mcpUnpinnedPackageLauncher,
  mcpHardcodedSecret,
  mcpShellWrapper,
  mcpDockerPrivileged,
  mcpDockerUnpinnedImage,
  mcpPlaintextRemote,
  mcpFilesystemRootTooBroad,
  mcpAutoTrust,
  malformedAgentConfig,
  hiddenUnicodeTagCharacters,
  hiddenUnicodeBidiControl,
  hiddenUnicodeZeroWidth,
  agentInstructionsRemoteExec,
  agentInstructionsExfiltration,
  agentInstructionsApprovalBypass,
  agentApprovalsDisabled,
  agentShellAllowWildcard,
  agentNetworkAllowBroad,
  claudeProjectConfigExecutes,
  codexSandboxDisabled,
  defineRuleFamily([], [hiddenUnicodeChecker, commandFlagsChecker, agentSettingsChecker, instructionFileChecker]),
];
