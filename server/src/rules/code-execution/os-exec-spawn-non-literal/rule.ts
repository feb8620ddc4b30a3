/**
 * AIS205 os-exec-spawn-non-literal: `os.exec*`, `os.spawn*`, `os.posix_spawn*` and `os.startfile` with a
 * program or argument list that is not literal.
 */
import type { Node } from 'web-tree-sitter';
import { defineRule } from '../../../engine/rule';
import type { AstContext } from '../../../engine/rule';
import { pythonCallsTo } from '../../shared/python-calls';
import { OS_EXEC_FUNCTIONS, programIndex } from '../../shared/python-commands';
import { argumentNodes } from '../../shared/python-edits';
import { isLiteral } from '../../shared/python-values';
import { originReport, pythonCommandOrigin, worstOrigin, type CommandOrigin } from '../../shared/python-command-origin';

export default defineRule(
  {
    id: 'AIS205',
    name: 'os-exec-spawn-non-literal',
    title: 'Process started from a non-literal program or argument list',
    category: 'code-execution',
    fileKinds: ['python'],
    severity: 'warning',
    confidence: 'medium',
    cwe: ['CWE-78'],
    message: '`{{callee}}` starts a program chosen at run time; make sure neither the program nor its arguments come from untrusted input.',
    fixAvailability: 'none',
    peers: { bandit: ['B606'] },
    docs: {
      whatItDoes: 'Flags `os.execl`/`execv`/... , `os.spawnl`/`spawnv`/..., `os.posix_spawn`, `os.posix_spawnp` and `os.startfile` when the program or its first argument (the argv list) is not a literal. A program and argv built only from constants (the program\'s own paths such as `sys.executable` and its temporary files among them) are not reported, and those whose dynamic parts come only from the operator\'s own input (command-line arguments, environment variables) are advisory information (audit profile, an editor hint), as for the shell rules. `os.startfile(path)` in the cross-platform "open with the default application" idiom (a branch of the same `if` runs `open` or `xdg-open` on the same path as an argument list, which no rule reports) is advisory (audit profile): it does on Windows what the other branches do elsewhere.',
      whyIsThisBad: 'No shell is involved, but whoever controls the program path or the arguments decides what runs: a program name from configuration or a model can be any binary, and arguments such as `--config` or `-e` can turn a harmless tool into a code runner.',
      example: 'import os\n\nos.execvp(tool, [tool, user_arg])\n',
      useInstead: 'import os\n\nALLOWED = {"convert": "/usr/bin/convert"}\nos.execv(ALLOWED[tool], [ALLOWED[tool], "--", user_arg])\n',
      references: ['https://cwe.mitre.org/data/definitions/78.html', 'https://docs.python.org/3/library/os.html#os.execv'],
    },
  },
  {
    kind: 'ast',
    keywords: ['os.exec', 'os.spawn', 'os.posix_spawn', 'os.startfile', 'import exec', 'import spawn', 'import posix_spawn', 'import startfile', ', exec', ', spawn', ', posix_spawn', ', startfile'],
    onFile(ctx) {
      const scope = ctx.python();
      for (const { call, callee, qualified } of pythonCallsTo(ctx, OS_EXEC_FUNCTIONS)) {
        const index = programIndex(qualified);
        const program = scope.argument(call, index, qualified === 'os.startfile' ? 'path' : undefined);
        // The argv: every positional argument after the program, except the environment of the `e` variants.
        const positional = argumentNodes(call).filter((a) => a.type !== 'keyword_argument');
        const argv = positional.slice(index + 1, /e$/.test(qualified) ? -1 : undefined);
        const literal = isLiteral(ctx, program) && (qualified === 'os.startfile' || argv.every((a) => isLiteral(ctx, a)));
        if (!program || literal) continue;
        // As for the shell rules: a program and argv built only from constants (the program's own paths among
        // them) are not reported, and those from the operator's own arguments or environment are advisory.
        let origin: CommandOrigin = pythonCommandOrigin(ctx, program);
        for (const argument of qualified === 'os.startfile' ? [] : argv) {
          if (origin === 'outside') break;
          origin = worstOrigin(origin, pythonCommandOrigin(ctx, argument));
        }
        if (origin === 'constant') continue;
        const defaultApplication = qualified === 'os.startfile' && opensWithDefaultApplication(ctx, call, program);
        ctx.report({
          ruleId: 'AIS205', range: ctx.rangeOfNode(call), data: { callee: callee.text },
          ...originReport(origin),
          ...(defaultApplication ? { advisory: true, confidence: 'low' as const, message: `\`${callee.text}\` opens \`${program.text}\` with its default application, as the \`open\`/\`xdg-open\` branch beside it does on other systems; this is advisory: act on it only if others choose the path.` } : {}),
        });
      }
    },
  },
);

/** Programs that open a path with the desktop's default application. */
const DESKTOP_OPENERS = new Set(['open', 'xdg-open', 'explorer', 'explorer.exe', 'gio', 'kde-open', 'gnome-open']);

/**
 * True when `os.startfile(path)` sits in an `if`/`elif` chain one of whose other branches runs a desktop
 * opener on the same expression as an argument list (`subprocess.run(["open", path])`).
 */
function opensWithDefaultApplication(ctx: AstContext, call: Node, program: Node): boolean {
  let chain: Node | undefined;
  for (let current = call.parent; current && current.type !== 'function_definition' && current.type !== 'module'; current = current.parent) {
    if (current.type === 'if_statement') chain = current;
  }
  if (!chain) return false;
  return chain.descendantsOfType('list').some((list) => {
    const items = list?.namedChildren.filter((item): item is Node => !!item && item.type !== 'comment') ?? [];
    const opener = items[0] ? ctx.python().literalValue(items[0]) : undefined;
    return opener?.kind === 'string' && DESKTOP_OPENERS.has(opener.value) && items.slice(1).some((item) => item.text === program.text);
  });
}
