/**
 * AIS206 asyncio-subprocess-shell: `asyncio.create_subprocess_shell` (or `loop.subprocess_shell`) on a
 * command that is not a literal.
 */
import type { Node } from 'web-tree-sitter';
import type { Fix } from '../../../engine/finding';
import { defineRule, type AstContext } from '../../../engine/rule';
import { isLiteralCommand } from '../../shared/python-commands';
import { moduleReference, replaceNodeEdit } from '../../shared/python-edits';
import { textImports } from '../../shared/python-values';
import { originReport, pythonCommandOrigin } from '../../shared/python-command-origin';
import { sinkCombine } from '../../shared/sink-combine';

export default defineRule(
  {
    id: 'AIS206',
    name: 'asyncio-subprocess-shell',
    title: 'asyncio shell subprocess with a non-literal command',
    category: 'code-execution',
    fileKinds: ['python'],
    severity: 'error',
    confidence: 'high',
    cwe: ['CWE-78'],
    message: '`{{callee}}` runs a non-literal command through the shell; shell metacharacters in any part of it run extra commands.',
    fixAvailability: 'sometimes',
    docs: {
      whatItDoes: 'Flags `asyncio.create_subprocess_shell(cmd)` and `loop.subprocess_shell(factory, cmd)` when the command is not a literal string. Values built only from constants are not reported: formats of constants, an item of a constant mapping (`_LOOKUP[name]`), a class attribute holding a constant, a loop over constants, a command-line argument restricted by `choices=`, and a name that a guard on the way keeps among constants (`x if x in ("a", "b") else None`, `if name not in _ALLOWED: raise`). How origin sets severity: the program\'s own temporary files and paths (`tempfile.mkdtemp()`, a `NamedTemporaryFile`\'s `.name`, `__file__`, `sys.executable`) count as constants; a parameter of a private (`_name`) or nested function (not a method), or of a function in a script that parses its command line on import, is followed to the call sites in the file and takes the worst origin they pass (no call site, a callback use or `*args` keeps it unknown, and a public function\'s parameter stays unknown since other modules may call it); a command built only from constants and the operator\'s own input (argparse options, `sys.argv`, a `click`/`typer` command\'s parameters, environment variables, UPPER_CASE settings imported from the project) is advisory information (audit profile, an editor hint), since the person running the program chose it; anything else keeps the rule\'s severity.',
      whyIsThisBad: 'Both pass the command to `/bin/sh`, exactly like `subprocess` with `shell=True`: values containing `;`, `|` or `$(...)` run additional commands.',
      example: 'import asyncio\n\nproc = await asyncio.create_subprocess_shell(f"ffmpeg -i {src} {dst}")\n',
      useInstead: 'import asyncio\n\nproc = await asyncio.create_subprocess_exec("ffmpeg", "-i", src, dst)\n',
      fixSafety: 'The fix rewrites `asyncio.create_subprocess_shell(cmd, ...)` to `asyncio.create_subprocess_exec(*shlex.split(cmd), ...)`. It is unsafe: shell features stop working and interpolated values with spaces are split.',
      references: ['https://cwe.mitre.org/data/definitions/78.html', 'https://docs.python.org/3/library/asyncio-subprocess.html#asyncio.create_subprocess_shell'],
    },
  },
  {
    kind: 'ast',
    keywords: ['subprocess_shell'],
    onFile(ctx) {
      const scope = ctx.python();
      const importsAsyncio = textImports(ctx.text, 'asyncio');
      for (const call of ctx.calls()) {
        const callee = call.childForFieldName('function');
        if (!callee || !callee.text.endsWith('subprocess_shell')) continue;
        const qualified = scope.qualifiedName(callee);
        let command: Node | undefined;
        if (qualified === 'asyncio.create_subprocess_shell' || qualified === 'asyncio.subprocess.create_subprocess_shell') command = scope.argument(call, 0, 'cmd');
        else if (callee.type === 'attribute' && callee.childForFieldName('attribute')?.text === 'subprocess_shell' && importsAsyncio) command = scope.argument(call, 1, 'cmd');
        else continue;
        if (!command || isLiteralCommand(ctx, command)) continue;
        const origin = pythonCommandOrigin(ctx, command);
        if (origin === 'constant') continue;
        ctx.report({ ruleId: 'AIS206', combine: sinkCombine('a shell runs a command that is not a literal'), range: ctx.rangeOfNode(call), data: { callee: callee.text }, ...originReport(origin), fixes: qualified?.endsWith('create_subprocess_shell') ? execFix(ctx, callee, command) : [] });
      }
    },
  },
);

function execFix(ctx: AstContext, callee: Node, command: Node): Fix[] {
  const attribute = callee.type === 'attribute' ? callee.childForFieldName('attribute') : undefined;
  const shlex = moduleReference(ctx, 'shlex');
  if (!attribute || !shlex || command.parent?.type === 'keyword_argument') return [];
  return [{
    title: 'Use `create_subprocess_exec(*shlex.split(cmd))`',
    applicability: 'unsafe',
    preferred: true,
    edits: [...shlex.edits, replaceNodeEdit(ctx, attribute, 'create_subprocess_exec'), replaceNodeEdit(ctx, command, `*${shlex.name}.split(${command.text})`)],
  }];
}
