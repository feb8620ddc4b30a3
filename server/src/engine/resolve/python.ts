/**
 * Python name resolution: imports (module and function level, aliases, from-imports, literal
 * `importlib.import_module` / `__import__`), shadowing by local definitions, and names bound once to a
 * literal. Rules ask for qualified names (`pickle.loads`) instead of matching text.
 */
import type { Node } from 'web-tree-sitter';

export interface PythonScope {
  /**
   * The qualified name of a callee or attribute chain (`p.loads` → `pickle.loads`, `loads` →
   * `pickle.loads` after `from pickle import loads`), or undefined when it is not an imported name
   * (a local definition, a parameter, a method on an arbitrary object). Builtins resolve to
   * `builtins.<name>` unless shadowed.
   */
  qualifiedName(node: Node): string | undefined;
  /** The literal value a name or expression evaluates to, when it is a literal or a name bound once to one. */
  literalValue(node: Node): LiteralValue | undefined;
  /** The argument at a keyword name or positional index, or undefined. */
  argument(call: Node, position: number | undefined, keyword: string | undefined): Node | undefined;
  /** True when the call has `*args` or `**kwargs` (the argument may be hidden in them). */
  hasSplat(call: Node): boolean;
  /**
   * The expression a name is bound to when the name is bound exactly once in its visible scope by an
   * assignment (`sess = requests.Session()`), so rules can see what kind of object a receiver is.
   */
  boundValue(node: Node): Node | undefined;
  /**
   * Every expression a name is assigned in its visible scope, when assignments are its only bindings
   * (`cmd = "a"` in one branch and `cmd = "b"` in the other); undefined when a parameter, loop, import or
   * other binding without a value also binds it.
   */
  boundValues(node: Node): Node[] | undefined;
  /** True when an identifier has a binding in a visible scope (an import, definition, assignment or parameter). */
  isBound(identifier: Node): boolean;
}

/** A literal value as far as the resolver can tell. `name` is a dotted qualified name (`yaml.SafeLoader`). */
export type LiteralValue =
  | { kind: 'string'; value: string }
  | { kind: 'number'; value: number }
  | { kind: 'bool'; value: boolean }
  | { kind: 'none' }
  | { kind: 'name'; value: string }
  | { kind: 'collection'; empty: boolean };
