/** Whether a configured command fetches something from the network or feeds text into a shell, or runs only the repository's own code. */
import { commandName, commandsOf, parseShell, type ShellWord } from '../../../engine/shell/commands';

const DOWNLOADERS = /\b(curl|wget|iwr|irm|Invoke-WebRequest|Invoke-RestMethod)\b|https?:\/\//i;
const PIPE_TO_SHELL = /\|\s*(sudo\s+)?(ba|z|da|k)?sh\b|\|\s*(iex|Invoke-Expression)\b|\beval\s+["'`$]/i;

export function downloadsOrPipes(command: string): boolean {
  return DOWNLOADERS.test(command) || PIPE_TO_SHELL.test(command);
}

/** A path inside the repository: under `$CLAUDE_PROJECT_DIR`, or relative without leaving it (`./x`, `.claude/x`). */
const PROJECT_PATH = /^(?:\$\{?CLAUDE_PROJECT_DIR\}?\/|\.\/|\.?[A-Za-z0-9_][\w.-]*\/)(?!.*(?:^|\/)\.\.(?:\/|$))/;
const INTERPRETERS = /^(?:ba|z|da)?sh$|^(?:node|bun|deno|python3?|uv|ruby|perl)$/;
/** Package runners that fetch a package by name; `name@1.2.3` (an exact version) pins what they run. */
const RUNNERS = /^(?:npx|bunx|pnpx|uvx)$/;
const EXACT_VERSION = /^(?:@[\w.-]+\/)?[\w.-]+@v?\d+\.\d+\.\d+(?:[-+][\w.]+)?$/;
/** Tools that run the repository's own scripts or targets (`npm run format`, `make lint`). */
const SCRIPT_RUNNERS = /^(?:npm|pnpm|yarn|bun)$/;

/**
 * Whether every command of a configured command line runs only code the repository holds or pins: one of its own
 * scripts (`$CLAUDE_PROJECT_DIR/.claude/hooks/setup.sh`, `node .claude/check.js`), a package runner given an exact
 * version (`bunx prettier@3.5.3 --write .`), or a script or target of its own manifest (`npm run lint`, `make fmt`).
 * Such a hook is the maintainers' own tooling: what it runs is reviewed with the repository.
 */
export function runsOnlyRepositoryCode(command: string): boolean {
  if (downloadsOrPipes(command)) return false;
  const commands = commandsOf(parseShell(command));
  return commands.length > 0 && commands.every((c) => runsRepositoryCode(c.words.map((w) => w.text)));
}

function runsRepositoryCode(words: readonly string[]): boolean {
  const [first, ...rest] = words;
  if (first === undefined) return false;
  if (PROJECT_PATH.test(first)) return true;
  const name = commandName({ text: first } as ShellWord);
  const operands = rest.filter((w) => !w.startsWith('-'));
  if (INTERPRETERS.test(name)) return operands.length > 0 && PROJECT_PATH.test(operands[0]!) && !/^-[ce]$/.test(rest[0] ?? '');
  if (RUNNERS.test(name)) return operands.length > 0 && EXACT_VERSION.test(operands[0]!);
  if (SCRIPT_RUNNERS.test(name)) return operands[0] === 'run' && operands.length > 1;
  return name === 'make';
}
