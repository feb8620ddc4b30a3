/**
 * Typing inside a method of a real file's largest class, shared by `bench:lsp` (through the language server)
 * and `bench:typing` (the engine in process): which files, where to type, and the changes an editor sends.
 */
import { existsSync, readdirSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

// ---- Real files: the largest class-heavy files of the benchmark corpus (`npm run bench:prepare`) and of the
// real repositories `bench:real` exports (AISEC_BENCH_REAL_DIR, by default ~/.cache/aisec/bench-real/<owner+repo@commit>).
const REAL_FILES = [
  { corpus: 'bench/corpus/python/torch/nn/modules/module.py' },
  { corpus: 'bench/corpus/python/pandas/core/generic.py' },
  { corpus: 'bench/corpus/python/sklearn/pipeline.py' },
  { repository: 'huggingface+trl', path: 'trl/trainer/grpo_trainer.py' },
  { repository: 'huggingface+trl', path: 'trl/experimental/gold/gold_trainer.py' },
  { repository: 'vanna-ai+vanna', path: 'src/vanna/legacy/base/base.py' },
  { repository: 'huggingface+trl', path: 'trl/trainer/rloo_trainer.py' },
  // A large real TypeScript class: cline's VS Code controller (a 2,220-line class in a 2,386-line file).
  { repository: 'cline+cline', path: 'apps/vscode/src/sdk/SdkController.ts' },
];

/** The language a real file is opened as, from its extension. */
export function languageOf(path) {
  return path.endsWith('.ts') ? 'typescript' : 'python';
}

/** The real files found on this machine (`root`: the repository), and those missing. */
export function realFiles(root) {
  const realDir = process.env.AISEC_BENCH_REAL_DIR ?? join(homedir(), '.cache', 'aisec', 'bench-real');
  const repositories = existsSync(realDir) ? readdirSync(realDir) : [];
  const found = [];
  const missing = [];
  for (const file of REAL_FILES) {
    if (file.corpus) {
      const full = join(root, file.corpus);
      if (existsSync(full)) found.push({ name: file.corpus.replace('bench/corpus/python/', ''), path: full, language: 'python' });
      else missing.push(file.corpus);
      continue;
    }
    const checkout = repositories.find((name) => name.startsWith(`${file.repository}@`));
    const full = checkout ? join(realDir, checkout, file.path) : undefined;
    if (full && existsSync(full)) found.push({ name: `${file.repository.split('+')[1]}: ${file.path}`, path: full, language: languageOf(file.path) });
    else missing.push(`${file.repository}/${file.path}`);
  }
  return { found, missing };
}


/**
 * Where to type in a file: after the last line of the middle method of its largest top-level class, at the
 * method body's indentation. Classes and methods are found by indentation, as an editor folds them.
 */
export function methodInLargestClass(text, language = 'python') {
  return language === 'python' ? methodInLargestPythonClass(text) : methodInLargestTypeScriptClass(text);
}

function methodInLargestPythonClass(text) {
  const lines = text.split('\n');
  const classes = [];
  for (let i = 0; i < lines.length; i++) {
    if (!/^class\s/.test(lines[i])) continue;
    let end = i + 1;
    while (end < lines.length && (lines[end].trim() === '' || /^[\s#)\]}]/.test(lines[end]))) end++;
    classes.push({ start: i, end });
  }
  const largest = classes.sort((a, b) => b.end - b.start - (a.end - a.start))[0];
  if (!largest) return undefined;
  const methods = [];
  for (let i = largest.start; i < largest.end; i++) if (/^ {4}(async\s+)?def\s/.test(lines[i])) methods.push(i);
  if (methods.length === 0) return undefined;
  const middle = Math.floor(methods.length / 2);
  // The method's body ends before the first line of code indented no deeper than its `def` (a class-level
  // statement such as torch's `__call__ = _call_impl`, the next decorator or method), once its signature ended.
  let body = methods[middle];
  while (body < largest.end && !/:\s*(#.*)?$/.test(lines[body])) body++;
  let last = body;
  for (let i = body + 1; i < largest.end; i++) {
    if (lines[i].trim() === '' || /^\s*#/.test(lines[i])) continue;
    if (!/^ {5}/.test(lines[i])) break;
    last = i;
  }
  return { line: last, column: lines[last].length, indent: '        ', classLines: largest.end - largest.start, method: lines[methods[middle]].trim(), statements: TYPED_STATEMENTS };
}

/** A TypeScript class member that starts a method body: `async run(x) {`, `private get name(): string {`, `handle = async (e) => {`. */
const TS_METHOD = /^(?:(?:public|private|protected|static|async|override|readonly|get|set)\s+)*[#\w$]+\s*(?:<[^>]*>)?(?:\(|\s*=\s*(?:async\s*)?\()/;

/**
 * In TypeScript: classes from `class` at the start of a line to the first `}` there; methods are members at
 * the class's member indentation whose body closes with `}` at that indentation; the statement goes after the
 * last line of the middle method's body.
 */
function methodInLargestTypeScriptClass(text) {
  const lines = text.split('\n');
  const classes = [];
  for (let i = 0; i < lines.length; i++) {
    if (!/^(?:export\s+)?(?:default\s+)?(?:abstract\s+)?class\s/.test(lines[i])) continue;
    let end = i + 1;
    while (end < lines.length && !/^}/.test(lines[end])) end++;
    classes.push({ start: i, end });
  }
  const largest = classes.sort((a, b) => b.end - b.start - (a.end - a.start))[0];
  if (!largest) return undefined;
  const memberLine = lines.slice(largest.start + 1, largest.end).find((line) => line.trim() !== '');
  const indent = /^\s*/.exec(memberLine ?? '')[0];
  if (indent === '') return undefined;
  const methods = [];
  for (let i = largest.start + 1; i < largest.end; i++) {
    const line = lines[i];
    if (!line.startsWith(indent) || /^\s/.test(line.slice(indent.length)) || !TS_METHOD.test(line.slice(indent.length))) continue;
    let close = i + 1;
    while (close < largest.end && lines[close] !== `${indent}}`) close++;
    if (close < largest.end && close > i + 1) methods.push({ start: i, close });
  }
  if (methods.length === 0) return undefined;
  const method = methods[Math.floor(methods.length / 2)];
  let last = method.close - 1;
  while (last > method.start && lines[last].trim() === '') last--;
  return { line: last, column: lines[last].length, indent: indent + indent, classLines: largest.end - largest.start, method: lines[method.start].trim(), statements: TYPED_TS_STATEMENTS };
}

/** The statements typed, one after another, for as many changes as asked. */
export const TYPED_STATEMENTS = ['model = torch.load(checkpoint_path)', 'data = pickle.loads(blob)', 'result = subprocess.run(command, shell=True)'];
/** The same in TypeScript. */
export const TYPED_TS_STATEMENTS = ['const config = JSON.parse(payload)', 'const value = eval(response.text)', 'const output = execSync(command, { shell: true })'];

/**
 * The first `count` changes of typing the statements at `at`: each statement starts with Enter and the
 * auto-indent as one change, then one character per change, as an editor sends them. Each change is an
 * insertion at `{ line, character }`.
 */
export function typingChanges(at, count) {
  const changes = [];
  let line = at.line;
  let column = at.column;
  while (changes.length < count) {
    for (const statement of at.statements ?? TYPED_STATEMENTS) {
      for (const text of [`\n${at.indent}`, ...statement]) {
        if (changes.length >= count) return changes;
        changes.push({ line, character: column, text });
        if (text.startsWith('\n')) {
          line++;
          column = at.indent.length;
        } else column += text.length;
      }
    }
  }
  return changes;
}
