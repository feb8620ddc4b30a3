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
];

/** The real files found on this machine (`root`: the repository), and those missing. */
export function realFiles(root) {
  const realDir = process.env.AISEC_BENCH_REAL_DIR ?? join(homedir(), '.cache', 'aisec', 'bench-real');
  const repositories = existsSync(realDir) ? readdirSync(realDir) : [];
  const found = [];
  const missing = [];
  for (const file of REAL_FILES) {
    if (file.corpus) {
      const full = join(root, file.corpus);
      if (existsSync(full)) found.push({ name: file.corpus.replace('bench/corpus/python/', ''), path: full });
      else missing.push(file.corpus);
      continue;
    }
    const checkout = repositories.find((name) => name.startsWith(`${file.repository}@`));
    const full = checkout ? join(realDir, checkout, file.path) : undefined;
    if (full && existsSync(full)) found.push({ name: `${file.repository.split('+')[1]}: ${file.path}`, path: full });
    else missing.push(`${file.repository}/${file.path}`);
  }
  return { found, missing };
}


/**
 * Where to type in a Python file: after the last line of the middle method of its largest top-level class,
 * at the method body's indentation. Classes and methods are found by indentation, as an editor folds them.
 */
export function methodInLargestClass(text) {
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
  return { line: last, column: lines[last].length, indent: '        ', classLines: largest.end - largest.start, method: lines[methods[middle]].trim() };
}

/** The statements typed, one after another, for as many changes as asked. */
export const TYPED_STATEMENTS = ['model = torch.load(checkpoint_path)', 'data = pickle.loads(blob)', 'result = subprocess.run(command, shell=True)'];

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
    for (const statement of TYPED_STATEMENTS) {
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
