/**
 * Reads from a module's constant tables, for the origin of a JavaScript shell command (`js-command-evidence.ts`).
 * A table is a top-level `const` of this file bound to an object, array, `Map` or `Set` built only of literals
 * (`const editorCommands: Record<Editor, {...}> = { vscode: { win32: ['code.cmd'], default: ['code'] } }`), which
 * the file does not export and never changes (no property assignment, `delete`, mutating method, nor any use other
 * than a read of a member). Whatever key picks an entry (`editorCommands[editor].default`, `TOOLS.get(name)`),
 * the value is one of the table's literals, so it cannot carry text from outside: the command is as constant as
 * the table. A missing key gives `undefined` and an inherited one (`constructor`) a built-in's fixed text, neither
 * of which an outsider chooses.
 */
import type { Node } from 'web-tree-sitter';
import type { AstContext } from '../../engine/rule';
import { unwrapExpression } from '../../engine/resolve/javascript-scope';

/**
 * Methods that read a table (or an entry of it) without changing it, and give back only its values or a part of
 * them (`join` and `concat` add their arguments, so `js-command-evidence.ts` follows those separately).
 */
const READING_METHODS = new Set(['get', 'at', 'find', 'slice', 'filter', 'values', 'flat', 'toString']);
/** Methods that change an array, `Map` or `Set` in place. */
const MUTATING_METHODS = new Set(['push', 'pop', 'shift', 'unshift', 'splice', 'sort', 'reverse', 'fill', 'copyWithin', 'set', 'add', 'delete', 'clear']);
const MAX_STEPS = 12;

/**
 * True when `node` reads a value out of a constant table of this file: a member or subscript chain, or a reading
 * method's call, whose base is such a table or a `const` bound once to such a read (`const config = TABLE[key]`).
 */
export function isConstantTableRead(ctx: AstContext, input: Node): boolean {
  // Most files have no table at all: then nothing is looked up (a long file has thousands of member reads).
  if (candidateNames(ctx).size === 0) return false;
  let node = unwrapExpression(input);
  for (let step = 0; step < MAX_STEPS; step++) {
    if (node.type === 'member_expression' || node.type === 'subscript_expression') {
      const object = node.childForFieldName('object');
      if (!object) return false;
      node = unwrapExpression(object);
      continue;
    }
    if (node.type === 'call_expression') {
      const callee = node.childForFieldName('function');
      if (callee?.type !== 'member_expression' || !READING_METHODS.has(callee.childForFieldName('property')?.text ?? '')) return false;
      node = callee;
      continue;
    }
    if (node.type !== 'identifier') return false;
    if (isConstantTable(ctx, node)) return true;
    // `const config = TABLE[key]` (bound once): a read of the table under another name.
    const value = ctx.js().boundValue(node);
    if (!value || value.id === node.id) return false;
    const bound = unwrapExpression(value);
    if (bound.type === 'identifier' || bound.type === 'member_expression' || bound.type === 'subscript_expression' || bound.type === 'call_expression') {
      node = bound;
      continue;
    }
    return false;
  }
  return false;
}

const candidates = new WeakMap<AstContext, Set<string>>();

/** The names of the file's top-level `const` declarations bound to an object, array, `Map` or `Set` literal. */
function candidateNames(ctx: AstContext): Set<string> {
  let names = candidates.get(ctx);
  if (names) return names;
  names = new Set();
  for (const statement of ctx.root.namedChildren) {
    if (statement?.type !== 'lexical_declaration' || statement.child(0)?.text !== 'const') continue;
    for (const declarator of statement.namedChildren) {
      const value = declarator?.type === 'variable_declarator' ? declarator.childForFieldName('value') : undefined;
      const name = declarator?.childForFieldName('name');
      if (value && name?.type === 'identifier' && ['object', 'array', 'new_expression', 'as_expression', 'satisfies_expression'].includes(value.type)) names.add(name.text);
    }
  }
  candidates.set(ctx, names);
  return names;
}

/** Answers per analysed file and declarator: a large table read by many commands is checked once. */
const tableAnswers = new WeakMap<AstContext, Map<number, boolean>>();

/** True when `identifier` names a top-level, unexported, never-changed `const` table of literals (see the file comment). */
function isConstantTable(ctx: AstContext, identifier: Node): boolean {
  const value = ctx.js().boundValue(identifier);
  const declarator = value?.parent;
  const declaration = declarator?.parent;
  if (!value || declarator?.type !== 'variable_declarator' || declaration?.type !== 'lexical_declaration') return false;
  if (declaration.child(0)?.text !== 'const' || declaration.parent?.type !== 'program') return false;
  const name = declarator.childForFieldName('name');
  if (name?.type !== 'identifier' || name.text !== identifier.text) return false;
  let answers = tableAnswers.get(ctx);
  if (!answers) tableAnswers.set(ctx, (answers = new Map()));
  const known = answers.get(declarator.id);
  if (known !== undefined) return known;
  const answer = isLiteralTable(ctx, unwrapExpression(value)) && everyUseReads(ctx, name);
  answers.set(declarator.id, answer);
  return answer;
}

/** An object, array, `new Map([...])` or `new Set([...])` whose leaves are all literals (strings, numbers, booleans). */
function isLiteralTable(ctx: AstContext, node: Node, depth = 0): boolean {
  if (depth > 6) return false;
  switch (node.type) {
    case 'object':
      return node.namedChildren.every((entry) => {
        if (!entry || entry.type === 'comment') return true;
        if (entry.type !== 'pair') return false;
        const key = entry.childForFieldName('key');
        const value = entry.childForFieldName('value');
        return key?.type !== 'computed_property_name' && !!value && isLiteralEntry(ctx, value, depth);
      });
    case 'array':
      return node.namedChildren.every((element) => !element || element.type === 'comment' || isLiteralEntry(ctx, element, depth));
    case 'new_expression': {
      const constructor = node.childForFieldName('constructor')?.text;
      const args = (node.childForFieldName('arguments')?.namedChildren ?? []).filter((a): a is Node => !!a && a.type !== 'comment');
      if (constructor !== 'Map' && constructor !== 'Set') return false;
      return args.length === 0 || (args.length === 1 && unwrapExpression(args[0]!).type === 'array' && isLiteralTable(ctx, unwrapExpression(args[0]!), depth + 1));
    }
    default:
      return false;
  }
}

function isLiteralEntry(ctx: AstContext, input: Node, depth: number): boolean {
  const node = unwrapExpression(input);
  if (['object', 'array', 'new_expression'].includes(node.type)) return isLiteralTable(ctx, node, depth + 1);
  // A literal, a template without substitutions, or a constant of this file (`${BIN}/tool`).
  return ctx.js().literalValue(node) !== undefined;
}

/**
 * True when the file never exports the table nor changes it: every other use of its name is the object of a member
 * read (not assigned, updated or deleted, and not the receiver of a mutating method). A use that hands the table
 * itself to other code (an argument, a return, a spread, a loop over it) could let that code change it, so it
 * disqualifies too; an entry handed to a function (`spawn(TOOLS[k])`) is taken as read, as it nearly always is.
 */
function everyUseReads(ctx: AstContext, name: Node): boolean {
  const escaped = name.text.replace(/\$/g, '\\$');
  if (new RegExp(`export\\s*(?:default\\s+)?\\{[^}]*\\b${escaped}\\b|export\\s+default\\s+${escaped}\\b|exports\\.${escaped}\\b|module\\.exports\\b`).test(ctx.text)) return false;
  for (const use of ctx.root.descendantsOfType(['identifier', 'shorthand_property_identifier'])) {
    if (!use || use.id === name.id || use.text !== name.text) continue;
    if (use.type === 'shorthand_property_identifier') return false;
    const parent = use.parent;
    const isObjectOf = (parent?.type === 'member_expression' || parent?.type === 'subscript_expression') && parent.childForFieldName('object')?.id === use.id;
    if (!parent || !isObjectOf) {
      // `typeof TABLE`, `key in TABLE`, `Object.keys(TABLE)`-style reads are harmless only as plain reads of keys.
      if (parent?.type === 'binary_expression' && parent.childForFieldName('operator')?.text === 'in') continue;
      return false;
    }
    if (isWritten(parent)) return false;
  }
  return true;
}

/** A member of the table that is assigned, updated or deleted (`TABLE.x = ...`, `TABLE[k] += ...`, `delete TABLE[k]`), at any depth. */
function isWritten(member: Node): boolean {
  let node = member;
  while (node.parent && (node.parent.type === 'member_expression' || node.parent.type === 'subscript_expression') && node.parent.childForFieldName('object')?.id === node.id) node = node.parent;
  const parent = node.parent;
  if (!parent) return false;
  if ((parent.type === 'assignment_expression' || parent.type === 'augmented_assignment_expression') && parent.childForFieldName('left')?.id === node.id) return true;
  if (parent.type === 'update_expression') return true;
  if (parent.type === 'unary_expression' && parent.child(0)?.text === 'delete') return true;
  // `TABLE.push(x)`, `TABLE.win32.push(x)`, `TOOLS.set(k, v)`: changed in place.
  const method = node.type === 'member_expression' ? node.childForFieldName('property')?.text ?? '' : '';
  return MUTATING_METHODS.has(method) && parent.type === 'call_expression' && parent.childForFieldName('function')?.id === node.id;
}
