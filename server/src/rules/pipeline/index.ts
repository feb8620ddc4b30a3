/** The pipeline family (CI workflows, Dockerfiles, dev containers, package-index settings, `.pth` files): every rule module, in code order. */
import type { RuleModule } from '../../engine/rule';
import ghaPwnRequest from './gha-pwn-request/rule';
import ghaExpressionInjection from './gha-expression-injection/rule';
import ghaAiAgentUntrustedTrigger from './gha-ai-agent-untrusted-trigger/rule';
import ghaAiAgentPromptInjection from './gha-ai-agent-prompt-injection/rule';
import ghaAiAgentOpenAccess from './gha-ai-agent-open-access/rule';
import ghaActionNotShaPinned from './gha-action-not-sha-pinned/rule';
import ghaPermissionsTooBroad from './gha-permissions-too-broad/rule';
import ghaSecretsOverexposed from './gha-secrets-overexposed/rule';
import ciDownloadPipeShell from './ci-download-pipe-shell/rule';

export const modules: readonly RuleModule[] = [ghaPwnRequest, ghaExpressionInjection, ghaAiAgentUntrustedTrigger, ghaAiAgentPromptInjection, ghaAiAgentOpenAccess, ghaActionNotShaPinned, ghaPermissionsTooBroad, ghaSecretsOverexposed, ciDownloadPipeShell];
