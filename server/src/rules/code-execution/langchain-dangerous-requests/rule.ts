/**
 * AIS215 langchain-dangerous-requests: LangChain's `allow_dangerous_requests=True` lets the model choose
 * which URLs or databases the application contacts.
 */
import { defineRule } from '../../../engine/rule';
import { optInKeywordChecker } from '../../shared/python-opt-in';

export default defineRule(
  {
    id: 'AIS215',
    name: 'langchain-dangerous-requests',
    title: 'LangChain allow_dangerous_requests enabled',
    category: 'code-execution',
    fileKinds: ['python'],
    severity: 'warning',
    advisory: { findings: 'info', editor: 'hint', reason: 'A value forwarded from a parameter or setting is off unless the caller turns it on.' },
    confidence: 'high',
    cwe: ['CWE-918'],
    message: '`{{callee}}` is called with `allow_dangerous_requests` enabled: the model decides which requests or queries are sent, so prompt injection can reach internal services.',
    fixAvailability: 'sometimes',
    docs: {
      whatItDoes: 'Flags any call that passes `allow_dangerous_requests` with a truthy value: `RequestsToolkit`, `OpenAPIToolkit`, the requests tools, `WebResearchRetriever`, the graph QA chains (Cypher, Gremlin, SPARQL, Neptune, ...) and `LLMSymbolicMathChain`. A non-literal value is flagged with low confidence.',
      whyIsThisBad: 'With the opt-in, model output is turned directly into HTTP requests or database queries. Instructions hidden in a document or a user message can make the agent call cloud metadata endpoints, internal admin APIs, or write to the graph database (server-side request forgery and injection).',
      example: 'from langchain_community.agent_toolkits.openapi.toolkit import RequestsToolkit\n\ntoolkit = RequestsToolkit(requests_wrapper=wrapper, allow_dangerous_requests=True)\n',
      useInstead: '# Give the agent narrow tools that call fixed endpoints with validated parameters,\n# and run it with credentials that can only read what it needs.\n',
      fixSafety: 'The fix removes the keyword. It is unsafe: the toolkit or chain then refuses to run until it is redesigned.',
      references: ['https://cwe.mitre.org/data/definitions/918.html', 'https://python.langchain.com/docs/security/'],
    },
  },
  optInKeywordChecker({ ruleId: 'AIS215', keyword: 'allow_dangerous_requests', consequence: 'the model decides which requests or queries are sent, so prompt injection can reach internal services' }),
);
