/**
 * AIS855 gha-ai-agent-open-access: an AI agent action is opened to every user or bot, or runs without its
 * sandbox, or publishes its full output.
 */
import { defineRule } from '../../../engine/rule';
import { scalarText } from '../../../engine/pipeline/yaml-source';
import { workflowOf } from '../shared/workflow-file';
import { agentStepsOf, AGENT_KEYWORDS } from '../shared/agent-steps';
import { OPEN_ACCESS_INPUTS, UNSANDBOXED_INPUTS } from '../shared/agent-actions';

export default defineRule(
  {
    id: 'AIS855',
    name: 'gha-ai-agent-open-access',
    title: 'AI agent action open to everyone or unsandboxed',
    category: 'pipeline',
    fileKinds: ['yaml'],
    severity: 'error',
    confidence: 'high',
    cwe: ['CWE-284'],
    message: '{{detail}}',
    fixAvailability: 'none',
    docs: {
      whatItDoes: 'Flags AI agent action inputs that let anyone drive the agent (`allowed_non_write_users: "*"`, `allowed_bots: "*"` of Claude Code; `allow-users: "*"`, `allow-bots: true` of Codex), as errors, and inputs that remove its sandbox or publish everything it saw (`safety-strategy: unsafe`, `sandbox: danger-full-access` of Codex; `show_full_output: true` of Claude Code), as warnings.',
      whyIsThisBad: 'By default these actions run only for actors with write access; the wildcard hands the agent, its tools and its token to anyone who can open an issue. Clinejection used exactly `allowed_non_write_users: "*"`. Without the sandbox the agent can read the API key from memory and reach the network; full output puts what the agent read, secrets included, into public logs.',
      example: '      - uses: anthropics/claude-code-action@v1\n        with:\n          allowed_non_write_users: "*"\n',
      useInstead: '      - uses: anthropics/claude-code-action@v1\n        with:\n          allowed_non_write_users: "trusted-contributor-1,trusted-contributor-2"\n',
      references: ['https://cwe.mitre.org/data/definitions/284.html', 'https://github.com/anthropics/claude-code-action/blob/main/docs/security.md', 'https://github.com/openai/codex-action/blob/main/docs/security.md'],
    },
  },
  {
    kind: 'text',
    keywords: AGENT_KEYWORDS,
    check(ctx) {
      const workflow = workflowOf(ctx);
      if (!workflow) return;
      for (const { step, agent } of agentStepsOf(workflow)) {
        for (const input of step.inputs) {
          const value = scalarText(input.value) ?? '';
          const open = OPEN_ACCESS_INPUTS.get(input.key)?.test(value) === true;
          const unsandboxed = UNSANDBOXED_INPUTS.get(input.key)?.test(value) === true;
          if (!open && !unsandboxed) continue;
          ctx.report({
            ruleId: 'AIS855',
            range: ctx.rangeOf(input.keyStart, input.value?.range?.[1] ?? input.keyEnd),
            severity: open ? 'error' : 'warning',
            data: {
              detail: open
                ? `\`${input.key}: ${value}\` lets anyone drive \`${agent.action}\`, with its tools, token and secrets; list the users or bots instead.`
                : input.key === 'show_full_output'
                  ? `\`show_full_output: true\` writes everything \`${agent.action}\` read and ran into the job log, which is public for public repositories.`
                  : `\`${input.key}: ${value}\` runs \`${agent.action}\` without its sandbox: the agent can read its API key and reach the network.`,
            },
          });
        }
      }
    },
  },
);
