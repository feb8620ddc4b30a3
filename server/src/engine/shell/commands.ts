/**
 * The shell-command model: a command string becomes pipelines of simple commands, each a list of words
 * with source offsets. Commands inside `$(…)`, backticks, `<(…)` and the script of `bash -c '…'` /
 * `sh -c "…"` are parsed too, so a rule sees `curl … | sh` wherever it is written: an MCP server's
 * arguments, a workflow `run:` block, a GitLab `script:` line, a Dockerfile `RUN` or a dev-container command.
 */
import { lexShell } from './lexer';
import type { LexToken, LexWord } from './lexer';
import { appendAll } from '../collections';

export type ShellWord = LexWord;

/** One simple command: `FOO=1 sudo curl -fsSL url > out`. */
export interface SimpleCommand {
  /** The command's words after assignments and without redirections (`sudo curl -fsSL url`). */
  words: ShellWord[];
  /** Leading `NAME=value` words. */
  assignments: ShellWord[];
  /** Redirection targets (`out` in `> out`), with their operator. */
  redirects: { op: string; target?: ShellWord }[];
  start: number;
  end: number;
  /** How deep the command is nested in substitutions and `-c` scripts (0 at the top). */
  depth: number;
  /** Pipelines inside this command's words: its `$(…)`, backtick and `<(…)` substitutions and its `-c` script. */
  inner: Pipeline[];
}

/** Commands joined by `|` (or `|&`). A lone command is a pipeline of one. */
export interface Pipeline {
  commands: SimpleCommand[];
  start: number;
  end: number;
  depth: number;
}

export interface ShellScript {
  /** Every pipeline, the nested ones (substitutions, `-c` scripts) after the one containing them. */
  pipelines: Pipeline[];
}

/** Keywords that open or close compound commands; the command proper starts after them. */
const RESERVED = new Set(['if', 'then', 'else', 'elif', 'fi', 'do', 'done', 'while', 'until', '{', '}', '!', 'time', 'esac', 'in']);
/** Compound heads whose own words are not a command (`for x in a b`, `case $x in`). */
const NOT_A_COMMAND = new Set(['for', 'select', 'case', 'function']);
/** Nesting deeper than this is not parsed (a script can nest `bash -c` without end). */
const MAX_DEPTH = 8;

/** Parses `source`; `positionOf` maps an index in `source` to the offset reported (identity by default). */
export function parseShell(source: string, positionOf: (index: number) => number = (i) => i): ShellScript {
  const script: ShellScript = { pipelines: [] };
  parseInto(source, positionOf, 0, script);
  return script;
}

/** Parses one word's value as a script (an MCP server's `bash -c` argument), mapping offsets through the word. */
export function parseWordAsScript(word: ShellWord): ShellScript {
  const script: ShellScript = { pipelines: [] };
  parseInto(word.text, offsetMapOf(word), 0, script);
  return script;
}

/**
 * The script of a command given as an argv array (an MCP server's `command` + `args`, a dev container's
 * array-form command, Dockerfile exec form): no shell splits it, but a `bash -c` / `sh -c` script among its
 * words is shell text and is parsed, with its commands as the command's `inner` pipelines.
 */
export function scriptFromArgv(words: readonly ShellWord[]): ShellScript {
  if (words.length === 0) return { pipelines: [] };
  const command = newCommand(0);
  for (const word of words) {
    command.words.push(word);
    extend(command, word.start, word.end);
  }
  const script: ShellScript = { pipelines: [{ commands: [command], start: command.start, end: command.end, depth: 0 }] };
  // The `-c` script is the word after the flag, wherever later arguments follow it (`sh -c 'script' argv0`).
  for (let i = 1; i < words.length; i++) {
    if (!isInlineScriptAt(words, i)) continue;
    const sub: ShellScript = { pipelines: [] };
    parseInto(words[i]!.text, offsetMapOf(words[i]!), 1, sub);
    appendAll(command.inner, sub.pipelines);
    appendAll(script.pipelines, sub.pipelines);
    break;
  }
  return script;
}

/**
 * A word whose text is already decoded (a JSON or YAML string); `positionOf(i)` gives the document offset of
 * `text[i]` (and of the end for `i === text.length`).
 */
export function wordFromText(text: string, positionOf: (index: number) => number): ShellWord {
  const offsets: number[] = [];
  for (let i = 0; i < text.length; i++) offsets.push(positionOf(i));
  const start = positionOf(0);
  return { kind: 'word', text, offsets, start, end: text.length > 0 ? offsets[offsets.length - 1]! + 1 : start, quoted: true, substitutions: [] };
}

/** Every simple command of the script, nested ones included, in source order of their pipelines. */
export function commandsOf(script: ShellScript): SimpleCommand[] {
  return script.pipelines.flatMap((pipeline) => pipeline.commands);
}

/** The command's name without a path (`/usr/bin/curl` → `curl`, `python3.exe` → `python3`). */
export function commandName(word: ShellWord | undefined): string {
  return (word?.text ?? '').replace(/^.*[\\/]/, '').replace(/\.exe$/i, '');
}

interface NestedText {
  command: SimpleCommand;
  word: ShellWord;
  /** True for a `-c` script word (parsed whole); false for a word whose substitutions are parsed. */
  asScript: boolean;
}

function parseInto(source: string, positionOf: (index: number) => number, depth: number, script: ShellScript): void {
  const tokens = lexShell(source, positionOf);
  let pipeline: SimpleCommand[] = [];
  let command = newCommand(depth);
  const nested: NestedText[] = [];
  const endCommand = (): void => {
    if (command.words.length > 0 || command.assignments.length > 0) {
      if (!NOT_A_COMMAND.has(command.words[0]?.text ?? '')) pipeline.push(command);
    }
    command = newCommand(depth);
  };
  const endPipeline = (): void => {
    endCommand();
    if (pipeline.length > 0) script.pipelines.push({ commands: pipeline, start: pipeline[0]!.start, end: pipeline[pipeline.length - 1]!.end, depth });
    pipeline = [];
    for (const entry of nested.splice(0)) {
      if (depth >= MAX_DEPTH) break;
      const sub: ShellScript = { pipelines: [] };
      if (entry.asScript) parseInto(entry.word.text, offsetMapOf(entry.word), depth + 1, sub);
      else parseSubstitutions(entry.word, source, positionOf, depth + 1, sub);
      appendAll(entry.command.inner, sub.pipelines);
      appendAll(script.pipelines, sub.pipelines);
    }
  };
  for (let t = 0; t < tokens.length; t++) {
    const token: LexToken = tokens[t]!;
    if (token.kind === 'op') {
      if (token.op === '|' || token.op === '|&') { endCommand(); continue; }
      if (isRedirection(token.op)) {
        const target = tokens[t + 1];
        if (target?.kind === 'word') {
          command.redirects.push({ op: token.op, target });
          if (target.substitutions.length > 0) nested.push({ command, word: target, asScript: false });
          t++;
        } else command.redirects.push({ op: token.op });
        extend(command, token.start, token.end);
        continue;
      }
      endPipeline();
      continue;
    }
    if (command.words.length === 0 && !token.quoted && RESERVED.has(token.text)) continue;
    if (command.words.length === 0 && /^[A-Za-z_]\w*=/.test(token.text)) {
      command.assignments.push(token);
      if (token.substitutions.length > 0) nested.push({ command, word: token, asScript: false });
      extend(command, token.start, token.end);
      continue;
    }
    command.words.push(token);
    extend(command, token.start, token.end);
    if (isInlineScriptAt(command.words, command.words.length - 1)) nested.push({ command, word: token, asScript: true });
    else if (token.substitutions.length > 0) nested.push({ command, word: token, asScript: false });
  }
  endPipeline();
}

/** Parses the commands inside a word's substitutions. */
function parseSubstitutions(word: ShellWord, source: string, positionOf: (index: number) => number, depth: number, script: ShellScript): void {
  for (const substitution of word.substitutions) {
    const from = indexOfPosition(source, positionOf, substitution.innerStart);
    const to = indexOfPosition(source, positionOf, substitution.innerEnd);
    if (to < from) continue;
    parseInto(source.slice(from, to), (i) => positionOf(from + i), depth, script);
  }
}

/**
 * True when `words[index]` is the script of a `-c` flag (possibly among other short flags) given to a shell,
 * wherever the shell sits: `bash -c '…'`, `sudo -u app sh -ec "…"`, `docker run img bash -c "…"`.
 */
function isInlineScriptAt(words: readonly ShellWord[], index: number): boolean {
  const flag = words[index - 1];
  if (!flag || !/^-[a-z]*c[a-z]*$/.test(flag.text)) return false;
  let i = index - 2;
  while (i >= 0 && words[i]!.text.startsWith('-')) i--;
  return i >= 0 && (isShellName(commandName(words[i])) || /^(pwsh|powershell)$/i.test(commandName(words[i])));
}

/** POSIX shells whose `-c` argument is a script. */
export function isShellName(name: string): boolean {
  return /^(sh|bash|dash|zsh|ksh|ash|busybox)$/.test(name);
}

/** Maps an index in a word's value back to a source offset (the end maps past the last character). */
function offsetMapOf(word: ShellWord): (index: number) => number {
  return (i) => {
    if (i < word.offsets.length) return word.offsets[i]!;
    const last = word.offsets[word.offsets.length - 1];
    return last === undefined ? word.end : last + 1 + (i - word.offsets.length);
  };
}

/** The index in `source` whose position is `position` (positions grow with the index). */
function indexOfPosition(source: string, positionOf: (index: number) => number, position: number): number {
  let lo = 0;
  let hi = source.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (positionOf(mid) < position) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function isRedirection(op: string): boolean {
  return /^(\d*)(>>?|<|<<-?|<<<|>&|<&|>\||<>|&>>?)$/.test(op);
}

function newCommand(depth: number): SimpleCommand {
  return { words: [], assignments: [], redirects: [], start: -1, end: -1, depth, inner: [] };
}

function extend(command: SimpleCommand, start: number, end: number): void {
  if (command.start < 0 || start < command.start) command.start = start;
  if (end > command.end) command.end = end;
}
