/**
 * AIS244 child-process-exec-non-literal: `child_process.exec`/`execSync` (and `shelljs.exec`) run their
 * first argument through a shell; a command built at run time is open to shell injection.
 */
import { defineRule } from '../../../engine/rule';
import { calleeLabel, jsCallsTo } from '../../shared/js-calls';
import { readsExternalInput } from '../../shared/js-strings';
import { jsCommandOrigin } from '../../shared/js-command-evidence';
import { isDeveloperToolingPath } from '../../shared/tooling-paths';
import { sinkCombine } from '../../shared/sink-combine';

const SINKS = new Set(['child_process.exec', 'child_process.execSync', 'shelljs.exec']);

export default defineRule(
  {
    id: 'AIS244',
    name: 'child-process-exec-non-literal',
    title: 'Shell command built at run time',
    category: 'code-execution',
    fileKinds: ['javascript', 'typescript', 'tsx'],
    severity: 'error',
    confidence: 'medium',
    cwe: ['CWE-78'],
    message: '`{{callee}}` runs a command string built at run time through a shell; any `;`, `|`, `$(...)` in the data becomes a command.',
    fixAvailability: 'none',
    peers: { semgrep: ['javascript.lang.security.detect-child-process.detect-child-process'] },
    docs: {
      whatItDoes: 'Flags `exec` and `execSync` from `child_process` (or `node:child_process`, through `require`, default, namespace or named imports with aliases, dynamic `import()`, destructuring and `util.promisify`) and `shelljs` `exec` when the command is not a literal string. Methods that merely share the name (`regex.exec(s)`, `db.exec(sql)`) are not flagged. A command built only from constants and numbers (a template of constant bindings, `taskkill /pid ${child.pid}`) is not reported. Confidence is high when the argument visibly reads outside input: request body, query, params or headers, the page URL or cookies, `process.argv`, a Lambda event or a message payload. In developer tooling (`scripts/`, `tools/`, `.github/`, bundler and runner configuration files) a command that reads no such input is advisory (audit profile): those scripts run with the project\'s own arguments and environment. How origin sets severity: a parameter of a function the module declares and does not export is followed to the arguments of its call sites in the file (and a call to such a helper to what it returns), so a helper called only with constants is not reported; a property of such a parameter (`run(update)` reading `update.command`) is followed to that property of the objects the call sites pass (object literals, or a helper\'s returned literals), and so is a name destructured from a helper\'s result (`const { command } = installInfo()`); the program\'s own places (`os.tmpdir()`, `process.execPath`) count as constants, and so do a name imported from another module of the project that exports it as a literal (`export const NETWORK = \'sandbox-net\'`) and a value whose declared TypeScript type is a union of string literals (`runtime: \'docker\' | \'podman\'`, or `config.command` where the interface `config` is typed with, in this file, another module or a package of the npm workspaces, declares `command?: \'docker\' | \'podman\'`; a typed variable whose initialiser is a cast does not count); a `let` or `var` holds every value later assigned to it; a command built only from constants and the program\'s own command line and environment (`process.argv`, `process.env`) is advisory information (audit profile, an editor hint); an exported function\'s parameter, a helper with any caller passing other data, and everything else keep the rule\'s severity.',
      whyIsThisBad: '`exec` hands the whole string to `/bin/sh -c` (or `cmd.exe /s /c`). If any part of it comes from a request, a file name, a model response or another program, shell metacharacters in that part run extra commands with the rights of the process (OS command injection).',
      example: 'import { exec } from "node:child_process";\n\nexec(`git log --author=${req.query.author}`, callback);\n',
      useInstead: 'import { execFile } from "node:child_process";\n\n// No shell: each argument reaches the program as one argv entry.\nexecFile("git", ["log", `--author=${req.query.author}`], callback);\n',
      references: ['https://cwe.mitre.org/data/definitions/78.html', 'https://nodejs.org/api/child_process.html#child_processexeccommand-options-callback', 'https://owasp.org/www-community/attacks/Command_Injection'],
    },
  },
  {
    kind: 'ast',
    keywords: ['child_process', 'shelljs'],
    onFile(ctx) {
      for (const { call, callee, args, hasSpread } of jsCallsTo(ctx, SINKS)) {
        const command = args[0];
        if (!command && !hasSpread) continue;
        const origin = command ? jsCommandOrigin(ctx, command) : 'outside';
        if (origin === 'constant') continue;
        // Built only from the program's own command line and environment: the operator's choice (advisory).
        const operator = origin === 'operator' && !hasSpread;
        const external = !operator && args.some(readsExternalInput);
        const tooling = !external && isDeveloperToolingPath(ctx.config.projectPath ?? ctx.path);
        ctx.report({
          ruleId: 'AIS244',
          combine: sinkCombine('a shell runs a command built at run time'),
          range: ctx.rangeOfNode(call),
          ...(operator ? { severity: 'info' as const, confidence: 'low' as const, advisory: true, messageSuffix: ' Its dynamic parts come only from the program\'s own command line and environment (`process.argv`, `process.env`), the operator\'s choice, so this is advisory.' } : external ? { severity: 'error' as const, confidence: 'high' as const } : tooling ? { severity: 'warning' as const, advisory: true } : {}),
          data: { callee: calleeLabel(callee) },
        });
      }
    },
  },
);
