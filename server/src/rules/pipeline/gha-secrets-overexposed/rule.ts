/**
 * AIS858 gha-secrets-overexposed: every secret of the repository is handed to a step or a called
 * workflow (`toJSON(secrets)`, `secrets: inherit`) instead of the ones it needs.
 */
import { defineRule } from '../../../engine/rule';
import { parseActionReference } from '../../../engine/pipeline/github-workflow';
import { scalarText } from '../../../engine/pipeline/yaml-source';
import { workflowOf } from '../shared/workflow-file';

const ALL_SECRETS = /\$\{\{[^}]*\btoJSON\(\s*secrets\s*\)[^}]*\}\}/gi;

export default defineRule(
  {
    id: 'AIS858',
    name: 'gha-secrets-overexposed',
    title: 'All secrets passed to a step or workflow',
    category: 'pipeline',
    fileKinds: ['yaml'],
    severity: 'warning',
    confidence: 'high',
    cwe: ['CWE-200'],
    message: '{{detail}}',
    fixAvailability: 'none',
    docs: {
      whatItDoes: 'Flags `${{ toJSON(secrets) }}` anywhere in a workflow or composite action, and `secrets: inherit` on a job that calls a reusable workflow of another repository. `secrets: inherit` to a workflow of the same repository (`uses: ./.github/workflows/…`) is information in the audit profile: the called file is reviewed with the caller.',
      whyIsThisBad: 'Every secret of the repository (and organisation) then reaches code that needs one or two of them: a compromised action, an injected step or a changed reusable workflow can read them all at once. tj-actions/changed-files dumped exactly such secrets into public logs.',
      example: 'jobs:\n  release:\n    uses: octo-org/shared/.github/workflows/release.yml@v1\n    secrets: inherit\n',
      useInstead: 'jobs:\n  release:\n    uses: octo-org/shared/.github/workflows/release.yml@<full-sha> # v1\n    secrets:\n      npm-token: ${{ secrets.NPM_TOKEN }}\n',
      references: ['https://cwe.mitre.org/data/definitions/200.html', 'https://docs.github.com/en/actions/how-tos/reuse-automations/reuse-workflows#passing-secrets-to-nested-workflows', 'https://docs.zizmor.sh/audits/#secrets-inherit', 'https://docs.zizmor.sh/audits/#overprovisioned-secrets'],
    },
  },
  {
    kind: 'text',
    keywords: ['secrets'],
    check(ctx) {
      const workflow = workflowOf(ctx);
      if (!workflow) return;
      for (const match of ctx.text.matchAll(ALL_SECRETS)) {
        const start = match.index ?? 0;
        const lineStart = ctx.text.lastIndexOf('\n', start) + 1;
        if (/^\s*#/.test(ctx.text.slice(lineStart, start))) continue;
        ctx.report({ ruleId: 'AIS858', range: ctx.rangeOf(start, start + match[0].length), data: { detail: '`toJSON(secrets)` hands every secret of the repository to this step at once; pass the ones it needs by name.' } });
      }
      for (const job of workflow.jobs) {
        if (!job.secrets || scalarText(job.secrets.value) !== 'inherit') continue;
        const local = job.uses ? parseActionReference(job.uses.value).kind === 'local' : false;
        ctx.report({
          ruleId: 'AIS858',
          range: ctx.rangeOf(job.secrets.keyStart, job.secrets.value?.range?.[1] ?? job.secrets.keyEnd),
          ...(local ? { severity: 'info' as const, advisory: true } : {}),
          data: { detail: `\`secrets: inherit\` passes every secret to ${job.uses ? `\`${job.uses.value}\`` : 'the called workflow'}; pass the ones it needs under \`secrets:\` by name.` },
        });
      }
    },
  },
);
