/**
 * Install commands outside manifests: notebook and IPython magics (`!pip install`, `%pip install`,
 * `!npm i`), shell scripts, Dockerfiles and Markdown (`pip install x`, `npx pkg`), and Python calls that
 * run an installer with literal arguments (`subprocess.run(["pip", "install", "x"])`, `os.system("pip install x")`).
 */
import type { Node } from 'web-tree-sitter';
import type { AstContext, Checker, TextContext } from '../../engine/rule';
import { parseArgv, parseCommandText, scanInstallCommands } from '../../engine/manifests/install-commands';
import type { Token } from '../../engine/manifests/requirements';
import { emptyManifest } from '../../engine/manifests/types';
import { focusLines } from '../../engine/text/focus-lines';
import { checkParsed } from './manifest-checker';
import { DEPENDENCY_RULES, HALLUCINATED, MALICIOUS_PACKAGE, UNPINNED_DIRECT, VULNERABLE_VERSION } from './meta';

const COMMAND_RULES = ['AIS501', 'AIS502', 'AIS503', 'AIS504', 'AIS505', 'AIS507', 'AIS508', 'AIS509', 'AIS510', 'AIS512', 'AIS514'];
const KEYWORDS = ['pip', 'npm', 'npx', 'uv ', 'poetry', 'yarn', 'pnpm', 'bun'];

export const commandTextChecker: Checker = {
  kind: 'text',
  name: 'install-commands',
  ruleIds: COMMAND_RULES,
  fileKinds: ['python', 'markdown', 'agent-instructions', 'shell'],
  keywords: KEYWORDS,
  check(ctx) {
    // Notebook cells arrive as Python text (the file kind stays 'notebook'), with their magic lines intact.
    const manifest = (ctx.focus && ctx.language === 'python' && focusedMagics(ctx.text, ctx.focus)) || scanInstallCommands(ctx.text, ctx.language === 'python' ? 'magics' : 'prose');
    checkParsed(ctx.fileKind === 'markdown' || ctx.fileKind === 'agent-instructions' || ctx.fileKind === 'notebook' ? documentationContext(ctx) : ctx, manifest, 'command');
  },
};

/**
 * In a partial run, the magic lines of the kept spans when they hold nothing (the usual keystroke, in code far from
 * any `!pip install`), so no finding starts there and the whole text need not be read; undefined when they hold
 * something, since a finding there may depend on commands elsewhere (an index option of another line), and the
 * whole text is scanned. The scan of lines skips `scanInstallCommands`' gate on installer names, which the
 * checker's `keywords` (the same names) already passed.
 */
function focusedMagics(text: string, focus: readonly (readonly [number, number])[]): ReturnType<typeof emptyManifest> | undefined {
  const manifest = scanInstallCommands(text, 'magics', focusLines(text, focus));
  return Object.values(manifest).every((parts) => !Array.isArray(parts) || parts.length === 0) ? manifest : undefined;
}

const DEFAULT_SEVERITY = new Map(DEPENDENCY_RULES.map((r) => [r.id, r.severity]));

/**
 * Install lines in documentation (README, docs) and notebook install cells (`!pip install ...`, mostly
 * tutorial steps) are instructions for a reader, not what the project deploys: their findings are warnings
 * at most, never errors. A notebook cell does run, so a known-malicious package there stays an error.
 * An unpinned or URL install and an old pinned version there are advisory (audit profile): a tutorial's
 * `pip install transformers` or `pip install torch==2.1` is how such pages are written, and the project's
 * manifests, lockfiles and Dockerfiles, where the same findings stay reported, are what it deploys.
 * A name that does not exist (AIS504) in a documentation page is advisory too: prose around install commands
 * (`pip install from source`, `poetry add package-name --group dev`) reads as package names; a notebook cell runs.
 */
function documentationContext(ctx: TextContext): TextContext {
  return {
    ...ctx,
    report: (input) => {
      const severity = input.severity ?? DEFAULT_SEVERITY.get(input.ruleId);
      const runs = ctx.fileKind === 'notebook' && input.ruleId === MALICIOUS_PACKAGE.id;
      const lowered = severity === 'error' && !runs ? { ...input, severity: 'warning' as const } : input;
      const advisory = ADVISORY_IN_DOCUMENTATION.has(input.ruleId) || (input.ruleId === HALLUCINATED.id && ctx.fileKind !== 'notebook');
      ctx.report(advisory ? { ...lowered, advisory: true } : lowered);
    },
  };
}

/** AIS502 (a pinned version with known vulnerabilities) and AIS507 (unpinned or URL install). */
const ADVISORY_IN_DOCUMENTATION = new Set([VULNERABLE_VERSION.id, UNPINNED_DIRECT.id]);

const RUNNERS = new Set(['subprocess.run', 'subprocess.call', 'subprocess.check_call', 'subprocess.check_output', 'subprocess.Popen', 'os.system', 'os.popen', 'pip.main', 'pip._internal.main', 'pip._internal.cli.main.main']);

export const commandCallChecker: Checker = {
  kind: 'ast',
  name: 'install-command-calls',
  ruleIds: COMMAND_RULES,
  fileKinds: ['python', 'javascript', 'typescript', 'tsx'],
  keywords: ['pip', 'npm', 'npx', 'yarn', 'pnpm', 'bun'],
  // Only calls that spawn a process (or pip's own entry point) can run an installer.
  alsoRequires: ['subprocess', 'system', 'popen', 'Popen', 'pip.main', 'pip._internal', 'child_process', 'execa'],
  onFile(ctx) {
    if (ctx.language !== 'python') {
      checkParsed(ctx, jsInstallCalls(ctx), 'command');
      return;
    }
    const manifest = emptyManifest();
    for (const call of ctx.calls()) {
      const fn = call.childForFieldName('function');
      const qualified = fn ? ctx.python().qualifiedName(fn) : undefined;
      if (!qualified || !RUNNERS.has(qualified)) continue;
      const first = call.childForFieldName('arguments')?.namedChild(0);
      if (!first) continue;
      const entry = { start: call.startIndex, end: call.endIndex };
      if (first.type === 'string') {
        const s = literal(first);
        if (s) parseCommandText(s.text, s.start, manifest, entry);
      } else if (first.type === 'list' || first.type === 'tuple') {
        const argv = argvOf(ctx, first);
        if (qualified.startsWith('pip')) argv.unshift({ text: 'pip', start: first.startIndex });
        parseArgv(argv, manifest, entry);
      }
    }
    checkParsed(ctx, manifest, 'command');
  },
};

const JS_RUNNERS = new Set(['exec', 'execSync', 'spawn', 'spawnSync', 'execFile', 'execFileSync'].map((f) => `child_process.${f}`).concat(['execa.execa', 'execa.execaSync', 'execa.default', 'execa.execaCommand', 'execa.execaCommandSync']));

/** `execSync('npm install x')`, `spawn('pip', ['install', 'x'])` and execa with literal arguments. */
function jsInstallCalls(ctx: AstContext): ReturnType<typeof emptyManifest> {
  const manifest = emptyManifest();
  const js = ctx.js();
  for (const call of ctx.calls()) {
    if (call.type !== 'call_expression') continue;
    const fn = call.childForFieldName('function');
    const qualified = fn ? js.qualifiedName(fn) : undefined;
    if (!qualified || !JS_RUNNERS.has(qualified)) continue;
    const args = call.childForFieldName('arguments')?.namedChildren.filter((n): n is Node => n !== null) ?? [];
    const first = args[0] ? jsLiteral(args[0]) : undefined;
    if (!first) continue;
    const entry = { start: call.startIndex, end: call.endIndex };
    const argList = args[1]?.type === 'array' ? args[1] : undefined;
    if (!argList) {
      parseCommandText(first.text, first.start, manifest, entry);
      continue;
    }
    const argv: Token[] = [first];
    for (const item of argList.namedChildren) {
      if (!item) continue;
      argv.push(jsLiteral(item) ?? { text: '${dynamic}', start: item.startIndex });
    }
    parseArgv(argv, manifest, entry);
  }
  return manifest;
}

function jsLiteral(node: Node): Token | undefined {
  if (node.type === 'string') {
    const content = node.namedChildren.find((c) => c?.type === 'string_fragment');
    if (node.namedChildren.some((c) => c?.type === 'escape_sequence')) return undefined;
    return content ? { text: content.text, start: content.startIndex } : undefined;
  }
  if (node.type === 'template_string' && node.namedChildren.every((c) => c?.type === 'string_fragment')) {
    const content = node.namedChildren[0];
    return content ? { text: content.text, start: content.startIndex } : undefined;
  }
  return undefined;
}

/** The elements of a literal argv; `sys.executable` stands for the interpreter. */
function argvOf(ctx: AstContext, list: Node): Token[] {
  const out: Token[] = [];
  for (const item of list.namedChildren) {
    if (!item) continue;
    const s = literal(item);
    if (s) out.push(s);
    else if (ctx.python().qualifiedName(item) === 'sys.executable') out.push({ text: 'python', start: item.startIndex });
    else out.push({ text: '${dynamic}', start: item.startIndex });
  }
  return out;
}

function literal(node: Node): Token | undefined {
  if (node.type !== 'string') return undefined;
  const parts = node.namedChildren.filter((c): c is Node => c !== null);
  if (parts.some((p) => p.type === 'interpolation' || p.type === 'escape_sequence')) return undefined;
  const content = parts.find((p) => p.type === 'string_content');
  if (!content) return undefined;
  return { text: content.text, start: content.startIndex };
}
