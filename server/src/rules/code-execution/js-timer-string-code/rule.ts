/**
 * AIS242 js-timer-string-code: `setTimeout`/`setInterval`/`setImmediate` given a string built at run time
 * instead of a function; browsers compile such strings like `eval`.
 */
import { defineRule } from '../../../engine/rule';
import { calleeLabel, jsCallsTo } from '../../shared/js-calls';
import { isDynamicString } from '../../shared/js-strings';
import { sinkCombine } from '../../shared/sink-combine';

const SINKS = new Set(['global.setTimeout', 'global.setInterval', 'global.setImmediate']);

export default defineRule(
  {
    id: 'AIS242',
    name: 'js-timer-string-code',
    title: 'Timer given a code string',
    category: 'code-execution',
    fileKinds: ['javascript', 'typescript', 'tsx'],
    severity: 'warning',
    confidence: 'medium',
    cwe: ['CWE-95'],
    message: '`{{callee}}` with a string argument compiles that string as code (like `eval`); pass a function instead.',
    fixAvailability: 'none',
    docs: {
      whatItDoes: 'Flags `setTimeout`, `setInterval` and `setImmediate` (also through `window`/`globalThis`) whose first argument is a string built at run time: a template literal with substitutions, a concatenation with a string, or a variable bound to one. A function argument, the common case, is never flagged, nor is a literal string.',
      whyIsThisBad: 'Browsers (and other hosts that accept it) compile a string callback with the `Function` constructor in the global scope, so it is `eval` in disguise. When the string includes data from the page, a URL or a model response, that data runs as script (code injection, DOM XSS).',
      example: 'setTimeout("update(" + location.hash.slice(1) + ")", 100);\n',
      useInstead: 'const id = location.hash.slice(1);\nsetTimeout(() => update(id), 100);\n',
      references: ['https://cwe.mitre.org/data/definitions/95.html', 'https://developer.mozilla.org/en-US/docs/Web/API/Window/setTimeout#passing_string_literals'],
    },
  },
  {
    kind: 'ast',
    keywords: ['setTimeout', 'setInterval', 'setImmediate'],
    onFile(ctx) {
      for (const { call, callee, args } of jsCallsTo(ctx, SINKS)) {
        const code = args[0];
        if (!code || !isDynamicString(ctx, code)) continue;
        ctx.report({ ruleId: 'AIS242', combine: sinkCombine('a timer runs a code string'), range: ctx.rangeOfNode(call), data: { callee: calleeLabel(callee) } });
      }
    },
  },
);
