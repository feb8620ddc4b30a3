/**
 * AIS202 python-exec-non-literal: the builtin `exec`, or `compile` in exec mode, on a value that is not
 * a literal string.
 */
import type { Node } from 'web-tree-sitter';
import { defineRule, type AstContext } from '../../../engine/rule';
import { ancestorsOf } from '../../../engine/resolve/walk';
import { pythonCommandOrigin } from '../../shared/python-command-origin';
import { pythonCallsTo } from '../../shared/python-calls';
import { bareCallKeywords } from '../../shared/python-commands';
import { isBuiltFromConstants } from '../../shared/python-constants';
import { isLiteralStringArg, literalString } from '../../shared/python-values';
import { sinkCombine } from '../../shared/sink-combine';
import { regeneratedProjectSource } from './project-source';
import { isQuotedTemplate } from './quoted-template';

const EXEC = new Set(['builtins.exec', '__builtin__.exec', '__builtins__.exec']);
const COMPILE = new Set(['builtins.compile', '__builtin__.compile', '__builtins__.compile']);

export default defineRule(
  {
    id: 'AIS202',
    name: 'python-exec-non-literal',
    title: 'exec or compile on a non-literal value',
    category: 'code-execution',
    fileKinds: ['python'],
    severity: 'error',
    confidence: 'high',
    cwe: ['CWE-94'],
    message: '`{{callee}}` runs code that is not a literal; if any part of it comes from outside, it runs arbitrary code.',
    fixAvailability: 'none',
    peers: { bandit: ['B102'], ruff: ['S102'] },
    docs: {
      whatItDoes: 'Flags the builtin `exec(...)` when its code is not a literal string, and `compile(...)` with non-literal source in `exec` or `single` mode (or a mode that is not a literal). `compile(..., "eval")` is left to the `eval` rule, which flags the later `eval`. Methods named `exec` (`cursor.exec(...)`, `self.exec()`) are never flagged. `compile` to a syntax tree (`flags=ast.PyCF_ONLY_AST`), as a syntax check whose result is dropped or inside a `try` that catches `SyntaxError` (a `_compile_code` helper returning the code object to a caller that only checks it), or whose code object a later `exec` runs (that `exec` is reported) is not reported: whatever runs a code object, `exec` or `eval` of a value that is not a literal, is reported where it runs. Values built only from constants are not reported: formats of constants, an item of a constant mapping (`_LOOKUP[name]`), a class attribute holding a constant, a loop over constants, a command-line argument restricted by `choices=`, and a name that a guard on the way keeps among constants (`x if x in ("a", "b") else None`, `if name not in _ALLOWED: raise`). `exec(open("configurator.py").read())` of a `.py` file named by a relative literal path (configuration-as-code the project ships), or of a file named on the program\'s own command line (`sys.argv`, as nanoGPT\'s configurator does), is advisory (audit profile). So is code regenerated from the project\'s own source, as a documentation generator does: every non-literal part of the executed string is `ast.unparse(x)` and `x` comes from `ast.parse` of a `.py` file named by a relative literal path (`tree = ast.parse(open("pkg/models.py").read())`, `exec(f"import enum\\n{ast.unparse(node)}")` with `node` taken from `tree.body`); a tree parsed from anything else (a model\'s reply) stays reported. So is source generated from the program\'s own template when every value spliced in is quoted or an identifier: `{x!r}`, `repr(x)`, a list of strings spliced whole (`str()` quotes each), a name checked by a full match of an identifier pattern (`if not re.match(r"^[A-Za-z_][A-Za-z0-9_]*$", name): return`) or reduced by `re.sub(r"[^0-9a-zA-Z]+", "_", name)`, constants, and joins of lists built only from such parts (a tool binder writing `def {name}(self, {params}):` with `{doc!r}`); a parameter or another call spliced raw stays an error. So is an `exec(code, ns)` after an earlier `exec` of a non-literal value into the same namespace in the same function (an evaluation harness running the dataset\'s tests where the generated solution already ran): the first is reported, and what confines it confines the second. So is a value that comes only from the program\'s own command-line arguments, environment or settings (`eval(args.layers)`, `eval(f"torch.{args.dtype}")`, `exec(args.setup)`: the origin the shell rules call the operator\'s): whoever runs the program chooses it and could run that code anyway.',
      whyIsThisBad: '`exec` runs whole Python programs. Code built from strings that came from users, files, templates or a language model can import modules, read secrets and start processes.',
      example: 'exec(generated_code)\n',
      useInstead: '# Dispatch to known functions instead of running generated code.\nHANDLERS = {"resize": resize, "crop": crop}\nHANDLERS[action](image)\n',
      references: ['https://cwe.mitre.org/data/definitions/94.html', 'https://docs.python.org/3/library/functions.html#exec'],
    },
  },
  {
    kind: 'ast',
    keywords: [...bareCallKeywords('exec'), ...bareCallKeywords('compile')],
    onFile(ctx) {
      const scope = ctx.python();
      for (const { call, callee, qualified } of pythonCallsTo(ctx, new Set([...EXEC, ...COMPILE]))) {
        const code = scope.argument(call, 0, 'source');
        if (!code || isLiteralStringArg(ctx, code) || isBuiltFromConstants(ctx, code)) continue;
        if (COMPILE.has(qualified)) {
          const mode = literalString(ctx, scope.argument(call, 2, 'mode'));
          if (mode === 'eval') continue;
          // A syntax tree (`flags=ast.PyCF_ONLY_AST`) or a syntax check whose code object is dropped runs nothing.
          if (compilesToSyntaxTree(ctx, call) || call.parent?.type === 'expression_statement') continue;
          // `exec(compile(src, ...))`: the enclosing exec is reported; one finding per statement is enough.
          if (isArgumentOfExec(ctx, call) || isExecutedLater(ctx, call)) continue;
          // `try: return compile(src, ...)` / `except SyntaxError:` is the syntax-check idiom: whatever later runs the
          // code object (`exec`, `eval` of a value that is not a literal) is reported where it runs.
          if (isSyntaxCheck(call)) continue;
        }
        const projectFile = projectFileRead(ctx, code);
        const regenerated = projectFile ? undefined : regeneratedProjectSource(ctx, code);
        const template = !projectFile && !regenerated && isQuotedTemplate(ctx, code);
        const earlier = projectFile || regenerated || template || !EXEC.has(qualified) ? undefined : earlierExecInNamespace(ctx, call);
        // The operator's own input (command-line arguments, environment, settings) grants them nothing they lack.
        const operator = !projectFile && !regenerated && !template && !earlier && pythonCommandOrigin(ctx, code) === 'operator';
        ctx.report({
          ruleId: 'AIS202', combine: sinkCombine('it executes a value that is not a literal'), range: ctx.rangeOfNode(call), data: { callee: callee.text },
          ...(projectFile
            ? {
                advisory: true, severity: 'warning' as const,
                message: projectFile.commandLine
                  ? `\`${callee.text}\` runs the text of the file \`${projectFile.name}\` names on the program's own command line: configuration-as-code chosen by whoever runs the program, as \`python file.py\` would run it.`
                  : `\`${callee.text}\` runs the text of \`${projectFile.name}\`, a file named by a relative literal path: the project's own configuration-as-code, as trusted as an import unless others can write that file.`,
              }
            : {}),
          ...(regenerated
            ? {
                advisory: true, severity: 'warning' as const,
                message: `\`${callee.text}\` runs code regenerated (\`ast.unparse\`) from \`${regenerated}\`, a file of the project named by a relative literal path: the project's own code, as trusted as an import of that file.`,
              }
            : {}),
          ...(template
            ? {
                advisory: true, severity: 'warning' as const,
                message: `\`${callee.text}\` runs source the program generates from its own template: every value spliced in is quoted as a Python literal (\`repr\`, \`!r\`, a list of strings) or reduced to an identifier, so the values cannot add code; what runs is the template's.`,
              }
            : {}),
          ...(earlier
            ? {
                advisory: true, severity: 'warning' as const,
                message: `\`${callee.text}\` runs more code in \`${earlier.namespace}\`, where an earlier \`exec\` of a value that is not a literal already runs code (reported there); whatever confines that one confines this one.`,
                flow: [{ range: ctx.rangeOfNode(earlier.call), message: 'code that is not a literal already runs in this namespace here' }],
              }
            : {}),
          ...(operator
            ? {
                advisory: true, severity: 'warning' as const,
                message: `\`${callee.text}\` runs code that comes only from the program's own command-line arguments, environment or settings: whoever runs the program chooses it and could run it with \`python -c\` anyway, so this is advisory.`,
              }
            : {}),
        });
      }
    },
  },
);

/**
 * An earlier `exec(code, ns)` in the same function, into the same namespace, of a value that is not a literal
 * (and not the project's own file): a harness that runs a generated solution and then the dataset's tests
 * (`exec(solution, g)`, then `exec(test, g)`) runs arbitrary code in `g` from the first call on, and what
 * confines that call confines the second. The later call is advisory, with a flow step to the first.
 */
function earlierExecInNamespace(ctx: AstContext, call: Node): { call: Node; namespace: string } | undefined {
  const scope = ctx.python();
  const namespace = scope.argument(call, 1, 'globals');
  if (!namespace || (namespace.type !== 'identifier' && namespace.type !== 'attribute')) return undefined;
  let fn: Node | null = call.parent;
  while (fn && fn.type !== 'function_definition' && fn.type !== 'module') fn = fn.parent;
  if (!fn) return undefined;
  for (const other of fn.descendantsOfType('call')) {
    if (!other || other.startIndex >= call.startIndex) break;
    const callee = other.childForFieldName('function');
    const qualified = callee ? scope.qualifiedName(callee) : undefined;
    if (!qualified || !EXEC.has(qualified) || scope.argument(other, 1, 'globals')?.text !== namespace.text) continue;
    const code = scope.argument(other, 0, 'source');
    if (code && !isLiteralStringArg(ctx, code) && !isBuiltFromConstants(ctx, code) && !projectFileRead(ctx, code)) return { call: other, namespace: namespace.text };
  }
  return undefined;
}

/**
 * The relative literal path of `open("configurator.py").read()` or `Path("config.py").read_text()` (directly or
 * through a name bound once): executing a file the project ships (nanoGPT's `exec(open('configurator.py').read())`)
 * is configuration-as-code, so the finding is advisory; so is a file named on the program's own command line
 * (`exec(open(sys.argv[1]).read())`). Absolute literal paths and URLs do not count.
 */
function projectFileRead(ctx: AstContext, code: Node): { name: string; commandLine: boolean } | undefined {
  const value = code.type === 'identifier' ? ctx.python().boundValue(code) ?? code : code;
  const fn = value.type === 'call' ? value.childForFieldName('function') : undefined;
  if (fn?.type !== 'attribute') return undefined;
  const method = fn.childForFieldName('attribute')?.text;
  const opened = fn.childForFieldName('object');
  if (opened?.type !== 'call' || (method !== 'read' && method !== 'read_text')) return undefined;
  const opener = opened.childForFieldName('function');
  const openerName = opener ? ctx.python().qualifiedName(opener) : undefined;
  const expected = method === 'read' ? ['builtins.open', 'io.open'] : ['pathlib.Path'];
  if (!openerName || !expected.includes(openerName)) return undefined;
  const pathArgument = ctx.python().argument(opened, 0, method === 'read' ? 'file' : undefined);
  const path = literalString(ctx, pathArgument);
  if (path === undefined) return pathArgument && isCommandLineArgument(ctx, pathArgument) ? { name: pathArgument.text, commandLine: true } : undefined;
  return /^[\w.-][\w./-]*\.py$/.test(path) && !path.includes('..') ? { name: path, commandLine: false } : undefined;
}

/**
 * A value of the program's own command line: `sys.argv[i]`, or a name bound once to one, or the variable of a
 * loop over `sys.argv` (nanoGPT's configurator: `for arg in sys.argv[1:]: ... config_file = arg`). Whoever
 * types the command line runs the program; executing the file they name is what `python file.py` does.
 */
function isCommandLineArgument(ctx: AstContext, node: Node, depth = 0): boolean {
  if (depth > 3) return false;
  const argv = (n: Node | null | undefined): boolean => {
    const inner = n?.type === 'subscript' ? n.childForFieldName('value') : n;
    return !!inner && ctx.python().qualifiedName(inner) === 'sys.argv';
  };
  if (node.type === 'subscript') return argv(node);
  if (node.type !== 'identifier') return false;
  const bound = ctx.python().boundValue(node);
  if (bound) return isCommandLineArgument(ctx, bound, depth + 1);
  for (let current: Node | null = node.parent; current && current.type !== 'function_definition' && current.type !== 'module'; current = current.parent) {
    if (current.type === 'for_statement' && current.childForFieldName('left')?.text === node.text) return argv(current.childForFieldName('right'));
  }
  return false;
}

/** `compile(src, name, mode, flags=ast.PyCF_ONLY_AST)` (or the flag in an `|` of flags, positional index 3). */
function compilesToSyntaxTree(ctx: AstContext, call: Node): boolean {
  const flags = ctx.python().argument(call, 3, 'flags');
  if (!flags) return false;
  const parts = [flags, ...flags.descendantsOfType(['attribute', 'identifier']).filter((n): n is Node => !!n)];
  return parts.some((part) => {
    const qualified = ctx.python().qualifiedName(part);
    return qualified === 'ast.PyCF_ONLY_AST' || qualified === '_ast.PyCF_ONLY_AST';
  });
}

/** `code = compile(src, ...)` followed by `exec(code)` in the same function: the `exec` is reported. */
function isExecutedLater(ctx: AstContext, call: Node): boolean {
  const assignment = call.parent?.type === 'assignment' && call.parent.childForFieldName('right')?.id === call.id ? call.parent : undefined;
  const target = assignment?.childForFieldName('left');
  if (target?.type !== 'identifier') return false;
  let scope: Node | null = call.parent;
  while (scope && scope.type !== 'function_definition' && scope.type !== 'module') scope = scope.parent;
  if (!scope) return false;
  return ctx.calls().some((other) => {
    if (other.startIndex < call.endIndex || other.endIndex > scope.endIndex) return false;
    const first = ctx.python().argument(other, 0, undefined);
    const fn = other.childForFieldName('function');
    const qualified = fn ? ctx.python().qualifiedName(fn) : undefined;
    return first?.type === 'identifier' && first.text === target.text && qualified !== undefined && (EXEC.has(qualified) || qualified === 'builtins.eval');
  });
}

/** The call sits in the body of a `try` that catches `SyntaxError` (alone, in a tuple, or as `except SyntaxError as e`). */
function isSyntaxCheck(call: Node): boolean {
  let inside: Node = call;
  for (const ancestor of ancestorsOf(call)) {
    if (ancestor.type === 'function_definition' || ancestor.type === 'lambda' || ancestor.type === 'class_definition') return false;
    if (ancestor.type === 'try_statement' && ancestor.childForFieldName('body')?.id === inside.id) {
      const handlers = ancestor.namedChildren.filter((c): c is Node => c?.type === 'except_clause');
      if (handlers.some((handler) => catchesSyntaxError(handler))) return true;
    }
    inside = ancestor;
  }
  return false;
}

function catchesSyntaxError(handler: Node): boolean {
  const caught = handler.namedChildren.find((c): c is Node => !!c && c.type !== 'block' && c.type !== 'comment');
  if (!caught) return false;
  const value = caught.type === 'as_pattern' ? caught.namedChild(0) : caught;
  const names = value?.type === 'tuple' || value?.type === 'parenthesized_expression' ? value.descendantsOfType('identifier') : [value];
  return names.some((name) => name?.type === 'identifier' && name.text === 'SyntaxError');
}

function isArgumentOfExec(ctx: AstContext, call: Node): boolean {
  const outer = call.parent?.type === 'argument_list' ? call.parent.parent : null;
  const fn = outer?.childForFieldName('function');
  const qualified = fn ? ctx.python().qualifiedName(fn) : undefined;
  return qualified !== undefined && (EXEC.has(qualified) || qualified === 'builtins.eval');
}
