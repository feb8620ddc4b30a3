/** The agent-config family: AI assistant configuration (MCP servers and assistant settings), in code order. */
import type { RuleModule } from '../../engine/rule';
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

export const modules: readonly RuleModule[] = [mcpPackageRisks, mcpUnpinnedPackageLauncher, mcpHardcodedSecret, mcpShellWrapper, mcpDockerPrivileged, mcpDockerUnpinnedImage, mcpPlaintextRemote, mcpFilesystemRootTooBroad, mcpAutoTrust, malformedAgentConfig];
