/**
 * JS/TS module-binding resolution: `require`, `import` (default, namespace, named, aliased), literal dynamic
 * `import()`, destructuring, `node:` prefixes stripped, shadowing by local declarations.
 */
import type { Node } from 'web-tree-sitter';

export interface JsScope {
  /**
   * The qualified name of a callee (`cp.exec` → `child_process.exec`, `run` → `child_process.exec` after
   * `import { exec as run } from 'node:child_process'`), globals as `global.<name>` (`global.eval`,
   * `global.Function`, `global.setTimeout`) unless shadowed, or undefined.
   */
  qualifiedName(node: Node): string | undefined;
  /** True when the expression is a string literal or a template literal with no substitutions, or a const bound to one. */
  isStaticString(node: Node): boolean;
  /** The literal value of an expression when statically known (strings, numbers, booleans, consts bound to them). */
  literalValue(node: Node): string | number | boolean | null | undefined;
  /**
   * The initializer of a variable declared exactly once (`const x = <value>`, or a `let`/`var` never
   * redeclared) when `node` is an identifier that refers to it; undefined otherwise. Assignments after the
   * declaration are not tracked, so callers use it for shape hints, not for proofs.
   */
  boundValue(node: Node): Node | undefined;
}
