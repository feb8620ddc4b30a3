/**
 * AIS245 child-process-shell-option: `spawn`/`execFile` (and their sync forms) that still run a shell,
 * either through `shell: <anything but false>` or by launching `sh -c <non-literal>` (or an interpreter
 * with `-c`/`-e`), with a command or arguments built at run time.
 */
import type { Node } from 'web-tree-sitter';
import { defineRule, type AstContext } from '../../../engine/rule';
import { unwrapExpression } from '../../../engine/resolve/javascript-scope';
import { calleeLabel, jsCallsTo, jsTruthiness, objectProperty } from '../../shared/js-calls';
import { sinkCombine } from '../../shared/sink-combine';
import { isConstantCommand, jsCommandOrigin } from '../../shared/js-command-evidence';
import { readsExternalInput } from '../../shared/js-strings';
import { isDeveloperToolingPath } from '../../shared/tooling-paths';

const SINKS = new Set(['spawn', 'spawnSync', 'execFile', 'execFileSync'].map((n) => `child_process.${n}`));

/** Programs that run their `-c`/`-e` argument as code; the value maps to the flags that take code. */
const CODE_RUNNERS: ReadonlyMap<string, ReadonlySet<string>> = new Map([
  ...['sh', 'bash', 'zsh', 'dash', 'ksh', 'ash', 'fish'].map((p) => [p, new Set(['-c', '-lc', '-ic', '-cl', '-ec'])] as const),
  ...['cmd', 'cmd.exe'].map((p) => [p, new Set(['/c', '/C', '/k', '/K', '/s'])] as const),
  ...['powershell', 'powershell.exe', 'pwsh', 'pwsh.exe'].map((p) => [p, new Set(['-c', '-Command', '-command', '-EncodedCommand', '-e'])] as const),
  ...['node', 'nodejs', 'deno', 'bun'].map((p) => [p, new Set(['-e', '--eval', '-p', '--print'])] as const),
  ...['python', 'python3', 'python2', 'perl', 'ruby', 'php'].map((p) => [p, new Set(['-c', '-e', '-r'])] as const),
]);

export default defineRule(
  {
    id: 'AIS245',
    name: 'child-process-shell-option',
    title: 'spawn/execFile through a shell with dynamic input',
    category: 'code-execution',
    fileKinds: ['javascript', 'typescript', 'tsx'],
    severity: 'error',
    advisory: { findings: 'info', editor: 'hint', reason: 'A literal command run through a shell is not injectable today; the information-level finding is about code that may change.' },
    confidence: 'medium',
    cwe: ['CWE-78'],
    message: '{{detail}}',
    fixAvailability: 'none',
    docs: {
      whatItDoes: 'Flags `spawn`, `spawnSync`, `execFile` and `execFileSync` from `child_process` when they run a shell: the options set `shell` to anything but `false` (an error when the command or the argument list is not literal, an info hint when everything is literal, or when the shell is on only on Windows (`shell: process.platform === \'win32\'`, how `.cmd` shims such as npm and npx are launched there) and no outside input reaches the call), or the program is a shell or interpreter (`sh`, `bash`, `cmd`, `powershell`, `node`, `python`, ...) given `-c`/`-e`/`/c` followed by a non-literal argument. How origin sets severity: a parameter of a function the module declares and does not export is followed to the arguments of its call sites in the file (and a call to such a helper to what it returns), so a helper called only with constants is not reported; a property of such a parameter (`run(update)` reading `update.command`) is followed to that property of the objects the call sites pass (object literals, or a helper\'s returned literals), and so is a name destructured from a helper\'s result (`const { command } = installInfo()`); the program\'s own places (`os.tmpdir()`, `process.execPath`) count as constants, and so do a name imported from another module of the project that exports it as a literal (`export const NETWORK = \'sandbox-net\'`) and a value whose declared TypeScript type is a union of string literals (`runtime: \'docker\' | \'podman\'`, or `config.command` where the interface `config` is typed with, in this file, another module or a package of the npm workspaces, declares `command?: \'docker\' | \'podman\'`; a typed variable whose initialiser is a cast does not count); a `let` or `var` holds every value later assigned to it; a command built only from constants and the program\'s own command line and environment (`process.argv`, `process.env`) is advisory information (audit profile, an editor hint); an exported function\'s parameter, a helper with any caller passing other data, and everything else keep the rule\'s severity.',
      whyIsThisBad: '`spawn` and `execFile` are the safe alternatives to `exec` only while no shell is involved. With `shell: true` Node joins the command and the arguments into one string for `/bin/sh -c`, so metacharacters in any argument run extra commands. `spawn("sh", ["-c", cmd])` and `spawn("node", ["-e", code])` do the same explicitly (OS command injection, code injection).',
      example: 'import { spawn } from "node:child_process";\n\nspawn("convert", [input, output], { shell: true });\nspawn("bash", ["-c", `tar xzf ${archive}`]);\n',
      useInstead: 'import { spawn } from "node:child_process";\n\nspawn("convert", [input, output]);          // no shell: arguments stay arguments\nspawn("tar", ["xzf", archive]);\n',
      references: ['https://cwe.mitre.org/data/definitions/78.html', 'https://nodejs.org/api/child_process.html#spawning-bat-and-cmd-files-on-windows', 'https://owasp.org/www-community/attacks/Command_Injection'],
    },
  },
  {
    kind: 'ast',
    keywords: ['child_process'],
    onFile(ctx) {
      for (const { call, callee, args, hasSpread } of jsCallsTo(ctx, SINKS)) {
        const program = args[0];
        if (!program) continue;
        const argv = args[1] && unwrapExpression(args[1]).type !== 'object' ? args[1] : undefined;
        const options = resolveObject(ctx, argv ? args[2] : args[1]);
        const label = calleeLabel(callee);
        const shell = objectProperty(options, 'shell');
        const shellOn = shell !== undefined && jsTruthiness(ctx, shell) !== false;
        const dynamic = hasSpread || !isConstantCommand(ctx, program) || (argv !== undefined && !isLiteralArray(ctx, argv));
        // In developer tooling a command that reads no outside input is advisory (see tooling-paths.ts).
        const quiet = isDeveloperToolingPath(ctx.config.projectPath ?? ctx.path) && !args.some(readsExternalInput) ? { severity: 'warning' as const, advisory: true } : {};
        if (shellOn && dynamic && isWindowsOnly(ctx, shell) && !args.some(readsExternalInput)) {
          // `shell: process.platform === 'win32'` is how Node launches `.cmd` shims (npm, npx, code) on Windows,
          // where it refuses to spawn them without a shell; elsewhere no shell runs. Advisory unless input from
          // outside the program reaches the call, which is then reported below.
          ctx.report({ ruleId: 'AIS245', combine: sinkCombine('a shell runs a command built at run time'), range: ctx.rangeOfNode(call), severity: 'info', confidence: 'low', data: { detail: `\`${label}\` runs through a shell only on Windows (\`shell: ${shell.text}\`, the way \`.cmd\` shims such as npm and npx are launched); there cmd.exe parses the command and the arguments built at run time, so keep them free of outside input.` } });
          continue;
        }
        if (shellOn && dynamic) {
          // Built only from the program's own command line and environment: the operator's choice (advisory).
          const operator = !hasSpread && operatorOnly(ctx, program, argv) ? { severity: 'info' as const, confidence: 'low' as const, advisory: true, messageSuffix: ' Its dynamic parts come only from the program\'s own command line and environment (`process.argv`, `process.env`), the operator\'s choice, so this is advisory.' } : {};
          ctx.report({ ruleId: 'AIS245', combine: sinkCombine('a shell runs a command built at run time'), range: ctx.rangeOfNode(call), ...quiet, ...operator, data: { detail: `\`${label}\` with \`shell\` enabled joins a command and arguments built at run time into one shell command line; drop the shell option.` } });
          continue;
        }
        if (shellOn) {
          // Nothing dynamic today; reported quietly because the next argument someone adds becomes shell syntax.
          ctx.report({ ruleId: 'AIS245', combine: sinkCombine('a shell runs a command built at run time'), range: ctx.rangeOfNode(call), severity: 'info', confidence: 'low', data: { detail: `\`${label}\` runs through a shell (\`shell\` enabled); the command is literal today, but any argument added later is parsed as shell syntax.` } });
          continue;
        }
        const code = codeArgument(ctx, program, argv);
        if (code) {
          ctx.report({ ruleId: 'AIS245', combine: sinkCombine('a shell runs a command built at run time'), range: ctx.rangeOfNode(call), ...quiet, data: { detail: `\`${label}\` runs \`${code.program} ${code.flag}\` with a non-literal argument, so that argument runs as ${code.kind}.` } });
        }
      }
    },
  },
);

/**
 * True when a `shell` option is on only on Windows: a comparison of a platform value (`process.platform`,
 * `os.platform()`, `this.platform`) with `'win32'`, written in place or bound to a `const`.
 */
function isWindowsOnly(ctx: AstContext, option: Node): boolean {
  let node = unwrapExpression(option);
  if (node.type === 'identifier') {
    const value = ctx.js().boundValue(node);
    if (!value || value.id === node.id) return false;
    node = unwrapExpression(value);
  }
  if (node.type !== 'binary_expression' || !['===', '=='].includes(node.childForFieldName('operator')?.text ?? '')) return false;
  const sides = [node.childForFieldName('left'), node.childForFieldName('right')].map((side) => (side ? unwrapExpression(side) : undefined));
  const platformSide = (side: Node | undefined): boolean => side !== undefined && /(?:^|\.)platform(?:\(\s*\))?$/.test(side.text);
  const win32 = (side: Node | undefined): boolean => side !== undefined && ctx.js().literalValue(side) === 'win32';
  return (platformSide(sides[0]) && win32(sides[1])) || (win32(sides[0]) && platformSide(sides[1]));
}

/** An options object: a literal, or a variable bound to one. */
function resolveObject(ctx: AstContext, node: Node | undefined): Node | undefined {
  if (!node) return undefined;
  const inner = unwrapExpression(node);
  if (inner.type === 'object') return inner;
  const value = ctx.js().boundValue(inner);
  return value && unwrapExpression(value).type === 'object' ? unwrapExpression(value) : undefined;
}

/** True when the program and every argument hold only constants and the program's own command line and environment. */
function operatorOnly(ctx: AstContext, program: Node, argv: Node | undefined): boolean {
  const items = argv ? unwrapExpression(argv) : undefined;
  if (items && items.type !== 'array') return false;
  const parts = [program, ...(items?.namedChildren ?? []).filter((c): c is Node => !!c && c.type !== 'comment')];
  return parts.every((part) => part.type !== 'spread_element' && jsCommandOrigin(ctx, part) !== 'outside');
}

function isLiteralArray(ctx: AstContext, node: Node): boolean {
  const inner = unwrapExpression(node);
  if (inner.type !== 'array') return false;
  return inner.namedChildren.every((c) => !c || c.type === 'comment' || (c.type !== 'spread_element' && isConstantCommand(ctx, c)));
}

/** `spawn("sh", ["-c", x])`: the program, the flag and the kind when the code argument is non-literal. */
function codeArgument(ctx: AstContext, program: Node, argv: Node | undefined): { program: string; flag: string; kind: string } | undefined {
  const name = ctx.js().literalValue(program);
  if (typeof name !== 'string' || !argv) return undefined;
  const base = name.slice(name.lastIndexOf('/') + 1);
  const flags = CODE_RUNNERS.get(base);
  const list = unwrapExpression(argv);
  if (!flags || list.type !== 'array') return undefined;
  const items = list.namedChildren.filter((c): c is Node => !!c && c.type !== 'comment');
  for (let i = 0; i < items.length - 1; i++) {
    const flag = ctx.js().literalValue(items[i]);
    if (typeof flag !== 'string' || !flags.has(flag)) continue;
    const next = items[i + 1];
    if (next.type === 'spread_element' || !isConstantCommand(ctx, next)) {
      const shellLike = ['cmd', 'cmd.exe', 'powershell', 'powershell.exe', 'pwsh', 'pwsh.exe', 'sh', 'bash', 'zsh', 'dash', 'ksh', 'ash', 'fish'].includes(base);
      return { program: base, flag, kind: shellLike ? 'a shell command' : `${base} code` };
    }
  }
  return undefined;
}
