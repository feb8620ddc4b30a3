/**
 * A text gate for Python rules that only report calls resolving to names of given modules (`pickle.load`,
 * `os.system`): the file is parsed for such a rule only when it can import one of those modules.
 *
 * The scope resolves a call to `pickle.load` only through a binding that names `pickle` in the file itself: an
 * `import`/`from ... import` statement (a star import too), or a literal module name given to `__import__` or
 * `importlib.import_module`. So a file whose text names none of the modules on an import statement, and calls
 * neither dynamic importer, holds no such call: a file that mentions `pickle` only in comments, docstrings or
 * longer words (`pickle-able`, `unpickle`) is not parsed for the rule. Names under `builtins` need no import and
 * never close the gate.
 */
import type { TextContext } from '../../engine/rule';

/** The gate of `names` (qualified call targets): see the module comment. */
export function importGate(names: Iterable<string>): (ctx: TextContext) => boolean {
  const modules = new Set<string>();
  for (const name of names) {
    const first = name.slice(0, name.indexOf('.') < 0 ? name.length : name.indexOf('.'));
    // A builtin resolves without any import: the gate must stay open for every file.
    if (first === 'builtins') return () => true;
    modules.add(first);
  }
  return (ctx) => mayImportAny(ctx.text, modules);
}

/** True when `text` names one of `modules` on an import statement's logical line, or imports dynamically. */
export function mayImportAny(text: string, modules: ReadonlySet<string>): boolean {
  // A dynamic import may build the module name from pieces (`__import__("pic" "kle")`): stay open.
  if (text.includes('__import__') || text.includes('import_module')) return true;
  for (const module of modules) {
    for (let at = text.indexOf(module); at >= 0; at = text.indexOf(module, at + 1)) {
      if (isWordAt(text, at, module.length) && logicalLineOf(text, at).includes('import')) return true;
    }
  }
  return false;
}

function isWordAt(text: string, at: number, length: number): boolean {
  return !isWordChar(text.charCodeAt(at - 1)) && !isWordChar(text.charCodeAt(at + length));
}

/** ASCII letters, digits and `_`; NaN (outside the text) is not. Python names may hold other letters, which only opens the gate more often. */
function isWordChar(code: number): boolean {
  return (code >= 48 && code <= 57) || (code >= 65 && code <= 90) || (code >= 97 && code <= 122) || code === 95;
}

/**
 * The physical lines around `at` joined by backslash continuations (`from pickle \` + `import load`): an import
 * statement's module and its `import` keyword are always on one such line (a parenthesised list only holds the
 * imported names, never the module of a `from` or a plain `import`).
 */
function logicalLineOf(text: string, at: number): string {
  let start = text.lastIndexOf('\n', at - 1) + 1;
  while (start > 0 && endsWithBackslash(text, start - 1)) start = text.lastIndexOf('\n', start - 2) + 1;
  let end = text.indexOf('\n', at);
  while (end >= 0 && endsWithBackslash(text, end)) end = text.indexOf('\n', end + 1);
  return text.slice(start, end < 0 ? text.length : end);
}

/** True when the line ending at the line feed `newline` ends with a backslash (before an optional carriage return). */
function endsWithBackslash(text: string, newline: number): boolean {
  const before = text.charCodeAt(newline - 1) === 13 ? newline - 2 : newline - 1;
  return before >= 0 && text.charCodeAt(before) === 92;
}
