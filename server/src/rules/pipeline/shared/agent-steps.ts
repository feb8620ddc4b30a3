/** The steps of a workflow that run an AI agent action, with the job they belong to. */
import { parseActionReference } from '../../../engine/pipeline/github-workflow';
import type { Workflow, WorkflowJob, WorkflowStep } from '../../../engine/pipeline/github-workflow';
import { agentActionOf } from './agent-actions';
import type { AgentAction } from './agent-actions';

export interface AgentStep {
  job: WorkflowJob;
  step: WorkflowStep;
  agent: AgentAction;
  /** Source range of the `uses:` value. */
  start: number;
  end: number;
}

export function agentStepsOf(workflow: Workflow): AgentStep[] {
  const out: AgentStep[] = [];
  for (const job of workflow.jobs) {
    for (const step of job.steps) {
      if (!step.uses) continue;
      const agent = agentActionOf(parseActionReference(step.uses.value).action);
      if (agent) out.push({ job, step, agent, start: step.uses.start, end: step.uses.end });
    }
  }
  return out;
}

/** Keywords that every agent rule's prefilter shares: the actions' owners. */
export const AGENT_KEYWORDS = ['anthropics/', 'openai/codex-action', 'run-gemini-cli', 'gemini-cli-action', 'ollama-action'];
