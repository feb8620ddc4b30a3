/**
 * AIS201 python-eval-non-literal: the builtin `eval` on a value that is not a literal string.
 */
import type { Node } from 'web-tree-sitter';
import { defineRule, type AstContext } from '../../../engine/rule';
import { ancestorsOf } from '../../../engine/resolve/walk';
import { pythonCommandOrigin } from '../../shared/python-command-origin';
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
      whatItDoes: 'Flags the builtin `eval(...)` when its argument is not a literal string (or a name bound once to one). A name that the function reassigns once, before the `eval` and on its way, to `re.sub(r"[^0-9+\\-*/().]", "", x)` (a class that keeps no letter or underscore) is advisory: only arithmetic reaches `eval`. Methods that share the name (`model.eval()`, `df.eval(...)`) and a local `def eval` are not the builtin and are never flagged here. Values built only from constants are not reported: formats of constants, an item of a constant mapping (`_LOOKUP[name]`), a class attribute holding a constant, a loop over constants, a command-line argument restricted by `choices=`, and a name that a guard on the way keeps among constants (`x if x in ("a", "b") else None`, `if name not in _ALLOWED: raise`). So is a value that comes only from the program\'s own command-line arguments, environment or settings (`eval(args.layers)`, `eval(f"torch.{args.dtype}")`, `exec(args.setup)`: the origin the shell rules call the operator\'s): whoever runs the program chooses it and could run that code anyway.',
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
        const arithmetic = reducedToArithmetic(ctx, code, call);
        // The operator's own input (command-line arguments, environment, settings) grants them nothing they lack.
        const operator = !arithmetic && pythonCommandOrigin(ctx, code) === 'operator';
        const single = scope.argument(call, 1, 'globals') === undefined && !scope.hasSplat(call);
        const ast = single ? moduleReference(ctx, 'ast') : undefined;
        ctx.report({
          ruleId: 'AIS201', combine: sinkCombine('it evaluates a value that is not a literal'),
          range: ctx.rangeOfNode(call),
          data: { callee: callee.text },
          ...(arithmetic
            ? {
                advisory: true, severity: 'warning' as const, confidence: 'medium' as const,
                message: `\`${callee.text}\` evaluates \`${code.text}\`, which \`${arithmetic}\` reduced to digits and operators: no name, call or attribute can reach \`eval\`, only arithmetic (which can still exhaust memory or time, as \`9**9**9\` does).`,
              }
            : {}),
          ...(operator
            ? {
                advisory: true, severity: 'warning' as const, confidence: 'medium' as const,
                message: `\`${callee.text}\` evaluates a value that comes only from the program's own command-line arguments, environment or settings: whoever runs the program chooses it and could run that code anyway, so this is advisory; \`ast.literal_eval\` reads literals without running code.`,
              }
            : {}),
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

/**
 * The `re.sub(...)` text when `code` is a name its function reassigns exactly once, in a statement on the way to
 * the `eval` (in a block that encloses it, before it), to `re.sub(r"[^<allowed>]", "", ...)` whose allowed
 * characters hold no letter, underscore or non-ASCII character: Python then sees no name, so nothing but
 * arithmetic on literals can run (a calculator tool that keeps only digits, operators and parentheses).
 */
function reducedToArithmetic(ctx: AstContext, code: Node, evalCall: Node): string | undefined {
  if (code.type !== 'identifier') return undefined;
  const fn = ancestorsOf(evalCall).find((a) => a.type === 'function_definition');
  const body = fn?.childForFieldName('body');
  if (!fn || !body) return undefined;
  const assignments = body.descendantsOfType(['assignment', 'augmented_assignment', 'for_statement', 'with_statement', 'named_expression'])
    .filter((node): node is Node => !!node && bindsName(node, code.text));
  if (assignments.length !== 1 || assignments[0]!.type !== 'assignment') return undefined;
  const assignment = assignments[0]!;
  const statement = assignment.parent;
  if (statement?.type !== 'expression_statement' || statement.endIndex > evalCall.startIndex) return undefined;
  // On the way: the statement's block encloses the eval (no branch or loop that may skip it).
  const block = statement.parent;
  if (!block || !(block.startIndex <= evalCall.startIndex && evalCall.endIndex <= block.endIndex)) return undefined;
  const value = assignment.childForFieldName('right');
  if (value?.type !== 'call' || !value.childForFieldName('function') || ctx.python().qualifiedName(value.childForFieldName('function')!) !== 're.sub') return undefined;
  const pattern = ctx.python().literalValue(ctx.python().argument(value, 0, 'pattern') ?? value);
  const replacement = ctx.python().literalValue(ctx.python().argument(value, 1, 'repl') ?? value);
  if (pattern?.kind !== 'string' || replacement?.kind !== 'string' || replacement.value !== '') return undefined;
  return keepsNoNameCharacter(pattern.value) ? value.text : undefined;
}

/** Whether an assignment-like node binds `name` (its left side, loop target or `as` target names it). */
function bindsName(node: Node, name: string): boolean {
  const target = node.type === 'for_statement' ? node.childForFieldName('left')
    : node.type === 'with_statement' ? node.descendantsOfType('as_pattern_target')[0] ?? null
    : node.type === 'named_expression' ? node.childForFieldName('name')
    : node.childForFieldName('left');
  if (!target) return false;
  return target.text === name || target.descendantsOfType('identifier').some((id) => id?.text === name);
}

/**
 * True for a pattern that is exactly one negated character class (`[^...]`) whose kept characters include no
 * letter, underscore or non-ASCII character (escapes `\d` and `\s` are allowed; `\w`, `\D`, `\S`, `\W` and
 * Unicode classes are not).
 */
function keepsNoNameCharacter(pattern: string): boolean {
  const match = /^\[\^((?:\\.|[^\]\\])+)\]\+?$/.exec(pattern);
  if (!match) return false;
  const body = match[1]!;
  const kept: number[] = [];
  for (let i = 0; i < body.length; i += 1) {
    let char = body[i]!;
    if (char === '\\') {
      const escaped = body[i + 1] ?? '';
      i += 1;
      if (escaped === 'd' || escaped === 's') continue;
      if (/[A-Za-z0-9]/.test(escaped)) return false;
      char = escaped;
    }
    if (body[i + 1] === '-' && i + 2 < body.length) {
      const end = body[i + 2] === '\\' ? body[i + 3] ?? '' : body[i + 2]!;
      for (let code = char.charCodeAt(0); code <= end.charCodeAt(0); code += 1) kept.push(code);
      i += body[i + 2] === '\\' ? 3 : 2;
      continue;
    }
    kept.push(char.charCodeAt(0));
  }
  return kept.every((code) => code < 128 && !/[A-Za-z_]/.test(String.fromCharCode(code)));
}
