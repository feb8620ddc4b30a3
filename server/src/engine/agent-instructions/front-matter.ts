/**
 * YAML front matter of instruction files (`.mdc`, SKILL.md, prompt, agent and instructions files): the
 * block between a first line `---` and the next `---` line. Keys keep their offsets in the whole text, so
 * a finding can point at `allowed-tools:` itself.
 */
import { isMap, isScalar, isSeq, parseDocument, type Node as YamlNode } from 'yaml';

export interface FrontMatterEntry {
  readonly key: string;
  /** The value as plain data (strings, numbers, booleans, arrays, objects). */
  readonly value: unknown;
  /** Offsets of the key in the whole text. */
  readonly keyStart: number;
  readonly keyEnd: number;
  /** Offsets of the value in the whole text (the key's when the value is empty). */
  readonly valueStart: number;
  readonly valueEnd: number;
}

export interface FrontMatter {
  readonly entries: readonly FrontMatterEntry[];
  /** Offset where the Markdown body begins (after the closing `---` line). */
  readonly bodyStart: number;
  /** The first YAML error, located, when the block does not parse. */
  readonly error?: { readonly message: string; readonly offset: number };
}

/** The front matter at the start of `text`, or undefined when the text has none. */
export function readFrontMatter(text: string): FrontMatter | undefined {
  const open = /^\uFEFF?---[ \t]*\r?\n/.exec(text);
  if (!open) return undefined;
  const yamlStart = open[0].length;
  const close = /^---[ \t]*$/m.exec(text.slice(yamlStart));
  if (!close) return undefined;
  const yamlEnd = yamlStart + close.index;
  const afterClose = yamlEnd + close[0].length;
  const bodyStart = text.startsWith('\r\n', afterClose) ? afterClose + 2 : text.startsWith('\n', afterClose) ? afterClose + 1 : afterClose;
  const document = parseDocument(text.slice(yamlStart, yamlEnd), { uniqueKeys: false });
  const firstError = document.errors[0];
  if (firstError) return { entries: [], bodyStart, error: { message: firstError.message.split('\n')[0], offset: yamlStart + firstError.pos[0] } };
  const entries: FrontMatterEntry[] = [];
  if (isMap(document.contents)) {
    for (const pair of document.contents.items) {
      const key = pair.key as YamlNode | null;
      if (!isScalar(key) || !key.range) continue;
      const value = pair.value as YamlNode | null;
      const valueRange = value?.range ?? key.range;
      entries.push({
        key: String(key.value),
        value: value && (isScalar(value) || isMap(value) || isSeq(value)) ? value.toJSON() : null,
        keyStart: yamlStart + key.range[0],
        keyEnd: yamlStart + key.range[1],
        valueStart: yamlStart + valueRange[0],
        valueEnd: yamlStart + valueRange[1],
      });
    }
  }
  return { entries, bodyStart };
}
