/** The code-execution family: every rule module, in code order. */
import type { RuleModule } from '../../engine/rule';
import jsEvalNonLiteral from './js-eval-non-literal/rule';
import jsFunctionConstructorNonLiteral from './js-function-constructor-non-literal/rule';
import jsTimerStringCode from './js-timer-string-code/rule';
import jsVmCodeExecution from './js-vm-code-execution/rule';
import childProcessExecNonLiteral from './child-process-exec-non-literal/rule';
import childProcessShellOption from './child-process-shell-option/rule';
import pythonEvalNonLiteral from './python-eval-non-literal/rule';
import pythonExecNonLiteral from './python-exec-non-literal/rule';
import subprocessShellTrue from './subprocess-shell-true/rule';
import osSystemNonLiteral from './os-system-non-literal/rule';
import osExecSpawnNonLiteral from './os-exec-spawn-non-literal/rule';
import asyncioSubprocessShell from './asyncio-subprocess-shell/rule';
import partialExecutablePath from './partial-executable-path/rule';
import wildcardInShellCommand from './wildcard-in-shell-command/rule';
import nonLiteralImport from './non-literal-import/rule';
import codeInterpreterRun from './code-interpreter-run/rule';
import pandasEvalNonLiteral from './pandas-eval-non-literal/rule';
import dynamicGlobalsAccess from './dynamic-globals-access/rule';
import langchainDangerousCode from './langchain-dangerous-code/rule';
import langchainCodeExecutionTool from './langchain-code-execution-tool/rule';
import langchainDangerousRequests from './langchain-dangerous-requests/rule';
import llmOutputExecution from './llm-output-execution/rule';
import jsVm2Sandbox from './js-vm2-sandbox/rule';

export const modules: readonly RuleModule[] = [jsEvalNonLiteral, jsFunctionConstructorNonLiteral, jsTimerStringCode, jsVmCodeExecution, childProcessExecNonLiteral, childProcessShellOption, pythonEvalNonLiteral, pythonExecNonLiteral, subprocessShellTrue, osSystemNonLiteral, osExecSpawnNonLiteral, asyncioSubprocessShell, partialExecutablePath, wildcardInShellCommand, nonLiteralImport, codeInterpreterRun, pandasEvalNonLiteral, dynamicGlobalsAccess, langchainDangerousCode, langchainCodeExecutionTool, langchainDangerousRequests, llmOutputExecution, jsVm2Sandbox];
