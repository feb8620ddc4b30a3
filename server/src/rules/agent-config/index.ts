/** The agent-config family: AI assistant configuration (MCP servers and assistant settings), in code order. */
import type { RuleModule } from '../../engine/rule';
import mcpPackageRisks from './mcp-package-risks/rule';
import mcpUnpinnedPackageLauncher from './mcp-unpinned-package-launcher/rule';
import malformedAgentConfig from './malformed-agent-config/rule';

export const modules: readonly RuleModule[] = [mcpPackageRisks, mcpUnpinnedPackageLauncher, malformedAgentConfig];
