/**
 * Commands in instruction text that run code fetched from the network, found per line. Each match says
 * where the command is and which URL it fetches, so the severity can follow how trustworthy the source is.
 */

export interface RemoteExecMatch {
  start: number;
  end: number;
  /** The URL fetched, when the line names one. */
  url?: string;
  /** The payload is base64 text decoded into a shell. */
  encoded: boolean;
}

const DOWNLOADER = String.raw`(?:curl|wget|iwr|irm|Invoke-WebRequest|Invoke-RestMethod)`;
/** A download whose output is piped onwards: `curl -fsSL URL |`. */
const DOWNLOAD_PIPE = new RegExp(String.raw`\b${DOWNLOADER}\b[^|\n\`]*\|\s*(?:sudo\s+(?:-\S+\s+)*)?([\w.\-]+)([^|\n\`]*)`, 'gi');
/** `bash <(curl ...)`, `sh -c "$(curl ...)"`, `eval "$(wget ...)"`, `python3 -c "$(curl ...)"`, `iex (irm ...)`, `iex (New-Object Net.WebClient).DownloadString(...)`. */
const SUBSTITUTION = new RegExp(
  String.raw`\b(?:(?:ba|z|da|k)?sh\s+<\(\s*${DOWNLOADER}\b|(?:(?:ba|z|da|k)?sh\s+-c|eval|python[\d.]*\s+-c|node\s+-e)\s+["']?\$\(\s*${DOWNLOADER}\b|(?:iex|Invoke-Expression)\s*\(\s*(?:${DOWNLOADER}\b|New-Object\s+(?:System\.)?Net\.WebClient))`,
  'gi',
);
const BASE64_TO_SHELL = /\bbase64\s+(?:-d|--decode|-D)\b[^|\n`]*\|\s*(?:sudo\s+)?(?:ba|z|da|k)?sh\b/gi;
const URL = /\bhttps?:\/\/[^\s"'`)<>|]+/i;

const SHELLS = new Set(['sh', 'bash', 'zsh', 'dash', 'ksh', 'fish', 'pwsh', 'powershell']);
const POWERSHELL_EVAL = new Set(['iex', 'invoke-expression']);
const INTERPRETERS = /^(python[\d.]*|node|ruby|perl|php|deno|bun)$/;

/** Every remote-execution command on one line (offsets relative to the line). */
export function remoteExecOnLine(line: string): RemoteExecMatch[] {
  const out: RemoteExecMatch[] = [];
  for (const match of line.matchAll(DOWNLOAD_PIPE)) {
    if (!runsStdin(match[1].toLowerCase(), match[2])) continue;
    const start = match.index ?? 0;
    out.push({ start, end: start + match[0].trimEnd().length, url: URL.exec(match[0])?.[0], encoded: false });
  }
  for (const match of line.matchAll(SUBSTITUTION)) {
    const start = match.index ?? 0;
    out.push({ start, end: start + match[0].length, url: URL.exec(line.slice(start))?.[0], encoded: false });
  }
  for (const match of line.matchAll(BASE64_TO_SHELL)) {
    const start = match.index ?? 0;
    out.push({ start, end: start + match[0].length, url: undefined, encoded: true });
  }
  return out;
}

/**
 * True when the program after the pipe executes what it reads: a shell without `-c` or a script of its
 * own, `iex`, or an interpreter reading stdin (no arguments, or `-`). `| python3 -c "import json..."`
 * and `| jq .` only read the download as data.
 */
function runsStdin(program: string, rest: string): boolean {
  if (POWERSHELL_EVAL.has(program)) return true;
  const isShell = SHELLS.has(program);
  if (!isShell && !INTERPRETERS.test(program)) return false;
  const words = rest.trim().split(/\s+/).filter((w) => w !== '');
  // An inline program (`-c`, `-e`, `-m module`) reads the download as data.
  if (words.some((w) => INLINE_PROGRAM_FLAGS.has(w))) return false;
  // A script of its own (`| bash install.sh`, `| python3 tools/parse.py`) reads the download as data too.
  const firstOperand = words.find((w) => !w.startsWith('-'));
  return firstOperand === undefined || !SCRIPT_PATH.test(firstOperand);
}

const INLINE_PROGRAM_FLAGS = new Set(['-c', '-e', '-m', '-p', '-r', '--eval', '--print', '-Command', '/c', '-EncodedCommand']);
const SCRIPT_PATH = /^(\.{0,2}\/|~\/)|\.(sh|bash|ps1|py|js|mjs|cjs|ts|rb|pl|php)$/;
