/**
 * AIS857 gha-permissions-too-broad: a workflow gives its jobs a token that can write everything
 * (`write-all`), or sets no permissions at all on a trigger outsiders can fire.
 */
import { defineRule } from '../../../engine/rule';
import { scalarText } from '../../../engine/pipeline/yaml-source';
import { OUTSIDER_TRIGGERS, triggersIn, workflowOf } from '../shared/workflow-file';

export default defineRule(
  {
    id: 'AIS857',
    name: 'gha-permissions-too-broad',
    title: 'Workflow token with write-all or default permissions',
    category: 'pipeline',
    fileKinds: ['yaml'],
    severity: 'warning',
    confidence: 'medium',
    cwe: ['CWE-250'],
    message: '{{detail}}',
    fixAvailability: 'none',
    docs: {
      whatItDoes: 'Flags `permissions: write-all` on a workflow or job, and a workflow triggered by `pull_request_target`, `workflow_run`, `issues`, `issue_comment`, `pull_request_review(_comment)` or `discussion(_comment)` in which some job has no `permissions:` (neither its own nor the workflow\'s). A workflow without `permissions:` on other triggers is reported as information in the audit profile only: GitHub has made the default token read-only for repositories and organisations created since February 2023, and on `push` or `pull_request` only people with write access (or forks, which get a read-only token) start it, so the finding rarely changes anything there.',
      whyIsThisBad: 'Without `permissions:` the token gets the repository\'s default, which is read and write on every scope for older repositories and organisations. A step that is tricked (an injected expression, a compromised action, an AI agent following an issue\'s text) then can push code, create releases or change workflows. Naming the scopes a job needs limits what any of that can do.',
      example: 'on: issue_comment\njobs:\n  respond:\n    runs-on: ubuntu-latest\n    steps:\n      - run: ./respond.sh\n',
      useInstead: 'on: issue_comment\npermissions:\n  contents: read\njobs:\n  respond:\n    runs-on: ubuntu-latest\n    permissions:\n      contents: read\n      issues: write\n    steps:\n      - run: ./respond.sh\n',
      references: ['https://cwe.mitre.org/data/definitions/250.html', 'https://docs.github.com/en/actions/reference/security/secure-use#using-permissions', 'https://github.blog/changelog/2023-02-02-github-actions-updating-the-default-github_token-permissions-to-read-only/', 'https://docs.zizmor.sh/audits/#excessive-permissions'],
    },
  },
  {
    kind: 'text',
    keywords: ['jobs:', '"jobs":'],
    check(ctx) {
      const workflow = workflowOf(ctx);
      if (!workflow || workflow.kind !== 'github-workflow' || workflow.jobs.length === 0) return;
      for (const entry of [workflow.permissions, ...workflow.jobs.map((j) => j.permissions)]) {
        if (entry && scalarText(entry.value) === 'write-all') {
          ctx.report({ ruleId: 'AIS857', range: ctx.rangeOf(entry.keyStart, entry.value?.range?.[1] ?? entry.keyEnd), data: { detail: '`permissions: write-all` gives every step a token that can push code, publish releases and change workflows; name the scopes the job needs (`contents: read`, …).' } });
        }
      }
      if (workflow.permissions) return;
      const bare = workflow.jobs.filter((j) => !j.permissions);
      if (bare.length === 0) return;
      const outsiders = triggersIn(workflow, OUTSIDER_TRIGGERS);
      const jobs = bare.map((j) => `\`${j.id}\``).join(', ');
      ctx.report({
        ruleId: 'AIS857',
        range: ctx.rangeOf(workflow.anchor.start, workflow.anchor.end),
        ...(outsiders.length > 0 ? {} : { severity: 'info' as const, advisory: true }),
        data: {
          detail: outsiders.length > 0
            ? `This workflow runs on \`${outsiders.join('`, `')}\`, which outsiders can fire, and ${bare.length === 1 ? 'job' : 'jobs'} ${jobs} ${bare.length === 1 ? 'has' : 'have'} no \`permissions:\`, so they get the repository's default token (read and write on every scope in older repositories); add \`permissions:\` with the scopes they need.`
            : `No \`permissions:\` is set for ${jobs}: ${bare.length === 1 ? 'it gets' : 'they get'} the repository's default token, which can write everything in repositories created before February 2023; add \`permissions: { contents: read }\` and widen per job.`,
        },
      });
    },
  },
);
