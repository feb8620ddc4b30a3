/** The shell-command model: words with offsets, pipelines, nested scripts and the download-and-execute matcher. */
export { lexShell } from './lexer';
export type { LexToken, LexWord, LexOperator, LexSubstitution } from './lexer';
export { parseShell, parseWordAsScript, scriptFromArgv, wordFromText, commandsOf, commandName, isShellName } from './commands';
export type { ShellScript, Pipeline, SimpleCommand, ShellWord } from './commands';
export { findDownloadExecutions, effectiveWords, isDownloadToStdout, urlWordOf } from './download-exec';
export type { DownloadExecution } from './download-exec';
export { installDependenciesOf } from './install';
