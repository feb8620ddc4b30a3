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
 * Inert statements also come in groups (the summary of what flows out of a method, by construction): statements
 * of that same kind that share bound names which occur nowhere else in the function (`model = torch.load(a)` and,
 * later, a second `model = torch.load(b)`, or `data = load(p)` and `exec(data)`). Together they read only
 * module-level names and names of their own, so the group is cut off from the parameters, `self`, the returned
 * values and the attributes; an edit inside a group re-analyses the whole group (`plan.ts`), since an analysis
 * may relate its statements to each other in any order.
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
  'case_pattern',
  'type_parameter',
];

/** The nodes whose `type_parameter` child declares type parameters (PEP 695). */
const DECLARES_TYPE_PARAMETERS = new Set(['function_definition', 'class_definition', 'type_alias_statement']);

/**
 * The field of a Python node that binds a target (an assignment's left side, a loop's variables, a walrus's name,
 * an alias): what it binds is in that field. `with open(p) as f`, `except torch.OutOfMemoryError as e`: only the
 * alias is bound (the context manager or exception is read, and counting `torch` there as bound made every
 * statement naming `torch` visible).
 */
export const PYTHON_BINDING_TARGETS: Readonly<Record<string, string>> = {
  assignment: 'left',
  augmented_assignment: 'left',
  for_statement: 'left',
  for_in_clause: 'left',
  named_expression: 'name',
  as_pattern: 'alias',
};

/** The field of a binding node that holds what it binds; for the others every identifier in it counts. */
const BINDING_FIELDS: Readonly<Record<string, string>> = {
  ...PYTHON_BINDING_TARGETS,
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
  /** Per inert statement (one entry per pair of `inertSpans`), its group: statements of a group share names. Absent: each statement is a group of its own. */
  inertGroups?: number[];
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
  const inertGroups: number[] = [];
  if (candidates.length === 0) return { text: layoutFree(text, unit.startIndex, unit.endIndex, skip), inertSpans, inertGroups };
  const bound = boundNames(definition);
  const counts = wordCounts(text, unit.startIndex, unit.endIndex, skip, PYTHON_NAME);
  // A bare name or member chain (the first word of a statement being typed) reads without effect: it is inert
  // whatever it names, and its words link no other statement into a group.
  const bare = candidates.map(readsOnly);
  for (const statement of candidates.filter((_, k) => bare[k])) {
    for (const [word, count] of wordCounts(text, statement.startIndex, statement.endIndex, skip, PYTHON_NAME)) counts.set(word, (counts.get(word) ?? 0) - count);
  }
  const others = candidates.filter((_, k) => !bare[k]);
  const otherGroups = inertGroupsOf(others, text, skip, bound, counts);
  let next = 0;
  const groups = candidates.map((_, k) => (bare[k] ? others.length + k : otherGroups[next++]));
  let out = '';
  let from = unit.startIndex;
  for (const [k, statement] of candidates.entries()) {
    const group = groups[k];
    if (group === undefined) continue;
    inertSpans.push(statement.startIndex - unit.startIndex, statement.endIndex - unit.startIndex);
    inertGroups.push(group);
    // The statement goes with the line break and indentation before it when it starts its line.
    const lineStart = text.lastIndexOf('\n', statement.startIndex - 1);
    const cut = lineStart >= from && text.slice(lineStart, statement.startIndex).trim() === '' ? lineStart : statement.startIndex;
    out += layoutFree(text, from, cut, skip);
    from = statement.endIndex;
  }
  return { text: out + layoutFree(text, from, unit.endIndex, skip), inertSpans, inertGroups };
}

/**
 * The text from `start` to `end` without what Python's layout ignores outside literals: blanks at the end of a
 * line and lines of blanks. Enter typed before a method's `return` leaves a line of blanks, and a blank typed after
 * a word ends a line with one; neither changes what callers see. Indentation and the literals' text are kept.
 */
function layoutFree(text: string, start: number, end: number, skip: readonly number[]): string {
  let out = '';
  let from = start;
  const code = (to: number): void => {
    if (to > from) out += text.slice(from, to).replace(TRAILING_BLANKS, '').replace(BLANK_LINES, '$1');
  };
  for (let k = 0; k < skip.length; k += 2) {
    if (skip[k + 1] <= from || skip[k] >= end) continue;
    code(Math.min(skip[k], end));
    const literalEnd = Math.min(skip[k + 1], end);
    if (literalEnd > Math.max(from, skip[k])) out += text.slice(Math.max(from, skip[k]), literalEnd);
    from = Math.max(from, literalEnd);
  }
  code(end);
  return out;
}

const TRAILING_BLANKS = /[ \t]+(?=\r?\n|$)/g;
const BLANK_LINES = /(\r?\n)(?:\r?\n)+/g;

/**
 * Whether an expression statement is a bare name or a chain of member names (`result`, `torch.load`): it calls,
 * binds and changes nothing, so no analysis follows anything out of it. Typing a statement passes through one
 * (`m` before `model = ...`), and a local of the method of that name (a comprehension's `m` in trl's
 * `_tokenize_prompts`) made it visible to the method's callers, which reached most of the class.
 */
function readsOnly(statement: Node): boolean {
  const expression = statement.namedChildCount === 1 ? statement.namedChild(0) : null;
  if (expression?.type === 'identifier') return true;
  return expression?.type === 'attribute' && expression.descendantsOfType(['call', 'subscript', 'ERROR']).length === 0 && expression.descendantsOfType('identifier').length === expression.text.split('.').length;
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

/**
 * The group of each candidate statement that is inert (undefined for the others). Candidates that may be inert
 * on their own (no write, import or call into the file's functions) are joined when they share a name the
 * function binds; a group is inert when every occurrence in the function of each such name it holds lies in its
 * statements. A single statement whose bound names occur nowhere else is a group of one.
 */
function inertGroupsOf(candidates: readonly Node[], text: string, skip: readonly number[], bound: ReadonlySet<string>, counts: ReadonlyMap<string, number>): (number | undefined)[] {
  const parent = candidates.map((_, k) => k);
  const root = (k: number): number => {
    while (parent[k] !== k) k = parent[k] = parent[parent[k]];
    return k;
  };
  const boundWords: (Map<string, number> | undefined)[] = candidates.map((statement) => {
    const own = text.slice(statement.startIndex, statement.endIndex);
    if (WRITES.test(own) || IN_PLACE_CHANGE.test(own) || lexicalImports(own, 'python').length > 0 || passesToOwnFunction(own, text)) return undefined;
    const words = new Map<string, number>();
    for (const [word, count] of wordCounts(text, statement.startIndex, statement.endIndex, skip, PYTHON_NAME)) if (bound.has(word)) words.set(word, count);
    return words;
  });
  const holder = new Map<string, number>();
  boundWords.forEach((words, k) => {
    for (const word of words?.keys() ?? []) {
      const other = holder.get(word);
      if (other === undefined) holder.set(word, k);
      else parent[root(k)] = root(other);
    }
  });
  // Occurrences of each bound name inside each group, against the function's own count.
  const inGroup = new Map<number, Map<string, number>>();
  boundWords.forEach((words, k) => {
    if (!words) return;
    const g = root(k);
    const sums = inGroup.get(g) ?? new Map<string, number>();
    inGroup.set(g, sums);
    for (const [word, count] of words) sums.set(word, (sums.get(word) ?? 0) + count);
  });
  const closed = new Set<number>();
  for (const [g, sums] of inGroup) if ([...sums].every(([word, count]) => counts.get(word) === count)) closed.add(g);
  // A candidate that cannot be inert holds a bound name's occurrences outside every group, so groups sharing one with it are not closed.
  return candidates.map((_, k) => (boundWords[k] && closed.has(root(k)) ? root(k) : undefined));
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

/**
 * A call that changes a collection in place (`TOOLS.append(extra)`): the shell rules read what the whole file adds
 * to a module-level table (`python-constants.ts`), so the statement's value reaches other units, and `units.ts`
 * names the collection only as a definition, which an edit of the added value leaves unchanged.
 */
const IN_PLACE_CHANGE = /(?<![\w.])[A-Za-z_]\w*\s*\.\s*(?:append|extend|insert|add|update|setdefault|pop|popitem|remove|discard|clear|__setitem__)\s*\(/;

/** Every name the function binds anywhere inside it (its parameters, locals and nested definitions). */
function boundNames(definition: Node): Set<string> {
  const names = new Set<string>();
  for (const node of definition.descendantsOfType(BINDING_TYPES)) {
    if (!node) continue;
    if (node.type === 'parameters' || node.type === 'lambda_parameters') {
      parameterNames(node, names);
      continue;
    }
    // The brackets of a generic type in an annotation (`list[dict[str, torch.Tensor]]`) are a `type_parameter`
    // too; only a definition's own type parameters (`def f[T](x: T)`) bind names.
    if (node.type === 'type_parameter' && !DECLARES_TYPE_PARAMETERS.has(node.parent?.type ?? '')) continue;
    const field = BINDING_FIELDS[node.type];
    const holder = field ? node.childForFieldName(field) : node;
    if (!holder) continue;
    if (holder.type === 'identifier') names.add(holder.text);
    for (const id of holder.descendantsOfType('identifier')) if (id) names.add(id.text);
  }
  const parameters = definition.childForFieldName('parameters');
  if (parameters) parameterNames(parameters, names);
  return names;
}

/**
 * The names a parameter list binds: every identifier of a parameter but those of its annotation and its default
 * value, which are read in the enclosing scope (`slices: list[dict[str, torch.Tensor]]` binds `slices`, not
 * `torch`: counting it made every statement naming `torch` in such a method visible to its callers).
 */
function parameterNames(parameters: Node, names: Set<string>): void {
  for (const parameter of parameters.namedChildren) {
    if (!parameter) continue;
    if (parameter.type === 'identifier') {
      names.add(parameter.text);
      continue;
    }
    const read = [parameter.childForFieldName('type'), parameter.childForFieldName('value')].filter((n): n is Node => n !== null);
    for (const id of parameter.descendantsOfType('identifier')) {
      if (id && !read.some((n) => n.startIndex <= id.startIndex && id.endIndex <= n.endIndex)) names.add(id.text);
    }
  }
}

const WORD = /(?<![\w$])[A-Za-z_\u0080-\uffff][\w\u0080-\uffff]*/g;

/**
 * A Python name as the inert test counts it: an identifier not right after a dot. A member name (`self.model`,
 * `outputs.logits`) is no occurrence of the local or module-level name it spells: counting it made
 * `model = torch.load(path)` visible to the callers of every method that also reads `self.model`.
 */
const PYTHON_NAME = /(?<![\w$.])[A-Za-z_\u0080-\uffff][\w\u0080-\uffff]*/g;

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
