/**
 * GitHub Actions workflows (`.github/workflows/*.yml`) and composite actions (`action.yml`) read into
 * triggers, permissions, jobs and steps, each with its source range. A file that is not valid YAML, or
 * whose `jobs` / `steps` have the wrong shape, gives a problem naming the key; what could be read is kept.
 */
import { entriesOf, entryOf, isMap, isSeq, itemsOf, readYaml, scalarText, sourceScalar, keyNear } from './yaml-source';
import type { SourceScalar, YamlEntry, YamlNode } from './yaml-source';
import type { PipelineProblem } from './problems';

export interface WorkflowStep {
  start: number;
  end: number;
  uses?: SourceScalar;
  run?: SourceScalar;
  /** `with:` inputs of an action step. */
  inputs: YamlEntry[];
  env: YamlEntry[];
  /** The step's `if:` condition as written. */
  condition?: string;
}

export interface WorkflowJob {
  id: string;
  keyStart: number;
  keyEnd: number;
  start: number;
  end: number;
  steps: WorkflowStep[];
  permissions?: YamlEntry;
  /** A reusable-workflow call (`jobs.<id>.uses`). */
  uses?: SourceScalar;
  secrets?: YamlEntry;
  env: YamlEntry[];
  condition?: string;
  runsOn?: YamlEntry;
}

export interface WorkflowTrigger {
  name: string;
  start: number;
  end: number;
  /** The trigger's own settings (`types:`, `branches:`, `workflows:`), when it has any. */
  settings?: YamlNode | null;
}

export interface Workflow {
  kind: 'github-workflow' | 'github-action';
  triggers: WorkflowTrigger[];
  /** The `on:` key (or `runs:` for an action), where findings about the whole file are reported. */
  anchor: { start: number; end: number };
  permissions?: YamlEntry;
  env: YamlEntry[];
  jobs: WorkflowJob[];
  problem?: PipelineProblem;
}

/** Reads a workflow or a composite action. */
export function readWorkflow(text: string, kind: Workflow['kind']): Workflow {
  const workflow: Workflow = { kind, triggers: [], anchor: { start: 0, end: 0 }, env: [], jobs: [] };
  const read = readYaml(text);
  if (read.error) {
    workflow.problem = { message: read.error.message, offset: read.error.offset, key: keyNear(text, read.error.offset) };
    return workflow;
  }
  const root = read.root;
  if (!root) return workflow;
  const fail = (message: string, offset: number, key: string): void => {
    workflow.problem ??= { message, offset, key };
  };
  if (kind === 'github-action') {
    const runs = entryOf(root, 'runs');
    if (!runs) return workflow;
    workflow.anchor = { start: runs.keyStart, end: runs.keyEnd };
    const steps = entryOf(runs.value, 'steps');
    if (steps) workflow.jobs.push({ id: 'runs', keyStart: runs.keyStart, keyEnd: runs.keyEnd, start: runs.keyStart, end: nodeEnd(runs.value, runs.keyEnd), steps: readSteps(text, steps, fail), env: [] });
    return workflow;
  }
  const on = entryOf(root, 'on');
  if (on) {
    workflow.anchor = { start: on.keyStart, end: on.keyEnd };
    workflow.triggers = readTriggers(on.value);
  }
  workflow.permissions = entryOf(root, 'permissions');
  workflow.env = entriesOf(entryOf(root, 'env')?.value);
  const jobs = entryOf(root, 'jobs');
  if (jobs && !isMap(jobs.value)) fail('`jobs` must be a mapping of job ids to jobs', jobs.keyStart, 'jobs');
  for (const job of entriesOf(jobs?.value)) {
    if (!isMap(job.value)) {
      fail(`job \`${job.key}\` must be a mapping`, job.keyStart, `jobs.${job.key}`);
      continue;
    }
    const steps = entryOf(job.value, 'steps');
    workflow.jobs.push({
      id: job.key,
      keyStart: job.keyStart,
      keyEnd: job.keyEnd,
      start: job.keyStart,
      end: nodeEnd(job.value, job.keyEnd),
      steps: steps ? readSteps(text, steps, fail, `jobs.${job.key}.steps`) : [],
      permissions: entryOf(job.value, 'permissions'),
      uses: sourceScalar(text, entryOf(job.value, 'uses')?.value),
      secrets: entryOf(job.value, 'secrets'),
      env: entriesOf(entryOf(job.value, 'env')?.value),
      condition: scalarText(entryOf(job.value, 'if')?.value),
      runsOn: entryOf(job.value, 'runs-on'),
    });
  }
  return workflow;
}

/** Every trigger name, from `on: push`, `on: [push, pull_request]` or `on: { push: … }`. */
function readTriggers(node: YamlNode | null): WorkflowTrigger[] {
  if (isMap(node)) return entriesOf(node).map((e) => ({ name: e.key, start: e.keyStart, end: e.keyEnd, settings: e.value }));
  return itemsOf(node).flatMap((item) => {
    const name = scalarText(item);
    return name !== undefined && item.range ? [{ name, start: item.range[0], end: item.range[1] }] : [];
  });
}

function readSteps(text: string, steps: YamlEntry, fail: (message: string, offset: number, key: string) => void, key = 'runs.steps'): WorkflowStep[] {
  if (!isSeq(steps.value)) {
    if (steps.value !== null) fail(`\`${key}\` must be a list of steps`, steps.keyStart, key);
    return [];
  }
  const out: WorkflowStep[] = [];
  (steps.value.items as YamlNode[]).forEach((item, index) => {
    if (!isMap(item) || !item.range) {
      fail(`step ${index + 1} of \`${key}\` must be a mapping`, item?.range?.[0] ?? steps.keyStart, `${key}[${index}]`);
      return;
    }
    out.push({
      start: item.range[0],
      end: item.range[1],
      uses: sourceScalar(text, entryOf(item, 'uses')?.value),
      run: sourceScalar(text, entryOf(item, 'run')?.value),
      inputs: entriesOf(entryOf(item, 'with')?.value),
      env: entriesOf(entryOf(item, 'env')?.value),
      condition: scalarText(entryOf(item, 'if')?.value),
    });
  });
  return out;
}

function nodeEnd(node: YamlNode | null, fallback: number): number {
  return node?.range ? node.range[1] : fallback;
}

/** The action a `uses:` names, split: `owner/repo/path@ref` → owner/repo, path, ref. */
export interface ActionReference {
  /** `owner/repo` in lower case, or `./local`, or `docker://image`. */
  action: string;
  path: string;
  ref?: string;
  kind: 'repository' | 'local' | 'docker';
}

export function parseActionReference(uses: string): ActionReference {
  const trimmed = uses.trim();
  if (trimmed.startsWith('./') || trimmed.startsWith('../')) return { action: trimmed, path: '', kind: 'local' };
  if (trimmed.startsWith('docker://')) {
    const digest = trimmed.indexOf('@');
    return { action: trimmed, path: '', kind: 'docker', ...(digest > 0 ? { ref: trimmed.slice(digest + 1) } : {}) };
  }
  const at = trimmed.lastIndexOf('@');
  const name = at > 0 ? trimmed.slice(0, at) : trimmed;
  const parts = name.split('/');
  return { action: parts.slice(0, 2).join('/').toLowerCase(), path: parts.slice(2).join('/'), kind: 'repository', ...(at > 0 ? { ref: trimmed.slice(at + 1) } : {}) };
}
