/**
 * Finds code that is downloaded and run in one step, with nothing checking what arrived:
 * `curl … | sh`, `wget -qO- … | sudo bash -s --`, `bash <(curl …)`, `sh -c "$(curl …)"`, `eval "$(wget -O- …)"`,
 * `irm … | iex` and `iex ((New-Object Net.WebClient).DownloadString('…'))`.
 * One matcher serves MCP server arguments, workflow `run:` blocks, GitLab scripts, Dockerfile `RUN` and
 * dev-container commands.
 */
import { commandName, isShellName } from './commands';
import type { Pipeline, ShellScript, ShellWord, SimpleCommand } from './commands';

export interface DownloadExecution {
  form: 'pipe' | 'process-substitution' | 'command-substitution' | 'powershell';
  /** The command that downloads (for the PowerShell form written inside parentheses: the `iex` command). */
  download: SimpleCommand;
  /** The command that runs what was downloaded. */
  interpreter: SimpleCommand;
  /** The downloaded URL as written (may hold `$VAR`), with its source range. */
  url?: { text: string; start: number; end: number };
  /** Source range covering the download and the interpreter. */
  start: number;
  end: number;
}

/**
 * Every download-and-execute in `script`. `text` is the text the script's offsets refer to; it is read only
 * for PowerShell's parenthesised forms, which are not shell syntax.
 */
export function findDownloadExecutions(script: ShellScript, text: string): DownloadExecution[] {
  const found: DownloadExecution[] = [];
  for (const pipeline of script.pipelines) {
    const fromPipe = pipedDownload(pipeline);
    if (fromPipe) found.push(fromPipe);
    for (const command of pipeline.commands) {
      const nested = substitutedDownload(command) ?? powershellDownload(command, text);
      if (nested) found.push(nested);
    }
  }
  return found;
}

/** The command after wrappers such as `sudo -E`, `env A=1`, `nohup`, `exec`, `time`. */
export function effectiveWords(command: SimpleCommand): ShellWord[] {
  const words = command.words;
  let i = 0;
  while (i < words.length) {
    const name = commandName(words[i]);
    if (name === 'sudo' || name === 'doas') {
      i++;
      while (i < words.length && words[i]!.text.startsWith('-')) i += /^-[ugCDhpRrTt]$/.test(words[i]!.text) ? 2 : 1;
      continue;
    }
    if (name === 'env') {
      i++;
      while (i < words.length && (words[i]!.text.startsWith('-') || /^[A-Za-z_]\w*=/.test(words[i]!.text))) i++;
      continue;
    }
    if (name === 'nohup' || name === 'exec' || name === 'time' || name === 'command') { i++; continue; }
    break;
  }
  return words.slice(i);
}

/** True when the command prints a downloaded resource on standard output (curl without `-o`, `wget -O-`, `iwr`). */
export function isDownloadToStdout(command: SimpleCommand): boolean {
  const words = effectiveWords(command);
  const name = commandName(words[0]).toLowerCase();
  const args = words.slice(1).map((w) => w.text);
  if (name === 'curl') return !writesToFile(args, ['-o', '--output', '-O', '--remote-name', '--remote-name-all'], /^-[a-zA-Z]*[oO]$/);
  if (name === 'wget') return writesToStdout(args);
  return /^(iwr|irm|invoke-webrequest|invoke-restmethod)$/.test(name);
}

/** The first URL among the command's words (http, https or ftp, possibly built from variables). */
export function urlWordOf(command: SimpleCommand): ShellWord | undefined {
  return command.words.find((w) => /^(https?|ftp):\/\//i.test(w.text)) ?? command.words.find((w) => /:\/\/|^\$\{?\w*URL/i.test(w.text));
}

function pipedDownload(pipeline: Pipeline): DownloadExecution | undefined {
  const commands = pipeline.commands;
  for (let d = 0; d < commands.length - 1; d++) {
    if (!isDownloadToStdout(commands[d]!)) continue;
    for (let r = d + 1; r < commands.length; r++) {
      if (readsProgramFromStdin(commands[r]!)) return execution('pipe', commands[d]!, commands[r]!);
    }
  }
  return undefined;
}

/** `bash <(curl …)`, `source <(curl …)`, `sh -c "$(curl …)"`, `eval "$(curl …)"`, `python3 -c "$(curl …)"`. */
function substitutedDownload(command: SimpleCommand): DownloadExecution | undefined {
  const words = effectiveWords(command);
  const name = commandName(words[0]).toLowerCase();
  const programWord = programWordOf(name, words);
  if (!programWord) return undefined;
  const whole = /^(?:<\(|\$\(|`)[\s\S]*(?:\)|`)$/.test(programWord.text) && programWord.substitutions.length === 1;
  if (!whole) return undefined;
  const sub = programWord.substitutions[0]!;
  const download = command.inner.flatMap((p) => p.commands).find((c) => c.start >= sub.innerStart && c.end <= sub.innerEnd && isDownloadToStdout(c));
  if (!download) return undefined;
  return execution(sub.kind === 'process' ? 'process-substitution' : 'command-substitution', download, command);
}

/** The word whose content the command runs as a program: a `<(…)` script file, a `-c` script, `eval`'s argument. */
function programWordOf(name: string, words: readonly ShellWord[]): ShellWord | undefined {
  if (name === 'eval') return words.length === 2 ? words[1] : undefined;
  if (name === 'source' || name === '.') return words[1];
  if (!isShellName(name) && !isScriptInterpreter(name)) return undefined;
  for (let i = 1; i < words.length; i++) {
    const text = words[i]!.text;
    if (/^-[a-z]*c[a-z]*$/.test(text) && isShellName(name)) return words[i + 1];
    if ((text === '-c' || text === '-e') && isScriptInterpreter(name)) return words[i + 1];
    if (!text.startsWith('-')) return text.startsWith('<(') ? words[i] : undefined;
  }
  return undefined;
}

/** `iex (iwr …)`, `iex ((New-Object Net.WebClient).DownloadString('…'))`, `Invoke-Expression (irm …)`. */
function powershellDownload(command: SimpleCommand, text: string): DownloadExecution | undefined {
  const name = commandName(command.words[0]).toLowerCase();
  if ((name !== 'iex' && name !== 'invoke-expression') || command.words.length > 1) return undefined;
  const lineEnd = text.indexOf('\n', command.end);
  const rest = text.slice(command.end, lineEnd < 0 ? text.length : lineEnd);
  if (!/^\s*\(/.test(rest) || !/\b(iwr|irm|invoke-webrequest|invoke-restmethod|curl|wget)\b|\.Download(String|Data)\s*\(/i.test(rest)) return undefined;
  const url = /(https?|ftp):\/\/[^\s'")]+/i.exec(rest);
  const end = command.end + rest.length;
  return {
    form: 'powershell',
    download: command,
    interpreter: command,
    url: url ? { text: url[0], start: command.end + url.index, end: command.end + url.index + url[0].length } : undefined,
    start: command.start,
    end,
  };
}

/** Interpreters that run a program read from standard input when given no script (or `-`). */
function readsProgramFromStdin(command: SimpleCommand): boolean {
  const words = effectiveWords(command);
  const name = commandName(words[0]).toLowerCase();
  if (name === 'iex' || name === 'invoke-expression') return true;
  if (name === 'source' || name === '.') return words[1]?.text === '/dev/stdin' || words[1]?.text === '-';
  if (!isShellName(name) && !isScriptInterpreter(name)) return false;
  for (let i = 1; i < words.length; i++) {
    const text = words[i]!.text;
    if (text === '-' || text === '-s' || text === '/dev/stdin') return true;
    if (text === '--') return words[i + 1] === undefined;
    // `sh -c '…'`, `python -m json.tool`, `python -c '…'`, `node -e '…'`: the program is not standard input.
    if (isShellName(name) ? /^-[a-z]*c[a-z]*$/.test(text) : /^-[cmepE]$/.test(text)) return false;
    // A script file named after the options is the program (`bash install.sh`, `python3 tool.py`).
    if (!text.startsWith('-')) return false;
  }
  return true;
}

function isScriptInterpreter(name: string): boolean {
  return /^(python[23]?(\.\d+)?|py|perl|ruby|node|php|pwsh|powershell)$/.test(name);
}

function writesToFile(args: readonly string[], fileFlags: readonly string[], shortCluster: RegExp): boolean {
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (arg.startsWith('--output=')) return !isStdoutTarget(arg.slice('--output='.length));
    if (fileFlags.includes(arg) || (shortCluster.test(arg) && !arg.startsWith('--'))) {
      if (/[O]$/.test(arg) || arg === '--remote-name' || arg === '--remote-name-all') return true;
      return !isStdoutTarget(args[i + 1] ?? '');
    }
  }
  return false;
}

/** wget writes to a file unless `-O -` (or `-qO-`, `--output-document=-`) sends it to standard output. */
function writesToStdout(args: readonly string[]): boolean {
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    const attached = /^-[a-zA-Z]*O(.+)$/.exec(arg) ?? /^--output-document=(.*)$/.exec(arg);
    if (attached) return isStdoutTarget(attached[1]!);
    if (/^-[a-zA-Z]*O$/.test(arg) || arg === '--output-document') return isStdoutTarget(args[i + 1] ?? '');
  }
  return false;
}

function isStdoutTarget(target: string): boolean {
  return target === '-' || target === '/dev/stdout';
}

function execution(form: DownloadExecution['form'], download: SimpleCommand, interpreter: SimpleCommand): DownloadExecution {
  const url = urlWordOf(download);
  return {
    form,
    download,
    interpreter,
    url: url ? { text: url.text, start: url.start, end: url.end } : undefined,
    start: Math.min(download.start, interpreter.start),
    end: Math.max(download.end, interpreter.end),
  };
}
