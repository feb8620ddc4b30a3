/**
 * Module-level constant tables of a Python file, for the origin of a shell command (`python-command-origin.ts`).
 * A table is a name assigned once at module level to a dict, list, tuple or set built only of literals
 * (`EDITORS = {"vscode": "code", "vim": "vim"}`), which the file never changes: every other use of the name reads
 * an item (`EDITORS[name]`, `EDITORS.get(name)`), tests membership (`name in EDITORS`) or loops over it. Whatever
 * key picks an entry, the value is one of the table's literals (or the default of `.get`), so it carries no text
 * from outside. Other modules could still assign into it (`settings.EDITORS["x"] = ...`); that is not looked for.
 */
import type { Node } from 'web-tree-sitter';
import type { AstContext } from '../../engine/rule';
import { unparenthesize } from '../../engine/resolve/walk';

const CONTAINERS = new Set(['dictionary', 'list', 'tuple', 'set']);
const LITERALS = new Set(['integer', 'float', 'true', 'false', 'none']);
/** Methods that read a dict without changing it. */
const READING_METHODS = new Set(['get', 'keys', 'values', 'items', 'copy']);

/** True when `node` is the name of a module-level constant table of this file (see the file comment). */
export function isPythonConstantTable(ctx: AstContext, node: Node): boolean {
  if (node.type !== 'identifier') return false;
  const assignments: Node[] = [];
  for (const statement of ctx.root.namedChildren) {
    const assignment = statement?.type === 'expression_statement' ? statement.namedChild(0) : undefined;
    if (assignment?.type === 'assignment' && assignment.childForFieldName('left')?.text === node.text) assignments.push(assignment);
  }
  const only = assignments.length === 1 ? assignments[0] : undefined;
  const target = only?.childForFieldName('left');
  const value = only?.childForFieldName('right');
  if (!target || !value || !isLiteralContainer(unparenthesize(value), 0)) return false;
  for (const use of ctx.root.descendantsOfType('identifier')) {
    if (!use || use.id === target.id || use.text !== node.text) continue;
    if (!isRead(use)) return false;
  }
  return true;
}

function isLiteralContainer(node: Node, depth: number): boolean {
  if (depth > 6 || !CONTAINERS.has(node.type)) return false;
  return node.namedChildren.every((child) => {
    if (!child || child.type === 'comment') return true;
    if (child.type === 'pair') {
      const key = child.childForFieldName('key');
      const value = child.childForFieldName('value');
      return !!key && !!value && isLiteral(unparenthesize(key), depth) && isLiteral(unparenthesize(value), depth);
    }
    return isLiteral(unparenthesize(child), depth);
  });
}

function isLiteral(node: Node, depth: number): boolean {
  if (LITERALS.has(node.type)) return true;
  if (node.type === 'string') return node.descendantsOfType('interpolation').length === 0;
  if (node.type === 'concatenated_string') return node.namedChildren.every((c) => !c || (c.type === 'string' && isLiteral(c, depth)));
  return isLiteralContainer(node, depth + 1);
}

/** A use that reads the table: an item (not assigned or deleted), a reading method, a membership test, a loop. */
function isRead(use: Node): boolean {
  const parent = use.parent;
  if (!parent) return false;
  if (parent.type === 'subscript' && parent.childForFieldName('value')?.id === use.id) return !isWrittenItem(parent);
  if (parent.type === 'attribute' && parent.childForFieldName('object')?.id === use.id) {
    return READING_METHODS.has(parent.childForFieldName('attribute')?.text ?? '') && parent.parent?.type === 'call';
  }
  if (parent.type === 'comparison_operator') return parent.children.some((c) => c?.type === 'in' || c?.type === 'not in');
  return (parent.type === 'for_statement' || parent.type === 'for_in_clause') && parent.childForFieldName('right')?.id === use.id;
}

/** `TABLE[k] = v`, `TABLE[k] += v`, `del TABLE[k]`, `TABLE[k].append(v)` and the like. */
function isWrittenItem(item: Node): boolean {
  let node = item;
  while (node.parent && (node.parent.type === 'subscript' || node.parent.type === 'attribute') && (node.parent.childForFieldName('value') ?? node.parent.childForFieldName('object'))?.id === node.id) {
    if (node.parent.type === 'attribute') {
      // A method of an entry: only reading ones keep the table unchanged.
      const method = node.parent.childForFieldName('attribute')?.text ?? '';
      return !READING_METHODS.has(method) && !['format', 'join', 'split', 'strip', 'lower', 'upper', 'replace', 'startswith', 'endswith'].includes(method);
    }
    node = node.parent;
  }
  const parent = node.parent;
  if (!parent) return false;
  if ((parent.type === 'assignment' || parent.type === 'augmented_assignment') && parent.childForFieldName('left')?.id === node.id) return true;
  if (parent.type === 'delete_statement') return true;
  // A target inside a tuple/list of targets (`TABLE[k], x = ...`).
  return (parent.type === 'pattern_list' || parent.type === 'tuple_pattern') && parent.parent?.type === 'assignment';
}
