/**
 * AIS240 js-eval-non-literal: `eval` (direct, through a global object or indirect) and `execScript`
 * with code that is not a literal string.
 */
import { defineRule } from '../../../engine/rule';
import { calleeLabel, isJsLiteral, jsCallsTo } from '../../shared/js-calls';
import { readsExternalInput } from '../../shared/js-strings';
import { sinkCombine } from '../../shared/sink-combine';

const SINKS = new Set(['global.eval', 'global.execScript']);

export default defineRule(
  {
    id: 'AIS240',
    name: 'js-eval-non-literal',
    title: 'eval of non-literal code',
    category: 'code-execution',
    fileKinds: ['javascript', 'typescript', 'tsx'],
    severity: 'warning',
    confidence: 'medium',
    cwe: ['CWE-95'],
    message: '`{{callee}}` runs a string built at run time as JavaScript; whoever controls that string controls the process.',
    fixAvailability: 'none',
    peers: { semgrep: ['javascript.browser.security.eval-detected.eval-detected'] },
    docs: {
      whatItDoes: 'Flags calls to the global `eval` (also `window.eval`, `globalThis.eval`, the indirect `(0, eval)(x)`) and `execScript` whose argument is not a literal string. A local function or parameter named `eval` is not the global and is not flagged; literal code is exempt. The severity rises to error (high confidence) when the argument visibly reads outside input: request body, query, params or headers, the page URL or cookies, `process.argv`, a Lambda event or a message payload.',
      whyIsThisBad: '`eval` compiles and runs its argument with the full rights of the process (in Node: file system, network, child processes). When any part of the string comes from a request, a file, a model response or another program, that source can run arbitrary code (code injection).',
      example: 'const result = eval(req.query.expression);\n',
      useInstead: '// Parse data instead of running it:\nconst value = JSON.parse(text);\n// Or dispatch through an allow-list of functions:\nconst OPERATIONS = { add: (a, b) => a + b };\nconst result = OPERATIONS[name]?.(a, b);\n',
      references: ['https://cwe.mitre.org/data/definitions/95.html', 'https://developer.mozilla.org/en-US/docs/Web/JavaScript/Reference/Global_Objects/eval#never_use_direct_eval!', 'https://owasp.org/www-community/attacks/Code_Injection'],
    },
  },
  {
    kind: 'ast',
    keywords: ['eval(', 'eval)', 'execScript'],
    onFile(ctx) {
      for (const { call, callee, args, hasSpread } of jsCallsTo(ctx, SINKS)) {
        const code = args[0];
        if (!code && !hasSpread) continue;
        if (code && isJsLiteral(ctx, code)) continue;
        ctx.report({ ruleId: 'AIS240', combine: sinkCombine('it evaluates a value that is not a literal'), range: ctx.rangeOfNode(call), ...(args.some(readsExternalInput) ? { severity: 'error' as const, confidence: 'high' as const } : {}), data: { callee: calleeLabel(callee) } });
      }
    },
  },
);
