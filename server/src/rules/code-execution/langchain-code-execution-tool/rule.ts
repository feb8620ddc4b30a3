/**
 * AIS214 langchain-code-execution-tool: LangChain tools that run model-written Python or shell commands.
 */
import type { Node } from 'web-tree-sitter';
import { defineRule, type AstContext } from '../../../engine/rule';
import { resolvedCalls } from '../../shared/python-calls';
import { unparenthesize } from '../../../engine/resolve/walk';
import { literalString } from '../../shared/python-values';

const TOOLS = new Set(['PythonREPL', 'PythonREPLTool', 'PythonAstREPLTool', 'ShellTool', 'BashProcess']);
const TOOL_NAMES = new Set(['terminal', 'python_repl', 'shell']);

export default defineRule(
  {
    id: 'AIS214',
    name: 'langchain-code-execution-tool',
    title: 'LangChain tool that executes model-written code',
    category: 'code-execution',
    fileKinds: ['python'],
    severity: 'error',
    confidence: 'high',
    cwe: ['CWE-94', 'CWE-78'],
    message: '`{{callee}}` gives the model a {{what}}: whatever it writes runs in this process, and prompt injection in any input becomes code execution.',
    fixAvailability: 'none',
    docs: {
      whatItDoes: 'Flags instantiation of LangChain\'s `PythonREPL`, `PythonREPLTool`, `PythonAstREPLTool`, `ShellTool` and `BashProcess` (from `langchain`, `langchain_community` or `langchain_experimental`), and `load_tools([...])` with the `"terminal"` or `"python_repl"` tool.',
      whyIsThisBad: 'These tools call `exec` or a shell on text produced by the model. The model can be steered by instructions hidden in documents, web pages, tool results or user messages, so an agent holding one of these tools runs attacker-chosen code with the application\'s privileges.',
      example: 'from langchain_experimental.tools import PythonREPLTool\n\ntools = [PythonREPLTool()]\n',
      useInstead: '# Run generated code in a sandbox (a container or a remote sandbox without network or secrets)\n# and ask a human to approve each run; give the agent narrow, purpose-built tools otherwise.\n',
      references: ['https://cwe.mitre.org/data/definitions/94.html', 'https://python.langchain.com/docs/security/', 'https://cwe.mitre.org/data/definitions/78.html'],
    },
  },
  {
    kind: 'ast',
    keywords: ['PythonREPL', 'PythonAstREPL', 'ShellTool', 'BashProcess', 'load_tools'],
    onFile(ctx) {
      const scope = ctx.python();
      for (const { call, callee, qualified } of resolvedCalls(ctx)) {
        if (!callee || !qualified?.startsWith('langchain')) continue;
        const last = qualified.slice(qualified.lastIndexOf('.') + 1);
        if (TOOLS.has(last)) {
          const what = last === 'ShellTool' || last === 'BashProcess' ? 'shell' : 'Python interpreter';
          ctx.report({ ruleId: 'AIS214', range: ctx.rangeOfNode(call), data: { callee: callee.text, what } });
        } else if (last === 'load_tools') {
          const names = toolNames(ctx, scope.argument(call, 0, 'tool_names'));
          const risky = names.find((n) => TOOL_NAMES.has(n));
          if (risky) ctx.report({ ruleId: 'AIS214', range: ctx.rangeOfNode(call), data: { callee: `${callee.text}(["${risky}"])`, what: risky === 'python_repl' ? 'Python interpreter' : 'shell' } });
        }
      }
    },
  },
);

function toolNames(ctx: AstContext, node: Node | undefined): string[] {
  if (!node) return [];
  let list = unparenthesize(node);
  const bound = list.type === 'identifier' ? ctx.python().boundValue(list) : undefined;
  if (bound) list = unparenthesize(bound);
  if (list.type !== 'list' && list.type !== 'tuple') return [];
  return list.namedChildren.map((c) => (c ? literalString(ctx, c) : undefined)).filter((s): s is string => s !== undefined);
}
