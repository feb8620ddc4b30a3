/**
 * Python imports from a syntax tree: `import a.b`, `from a.b import c` (relative imports skipped),
 * literal `importlib.import_module("x")` and `__import__("x")`, with imports guarded by
 * `except ImportError` / `ModuleNotFoundError` marked optional.
 */
import type { Node } from 'web-tree-sitter';
import type { ImportRef } from './types';
import { ancestorsUpward } from '../resolve/walk';

export function pythonImports(root: Node, source?: string): ImportRef[] {
  const out: ImportRef[] = [];
  // `descendantsOfType` filters inside the parser's WASM; a JS-side walk of every node costs as much as the parse.
  for (const node of root.descendantsOfType(['import_statement', 'import_from_statement'])) {
    if (!node) continue;
    if (node.type === 'import_statement') {
      for (const child of node.namedChildren) {
        const dotted = child?.type === 'aliased_import' ? child.childForFieldName('name') : child;
        if (dotted?.type === 'dotted_name') out.push(ref(dotted.text, dotted, node));
      }
    } else {
      const module = node.childForFieldName('module_name');
      if (module?.type === 'dotted_name') out.push(ref(module.text, module, node));
    }
  }
  if (source === undefined || source.includes('import_module') || source.includes('__import__')) {
    for (const node of root.descendantsOfType('call')) {
      const fn = node?.childForFieldName('function')?.text;
      if (!node || (fn !== 'importlib.import_module' && fn !== 'import_module' && fn !== '__import__')) continue;
      const arg = node.childForFieldName('arguments')?.namedChild(0);
      const literal = arg ? stringLiteral(arg) : undefined;
      if (literal && /^[A-Za-z_][\w.]*$/.test(literal.value)) out.push({ ...ref(literal.value, arg!, node), span: literal.span });
    }
  }
  return out.sort((a, b) => a.span.start - b.span.start);
}

function ref(module: string, node: Node, statement: Node): ImportRef {
  return {
    ecosystem: 'pypi',
    module,
    topLevel: module.split('.')[0]!,
    span: { start: node.startIndex, end: node.endIndex },
    optional: isGuarded(statement),
    typeOnly: false,
  };
}

/** True inside the body of a `try` whose handlers catch ImportError or ModuleNotFoundError (or everything). */
function isGuarded(node: Node): boolean {
  for (const cur of ancestorsUpward(node)) {
    if (cur.type !== 'try_statement') continue;
    for (const handler of cur.namedChildren) {
      if (handler?.type !== 'except_clause') continue;
      const caught = handler.namedChildren.find((c) => c && c.type !== 'block' && c.type !== 'comment')?.text ?? '';
      if (caught === '' || /ImportError|ModuleNotFoundError|Exception/.test(caught)) return true;
    }
  }
  return false;
}

function stringLiteral(node: Node): { value: string; span: { start: number; end: number } } | undefined {
  if (node.type !== 'string') return undefined;
  const content = node.namedChildren.filter((c) => c?.type === 'string_content');
  if (content.length !== 1 || node.namedChildren.some((c) => c?.type === 'interpolation')) return undefined;
  const c = content[0]!;
  return { value: c.text, span: { start: c.startIndex, end: c.endIndex } };
}
