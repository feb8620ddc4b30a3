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

const PY_IMPORT = /(?:^|[;:])[ \t]*import[ \t]+([^\n#;]+)/gm;
const PY_FROM = /(?:^|[;:])[ \t]*from[ \t]+([A-Za-z_][\w.]*)[ \t]+import\b/gm;
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
  for (const m of text.matchAll(PY_IMPORT)) {
    const start = m.index + m[0].length - m[1]!.length;
    for (const item of m[1]!.replace(/[()]/g, ' ').split(',')) {
      const dotted = DOTTED.exec(item.trim());
      if (dotted) add(dotted[0], start);
    }
  }
  for (const m of text.matchAll(PY_FROM)) add(m[1]!, m.index + m[0].indexOf(m[1]!));
  if (text.includes('import_module') || text.includes('__import__')) {
    for (const m of text.matchAll(PY_DYNAMIC)) add(m[2]!, m.index);
  }
  return out;
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
