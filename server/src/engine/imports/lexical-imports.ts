/**
 * A quick, parse-free over-approximation of a file's imports. Every import the syntax-tree readers
 * (`pythonImports`, `jsImports`) find is also found here, with the same module name, because these
 * patterns also match inside strings and comments and never mark an import optional or type-only.
 * The dependency checker runs its checks on these first and parses the file only when one of them could
 * lead to a finding; most files import only standard or declared packages and are never parsed for this.
 */
import type { LanguageId } from '../rule';
import type { ImportRef } from './types';
import { refFromSpecifier } from './js-imports';

const PY_DYNAMIC = /(?:import_module|__import__)[ \t]*\([ \t]*[rbuRBU]?(['"])([A-Za-z_][\w.]*)\1/g;
const DOTTED = /^[A-Za-z_][\w]*(?:[ \t]*\.[ \t]*[A-Za-z_]\w*)*/;

const JS_PATTERNS = [
  /\bfrom[ \t\n]*(['"])([^'"\n]+)\1/g,
  /\bimport[ \t\n]*(['"])([^'"\n]+)\1/g,
  /\brequire[ \t]*\([ \t\n]*(['"`])([^'"`\n]+)\1[ \t\n]*\)/g,
  /\bimport[ \t]*\([ \t\n]*(['"`])([^'"`\n]+)\1[ \t\n]*[,)]/g,
];

export function lexicalImports(text: string, language: LanguageId): ImportRef[] {
  return language === 'python' ? lexicalPythonImports(text) : lexicalJsImports(text);
}

function lexicalPythonImports(source: string): ImportRef[] {
  // Backslash continuations join lines, so `import a, \` + `b` is one statement.
  const text = source.includes('\\\n') ? source.replace(/\\\r?\n/g, '  ') : source;
  const out: ImportRef[] = [];
  const add = (module: string, at: number): void => {
    const clean = module.replace(/[ \t]+/g, '');
    if (!clean) return;
    out.push({ ecosystem: 'pypi', module: clean, topLevel: clean.split('.')[0]!, span: { start: at, end: at + clean.length }, optional: false, typeOnly: false });
  };
  // Visit each occurrence of `import` (far cheaper than a multiline regex tried at every position) and
  // read the statement around it: `import a.b as c, d` or `from a.b import x`.
  for (let at = text.indexOf('import'); at >= 0; at = text.indexOf('import', at + 6)) {
    if (isIdentifierChar(text.charCodeAt(at - 1)) || isIdentifierChar(text.charCodeAt(at + 6))) continue;
    const before = statementPrefix(text, at);
    if (before === '') {
      const lineEnd = endOfStatement(text, at + 6);
      const clause = text.slice(at + 6, lineEnd);
      for (const item of clause.replace(/[()]/g, ' ').split(',')) {
        const dotted = DOTTED.exec(item.trim());
        if (dotted) add(dotted[0], at + 6);
      }
    } else {
      const from = FROM_PREFIX.exec(before);
      if (from) add(from[1]!, at - before.length + from[0].indexOf(from[1]!));
    }
  }
  if (text.includes('import_module') || text.includes('__import__')) {
    for (const m of text.matchAll(PY_DYNAMIC)) add(m[2]!, m.index);
  }
  return out;
}

/** `from a.b ` before an `import` keyword (the text between the statement start and the keyword). */
const FROM_PREFIX = /^from[ \t]+([A-Za-z_][\w.]*)[ \t]+$/;

/** The text between the start of the statement holding `at` (line start, `;` or `:`) and `at`, without leading blanks. */
function statementPrefix(text: string, at: number): string {
  let i = at - 1;
  while (i >= 0) {
    const c = text.charCodeAt(i);
    if (c === 10 || c === 13 || c === 59 /* ; */ || c === 58 /* : */) break;
    i--;
  }
  return text.slice(i + 1, at).replace(/^[ \t]+/, '');
}

function endOfStatement(text: string, from: number): number {
  let i = from;
  while (i < text.length) {
    const c = text.charCodeAt(i);
    if (c === 10 || c === 13 || c === 35 /* # */ || c === 59 /* ; */) break;
    i++;
  }
  return i;
}

function isIdentifierChar(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95;
}

function lexicalJsImports(text: string): ImportRef[] {
  const out: ImportRef[] = [];
  for (const pattern of JS_PATTERNS) {
    for (const m of text.matchAll(pattern)) {
      const specifier = m[2]!;
      const ref = refFromSpecifier(specifier, m.index + m[0].indexOf(specifier), false);
      if (ref) out.push(ref);
    }
  }
  return out;
}
