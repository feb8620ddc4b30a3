/**
 * The workflow of the file being analysed, read once per text however many rules ask (the GitHub Actions
 * rules all run on the same file), and the facts several rules share: triggers an outsider can fire and the
 * token permissions a job ends up with.
 */
import { readWorkflow } from '../../../engine/pipeline/github-workflow';
import type { Workflow, WorkflowJob } from '../../../engine/pipeline/github-workflow';
import { pipelineFileOf } from '../../../engine/pipeline/files';
import { entriesOf, scalarText } from '../../../engine/pipeline/yaml-source';
import type { TextContext } from '../../../engine/rule';

let last: { text: string; path: string; workflow: Workflow | undefined } | undefined;

/** The workflow or composite action in `ctx`, or undefined when the file is neither. */
export function workflowOf(ctx: TextContext): Workflow | undefined {
  if (last && last.text === ctx.text && last.path === ctx.path) return last.workflow;
  const file = pipelineFileOf(ctx.path, ctx.text);
  const workflow = file === 'github-workflow' || file === 'github-action' ? readWorkflow(ctx.text, file) : undefined;
  last = { text: ctx.text, path: ctx.path, workflow };
  return workflow;
}

/**
 * Triggers that run with the base repository's secrets and a token that can write while the event's text (or
 * code) comes from someone without write access: forks' pull requests, issues, comments, discussions.
 */
export const OUTSIDER_TRIGGERS: ReadonlySet<string> = new Set([
  'pull_request_target', 'workflow_run', 'issues', 'issue_comment', 'pull_request_review', 'pull_request_review_comment', 'discussion', 'discussion_comment',
]);

/** Triggers where outsiders' text reaches the workflow (outsider triggers plus fork `pull_request`, whose token is read-only). */
export const OUTSIDER_TEXT_TRIGGERS: ReadonlySet<string> = new Set([...OUTSIDER_TRIGGERS, 'pull_request']);

/** The workflow's triggers an outsider can fire, in a given set. */
export function triggersIn(workflow: Workflow, set: ReadonlySet<string>): string[] {
  return workflow.triggers.map((t) => t.name).filter((name) => set.has(name));
}

/** The permission scopes a job's token can write (`contents`, `pull-requests`, … or `all`); `unknown` when nothing says. */
export function writeScopesOf(workflow: Workflow, job: WorkflowJob): string[] | 'unknown' {
  const entry = job.permissions ?? workflow.permissions;
  if (!entry) return 'unknown';
  const whole = scalarText(entry.value);
  if (whole !== undefined) return whole === 'write-all' ? ['all'] : [];
  return entriesOf(entry.value).filter((e) => scalarText(e.value) === 'write').map((e) => e.key);
}

/** The `if:` conditions guarding a job and a step, joined. */
export function conditionsOf(job: WorkflowJob, stepCondition?: string): string {
  return [job.condition ?? '', stepCondition ?? ''].join(' && ');
}

/** True when the condition keeps forks out (`github.event.pull_request.head.repo.full_name == github.repository`, `…fork == false`). */
export function excludesForks(condition: string): boolean {
  return /head\.repo\.full_name\s*==\s*github\.repository|github\.repository\s*==\s*github\.event\.pull_request\.head\.repo\.full_name|head\.repo\.fork\s*(==\s*false|!=\s*true)|!\s*github\.event\.pull_request\.head\.repo\.fork/.test(condition);
}

/** True when the condition limits the run to members (author association, a maintainer-applied label, a named actor). */
export function requiresTrustedActor(condition: string): boolean {
  return /author_association|github\.actor\s*==|github\.triggering_actor\s*==|contains\([^)]*labels|label\.name\s*==|github\.event\.sender\.login\s*==/.test(condition);
}
