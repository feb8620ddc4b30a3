/**
 * AIS203 subprocess-shell-true: `subprocess` with a truthy `shell=` and a command that is not a literal.
 */
import type { Node } from 'web-tree-sitter';
import type { Fix } from '../../../engine/finding';
import { defineRule, type AstContext } from '../../../engine/rule';
import { pythonCallsTo } from '../../shared/python-calls';
import { argvFromCommand, isArgvExpression, isShellQuoted, isLiteralCommand, shellTruthiness, SUBPROCESS_WITH_SHELL } from '../../shared/python-commands';
import { keywordArgumentNode, moduleReference, removeArgumentEdit, replaceNodeEdit } from '../../shared/python-edits';
import { originReport, pythonCommandOrigin } from '../../shared/python-command-origin';
import { sinkCombine } from '../../shared/sink-combine';

export default defineRule(
  {
    id: 'AIS203',
    name: 'subprocess-shell-true',
    title: 'subprocess with shell=True and a non-literal command',
    category: 'code-execution',
    fileKinds: ['python'],
    severity: 'error',
    confidence: 'high',
    cwe: ['CWE-78'],
    message: '`{{callee}}` runs a non-literal command through the shell{{how}}; shell metacharacters in any part of it run extra commands.',
    fixAvailability: 'sometimes',
    peers: { bandit: ['B602'], ruff: ['S602'] },
    docs: {
      whatItDoes: 'Flags `subprocess.Popen`, `run`, `call`, `check_call` and `check_output` when `shell=` is truthy by Bandit\'s rules (a literal\'s truth value; `False`/`None` are false; any non-empty string, even `"False"`, is true; an unknown expression counts as true, with lower confidence) and the command is not a literal (a string built with f-strings, `+`, `%` or `.format`, a variable, or a list with non-literal items). A literal command string is not flagged; a command whose every interpolated value is escaped with `shlex.quote` is a low-confidence warning. Values built only from constants are not reported: formats of constants, an item of a constant mapping (`_LOOKUP[name]`), a class attribute holding a constant, a loop over constants, a command-line argument restricted by `choices=`, and a name that a guard on the way keeps among constants (`x if x in ("a", "b") else None`, `if name not in _ALLOWED: raise`). How origin sets severity: the program\'s own temporary files and paths (`tempfile.mkdtemp()`, a `NamedTemporaryFile`\'s `.name`, `__file__`, `sys.executable`) count as constants; a parameter of a private (`_name`) or nested function (not a method), or of a function in a script that parses its command line on import, is followed to the call sites in the file and takes the worst origin they pass (no call site, a callback use or `*args` keeps it unknown, and a public function\'s parameter stays unknown since other modules may call it); a command built only from constants and the operator\'s own input (argparse options, `sys.argv`, a `click`/`typer` command\'s parameters, environment variables, UPPER_CASE settings imported from the project) is advisory information (audit profile, an editor hint), since the person running the program chose it; anything else keeps the rule\'s severity.',
      whyIsThisBad: 'With `shell=True` the command string is parsed by `/bin/sh`: a file name, a model name or LLM output containing `;`, `|`, `$(...)` or backticks runs additional commands.',
      example: 'import subprocess\n\nsubprocess.run(f"convert {src} {dst}", shell=True)\n',
      useInstead: 'import subprocess\n\nsubprocess.run(["convert", src, dst], check=True)\n',
      fixSafety: 'When the command is words and interpolated values without any shell syntax (`f"convert {src} {dst}"`, `"rm -rf " + path`), the preferred fix passes an argument list (`["convert", str(src), str(dst)]`) and drops `shell=True`: each value stays one argument, so file names with spaces or metacharacters can no longer inject. Otherwise the fix sets `shell=False` and wraps the command in `shlex.split(...)` (adding `import shlex`), so the program and its arguments are passed without a shell. It is unsafe: pipes, redirects, globbing and variable expansion stop working, and `shlex.split` splits interpolated values that contain spaces. Both are unsafe because the command may rely on the shell\'s environment. The fix never just flips `shell` to `False` on a string, which would treat the whole string as the program name. For a list command the fix removes `shell=True` (also unsafe: with a shell, only the first item was run as a script).',
      references: ['https://cwe.mitre.org/data/definitions/78.html', 'https://docs.python.org/3/library/subprocess.html#security-considerations', 'https://docs.python.org/3/library/shlex.html#shlex.split'],
    },
  },
  {
    kind: 'ast',
    keywords: ['subprocess'],
    onFile(ctx) {
      const scope = ctx.python();
      for (const { call, callee } of pythonCallsTo(ctx, SUBPROCESS_WITH_SHELL)) {
        const shell = scope.argument(call, undefined, 'shell');
        const { on, known } = shellTruthiness(ctx, shell);
        if (!shell || !on) continue;
        const command = scope.argument(call, 0, 'args');
        if (!command || isLiteralCommand(ctx, command)) continue;
        const origin = pythonCommandOrigin(ctx, command);
        if (origin === 'constant') continue;
        const quoted = isShellQuoted(ctx, command);
        ctx.report({
          ruleId: 'AIS203', combine: sinkCombine('a shell runs a command that is not a literal'),
          range: ctx.rangeOfNode(call),
          data: { callee: callee.text, how: quoted ? ' (its values are escaped with `shlex.quote`)' : known ? '' : ' (`shell=` may be true)' },
          ...(known && !quoted ? {} : { severity: 'warning' as const, confidence: 'low' as const }),
          ...originReport(origin),
          fixes: fixesFor(ctx, call, command, shell),
        });
      }
    },
  },
);

function fixesFor(ctx: AstContext, call: Node, command: Node, shell: Node): Fix[] {
  const keyword = keywordArgumentNode(call, 'shell');
  if (!keyword) return [];
  if (isArgvExpression(command)) {
    const edit = removeArgumentEdit(ctx, call, keyword);
    return edit ? [{ title: 'Remove `shell=True`', applicability: 'unsafe', preferred: true, edits: [edit] }] : [];
  }
  const fixes: Fix[] = [];
  const argv = argvFromCommand(ctx, command);
  const removeShell = removeArgumentEdit(ctx, call, keyword);
  if (argv && removeShell) {
    fixes.push({ title: `Run without a shell: pass the argument list \`${argv.length > 60 ? `${argv.slice(0, 57)}...` : argv}\``, applicability: 'unsafe', preferred: true, edits: [replaceNodeEdit(ctx, command, argv), removeShell] });
  }
  const shlex = moduleReference(ctx, 'shlex');
  if (shlex) {
    fixes.push({
      title: 'Run without a shell: `shlex.split(command)` and `shell=False`',
      applicability: 'unsafe',
      preferred: fixes.length === 0,
      edits: [...shlex.edits, replaceNodeEdit(ctx, command, `${shlex.name}.split(${command.text})`), replaceNodeEdit(ctx, shell, 'False')],
    });
  }
  return fixes;
}
