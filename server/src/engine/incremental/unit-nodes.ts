/**
 * Which syntax nodes are the units of incremental analysis. A unit is a child of the root, except that a
 * top-level Python class is split: its header (decorators, `class`, name and bases through the colon) is one
 * unit and each statement of its body (a method, a class-level assignment, the docstring) is another. Typing
 * inside a method of a 2,000-line class then re-parses and re-analyses that method, not the class. A top-level
 * JavaScript or TypeScript class is split the same way, with one more unit for the body's closing `}`.
 *
 * The split is decided from the class node alone (never from its size), so a partial parse that holds only
 * some members of a class yields the same units for them as the whole file's parse.
 */
import type { Node } from 'web-tree-sitter';
import type { LanguageId } from '../rule';
import { appendAll } from '../collections';

/** What a unit is within its file. */
export type UnitRole = 'top' | 'class-header' | 'method' | 'class-statement' | 'class-comment' | 'class-end';

export interface UnitNode {
  /** The node the unit's names are read from (for a header: the class node, read up to `end`). */
  node: Node;
  type: string;
  start: number;
  end: number;
  role: UnitRole;
  /** For a split class's header and members: the offset where the class (its first decorator) starts. */
  container?: number;
  hasError: boolean;
}

/** The units of a parsed file, in document order. */
export function unitNodes(root: Node, language: LanguageId): UnitNode[] {
  const out: UnitNode[] = [];
  for (const child of root.children) {
    if (!child) continue;
    const split = language === 'python' ? splitClass(child) : splitJsClass(child);
    if (split) appendAll(out, split);
    else out.push({ node: child, type: child.type, start: child.startIndex, end: child.endIndex, role: 'top', hasError: child.hasError });
  }
  return out;
}

const PY_METHODS = new Set(['function_definition', 'decorated_definition']);

/**
 * A top-level class as its header and members, or undefined when it stays one unit: a class whose body
 * shares the header's line (`class A: pass`) or is not a block.
 */
function splitClass(node: Node): UnitNode[] | undefined {
  const definition = node.type === 'decorated_definition' ? node.childForFieldName('definition') : node;
  if (definition?.type !== 'class_definition') return undefined;
  const body = definition.childForFieldName('body');
  const colon = definition.children.filter((c): c is Node => c !== null && c.type === ':' && c.endIndex <= (body?.startIndex ?? 0)).pop();
  if (!body || body.type !== 'block' || !colon || body.startPosition.row === colon.endPosition.row) return undefined;
  const container = node.startIndex;
  const members: UnitNode[] = [];
  for (const member of body.children) {
    if (!member) continue;
    const isMethod = PY_METHODS.has(member.type) && (member.type === 'function_definition' || member.childForFieldName('definition')?.type === 'function_definition');
    // A comment between methods is a unit of its own (a secret in it is found there), parsed only when analysed:
    // a comment parsed without the method after it can end the class early.
    const role = isMethod ? 'method' : member.type === 'comment' ? 'class-comment' : 'class-statement';
    members.push({ node: member, type: member.type, start: member.startIndex, end: member.endIndex, role, container, hasError: member.hasError });
  }
  // Text of the class outside its header and members (a comment before the body, an error node) has no
  // unit: its error marks the header, so the run is inexact and settled by a full analysis.
  const headerError = node.hasError && !members.some((m) => m.hasError);
  return [{ node, type: node.type, start: node.startIndex, end: colon.endIndex, role: 'class-header', container, hasError: headerError }, ...members];
}

const JS_CLASSES = new Set(['class_declaration', 'abstract_class_declaration', 'class']);
const JS_METHODS = new Set(['method_definition', 'method_signature', 'abstract_method_signature']);

/**
 * A top-level JavaScript or TypeScript class (exported or not) as its header (through the body's `{`), its
 * members (a method with the decorators before it and the `;` after it) and its end (the body's `}`), or
 * undefined when it stays one unit: a class whose first member shares the `{`'s line or whose `}` shares the
 * last member's line (a unit is parsed through the ends of its lines, so these could not be parsed apart).
 */
function splitJsClass(node: Node): UnitNode[] | undefined {
  const declaration = node.type === 'export_statement' ? (node.childForFieldName('declaration') ?? node.namedChildren.find((c) => c !== null && JS_CLASSES.has(c.type)) ?? null) : node;
  if (!declaration || !JS_CLASSES.has(declaration.type)) return undefined;
  const body = declaration.childForFieldName('body');
  if (body?.type !== 'class_body' || body.endIndex !== declaration.endIndex) return undefined;
  const container = node.startIndex;
  const rowOf = (offset: number): number => body.descendantForIndex(offset)?.startPosition.row ?? -1;
  const members: UnitNode[] = [];
  let decorators: Node[] = [];
  for (const child of body.children) {
    if (!child || child.type === '{' || child.type === '}') continue;
    if (child.type === 'decorator') {
      decorators.push(child);
      continue;
    }
    const last = members[members.length - 1];
    // A `;` ends the member before it (`x = 1;`), on the same line; elsewhere the class stays whole.
    if (child.type === ';') {
      if (!last || decorators.length > 0 || child.startPosition.row !== rowOf(last.end - 1)) return undefined;
      last.end = child.endIndex;
      continue;
    }
    const start = decorators[0]?.startIndex ?? child.startIndex;
    const hasError = child.hasError || decorators.some((d) => d.hasError);
    decorators = [];
    const role = JS_METHODS.has(child.type) ? 'method' : child.type === 'comment' ? 'class-comment' : 'class-statement';
    members.push({ node: child, type: child.type, start, end: child.endIndex, role, container, hasError });
  }
  if (decorators.length > 0 || members.length === 0) return undefined;
  const open = body.child(0);
  const close = body.child(body.childCount - 1);
  if (open?.type !== '{' || close?.type !== '}') return undefined;
  if (rowOf(members[0].start) === open.startPosition.row || rowOf(members[members.length - 1].end - 1) >= close.startPosition.row) return undefined;
  for (let k = 1; k < members.length; k++) if (rowOf(members[k].start) === rowOf(members[k - 1].end - 1)) return undefined;
  const headerError = node.hasError && !members.some((m) => m.hasError);
  return [
    { node, type: node.type, start: node.startIndex, end: open.endIndex, role: 'class-header', container, hasError: headerError },
    ...members,
    { node: close, type: 'class-end', start: close.startIndex, end: node.endIndex, role: 'class-end', container, hasError: false },
  ];
}

/** Whether a parsed unit is the unit a previous run recorded (at its position in the new text). */
export function sameUnit(node: UnitNode, unit: { type: string; start: number; end: number; role: UnitRole; container?: number }): boolean {
  return node.type === unit.type && node.start === unit.start && node.end === unit.end && node.role === unit.role && node.container === unit.container;
}
