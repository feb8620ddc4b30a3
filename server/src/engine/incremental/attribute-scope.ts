/**
 * Which classes an attribute link (`attr:x`, `units.ts`) can join. Members of a split class link through
 * attribute names, and those names are shared by every class of a file: in a file of a hundred service classes,
 * each with its own `__init__` setting `self.path` and a `load` reading it, a link by name alone joined the
 * method being typed to every `__init__`, and through their other attributes to most of the file, so each
 * keystroke that changed the method's interface was a full analysis.
 *
 * The rules read a direct `self.x` or `cls.x` (the first attribute of the receiver) only in the class around it
 * and in classes that may be related to it: the taint analysis follows `self.x` and `self.x()` into the class and
 * the bases this file defines (`taint/engine.ts`), `__init__`-only attribute origins take writes from the class,
 * its bases and its subclasses (`python-attribute-origin.ts`), and attribute writes count in any class with bases
 * or when the class asked about has bases (`member-writes.ts`). A deeper member of a chain (`self.runner.run`),
 * an attribute of another object (`other.x = v`, which may be the instance), a method called on another object
 * (`agent.ask(q)`, which may be an instance of any class with an `ask`) and anything a nested class or a rebound
 * `self` reads are not the class's own, and link by name everywhere, as before.
 *
 * So a member records the attribute names it reaches only on its own class (`TopLevelUnit.ownAttributes`): read
 * or written directly on the receiver, its own method name, a class-level binding. A link through such a name
 * holds between two members when both reach it only that way and their classes may be related: the same name,
 * or either class names a base (any base but `object`, which could be a class of this file, or bring the
 * attribute from elsewhere, or be shared with the other class by a subclass). Everything else links as before.
 */
import type { Node } from 'web-tree-sitter';
import type { UnitRole } from './unit-nodes';
import { PYTHON_BINDING_TARGETS } from './interface';

/** What decides whether two classes may be related: the class's name and whether it names any base. */
export interface ClassKey {
  name: string;
  hasBases: boolean;
}

/** Where a changed name was defined, for the units referring to it: anywhere, or only as the own attribute of these classes. */
export type NameScope = 'any' | readonly ClassKey[];

/** The parts of a unit the links read (a structural subset of `TopLevelUnit`, which imports this module). */
interface LinkedUnit {
  role: UnitRole;
  container?: number;
  defines: ReadonlySet<string>;
  ownAttributes?: ReadonlySet<string>;
  hasBases?: boolean;
}

/** Two classes may be related: the same class name (a class defined twice is one name), or either names a base. */
export function mayBeRelated(a: ClassKey, b: ClassKey): boolean {
  return a.name === b.name || a.hasBases || b.hasBases;
}

/** For each unit of a split class, its class's key, from the class's header among `units` (undefined: unknown, related to any). */
export function classKeys(units: readonly LinkedUnit[]): (ClassKey | undefined)[] {
  const byContainer = new Map<number, ClassKey>();
  for (const unit of units) {
    if (unit.role !== 'class-header' || unit.container === undefined || unit.hasBases === undefined) continue;
    const [name] = unit.defines;
    // A class of the file named `object` makes `class A(object)` a subclass of it: no class is known then.
    if (name === 'object') return units.map(() => undefined);
    if (name !== undefined) byContainer.set(unit.container, { name, hasBases: unit.hasBases });
  }
  return units.map((unit) => (unit.container === undefined ? undefined : byContainer.get(unit.container)));
}

/**
 * Whether the link through `name` from a unit referring to it (`own`: its own attributes, `key`: its class) to a
 * definition in `scope` holds (see the file comment).
 */
export function linkHolds(name: string, own: ReadonlySet<string> | undefined, key: ClassKey | undefined, scope: NameScope): boolean {
  if (scope === 'any' || key === undefined || !own?.has(name)) return true;
  return scope.some((other) => mayBeRelated(key, other));
}

/** Whether a unit referring to `name` is linked through it to a unit defining it (`own`: their own attributes, `key`s: their classes). */
export function unitsLinked(name: string, referringOwn: ReadonlySet<string> | undefined, referringKey: ClassKey | undefined, definingOwn: ReadonlySet<string> | undefined, definingKey: ClassKey | undefined): boolean {
  if (referringKey === undefined || definingKey === undefined || !referringOwn?.has(name) || !definingOwn?.has(name)) return true;
  return mayBeRelated(referringKey, definingKey);
}

/** The scope of a name a unit defines: only its class, when the name is its own attribute and its class is known. */
export function definitionScope(name: string, own: ReadonlySet<string> | undefined, key: ClassKey | undefined): NameScope {
  return key !== undefined && own?.has(name) ? [key] : 'any';
}

/** The scope covering both (`any` absorbs the classes). */
export function widerScope(a: NameScope | undefined, b: NameScope): NameScope {
  if (a === undefined) return b;
  if (a === 'any' || b === 'any') return 'any';
  const added = b.filter((key) => !a.some((known) => known.name === key.name && known.hasBases === key.hasBases));
  return added.length === 0 ? a : [...a, ...added];
}

/** Receivers whose first attribute is the class's own (`self.x`, `cls.x`). */
const RECEIVERS = new Set(['self', 'cls']);

/**
 * The attribute names a Python member reaches only on its own class (as `attr:` link names), or undefined when
 * none can be told apart: a member with a syntax error (its names describe broken structure), one holding a
 * class (whose `self` is another object), or one where `self` or `cls` names something else (assigned, a
 * parameter of a nested function or lambda). `defines` are the member's definitions (its own name and class-level
 * bindings are attributes of its class).
 */
export function ownAttributeNames(node: Node, role: UnitRole, defines: ReadonlySet<string>, hasError: boolean, attributeName: (name: string) => string, moduleCalls?: ReadonlyMap<string, readonly string[]>): Set<string> | undefined {
  if (hasError || (role !== 'method' && role !== 'class-statement')) return undefined;
  const definition = node.type === 'decorated_definition' ? node.childForFieldName('definition') : node;
  if (!definition || definition.type === 'class_definition' || node.descendantsOfType('class_definition').some(Boolean)) return undefined;
  if (rebindsReceiver(node, definition)) return undefined;
  const direct = new Set<string>();
  const shared = new Set<string>();
  for (const attribute of node.descendantsOfType('attribute')) {
    const name = attribute?.childForFieldName('attribute')?.text;
    const object = attribute?.childForFieldName('object');
    if (!attribute || !name || !object) continue;
    if (object.type === 'identifier' && RECEIVERS.has(object.text)) direct.add(name);
    // A call on a name that may be a module (`torch.load(p)`, `moduleCalls`) shares the name only when the plan finds it is not one (`module-calls.ts`).
    else if (receiverRooted(object) || inAssignmentTarget(attribute) || (calledOn(attribute) && !moduleCalls?.has(attributeName(name)))) shared.add(name);
  }
  const own = new Set<string>();
  for (const name of direct) if (!shared.has(name)) own.add(attributeName(name));
  // The member's own name (a method) and its class-level bindings are attributes of its class alone, unless one
  // is also reached through another object (`self.ask` and `self.agent.ask` in one method).
  const ownNames = role === 'method' ? [definition.childForFieldName('name')?.text] : [...defines].filter((name) => !name.includes(':'));
  for (const name of ownNames) if (name !== undefined && !shared.has(name)) own.add(attributeName(name));
  return own;
}

/** Whether `self`/`cls` is bound in the member other than as the method's own parameters. */
function rebindsReceiver(node: Node, definition: Node): boolean {
  for (const scope of node.descendantsOfType(['function_definition', 'lambda'])) {
    if (!scope || scope.id === definition.id) continue;
    const parameters = scope.childForFieldName('parameters');
    if (parameters?.descendantsOfType('identifier').some((id) => !!id && RECEIVERS.has(id.text))) return true;
  }
  for (const binding of node.descendantsOfType(BINDINGS)) {
    const target = binding ? (BINDING_TARGET[binding.type] ? binding.childForFieldName(BINDING_TARGET[binding.type]) : binding) : null;
    if (target && bindsReceiverName(target)) return true;
  }
  return false;
}

const BINDING_TARGET = PYTHON_BINDING_TARGETS;
const BINDINGS = [...Object.keys(BINDING_TARGET), 'global_statement', 'nonlocal_statement', 'delete_statement', 'import_statement', 'import_from_statement'];

/** A target that binds the name `self` or `cls` itself (not an attribute or item of it). */
function bindsReceiverName(target: Node): boolean {
  if (target.type === 'identifier' || target.type === 'dotted_name') return RECEIVERS.has(target.text);
  if (target.type === 'attribute' || target.type === 'subscript') return false;
  return target.namedChildren.some((child) => !!child && bindsReceiverName(child));
}

/** An expression whose chain of attributes, items and calls starts at `self` or `cls` (`self.a`, `self.a[0]`, `cls.f()`). */
function receiverRooted(expression: Node): boolean {
  let node: Node | null = expression;
  for (let steps = 0; node && steps < 64; steps++) {
    if (node.type === 'identifier') return RECEIVERS.has(node.text);
    node = node.type === 'attribute' ? node.childForFieldName('object') : node.type === 'subscript' ? node.childForFieldName('value') : node.type === 'call' ? node.childForFieldName('function') : node.type === 'parenthesized_expression' ? node.namedChild(0) : null;
  }
  return false;
}

/** Whether an attribute is the callee of a call (`agent.ask(q)`: a method of any class of that name may run). */
function calledOn(attribute: Node): boolean {
  const parent = attribute.parent;
  return parent?.type === 'call' && parent.childForFieldName('function')?.id === attribute.id;
}

/** Whether an attribute lies in the target of an assignment (`other.x = v`, `a.b.x += 1`, `for o.x in ...`). */
function inAssignmentTarget(attribute: Node): boolean {
  let child: Node = attribute;
  for (let node = attribute.parent; node; child = node, node = node.parent) {
    const field = BINDING_TARGET[node.type];
    if (field) return node.childForFieldName(field)?.id === child.id;
    if (node.type === 'expression_statement' || node.type === 'block' || node.type === 'function_definition') return false;
  }
  return false;
}

/** Whether a class header's class names any base other than `object` (a keyword such as `metaclass=` counts). */
export function namesBases(classNode: Node): boolean {
  const definition = classNode.type === 'decorated_definition' ? classNode.childForFieldName('definition') : classNode;
  const bases = definition?.childForFieldName('superclasses')?.namedChildren ?? [];
  return bases.some((base) => !!base && base.type !== 'comment' && !(base.type === 'identifier' && base.text === 'object'));
}
