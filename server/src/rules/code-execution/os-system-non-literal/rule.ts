/**
 * AIS204 os-system-non-literal: `os.system`, `os.popen` and the other shell-string functions on a command
 * that is not a literal.
 */
import type { Node } from 'web-tree-sitter';
import type { Fix } from '../../../engine/finding';
import { defineRule, type AstContext } from '../../../engine/rule';
import { importedNameKeywords, pythonCallsTo } from '../../shared/python-calls';
import { argvFromCommand, isLiteralCommand, isShellQuoted, SHELL_FUNCTIONS } from '../../shared/python-commands';
import { mergeInsertions, moduleReference, replaceNodeEdit } from '../../shared/python-edits';
import { originReport, pythonCommandOrigin } from '../../shared/python-command-origin';
import { sinkCombine } from '../../shared/sink-combine';

export default defineRule(
  {
    id: 'AIS204',
    name: 'os-system-non-literal',
    title: 'Shell command built from a non-literal value',
    category: 'code-execution',
    fileKinds: ['python'],
    severity: 'error',
    confidence: 'high',
    cwe: ['CWE-78'],
    message: '`{{callee}}` runs a non-literal command through the shell; shell metacharacters in any part of it run extra commands.',
    fixAvailability: 'sometimes',
    peers: { bandit: ['B605'], ruff: ['S605'] },
    docs: {
      whatItDoes: 'Flags `os.system`, `os.popen` (and `popen2`/`popen3`/`popen4`), `subprocess.getoutput` / `getstatusoutput`, the Python 2 `commands` module and `platform.popen` when the command is not a literal string. A command whose every interpolated value is escaped with `shlex.quote` is reported as a low-confidence warning. Values built only from constants are not reported: formats of constants, an item of a constant mapping (`_LOOKUP[name]`), a class attribute holding a constant, a loop over constants, a command-line argument restricted by `choices=`, and a name that a guard on the way keeps among constants (`x if x in ("a", "b") else None`, `if name not in _ALLOWED: raise`). How origin sets severity: the program\'s own temporary files and paths (`tempfile.mkdtemp()`, a `NamedTemporaryFile`\'s `.name`, `__file__`, `sys.executable`) count as constants; a parameter of a private (`_name`) or nested function (not a method), or of a function in a script that parses its command line on import, is followed to the call sites in the file and takes the worst origin they pass (no call site, a callback use or `*args` keeps it unknown, and a public function\'s parameter stays unknown since other modules may call it); a command built only from constants and the operator\'s own input (argparse options, `sys.argv`, a `click`/`typer` command\'s parameters, environment variables, UPPER_CASE settings imported from the project) is advisory information (audit profile, an editor hint), since the person running the program chose it; anything else keeps the rule\'s severity.',
      whyIsThisBad: 'These functions always pass the string to `/bin/sh`. A path, a model name or LLM output containing `;`, `|`, `$(...)` or backticks runs additional commands with the program\'s privileges.',
      example: 'import os\n\nos.system("wget " + url)\n',
      useInstead: 'import subprocess\n\nsubprocess.run(["wget", url], check=True)\n',
      fixSafety: 'For `os.system(cmd)` used as a statement, the fix rewrites it to `subprocess.run([...], check=True)` with an argument list when the command is words and interpolated values without shell syntax, and to `subprocess.run(shlex.split(cmd), check=True)` otherwise (adding the imports). It is unsafe: shell features (pipes, redirects, globbing, `$VAR`) stop working, a failing command now raises instead of returning a status, and interpolated values with spaces are split.',
      references: ['https://cwe.mitre.org/data/definitions/78.html', 'https://docs.python.org/3/library/os.html#os.system', 'https://docs.python.org/3/library/subprocess.html#replacing-os-system'],
    },
  },
  {
    kind: 'ast',
    keywords: ['.system(', ...importedNameKeywords('system'), 'popen', 'Popen', 'getoutput', 'getstatus'],
    onFile(ctx) {
      const scope = ctx.python();
      for (const { call, callee, qualified } of pythonCallsTo(ctx, SHELL_FUNCTIONS)) {
        const command = scope.argument(call, 0, qualified === 'os.system' ? 'command' : 'cmd');
        if (!command || isLiteralCommand(ctx, command)) continue;
        const origin = pythonCommandOrigin(ctx, command);
        if (origin === 'constant') continue;
        const quoted = isShellQuoted(ctx, command);
        ctx.report({
          ruleId: 'AIS204', combine: sinkCombine('a shell runs a command that is not a literal'),
          range: ctx.rangeOfNode(call),
          data: { callee: callee.text },
          ...(quoted ? { severity: 'warning' as const, confidence: 'low' as const } : {}),
          ...originReport(origin),
          fixes: qualified === 'os.system' ? systemFix(ctx, call, command) : [],
        });
      }
    },
  },
);

function systemFix(ctx: AstContext, call: Node, command: Node): Fix[] {
  // Only a statement: the exit status that `os.system` returns has no equivalent in the rewritten call.
  if (call.parent?.type !== 'expression_statement' || ctx.python().argument(call, 1, undefined) || command.parent?.type === 'keyword_argument') return [];
  const subprocess = moduleReference(ctx, 'subprocess');
  const shlex = moduleReference(ctx, 'shlex');
  if (!subprocess || !shlex) return [];
  const argv = argvFromCommand(ctx, command);
  if (argv) {
    return [{
      title: 'Run without a shell: `subprocess.run([...], check=True)`',
      applicability: 'unsafe',
      preferred: true,
      edits: [...subprocess.edits, replaceNodeEdit(ctx, call, `${subprocess.name}.run(${argv}, check=True)`)],
    }];
  }
  return [{
    title: 'Run without a shell: `subprocess.run(shlex.split(cmd), check=True)`',
    applicability: 'unsafe',
    preferred: true,
    edits: [...mergeInsertions([...shlex.edits, ...subprocess.edits]), replaceNodeEdit(ctx, call, `${subprocess.name}.run(${shlex.name}.split(${command.text}), check=True)`)],
  }];
}
