/**
 * Install commands written in code, notebooks, shell scripts and Markdown: `pip install`, `python -m pip
 * install`, `uv add` / `uv pip install`, `poetry add`, `pipx install`, `npm i`, `yarn add`, `pnpm add`,
 * `bun add`, and the download-and-run forms `npx`, `pnpm dlx`, `yarn dlx`, `bunx`. Each named package
 * becomes a dependency in group `pip install`, `npm install` or `npx` (run immediately). Conda installs
 * are skipped: conda names are not PyPI names.
 */
import { parseRequirement } from './pep508';
import { applyPipOption } from './requirements';
import type { Token } from './requirements';
import { classifyNpmSpec } from './npm-spec';
import { emptyManifest } from './types';
import type { Dependency, ParsedManifest, Span } from './types';

export type ScanMode =
  /** Python source and notebook cells: only `!` / `%` magic lines are commands. */
  | 'magics'
  /** Shell scripts, Dockerfiles, Markdown: any line or inline code span may hold a command. */
  | 'prose';

const COMMAND_START =
  /(?:^|[\s`'"$;&|(!%])((?:sudo\s+)?(?:(?:python3?|py|\{sys\.executable\}|\$\{?\w+\}?)\s+-m\s+)?(?:pip3?|uv\s+pip|uvx|uv|poetry|pipx|npm|pnpm|yarn|bun|npx|bunx)\s+)/g;

/** Finds install commands line by line and parses their package arguments. */
export function scanInstallCommands(text: string, mode: ScanMode, lines?: readonly (readonly [number, number])[]): ParsedManifest {
  const out = emptyManifest();
  if (lines) {
    // Magic lines are read one at a time, so a scan of some whole lines finds exactly their commands.
    if (mode !== 'magics') throw new Error('only magic lines can be scanned in parts');
    for (const [from, to] of lines) scanLines(text, mode, from, to, out);
    return out;
  }
  if (!/pip|uv |poetry|npm|pnpm|yarn|bun|npx/.test(text)) return out;
  scanLines(text, mode, 0, text.length, out);
  return out;
}

/** The commands of the lines from `from` (a line's start) up to `to`. */
function scanLines(text: string, mode: ScanMode, from: number, to: number, out: ParsedManifest): void {
  let pos = from;
  let inFence = false;
  while (pos < to) {
    let eol = text.indexOf('\n', pos);
    if (eol < 0) eol = text.length;
    const line = text.slice(pos, eol);
    const lineStart = pos;
    pos = eol + 1;
    if (mode === 'magics') {
      const magic = /^\s*[!%]+\s*/.exec(line);
      if (!magic) continue;
      parseCommandText(line.slice(magic[0].length), lineStart + magic[0].length, out, { start: lineStart, end: Math.min(pos, text.length) });
      continue;
    }
    if (/^\s*(```|~~~)/.test(line)) inFence = !inFence;
    COMMAND_START.lastIndex = 0;
    let m: RegExpExecArray | null;
    while ((m = COMMAND_START.exec(line))) {
      const start = m.index + m[0].length - m[1]!.length;
      // In Markdown prose outside code, only inline code spans count (`pip install x`), not sentences.
      if (!inFence && mode === 'prose' && !isCommandContext(line, start)) continue;
      // Inside a shell comment, a sentence that mentions an installer is not a command (`# so npm install won't pick it up`).
      if (isInShellComment(line, start)) continue;
      parseCommandText(line.slice(start), lineStart + start, out, { start: lineStart, end: Math.min(pos, text.length) });
    }
  }
}

/**
 * Parses one shell command (stopping at `&&`, `;`, `|`, a closing backtick or a comment) whose text
 * starts at `offset`. Used for magic lines, prose, and string literals such as `os.system("pip install x")`.
 */
export function parseCommandText(command: string, offset: number, out: ParsedManifest, entrySpan: Span): void {
  const tokens: Token[] = [];
  const re = /"([^"]*)"|'([^']*)'|([^\s"'`;&|)#]+)|([;&|`)#])/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(command))) {
    if (m[4] !== undefined) break;
    const quoted = m[1] ?? m[2];
    tokens.push(quoted !== undefined ? { text: quoted, start: offset + m.index + 1 } : { text: m[3]!, start: offset + m.index });
  }
  parseArgv(tokens, out, entrySpan);
}

/** Parses an argv whose elements are already separate (`subprocess.run(["pip", "install", "x"])`). */
export function parseArgv(argv: readonly Token[], out: ParsedManifest, entrySpan: Span): void {
  let i = 0;
  if (argv[i]?.text === 'sudo') i++;
  const first = argv[i]?.text ?? '';
  // `python -m pip`, `sys.executable -m pip`: skip the interpreter.
  if (argv[i + 1]?.text === '-m' && /python|executable|^\$|^\{/.test(first)) i += 2;
  const tool = (argv[i]?.text ?? '').replace(/^.*[\\/]/, '').replace(/\.exe$/, '');
  const sub = argv[i + 1]?.text;
  if (/^pip3?(\.\d+)?$/.test(tool) && sub === 'install') return pipArgs(argv.slice(i + 2), out, entrySpan, 'pip install');
  if (tool === 'uv' && sub === 'pip' && argv[i + 2]?.text === 'install') return pipArgs(argv.slice(i + 3), out, entrySpan, 'pip install');
  if ((tool === 'uv' || tool === 'poetry') && sub === 'add') return pipArgs(argv.slice(i + 2), out, entrySpan, 'pip install', tool === 'poetry');
  if (tool === 'pipx' && sub === 'install') return pipArgs(argv.slice(i + 2), out, entrySpan, 'pip install');
  // `uvx tool` and `pipx run tool` download and run a PyPI package at once, like npx.
  if (tool === 'uvx' || (tool === 'uv' && sub === 'tool' && argv[i + 2]?.text === 'run')) return pipArgs(argv.slice(tool === 'uvx' ? i + 1 : i + 3), out, entrySpan, 'uvx', false, true);
  if (tool === 'pipx' && sub === 'run') return pipArgs(argv.slice(i + 2), out, entrySpan, 'uvx', false, true);
  if (tool === 'npm' && sub !== undefined && ['install', 'i', 'add', 'isntall', 'in'].includes(sub)) return npmArgs(argv.slice(i + 2), out, entrySpan, 'npm install');
  if ((tool === 'yarn' || tool === 'pnpm' || tool === 'bun') && (sub === 'add' || (tool !== 'yarn' && (sub === 'install' || sub === 'i')))) return npmArgs(argv.slice(i + 2), out, entrySpan, 'npm install');
  if (tool === 'npx' || tool === 'bunx') return npmArgs(argv.slice(i + 1), out, entrySpan, 'npx', true);
  if ((tool === 'pnpm' || tool === 'yarn') && sub === 'dlx') return npmArgs(argv.slice(i + 2), out, entrySpan, 'npx', true);
  if (tool === 'npm' && sub === 'exec') return npmArgs(argv.slice(i + 2), out, entrySpan, 'npx', true);
}

function pipArgs(args: readonly Token[], out: ParsedManifest, entrySpan: Span, group: string, poetryAt = false, runsFirstOnly = false): void {
  let i = 0;
  while (i < args.length) {
    const token = args[i]!;
    if (token.text.startsWith('-')) {
      if (runsFirstOnly) {
        // `uvx --from pkg tool`: the package is the option's value; other options take none or one value.
        if ((token.text === '--from' || token.text === '--with' || token.text === '--spec') && args[i + 1]) {
          const parsed = parseRequirement(args[i + 1]!.text, args[i + 1]!.start, group, 'install', entrySpan);
          if (parsed.dependency) out.dependencies.push(parsed.dependency);
          if (token.text !== '--with') return;
        }
        i += /^--(python|index|index-url|extra-index-url|with|from|spec)$/.test(token.text) ? 2 : 1;
        continue;
      }
      const next = applyPipOption(args, i, out, entrySpan, group);
      i = next < 0 ? i + 1 : next;
      continue;
    }
    i++;
    if (/[$%{}]|^</.test(token.text) || token.text === '.' || token.text === '..' || isPlaceholder(token.text)) continue;
    let text = token.text;
    // Poetry writes `pkg@^1.0`; treat the `@` part as the constraint.
    if (poetryAt && /^[A-Za-z0-9][\w.-]*@[^/]*$/.test(text)) text = text.slice(0, text.indexOf('@'));
    const parsed = parseRequirement(text, token.start, group, 'install', entrySpan);
    if (parsed.dependency) out.dependencies.push(parsed.dependency);
    if (runsFirstOnly) return;
  }
}

/** Names that documentation uses as placeholders (`pip install your-package`, `npm i <name>`, `PACKAGE_NAME`). */
export function isPlaceholder(name: string): boolean {
  const bare = name.replace(/^@[^/]+\//, '').replace(/[[@=<>~!].*$/, '');
  if (/^[A-Z][A-Z0-9_]*$/.test(bare) && bare.length > 1) return true;
  return /^(your|my|some|the|example|sample|foo|bar|baz|xxx|package|pkg|module|name|lib|library|dependency|dep|plugin)([-_.]?(package|pkg|module|name|lib|library|app|project|dependency|dep|plugin|tool|here))*$/i.test(bare) || /(^|[-_])your[-_]/i.test(bare);
}

const NPM_VALUE_FLAGS = new Set(['--registry', '-p', '--package', '--prefix', '--tag', '-w', '--workspace', '--cache', '--userconfig', '--omit', '--include', '-c', '--call']);

function npmArgs(args: readonly Token[], out: ParsedManifest, entrySpan: Span, group: string, runsFirstOnly = false): void {
  let i = 0;
  while (i < args.length) {
    const token = args[i]!;
    if (token.text.startsWith('-')) {
      const eq = token.text.indexOf('=');
      const flag = eq > 0 ? token.text.slice(0, eq) : token.text;
      const value = eq > 0 ? { text: token.text.slice(eq + 1), start: token.start + eq + 1 } : args[i + 1];
      if (flag === '--registry' && value) out.sources.push({ kind: 'npm-registry', url: value.text, span: { start: value.start, end: value.start + value.text.length }, entrySpan });
      if ((flag === '-p' || flag === '--package') && value) addNpm(value, out, entrySpan, group);
      i += NPM_VALUE_FLAGS.has(flag) && eq < 0 ? 2 : 1;
      continue;
    }
    i++;
    if (/[$%{}]|^</.test(token.text) || isPlaceholder(token.text)) continue;
    addNpm(token, out, entrySpan, group);
    // `npx pkg args...`: everything after the package is the command's own arguments.
    if (runsFirstOnly) return;
  }
}

function addNpm(token: Token, out: ParsedManifest, entrySpan: Span, group: string): void {
  const dep = npmDependencyOfToken(token, entrySpan, group);
  if (dep) out.dependencies.push(dep);
}

/**
 * The npm package a command-line spec installs (`pkg`, `@scope/pkg@1.2.3`, `alias@npm:pkg@^1`, a git or
 * tarball URL), with spans inside the token; undefined for local paths, workspace specs and non-names.
 */
export function npmDependencyOfToken(token: Token, entrySpan: Span, group: string): Dependency | undefined {
  const text = token.text;
  const spec = classifyNpmSpec(text);
  if (spec.source === 'path' || spec.source === 'workspace') return undefined;
  const dep: Dependency = { ecosystem: 'npm', name: '', nameSpan: { start: token.start, end: token.start + text.length }, source: spec.source, group, role: 'install', entrySpan };
  if (spec.source === 'vcs' || spec.source === 'url') {
    dep.url = text;
    dep.urlSpan = dep.nameSpan;
    dep.vcsRef = spec.vcsRef;
    return dep;
  }
  const at = text.indexOf('@', text.startsWith('@') ? 1 : 0);
  const name = at > 0 ? text.slice(0, at) : text;
  if (!/^(@[a-z0-9][\w.-]*\/)?[a-z0-9][\w.-]*$/i.test(name)) return undefined;
  dep.name = name;
  dep.nameSpan = { start: token.start, end: token.start + name.length };
  if (at > 0) {
    const range = text.slice(at + 1);
    dep.spec = range;
    dep.specSpan = { start: token.start + at + 1, end: token.start + text.length };
    const aliased = classifyNpmSpec(range);
    if (aliased.aliasTarget) {
      dep.alias = { name, span: dep.nameSpan };
      dep.name = aliased.aliasTarget.name;
      dep.nameSpan = { start: dep.specSpan.start + 4, end: dep.specSpan.start + 4 + dep.name.length };
    }
    if (aliased.pinned) {
      dep.pinned = aliased.pinned;
      dep.pinnedSpan = { start: token.start + text.length - aliased.pinned.length, end: token.start + text.length };
    }
  }
  return dep;
}

/** In prose, a command counts at the start of a line (after an optional prompt) or inside backticks. */
/**
 * True when `start` lies in a shell comment's prose: after a `#` that starts a comment, outside an inline
 * code span, and not right after a leading `# ` (a root prompt or a commented-out command: `# pip install x`).
 */
function isInShellComment(line: string, start: number): boolean {
  const before = line.slice(0, start);
  const hash = before.search(/(?:^|\s)#/);
  if (hash < 0 || /^\s*#\s*(?:sudo\s+)?$/.test(before)) return false;
  const ticks = (before.slice(hash).match(/`/g) ?? []).length;
  return ticks % 2 === 0;
}

function isCommandContext(line: string, start: number): boolean {
  const before = line.slice(0, start);
  if (/^\s*(?:[$>#]\s*|RUN\s+|-\s+|\d+\.\s+)?(?:sudo\s+)?$/.test(before)) return true;
  if (/&&\s*$|;\s*$|\|\|\s*$/.test(before)) return true;
  const ticks = (before.match(/`/g) ?? []).length;
  return ticks % 2 === 1;
}
