/**
 * AIS210 code-interpreter-run: running source through `code.InteractiveInterpreter`/`InteractiveConsole`,
 * sub-interpreters, or `logging.config.listen` (which accepts configuration, and so code, over a socket).
 */
import { defineRule } from '../../../engine/rule';
import { resolvedCalls } from '../../shared/python-calls';
import { isLiteralStringArg, receiverConstructor } from '../../shared/python-values';

const INTERPRETERS = new Set(['code.InteractiveConsole', 'code.InteractiveInterpreter']);
const INTERPRETER_METHODS = new Set(['push', 'runsource', 'runcode']);
const RUN_STRING = new Set(['_xxsubinterpreters.run_string', '_interpreters.run_string', '_interpreters.exec', 'interpreters.run_string']);

export default defineRule(
  {
    id: 'AIS210',
    name: 'code-interpreter-run',
    title: 'Source run through an embedded interpreter',
    category: 'code-execution',
    fileKinds: ['python'],
    severity: 'error',
    confidence: 'medium',
    cwe: ['CWE-94'],
    message: '`{{callee}}` {{what}}; if any part of it comes from outside, it runs arbitrary code.',
    fixAvailability: 'none',
    peers: { bandit: ['B612'] },
    docs: {
      whatItDoes: 'Flags `push`, `runsource` and `runcode` on a `code.InteractiveConsole` / `InteractiveInterpreter` with non-literal source, sub-interpreter `run_string` with non-literal source, and `logging.config.listen()` without a `verify` function.',
      whyIsThisBad: 'An embedded interpreter runs Python source exactly like `exec`. `logging.config.listen` opens a socket that accepts logging configurations, and a configuration can name arbitrary callables, so anyone who can reach the port runs code unless `verify` checks a signature.',
      example: 'import code\n\nconsole = code.InteractiveConsole()\nconsole.push(message)\n',
      useInstead: '# Do not execute received source; if a REPL is needed, run it in a sandboxed process bound to localhost.\n',
      references: ['https://cwe.mitre.org/data/definitions/94.html', 'https://docs.python.org/3/library/code.html', 'https://docs.python.org/3/library/logging.config.html#logging.config.listen'],
    },
  },
  {
    kind: 'ast',
    keywords: ['InteractiveConsole', 'InteractiveInterpreter', 'run_string', 'interpreters', 'logging.config'],
    onFile(ctx) {
      const scope = ctx.python();
      for (const { call, callee, qualified } of resolvedCalls(ctx)) {
        if (qualified === 'logging.config.listen') {
          if (scope.argument(call, 1, 'verify')) continue;
          ctx.report({ ruleId: 'AIS210', range: ctx.rangeOfNode(call), data: { callee: callee.text, what: 'accepts logging configuration over a socket without a `verify` function' } });
          continue;
        }
        if (qualified && RUN_STRING.has(qualified)) {
          const source = scope.argument(call, 1, undefined);
          if (source && !isLiteralStringArg(ctx, source)) ctx.report({ ruleId: 'AIS210', range: ctx.rangeOfNode(call), data: { callee: callee.text, what: 'runs non-literal source in a sub-interpreter' } });
          continue;
        }
        if (callee.type !== 'attribute') continue;
        const method = callee.childForFieldName('attribute')?.text;
        const receiver = callee.childForFieldName('object');
        if (!method || !receiver || !INTERPRETER_METHODS.has(method)) continue;
        const made = receiverConstructor(ctx, receiver);
        if (!made || !INTERPRETERS.has(made)) continue;
        const source = scope.argument(call, 0, undefined);
        if (!source || isLiteralStringArg(ctx, source)) continue;
        ctx.report({ ruleId: 'AIS210', range: ctx.rangeOfNode(call), data: { callee: callee.text, what: 'runs non-literal source in an embedded interpreter' } });
      }
    },
  },
);
