/**
 * AIS851 gha-pwn-request: a workflow that runs with the base repository's secrets and write token
 * (`pull_request_target`, `workflow_run`, `issue_comment`) checks out the pull request's code and then runs it.
 */
import { defineRule } from '../../../engine/rule';
import { parseActionReference } from '../../../engine/pipeline/github-workflow';
import type { WorkflowStep } from '../../../engine/pipeline/github-workflow';
import { PULL_REQUEST_HEAD } from '../../../engine/pipeline/expressions';
import { scalarText } from '../../../engine/pipeline/yaml-source';
import { commandName, commandsOf, parseShell } from '../../../engine/shell/commands';
import { effectiveWords } from '../../../engine/shell/download-exec';
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
      whatItDoes: 'Flags a job of a workflow triggered by `pull_request_target`, `workflow_run` or `issue_comment` that checks out the pull request\'s head (`actions/checkout` with `ref:` set to `github.event.pull_request.head.sha`/`head.ref`, `github.head_ref`, `refs/pull/…`, `github.event.workflow_run.head_sha`, or `gh pr checkout` / `git fetch … pull/…` in a `run:` step) and then runs a later `run:` step, a local action (`uses: ./…`) or a build action. A job whose `if:` keeps forks out (`github.event.pull_request.head.repo.full_name == github.repository`) is not reported; one that waits for a maintainer (a label, `author_association`, a named actor) or for a deployment `environment:` is reported as a warning. A job that waits for an environment and checks out the event\'s own commit (`github.event.pull_request.head.sha`, `github.event.workflow_run.head_sha`) is information in the `audit` profile only: an environment with required reviewers approves each run, and a later push starts a new run that waits again (a label stays on across pushes). Whether the environment has reviewers is set in the repository\'s settings, which the workflow file does not show.',
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
        const folder = checkoutFolder(checkout);
        const runners = job.steps.slice(checkoutIndex + (checkout.run ? 0 : 1)).filter((step) => runsCheckedOutCode(step, folder));
        if (runners.length === 0) continue;
        // Name a step that builds or installs when there is one (`npm ci` says more than `echo`).
        const runner = runners.find((step) => step.run !== undefined && commandsOf(parseShell(step.run.value)).some((c) => BUILD_TOOLS.test(commandName(effectiveWords(c)[0])))) ?? runners[0]!;
        const conditions = conditionsOf(job, checkout.condition);
        if (excludesForks(conditions)) continue;
        const at = checksOutPullRequest(checkout)!;
        const environment = job.environment ? scalarText(job.environment.value) ?? 'deployment' : undefined;
        // An environment's reviewers approve each run, and a checkout of the event's commit builds what they approved:
        // a later push starts a new run that waits again. A label or an actor check stays on across pushes.
        const approvedCommit = environment !== undefined && checksOutEventCommit(checkout);
        const gate = environment !== undefined ? `the job waits for the \`${environment}\` environment, whose reviewers (if it has any) approve each run` : requiresTrustedActor(conditions) ? 'the job waits for a maintainer (a label, an association or an actor check)' : undefined;
        const caveat = approvedCommit ? ' and it checks out the commit of the approved run; this is advisory if the environment has required reviewers' : ', but a push after the approval still gets in';
        ctx.report({
          ruleId: 'AIS851',
          range: ctx.rangeOf(at.start, at.end),
          severity: approvedCommit ? 'info' : gate ? 'warning' : 'error',
          confidence: gate ? 'medium' : 'high',
          ...(approvedCommit ? { advisory: true } : {}),
          data: {
            detail: `Job \`${job.id}\` runs on \`${trigger.name}\` (with this repository's secrets and a write token) and checks out the pull request's code here, then runs it (${describeRunner(runner)})${gate ? `; ${gate}${caveat}` : ''}. Build untrusted code under \`pull_request\` instead.`,
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
  // Fetching the pull request's ref only downloads objects; checking it out (or merging it) puts its files in place.
  if (step.run && /\bgh\s+pr\s+checkout\b|\bgit\s+(checkout|switch|pull|merge)\b[^\n]*(pull\/|refs\/pull|\$\{\{\s*github\.(event\.pull_request\.head|head_ref|event\.workflow_run\.head))/.test(step.run.value)) {
    return { start: step.run.start, end: step.run.end };
  }
  return undefined;
}

/** True when `actions/checkout` names the commit of the triggering event (`head.sha`, `workflow_run.head_sha`), not a branch that can move. */
function checksOutEventCommit(step: WorkflowStep): boolean {
  if (!step.uses || parseActionReference(step.uses.value).action !== 'actions/checkout') return false;
  const ref = scalarText(step.inputs.find((e) => e.key === 'ref')?.value);
  return ref !== undefined && /^\$\{\{\s*github\.event\.(pull_request\.head\.sha|workflow_run\.head_sha)\s*\}\}$/.test(ref.trim());
}

/** The folder `actions/checkout` writes the pull request to, when not the workspace root (`path:`). */
function checkoutFolder(step: WorkflowStep): string | undefined {
  const path = scalarText(step.inputs.find((e) => e.key === 'path')?.value)?.replace(/^\.\//, '').replace(/\/+$/, '');
  return path && path !== '.' ? path : undefined;
}

/** Tools that run code from the folder they build, install or test. */
const BUILD_TOOLS = /^(npm|npx|yarn|pnpm|bun|pip|pip3|uv|poetry|pdm|hatch|tox|nox|pytest|make|cmake|cargo|go|mvn|gradle|gradlew|ant|dotnet|bundle|rake|composer|pre-commit|docker|docker-compose|just|task)$/;
const INTERPRETERS = /^(node|python[23]?(\.\d+)?|bash|sh|zsh|ruby|perl|deno|php|pwsh)$/;

/**
 * True when the step runs code from the checked-out pull request: with the checkout at the workspace root,
 * any `run:` step, a local action or a build action; with the checkout in a folder, a step working in that
 * folder with a build tool, a script inside it, or a build tool pointed at it (`pip install ./pr`, `make -C pr`).
 * A trusted script reading the folder as data (`node base/check.mjs --root pr`) is not execution.
 */
function runsCheckedOutCode(step: WorkflowStep, folder: string | undefined): boolean {
  if (step.uses) {
    const reference = parseActionReference(step.uses.value);
    if (reference.kind === 'local') return folder === undefined || reference.action.replace(/^\.\//, '').startsWith(`${folder}/`);
    return folder === undefined && /^(docker\/build-push-action|pre-commit\/action|gradle\/gradle-build-action|borales\/actions-yarn)$/.test(reference.action);
  }
  if (!step.run) return false;
  if (folder === undefined) return true;
  const inFolder = (text: string): boolean => {
    const bare = text.replace(/^(\$\{?GITHUB_WORKSPACE\}?|\$\{\{\s*github\.workspace\s*\}\})\//, '').replace(/^\.\//, '');
    return bare === folder || bare.startsWith(`${folder}/`);
  };
  let working = step.workingDirectory !== undefined && inFolder(step.workingDirectory);
  for (const command of commandsOf(parseShell(step.run.value))) {
    const words = effectiveWords(command);
    const name = commandName(words[0]);
    if (name === 'cd' || name === 'pushd') {
      working = words[1] !== undefined && inFolder(words[1].text);
      continue;
    }
    if (inFolder(words[0]?.text ?? '')) return true;
    if (BUILD_TOOLS.test(name) && (working || words.slice(1).some((w) => inFolder(w.text)))) return true;
    if (INTERPRETERS.test(name)) {
      const script = words.slice(1).find((w) => !w.text.startsWith('-'));
      if (working || (script && inFolder(script.text))) return true;
    }
  }
  return false;
}

function describeRunner(step: WorkflowStep): string {
  if (step.run) return `\`run: ${step.run.value.trim().split('\n')[0]!.slice(0, 60)}\``;
  return `\`uses: ${step.uses?.value ?? ''}\``;
}
