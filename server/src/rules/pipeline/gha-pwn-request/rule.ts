/**
 * AIS851 gha-pwn-request: a workflow that runs with the base repository's secrets and write token
 * (`pull_request_target`, `workflow_run`, `issue_comment`) checks out the pull request's code and then runs it.
 */
import { defineRule } from '../../../engine/rule';
import { parseActionReference } from '../../../engine/pipeline/github-workflow';
import type { WorkflowStep } from '../../../engine/pipeline/github-workflow';
import { PULL_REQUEST_HEAD } from '../../../engine/pipeline/expressions';
import { scalarText } from '../../../engine/pipeline/yaml-source';
import { conditionsOf, excludesForks, requiresTrustedActor, workflowOf } from '../shared/workflow-file';

/** Triggers whose runs hold the base repository's secrets although a fork's pull request can start them. */
const PRIVILEGED = new Set(['pull_request_target', 'workflow_run', 'issue_comment']);

export default defineRule(
  {
    id: 'AIS851',
    name: 'gha-pwn-request',
    title: 'Privileged workflow checks out and runs pull-request code',
    category: 'pipeline',
    fileKinds: ['yaml'],
    severity: 'error',
    confidence: 'high',
    cwe: ['CWE-829'],
    message: '{{detail}}',
    fixAvailability: 'none',
    docs: {
      whatItDoes: 'Flags a job of a workflow triggered by `pull_request_target`, `workflow_run` or `issue_comment` that checks out the pull request\'s head (`actions/checkout` with `ref:` set to `github.event.pull_request.head.sha`/`head.ref`, `github.head_ref`, `refs/pull/…`, `github.event.workflow_run.head_sha`, or `gh pr checkout` / `git fetch … pull/…` in a `run:` step) and then runs a later `run:` step, a local action (`uses: ./…`) or a build action. A job whose `if:` keeps forks out (`github.event.pull_request.head.repo.full_name == github.repository`) is not reported; one that waits for a maintainer (a label, `author_association`, a named actor) is reported as a warning.',
      whyIsThisBad: 'These triggers run in the base repository\'s context: the job gets the repository\'s secrets and a token that can write, even when a fork opened the pull request. Building, testing or installing the fork\'s code (a `package.json` script, a `setup.py`, a Makefile, a test file) runs whatever the fork wrote with those secrets: the "pwn request" that GitHub Security Lab describes, and how Ultralytics and many others were compromised.',
      example: 'on: pull_request_target\njobs:\n  test:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v4\n        with:\n          ref: ${{ github.event.pull_request.head.sha }}\n      - run: npm ci && npm test\n',
      useInstead: '# Build and test fork code under `pull_request` (no secrets, read-only token);\n# a second workflow on `workflow_run` may then comment or label using only the artifacts, treated as data.\non: pull_request\njobs:\n  test:\n    runs-on: ubuntu-latest\n    permissions: { contents: read }\n    steps:\n      - uses: actions/checkout@v4\n      - run: npm ci && npm test\n',
      references: ['https://cwe.mitre.org/data/definitions/829.html', 'https://securitylab.github.com/resources/github-actions-preventing-pwn-requests/', 'https://docs.github.com/en/actions/reference/security/secure-use'],
    },
  },
  {
    kind: 'text',
    keywords: ['pull_request_target', 'workflow_run', 'issue_comment'],
    check(ctx) {
      const workflow = workflowOf(ctx);
      if (!workflow || workflow.kind !== 'github-workflow') return;
      const trigger = workflow.triggers.find((t) => PRIVILEGED.has(t.name));
      if (!trigger) return;
      for (const job of workflow.jobs) {
        const checkoutIndex = job.steps.findIndex((step) => checksOutPullRequest(step) !== undefined);
        if (checkoutIndex < 0) continue;
        const checkout = job.steps[checkoutIndex]!;
        const runner = job.steps.slice(checkoutIndex + (checkout.run ? 0 : 1)).find(runsCheckedOutCode);
        if (!runner) continue;
        const conditions = conditionsOf(job, checkout.condition);
        if (excludesForks(conditions)) continue;
        const at = checksOutPullRequest(checkout)!;
        const gated = requiresTrustedActor(conditions);
        ctx.report({
          ruleId: 'AIS851',
          range: ctx.rangeOf(at.start, at.end),
          severity: gated ? 'warning' : 'error',
          confidence: gated ? 'medium' : 'high',
          data: {
            detail: `Job \`${job.id}\` runs on \`${trigger.name}\` (with this repository's secrets and a write token) and checks out the pull request's code here, then runs it (${describeRunner(runner)})${gated ? '; the job waits for a maintainer, so only code a maintainer let through runs, but a push after the approval still gets in' : ''}. Build untrusted code under \`pull_request\` instead.`,
          },
        });
      }
    },
  },
);

/** Where a step checks out the pull request's head: the `ref:`/`repository:` input of `actions/checkout`, or the `run:` command. */
function checksOutPullRequest(step: WorkflowStep): { start: number; end: number } | undefined {
  if (step.uses && parseActionReference(step.uses.value).action === 'actions/checkout') {
    for (const input of step.inputs) {
      if (input.key !== 'ref' && input.key !== 'repository') continue;
      const value = scalarText(input.value);
      if (value && (PULL_REQUEST_HEAD.test(value) || /head\.repo\.full_name/.test(value))) return { start: input.keyStart, end: input.value?.range?.[1] ?? input.keyEnd };
    }
    return undefined;
  }
  if (step.run && /\bgh\s+pr\s+checkout\b|\bgit\s+(fetch|pull|checkout)\b[^\n]*(pull\/|refs\/pull|\$\{\{\s*github\.(event\.pull_request\.head|head_ref|event\.workflow_run\.head))/.test(step.run.value)) {
    return { start: step.run.start, end: step.run.end };
  }
  return undefined;
}

function runsCheckedOutCode(step: WorkflowStep): boolean {
  if (step.run) return true;
  if (!step.uses) return false;
  const reference = parseActionReference(step.uses.value);
  return reference.kind === 'local' || /^(docker\/build-push-action|pre-commit\/action|gradle\/gradle-build-action|borales\/actions-yarn)$/.test(reference.action);
}

function describeRunner(step: WorkflowStep): string {
  if (step.run) return `\`run: ${step.run.value.trim().split('\n')[0]!.slice(0, 60)}\``;
  return `\`uses: ${step.uses?.value ?? ''}\``;
}
