/** The model-provenance family: every rule module, in code order (new rules are appended). */
import type { RuleModule } from '../../engine/rule';
import trustRemoteCode from './trust-remote-code/rule';
import unpinnedModelRevision from './unpinned-model-revision/rule';
import pretrainedWithoutSafetensors from './pretrained-without-safetensors/rule';
import torchHubLoad from './torch-hub-load/rule';
import remoteAgentTool from './remote-agent-tool/rule';

export const modules: readonly RuleModule[] = [
  trustRemoteCode,
  unpinnedModelRevision,
  pretrainedWithoutSafetensors,
  torchHubLoad,
  remoteAgentTool,
];
