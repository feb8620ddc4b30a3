/**
 * Package-index settings that decide where dependencies come from and whether TLS is checked: pip
 * (`pip.conf`/`pip.ini`, INI), npm (`.npmrc`, `key=value`), Yarn Berry (`.yarnrc.yml`), uv (`uv.toml`,
 * `[tool.uv]`) and Poetry (`[[tool.poetry.source]]`). Each setting keeps the range of its value.
 */
import { parseTomlTree } from '../manifests/toml-tree';
import { asArray, asObject, entryOf } from '../manifests/tree';
import type { ValueNode } from '../manifests/tree';
import { entriesOf, isMap, itemsOf, keyNear, readYaml, scalarText } from './yaml-source';
import type { PipelineFile } from './files';
import type { PipelineProblem } from './problems';

export interface IndexSetting {
  /** The key as the tool names it (`extra-index-url`, `@corp:registry`, `npmScopes.corp.npmRegistryServer`, `tool.uv.index.url`). */
  key: string;
  value: string;
  start: number;
  end: number;
}

export interface IndexSettings {
  settings: IndexSetting[];
  problem?: PipelineProblem;
}

/** Reads the settings of a package-index file of kind `file`. */
export function readIndexSettings(text: string, file: PipelineFile): IndexSettings {
  switch (file) {
    case 'pip-conf':
      return { settings: readIniLike(text, /^\s*([^=:\s][^=:]*?)\s*[=:]\s*(.*?)\s*$/) };
    case 'npmrc':
      // npm keys hold colons (`@scope:registry`, `//host/:_authToken`); only `=` separates.
      return { settings: readIniLike(text, /^\s*([^=\s][^=]*?)\s*=\s*(.*?)\s*$/) };
    case 'yarnrc':
      return readYarnrc(text);
    case 'uv-toml':
      return readToml(text, []);
    case 'pyproject':
      return readToml(text, ['tool']);
    default:
      return { settings: [] };
  }
}

/**
 * INI-style `key = value` / `key: value` / `key=value` lines (pip and npm). pip continues a value on indented
 * lines (`extra-index-url =` followed by one URL a line); each becomes its own setting under the key.
 */
function readIniLike(text: string, pairPattern: RegExp): IndexSetting[] {
  const settings: IndexSetting[] = [];
  let section = '';
  let lastKey: string | undefined;
  let pos = 0;
  while (pos <= text.length) {
    let eol = text.indexOf('\n', pos);
    if (eol < 0) eol = text.length;
    const line = text.slice(pos, eol).replace(/\r$/, '');
    const lineStart = pos;
    pos = eol + 1;
    if (/^\s*([#;]|$)/.test(line)) continue;
    const header = /^\s*\[([^\]]*)\]/.exec(line);
    if (header) {
      section = header[1]!.trim();
      lastKey = undefined;
      continue;
    }
    const continuation = /^(\s+)(\S.*?)\s*$/.exec(line);
    if (continuation && lastKey) {
      settings.push({ key: lastKey, value: continuation[2]!, start: lineStart + continuation[1]!.length, end: lineStart + continuation[1]!.length + continuation[2]!.length });
      continue;
    }
    const pair = pairPattern.exec(line);
    if (!pair) continue;
    const key = pair[1]!;
    lastKey = key;
    const value = pair[2]!.replace(/^["']|["']$/g, '');
    if (value === '') continue;
    const valueStart = lineStart + line.lastIndexOf(pair[2]!);
    settings.push({ key: section && section !== 'global' && section !== 'install' ? `${section}.${key}` : key, value, start: valueStart, end: valueStart + pair[2]!.length });
  }
  return settings;
}

function readYarnrc(text: string): IndexSettings {
  const read = readYaml(text);
  if (read.error) return { settings: [], problem: { message: read.error.message, offset: read.error.offset, key: keyNear(text, read.error.offset) } };
  const settings: IndexSetting[] = [];
  const add = (key: string, node: unknown): void => {
    const value = scalarText(node);
    const range = (node as { range?: [number, number, number] } | null)?.range;
    if (value !== undefined && range) settings.push({ key, value, start: range[0], end: range[1] });
  };
  for (const entry of entriesOf(read.root)) {
    if (entry.key === 'npmRegistryServer' || entry.key === 'enableStrictSsl') add(entry.key, entry.value);
    if (entry.key === 'unsafeHttpWhitelist') for (const item of itemsOf(entry.value)) add(entry.key, item);
    if ((entry.key === 'npmScopes' || entry.key === 'npmRegistries') && isMap(entry.value)) {
      for (const scope of entriesOf(entry.value)) {
        for (const inner of entriesOf(scope.value)) {
          if (inner.key === 'npmRegistryServer' || inner.key === 'enableStrictSsl') add(`${entry.key}.${scope.key}.${inner.key}`, inner.value);
        }
      }
    }
  }
  return { settings };
}

/** uv settings (at the top of `uv.toml`, under `[tool.uv]` in pyproject) and Poetry sources. */
function readToml(text: string, prefix: readonly string[]): IndexSettings {
  const parsed = parseTomlTree(text);
  if (parsed.error) return { settings: [], problem: { message: parsed.error.message, offset: parsed.error.offset } };
  let uv: ValueNode | undefined = parsed.root;
  for (const key of [...prefix, ...(prefix.length > 0 ? ['uv'] : [])]) uv = entryOf(uv, key)?.value;
  const settings: IndexSetting[] = [];
  const base = prefix.length > 0 ? 'tool.uv.' : '';
  const addStrings = (key: string, node: ValueNode | undefined): void => {
    const items = node?.type === 'array' ? node.items : node ? [node] : [];
    for (const item of items) if (item.type === 'string') settings.push({ key, value: item.value, start: item.contentSpan.start, end: item.contentSpan.end });
  };
  for (const key of ['index-url', 'extra-index-url', 'allow-insecure-host', 'find-links']) addStrings(`${base}${key}`, entryOf(uv, key)?.value);
  const pipSection = entryOf(uv, 'pip')?.value;
  for (const key of ['index-url', 'extra-index-url', 'allow-insecure-host', 'trusted-host']) addStrings(`${base}pip.${key}`, entryOf(pipSection, key)?.value);
  for (const index of asArray(entryOf(uv, 'index')?.value)?.items ?? []) addStrings(`${base}index.url`, entryOf(asObject(index), 'url')?.value);
  if (prefix.length > 0) {
    const poetry = entryOf(entryOf(parsed.root, 'tool')?.value, 'poetry')?.value;
    for (const source of asArray(entryOf(poetry, 'source')?.value)?.items ?? []) addStrings('tool.poetry.source.url', entryOf(asObject(source), 'url')?.value);
  }
  return { settings };
}
