/**
 * AIS305 remote-agent-tool: agent tools downloaded from the Hugging Face Hub are Python code that runs
 * locally.
 */
import { defineRule } from '../../../engine/rule';
import { resolvedCalls } from '../../shared/python-calls';
import { literalString } from '../../shared/python-values';
import { HUB_DOWNLOAD_COMBINE_KEY } from '../../shared/python-hub';

// `Tool.from_space` is not here: it calls the Space remotely through gradio_client and downloads no code.
const LOADERS = /^(transformers|transformers\.agents|transformers\.tools|smolagents)\.(load_tool|Tool\.from_hub|tools\.Tool\.from_hub)$/;

export default defineRule(
  {
    id: 'AIS305',
    name: 'remote-agent-tool',
    title: 'Agent tool loaded from the Hub',
    category: 'model-provenance',
    fileKinds: ['python'],
    severity: 'warning',
    advisory: { findings: 'all', editor: 'hint', reason: 'Most agent tools loaded from the Hub are Spaces called remotely or the project\'s own tools (judged 3 actionable of 36); a tool that runs Hub code also needs `trust_remote_code`, which AIS301 reports.' },
    confidence: 'medium',
    cwe: ['CWE-829'],
    message: '`{{callee}}` loads an agent tool ({{repo}}) whose Python code runs locally; review the tool\'s code and pin it before use.',
    fixAvailability: 'none',
    docs: {
      whatItDoes: 'Flags `load_tool(...)` and `Tool.from_hub(...)` from transformers agents and smolagents. `Tool.from_space(...)` is not reported: it calls the Space remotely and runs no downloaded code. With `trust_remote_code=True` on the same call, the two problems are one finding.',
      whyIsThisBad: 'A Hub tool is a Python module that is downloaded and imported; the agent then calls it with model-chosen arguments. The transformers security policy asks users to inspect a tool\'s code before loading it, because the repository owner controls what runs.',
      example: 'from transformers import load_tool\n\ntool = load_tool("someone/image-tool")\n',
      useInstead: '# Vendor the reviewed tool code into the project and instantiate it locally.\nfrom myproject.tools import ImageTool\n\ntool = ImageTool()\n',
      references: ['https://cwe.mitre.org/data/definitions/829.html', 'https://github.com/huggingface/transformers/blob/main/SECURITY.md'],
    },
  },
  {
    kind: 'ast',
    keywords: ['load_tool', 'from_hub', 'from_space'],
    onFile(ctx) {
      const scope = ctx.python();
      for (const { call, callee, qualified } of resolvedCalls(ctx)) {
        if (!callee || !qualified || !LOADERS.test(qualified)) continue;
        const repo = literalString(ctx, scope.argument(call, 0, undefined));
        ctx.report({
          ruleId: 'AIS305',
          range: ctx.rangeOfNode(call),
          data: { callee: callee.text, repo: repo ? `\`${repo}\`` : 'chosen at run time' },
          combine: { key: HUB_DOWNLOAD_COMBINE_KEY, problem: 'the agent tool is Python code from the Hub that runs locally' },
        });
      }
    },
  },
);
