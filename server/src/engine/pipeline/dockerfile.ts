/**
 * Dockerfiles read with `dockerfile-ast`: instructions with their flags and arguments as document offsets,
 * and every `RUN` as a shell script in the shell-command model (shell form with line continuations,
 * exec form `["bash", "-c", "…"]`, and here-documents `RUN <<EOF … EOF`).
 */
import { DockerfileParser } from 'dockerfile-ast';
import { parseShell, scriptFromArgv, wordFromText } from '../shell/commands';
import type { ShellScript } from '../shell/commands';
import { alignDecoded } from './decoded-offsets';

export interface DockerArgument {
  value: string;
  start: number;
  end: number;
}

export interface DockerInstruction {
  /** Upper case: `RUN`, `ADD`, `FROM`. */
  keyword: string;
  start: number;
  end: number;
  flags: DockerArgument[];
  args: DockerArgument[];
  /** Where the arguments begin (after the keyword and flags). */
  argsStart: number;
}

export interface DockerRun {
  instruction: DockerInstruction;
  script: ShellScript;
}

export interface Dockerfile {
  instructions: DockerInstruction[];
  runs: DockerRun[];
}

export function readDockerfile(text: string): Dockerfile {
  const lineStarts = lineStartsOf(text);
  const offsetOf = (p: { line: number; character: number }): number => Math.min(text.length, (lineStarts[p.line] ?? text.length) + p.character);
  const instructions: DockerInstruction[] = [];
  const runs: DockerRun[] = [];
  for (const instruction of DockerfileParser.parse(text).getInstructions()) {
    const range = instruction.getRange();
    const flags = 'getFlags' in instruction && typeof instruction.getFlags === 'function'
      ? (instruction.getFlags() as { getName(): string; getValue(): string | null; getRange(): { start: { line: number; character: number }; end: { line: number; character: number } } }[]).map((flag) => ({
          value: `${flag.getName()}${flag.getValue() === null ? '' : `=${flag.getValue() ?? ''}`}`,
          start: offsetOf(flag.getRange().start),
          end: offsetOf(flag.getRange().end),
        }))
      : [];
    const args = instruction.getArguments().map((arg) => ({ value: arg.getValue(), start: offsetOf(arg.getRange().start), end: offsetOf(arg.getRange().end) }));
    const start = offsetOf(range.start);
    const end = offsetOf(range.end);
    const keywordEnd = start + instruction.getKeyword().length;
    const afterFlags = flags.length > 0 ? flags[flags.length - 1]!.end : keywordEnd;
    const argsStart = args[0]?.start ?? afterFlags;
    const read: DockerInstruction = { keyword: instruction.getKeyword().toUpperCase(), start, end, flags, args, argsStart };
    instructions.push(read);
    if (read.keyword === 'RUN' && args.length > 0) runs.push({ instruction: read, script: runScript(text, argsStart, end) });
  }
  return { instructions, runs };
}

/** The shell script of a `RUN` whose arguments span `text[from, to)`. */
function runScript(text: string, from: number, to: number): ShellScript {
  const source = text.slice(from, to);
  if (source.startsWith('[')) return execFormScript(text, from, to);
  const heredoc = /^<<-?\s*["']?(\w+)["']?[^\n]*\n/.exec(source);
  if (heredoc) {
    const bodyStart = from + heredoc[0].length;
    const terminator = new RegExp(`^\\s*${heredoc[1]!}\\s*$`, 'm').exec(text.slice(bodyStart, Math.max(to, bodyStart)));
    const bodyEnd = terminator ? bodyStart + terminator.index : to;
    return parseShell(text.slice(bodyStart, bodyEnd), (i) => bodyStart + i);
  }
  return parseShell(source, (i) => from + i);
}

/** `RUN ["bash", "-c", "…"]`: a JSON array of words; no shell runs unless the first word is one. */
function execFormScript(text: string, from: number, to: number): ShellScript {
  const words = [];
  const pattern = /"((?:[^"\\]|\\.)*)"/g;
  const source = text.slice(from, to);
  for (const match of source.matchAll(pattern)) {
    let value: string;
    try {
      value = JSON.parse(match[0]) as string;
    } catch {
      return { pipelines: [] };
    }
    const contentStart = from + (match.index ?? 0) + 1;
    const offsets = alignDecoded(text, value, contentStart, contentStart + match[1]!.length, true);
    words.push(wordFromText(value, (i) => (i < offsets.length ? offsets[i]! : contentStart + match[1]!.length)));
  }
  return scriptFromArgv(words);
}

function lineStartsOf(text: string): number[] {
  const starts = [0];
  for (let i = 0; i < text.length; i++) {
    if (text[i] === '\n') starts.push(i + 1);
    else if (text[i] === '\r' && text[i + 1] !== '\n') starts.push(i + 1);
  }
  return starts;
}
