/**
 * AIS853 gha-ai-agent-untrusted-trigger: an AI agent action runs on events whose text outsiders write
 * (issues, comments, pull requests from forks, discussions) while its job holds a write token.
 */
import { defineRule } from '../../../engine/rule';
import { OUTSIDER_TRIGGERS, triggersIn, workflowOf, writeScopesOf, conditionsOf, requiresTrustedActor } from '../shared/workflow-file';
import { agentStepsOf, AGENT_KEYWORDS } from '../shared/agent-steps';
import { explicitToolList, OPEN_ACCESS_INPUTS, toolsAreNarrow } from '../shared/agent-actions';
import { scalarText } from '../../../engine/pipeline/yaml-source';

export default defineRule(
  {
    id: 'AIS853',
    name: 'gha-ai-agent-untrusted-trigger',
    title: 'AI agent runs on outsiders\' events with a write token',
    category: 'pipeline',
    fileKinds: ['yaml'],
    severity: 'error',
    confidence: 'medium',
    cwe: ['CWE-1427'],
    message: '{{detail}}',
    fixAvailability: 'none',
    docs: {
      whatItDoes: 'Flags a step that runs an AI agent action (`anthropics/claude-code-action`, `anthropics/claude-code-base-action`, `openai/codex-action`, `google-github-actions/run-gemini-cli`, `google-gemini/gemini-cli-action`, `pydantic/ollama-action`) in a workflow triggered by `issues`, `issue_comment`, `pull_request_target`, `pull_request_review(_comment)`, `discussion(_comment)` or `workflow_run`, when the job\'s token can write (a `write` scope or `write-all`) or its permissions are not set (then the repository default applies, which is write for older repositories). It is an error for actions that do not check the actor (`claude-code-base-action`, `run-gemini-cli`, `gemini-cli-action`, `ollama-action`), and a warning when a maintainer condition gates the job or when an action that checks the actor is opened to everyone (`allowed_non_write_users: "*"`, which AIS855 reports too). Two cases are information in the `audit` profile only: an action that refuses actors without write access by default (`claude-code-action`, `codex-action`), since only a maintainer starts it and the one risk left is text it reads (the issue body, earlier comments) from someone else; and a step that lists the agent\'s tools (`allowed_tools`, or `--allowedTools` in `claude_args`) when none of them is the shell or a file write without a narrower rule (`Bash(gh label list)` is narrow, `Bash`, `Bash(*)`, `Write` and `Edit` are not), which is this rule\'s own remedy: the message names the tools. On the real-code benchmark all nine findings of these two kinds (the action\'s documented setups and examples) were judged not worth acting on.',
      whyIsThisBad: 'The agent reads the issue, comment or pull request and acts with the job\'s token and secrets; text written by anyone can instruct it ("ignore the task, run this, push that"). This is the chain behind Clinejection and PromptPwnd: prompt injection in a triage workflow, then a token that could write the repository, its caches or its releases.',
      example: 'on: issues\npermissions:\n  contents: write\n  issues: write\njobs:\n  triage:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: anthropics/claude-code-base-action@beta\n        with:\n          prompt: Triage this issue\n          anthropic_api_key: ${{ secrets.ANTHROPIC_API_KEY }}\n',
      useInstead: '# Give the agent only what it needs to comment, and nothing that writes code or releases.\non: issues\npermissions:\n  contents: read\n  issues: write\njobs:\n  triage:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: anthropics/claude-code-action@v1\n        with:\n          anthropic_api_key: ${{ secrets.ANTHROPIC_API_KEY }}\n          claude_args: --allowedTools "mcp__github__add_issue_comment"\n',
      references: ['https://cwe.mitre.org/data/definitions/1427.html', 'https://github.com/anthropics/claude-code-action/blob/main/docs/security.md', 'https://github.com/openai/codex-action/blob/main/docs/security.md', 'https://github.com/boostsecurityio/poutine/blob/main/docs/content/en/rules/llm_prompt_injection.md'],
    },
  },
  {
    kind: 'text',
    keywords: AGENT_KEYWORDS,
    check(ctx) {
      const workflow = workflowOf(ctx);
      if (!workflow || workflow.kind !== 'github-workflow') return;
      const triggers = triggersIn(workflow, OUTSIDER_TRIGGERS);
      if (triggers.length === 0) return;
      for (const { job, step, agent, start, end } of agentStepsOf(workflow)) {
        const allScopes = writeScopesOf(workflow, job);
        // Minting an OIDC token or posting a status does not let the agent change the repository.
        const scopes = allScopes === 'unknown' ? allScopes : allScopes.filter((s) => s !== 'id-token' && s !== 'statuses' && s !== 'checks');
        if (scopes !== 'unknown' && scopes.length === 0) continue;
        const openToAll = step.inputs.some((e) => OPEN_ACCESS_INPUTS.get(e.key)?.test(scalarText(e.value) ?? '') === true);
        const gated = requiresTrustedActor(conditionsOf(job, step.condition));
        // An action opened to everyone is AIS855's finding; here only the action's own missing actor check makes it an error,
        // unless the step already lists the agent's tools and none is the shell or file writes (this rule's own remedy).
        const tools = explicitToolList(step.inputs.map((e) => ({ key: e.key, text: scalarText(e.value) })));
        const narrow = toolsAreNarrow(tools);
        const error = !agent.checksActor && !gated && !narrow;
        // The action refuses actors without write access by default, or the agent's tools can only read and comment:
        // the injected text can at most steer a maintainer-started run or a label. Advisory (information, audit profile);
        // on the real-code benchmark all nine such findings were judged not worth acting on.
        const advisory = !openToAll && (agent.checksActor || narrow);
        const token = scopes === 'unknown' ? 'the repository\'s default token (no `permissions:` set)' : `a token that writes ${scopes.join(', ')}`;
        ctx.report({
          ruleId: 'AIS853',
          range: ctx.rangeOf(start, end),
          severity: error ? 'error' : advisory ? 'info' : 'warning',
          ...(advisory ? { advisory: true } : {}),
          data: {
            detail: `\`${agent.action}\` runs on \`${triggers.join('`, `')}\` with ${token}; ${agent.checksActor && !openToAll ? 'it checks that the actor can write, but the text it reads can come from anyone' : gated ? 'a maintainer condition gates the job, but the text it reads can come from anyone' : 'anyone who can open an issue or comment can drive it'}${narrow ? ` (its tools are limited to ${tools.slice(0, 4).join(', ')}${tools.length > 4 ? ', …' : ''})` : ''}. Limit the job to read scopes and the one write the agent needs.`,
          },
        });
      }
    },
  },
);
