/**
 * What other units can see of a Python function unit, for the early cutoff of incremental analysis: an edit
 * that re-analyses a function whose interface is unchanged need not re-analyse the units that refer to it.
 *
 * The interface is the function's text without its *inert* statements. An inert statement is an expression
 * statement directly in the function's body that cannot change what flows in or out of the function: it
 * assigns only to plain names, every name it binds or reads that the function binds anywhere (parameters,
 * locals, `self`) occurs nowhere else in the function, and it holds no `yield` (which makes a generator), no
 * file write (a write defines the `io:serialized` link, which every load in the file refers to: `units.ts`), no
 * call passing arguments to a function the file defines (the shell rules follow a parameter to its call sites) and
 * no import. Such a statement reads only module-level names and names of its own, so no other statement's value,
 * no parameter, return value or attribute depends on it and it depends on none of them; its own findings are
 * found when its function is analysed again. A load in it refers to the link without defining it, and the
 * early cutoff parses the edited statements with what they refer to, the writers included. Typing
 * `model = torch.load(path)` at the end of a method is an inert edit; typing `return model` or
 * `self.model = model` is not.
 *
 * Two versions of a function with equal interfaces differ only in inert statements, so what the analyses
 * follow from other units into it (returned values, parameters reaching sinks, attributes it assigns, the
 * names it defines) is the same for both.
 */
import type { Node } from 'web-tree-sitter';
import { lexicalImports } from '../imports/lexical-imports';

/** Node types whose identifiers are names a function binds (an over-approximation is safe: fewer inert statements). */
const BINDING_TYPES = [
  'parameters',
  'lambda_parameters',
  'assignment',
  'augmented_assignment',
  'for_statement',
  'for_in_clause',
  'as_pattern',
  'named_expression',
  'import_statement',
  'import_from_statement',
  'function_definition',
  'class_definition',
  'global_statement',
  'nonlocal_statement',
  'delete_statement',
  'with_clause',
  'except_clause',
  'case_pattern',
  'type_parameter',
];

/** The field of a binding node that holds what it binds; for the others every identifier in it counts. */
const BINDING_FIELDS: Readonly<Record<string, string>> = {
  assignment: 'left',
  augmented_assignment: 'left',
  for_statement: 'left',
  for_in_clause: 'left',
  named_expression: 'name',
  function_definition: 'name',
  class_definition: 'name',
};

/**
 * The interface of a Python function unit, with where its inert statements are, (`def`, or a decorated `def`), or undefined for any other node.
 * `skip` holds pairs of offsets of the unit's literal spans (string contents, comments), which hold no names.
 */
export interface FunctionInterface {
  text: string;
  /** The inert statements, as pairs of offsets relative to the unit's start (so they hold when the unit moves). */
  inertSpans: number[];
}

export function pythonFunctionInterface(unit: Node, text: string, skip: readonly number[]): FunctionInterface | undefined {
  const definition = unit.type === 'decorated_definition' ? unit.childForFieldName('definition') : unit;
  if (definition?.type !== 'function_definition') return undefined;
  const body = definition.childForFieldName('body');
  if (!body || body.type !== 'block') return undefined;
  // What `__init__` assigns is where the rules look for the origin of the instance's attributes (the value,
  // the parameter and its default, what the statements around read), so no statement of it is inert.
  const constructor = definition.childForFieldName('name')?.text === '__init__';
  const candidates = constructor ? [] : body.namedChildren.filter((s): s is Node => s !== null && s.type === 'expression_statement' && plainTargets(s));
  const inertSpans: number[] = [];
  if (candidates.length === 0) return { text: text.slice(unit.startIndex, unit.endIndex), inertSpans };
  const bound = boundNames(definition);
  const counts = wordCounts(text, unit.startIndex, unit.endIndex, skip);
  let out = '';
  let from = unit.startIndex;
  for (const statement of candidates) {
    if (!inert(statement, text, skip, bound, counts)) continue;
    inertSpans.push(statement.startIndex - unit.startIndex, statement.endIndex - unit.startIndex);
    // The statement goes with the line break and indentation before it when it starts its line.
    const lineStart = text.lastIndexOf('\n', statement.startIndex - 1);
    const cut = lineStart >= from && text.slice(lineStart, statement.startIndex).trim() === '' ? lineStart : statement.startIndex;
    out += text.slice(from, cut);
    from = statement.endIndex;
  }
  return { text: out + text.slice(from, unit.endIndex), inertSpans };
}

/** Whether an expression statement assigns only to plain names (no attribute, subscript or augmented target) and yields nothing. */
function plainTargets(statement: Node): boolean {
  if (statement.descendantsOfType(['yield', 'augmented_assignment']).some(Boolean)) return false;
  for (const assignment of statement.descendantsOfType('assignment')) {
    const left = assignment?.childForFieldName('left');
    if (left && (left.type === 'attribute' || left.type === 'subscript' || left.descendantsOfType(['attribute', 'subscript']).some(Boolean))) return false;
  }
  return true;
}

function inert(statement: Node, text: string, skip: readonly number[], bound: ReadonlySet<string>, counts: ReadonlyMap<string, number>): boolean {
  const own = text.slice(statement.startIndex, statement.endIndex);
  if (WRITES.test(own) || lexicalImports(own, 'python').length > 0 || passesToOwnFunction(own, text)) return false;
  for (const [word, count] of wordCounts(text, statement.startIndex, statement.endIndex, skip)) {
    if (bound.has(word) && counts.get(word) !== count) return false;
  }
  return true;
}

/**
 * Whether the statement passes arguments to a function this file defines (`_run(cmd)`, `self.run(cmd)`): the shell
 * rules follow a parameter to its call sites (`rules/shared/python-command-origin.ts`), so a finding in the callee
 * depends on this statement, and the early cutoff, which re-analyses the edited function alone, must not apply.
 */
function passesToOwnFunction(own: string, text: string): boolean {
  const defined = definedFunctions(text);
  for (const match of own.matchAll(CALL_WITH_ARGUMENTS)) if (defined.has(match[1])) return true;
  return false;
}

const CALL_WITH_ARGUMENTS = /\b([A-Za-z_]\w*)\s*\(\s*[^)\s]/g;

/** The names the file's `def`s define, for the last text asked about (the units of one text are computed together). */
let definedFor: { text: string; names: Set<string> } | undefined;

function definedFunctions(text: string): Set<string> {
  if (definedFor?.text !== text) definedFor = { text, names: defNames(text) };
  return definedFor.names;
}

/**
 * The names after `def` at the start of a line (`^[ \t]*(?:async[ \t]+)?def[ \t]+(name)`, multiline), found from the
 * occurrences of `def`: the text changes on every keystroke, and a regular expression anchored at line starts
 * tried every offset of a 400 KB file (a fifth of the lean window's cost in pandas' `generic.py`).
 */
function defNames(text: string): Set<string> {
  const names = new Set<string>();
  for (let at = text.indexOf('def'); at >= 0; at = text.indexOf('def', at + 3)) {
    let k = at + 3;
    if (!isBlank(text.charCodeAt(k))) continue;
    while (isBlank(text.charCodeAt(k))) k++;
    DEF_NAME.lastIndex = k;
    const name = DEF_NAME.exec(text);
    if (!name) continue;
    let before = at;
    while (before > 0 && isBlank(text.charCodeAt(before - 1))) before--;
    // `async` (with blanks after it) may come first.
    if (before >= 5 && before < at && text.startsWith('async', before - 5)) {
      let asyncStart = before - 5;
      while (asyncStart > 0 && isBlank(text.charCodeAt(asyncStart - 1))) asyncStart--;
      if (atLineStart(text, asyncStart)) names.add(name[0]);
    }
    if (atLineStart(text, before)) names.add(name[0]);
  }
  return names;
}

const DEF_NAME = /[A-Za-z_]\w*/y;

function isBlank(c: number): boolean {
  return c === 32 || c === 9;
}

/** Whether `offset` starts a line as a multiline `^` sees it (after \n, \r, U+2028 or U+2029). */
function atLineStart(text: string, offset: number): boolean {
  if (offset === 0) return true;
  const c = text.charCodeAt(offset - 1);
  return c === 10 || c === 13 || c === 0x2028 || c === 0x2029;
}

/**
 * The calls that may write a file `units.ts` links through `io:serialized` (every `open`, whatever its mode): a
 * statement making them is never inert.
 */
const WRITES = /\b(?:dump|save)\s*\(|\bopen\s*\(/;

/** Every name the function binds anywhere inside it (its parameters, locals and nested definitions). */
function boundNames(definition: Node): Set<string> {
  const names = new Set<string>();
  for (const node of definition.descendantsOfType(BINDING_TYPES)) {
    if (!node) continue;
    const field = BINDING_FIELDS[node.type];
    const holder = field ? node.childForFieldName(field) : node;
    if (!holder) continue;
    if (holder.type === 'identifier') names.add(holder.text);
    for (const id of holder.descendantsOfType('identifier')) if (id) names.add(id.text);
  }
  const parameters = definition.childForFieldName('parameters');
  for (const id of parameters?.descendantsOfType('identifier') ?? []) if (id) names.add(id.text);
  return names;
}

const WORD = /(?<![\w$])[A-Za-z_\u0080-\uffff][\w\u0080-\uffff]*/g;

/**
 * How often each identifier-shaped word occurs between `start` and `end`, outside the `skip` spans (member names
 * after a dot included); `word` is the language's identifier (JavaScript's hold `$`).
 */
export function wordCounts(text: string, start: number, end: number, skip: readonly number[], word: RegExp = WORD): Map<string, number> {
  const counts = new Map<string, number>();
  let from = start;
  const count = (to: number): void => {
    if (to <= from) return;
    for (const match of text.slice(from, to).matchAll(word)) counts.set(match[0], (counts.get(match[0]) ?? 0) + 1);
  };
  for (let k = 0; k < skip.length; k += 2) {
    if (skip[k + 1] <= start || skip[k] >= end) continue;
    count(Math.min(skip[k], end));
    from = Math.max(from, skip[k + 1]);
  }
  count(end);
  return counts;
}
