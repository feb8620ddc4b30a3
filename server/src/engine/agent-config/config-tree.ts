/**
 * Reads an assistant configuration file (JSON, JSONC, TOML or YAML) into the project's value tree with
 * source spans (`manifests/tree.ts`), so rules can point at the exact key and build edits.
 *
 * A malformed file gives the tree as far as it could be read (JSON recovers past an error, so one broken
 * server does not hide its siblings) and the first error with its offset and the key path it lies in,
 * which the reporting rule turns into one finding naming the file, line and key.
 */
import { parseTree, printParseErrorCode } from 'jsonc-parser';
import type { Node as JsonNode, ParseError } from 'jsonc-parser';
import { isMap, isScalar, isSeq, parseDocument } from 'yaml';
import type { Node as YamlNode } from 'yaml';
import { parseTomlTree } from '../manifests/toml-tree';
import type { ObjectEntry, ObjectNode, ValueNode } from '../manifests/tree';
import type { ConfigSyntax } from './client-files';

export interface ConfigReadError {
  message: string;
  /** UTF-16 offset in the text where reading stopped or went wrong. */
  offset: number;
  /** The keys (and `[index]` items) around the error, outermost first; empty at the top level. */
  keyPath: string[];
}

export interface ConfigTree {
  /** The root object, as much of it as could be read; absent when the file is not an object at all. */
  root?: ObjectNode;
  error?: ConfigReadError;
}

/** Files nested deeper than this are refused before parsing: the parsers recurse once per level. */
export const MAX_CONFIG_NESTING = 512;

export function readConfigTree(text: string, syntax: ConfigSyntax): ConfigTree {
  const deep = deepNestingOffset(text, syntax);
  if (deep !== undefined) return { error: { message: `The file nests deeper than ${MAX_CONFIG_NESTING} levels; it was not read.`, offset: deep, keyPath: [] } };
  const read = syntax === 'toml' ? readToml(text) : syntax === 'yaml' ? readYaml(text) : readJson(text);
  if (read.error) read.error.keyPath = keyPathAt(read.root, read.error.offset);
  return read;
}

/** Formats a key path for messages: `servers.github.args[2]`. */
export function formatKeyPath(keyPath: readonly string[]): string {
  let out = '';
  for (const key of keyPath) {
    if (key.startsWith('[')) out += key;
    else out += out === '' ? key : `.${key}`;
  }
  return out;
}

/**
 * Every client of the inventory tolerates comments and trailing commas or is not known to reject them, so
 * JSON and JSONC are read alike: a finding about syntax a client might accept would be noise.
 */
function readJson(text: string): ConfigTree {
  const errors: ParseError[] = [];
  const tree = parseTree(text, errors, { allowTrailingComma: true, disallowComments: false, allowEmptyContent: true });
  const root = tree ? toValueNode(tree) : undefined;
  let error: ConfigReadError | undefined;
  const first = errors[0];
  if (first) error = { message: sentence(describeJsonError(printParseErrorCode(first.error))), offset: first.offset, keyPath: [] };
  if (root && root.type !== 'object') return { error: error ?? { message: 'The file must contain a JSON object.', offset: root.span.start, keyPath: [] } };
  return { root: root?.type === 'object' ? root : undefined, error };
}

function describeJsonError(code: string): string {
  switch (code) {
    case 'CommaExpected': return 'Expected a comma';
    case 'ColonExpected': return 'Expected a colon after the property name';
    case 'PropertyNameExpected': return 'Expected a quoted property name';
    case 'ValueExpected': return 'Expected a value';
    case 'CloseBraceExpected': return 'Expected `}`';
    case 'CloseBracketExpected': return 'Expected `]`';
    case 'EndOfFileExpected': return 'Unexpected text after the JSON value';
    case 'UnexpectedEndOfString': return 'Unterminated string';
    case 'UnexpectedEndOfComment': return 'Unclosed comment';
    case 'InvalidEscapeCharacter': return 'Invalid escape in string';
    case 'InvalidSymbol': return 'Unexpected character (JSON strings and keys take double quotes)';
    default: return code.replace(/([a-z])([A-Z])/g, '$1 $2');
  }
}

/**
 * Converts jsonc-parser's tree to the project's value tree. jsonc-parser's own nesting is bounded by the
 * depth check before parsing; this walk uses an explicit stack.
 */
function toValueNode(top: JsonNode): ValueNode {
  const made = new Map<JsonNode, ValueNode>();
  const pending: { node: JsonNode; visited: boolean }[] = [{ node: top, visited: false }];
  while (pending.length > 0) {
    const frame = pending[pending.length - 1]!;
    const node = frame.node;
    const children = node.children ?? [];
    if (!frame.visited && (node.type === 'object' || node.type === 'array')) {
      frame.visited = true;
      for (let i = children.length - 1; i >= 0; i--) {
        const child = children[i]!;
        const value = node.type === 'object' ? child.children?.[1] : child;
        if (value) pending.push({ node: value, visited: false });
      }
      continue;
    }
    pending.pop();
    made.set(node, scalarOrContainer(node, made));
  }
  return made.get(top)!;
}

function scalarOrContainer(node: JsonNode, made: ReadonlyMap<JsonNode, ValueNode>): ValueNode {
  const span = { start: node.offset, end: node.offset + node.length };
  switch (node.type) {
    case 'object': {
      const entries: ObjectEntry[] = [];
      for (const property of node.children ?? []) {
        const keyNode = property.children?.[0];
        const valueNode = property.children?.[1];
        const value = valueNode ? made.get(valueNode) : undefined;
        if (!keyNode || !value) continue;
        const keySpan = { start: keyNode.offset, end: keyNode.offset + keyNode.length };
        entries.push({ key: String(keyNode.value), keySpan, value, span: { start: keySpan.start, end: value.span.end } });
      }
      return { type: 'object', span, entries };
    }
    case 'array':
      return { type: 'array', span, items: (node.children ?? []).map((c) => made.get(c)).filter((v): v is ValueNode => v !== undefined) };
    case 'string':
      return { type: 'string', span, value: String(node.value), contentSpan: { start: span.start + 1, end: Math.max(span.start + 1, span.end - 1) } };
    case 'number':
      return { type: 'number', span, value: Number(node.value) };
    case 'boolean':
      return { type: 'boolean', span, value: node.value === true };
    default:
      return { type: 'null', span };
  }
}

function readToml(text: string): ConfigTree {
  const parsed = parseTomlTree(text);
  return { root: parsed.root, error: parsed.error ? { message: sentence(parsed.error.message), offset: parsed.error.offset, keyPath: [] } : undefined };
}

function sentence(text: string): string {
  return /[.!?]$/.test(text) ? text : `${text}.`;
}

function readYaml(text: string): ConfigTree {
  const doc = parseDocument(text, { prettyErrors: false, uniqueKeys: false });
  const firstError = doc.errors[0];
  const error = firstError ? { message: `Invalid YAML: ${sentence(firstError.message.split('\n')[0] ?? '')}`, offset: firstError.pos[0], keyPath: [] } : undefined;
  if (doc.contents === null) return { root: { type: 'object', span: { start: 0, end: text.length }, entries: [] }, error };
  const root = yamlToValueNode(doc.contents as YamlNode, text);
  if (root?.type !== 'object') return { error: error ?? { message: 'The file must contain a YAML mapping.', offset: 0, keyPath: [] } };
  return { root, error };
}

/** Converts a YAML node to the value tree with an explicit stack (aliases and tags are read as their values). */
function yamlToValueNode(top: YamlNode, text: string): ValueNode | undefined {
  const made = new Map<unknown, ValueNode | undefined>();
  const pending: { node: unknown; visited: boolean }[] = [{ node: top, visited: false }];
  while (pending.length > 0) {
    const frame = pending[pending.length - 1]!;
    const node = frame.node;
    if (!frame.visited && (isMap(node) || isSeq(node))) {
      frame.visited = true;
      const children = isMap(node) ? node.items.map((pair) => pair.value) : node.items;
      for (let i = children.length - 1; i >= 0; i--) if (children[i] != null) pending.push({ node: children[i], visited: false });
      continue;
    }
    pending.pop();
    made.set(node, yamlNodeOf(node, text, made));
  }
  return made.get(top);
}

function yamlNodeOf(node: unknown, text: string, made: ReadonlyMap<unknown, ValueNode | undefined>): ValueNode | undefined {
  if (isMap(node)) {
    const entries: ObjectEntry[] = [];
    for (const pair of node.items) {
      if (!isScalar(pair.key) || !pair.key.range) continue;
      const value = made.get(pair.value) ?? (pair.value == null ? { type: 'null' as const, span: { start: pair.key.range[1], end: pair.key.range[1] } } : undefined);
      if (!value) continue;
      const keySpan = { start: pair.key.range[0], end: pair.key.range[1] };
      entries.push({ key: String(pair.key.value), keySpan, value, span: { start: keySpan.start, end: value.span.end } });
    }
    const range = node.range ?? [0, 0];
    return { type: 'object', span: { start: range[0], end: range[1] }, entries };
  }
  if (isSeq(node)) {
    const range = node.range ?? [0, 0];
    return { type: 'array', span: { start: range[0], end: range[1] }, items: node.items.map((i) => made.get(i)).filter((v): v is ValueNode => v !== undefined) };
  }
  if (!isScalar(node) || !node.range) return undefined;
  const span = { start: node.range[0], end: node.range[1] };
  const value = node.value;
  if (typeof value === 'string') {
    const quoted = node.type === 'QUOTE_DOUBLE' || node.type === 'QUOTE_SINGLE';
    const contentSpan = quoted ? { start: span.start + 1, end: Math.max(span.start + 1, span.end - 1) } : span;
    return { type: 'string', span, value, contentSpan: text.slice(contentSpan.start, contentSpan.end) === value ? contentSpan : span };
  }
  if (typeof value === 'number') return { type: 'number', span, value };
  if (typeof value === 'boolean') return { type: 'boolean', span, value };
  if (value === null) return { type: 'null', span };
  return { type: 'string', span, value: String(value), contentSpan: span };
}

/** The keys of the innermost entries around `offset` (or just before it, when reading stopped between entries). */
function keyPathAt(root: ObjectNode | undefined, offset: number): string[] {
  const path: string[] = [];
  let node: ValueNode | undefined = root;
  while (node) {
    let next: ValueNode | undefined;
    if (node.type === 'object') {
      const entry: ObjectEntry | undefined = lastStartingBefore(node.entries, offset, (e) => e.keySpan.start);
      if (entry && (offset <= entry.value.span.end || (entry === node.entries[node.entries.length - 1] && isContainer(entry.value)))) {
        path.push(entry.key);
        next = entry.value;
      }
    } else if (node.type === 'array') {
      const index = lastIndexStartingBefore(node.items, offset);
      if (index >= 0 && (offset <= node.items[index]!.span.end || (index === node.items.length - 1 && isContainer(node.items[index]!)))) {
        path.push(`[${index}]`);
        next = node.items[index];
      }
    }
    node = next;
  }
  return path;
}

/** An object or array may be cut off by the error (its span then ends early); a scalar before the error is complete. */
function isContainer(node: ValueNode): boolean {
  return node.type === 'object' || node.type === 'array';
}

function lastStartingBefore<T>(items: readonly T[], offset: number, startOf: (item: T) => number): T | undefined {
  let found: T | undefined;
  for (const item of items) {
    if (startOf(item) > offset) break;
    found = item;
  }
  return found;
}

function lastIndexStartingBefore(items: readonly ValueNode[], offset: number): number {
  let found = -1;
  for (let i = 0; i < items.length; i++) {
    if (items[i]!.span.start > offset) break;
    found = i;
  }
  return found;
}

/**
 * The offset where bracket nesting first exceeds the limit, outside strings and comments, or undefined.
 * TOML tables and YAML blocks do not nest by brackets; their inline forms do, and those are what recurse.
 */
function deepNestingOffset(text: string, syntax: ConfigSyntax): number | undefined {
  let depth = 0;
  let quote = '';
  const hashComments = syntax === 'toml' || syntax === 'yaml';
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quote) {
      if (c === '\\' && quote === '"') i++;
      else if (c === quote || c === '\n') quote = '';
      continue;
    }
    if (c === '"' || (c === "'" && syntax !== 'json' && syntax !== 'jsonc')) quote = c;
    else if (hashComments && c === '#') i = endOfLine(text, i);
    else if (!hashComments && c === '/' && text[i + 1] === '/') i = endOfLine(text, i);
    else if (!hashComments && c === '/' && text[i + 1] === '*') {
      const close = text.indexOf('*/', i + 2);
      i = close < 0 ? text.length : close + 1;
    } else if (c === '{' || c === '[') {
      if (++depth > MAX_CONFIG_NESTING) return i;
    } else if (c === '}' || c === ']') depth = Math.max(0, depth - 1);
  }
  return undefined;
}

function endOfLine(text: string, from: number): number {
  const eol = text.indexOf('\n', from);
  return eol < 0 ? text.length : eol;
}

