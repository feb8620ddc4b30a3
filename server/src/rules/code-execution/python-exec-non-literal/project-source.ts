/**
 * Code regenerated from the project's own Python source: a documentation or code generator that parses one of the
 * repository's files and runs a piece of it again (`tree = ast.parse(open("pkg/models.py").read())`, then
 * `exec(f"import enum\n{ast.unparse(enum_def)}")` with `enum_def` taken from `tree.body`). The code is the
 * project's, as trusted as an import of that file, so the finding is advisory.
 *
 * Every part of the executed string that is not literal text must be `ast.unparse(x)`, and `x` must lead back
 * (through names bound once, subscripts, attributes and comprehensions over it) to `ast.parse` of the text of a
 * `.py` file named by a relative literal path. Anything else on the way (a parameter, a call of another kind, a
 * model's reply parsed with `ast.parse`) leaves the finding reported.
 */
import type { Node } from 'web-tree-sitter';
import type { AstContext } from '../../../engine/rule';
import { ancestorsUpward, unparenthesize } from '../../../engine/resolve/walk';
import { literalString } from '../../shared/python-values';

/** The project file whose source the executed code is regenerated from, when it is (see the file comment). */
export function regeneratedProjectSource(ctx: AstContext, code: Node): string | undefined {
  const value = unparenthesize(code.type === 'identifier' ? ctx.python().boundValue(code) ?? code : code);
  const parts = value.type === 'string' ? value.namedChildren.filter((c): c is Node => c?.type === 'interpolation').map((i) => i.namedChild(0)) : [value];
  let file: string | undefined;
  for (const part of parts) {
    if (!part) return undefined;
    const tree = unparsedTree(ctx, part);
    const source = tree ? parsedFile(ctx, tree, 0) : undefined;
    if (!source || (file !== undefined && file !== source)) return undefined;
    file = source;
  }
  return file;
}

/** `x` of `ast.unparse(x)`. */
function unparsedTree(ctx: AstContext, node: Node): Node | undefined {
  if (node.type !== 'call') return undefined;
  const fn = node.childForFieldName('function');
  return fn && ctx.python().qualifiedName(fn) === 'ast.unparse' ? ctx.python().argument(node, 0, 'ast_obj') : undefined;
}

/** The relative `.py` path whose text `ast.parse` read, at the root of the expression's derivation. */
function parsedFile(ctx: AstContext, input: Node, depth: number): string | undefined {
  if (depth > 8) return undefined;
  const node = unparenthesize(input);
  switch (node.type) {
    case 'identifier': {
      const bound = ctx.python().boundValue(node);
      return bound ? parsedFile(ctx, bound, depth + 1) : comprehensionSource(ctx, node, depth);
    }
    case 'subscript':
      return parsedFile(ctx, node.childForFieldName('value') ?? node, depth + 1);
    case 'attribute':
      return parsedFile(ctx, node.childForFieldName('object') ?? node, depth + 1);
    case 'list_comprehension':
    case 'generator_expression': {
      const clause = node.namedChildren.find((c): c is Node => c?.type === 'for_in_clause');
      const iterated = clause?.childForFieldName('right');
      return iterated ? parsedFile(ctx, iterated, depth + 1) : undefined;
    }
    case 'call': {
      const fn = node.childForFieldName('function');
      if (!fn || ctx.python().qualifiedName(fn) !== 'ast.parse') return undefined;
      const text = ctx.python().argument(node, 0, 'source');
      return text ? readFile(ctx, text) : undefined;
    }
    default:
      return undefined;
  }
}

/** A comprehension variable (`x` in `[x for x in tree.body]`): what it iterates over. */
function comprehensionSource(ctx: AstContext, name: Node, depth: number): string | undefined {
  for (const current of ancestorsUpward(name)) {
    if (current.type === 'function_definition' || current.type === 'module') return undefined;
    if (current.type !== 'list_comprehension' && current.type !== 'generator_expression') continue;
    const clause = current.namedChildren.find((c): c is Node => c?.type === 'for_in_clause');
    if (clause?.childForFieldName('left')?.text === name.text) {
      const iterated = clause.childForFieldName('right');
      return iterated ? parsedFile(ctx, iterated, depth + 1) : undefined;
    }
  }
  return undefined;
}

/** `open(P).read()`, `f.read()` of `with open(P) as f`, or `Path(P).read_text()`, with `P` a relative literal `.py` path. */
function readFile(ctx: AstContext, input: Node): string | undefined {
  const node = unparenthesize(input.type === 'identifier' ? ctx.python().boundValue(input) ?? input : input);
  const fn = node.type === 'call' ? node.childForFieldName('function') : undefined;
  if (fn?.type !== 'attribute') return undefined;
  const method = fn.childForFieldName('attribute')?.text;
  const receiver = fn.childForFieldName('object');
  if (!receiver || (method !== 'read' && method !== 'read_text')) return undefined;
  const opened = receiver.type === 'identifier' && method === 'read' ? withOpened(receiver) : receiver;
  if (opened?.type !== 'call') return undefined;
  const opener = opened.childForFieldName('function');
  const openerName = opener ? ctx.python().qualifiedName(opener) : undefined;
  if (openerName !== (method === 'read' ? 'builtins.open' : 'pathlib.Path') && openerName !== (method === 'read' ? 'io.open' : undefined)) return undefined;
  const argument = ctx.python().argument(opened, 0, method === 'read' ? 'file' : undefined);
  const reaching = argument?.type === 'identifier' ? assignedBefore(argument) : undefined;
  const path = literalString(ctx, argument) ?? (reaching ? literalString(ctx, reaching) : undefined);
  return path !== undefined && /^[\w.-][\w./-]*\.py$/.test(path) && !path.includes('..') ? path : undefined;
}

/**
 * The value of the last assignment to a name before its use, when that assignment is a statement of a block that
 * holds the use, so it runs on every path to the use and no other binding of the name comes between them
 * (`filename = "pkg/models.py"` before `open(filename)`, with `filename` reassigned after the use).
 */
function assignedBefore(name: Node): Node | undefined {
  let scope: Node | null = name.parent;
  while (scope && scope.type !== 'function_definition' && scope.type !== 'module') scope = scope.parent;
  if (!scope) return undefined;
  let last: Node | undefined;
  for (const assignment of scope.descendantsOfType('assignment')) {
    if (!assignment || assignment.startIndex >= name.startIndex || assignment.childForFieldName('left')?.text !== name.text) continue;
    if (!last || assignment.startIndex > last.startIndex) last = assignment;
  }
  const statement = last?.parent;
  const block = statement?.type === 'expression_statement' ? statement.parent : undefined;
  if (!last || !block || block.startIndex > name.startIndex || name.endIndex > block.endIndex) return undefined;
  const between = scope.descendantsOfType(['for_statement', 'for_in_clause', 'as_pattern', 'named_expression', 'augmented_assignment']).some((binding) => {
    if (!binding || binding.startIndex < last.endIndex || binding.startIndex >= name.startIndex) return false;
    const target = binding.childForFieldName(binding.type === 'as_pattern' ? 'alias' : binding.type === 'named_expression' ? 'name' : 'left');
    return target?.text === name.text;
  });
  return between ? undefined : last.childForFieldName('right') ?? undefined;
}

/** The `open(...)` call of the `with ... as <name>:` that binds the name. */
function withOpened(name: Node): Node | undefined {
  for (const current of ancestorsUpward(name)) {
    if (current.type === 'function_definition' || current.type === 'module') return undefined;
    if (current.type !== 'with_statement') continue;
    for (const pattern of current.descendantsOfType('as_pattern')) {
      if (pattern?.childForFieldName('alias')?.text === name.text) return pattern.namedChild(0) ?? undefined;
    }
  }
  return undefined;
}
