/**
 * AIS304 torch-hub-load: `torch.hub.load` imports `hubconf.py` from a GitHub repository and runs it.
 */
import { defineRule } from '../../../engine/rule';
import { FULL_SHA } from '../../shared/python-hub';
import { literalString } from '../../shared/python-values';
import { literalTruthiness, resolvedCalls } from '../../shared/python-calls';

const HUB_CALLS = new Set(['torch.hub.load', 'torch.hub.list', 'torch.hub.help']);

export default defineRule(
  {
    id: 'AIS304',
    name: 'torch-hub-load',
    title: 'torch.hub runs code from a GitHub repository',
    category: 'model-provenance',
    fileKinds: ['python'],
    severity: 'warning',
    confidence: 'high',
    cwe: ['CWE-494', 'CWE-829'],
    message: '`{{callee}}` downloads `{{repo}}` and runs its `hubconf.py`{{detail}}; pin `owner/repo:<commit sha>` or load from a local, reviewed copy.',
    fixAvailability: 'none',
    docs: {
      whatItDoes: 'Flags `torch.hub.load`, `torch.hub.list` and `torch.hub.help` unless `source="local"`, or the repository is pinned to a full commit (`"owner/repo:<40 hex>"`) and `trust_repo` is not `True`. `trust_repo=True` raises the severity.',
      whyIsThisBad: 'torch.hub clones the repository (the default branch when no ref is given), imports its `hubconf.py` and calls the entry point, so every line of the repository\'s current code runs in this process. The downloaded weights are then usually loaded with `torch.load`. `trust_repo=True` also skips the confirmation prompt and adds the repository to the trusted list for later loads.',
      example: 'import torch\n\nmodel = torch.hub.load("someone/models", "resnet", trust_repo=True)\n',
      useInstead: 'import torch\n\nmodel = torch.hub.load("pytorch/vision:0123456789abcdef0123456789abcdef01234567", "resnet50", trust_repo="check")\n# or: torch.hub.load("./vendor/vision", "resnet50", source="local")\n',
      references: ['https://cwe.mitre.org/data/definitions/494.html', 'https://pytorch.org/docs/stable/hub.html#torch.hub.load', 'https://cwe.mitre.org/data/definitions/829.html'],
    },
  },
  {
    kind: 'ast',
    keywords: ['torch.hub', 'import hub', 'hub.load', 'hub.list', 'hub.help'],
    onFile(ctx) {
      const scope = ctx.python();
      for (const { call, callee, qualified } of resolvedCalls(ctx)) {
        if (!callee || !qualified || !HUB_CALLS.has(qualified)) continue;
        const source = scope.argument(call, undefined, 'source');
        const sourceValue = literalString(ctx, source);
        if (sourceValue === 'local') continue;
        const repoNode = scope.argument(call, 0, qualified === 'torch.hub.load' ? 'repo_or_dir' : 'github');
        const repo = literalString(ctx, repoNode);
        const trusted = literalTruthiness(ctx, scope.argument(call, undefined, 'trust_repo'));
        const trustRepoTrue = trusted === true && literalString(ctx, scope.argument(call, undefined, 'trust_repo')) === undefined;
        const ref = repo?.includes(':') ? repo.slice(repo.indexOf(':') + 1) : undefined;
        const pinned = ref !== undefined && FULL_SHA.test(ref);
        if (pinned && !trustRepoTrue) continue;
        const detail = trustRepoTrue ? ' with `trust_repo=True` (no prompt, and the repository is trusted from now on)' : pinned ? '' : ' from a branch that can change';
        ctx.report({
          ruleId: 'AIS304',
          range: ctx.rangeOfNode(call),
          data: { callee: callee.text, repo: repo ?? 'a repository chosen at run time', detail },
          ...(trustRepoTrue ? { severity: 'error' as const } : {}),
          ...(source && sourceValue === undefined ? { confidence: 'low' as const } : {}),
        });
      }
    },
  },
);
