/**
 * AIS302 unpinned-model-revision: a Hugging Face download without a revision pinned to a commit (Bandit B615).
 */
import { defineRule } from '../../../engine/rule';
import { resolvedCalls } from '../../shared/python-calls';
import { HUB_DOWNLOAD_COMBINE_KEY, hubDownloadKind, isLocalPath, PACKAGED_DATASET_BUILDERS, PINNED_REVISION, repositoryArgument } from '../../shared/python-hub';
import { literalString } from '../../shared/python-values';

export default defineRule(
  {
    id: 'AIS302',
    name: 'unpinned-model-revision',
    title: 'Hugging Face download without a pinned revision',
    category: 'model-provenance',
    fileKinds: ['python'],
    severity: 'warning',
    advisory: { findings: 'all', editor: 'hint', reason: 'On real repositories nearly every unpinned download names a well-known model or dataset in documentation, tests or a user-chosen path (judged 1 actionable of 53); the case that matters, remote code from an unpinned revision, is reported by AIS301.' },
    confidence: 'medium',
    cwe: ['CWE-494'],
    message: '`{{callee}}` downloads {{what}} without pinning `revision` to a commit SHA; whatever the repository holds at run time is loaded.',
    fixAvailability: 'none',
    peers: { bandit: ['B615'] },
    docs: {
      whatItDoes: 'Flags transformers `from_pretrained(...)`, `datasets.load_dataset(...)`, `huggingface_hub.hf_hub_download(...)` and `snapshot_download(...)` unless `revision` (or `commit_id`) is a literal of at least 7 hexadecimal characters, is not a literal at all (the caller may pin it), or the repository argument is a local path (`./`, `/`, `../`). Branch and tag names such as `"main"` or `"v1.0"` are flagged. A repository id that is not a literal is reported as information. When the same call also enables `trust_remote_code` or may load pickle weights, the problems are reported as one finding under the most severe rule. This follows Bandit B615, which runs only when the Hugging Face packages are imported; here the calls are resolved through their imports.',
      whyIsThisBad: 'Branches and tags move. A compromised or transferred account, or a malicious update, changes the weights, the tokenizer or the code that `trust_remote_code` would run, and every unpinned consumer picks it up on the next download.',
      example: 'from transformers import AutoModel\n\nmodel = AutoModel.from_pretrained("org/model")\n',
      useInstead: 'from transformers import AutoModel\n\nmodel = AutoModel.from_pretrained("org/model", revision="0123456789abcdef0123456789abcdef01234567")\n',
      references: ['https://cwe.mitre.org/data/definitions/494.html', 'https://huggingface.co/docs/huggingface_hub/guides/download#from-specific-version', 'https://bandit.readthedocs.io/en/latest/plugins/b615_huggingface_unsafe_download.html'],
    },
  },
  {
    kind: 'ast',
    keywords: ['from_pretrained', 'load_dataset', 'hf_hub_download', 'snapshot_download'],
    onFile(ctx) {
      const scope = ctx.python();
      for (const { call, callee, qualified } of resolvedCalls(ctx)) {
        const kind = qualified ? hubDownloadKind(qualified) : undefined;
        if (!callee || !kind) continue;
        const revision = scope.argument(call, undefined, 'revision') ?? scope.argument(call, undefined, 'commit_id');
        if (revision) {
          const value = scope.literalValue(revision);
          // A non-literal revision gets the benefit of the doubt (Bandit does the same).
          if (!value || value.kind === 'name') continue;
          if (value.kind === 'string' && PINNED_REVISION.test(value.value)) continue;
        }
        if (!revision && scope.hasSplat(call)) continue;
        const repo = repositoryArgument(ctx, call, kind);
        const repoId = literalString(ctx, repo);
        if (repoId !== undefined && isLocalPath(repoId)) continue;
        if (kind === 'load_dataset' && repoId !== undefined && PACKAGED_DATASET_BUILDERS.has(repoId)) continue;
        const what = repoId !== undefined ? `\`${repoId}\`` : kind === 'load_dataset' ? 'a dataset' : 'a model';
        ctx.report({
          ruleId: 'AIS302',
          range: ctx.rangeOfNode(call),
          data: { callee: callee.text, what },
          ...(repoId === undefined ? { severity: 'info' as const, confidence: 'low' as const } : {}),
          combine: { key: HUB_DOWNLOAD_COMBINE_KEY, problem: 'no `revision` pins the download to a commit' },
        });
      }
    },
  },
);
