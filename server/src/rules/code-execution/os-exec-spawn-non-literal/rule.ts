/**
 * AIS205 os-exec-spawn-non-literal: `os.exec*`, `os.spawn*`, `os.posix_spawn*` and `os.startfile` with a
 * program or argument list that is not literal.
 */
import { defineRule } from '../../../engine/rule';
import { pythonCallsTo } from '../../shared/python-calls';
import { OS_EXEC_FUNCTIONS, programIndex } from '../../shared/python-commands';
import { argumentNodes } from '../../shared/python-edits';
import { isLiteral } from '../../shared/python-values';

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
      whatItDoes: 'Flags `os.execl`/`execv`/... , `os.spawnl`/`spawnv`/..., `os.posix_spawn`, `os.posix_spawnp` and `os.startfile` when the program or its first argument (the argv list) is not a literal.',
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
        ctx.report({ ruleId: 'AIS205', range: ctx.rangeOfNode(call), data: { callee: callee.text } });
      }
    },
  },
);
