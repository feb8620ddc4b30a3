/**
 * Shared knowledge for Python command-execution rules: which functions run a shell or a program, how
 * Bandit judges a `shell=` value, and what counts as a literal command.
 */
import type { Node } from 'web-tree-sitter';
import type { AstContext } from '../../engine/rule';
import { unparenthesize } from '../../engine/resolve/walk';
import { isLiteral } from './python-values';

/** `subprocess` functions that take `shell=`. */
export const SUBPROCESS_WITH_SHELL = new Set(['subprocess.Popen', 'subprocess.call', 'subprocess.check_call', 'subprocess.check_output', 'subprocess.run']);

/** Functions that always run their argument through a shell. */
export const SHELL_FUNCTIONS = new Set([
  'os.system',
  'os.popen',
  'os.popen2',
  'os.popen3',
  'os.popen4',
  'popen2.popen2',
  'popen2.popen3',
  'popen2.popen4',
  'popen2.Popen3',
  'popen2.Popen4',
  'subprocess.getoutput',
  'subprocess.getstatusoutput',
  'commands.getoutput',
  'commands.getstatusoutput',
  'commands.getstatus',
  'platform.popen',
]);

/** Functions that start a program without a shell: `os.exec*`, `os.spawn*`, `os.posix_spawn*`, `os.startfile`. */
export const OS_EXEC_FUNCTIONS = new Set([
  ...['execl', 'execle', 'execlp', 'execlpe', 'execv', 'execve', 'execvp', 'execvpe'].map((n) => `os.${n}`),
  ...['spawnl', 'spawnle', 'spawnlp', 'spawnlpe', 'spawnv', 'spawnve', 'spawnvp', 'spawnvpe'].map((n) => `os.${n}`),
  'os.posix_spawn',
  'os.posix_spawnp',
  'os.startfile',
]);

/** Index of the program argument of an `os.exec*`/`os.spawn*` call (spawn takes a mode first). */
export function programIndex(qualified: string): number {
  return qualified.startsWith('os.spawn') ? 1 : 0;
}

/**
 * Bandit's truthiness for `shell=`: a literal uses its truth value, the names `False`/`None` are false,
 * and any other expression counts as true but is not `known`. Names bound once to a literal are resolved.
 */
export function shellTruthiness(ctx: AstContext, node: Node | undefined): { on: boolean; known: boolean } {
  if (!node) return { on: false, known: true };
  const value = ctx.python().literalValue(node);
  if (!value) return { on: true, known: false };
  switch (value.kind) {
    case 'bool': return { on: value.value, known: true };
    case 'none': return { on: false, known: true };
    case 'number': return { on: value.value !== 0, known: true };
    case 'string': return { on: value.value.length > 0, known: true };
    case 'collection': return { on: !value.empty, known: true };
    case 'name': return { on: true, known: false };
  }
}

/** True when the command is a literal string, or a list/tuple whose items are all literals. */
export function isLiteralCommand(ctx: AstContext, node: Node | undefined): boolean {
  if (!node) return false;
  return isLiteral(ctx, node);
}

/** True for a list or tuple expression (an argv), written in place. */
export function isArgvExpression(node: Node): boolean {
  const inner = unparenthesize(node);
  return inner.type === 'list' || inner.type === 'tuple';
}

/**
 * Prefilter keywords for a builtin called by its bare name (`eval(`), excluding method calls such as
 * `model.eval()`: the characters that can precede a bare call, plus `builtins.eval`, `getattr(builtins, ...)` and
 * `from builtins import eval`.
 */
export function bareCallKeywords(name: string): string[] {
  return [' ', '(', '=', '[', ',', '\t', ':', '{', '\n', '!', '+'].map((c) => `${c}${name}(`).concat([`builtins.${name}`, 'getattr(builtins', '__builtins__', `import ${name}`]);
}
