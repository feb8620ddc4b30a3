/**
 * AIS150 node-serialize-unserialize: `node-serialize` `unserialize` and `serialize-to-js` `deserialize`
 * evaluate function bodies embedded in the data (`_$$ND_FUNC$$_`), so loading such data runs code.
 */
import { defineRule } from '../../../engine/rule';
import { calleeLabel, isJsLiteral, jsCallsTo } from '../../shared/js-calls';

const SINKS = new Set(['node-serialize.unserialize', 'serialize-to-js.deserialize', 'funcster.deepDeserialize', 'cryo.parse']);

export default defineRule(
  {
    id: 'AIS150',
    name: 'node-serialize-unserialize',
    title: 'JavaScript deserializer that runs code',
    category: 'deserialization',
    fileKinds: ['javascript', 'typescript', 'tsx'],
    severity: 'error',
    confidence: 'high',
    cwe: ['CWE-502'],
    message: '`{{callee}}` evaluates functions embedded in the data it reads; data from anyone else becomes code (CVE-2017-5941).',
    fixAvailability: 'none',
    docs: {
      whatItDoes: 'Flags `unserialize` from `node-serialize` and `deserialize` from `serialize-to-js` (also `funcster` `deepDeserialize` and `cryo` `parse`, which revive functions the same way), through `require`, imports and destructuring, unless the argument is a literal string.',
      whyIsThisBad: '`node-serialize` stores functions as source text and revives them with `eval`; an immediately invoked function expression in the data (`"_$$ND_FUNC$$_function(){...}()"`) runs during `unserialize` (CVE-2017-5941). `serialize-to-js` before 3.0 revived data with `eval` as well. A cookie, a request body, a cache entry or a model response passed to these functions is remote code execution.',
      example: 'const serialize = require("node-serialize");\n\nconst profile = serialize.unserialize(Buffer.from(req.cookies.profile, "base64").toString());\n',
      useInstead: '// Plain data needs no functions: use JSON and validate the shape.\nconst profile = JSON.parse(Buffer.from(req.cookies.profile, "base64").toString());\n',
      references: ['https://cwe.mitre.org/data/definitions/502.html', 'https://nvd.nist.gov/vuln/detail/CVE-2017-5941', 'https://github.com/advisories/GHSA-q4v7-4rhw-9hqm'],
    },
  },
  {
    kind: 'ast',
    keywords: ['node-serialize', 'serialize-to-js', 'funcster', 'cryo'],
    onFile(ctx) {
      for (const { call, callee, args } of jsCallsTo(ctx, SINKS)) {
        if (args[0] && isJsLiteral(ctx, args[0])) continue;
        ctx.report({ ruleId: 'AIS150', range: ctx.rangeOfNode(call), data: { callee: calleeLabel(callee) } });
      }
    },
  },
);
