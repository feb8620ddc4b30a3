/**
 * AIS241 js-function-constructor-non-literal: `new Function(...)` / `Function(...)` with a body or
 * parameter list that is not literal: the string is compiled and runs like `eval`.
 */
import { defineRule } from '../../../engine/rule';
import { isJsLiteral, jsCallsTo } from '../../shared/js-calls';
import { readsExternalInput } from '../../shared/js-strings';
import { sinkCombine } from '../../shared/sink-combine';

const SINKS = new Set(['global.Function', 'global.AsyncFunction']);

export default defineRule(
  {
    id: 'AIS241',
    name: 'js-function-constructor-non-literal',
    title: 'Function constructor with non-literal code',
    category: 'code-execution',
    fileKinds: ['javascript', 'typescript', 'tsx'],
    severity: 'warning',
    confidence: 'medium',
    cwe: ['CWE-95'],
    message: '`{{form}}` compiles a string built at run time into code; it is `eval` under another name.',
    fixAvailability: 'none',
    docs: {
      whatItDoes: 'Flags `new Function(...)` and `Function(...)` (also through `globalThis`/`window`) when any argument, the parameter names or the body, is not a literal string. `Function("return this")()` and other literal bodies are exempt; a local binding named `Function` is not the global. The severity rises to error (high confidence) when the argument visibly reads outside input: request body, query, params or headers, the page URL or cookies, `process.argv`, a Lambda event or a message payload.',
      whyIsThisBad: 'The Function constructor compiles its last argument as a function body in the global scope. If the body or the parameter list includes data from a request, a file or a model response, that data runs as code (code injection). Template engines that compile user-supplied templates this way are a classic remote-code-execution source.',
      example: 'const fn = new Function("row", `return ${userFormula};`);\n',
      useInstead: '// Interpret a small expression language with a parser instead of compiling strings,\n// or map names to functions that already exist:\nconst FORMULAS = { total: (row) => row.price * row.qty };\nconst fn = FORMULAS[name];\n',
      references: ['https://cwe.mitre.org/data/definitions/95.html', 'https://developer.mozilla.org/en-US/docs/Web/JavaScript/Reference/Global_Objects/Function/Function', 'https://owasp.org/www-community/attacks/Code_Injection'],
    },
  },
  {
    kind: 'ast',
    keywords: ['Function('],
    onFile(ctx) {
      for (const { call, isNew, args, hasSpread } of jsCallsTo(ctx, SINKS)) {
        if (args.length === 0 && !hasSpread) continue;
        if (!hasSpread && args.every((a) => isJsLiteral(ctx, a))) continue;
        ctx.report({ ruleId: 'AIS241', combine: sinkCombine('it builds a function from a value that is not a literal'), range: ctx.rangeOfNode(call), ...(args.some(readsExternalInput) ? { severity: 'error' as const, confidence: 'high' as const } : {}), data: { form: isNew ? 'new Function(...)' : 'Function(...)' } });
      }
    },
  },
);
