/**
 * The instruction-file checker (AIS823-AIS825, and AIS827-AIS829 for front matter): reads the front
 * matter of skills, commands and agents for tool grants and hooks, then each line of the file for the
 * phrase families. A finding inside an HTML comment (invisible when the file is rendered) or on a line
 * with hidden Unicode is an error: that is how an attacker hides it from the reviewer.
 */
import type { Checker, ReportInput, TextContext } from '../../../engine/rule';
import { instructionFileOf, instructionReaders } from '../../../engine/agent-instructions/instruction-files';
import { readFrontMatter, type FrontMatterEntry } from '../../../engine/agent-instructions/front-matter';
import { scanHiddenUnicode } from '../../../engine/text/hidden-unicode';
import { INSTRUCTIONS_REMOTE_EXEC } from '../agent-instructions-remote-exec/rule';
import { INSTRUCTIONS_EXFILTRATION } from '../agent-instructions-exfiltration/rule';
import { INSTRUCTIONS_APPROVAL_BYPASS } from '../agent-instructions-approval-bypass/rule';
import { SHELL_ALLOW_WILDCARD } from '../agent-shell-allow-wildcard/rule';
import { NETWORK_ALLOW_BROAD } from '../agent-network-allow-broad/rule';
import { PROJECT_CONFIG_EXECUTES } from '../claude-project-config-executes/rule';
import { permissionRisk, splitToolList } from '../agent-settings/tool-permissions';
import { permissionFinding } from '../agent-settings/permission-findings';
import { remoteExecOnLine, type RemoteExecMatch } from './remote-exec';
import { APPROVAL_FLAGS, EXFILTRATION_SINK, KEEP_USER_OUT, NEGATION, SECRET_SOURCE } from './phrases';

export const instructionFileChecker: Checker = {
  kind: 'text',
  name: 'agent-instructions',
  ruleIds: [INSTRUCTIONS_REMOTE_EXEC.id, INSTRUCTIONS_EXFILTRATION.id, INSTRUCTIONS_APPROVAL_BYPASS.id, SHELL_ALLOW_WILDCARD.id, NETWORK_ALLOW_BROAD.id, PROJECT_CONFIG_EXECUTES.id],
  fileKinds: ['agent-instructions'],
  check(ctx) {
    const file = instructionFileOf(ctx.path);
    const readers = file ? ` ${instructionReaders(file)}` : '';
    if (file?.frontMatter) checkFrontMatter(ctx, readers);
    const hiddenLines = new Set(scanHiddenUnicode(ctx.text).map((run) => ctx.positionAt(run.start).line));
    const comments = htmlCommentSpans(ctx.text);
    let lineStart = 0;
    let inFence = false;
    while (lineStart <= ctx.text.length) {
      let lineEnd = ctx.text.indexOf('\n', lineStart);
      if (lineEnd < 0) lineEnd = ctx.text.length;
      const line = ctx.text.slice(lineStart, lineEnd);
      if (/^\s*(```|~~~)/.test(line)) inFence = !inFence;
      const hidden = hiddenLines.size > 0 && hiddenLines.has(ctx.positionAt(lineStart).line);
      checkLine(ctx, line, lineStart, { readers, hidden, comments, inFence });
      lineStart = lineEnd + 1;
    }
  },
};

interface LineContext {
  readers: string;
  hidden: boolean;
  comments: readonly [number, number][];
  /** Inside a fenced code block: the whole line is a command. */
  inFence: boolean;
}

function checkLine(ctx: TextContext, line: string, offset: number, where: LineContext): void {
  if (line.trim() === '') return;
  const report = (input: Omit<ReportInput, 'range'> & { start: number; end: number; detail: string; escalate: boolean }): void => {
    const concealed = where.hidden ? ' The same line carries hidden Unicode.' : inComment(where.comments, offset + input.start) ? ' It sits in an HTML comment, invisible when the file is rendered.' : '';
    ctx.report({
      ruleId: input.ruleId,
      range: ctx.rangeOf(offset + input.start, offset + input.end),
      severity: concealed && input.escalate ? 'error' : input.severity,
      data: { detail: `${input.detail}${concealed}${where.readers}` },
    });
  };
  for (const match of remoteExecOnLine(line, where.inFence)) {
    if (!forbidden(line, match.start)) report({ ruleId: INSTRUCTIONS_REMOTE_EXEC.id, start: match.start, end: match.end, escalate: true, severity: remoteExecSeverity(match), detail: remoteExecDetail(match) });
  }
  const source = SECRET_SOURCE.exec(line);
  const sink = source ? EXFILTRATION_SINK.exec(line) : null;
  if (source && sink && !forbidden(line, Math.min(source.index, sink.index)) && !forbidden(line, Math.max(source.index, sink.index))) {
      const start = Math.min(source.index, sink.index);
      const end = Math.max(source.index + source[0].length, sink.index + sink[0].length);
    report({ ruleId: INSTRUCTIONS_EXFILTRATION.id, start, end, escalate: false, detail: `This line tells the assistant to take a secret (${source[0].trim()}) and send or publish it (${sink[0].trim().slice(0, 60)}).` });
  }
  for (const match of line.matchAll(APPROVAL_FLAGS)) {
    const start = match.index ?? 0;
    if (!forbidden(line, start)) report({ ruleId: INSTRUCTIONS_APPROVAL_BYPASS.id, start, end: start + match[0].length, escalate: true, detail: `\`${match[0]}\` turns the assistant's approvals off: an instruction here asks every developer's assistant to run tools without asking.` });
  }
  for (const match of line.matchAll(KEEP_USER_OUT)) {
    const start = match.index ?? 0;
    // A quoted phrase is mentioned, not meant: `(e.g. 'Ignore previous instructions')` describes an attack.
    const quoted = start > 0 && QUOTES.has(line[start - 1]);
    if (!quoted && !forbidden(line, start)) report({ ruleId: INSTRUCTIONS_APPROVAL_BYPASS.id, start, end: start + match[0].length, escalate: true, detail: `"${match[0]}" keeps the user out of the loop: the assistant is told to act without asking or to hide what it does.` });
  }
}

const QUOTES = new Set(['"', "'", '`', '\u201c', '\u2018', '\u00ab']);

/** True when the sentence before `offset` forbids or warns about what follows ("never run", "avoid", "do not use"). */
function forbidden(line: string, offset: number): boolean {
  const before = line.slice(0, offset);
  const sentenceStart = Math.max(before.lastIndexOf('. '), before.lastIndexOf('; '), before.lastIndexOf('! '), before.lastIndexOf('? '));
  return NEGATION.test(before.slice(sentenceStart + 1));
}

/** Plain `http://`, an IP address, paste and gist hosts, shorteners and encoded payloads are errors; an `https://` download from a named host is a warning. */
function remoteExecSeverity(match: RemoteExecMatch): 'warning' | undefined {
  if (match.encoded || !match.url) return undefined;
  const host = /^https?:\/\/([^/:?#]+)/i.exec(match.url)?.[1]?.toLowerCase() ?? '';
  if (match.url.toLowerCase().startsWith('http://') || /^[\d.]+$/.test(host) || host.includes(':') || SUSPICIOUS_HOSTS.test(host)) return undefined;
  return 'warning';
}

const SUSPICIOUS_HOSTS = /(^|\.)(pastebin\.com|paste\.ee|hastebin\.com|ghostbin\.\w+|gist\.githubusercontent\.com|gist\.github\.com|bit\.ly|tinyurl\.com|t\.co|is\.gd|rb\.gy|transfer\.sh|ngrok(-free)?\.(io|app)|trycloudflare\.com|webhook\.site|requestbin\.\w+|pipedream\.net)$/;

function remoteExecDetail(match: RemoteExecMatch): string {
  if (match.encoded) return 'This line decodes base64 text into a shell: the assistant runs a command nobody can read in review.';
  return `This line has the assistant run code downloaded from ${match.url ?? 'the network'} without checking it; whoever controls that address decides what runs on every machine that uses this file.`;
}

/** `allowed-tools`/`tools` grants and `hooks` in the front matter of skills, commands and agents. */
function checkFrontMatter(ctx: TextContext, readers: string): void {
  const front = readFrontMatter(ctx.text);
  if (!front) return;
  for (const entry of front.entries) {
    // `allowed-tools` runs the listed tools without asking; a subagent's `tools` only limits which tools it has.
    if (entry.key === 'allowed-tools') checkToolGrant(ctx, entry, readers);
    else if (entry.key === 'hooks' && entry.value !== null) {
      ctx.report({
        ruleId: PROJECT_CONFIG_EXECUTES.id,
        range: ctx.rangeOf(entry.keyStart, entry.valueEnd),
        data: { detail: `\`hooks\` in this file's front matter run commands on the machine of everyone who uses it, whenever the assistant loads it.${readers}` },
      });
    }
  }
}

function checkToolGrant(ctx: TextContext, entry: FrontMatterEntry, readers: string): void {
  const tools = typeof entry.value === 'string' ? splitToolList(entry.value) : Array.isArray(entry.value) ? entry.value.filter((t): t is string => typeof t === 'string') : [];
  const valueText = ctx.text.slice(entry.valueStart, entry.valueEnd);
  for (const tool of tools) {
    const risk = permissionRisk(tool);
    if (!risk) continue;
    const at = valueText.indexOf(tool);
    const start = at >= 0 ? entry.valueStart + at : entry.keyStart;
    const end = at >= 0 ? start + tool.length : entry.valueEnd;
    const finding = permissionFinding(tool, risk);
    ctx.report({ ruleId: finding.ruleId, severity: finding.severity, range: ctx.rangeOf(start, end), data: { detail: `${finding.detail}${readers}` } });
  }
}

function htmlCommentSpans(text: string): [number, number][] {
  const spans: [number, number][] = [];
  for (const match of text.matchAll(/<!--[\s\S]*?(?:-->|$)/g)) spans.push([match.index ?? 0, (match.index ?? 0) + match[0].length]);
  return spans;
}

function inComment(spans: readonly [number, number][], offset: number): boolean {
  return spans.some(([start, end]) => offset >= start && offset < end);
}
