/**
 * AIS152 serialize-javascript-unsafe: `serialize-javascript` with `unsafe: true` stops escaping HTML
 * characters, so serialized state embedded in a page can close the script tag and inject markup.
 */
import { defineRule } from '../../../engine/rule';
import { unwrapExpression } from '../../../engine/resolve/javascript-scope';
import { jsCallsTo, jsTruthiness, objectProperty } from '../../shared/js-calls';
import { removeObjectPair } from '../../shared/js-edits';

export default defineRule(
  {
    id: 'AIS152',
    name: 'serialize-javascript-unsafe',
    title: 'serialize-javascript with unsafe: true',
    category: 'deserialization',
    fileKinds: ['javascript', 'typescript', 'tsx'],
    severity: 'warning',
    confidence: 'high',
    cwe: ['CWE-80'],
    message: '`serialize(..., { unsafe: true })` does not escape `<`, `>` or `/`, so data embedded in a `<script>` can break out of it (XSS).',
    fixAvailability: 'always',
    docs: {
      whatItDoes: 'Flags calls to the `serialize-javascript` package whose options set `unsafe` to anything but `false`.',
      whyIsThisBad: 'serialize-javascript is used to embed server state into HTML (`<script>window.__STATE__ = ${serialize(state)}</script>`). Its default escapes HTML-significant characters; `unsafe: true` turns that off for speed, so a string such as `</script><script>...` in the state (a user name, a model reply) ends the script element and injects markup and script.',
      example: 'const html = `<script>window.__STATE__ = ${serialize(state, { unsafe: true })}</script>`;\n',
      useInstead: 'const html = `<script>window.__STATE__ = ${serialize(state)}</script>`;\n',
      fixSafety: 'The fix removes the `unsafe` option. It is unsafe only in the sense that output changes: `<`, `>` and `/` become unicode escapes, which JavaScript reads back as the same characters, so code that evaluates the output keeps working.',
      references: ['https://cwe.mitre.org/data/definitions/80.html', 'https://github.com/yahoo/serialize-javascript#unsafe'],
    },
  },
  {
    kind: 'ast',
    keywords: ['serialize-javascript'],
    onFile(ctx) {
      for (const { call, args } of jsCallsTo(ctx, new Set(['serialize-javascript']))) {
        const options = args[1] ? unwrapExpression(args[1]) : undefined;
        const unsafe = objectProperty(options, 'unsafe');
        if (!unsafe || jsTruthiness(ctx, unsafe) === false) continue;
        const pair = unsafe.parent?.type === 'pair' ? unsafe.parent : unsafe;
        ctx.report({ ruleId: 'AIS152', range: ctx.rangeOfNode(call), fixes: [{ title: 'Remove `unsafe: true`', applicability: 'unsafe', preferred: true, edits: [removeObjectPair(ctx, pair)] }] });
      }
    },
  },
);

