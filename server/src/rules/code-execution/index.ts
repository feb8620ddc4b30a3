/** The code-execution family: every rule module, in code order. */
import type { RuleModule } from '../../engine/rule';
import jsEvalNonLiteral from './js-eval-non-literal/rule';
import jsFunctionConstructorNonLiteral from './js-function-constructor-non-literal/rule';
import jsTimerStringCode from './js-timer-string-code/rule';
import jsVmCodeExecution from './js-vm-code-execution/rule';
import childProcessExecNonLiteral from './child-process-exec-non-literal/rule';
import childProcessShellOption from './child-process-shell-option/rule';

export const modules: readonly RuleModule[] = [jsEvalNonLiteral, jsFunctionConstructorNonLiteral, jsTimerStringCode, jsVmCodeExecution, childProcessExecNonLiteral, childProcessShellOption];
