/**
 * The writes of an attribute and the calls of a method in one Python file, found by name, for the command-origin
 * walk (`python-command-origin.ts`) and, in the project's other files, for `ProjectFacts.memberOrigin`
 * (`member-origins.ts`). Names stand in for types: any object's `.directory = v` may be the instance asked about,
 * so every such write counts, except `self.directory = v` in a class without bases that is not the class asked
 * about (its instances are another class's, and it inherits from nothing that could be asked about) when the
 * class asked about has no bases either; a call on a module (`subprocess.run(cmd)`) is no call of a method. Anything
 * that could write or call unseen makes the answer unknown
 * (undefined): a `setattr` with a name that is not a literal, a write through `for`, `with` or `:=`, a method
 * referred to without being called (a callback), a call with `*args` or `**kwargs`.
 */
import type { Node } from 'web-tree-sitter';
import type { AstContext } from '../../engine/rule';
import { enclosingOfType, unparenthesize } from '../../engine/resolve/walk';

/** The class an attribute belongs to, as the question names it. */
export interface AttributeOwner {
  className: string;
  classHasBases: boolean;
}

const CLASS_TYPES: ReadonlySet<string> = new Set(['class_definition']);
const TUPLE_TARGETS: ReadonlySet<string> = new Set(['pattern_list', 'tuple_pattern', 'expression_list', 'tuple']);

/** Bases of the standard library that no project class derives from in between (`class MemoryBase(ABC)`). */
const ROOT_BASES: ReadonlySet<string> = new Set(['object', 'ABC', 'abc.ABC', 'Exception', 'Protocol', 'typing.Protocol', 'NamedTuple', 'typing.NamedTuple', 'TypedDict', 'Enum', 'enum.Enum', 'metaclass=ABCMeta', 'metaclass=abc.ABCMeta']);

/** Whether a class names bases other than the standard library's roots, through which it may be related to another class. */
export function hasBases(cls: Node): boolean {
  return (cls.childForFieldName('superclasses')?.namedChildren ?? []).some((b) => !!b && b.type !== 'comment' && !ROOT_BASES.has(b.text.replace(/\s+/g, '')));
}

/** The values this file writes to attributes named `attribute` that may be `owner`'s (see the file comment). */
export function attributeWrites(ctx: AstContext, attribute: string, owner: AttributeOwner): Node[] | undefined {
  if (!new RegExp(`\\b${attribute}\\b`).test(ctx.text)) return [];
  const values: Node[] = [];
  for (const node of ctx.root.descendantsOfType(['attribute', 'call'])) {
    if (!node) continue;
    if (node.type === 'call') {
      if (node.childForFieldName('function')?.text !== 'setattr') continue;
      const args = node.childForFieldName('arguments')?.namedChildren.filter((a): a is Node => !!a && a.type !== 'comment') ?? [];
      const literal = args[1] ? ctx.python().literalValue(args[1]) : undefined;
      if (literal?.kind !== 'string') return undefined;
      if (literal.value === attribute) {
        if (!args[2]) return undefined;
        values.push(args[2]);
      }
      continue;
    }
    if (node.childForFieldName('attribute')?.text !== attribute) continue;
    const write = writeOf(node);
    if (write === 'read') continue;
    if (write === 'unknown') return undefined;
    const object = node.childForFieldName('object');
    if (object?.type === 'identifier' && object.text === 'self' && !sameOrRelatedClass(node, owner)) continue;
    values.push(write);
  }
  return values;
}

/** `self.x` written in a class that cannot be `owner` (see the file comment). */
function sameOrRelatedClass(attribute: Node, owner: AttributeOwner): boolean {
  const cls = enclosingOfType(attribute, CLASS_TYPES);
  if (!cls) return true;
  return cls.childForFieldName('name')?.text === owner.className || hasBases(cls) || owner.classHasBases;
}

/** What an attribute node does: read, written with a value, or written in a way whose value is not seen. */
function writeOf(attribute: Node): Node | 'read' | 'unknown' {
  let target: Node = attribute;
  const parent = attribute.parent;
  // `a.x, b = f()`: an element of a tuple target takes the whole value.
  if (parent && TUPLE_TARGETS.has(parent.type)) target = parent;
  const assignment = target.parent;
  if (!assignment) return 'read';
  if (assignment.type === 'assignment' || assignment.type === 'augmented_assignment') {
    if (assignment.childForFieldName('left')?.id !== target.id) return 'read';
    const right = assignment.childForFieldName('right');
    return right ? unparenthesize(right) : 'unknown';
  }
  if (['for_statement', 'for_in_clause'].includes(assignment.type) && assignment.childForFieldName('left')?.id === target.id) return 'unknown';
  if (assignment.type === 'as_pattern_target' || assignment.type === 'delete_statement') return 'unknown';
  return 'read';
}

/**
 * The arguments this file's calls of methods named `method` pass for one parameter (`x.set_directory(path)`), the
 * default standing in where a call leaves it out (no default: unknown, unless `allowOmitted`, for a file that
 * does not see the default and only reports that a call left it out). Undefined when a method of that name
 * is referred to other than by calling it, or a call passes `*args` / `**kwargs`.
 */
export function methodCallArguments(ctx: AstContext, method: string, index: number, name: string, defaultValue: Node | undefined, allowOmitted = false): { values: Node[]; omitted: boolean } | undefined {
  const out = { values: [] as Node[], omitted: false };
  if (!new RegExp(`\\.\\s*${method}\\b`).test(ctx.text)) return out;
  const python = ctx.python();
  for (const node of ctx.root.descendantsOfType('attribute')) {
    if (!node || node.childForFieldName('attribute')?.text !== method) continue;
    // A function of a module (`subprocess.run(cmd)` beside a method `run`) is no method of an instance.
    const receiver = node.childForFieldName('object');
    if (receiver?.type === 'identifier' && isModule(python.qualifiedName(receiver))) continue;
    const call = node.parent;
    if (call?.type !== 'call' || call.childForFieldName('function')?.id !== node.id) return undefined;
    if (python.hasSplat(call)) return undefined;
    const argument = python.argument(call, index, name);
    if (argument) out.values.push(argument);
    else if (defaultValue || allowOmitted) {
      out.omitted = true;
      if (defaultValue) out.values.push(defaultValue);
    } else return undefined;
  }
  return out;
}

/**
 * Whether a name resolves to a module of its own (`import torch`, `import numpy as np`): a qualified name without a
 * dot. Builtins, from-imports and star imports resolve to dotted names. Incremental analysis links a call to the
 * methods of its name unless it is made on such a module (`incremental/module-calls.ts`).
 */
function isModule(qualified: string | undefined): boolean {
  return qualified !== undefined && !qualified.includes('.');
}

/** Uses of a dictionary attribute that only read it (`env_dict.get("x")`, `for k in env_dict.items()`). */
const READING_METHODS: ReadonlySet<string> = new Set(['get', 'keys', 'values', 'items', 'copy', '__contains__']);

/**
 * The values this file stores under `key` in dictionary attributes named `attribute` (any object's, as for
 * attributes): `x.env_dict["directory"] = v`, and the entry of a dictionary display assigned to the attribute
 * (`self.env_dict = {"directory": ""}`). Undefined when the file may store under that key unseen: a store
 * under a key that is not a literal, the attribute assigned something other than a dictionary display, or the
 * dictionary used other than by reading or storing a literal key (handed to a function, `update`, `setdefault`).
 */
export function keyWrites(ctx: AstContext, attribute: string, key: string): Node[] | undefined {
  if (!new RegExp(`\\.\\s*${attribute}\\b`).test(ctx.text)) return [];
  const python = ctx.python();
  const values: Node[] = [];
  for (const node of ctx.root.descendantsOfType('attribute')) {
    if (!node || node.childForFieldName('attribute')?.text !== attribute) continue;
    const parent = node.parent;
    if (!parent) return undefined;
    if (parent.type === 'subscript' && parent.childForFieldName('value')?.id === node.id) {
      const write = writeOf(parent);
      if (write === 'read') continue;
      const index = parent.childForFieldName('subscript');
      const literal = index ? python.literalValue(index) : undefined;
      if (write === 'unknown' || literal?.kind !== 'string') return undefined;
      if (literal.value === key) values.push(write);
      continue;
    }
    if (parent.type === 'attribute' && parent.childForFieldName('object')?.id === node.id) {
      const method = parent.childForFieldName('attribute')?.text ?? '';
      if (READING_METHODS.has(method) && parent.parent?.type === 'call') continue;
      return undefined;
    }
    const write = writeOf(node);
    if (write === 'read') {
      // `"x" in env.env_dict`, `len(env.env_dict)`, printing it: reads. Anything else may hand it on.
      if (parent.type === 'comparison_operator' || (parent.type === 'argument_list' && /^(?:len|print|str|repr)$/.test(parent.parent?.childForFieldName('function')?.text ?? ''))) continue;
      return undefined;
    }
    if (write === 'unknown' || write.type !== 'dictionary') return undefined;
    for (const pair of write.namedChildren) {
      if (!pair || pair.type === 'comment') continue;
      if (pair.type !== 'pair') return undefined;
      const name = pair.childForFieldName('key');
      const literal = name ? python.literalValue(name) : undefined;
      if (literal?.kind !== 'string') return undefined;
      const value = pair.childForFieldName('value');
      if (literal.value === key && value) values.push(value);
    }
  }
  return values;
}
