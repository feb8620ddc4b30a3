/**
 * AIS115 langchain-load: `langchain_core.load.load`/`loads` rebuild LangChain objects from JSON and, by
 * default, fill secrets from the environment.
 */
import { defineRule } from '../../../engine/rule';
import { literalTruthiness, resolvedCalls } from '../../shared/python-calls';
import { appendArgumentEdit } from '../../shared/python-edits';

const LOADERS = /^(langchain_core|langchain)\.load\.(load\.)?(load|loads)$/;

export default defineRule(
  {
    id: 'AIS115',
    name: 'langchain-load',
    title: 'LangChain object deserialization',
    category: 'deserialization',
    fileKinds: ['python'],
    severity: 'warning',
    confidence: 'medium',
    cwe: ['CWE-502'],
    message: '`{{callee}}` rebuilds LangChain objects from serialized data and reads secrets from the environment; never use it on untrusted input.',
    fixAvailability: 'sometimes',
    docs: {
      whatItDoes: 'Flags `langchain_core.load.load(...)` and `loads(...)` (also through `langchain.load`) unless `secrets_from_env=False` is passed.',
      whyIsThisBad: 'These functions instantiate any LangChain class named in the data, with the arguments the data gives, and by default resolve secret references from environment variables. The LangChain docstring calls them vulnerable to remote code execution and says never to use them with untrusted input; a crafted document can also exfiltrate API keys through the objects it builds.',
      example: 'from langchain_core.load import loads\n\nchain = loads(request_body)\n',
      useInstead: 'from langchain_core.load import loads\n\nchain = loads(trusted_text, secrets_from_env=False, valid_namespaces=["langchain_core"])\n',
      fixSafety: 'The fix adds `secrets_from_env=False`. It is unsafe: objects that relied on environment secrets must receive them through `secrets_map` instead.',
      references: ['https://cwe.mitre.org/data/definitions/502.html', 'https://python.langchain.com/api_reference/core/load/langchain_core.load.load.loads.html'],
    },
  },
  {
    kind: 'ast',
    keywords: ['langchain_core.load', 'langchain.load', 'load.load'],
    onFile(ctx) {
      const scope = ctx.python();
      for (const { call, callee, qualified } of resolvedCalls(ctx)) {
        if (!callee || !qualified || !LOADERS.test(qualified)) continue;
        const secrets = scope.argument(call, undefined, 'secrets_from_env');
        if (literalTruthiness(ctx, secrets) === false) continue;
        const edit = secrets || scope.hasSplat(call) ? undefined : appendArgumentEdit(ctx, call, 'secrets_from_env=False');
        ctx.report({
          ruleId: 'AIS115',
          range: ctx.rangeOfNode(call),
          data: { callee: callee.text },
          fixes: edit ? [{ title: 'Pass `secrets_from_env=False`', applicability: 'unsafe', preferred: true, edits: [edit] }] : [],
        });
      }
    },
  },
);
