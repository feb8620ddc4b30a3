/**
 * What of a file is sent with a finding, and what an AI patch may change: the enclosing function or class
 * (or top-level statement), bounded in length; the file's top-level imports; and, for taint findings, the
 * lines of the flow. Lines are 0-based here and shown 1-based to the model.
 */
import type { Node, Tree } from 'web-tree-sitter';
import type { Engine, Finding } from '../engine/index';

/** An inclusive range of 0-based lines. */
export interface LineSpan {
  start: number;
  end: number;
}

export interface SentRegion {
  /** The enclosing function, class or statement: the lines a patch may rewrite. */
  region: LineSpan;
  /** Each top-level import statement outside the region; a patch may rewrite these too. */
  imports: LineSpan[];
  /** A new import may be inserted before this line (after the last import, or at the top of the file). */
  importInsertLine: number;
  /** Lines of the finding's flow outside the region and the imports: sent for reading, never edited. */
  flowLines: number[];
}

/** The longest region sent; a longer function is cut to this many lines around the finding. */
export const MAX_REGION_LINES = 160;

const ENCLOSING_TYPES = new Set([
  // Python
  'function_definition', 'class_definition', 'decorated_definition',
  // JavaScript and TypeScript
  'function_declaration', 'generator_function_declaration', 'method_definition', 'class_declaration', 'abstract_class_declaration',
  'function_expression', 'arrow_function',
]);

const IMPORT_TYPES = new Set(['import_statement', 'import_from_statement', 'future_import_statement']);

/** The region of `text` sent with `finding`, or a reason why none can be (not a parsed code file). */
export function sentRegionOf(engine: Engine, path: string, text: string, finding: Finding): SentRegion | string {
  // A finding of the .ipynb file itself: the hosts ask about a cell's finding in the joined cells (joined-notebook.ts).
  if (finding.notebook) return 'a notebook finding is asked about in the notebook\'s joined code cells, not in the .ipynb file';
  const tree = engine.parseTree(path, text);
  if (!tree) return 'AI fixes are offered for Python, JavaScript and TypeScript code only';
  try {
    return regionOfTree(tree, finding, text.split('\n').length);
  } finally {
    tree.delete();
  }
}

function regionOfTree(tree: Tree, finding: Finding, lineCount: number): SentRegion {
  const root = tree.rootNode;
  const { start, end } = finding.range;
  const at = root.descendantForPosition({ row: start.line, column: start.column }, { row: end.line, column: end.column }) ?? root;
  let enclosing: Node | undefined;
  let topLevel: Node | undefined;
  for (let node: Node | null = at; node && node.id !== root.id; node = node.parent) {
    if (!enclosing && ENCLOSING_TYPES.has(node.type) && node.endPosition.row > node.startPosition.row) enclosing = node;
    // A decorated Python function includes its decorators.
    if (enclosing && node.type === 'decorated_definition' && node.namedChildren.some((c) => c?.id === enclosing?.id)) enclosing = node;
    if (node.parent?.id === root.id) topLevel = node;
  }
  // A function inside an arrow's variable declaration is sent with its declaration (`const f = () => {…}`).
  const chosen = enclosing ?? topLevel;
  let span: LineSpan = chosen ? { start: chosen.startPosition.row, end: chosen.endPosition.row } : { start: start.line, end: end.line };
  span = { start: Math.min(span.start, start.line), end: Math.max(span.end, end.line) };
  if (span.end - span.start + 1 > MAX_REGION_LINES) {
    const half = Math.floor(MAX_REGION_LINES / 2);
    const from = Math.max(span.start, Math.min(start.line - half, span.end - MAX_REGION_LINES + 1));
    span = { start: from, end: Math.min(span.end, from + MAX_REGION_LINES - 1, Math.max(end.line, from)) };
  }
  span.end = Math.min(span.end, lineCount - 1);

  const imports: LineSpan[] = [];
  for (const child of root.namedChildren) {
    if (!child || !isImport(child)) continue;
    const importSpan = { start: child.startPosition.row, end: child.endPosition.row };
    if (importSpan.end < span.start || importSpan.start > span.end) imports.push(importSpan);
  }
  const lastImport = imports[imports.length - 1];
  const importInsertLine = lastImport ? lastImport.end + 1 : firstCodeLine(root);
  const inside = (line: number): boolean => (line >= span.start && line <= span.end) || imports.some((s) => line >= s.start && line <= s.end);
  const flowLines = new Set<number>();
  for (const step of finding.flow ?? []) {
    if (step.path !== undefined) continue; // a line of another file: the prompt names it in the flow text
    // A step's first few lines are enough to show where the value goes.
    for (let line = step.range.start.line; line <= Math.min(step.range.end.line, step.range.start.line + 4); line += 1) if (!inside(line)) flowLines.add(line);
  }
  return { region: span, imports, importInsertLine, flowLines: [...flowLines].sort((a, b) => a - b) };
}

function isImport(node: Node): boolean {
  if (IMPORT_TYPES.has(node.type)) return true;
  // `const x = require('y')` at the top of a CommonJS file.
  return (node.type === 'lexical_declaration' || node.type === 'variable_declaration') && /^\s*(const|let|var)\s+[^=]+=\s*require\(\s*['"][^'"]+['"]\s*\)\s*;?\s*$/.test(node.text);
}

/** Where a first import goes: after a module docstring, comments and `"use strict"`, else line 0. */
function firstCodeLine(root: Node): number {
  let line = 0;
  for (const child of root.namedChildren) {
    if (!child) continue;
    const isPrologue = child.type === 'comment' || (child.type === 'expression_statement' && child.namedChildren[0]?.type === 'string');
    if (!isPrologue) break;
    line = child.endPosition.row + 1;
  }
  return line;
}

/** Every line the region sends, sorted: imports, the region and the flow. */
export function sentLines(region: SentRegion): number[] {
  const lines = new Set<number>(region.flowLines);
  for (const span of [...region.imports, region.region]) for (let line = span.start; line <= span.end; line += 1) lines.add(line);
  return [...lines].sort((a, b) => a - b);
}

/** Syntax errors in a tree: ERROR nodes and nodes the parser had to invent (MISSING). */
export function syntaxErrorCount(engine: Engine, path: string, text: string): number | undefined {
  const tree = engine.parseTree(path, text);
  if (!tree) return undefined;
  try {
    if (!tree.rootNode.hasError) return 0;
    let count = 0;
    const cursor = tree.walk();
    let done = false;
    while (!done) {
      const node = cursor.currentNode;
      if (node.type === 'ERROR' || node.isMissing) count += 1;
      if (node.hasError && cursor.gotoFirstChild()) continue;
      while (!cursor.gotoNextSibling()) {
        if (!cursor.gotoParent()) {
          done = true;
          break;
        }
      }
    }
    cursor.delete();
    return count;
  } finally {
    tree.delete();
  }
}
