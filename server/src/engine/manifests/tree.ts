/**
 * A value tree with source spans, produced by the JSON and TOML parsers here (the libraries the
 * project uses for those formats do not report positions). Strings keep the span of their content
 * inside the quotes so a name or version can be replaced in place.
 */
import type { Span } from './types';

export interface ObjectEntry {
  key: string;
  keySpan: Span;
  value: ValueNode;
  /** From the key to the end of the value (TOML: the whole line). */
  span: Span;
}

export type ValueNode =
  | { type: 'object'; span: Span; entries: ObjectEntry[] }
  | { type: 'array'; span: Span; items: ValueNode[] }
  | { type: 'string'; span: Span; value: string; contentSpan: Span }
  | { type: 'number'; span: Span; value: number }
  | { type: 'boolean'; span: Span; value: boolean }
  | { type: 'null'; span: Span }
  /** TOML dates and times, kept as text. */
  | { type: 'datetime'; span: Span; value: string };

export type ObjectNode = Extract<ValueNode, { type: 'object' }>;
export type ArrayNode = Extract<ValueNode, { type: 'array' }>;
export type StringNode = Extract<ValueNode, { type: 'string' }>;

/** The result of parsing: a tree (as much as could be read) and the first error, if any. */
export interface TreeParse {
  root?: ObjectNode;
  error?: { message: string; offset: number };
}

/** The entry for `key` in an object (last one wins, as in JSON.parse). */
export function entryOf(node: ValueNode | undefined, key: string): ObjectEntry | undefined {
  if (node?.type !== 'object') return undefined;
  for (let i = node.entries.length - 1; i >= 0; i--) {
    if (node.entries[i]!.key === key) return node.entries[i];
  }
  return undefined;
}

/** Follows a key path through nested objects. */
export function valueAt(node: ValueNode | undefined, ...path: string[]): ValueNode | undefined {
  let current = node;
  for (const key of path) current = entryOf(current, key)?.value;
  return current;
}

export function asObject(node: ValueNode | undefined): ObjectNode | undefined {
  return node?.type === 'object' ? node : undefined;
}

export function asArray(node: ValueNode | undefined): ArrayNode | undefined {
  return node?.type === 'array' ? node : undefined;
}

export function asString(node: ValueNode | undefined): StringNode | undefined {
  return node?.type === 'string' ? node : undefined;
}

export function stringAt(node: ValueNode | undefined, ...path: string[]): string | undefined {
  return asString(valueAt(node, ...path))?.value;
}
