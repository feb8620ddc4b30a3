/**
 * Syntax context for Python and JS/TS candidates: whether the text is a string literal (and not a
 * comment, an identifier or an environment lookup), and what the literal is bound or passed to. The
 * tree is asked for only when a candidate survived the text filters, so most files are never parsed
 * by this family.
 */
import type { Node, Tree } from 'web-tree-sitter';
import type { LanguageId } from '../../engine/rule';

/** Where a candidate sits in the code. */
export type Placement =
  | { kind: 'string'; literal: Node; exact: boolean }
  | { kind: 'comment' }
  | { kind: 'other' };

/** What a literal is bound or passed to. */
export type Binding =
  /** `f(name="v")`, `{ name: "v" }`, `{"name": "v"}` inside a call to `callee` (or no call). */
  | { kind: 'argument'; name?: string; callee?: string; holder: Node; call?: Node }
  /** `name = "v"`, `const name = "v"`, `self.name = "v"`, `def f(name="v")`. */
  | { kind: 'assignment'; name: string }
  /** `os.getenv("X", "v")`, `os.environ.get("X", default="v")`: delete the default. */
  | { kind: 'env-default'; envName: string; removeStart: number; removeEnd: number }
  /** `process.env.X ?? "v"`, `os.getenv("X") or "v"`: keep only the lookup. */
  | { kind: 'env-fallback'; envName: string; expression: Node; lookup: Node }
  /** `os.environ["X"] = "v"`, `process.env.X = "v"`: the statement goes. */
  | { kind: 'env-assignment'; envName: string; statement: Node }
  | { kind: 'none' };

const STRING_TYPES = new Set(['string', 'template_string']);

/** Finds the literal that holds [start, end), if any. */
export function placementOf(tree: Tree, start: number, end: number): Placement {
  let node: Node | null = tree.rootNode.descendantForIndex(start, Math.max(start, end - 1));
  while (node) {
    if (STRING_TYPES.has(node.type)) {
      const interpolated = node.namedChildren.some((c) => c !== null && (c.type === 'interpolation' || c.type === 'template_substitution') && c.startIndex < end && start < c.endIndex);
      if (interpolated) return { kind: 'other' };
      const content = stringContentRange(node);
      return { kind: 'string', literal: node, exact: content.start === start && content.end === end };
    }
    if (node.type === 'comment') return { kind: 'comment' };
    node = node.parent;
  }
  return { kind: 'other' };
}

/** The offsets of a string literal's content, without prefix and quotes. */
export function stringContentRange(literal: Node): { start: number; end: number } {
  const text = literal.text;
  const quoteAt = text.search(/["'`]/);
  const quote = text[quoteAt] ?? '"';
  const triple = text.startsWith(quote.repeat(3), quoteAt);
  const width = triple ? 3 : 1;
  return { start: literal.startIndex + quoteAt + width, end: literal.endIndex - width };
}

/** The text inside a string literal (escapes are kept as written; good enough for names). */
export function stringValue(literal: Node): string {
  const range = stringContentRange(literal);
  return literal.text.slice(range.start - literal.startIndex, range.end - literal.startIndex);
}

/** What the literal is bound or passed to, looking through parentheses and concatenations. */
export function bindingOf(literal: Node, language: LanguageId): Binding {
  let node = literal;
  let parent = node.parent;
  while (parent && (parent.type === 'parenthesized_expression' || parent.type === 'concatenated_string' || parent.type === 'as_expression' || parent.type === 'satisfies_expression' || parent.type === 'non_null_expression')) {
    node = parent;
    parent = node.parent;
  }
  if (!parent) return { kind: 'none' };
  return language === 'python' ? pythonBinding(node, parent) : jsBinding(node, parent);
}

function pythonBinding(node: Node, parent: Node): Binding {
  switch (parent.type) {
    case 'keyword_argument': {
      const name = parent.childForFieldName('name')?.text;
      const call = parent.parent?.parent;
      const envDefault = call ? envDefaultOf(call, parent) : undefined;
      if (envDefault) return envDefault;
      return { kind: 'argument', ...(name ? { name } : {}), ...(call?.type === 'call' ? { callee: call.childForFieldName('function')?.text ?? '', call } : {}), holder: parent };
    }
    case 'argument_list': {
      const call = parent.parent;
      const envDefault = call ? envDefaultOf(call, node) : undefined;
      if (envDefault) return envDefault;
      return { kind: 'argument', ...(call?.type === 'call' ? { callee: call.childForFieldName('function')?.text ?? '', call } : {}), holder: node };
    }
    case 'assignment': {
      const left = parent.childForFieldName('left');
      if (!left || parent.childForFieldName('right')?.id !== node.id) return { kind: 'none' };
      const envName = environSubscript(left);
      if (envName) return { kind: 'env-assignment', envName, statement: parent.parent ?? parent };
      return { kind: 'assignment', name: left.text };
    }
    case 'pair': {
      const key = parent.childForFieldName('key');
      const dict = parent.parent;
      const call = dict?.parent?.type === 'argument_list' ? dict.parent.parent : dict?.parent?.type === 'keyword_argument' ? dict.parent.parent?.parent : undefined;
      return { kind: 'argument', ...(key ? { name: key.type === 'string' ? stringValue(key) : key.text } : {}), ...(call?.type === 'call' ? { callee: call.childForFieldName('function')?.text ?? '', call } : {}), holder: parent };
    }
    case 'default_parameter':
    case 'typed_default_parameter': {
      const name = parent.childForFieldName('name')?.text;
      return name ? { kind: 'assignment', name } : { kind: 'none' };
    }
    case 'boolean_operator': {
      const left = parent.childForFieldName('left');
      const envName = left ? pythonEnvLookup(left) : undefined;
      if (envName && left && parent.childForFieldName('right')?.id === node.id) return { kind: 'env-fallback', envName, expression: parent, lookup: left };
      return { kind: 'none' };
    }
    default:
      return { kind: 'none' };
  }
}

/** `os.getenv("X", <node>)`, `os.environ.get("X", <node>)`, `os.environ.setdefault("X", <node>)`. */
function envDefaultOf(call: Node, argument: Node): Binding | undefined {
  if (call.type !== 'call') return undefined;
  const callee = call.childForFieldName('function')?.text ?? '';
  if (!/(?:^|\.)(?:getenv|environ\.get|environ\.setdefault)$/.test(callee)) return undefined;
  const args = call.childForFieldName('arguments');
  const named = args?.namedChildren.filter((c): c is Node => c !== null) ?? [];
  const first = named[0];
  if (!first || first.type !== 'string' || named[1]?.id !== argument.id) return undefined;
  return { kind: 'env-default', envName: stringValue(first), removeStart: first.endIndex, removeEnd: argument.endIndex };
}

function environSubscript(node: Node): string | undefined {
  if (node.type !== 'subscript') return undefined;
  const value = node.childForFieldName('value')?.text ?? '';
  const index = node.childForFieldName('subscript');
  if (!/(?:^|\.)environ$/.test(value) || index?.type !== 'string') return undefined;
  return stringValue(index);
}

function pythonEnvLookup(node: Node): string | undefined {
  if (node.type === 'subscript') return environSubscript(node);
  if (node.type !== 'call') return undefined;
  const callee = node.childForFieldName('function')?.text ?? '';
  if (!/(?:^|\.)(?:getenv|environ\.get)$/.test(callee)) return undefined;
  const first = node.childForFieldName('arguments')?.namedChildren[0];
  return first?.type === 'string' ? stringValue(first) : undefined;
}

function jsBinding(node: Node, parent: Node): Binding {
  switch (parent.type) {
    case 'pair': {
      const key = parent.childForFieldName('key');
      const object = parent.parent;
      const holderOfObject = object?.parent;
      const call = holderOfObject?.type === 'arguments' ? holderOfObject.parent : undefined;
      const callee = call ? (call.childForFieldName('constructor') ?? call.childForFieldName('function'))?.text : undefined;
      const name = key ? (key.type === 'string' ? stringValue(key) : key.text) : undefined;
      return { kind: 'argument', ...(name ? { name } : {}), ...(callee && call ? { callee, call } : {}), holder: parent };
    }
    case 'variable_declarator': {
      const name = parent.childForFieldName('name')?.text;
      return name ? { kind: 'assignment', name } : { kind: 'none' };
    }
    case 'assignment_expression': {
      const left = parent.childForFieldName('left');
      if (!left || parent.childForFieldName('right')?.id !== node.id) return { kind: 'none' };
      const envName = jsEnvLookup(left);
      if (envName) return { kind: 'env-assignment', envName, statement: parent.parent?.type === 'expression_statement' ? parent.parent : parent };
      return { kind: 'assignment', name: left.text };
    }
    case 'public_field_definition':
    case 'property_signature': {
      const name = (parent.childForFieldName('name') ?? parent.childForFieldName('property'))?.text;
      return name ? { kind: 'assignment', name } : { kind: 'none' };
    }
    case 'assignment_pattern':
    case 'required_parameter':
    case 'optional_parameter': {
      const name = (parent.childForFieldName('left') ?? parent.childForFieldName('pattern'))?.text;
      return name ? { kind: 'assignment', name } : { kind: 'none' };
    }
    case 'binary_expression': {
      const operator = parent.childForFieldName('operator')?.text;
      const left = parent.childForFieldName('left');
      const envName = left ? jsEnvLookup(left) : undefined;
      if ((operator === '??' || operator === '||') && envName && left && parent.childForFieldName('right')?.id === node.id) {
        return { kind: 'env-fallback', envName, expression: parent, lookup: left };
      }
      return { kind: 'none' };
    }
    case 'arguments': {
      const call = parent.parent;
      const callee = call ? (call.childForFieldName('constructor') ?? call.childForFieldName('function'))?.text : undefined;
      return { kind: 'argument', ...(callee && call ? { callee, call } : {}), holder: node };
    }
    default:
      return { kind: 'none' };
  }
}

/** `process.env.X`, `process.env["X"]`, `import.meta.env.X`. */
function jsEnvLookup(node: Node): string | undefined {
  const text = node.text;
  const m = /^(?:process\.env|import\.meta\.env)(?:\.([A-Za-z_$][\w$]*)|\[\s*["'`]([^"'`]+)["'`]\s*\])$/.exec(text);
  return m ? (m[1] ?? m[2]) : undefined;
}
