/**
 * Commands in instruction text that run code fetched from the network. The shell model's one
 * download-and-execute matcher (`engine/shell`, shared with the MCP, CI, Dockerfile and dev-container
 * rules) reads each command the line holds: a fenced code line, an inline code span, or, in plain prose
 * (`.cursorrules` is rarely Markdown), the text from the first command word on. Base64 text decoded into
 * a shell is matched here, since no download is involved.
 */
import { findDownloadExecutions, parseShell } from '../../../engine/shell/index';

export interface RemoteExecMatch {
  start: number;
  end: number;
  /** The URL fetched, when the command names one. */
  url?: string;
  /** The payload is base64 text decoded into a shell. */
  encoded: boolean;
}

const BASE64_TO_SHELL = /\bbase64\s+(?:-d|--decode|-D)\b[^|\n`]*\|\s*(?:sudo\s+)?(?:ba|z|da|k)?sh\b/gi;
const INLINE_CODE = /`([^`\n]+)`/g;
const FIRST_COMMAND_WORD = /\b(?:curl|wget|iwr|irm|invoke-webrequest|invoke-restmethod|bash|sh|zsh|source|eval|iex|invoke-expression|python[\d.]*|sudo)\b/i;
const HTML_COMMENT_MARKS = /<!--|-->/g;

/** Every remote-execution command on one line (offsets relative to the line). */
export function remoteExecOnLine(line: string, inFence: boolean): RemoteExecMatch[] {
  const out: RemoteExecMatch[] = [];
  for (const segment of commandSegments(line, inFence)) {
    for (const found of findDownloadExecutions(parseShell(segment.text), segment.text)) {
      out.push({ start: segment.offset + found.start, end: segment.offset + found.end, url: found.url?.text, encoded: false });
    }
  }
  for (const match of line.matchAll(BASE64_TO_SHELL)) {
    const start = match.index ?? 0;
    out.push({ start, end: start + match[0].length, encoded: true });
  }
  return out;
}

interface Segment {
  text: string;
  offset: number;
}

function commandSegments(line: string, inFence: boolean): Segment[] {
  // Comment marks become spaces (same offsets), so `<!-- curl … | sh -->` reads as the command it hides.
  const text = line.replace(HTML_COMMENT_MARKS, (mark) => ' '.repeat(mark.length));
  if (inFence) return [{ text, offset: 0 }];
  const spans = [...text.matchAll(INLINE_CODE)].map((m) => ({ text: m[1], offset: (m.index ?? 0) + 1 }));
  const prose = text.replace(INLINE_CODE, (span) => ' '.repeat(span.length));
  const first = FIRST_COMMAND_WORD.exec(prose);
  if (first) spans.push({ text: withoutTrailingProse(prose.slice(first.index)), offset: first.index });
  return spans;
}

/**
 * Prose after a command (`… | sh first.`) would read as a script name; plain words after the last pipe
 * (letters only, maybe closing a sentence) are dropped, while `install.sh` or `./x` stay.
 */
function withoutTrailingProse(text: string): string {
  const command = text.trimEnd();
  const pipe = command.lastIndexOf('|');
  const head = command.slice(0, pipe + 1);
  // [' ', 'sh', ' ', 'first.']: separators and words alternate; the program word itself always stays.
  const words = command.slice(pipe + 1).split(/(\s+)/).filter((w) => w !== '');
  while (words.length > 2 && /^[A-Za-z]+[.,;:!?]?$/.test(words[words.length - 1] ?? '')) words.splice(-2, 2);
  return head + words.join('').replace(/[.,;:!?]+$/, '');
}
