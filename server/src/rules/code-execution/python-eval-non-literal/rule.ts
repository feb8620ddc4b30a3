/**
 * AIS201 python-eval-non-literal: the builtin `eval` on a value that is not a literal string.
 */
import type { Node } from 'web-tree-sitter';
import { defineRule, type AstContext } from '../../../engine/rule';
import { pythonCallsTo } from '../../shared/python-calls';
import { bareCallKeywords } from '../../shared/python-commands';
import { isBuiltFromConstants } from '../../shared/python-constants';
import { moduleReference, replaceNodeEdit } from '../../shared/python-edits';
import { isLiteralStringArg } from '../../shared/python-values';
import { sinkCombine } from '../../shared/sink-combine';

const EVAL = new Set(['builtins.eval', '__builtin__.eval', '__builtins__.eval']);

export default defineRule(
  {
    id: 'AIS201',
    name: 'python-eval-non-literal',
    title: 'eval on a non-literal value',
    category: 'code-execution',
    fileKinds: ['python'],
    severity: 'error',
    confidence: 'high',
    cwe: ['CWE-95'],
    message: '`{{callee}}` evaluates a value that is not a literal; if any part of it comes from outside, it runs arbitrary code.',
    fixAvailability: 'sometimes',
    peers: { bandit: ['B307'], ruff: ['S307'] },
    docs: {
      whatItDoes: 'Flags the builtin `eval(...)` when its argument is not a literal string (or a name bound once to one). Methods that share the name (`model.eval()`, `df.eval(...)`) and a local `def eval` are not the builtin and are never flagged here. Values built only from constants are not reported: formats of constants, an item of a constant mapping (`_LOOKUP[name]`), a class attribute holding a constant, a loop over constants, a command-line argument restricted by `choices=`, and a name that a guard on the way keeps among constants (`x if x in ("a", "b") else None`, `if name not in _ALLOWED: raise`).',
      whyIsThisBad: '`eval` runs any Python expression, and expressions can import modules and call functions (`__import__("os").system(...)`). Input from users, files, the network or a language model must never reach it.',
      example: 'value = eval(request.args["expr"])\n',
      useInstead: 'import ast\n\nvalue = ast.literal_eval(text)  # literals only: numbers, strings, lists, dicts\n',
      fixSafety: 'The fix replaces `eval(x)` with `ast.literal_eval(x)` (adding `import ast`). It is unsafe: `literal_eval` accepts only literals, so code that evaluates real expressions (arithmetic on names, calls) stops working.',
      references: ['https://cwe.mitre.org/data/definitions/95.html', 'https://docs.python.org/3/library/functions.html#eval', 'https://docs.python.org/3/library/ast.html#ast.literal_eval'],
    },
  },
  {
    kind: 'ast',
    keywords: bareCallKeywords('eval'),
    onFile(ctx) {
      const scope = ctx.python();
      for (const { call, callee } of pythonCallsTo(ctx, EVAL)) {
        const code = scope.argument(call, 0, 'source') ?? scope.argument(call, 0, 'expression');
        // Code built only from constants (`eval(f"torch.{x}") if x in ("float16", "bfloat16") else None`) runs nothing an outsider chose.
        if (!code || isLiteralStringArg(ctx, code) || isReprRoundTrip(ctx, code) || isBuiltFromConstants(ctx, code)) continue;
        const single = scope.argument(call, 1, 'globals') === undefined && !scope.hasSplat(call);
        const ast = single ? moduleReference(ctx, 'ast') : undefined;
        ctx.report({
          ruleId: 'AIS201', combine: sinkCombine('it evaluates a value that is not a literal'),
          range: ctx.rangeOfNode(call),
          data: { callee: callee.text },
          fixes: ast ? [{ title: 'Use `ast.literal_eval` (literals only)', applicability: 'unsafe', edits: [...ast.edits, replaceNodeEdit(ctx, callee, `${ast.name}.literal_eval`)] }] : [],
        });
      }
    },
  },
);

/** `eval(repr(x))`: the round-trip idiom of tests, evaluating the program's own representation of a value. */
function isReprRoundTrip(ctx: AstContext, code: Node): boolean {
  if (code.type !== 'call') return false;
  const fn = code.childForFieldName('function');
  return !!fn && ctx.python().qualifiedName(fn) === 'builtins.repr';
}
