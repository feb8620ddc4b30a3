/**
 * AIS243 js-vm-code-execution: Node's `vm` module compiling or running code that is not a literal.
 * `vm` contexts are not a security boundary, so this is code execution in the host process.
 */
import { defineRule } from '../../../engine/rule';
import { calleeLabel, isJsLiteral, jsCallsTo } from '../../shared/js-calls';
import { readsExternalInput } from '../../shared/js-strings';
import { sinkCombine } from '../../shared/sink-combine';

const SINKS = new Set(['runInNewContext', 'runInContext', 'runInThisContext', 'Script', 'createScript', 'compileFunction', 'SourceTextModule'].map((n) => `vm.${n}`));

export default defineRule(
  {
    id: 'AIS243',
    name: 'js-vm-code-execution',
    title: 'vm runs non-literal code',
    category: 'code-execution',
    fileKinds: ['javascript', 'typescript', 'tsx'],
    severity: 'warning',
    confidence: 'medium',
    cwe: ['CWE-94'],
    message: '`{{callee}}` compiles code built at run time; the `vm` module is not a sandbox, so this code can reach the whole process.',
    fixAvailability: 'none',
    docs: {
      whatItDoes: 'Flags `vm.runInNewContext`, `vm.runInContext`, `vm.runInThisContext`, `vm.createScript`, `new vm.Script`, `vm.compileFunction` and `new vm.SourceTextModule` (imported as `vm` or `node:vm`, by namespace, default or named import, or `require`) when the code argument is not a literal string. The severity rises to error (high confidence) when the argument visibly reads outside input: request body, query, params or headers, the page URL or cookies, `process.argv`, a Lambda event or a message payload.',
      whyIsThisBad: 'Node\'s documentation states that the `vm` module is not a security mechanism. Code run in a "new context" escapes it in one line (`this.constructor.constructor("return process")()`) and then has the rights of the host process. Running code that comes from users, files or a model response through `vm` is therefore remote code execution, not sandboxing.',
      example: 'import vm from "node:vm";\n\nconst result = vm.runInNewContext(req.body.script, { data });\n',
      useInstead: '// Do not run untrusted code in-process. Interpret a restricted language, or run the code in a\n// separate, unprivileged process or container (no network, resource limits) and exchange JSON with it.\nconst { stdout } = await execFileAsync("docker", ["run", "--rm", "--network=none", "sandbox-image"], { input: code });\n',
      references: ['https://cwe.mitre.org/data/definitions/94.html', 'https://nodejs.org/api/vm.html#vm-executing-javascript', 'https://owasp.org/www-community/attacks/Code_Injection'],
    },
  },
  {
    kind: 'ast',
    keywords: ["'vm'", '"vm"', 'node:vm'],
    onFile(ctx) {
      for (const { call, callee, args, hasSpread } of jsCallsTo(ctx, SINKS)) {
        const code = args[0];
        if (!code && !hasSpread) continue;
        if (code && isJsLiteral(ctx, code)) continue;
        ctx.report({ ruleId: 'AIS243', combine: sinkCombine('it runs a value that is not a literal'), range: ctx.rangeOfNode(call), ...(args.some(readsExternalInput) ? { severity: 'error' as const, confidence: 'high' as const } : {}), data: { callee: calleeLabel(callee) } });
      }
    },
  },
);
