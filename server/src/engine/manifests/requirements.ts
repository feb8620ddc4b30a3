/**
 * pip requirements and constraints files: continuation lines, comments, global options (indexes, trusted
 * hosts, `-r`/`-c` includes, `-e`), per-requirement options (`--hash`), PEP 508 requirements, direct
 * URLs and VCS references. The same option handling serves `pip install` command lines.
 */
import { parseRequirement } from './pep508';
import { pipCompilePaths } from './pip-compile';
import { emptyManifest } from './types';
import type { Dependency, DependencyRole, ParsedManifest, Span } from './types';

/** A whitespace-separated word and where it starts. */
export interface Token {
  text: string;
  start: number;
}

/** Parses a requirements (or constraints, when `constraintsFile`) file. */
export function parseRequirementsFile(text: string, options: { constraintsFile?: boolean; group?: string; baseOffset?: number } = {}): ParsedManifest {
  const out = emptyManifest();
  const role: DependencyRole = options.constraintsFile ? 'constraint' : 'install';
  const group = options.group ?? (options.constraintsFile ? 'constraints' : 'requirements');
  for (const line of logicalLines(text, options.baseOffset ?? 0)) {
    parseLogicalLine(line, out, role, group);
  }
  markPartialHashing(out);
  pipCompilePaths(text, out.dependencies, options.baseOffset ?? 0);
  return out;
}

/**
 * A logical line: physical lines joined at trailing backslashes, comments removed, with a map from
 * positions in the joined text back to offsets in the file.
 */
export interface LogicalLine {
  text: string;
  /** Where each joined piece starts in `text` and in the file (one piece unless the line was continued). */
  pieces: readonly { at: number; offset: number }[];
  /** The span of the physical lines the logical line covers, including the line break. */
  entrySpan: Span;
}

/** The file offset of position `i` in a logical line's text. */
export function offsetIn(line: LogicalLine, i: number): number {
  let piece = line.pieces[0]!;
  for (const p of line.pieces) {
    if (p.at > i) break;
    piece = p;
  }
  return piece.offset + (i - piece.at);
}

export function logicalLines(text: string, base = 0): LogicalLine[] {
  const lines: LogicalLine[] = [];
  let joined = '';
  let pieces: { at: number; offset: number }[] = [];
  let start = -1;
  let pos = 0;
  while (pos <= text.length) {
    let eol = text.indexOf('\n', pos);
    if (eol < 0) eol = text.length;
    let lineEnd = eol;
    if (lineEnd > pos && text.charCodeAt(lineEnd - 1) === 13) lineEnd--;
    if (start < 0) start = pos;
    const continued = lineEnd > pos && text.charCodeAt(lineEnd - 1) === 92 && (lineEnd - 1 === pos || text.charCodeAt(lineEnd - 2) !== 92);
    pieces.push({ at: joined.length, offset: base + pos });
    joined += text.slice(pos, continued ? lineEnd - 1 : lineEnd);
    const next = eol + 1;
    if (!continued || next > text.length) {
      lines.push({ text: stripComment(joined), pieces, entrySpan: { start: base + start, end: base + Math.min(next, text.length) } });
      joined = '';
      pieces = [];
      start = -1;
    }
    if (eol >= text.length) break;
    pos = next;
  }
  return lines;
}

/** Splits a logical line into whitespace-separated tokens with file offsets. */
export function tokenize(line: LogicalLine): Token[] {
  const tokens: Token[] = [];
  const re = /\S+/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(line.text))) tokens.push({ text: m[0], start: offsetIn(line, m.index) });
  return tokens;
}

const FLAG_OPTIONS = new Set([
  '--no-index', '--pre', '--prefer-binary', '--require-hashes', '--no-deps', '-U', '--upgrade', '-q', '--quiet', '-qq', '-qqq',
  '--user', '--force-reinstall', '--no-cache-dir', '--ignore-installed', '-I', '--no-build-isolation', '--break-system-packages',
  '-v', '--verbose', '--isolated', '--dry-run', '--no-input', '--disable-pip-version-check', '--system', '--compile', '--no-compile',
  '--upgrade-strategy', '--progress-bar',
]);

const VALUE_OPTIONS = new Set([
  '--no-binary', '--only-binary', '--use-feature', '--config-settings', '--global-option', '--install-option', '--no-deps-for',
  '--upgrade-strategy', '--progress-bar', '-t', '--target', '--prefix', '--root', '--platform', '--python-version', '--implementation',
  '--abi', '--src', '--python', '-p', '--cache-dir', '--timeout', '--retries', '--proxy', '--cert', '--client-cert', '--log',
]);

/**
 * Applies pip options from `tokens[i]`; returns the index of the next unconsumed token, or -1 when the
 * token is not an option. Shared by requirements files and `pip install` command lines.
 */
export function applyPipOption(tokens: readonly Token[], i: number, out: ParsedManifest, entrySpan: Span, group: string): number {
  const token = tokens[i]!;
  if (!token.text.startsWith('-')) return -1;
  const eq = token.text.indexOf('=');
  const shortJoined = /^-[rcefi][^-=]/.test(token.text) ? 2 : -1;
  const name = eq > 0 && token.text.startsWith('--') ? token.text.slice(0, eq) : shortJoined > 0 ? token.text.slice(0, 2) : token.text;
  const takesValue = ['-r', '--requirement', '-c', '--constraint', '-e', '--editable', '-i', '--index-url', '--extra-index-url', '-f', '--find-links', '--trusted-host'].includes(name);
  if (!takesValue) {
    if (FLAG_OPTIONS.has(name)) return i + 1;
    if (VALUE_OPTIONS.has(name)) return eq > 0 ? i + 1 : i + 2;
    if (name.startsWith('--hash')) return i + 1;
    out.diagnostics.push({ message: `Unknown pip option \`${name}\`.`, span: { start: token.start, end: token.start + token.text.length } });
    return i + 1;
  }
  let value: Token | undefined;
  let next = i + 1;
  if (eq > 0 && token.text.startsWith('--')) value = { text: token.text.slice(eq + 1), start: token.start + eq + 1 };
  else if (shortJoined > 0) value = { text: token.text.slice(2), start: token.start + 2 };
  else {
    value = tokens[i + 1];
    next = i + 2;
  }
  if (!value || value.text === '') {
    out.diagnostics.push({ message: `Option \`${name}\` needs a value.`, span: { start: token.start, end: token.start + token.text.length } });
    return next;
  }
  const span = { start: value.start, end: value.start + value.text.length };
  switch (name) {
    case '-r':
    case '--requirement':
      out.includes.push({ kind: 'requirements', path: value.text, span });
      break;
    case '-c':
    case '--constraint':
      out.includes.push({ kind: 'constraints', path: value.text, span });
      break;
    case '-e':
    case '--editable': {
      const parsed = parseRequirement(value.text, value.start, group, 'install', entrySpan);
      if (parsed.dependency) out.dependencies.push(parsed.dependency);
      else if (parsed.error) out.diagnostics.push(parsed.error);
      break;
    }
    case '-i':
    case '--index-url':
      out.sources.push({ kind: 'index-url', url: value.text, span, entrySpan });
      break;
    case '--extra-index-url':
      out.sources.push({ kind: 'extra-index-url', url: value.text, span, entrySpan });
      break;
    case '-f':
    case '--find-links':
      out.sources.push({ kind: 'find-links', url: value.text, span, entrySpan });
      break;
    case '--trusted-host':
      out.settings.push({ kind: 'trusted-host', value: value.text, span, entrySpan });
      break;
  }
  return next;
}

function parseLogicalLine(line: LogicalLine, out: ParsedManifest, role: DependencyRole, group: string): void {
  const trimmed = line.text.trim();
  if (trimmed === '') return;
  if (trimmed.startsWith('-')) {
    const tokens = tokenize(line);
    let i = 0;
    while (i < tokens.length) {
      const next = applyPipOption(tokens, i, out, line.entrySpan, group);
      if (next < 0) {
        out.diagnostics.push({ message: 'Unexpected text after an option.', span: { start: tokens[i]!.start, end: tokens[i]!.start + tokens[i]!.text.length } });
        break;
      }
      i = next;
    }
    return;
  }
  // Per-requirement options begin at the first whitespace-preceded `--`; markers may contain spaces.
  const optionAt = line.text.search(/\s--[a-z]/);
  const reqText = optionAt >= 0 ? line.text.slice(0, optionAt) : line.text;
  const parsed = parseRequirement(reqText, line.pieces[0]!.offset, group, role, line.entrySpan);
  if (parsed.error) {
    out.diagnostics.push(parsed.error);
    return;
  }
  const dep = parsed.dependency!;
  if (line.pieces.length > 1) remapSpans(dep, line);
  if (optionAt >= 0) {
    const rest = line.text.slice(optionAt);
    if (/--hash[=\s]/.test(rest)) dep.hasHashes = true;
  }
  out.dependencies.push(dep);
}

/** A requirement continued over several lines was parsed as one string; map its spans back piece by piece. */
function remapSpans(dep: Dependency, line: LogicalLine): void {
  const base = line.pieces[0]!.offset;
  const map = (span: Span | undefined): Span | undefined => (span ? { start: offsetIn(line, span.start - base), end: offsetIn(line, span.end - base - 1) + 1 } : undefined);
  dep.nameSpan = map(dep.nameSpan)!;
  dep.specSpan = map(dep.specSpan);
  dep.pinnedSpan = map(dep.pinnedSpan);
  dep.urlSpan = map(dep.urlSpan);
}

/** pip refuses a file where only some requirements carry hashes; note it on the first unhashed one. */
function markPartialHashing(out: ParsedManifest): void {
  const installs = out.dependencies.filter((d) => d.role === 'install' && d.source === 'registry');
  const hashed = installs.filter((d) => d.hasHashes);
  if (hashed.length === 0 || hashed.length === installs.length) return;
  const first = installs.find((d) => !d.hasHashes)!;
  out.diagnostics.push({ message: `Hash-checking mode: \`${first.name}\` has no --hash, so pip will refuse to install this file.`, span: first.nameSpan });
}

function stripComment(text: string): string {
  const m = /(^|\s)#/.exec(text);
  return m ? text.slice(0, m.index) : text;
}
