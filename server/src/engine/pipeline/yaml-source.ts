/**
 * YAML with source positions for the pipeline readers (GitHub Actions, GitLab CI, `.yarnrc.yml`): the `yaml`
 * package gives every node its range; this module adds the map from a scalar's value back to the source,
 * so a command inside a `run: |` block scalar is located at its own column on its own line.
 */
import { isMap, isScalar, isSeq, parseDocument } from 'yaml';
import type { Node as YamlNode, Pair, Scalar, YAMLMap, YAMLSeq } from 'yaml';
import { alignDecoded } from './decoded-offsets';

export type { YamlNode, YAMLMap, YAMLSeq, Scalar };
export { isMap, isScalar, isSeq };

export interface YamlRead {
  root?: YAMLMap;
  /** The first syntax error: its message and the offset where it was found. */
  error?: { message: string; offset: number };
}

/** Parses a YAML document (the first one of a stream); a syntax error keeps no tree. */
export function readYaml(text: string): YamlRead {
  const doc = parseDocument(text, { prettyErrors: false, uniqueKeys: false, strict: false });
  const error = doc.errors[0];
  if (error) return { error: { message: error.message.split('\n')[0]!, offset: error.pos[0] } };
  return isMap(doc.contents) ? { root: doc.contents } : {};
}

export interface YamlEntry {
  key: string;
  keyStart: number;
  keyEnd: number;
  value: YamlNode | null;
}

/** The entries of a mapping with string keys (others are skipped: they name nothing the readers look for). */
export function entriesOf(node: unknown): YamlEntry[] {
  if (!isMap(node)) return [];
  const out: YamlEntry[] = [];
  for (const pair of node.items as Pair<unknown, unknown>[]) {
    const key = pair.key;
    if (!isScalar(key) || !key.range) continue;
    out.push({ key: String(key.value), keyStart: key.range[0], keyEnd: key.range[1], value: (pair.value as YamlNode | null) ?? null });
  }
  return out;
}

/** The entry for `key` (the last one, as GitHub reads duplicates). */
export function entryOf(node: unknown, key: string): YamlEntry | undefined {
  const entries = entriesOf(node);
  for (let i = entries.length - 1; i >= 0; i--) if (entries[i]!.key === key) return entries[i];
  return undefined;
}

/** The value of `key` in a mapping. */
export function valueOf(node: unknown, key: string): YamlNode | null | undefined {
  return entryOf(node, key)?.value;
}

/** A scalar's value as text (`true`, `3` included), or undefined for anything else. */
export function scalarText(node: unknown): string | undefined {
  if (!isScalar(node) || node.value === null || node.value === undefined) return undefined;
  return typeof node.value === 'object' ? undefined : String(node.value);
}

/** The items of a sequence, or the node alone when it is a scalar (`branches: main`). */
export function itemsOf(node: unknown): YamlNode[] {
  if (isSeq(node)) return node.items as YamlNode[];
  return node && isScalar(node) ? [node] : [];
}

/** A scalar's text with the offset in the document of each of its characters. */
export interface SourceScalar {
  value: string;
  /** Source range of the scalar (quotes and block header included). */
  start: number;
  end: number;
  /** The document offset of `value[i]` (for `i` at the end: just after the last character). */
  positionOf(index: number): number;
}

/** Locates a string scalar's characters in `text`; undefined for non-string scalars and other nodes. */
export function sourceScalar(text: string, node: unknown): SourceScalar | undefined {
  if (!isScalar(node) || !node.range) return undefined;
  const value = typeof node.value === 'string' ? node.value : scalarText(node);
  if (value === undefined) return undefined;
  const [start, valueEnd] = node.range;
  let from = start;
  if (node.type === 'BLOCK_LITERAL' || node.type === 'BLOCK_FOLDED') {
    const headerEnd = text.indexOf('\n', start);
    from = headerEnd < 0 ? valueEnd : headerEnd + 1;
  } else if (node.type === 'QUOTE_DOUBLE' || node.type === 'QUOTE_SINGLE') from = start + 1;
  const offsets = alignDecoded(text, value, from, valueEnd, node.type === 'QUOTE_DOUBLE');
  return {
    value,
    start,
    end: valueEnd,
    positionOf: (i) => (i < offsets.length ? offsets[i]! : (offsets.length > 0 ? offsets[offsets.length - 1]! + 1 : from)),
  };
}

/** The nearest mapping key on the line of `offset` or above it, to name where a malformed file went wrong. */
export function keyNear(text: string, offset: number): string | undefined {
  const lineEnd = text.indexOf('\n', offset);
  const lines = text.slice(0, lineEnd < 0 ? text.length : lineEnd).split('\n');
  for (let i = lines.length - 1; i >= 0 && i >= lines.length - 50; i--) {
    const m = /^\s*(?:-\s+)?["']?([\w.$/-]+)["']?\s*:(\s|$)/.exec(lines[i]!);
    if (m) return m[1];
  }
  return undefined;
}
