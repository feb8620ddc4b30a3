/**
 * AIS850 pipeline-file-malformed: a workflow, composite action, GitLab CI file, dev-container file or
 * package-index file cannot be read, so the pipeline rules cannot check it (and its tool may reject it too).
 */
import { defineRule } from '../../../engine/rule';
import type { TextContext } from '../../../engine/rule';
import { pipelineFileOf } from '../../../engine/pipeline/files';
import type { PipelineFile } from '../../../engine/pipeline/files';
import type { PipelineProblem } from '../../../engine/pipeline/problems';
import { readGitlabCi } from '../../../engine/pipeline/gitlab-ci';
import { readDevcontainer } from '../../../engine/pipeline/devcontainer';
import { readIndexSettings } from '../../../engine/pipeline/package-index';
import { workflowOf } from '../shared/workflow-file';

const NAMES: Partial<Record<PipelineFile, string>> = {
  'github-workflow': 'GitHub Actions workflow',
  'github-action': 'composite action',
  'gitlab-ci': 'GitLab CI file',
  devcontainer: 'dev-container file',
  yarnrc: 'Yarn settings file',
  'uv-toml': 'uv settings file',
};

export default defineRule(
  {
    id: 'AIS850',
    name: 'pipeline-file-malformed',
    title: 'Pipeline or package-index file cannot be read',
    category: 'pipeline',
    fileKinds: ['yaml', 'json', 'toml'],
    severity: 'warning',
    confidence: 'high',
    cwe: ['CWE-1284'],
    message: '{{detail}}',
    fixAvailability: 'none',
    docs: {
      whatItDoes: 'Reports, once per file, a GitHub Actions workflow or composite action, `.gitlab-ci.yml`, `devcontainer.json`, `.yarnrc.yml` or `uv.toml` that is not valid YAML, JSON(C) or TOML, or whose `jobs`, `steps`, `script` or lifecycle commands have the wrong shape. The message names the file, the line and the nearest key.',
      whyIsThisBad: 'AISec cannot check what it cannot read, so the other pipeline rules are silent on this file; the CI system or dev-container tool will usually reject it too, or read it differently than it looks.',
      example: 'on: push\njobs:\n  build:\n    steps:\n      - run: echo "a: b"\n        run: [\n',
      useInstead: 'on: push\njobs:\n  build:\n    runs-on: ubuntu-latest\n    steps:\n      - run: \'echo "a: b"\'\n',
      references: ['https://cwe.mitre.org/data/definitions/1284.html', 'https://docs.github.com/en/actions/reference/workflows-and-actions/workflow-syntax', 'https://containers.dev/implementors/json_reference/'],
    },
  },
  {
    kind: 'text',
    check(ctx) {
      const file = pipelineFileOf(ctx.path, ctx.text);
      const name = file && NAMES[file];
      if (!file || !name) return;
      const problem = problemOf(ctx, file);
      if (!problem) return;
      const offset = Math.min(Math.max(0, problem.offset), ctx.text.length);
      const line = ctx.positionAt(offset).line + 1;
      const lineEnd = ctx.text.indexOf('\n', offset);
      ctx.report({
        ruleId: 'AIS850',
        range: ctx.rangeOf(offset, Math.max(offset, lineEnd < 0 ? ctx.text.length : lineEnd)),
        data: { detail: `${ctx.path.replace(/^.*[\\/]/, '')} (${name}), line ${line}${problem.key ? `, key \`${problem.key}\`` : ''}: ${problem.message}; the pipeline rules cannot check this file until it is fixed.` },
      });
    },
  },
);

function problemOf(ctx: TextContext, file: PipelineFile): PipelineProblem | undefined {
  switch (file) {
    case 'github-workflow':
    case 'github-action':
      return workflowOf(ctx)?.problem;
    case 'gitlab-ci':
      return readGitlabCi(ctx.text).problem;
    case 'devcontainer':
      return readDevcontainer(ctx.text).problem;
    default:
      return readIndexSettings(ctx.text, file).problem;
  }
}
