/**
 * AIS207 partial-executable-path: a process started by a bare program name, resolved through `PATH`.
 */
import type { Node } from 'web-tree-sitter';
import { defineRule, type AstContext } from '../../../engine/rule';
import { unparenthesize } from '../../../engine/resolve/walk';
import { importedNameKeywords, resolvedCalls } from '../../shared/python-calls';
import { OS_EXEC_FUNCTIONS, programIndex, SHELL_FUNCTIONS, SUBPROCESS_WITH_SHELL } from '../../shared/python-commands';
import { literalString } from '../../shared/python-values';

const ABSOLUTE = /^([/\\.]|[A-Za-z]:[/\\])/;
const STARTERS = new Set([...SUBPROCESS_WITH_SHELL, ...SHELL_FUNCTIONS, ...OS_EXEC_FUNCTIONS]);

export default defineRule(
  {
    id: 'AIS207',
    name: 'partial-executable-path',
    title: 'Process started with a partial executable path',
    category: 'code-execution',
    fileKinds: ['python'],
    severity: 'info',
    advisory: { findings: 'all', editor: 'hidden', reason: 'A program found on PATH is how most scripts start tools; it matters only where an attacker controls PATH or the working folder.' },
    confidence: 'low',
    cwe: ['CWE-78'],
    message: '`{{callee}}` starts `{{program}}` by name, so whichever `{{program}}` comes first on `PATH` runs; use an absolute path where `PATH` is not trusted.',
    fixAvailability: 'none',
    peers: { bandit: ['B607'], ruff: ['S607'] },
    docs: {
      whatItDoes: 'Reports (as information) process-starting calls (`subprocess.*`, `os.system`, `os.popen`, `os.exec*`, `os.spawn*`) whose program is a literal without a path: the first item of an argv list, or the first word of a command string, that does not start with `/`, `\\`, `.` or a drive letter.',
      whyIsThisBad: 'The program is looked up through `PATH`. In environments where `PATH` or the working directory can be influenced (shared machines, CI runners, notebooks started from a download folder) another binary with the same name runs instead.',
      example: 'import subprocess\n\nsubprocess.run(["git", "pull"], check=True)\n',
      useInstead: 'import shutil\nimport subprocess\n\ngit = shutil.which("git") or "/usr/bin/git"\nsubprocess.run([git, "pull"], check=True)\n',
      references: ['https://cwe.mitre.org/data/definitions/78.html', 'https://docs.python.org/3/library/shutil.html#shutil.which'],
    },
  },
  {
    kind: 'ast',
    keywords: ['subprocess', '.system(', ...importedNameKeywords('system'), 'popen', 'Popen', 'getoutput', 'getstatus', 'os.exec', 'os.spawn', 'os.posix_spawn', 'import exec', 'import spawn', ', exec', ', spawn'],
    onFile(ctx) {
      const scope = ctx.python();
      for (const { call, callee, qualified } of resolvedCalls(ctx)) {
        if (!callee || !qualified || !STARTERS.has(qualified) || qualified === 'os.startfile') continue;
        const first = OS_EXEC_FUNCTIONS.has(qualified) ? scope.argument(call, programIndex(qualified), undefined) : scope.argument(call, 0, undefined);
        const program = programName(ctx, first);
        if (!program || ABSOLUTE.test(program)) continue;
        ctx.report({ ruleId: 'AIS207', range: ctx.rangeOfNode(call), data: { callee: callee.text, program } });
      }
    },
  },
);

/** The literal program name: the first item of a literal argv, or the first word of a literal command string. */
function programName(ctx: AstContext, node: Node | undefined): string | undefined {
  if (!node) return undefined;
  const inner = unparenthesize(node);
  if (inner.type === 'list' || inner.type === 'tuple') {
    const first = inner.namedChildren.find((c) => c && c.type !== 'comment');
    return first ? literalString(ctx, first)?.trim().split(/\s+/)[0] : undefined;
  }
  const text = literalString(ctx, node);
  const word = text?.trim().split(/\s+/)[0];
  return word ? word : undefined;
}
