/**
 * Text edits for Python fixes: add, remove or replace a call argument and add an import, each written so
 * that the result still parses (commas, trailing commas and multi-line argument lists are handled).
 */
import type { Node, Tree } from 'web-tree-sitter';
import type { TextEdit } from '../../engine/finding';
import type { AstContext } from '../../engine/rule';

/** The `keyword_argument` node named `name` in a call, or undefined. */
export function keywordArgumentNode(call: Node, name: string): Node | undefined {
  const args = call.childForFieldName('arguments');
  if (!args || args.type !== 'argument_list') return undefined;
  for (const child of args.namedChildren) {
    if (child?.type === 'keyword_argument' && child.childForFieldName('name')?.text === name) return child;
  }
  return undefined;
}

/** The real arguments of a call (no comments), in order. */
export function argumentNodes(call: Node): Node[] {
  const args = call.childForFieldName('arguments');
  if (!args || args.type !== 'argument_list') return [];
  return args.namedChildren.filter((c): c is Node => !!c && c.type !== 'comment');
}

/**
 * Removes one argument together with the comma that separates it from its neighbour: `f(a, b=1)` →
 * `f(a)`, `f(b=1, c)` → `f(c)`, `f(b=1)` → `f()`.
 */
export function removeArgumentEdit(ctx: AstContext, call: Node, argument: Node): TextEdit | undefined {
  const all = argumentNodes(call);
  const index = all.findIndex((a) => a.id === argument.id);
  if (index < 0) return undefined;
  const previous = index > 0 ? all[index - 1] : undefined;
  const next = index + 1 < all.length ? all[index + 1] : undefined;
  if (previous) return { range: ctx.rangeOf(previous.endIndex, argument.endIndex), newText: '' };
  if (next) return { range: ctx.rangeOf(argument.startIndex, next.startIndex), newText: '' };
  // The only argument: also drop a trailing comma so `f(x,)` does not become `f(,)`.
  const after = argument.nextSibling;
  const end = after?.type === ',' ? after.endIndex : argument.endIndex;
  return { range: ctx.rangeOf(argument.startIndex, end), newText: '' };
}

/** Appends `text` (e.g. `weights_only=True`) as the last argument of a call. */
export function appendArgumentEdit(ctx: AstContext, call: Node, text: string): TextEdit | undefined {
  const args = call.childForFieldName('arguments');
  if (!args || args.type !== 'argument_list') return undefined;
  const all = argumentNodes(call);
  const last = all[all.length - 1];
  if (!last) {
    const open = args.child(0);
    if (!open || open.type !== '(') return undefined;
    return { range: ctx.rangeOf(open.endIndex, open.endIndex), newText: text };
  }
  return { range: ctx.rangeOf(last.endIndex, last.endIndex), newText: `, ${text}` };
}

/** Replaces a node's text. */
export function replaceNodeEdit(ctx: AstContext, node: Node, text: string): TextEdit {
  return { range: ctx.rangeOfNode(node), newText: text };
}

/**
 * How to refer to module `module` in this file: the name of an existing plain `import module` (or
 * `import module as alias`) at module level, or `module` plus an edit that adds `import module` at the top
 * (after a docstring and `from __future__` imports).
 */
export function moduleReference(ctx: AstContext, module: string): { name: string; edits: TextEdit[] } | undefined {
  // Every fix of a file asks the same question; answering it walks the module and searches the whole text, so a
  // file with thousands of findings would take quadratic time without the answer kept per tree and text.
  let answers = MODULE_REFERENCES.get(ctx.root.tree);
  if (!answers || answers.text !== ctx.text) MODULE_REFERENCES.set(ctx.root.tree, (answers = { text: ctx.text, byModule: new Map() }));
  if (!answers.byModule.has(module)) answers.byModule.set(module, findModuleReference(ctx, module));
  const answer = answers.byModule.get(module);
  return answer && { name: answer.name, edits: answer.edits.map((edit) => ({ ...edit })) };
}

const MODULE_REFERENCES = new WeakMap<Tree, { text: string; byModule: Map<string, { name: string; edits: TextEdit[] } | undefined> }>();

function findModuleReference(ctx: AstContext, module: string): { name: string; edits: TextEdit[] } | undefined {
  const root = ctx.root;
  let insertAt = 0;
  let sawCode = false;
  for (const child of root.namedChildren) {
    if (!child) continue;
    if (child.type === 'import_statement') {
      for (const item of child.namedChildren) {
        if (item?.type === 'dotted_name' && item.text === module) return { name: module, edits: [] };
        if (item?.type === 'aliased_import' && item.childForFieldName('name')?.text === module) {
          const alias = item.childForFieldName('alias')?.text;
          if (alias) return { name: alias, edits: [] };
        }
      }
    }
    if (sawCode) continue;
    const isDocstring = child.type === 'expression_statement' && child.namedChild(0)?.type === 'string' && insertAt === 0;
    const isFuture = child.type === 'future_import_statement';
    if (child.type === 'comment' || isDocstring || isFuture) {
      // Insert after the line that ends the docstring or future import; comments at the top (shebang, encoding) stay first.
      insertAt = lineEndAfter(ctx.text, child.endIndex);
      continue;
    }
    sawCode = true;
  }
  // A local binding of the same name would make `module.x` mean something else.
  if (new RegExp(`^\\s*(def|class)\\s+${module}\\b|^${module}\\s*=`, 'm').test(ctx.text)) return undefined;
  const needsNewline = insertAt === ctx.text.length && insertAt > 0 && !ctx.text.endsWith('\n');
  return { name: module, edits: [{ range: ctx.rangeOf(insertAt, insertAt), newText: `${needsNewline ? '\n' : ''}import ${module}\n` }] };
}

function lineEndAfter(text: string, offset: number): number {
  const newline = text.indexOf('\n', offset);
  return newline < 0 ? text.length : newline + 1;
}

/**
 * Removes the statement that holds `node` (an expression statement such as `keras.config.enable_unsafe_deserialization()`):
 * the whole line when the statement is alone on it and the block keeps another statement, otherwise
 * the statement is replaced by `pass` so the block stays valid.
 */
export function removeStatementEdit(ctx: AstContext, node: Node): TextEdit | undefined {
  const statement = node.parent?.type === 'expression_statement' ? node.parent : undefined;
  if (!statement) return undefined;
  const block = statement.parent;
  const siblings = block ? block.namedChildren.filter((c) => c && c.type !== 'comment').length : 0;
  const text = ctx.text;
  const lineStart = text.lastIndexOf('\n', statement.startIndex - 1) + 1;
  const newline = text.indexOf('\n', statement.endIndex);
  const lineEnd = newline < 0 ? text.length : newline + 1;
  const aloneOnLine = text.slice(lineStart, statement.startIndex).trim() === '' && text.slice(statement.endIndex, lineEnd).trim() === '';
  if (aloneOnLine && siblings > 1) return { range: ctx.rangeOf(lineStart, lineEnd), newText: '' };
  return { range: ctx.rangeOfNode(statement), newText: 'pass' };
}

/** Joins insertions at the same position (two added imports) into one edit, so their order is defined. */
export function mergeInsertions(edits: readonly TextEdit[]): TextEdit[] {
  const out: TextEdit[] = [];
  for (const edit of edits) {
    const same = out.find((e) => e.file === edit.file && samePosition(e.range.start, edit.range.start) && samePosition(e.range.end, edit.range.end) && samePosition(e.range.start, e.range.end));
    if (same && samePosition(edit.range.start, edit.range.end)) same.newText += edit.newText;
    else out.push({ ...edit });
  }
  return out;
}

function samePosition(a: { line: number; column: number }, b: { line: number; column: number }): boolean {
  return a.line === b.line && a.column === b.column;
}
