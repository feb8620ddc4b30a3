/**
 * AIS213 langchain-dangerous-code: LangChain's `allow_dangerous_code=True` lets an agent or chain run
 * model-written Python.
 */
import { defineRule } from '../../../engine/rule';
import { optInKeywordChecker } from '../../shared/python-opt-in';

export default defineRule(
  {
    id: 'AIS213',
    name: 'langchain-dangerous-code',
    title: 'LangChain allow_dangerous_code enabled',
    category: 'code-execution',
    fileKinds: ['python'],
    severity: 'error',
    confidence: 'high',
    cwe: ['CWE-94'],
    message: '`{{callee}}` is called with `allow_dangerous_code` enabled: the agent runs Python written by the model, and prompt injection in the data becomes code execution.',
    fixAvailability: 'sometimes',
    docs: {
      whatItDoes: 'Flags any call that passes `allow_dangerous_code` with a truthy value: `create_pandas_dataframe_agent`, `create_csv_agent`, `create_spark_dataframe_agent`, `create_xorbits_agent`, `PALChain` and others. A non-literal value is flagged with low confidence.',
      whyIsThisBad: 'These agents give the model a Python REPL tool. Whatever the model writes runs in the application\'s process, and the model follows instructions hidden in the data it reads (a CSV cell, a web page, a user message).',
      example: 'from langchain_experimental.agents import create_pandas_dataframe_agent\n\nagent = create_pandas_dataframe_agent(llm, df, allow_dangerous_code=True)\n',
      useInstead: '# Run generated code only in a sandbox (a container or remote sandbox without network) with human approval,\n# or answer questions with fixed, parameterised pandas operations.\n',
      fixSafety: 'The fix removes the keyword. It is unsafe: the constructor then raises `ValueError`, so the agent must be redesigned or sandboxed.',
      references: ['https://cwe.mitre.org/data/definitions/94.html', 'https://python.langchain.com/docs/security/'],
    },
  },
  optInKeywordChecker({ ruleId: 'AIS213', keyword: 'allow_dangerous_code', consequence: 'the agent runs Python written by the model, and prompt injection in the data becomes code execution' }),
);
