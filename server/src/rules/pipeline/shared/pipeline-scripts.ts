/**
 * Every shell script a pipeline file runs, whatever the file: workflow and composite-action `run:` steps,
 * GitLab `script:` lines, Dockerfile `RUN` instructions and dev-container lifecycle commands. Read once per
 * text for the rules that look inside commands (download-and-run, model downloads).
 */
import type { ShellScript } from '../../../engine/shell/commands';
import { pipelineFileOf } from '../../../engine/pipeline/files';
import type { PipelineFile } from '../../../engine/pipeline/files';
import { readDockerfile } from '../../../engine/pipeline/dockerfile';
import { readGitlabCi } from '../../../engine/pipeline/gitlab-ci';
import { readDevcontainer } from '../../../engine/pipeline/devcontainer';
import { parseShell } from '../../../engine/shell/commands';
import type { TextContext } from '../../../engine/rule';
import { workflowOf } from './workflow-file';

export interface PipelineScript {
  script: ShellScript;
  /** How the file names where the script runs: `RUN`, `run:` of job `build`, `postCreateCommand`. */
  where: string;
  /** Dev-container `initializeCommand`: runs on the developer's machine, not in a container. */
  onHost: boolean;
}

let last: { text: string; path: string; scripts: PipelineScript[] } | undefined;

export function pipelineScriptsOf(ctx: TextContext): PipelineScript[] {
  if (last && last.text === ctx.text && last.path === ctx.path) return last.scripts;
  const scripts = readScripts(ctx, pipelineFileOf(ctx.path, ctx.text));
  last = { text: ctx.text, path: ctx.path, scripts };
  return scripts;
}

function readScripts(ctx: TextContext, file: PipelineFile | undefined): PipelineScript[] {
  switch (file) {
    case 'github-workflow':
    case 'github-action': {
      const workflow = workflowOf(ctx);
      return (workflow?.jobs ?? []).flatMap((job) => job.steps.flatMap((step) => (step.run ? [{ script: parseShell(step.run.value, step.run.positionOf), where: `\`run:\` of ${file === 'github-action' ? 'the composite action' : `job \`${job.id}\``}`, onHost: false }] : [])));
    }
    case 'gitlab-ci':
      return readGitlabCi(ctx.text).lines.map((line) => ({ script: line.script, where: `\`${line.key}\``, onHost: false }));
    case 'dockerfile':
      return readDockerfile(ctx.text).runs.map((run) => ({ script: run.script, where: '`RUN`', onHost: false }));
    case 'devcontainer':
      return readDevcontainer(ctx.text).commands.map((command) => ({ script: command.script, where: `\`${command.key}\``, onHost: command.onHost }));
    default:
      return [];
  }
}

/** Keywords that any pipeline file's scripts can contain; the rules narrow them further. */
export const PIPELINE_FILE_KINDS = ['yaml', 'shell', 'json'] as const;
