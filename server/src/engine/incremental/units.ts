/**
 * A code file as a list of units (the root node's children, with top-level Python classes split into their
 * header and members: see `unit-nodes.ts`) and, for each, the names it defines and the names it refers to.
 * Incremental analysis re-analyses the units an edit touched plus the units linked to them by these names,
 * and keeps the other units' findings.
 *
 * Both sets over-approximate on purpose: a name too many only makes an edit re-analyse more, while a name
 * missing could keep a stale finding. References are every identifier-shaped word in the unit's code
 * (interpolations in strings included; string contents, regular expressions and comments not) except member
 * names after a dot and the names being declared by `def`/`class`/`function`; definitions come from the
 * syntax tree. Members of a split class also link through attribute names (`attr:x`): a member refers to the
 * names it reads on the instance or class (`self.x`, `self.ask()`, `cls.y`), and defines its own method name and every attribute it
 * assigns (`self.x = ...`) or, for a class-level statement, every name it binds; so a method reading
 * `self.code` is analysed with the `__init__` that stores model output there, and `self.ask(q)` with `ask`. Any unit
 * also refers to the member names it calls on any object (`agent.ask(q)`: `calledAt`, but not on an imported
 * module: `module-calls.ts`), and a Python unit outside a class defines the attributes it assigns on other objects
 * (`runner.directory = d`).
 */
import type { Node } from 'web-tree-sitter';
import type { LanguageId } from '../rule';
import { lexicalImports } from '../imports/lexical-imports';
import { nodesWithAncestry, type PlacedNode } from '../resolve/walk';
import { pythonFunctionInterface, type FunctionInterface } from './interface';
import { jsFunctionInterface } from './js-interface';
import { sameUnit, unitNodes, type UnitNode, type UnitRole } from './unit-nodes';
import { namesBases, ownAttributeNames } from './attribute-scope';
import { SELF_DESCRIBED_TOOL_ENTRY_METHODS, TOOL_SCHEMA_MEMBERS } from './tool-schema-links';

export interface TopLevelUnit {
  type: string;
  /** UTF-16 offsets in the document text, as tree-sitter reports them for JavaScript strings. */
  start: number;
  end: number;
  /**
   * Isolated units (function, class and declaration statements) are left out of a partial analysis unless
   * an edit links to them; the others (imports, module-level statements) are always part of it.
   */
  isolated: boolean;
  defines: ReadonlySet<string>;
  references: ReadonlySet<string>;
  /** The unit holds a syntax error: its name sets describe broken structure (a method body read as a block). */
  hasError: boolean;
  /**
   * For a Python class member: the attribute link names (`attr:x`) it reaches only on its own class (`self.x`,
   * its own name, a class-level binding), which link only to members of classes that may be related to it
   * (`attribute-scope.ts`). Absent: every attribute link holds by name.
   */
  ownAttributes?: ReadonlySet<string>;
  /** For a Python class header: whether the class names a base other than `object` (`attribute-scope.ts`). */
  hasBases?: boolean;
  /**
   * For Python: the member links (`attr:load`) the unit refers to only by calling them directly on names it never
   * binds (`torch.load(p)`), with those names; such a link holds unless every one of them is an imported module
   * (`module-calls.ts`).
   */
  moduleCalls?: ReadonlyMap<string, readonly string[]>;
  /** For a top-level Python `import` statement: the names it binds to modules (`import numpy as np` binds `np`). */
  moduleBindings?: ReadonlySet<string>;
  role: UnitRole;
  /** For the header and members of a split class: where the class starts (see `UnitNode`). */
  container?: number;
  /**
   * For a Python function or method: its text without the statements no other unit can observe
   * (`interface.ts`). An edit that leaves it and the unit's definitions unchanged re-analyses the unit alone.
   */
  interface?: string;
  /** With `interface`: the inert statements it leaves out, as pairs of offsets relative to `start`. */
  inertSpans?: readonly number[];
  /** With `inertSpans`: the group of each inert statement (`FunctionInterface.inertGroups`); an edit re-analyses its statements' whole groups. */
  inertGroups?: readonly number[];
  /**
   * For a unit with a syntax error that an edit made of one that parsed (or of one with its own `lastClean`): that
   * last version which parsed (`planPartial` compares the unit's next versions with it).
   */
  lastClean?: TopLevelUnit;
}

const PYTHON_ISOLATED = new Set(['function_definition', 'class_definition', 'decorated_definition']);
const JS_DECLARATIONS = new Set([
  'function_declaration',
  'generator_function_declaration',
  'class_declaration',
  'abstract_class_declaration',
  'interface_declaration',
  'type_alias_declaration',
  'enum_declaration',
  'lexical_declaration',
  'variable_declaration',
  'function_signature',
]);

/** The units of a tree, with their name sets; undefined once `stop` says the time budget is spent. */
export function topLevelUnits(root: Node, language: LanguageId, text: string, stop?: () => boolean): TopLevelUnit[] | undefined {
  return unitsOf(unitNodes(root, language), language, text, stop);
}

/** Units of a previous text and the edit that made the current one (`start..oldEnd` became `start..newEnd`). */
export interface EditedUnits {
  units: readonly TopLevelUnit[];
  edit: { start: number; oldEnd: number; newEnd: number };
}

/**
 * The units of a tree of an edited text, taking the name sets of every unit outside the edit from the previous
 * text's units when the tree has that unit unchanged (same kind, extent, class and syntax errors: the same text
 * parsed the same way, whose names are read from its own text and subtree). Naming every unit of a large file
 * again after each keystroke took a fifth of the analysis of a 3,000-line class.
 */
export function topLevelUnitsAfterEdit(root: Node, language: LanguageId, text: string, previous: EditedUnits, stop?: () => boolean): TopLevelUnit[] | undefined {
  const { start, oldEnd, newEnd } = previous.edit;
  const delta = newEnd - oldEnd;
  const byStart = new Map<number, TopLevelUnit>();
  for (const unit of previous.units) {
    if (unit.end < start) byStart.set(unit.start, unit);
    else if (unit.start > oldEnd) byStart.set(unit.start + delta, movedUnit(unit, oldEnd, delta));
  }
  const units: TopLevelUnit[] = [];
  for (const node of unitNodes(root, language)) {
    const known = node.end < start || node.start > newEnd ? byStart.get(node.start) : undefined;
    // A unit with a syntax error is named again: how tree-sitter recovers inside it depends on the parser's state
    // where it begins, which an edit before it can change although the unit's own text did not (differential seed 5022).
    if (known && !node.hasError && sameUnit(node, known) && !known.hasError) {
      units.push(known);
      continue;
    }
    if (stop?.()) return undefined;
    units.push(unitOf(node, language, text));
  }
  return units;
}

/**
 * The units of some unit nodes, asking `stop` before each: naming the units of a large file walks all of it
 * (a 256 KB file of nested templates took seconds under load), so an edit's analysis stops there at the budget.
 */
export function unitsOf(nodes: readonly UnitNode[], language: LanguageId, text: string, stop?: () => boolean): TopLevelUnit[] | undefined {
  const units: TopLevelUnit[] = [];
  for (const node of nodes) {
    if (stop?.()) return undefined;
    units.push(unitOf(node, language, text));
  }
  return units;
}

/**
 * Which units a partial parse holds for a selection: the selected ones and, for every split class with a
 * selected unit (or named in `alsoClasses`), its header and class-level statements, since a member parses
 * only inside its class and reads the class's names. The others (methods and comments of that class) stay
 * out, except that a class whose body would be empty keeps its first method (a header alone does not parse),
 * and that a comment on the line where a unit it holds ends (`__hash__: ClassVar[None]  # type: ignore`) comes
 * with that unit: a unit is parsed through the end of its last line (`spansOf`), so the comment is there.
 * `text` is the text the units were read from.
 */
export function withClasses(units: readonly TopLevelUnit[], text: string, selected: (unit: TopLevelUnit, index: number) => boolean, alsoClasses: readonly (number | undefined)[] = []): boolean[] {
  const picked = units.map(selected);
  const classes = new Set(alsoClasses.filter((c): c is number => c !== undefined));
  units.forEach((u, i) => {
    if (picked[i] && u.container !== undefined) classes.add(u.container);
  });
  if (classes.size === 0) return picked;
  const withBody = new Set<number>();
  const out: boolean[] = [];
  units.forEach((u, i) => {
    if (u.container === undefined || !classes.has(u.container)) {
      out.push(picked[i]);
      return;
    }
    const trailing = u.role === 'class-comment' && i > 0 && out[i - 1] && !text.slice(units[i - 1].end, u.start).includes('\n');
    const kept = picked[i] || trailing || u.role === 'class-header' || u.role === 'class-end' || u.role === 'class-statement' || (u.role === 'method' && !withBody.has(u.container));
    if (kept && (u.role === 'method' || u.role === 'class-statement')) withBody.add(u.container);
    out.push(kept);
  });
  return out;
}

/** A unit of the previous text at its place in the new one, after an edit that replaced `oldStart..oldEnd`. */
export function movedUnit(unit: TopLevelUnit, oldEnd: number, delta: number): TopLevelUnit {
  const container = unit.container !== undefined && unit.container > oldEnd ? unit.container + delta : unit.container;
  return { ...unit, start: unit.start + delta, end: unit.end + delta, ...(container !== undefined ? { container } : {}) };
}

/** The index of the unit that contains `offset` (ends inclusive), or -1 between units. */
export function unitAt(units: readonly TopLevelUnit[], offset: number): number {
  let lo = 0;
  let hi = units.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (units[mid].end < offset) lo = mid + 1;
    else if (units[mid].start > offset) hi = mid - 1;
    else return mid;
  }
  return -1;
}

/**
 * For each name, the indices of the units defining it. Remembered per list of units (lists of units are never
 * changed once made): one keystroke asks for the previous run's list in the window and the plan's early test,
 * and for the new list in the plan, which is the next keystroke's previous list; each is indexed once, since
 * indexing the 900 units of a 3,000-line file was a tenth of a keystroke's analysis.
 */
export function definersOf(units: readonly TopLevelUnit[]): ReadonlyMap<string, readonly number[]> {
  const known = definersByUnits.get(units);
  if (known) return known;
  const definers = new Map<string, number[]>();
  units.forEach((u, i) => {
    for (const name of u.defines) {
      const list = definers.get(name);
      if (list) list.push(i);
      else definers.set(name, [i]);
    }
  });
  definersByUnits.set(units, definers);
  return definers;
}

const definersByUnits = new WeakMap<readonly TopLevelUnit[], ReadonlyMap<string, readonly number[]>>();

/** One unit node with its name sets. */
export function unitOf(unit: UnitNode, language: LanguageId, text: string): TopLevelUnit {
  const { node, start, end, role } = unit;
  const isolated = role !== 'top' || isIsolated(node, language);
  const member = role === 'method' || role === 'class-statement' || role === 'class-comment';
  const defines = role === 'class-end' ? new Set<string>() : role === 'class-header' ? headerDefinitions(node) : definitionsOf(node, language, role !== 'class-statement' && isolated);
  if (member) (language === 'python' ? addAttributeDefinitions : addJsAttributeDefinitions)(node, role, defines);
  // An attribute written on any object outside a class (`runner.directory = path` in a function or at module level)
  // may be the instance's: the command rules grade `self.directory` by every write of that name in the file
  // (`member-writes.ts`), so the unit defines the link a member reading it refers to. Writes on a `self` or `cls` are
  // left out there: a class broken while a line above it is typed reads as top-level functions, whose `self.x = ...`
  // would link each keystroke's run to every reader of the class's attributes (a function outside a class taking
  // `self`, a method patched onto a class, is the rare shape this leaves unlinked).
  else if (role === 'top' && language === 'python' && !unit.hasError) addAttributeTargets(node, defines, true);
  const hasBases = role === 'class-header' && language === 'python' ? namesBases(node) : undefined;
  // A member's decorators precede its node: their words are read from the unit's text, their literals skipped too.
  const literals = start < node.startIndex ? [...decoratorLiterals(node, start), ...literalSpans(node, end)] : literalSpans(node, end);
  const moduleCalls = language === 'python' ? new Map<string, string[]>() : undefined;
  const references = referencesIn(text, start, end, literals, member, language === 'python', moduleCalls);
  const ownAttributes = member && language === 'python' ? ownAttributeNames(node, role, defines, unit.hasError, attributeName, moduleCalls) : undefined;
  const moduleBindings = role === 'top' && language === 'python' && node.type === 'import_statement' ? importedModules(node) : undefined;
  // A JS/TS import names its module in a string (`import * as r from './runner'`), which holds no references: its
  // path parts are added, so a changed summary of that module (named by the import as written,
  // `host/summary-changes.ts`) refreshes what the import binds.
  const source = language !== 'python' && (node.type === 'import_statement' || node.type === 'export_statement') ? node.childForFieldName('source') : null;
  if (source) for (const part of source.text.slice(1, -1).split(/[./\\]+/)) if (/^[A-Za-z_$][\w$]*$/.test(part)) references.add(part);
  const functionUnit = role === 'method' || (role === 'top' && isolated);
  const functionInterface = !functionUnit ? undefined : language === 'python' ? pythonFunctionInterface(node, text, literals) : withDecorators(jsFunctionInterface(node, text, literals), text, start, node.startIndex);
  // The dependency checker reports a missing package once per file, on its first import: units importing the
  // same package (a lazy import in a function, a `require` in another) are linked through a name of their own.
  for (const imported of lexicalImports(text.slice(start, end), language)) {
    defines.add(`${IMPORT_PREFIX}${imported.topLevel}`);
    references.add(`${IMPORT_PREFIX}${imported.topLevel}`);
  }
  // Deserializing loads check whether the same file writes the file they read (by path or by file name, from any
  // function: `rules/shared/python-own-files.ts`): a unit that saves, dumps or opens for writing defines the link
  // and a unit that loads refers to it, so a changed write re-checks every load and a changed load is analysed
  // with every write. Loads never depend on other loads (a notebook typing `torch.load(` would otherwise
  // re-analyse every cell that loads a checkpoint).
  if (language === 'python') {
    const code = text.slice(start, end);
    if (SERIALIZED_WRITE.test(code)) defines.add(SERIALIZED_IO_LINK);
    // A unit that changes a collection in place (`TOOLS[name] = cmd`, `TOOLS.update(...)`, `del TOOLS[k]`) is a
    // definition of it for the shell rules, which take a module-level table nobody changes for constants
    // (`python-constants.ts`, whole file): a unit reading the table is analysed with the units changing it.
    for (const match of code.matchAll(PY_MUTATION)) if (match[1] === undefined || !inAnnotation(node, code, start, match.index)) defines.add(match[1] ?? match[2] ?? match[3] ?? '');
    defines.delete('');
    // An argparse option is a setting the safety-switch rules follow by its destination (`--trust-remote-code`
    // gives `args.trust_remote_code`, `python-settings.ts`): the unit declaring it defines that name.
    for (const call of code.matchAll(ADD_ARGUMENT)) {
      for (const option of (call[1] ?? '').matchAll(LONG_OPTION)) defines.add((option[1] ?? '').replace(/-/g, '_'));
      const dest = /\bdest\s*=\s*["'](\w+)["']/.exec(call[1] ?? '');
      if (dest?.[1]) defines.add(dest[1]);
    }
    for (const link of serializedLoadLinks(code)) references.add(link);
  }
  // The taint analysis gives an attribute a constructor keeps from its parameter (`self.computer = computer`) the
  // class that a construction anywhere in the file passes (`Session(Computer(None))`, in a function or a `const`
  // that is not parsed with the class): a unit constructing a class defines a link of its own, and the class's
  // constructor refers to it, so a member reading the attribute is analysed with the constructions.
  for (const match of text.slice(start, end).matchAll(language === 'python' ? PY_CONSTRUCTION : JS_CONSTRUCTION)) defines.add(`${CONSTRUCTION_PREFIX}${match[1]}`);
  // An entry method of a tool class is analysed with the members that give the model its schema (`tool-schema-links.ts`).
  if (role === 'method' && language === 'python' && SELF_DESCRIBED_TOOL_ENTRY_METHODS.includes(methodName(node) ?? '')) for (const member of TOOL_SCHEMA_MEMBERS) references.add(attributeName(member));
  const constructed = role === 'method' ? constructorClassName(node, language) : undefined;
  if (constructed) references.add(`${CONSTRUCTION_PREFIX}${constructed}`);
  return {
    type: unit.type,
    start,
    end,
    isolated,
    defines,
    references,
    hasError: unit.hasError,
    role,
    ...(unit.container !== undefined ? { container: unit.container } : {}),
    ...(ownAttributes !== undefined ? { ownAttributes } : {}),
    ...(hasBases !== undefined ? { hasBases } : {}),
    ...(moduleCalls && moduleCalls.size > 0 ? { moduleCalls } : {}),
    ...(moduleBindings && moduleBindings.size > 0 ? { moduleBindings } : {}),
    ...(functionInterface !== undefined ? { interface: functionInterface.text, inertSpans: functionInterface.inertSpans, ...(functionInterface.inertGroups ? { inertGroups: functionInterface.inertGroups } : {}) } : {}),
  };
}

/**
 * A JavaScript member's interface with the decorators before its node (part of the unit, and of what callers
 * see), its inert statements' offsets made relative to the unit's start.
 */
function withDecorators(functionInterface: FunctionInterface | undefined, text: string, start: number, nodeStart: number): FunctionInterface | undefined {
  if (!functionInterface || nodeStart === start) return functionInterface;
  return { ...functionInterface, text: text.slice(start, nodeStart) + functionInterface.text, inertSpans: functionInterface.inertSpans.map((offset) => offset + nodeStart - start) };
}

/** Prefix of the names linking a class's constructor to the units constructing it (not an identifier). */
const CONSTRUCTION_PREFIX = 'new:';

/**
 * The units with each constructor's link to its class taken from the class's header as it is now: a unit kept
 * from an earlier run (moved, or named from the previous text) still names the class it had then, and renaming
 * the class touches only the header.
 */
export function withConstructorsRelinked(units: readonly TopLevelUnit[]): TopLevelUnit[] {
  const classNames = new Map<number, string>();
  for (const unit of units) {
    const name = unit.role === 'class-header' && unit.container !== undefined ? [...unit.defines][0] : undefined;
    if (name !== undefined && unit.container !== undefined) classNames.set(unit.container, name);
  }
  return units.map((unit) => {
    const name = unit.container !== undefined ? classNames.get(unit.container) : undefined;
    if (name === undefined || unit.references.has(`${CONSTRUCTION_PREFIX}${name}`) || !refersToItsClass(unit)) return unit;
    const references = new Set([...unit.references].filter((reference) => !reference.startsWith(CONSTRUCTION_PREFIX)));
    references.add(`${CONSTRUCTION_PREFIX}${name}`);
    return { ...unit, references };
  });
}

/**
 * A constructor unit (it refers to the construction of its own class). Remembered per reference set, which a
 * unit keeps when it is moved: every member of the file is asked on every keystroke.
 */
function refersToItsClass(unit: TopLevelUnit): boolean {
  const known = constructsByReferences.get(unit.references);
  if (known !== undefined) return known;
  let constructs = false;
  for (const name of unit.references) if (name.startsWith(CONSTRUCTION_PREFIX)) constructs = true;
  constructsByReferences.set(unit.references, constructs);
  return constructs;
}

const constructsByReferences = new WeakMap<ReadonlySet<string>, boolean>();
/** `Session(` not after a dot (Python classes are CapWords by convention; the taint analysis reads only plain-name calls). */
const PY_CONSTRUCTION = /(?<![\w.])([A-Z]\w*)\s*\(/g;
const JS_CONSTRUCTION = /\bnew\s+([A-Za-z_$][\w$]*)/g;

/** The class name of a constructor method unit (`__init__`, `constructor`), else undefined. */
function constructorClassName(node: Node, language: LanguageId): string | undefined {
  const definition = node.type === 'decorated_definition' ? node.childForFieldName('definition') : node;
  if (definition?.childForFieldName('name')?.text !== (language === 'python' ? '__init__' : 'constructor')) return undefined;
  // One `parent` step per constructor unit (a class has one).
  return node.parent?.parent?.childForFieldName('name')?.text;
}

/** An argparse `add_argument(...)` call's arguments (to the first closing parenthesis), and its long options. */
const ADD_ARGUMENT = /\badd_argument\s*\(([^)]*)\)/g;
const LONG_OPTION = /["']--([A-Za-z][\w-]*)["']/g;
/** An item assignment or deletion, or a mutating method called on a plain name (the ones `python-constants.ts` counts). */
const PY_MUTATION = /(?<![\w.])([A-Za-z_]\w*)\s*\[[^\]\n]*\]\s*(?:[-+*/|&^%@]|\/\/|\*\*|<<|>>)?=(?!=)|\bdel\s+([A-Za-z_]\w*)\s*\[|(?<![\w.])([A-Za-z_]\w*)\s*\.\s*(?:append|extend|insert|add|update|setdefault|pop|popitem|remove|discard|clear|__setitem__)\s*\(/g;

/**
 * Whether the item assignment `PY_MUTATION` matched at `at` in `code` (the unit's text from `start`) is a type
 * annotation with its default or value (`forward: Callable[..., Any] = _forward_unimplemented`, a parameter's
 * `device: Optional[str] = None`): the subscript is the annotation's, and nothing is changed in place. Counted as
 * a definition of `Callable` or `Optional`, it linked every unit naming that type (the `typing` import included,
 * and through it every name it imports), so an edit of a typed class's method reached most of the file. Only
 * a match after a colon is looked up in the tree; a statement after a compound statement's colon on the same
 * line (`if name: TOOLS[name] = command`) is no annotation there and stays a definition.
 */
function inAnnotation(node: Node, code: string, start: number, at: number): boolean {
  let before = at - 1;
  while (before >= 0 && (code[before] === ' ' || code[before] === '\t')) before--;
  if (code[before] !== ':') return false;
  for (let n: Node | null = node.descendantForIndex(start + at); n && n.startIndex >= node.startIndex; n = n.parent) if (n.type === 'type') return true;
  return false;
}

/** A name of its own (not an identifier) linking the Python units that write or read serialized files. */
const SERIALIZED_IO_LINK = 'io:serialized';
const SERIALIZED_WRITE = /\b(?:dump|save)\s*\(|\bopen\s*\([^)]*['"][wax]/;
const SERIALIZED_LOAD = /\b(?:load|Unpickler)\s*\(/;

/** The link names Python code that deserializes a file refers to (none when it loads nothing). */
export function serializedLoadLinks(code: string): string[] {
  return SERIALIZED_LOAD.test(code) ? [SERIALIZED_IO_LINK] : [];
}

/** Prefix of the attribute names that link the members of a class (not an identifier, so never a real name). */
const ATTRIBUTE_PREFIX = 'attr:';

/** The link name of an attribute or member `name` (what a member reading `self.name` or `this.name` refers to). */
export function attributeName(name: string): string {
  return `${ATTRIBUTE_PREFIX}${name}`;
}

/** The name of a method unit's function (through its decorators). */
function methodName(node: Node): string | undefined {
  const definition = node.type === 'decorated_definition' ? node.childForFieldName('definition') : node;
  return definition?.childForFieldName('name')?.text;
}

/**
 * The names an `import` statement binds to modules whose name has no dot, as the resolver binds them
 * (`python-scope.ts`): `import torch` and `import os.path` bind `torch` and `os`, `import numpy as np` binds `np`;
 * `import os.path as osp` binds a submodule, left out.
 */
function importedModules(node: Node): Set<string> {
  const names = new Set<string>();
  for (const child of node.namedChildren) {
    if (child?.type === 'dotted_name') names.add(child.namedChild(0)?.text ?? child.text);
    else if (child?.type === 'aliased_import') {
      const name = child.childForFieldName('name');
      const alias = child.childForFieldName('alias');
      if (name && alias && !name.text.includes('.')) names.add(alias.text);
    }
  }
  return names;
}

/** A class header defines the class's name. */
function headerDefinitions(node: Node): Set<string> {
  const definition = node.type === 'decorated_definition' ? node.childForFieldName('definition') : node;
  const names = new Set<string>();
  addText(definition?.childForFieldName('name') ?? null, names);
  return names;
}

const PY_TARGETS: [string, string][] = [
  ['assignment', 'left'],
  ['augmented_assignment', 'left'],
  ['for_statement', 'left'],
  ['for_in_clause', 'left'],
  ['as_pattern', 'alias'],
];

/**
 * Attribute names a class member defines: a method's own name, every attribute assigned at any depth
 * (`self.x = ...`, `self.a.b += ...`, `for self.i in ...`) and, for a class-level statement, each name it binds.
 */
function addAttributeDefinitions(node: Node, role: UnitRole, defines: Set<string>): void {
  if (role === 'class-statement') for (const name of [...defines]) defines.add(`${ATTRIBUTE_PREFIX}${name}`);
  else {
    const definition = node.type === 'decorated_definition' ? node.childForFieldName('definition') : node;
    const name = definition?.childForFieldName('name')?.text;
    if (name) defines.add(`${ATTRIBUTE_PREFIX}${name}`);
  }
  addAttributeTargets(node, defines);
}

/**
 * The attribute names assigned at any depth in a unit (`self.x = ...`, `runner.a.b += ...`, `for o.i in ...`), as
 * link names; with `othersOnly`, not those of a chain starting at `self` or `cls`.
 */
function addAttributeTargets(node: Node, defines: Set<string>, othersOnly = false): void {
  for (const statement of nodesOf(node, PY_TARGETS.map(([type]) => type))) {
    const field = PY_TARGETS.find(([type]) => type === statement.type)?.[1];
    const target = field ? statement.childForFieldName(field) : null;
    if (!target) continue;
    const attributes = target.descendantsOfType('attribute');
    if (target.type === 'attribute') attributes.push(target);
    for (const attribute of attributes) {
      const name = attribute?.childForFieldName('attribute')?.text;
      if (name && !(othersOnly && attribute && onReceiver(attribute))) defines.add(`${ATTRIBUTE_PREFIX}${name}`);
    }
  }
}

/** Whether an attribute chain starts at `self` or `cls` (`self.a.b`). */
function onReceiver(attribute: Node): boolean {
  let object: Node | null = attribute;
  while (object?.type === 'attribute') object = object.childForFieldName('object');
  return object?.type === 'identifier' && (object.text === 'self' || object.text === 'cls');
}

/**
 * Attribute names a JavaScript or TypeScript class member defines: its own name (a method, a field, an accessor)
 * and every member of `this` it assigns at any depth (`this.client = new OpenAI()`, `this.history += ...`).
 */
function addJsAttributeDefinitions(node: Node, role: UnitRole, defines: Set<string>): void {
  if (role !== 'class-comment') {
    const name = node.childForFieldName('name') ?? node.childForFieldName('property');
    if (name) defines.add(`${ATTRIBUTE_PREFIX}${name.text}`);
  }
  for (const assignment of nodesOf(node, ['assignment_expression', 'augmented_assignment_expression'])) {
    const left = assignment.childForFieldName('left');
    if (left?.type !== 'member_expression') continue;
    const members = [left, ...left.descendantsOfType('member_expression')];
    for (const member of members) {
      if (member?.childForFieldName('object')?.type !== 'this') continue;
      const property = member.childForFieldName('property');
      if (property) defines.add(`${ATTRIBUTE_PREFIX}${property.text}`);
    }
  }
}

/** The literal spans of the decorators in `start..node` (a JavaScript member's decorators are its siblings). */
function decoratorLiterals(node: Node, start: number): number[] {
  const spans: number[] = [];
  for (let sibling = node.previousSibling; sibling && sibling.startIndex >= start; sibling = sibling.previousSibling) {
    spans.unshift(...literalSpans(sibling, sibling.endIndex));
  }
  return spans;
}

/** Prefix of the names that link units importing the same package (not an identifier, so never a real name). */
const IMPORT_PREFIX = 'import:';

function isIsolated(node: Node, language: LanguageId): boolean {
  if (language === 'python') return PYTHON_ISOLATED.has(node.type);
  if (JS_DECLARATIONS.has(node.type)) return true;
  if (node.type !== 'export_statement') return false;
  // `export function f() {}`, `export const x = ...`, `export default class {}`: a declaration with a name.
  const declaration = node.childForFieldName('declaration');
  return declaration !== null && JS_DECLARATIONS.has(declaration.type);
}

// ---- definitions -------------------------------------------------------------------------------------

const PY_DEFINITIONS: ReadonlySet<string> = new Set(['function_definition', 'class_definition', 'global_statement']);
const PY_BINDINGS: ReadonlySet<string> = new Set([
  'function_definition',
  'class_definition',
  'global_statement',
  'assignment',
  'augmented_assignment',
  'for_statement',
  'for_in_clause',
  'named_expression',
  'as_pattern',
  'import_statement',
  'import_from_statement',
  'future_import_statement',
  'type_alias_statement',
]);
const JS_BINDINGS: ReadonlySet<string> = new Set([
  'function_declaration',
  'generator_function_declaration',
  'class_declaration',
  'abstract_class_declaration',
  'interface_declaration',
  'type_alias_declaration',
  'enum_declaration',
  'variable_declarator',
  'assignment_expression',
  'augmented_assignment_expression',
  'update_expression',
  'import_statement',
  'for_in_statement',
  'function_signature',
]);
const FUNCTION_VALUES = new Set(['arrow_function', 'function_expression', 'function', 'generator_function']);

/**
 * Names a unit binds that other units could see or that change how their names resolve. An isolated
 * Python unit binds its function and class names at any depth (a bare call resolves to a same-named function
 * only when the file defines it once) and its `global` names; other Python units bind every assignment,
 * loop, import and `as` target. JS/TS units bind declared names, functions assigned to variables at any depth
 * and every plain identifier they assign to (which may be a module-level `let`).
 */
function definitionsOf(unit: Node, language: LanguageId, isolated: boolean): Set<string> {
  const names = new Set<string>();
  if (language === 'python') {
    const types = isolated ? PY_DEFINITIONS : PY_BINDINGS;
    for (const { node, enclosed } of nodesWithAncestry(unit, types, [PY_FUNCTIONS])) {
      // Inside a function only definitions and `global` reach the module; other bindings there are locals.
      if (!PY_DEFINITIONS.has(node.type) && enclosed[0]) continue;
      addPythonBinding(node, names);
    }
    return names;
  }
  for (const placed of nodesWithAncestry(unit, JS_BINDINGS, [JS_FUNCTIONS, JS_SCOPES])) addJsBinding(placed, unit, names);
  return names;
}

const PY_FUNCTIONS = new Set(['function_definition', 'lambda']);
const JS_FUNCTIONS = new Set(['function_declaration', 'generator_function_declaration', 'function_expression', 'function', 'generator_function', 'arrow_function', 'method_definition']);
const JS_SCOPES = new Set([...JS_FUNCTIONS, 'statement_block', 'class_body']);

function nodesOf(unit: Node, types: string[]): Node[] {
  const found = unit.descendantsOfType(types).filter((n): n is Node => n !== null);
  if (types.includes(unit.type)) found.unshift(unit);
  return found;
}

function addPythonBinding(node: Node, names: Set<string>): void {
  switch (node.type) {
    case 'function_definition':
    case 'class_definition':
    case 'type_alias_statement':
      addText(node.childForFieldName('name') ?? node.childForFieldName('left'), names);
      return;
    case 'assignment':
    case 'augmented_assignment':
    case 'for_statement':
    case 'for_in_clause':
      addIdentifiers(node.childForFieldName('left'), names);
      return;
    case 'named_expression':
      addText(node.childForFieldName('name'), names);
      return;
    case 'as_pattern':
      addIdentifiers(node.childForFieldName('alias'), names);
      return;
    default:
      // global statements and imports: every identifier in them (module path parts included).
      addIdentifiers(node, names);
      if (node.type === 'import_from_statement' && node.descendantsOfType('wildcard_import').some(Boolean)) names.add(WILDCARD);
  }
}

/** `enclosed` holds whether a function, and whether any scope (a function or a block), encloses the node within its unit. */
function addJsBinding({ node, depth, parentType, enclosed: [inFunction, inScope] }: PlacedNode, unit: Node, names: Set<string>): void {
  switch (node.type) {
    case 'variable_declarator': {
      const value = node.childForFieldName('value');
      // Declarators the module can see bind module names (`var` skips blocks, `const`/`let` stop at them);
      // others matter only when they hold a function (same-file helpers are found by name at any depth).
      // The unit's own declaration (`const x = ...`, `export const x = ...`) always does.
      const hidden = parentType === 'variable_declaration' ? inFunction : inScope;
      const moduleLevel = depth === 1 || (depth === 2 && unit.type === 'export_statement') || !hidden;
      if (moduleLevel || (value && FUNCTION_VALUES.has(value.type))) addIdentifiers(node.childForFieldName('name'), names);
      return;
    }
    case 'assignment_expression':
    case 'augmented_assignment_expression': {
      const left = node.childForFieldName('left');
      if (left?.type === 'identifier') names.add(left.text);
      return;
    }
    case 'update_expression': {
      const argument = node.childForFieldName('argument');
      if (argument?.type === 'identifier') names.add(argument.text);
      return;
    }
    case 'import_statement':
      addIdentifiers(node, names);
      return;
    case 'for_in_statement':
      addIdentifiers(node.childForFieldName('left'), names);
      return;
    default:
      addText(node.childForFieldName('name'), names);
  }
}

function addText(node: Node | null, names: Set<string>): void {
  if (node) names.add(node.text);
}

function addIdentifiers(node: Node | null, names: Set<string>): void {
  if (!node) return;
  if (node.type === 'identifier' || node.type === 'shorthand_property_identifier_pattern' || node.type === 'type_identifier') names.add(node.text);
  for (const id of node.descendantsOfType(['identifier', 'shorthand_property_identifier_pattern', 'type_identifier'])) if (id) names.add(id.text);
}

/** A `from x import *` unit defines names nobody can list; every unit referring to anything depends on it. */
export const WILDCARD = '*';

// ---- references --------------------------------------------------------------------------------------

const DECLARING_KEYWORDS = new Set(['def', 'class', 'function']);

/** Spans of a unit that hold no code (string contents, not their interpolations; regular expressions; comments) before `end`. */
function literalSpans(unit: Node, end: number): number[] {
  const spans: number[] = [];
  for (const node of unit.descendantsOfType(LITERAL_TYPES)) if (node && node.startIndex < end) spans.push(node.startIndex, node.endIndex);
  if (LITERAL_TYPES.includes(unit.type)) spans.push(unit.startIndex, unit.endIndex);
  return spans;
}

const LITERAL_TYPES = ['string_content', 'string_fragment', 'regex_pattern', 'comment'];

/**
 * Identifier-shaped words of `text` between `start` and `end`, outside the `skip` spans (pairs of offsets in
 * document order), except the names `def`/`class`/`function` declare, and except member names (`x.name`);
 * when `attributes` is set, the member names of a chain on the instance or class (`self.a.b`, `cls.x`,
 * `this.y`: what the taint analysis follows from one method into another) are kept as `attr:a`, `attr:b`.
 * With `bindings` (Python), a word bound with a single `=` is no reference either: a keyword argument
 * (`create(model="m")`), a parameter's default, or an assignment of the unit's own (whose value, if read,
 * is read by another occurrence of the word, which counts). A notebook's top-level `model = ...` would
 * otherwise link every cell that passes `model=` to a call.
 * Every member name called on any object (`agent.ask(q)`, `runner.run(cmd)`) is kept as `attr:ask` too: the
 * call may run a method of the file (`calledAt`). Given `moduleCalls`, it receives the links of those called only
 * directly on names the text never holds other than right before a dot (so it binds none of them), with those
 * names: `torch.load(p)` gives `attr:load` → `torch`, which links nothing when `torch` is an imported module
 * (`module-calls.ts`).
 */
export function referencesIn(text: string, start = 0, end = text.length, skip: readonly number[] = [], attributes = false, bindings = false, moduleCalls?: Map<string, string[]>): Set<string> {
  const words = new Set<string>();
  let previousWord = '';
  // The first word of the dotted chain being read (`self` in `self.a.b`), '' outside a chain, and its words so far.
  let chainRoot = '';
  let chainLength = 0;
  // Member links called directly on a name (`torch.load(`), with those names; links reached any other way; names
  // that occur other than right before a dot (which the text may bind).
  const calledOn = new Map<string, Set<string>>();
  const otherwise = new Set<string>();
  const bare = new Set<string>();
  let i = start;
  let nextSkip = 0;
  while (i < end) {
    if (nextSkip < skip.length && i >= skip[nextSkip]) {
      i = Math.max(i, skip[nextSkip + 1]);
      nextSkip += 2;
      previousWord = '';
      chainRoot = '';
      continue;
    }
    const c = text.charCodeAt(i);
    if (isWordStart(c)) {
      let j = i + 1;
      while (j < end && isWordPart(text.charCodeAt(j))) j++;
      const word = text.slice(i, j);
      if (afterDot(text, i)) {
        chainLength++;
        const called = calledAt(text, j, end);
        if ((attributes && INSTANCE_NAMES.has(chainRoot)) || called) {
          const link = `${ATTRIBUTE_PREFIX}${word}`;
          words.add(link);
          if (called && chainLength === 2 && chainRoot !== '' && !INSTANCE_NAMES.has(chainRoot)) {
            const roots = calledOn.get(link);
            if (roots) roots.add(chainRoot);
            else calledOn.set(link, new Set([chainRoot]));
          } else otherwise.add(link);
        }
      } else {
        chainRoot = word;
        chainLength = 1;
        if (!DECLARING_KEYWORDS.has(previousWord) && !(bindings && boundBySingleEquals(text, j, end))) words.add(word);
        if (!followedByDot(text, j, end)) bare.add(word);
      }
      previousWord = word;
      i = j;
      continue;
    }
    if (c >= 48 && c <= 57) {
      // A number (and any letters glued to it, `1e5`, `0x1F`) is not a word.
      while (i < end && isWordPart(text.charCodeAt(i))) i++;
      continue;
    }
    if (c !== 32 && c !== 9 && c !== 10 && c !== 13 && c !== 42) previousWord = '';
    if (c !== 46 && c !== 32 && c !== 9) chainRoot = '';
    i++;
  }
  if (moduleCalls) {
    for (const [link, roots] of calledOn) if (!otherwise.has(link) && ![...roots].some((root) => bare.has(root))) moduleCalls.set(link, [...roots]);
  }
  return words;
}

/** Whether a dot follows the word ending at `at` (after blanks). */
function followedByDot(text: string, at: number, end: number): boolean {
  let k = at;
  while (k < end && (text.charCodeAt(k) === 32 || text.charCodeAt(k) === 9)) k++;
  return k < end && text.charCodeAt(k) === 46;
}

/** Receivers through which a class's members reach each other's attributes and methods. */
const INSTANCE_NAMES = new Set(['self', 'cls', 'this']);

/**
 * Whether the member name ending at `at` is called (`(` after blanks): a method call on an object that is not the
 * instance (`agent.ask(q)` in a function, `self.shell.run(cmd)`, `new Agent().ask(q)`). The taint analysis runs a
 * method of the file's class that the receiver may hold (a construction, an annotation, a parameter named after
 * the class, a factory: `taint/engine.ts`), and the command rules grade a method's parameter by the arguments of
 * every call of a method of that name on any object (`member-writes.ts`), so the caller links to every member of
 * that name, in both directions: a method whose interface changed re-checks its callers, and a changed call is
 * analysed with the methods it may run. Only names some member defines link anything (`torch.load(p)` links the
 * file's `load` methods, which the command rules would grade by it).
 */
function calledAt(text: string, at: number, end: number): boolean {
  let k = at;
  while (k < end && (text.charCodeAt(k) === 32 || text.charCodeAt(k) === 9)) k++;
  return k < end && text.charCodeAt(k) === 40;
}

/** Whether the word ending at `at` is followed by `=` (not `==`): `name = value`, `name=value`. */
function boundBySingleEquals(text: string, at: number, end: number): boolean {
  let k = at;
  while (k < end && (text.charCodeAt(k) === 32 || text.charCodeAt(k) === 9)) k++;
  return k < end && text.charCodeAt(k) === 61 && !(k + 1 < end && text.charCodeAt(k + 1) === 61);
}

function afterDot(text: string, at: number): boolean {
  let k = at - 1;
  while (k >= 0 && (text.charCodeAt(k) === 32 || text.charCodeAt(k) === 9)) k--;
  return k >= 0 && text.charCodeAt(k) === 46 && !(k >= 2 && text.charCodeAt(k - 1) === 46 && text.charCodeAt(k - 2) === 46);
}

function isWordStart(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95 || c === 36 || c > 127;
}

function isWordPart(c: number): boolean {
  return isWordStart(c) || (c >= 48 && c <= 57);
}
