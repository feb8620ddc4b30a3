/**
 * The base classes a class declaration names, in either language: Python's `class Python(SubprocessLanguage)`
 * and JS/TS's `class Python extends SubprocessLanguage` (`extends mixins.Base<T>` too). The taint analysis
 * follows them to find inherited methods, in the file and through module summaries.
 */
import type { Node } from 'web-tree-sitter';

/** The expressions naming a class's bases (keyword arguments such as `metaclass=` and `implements` left out). */
export function classBaseNodes(declaration: Node): Node[] {
  const superclasses = declaration.childForFieldName('superclasses');
  if (superclasses) return superclasses.namedChildren.filter((b): b is Node => !!b && b.type !== 'keyword_argument' && b.type !== 'comment');
  const heritage = declaration.namedChildren.find((c) => c?.type === 'class_heritage');
  const out: Node[] = [];
  for (const clause of heritage?.namedChildren ?? []) {
    if (!clause || clause.type === 'implements_clause' || clause.type === 'comment') continue;
    // TypeScript wraps the base in an `extends_clause` (with its type arguments); JavaScript writes it bare.
    const base = clause.type === 'extends_clause' ? (clause.childForFieldName('value') ?? clause.namedChild(0)) : clause;
    if (base) out.push(base);
  }
  return out;
}
