/**
 * The MCP server entries of an assistant configuration file, per client layout (catalogue §2.1):
 * VS Code `servers`, most clients `mcpServers`, Zed `context_servers`, Codex `[mcp_servers.<name>]`,
 * opencode `mcp` (with `command` as an array and `environment`), Continue's YAML list, and Claude Code's
 * `~/.claude.json` with per-project `projects.<path>.mcpServers`.
 *
 * Each entry keeps the nodes of its keys (with spans), so rules report the exact key and edit it. One
 * malformed server never hides its siblings: a server whose value is not an object is skipped alone.
 */
import { asArray, asObject, asString, entryOf, valueAt } from '../manifests/tree';
import type { ArrayNode, ObjectEntry, ObjectNode, StringNode, ValueNode } from '../manifests/tree';
import type { Span } from '../manifests/types';
import type { ClientFile, ClientFileReader } from './client-files';
import type { Token } from './launcher';

export interface McpServerEntry {
  /** The server's name (its key, or its `name` in a list layout). */
  name: string;
  /** Where the name is written. */
  nameSpan: Span;
  /** The server's object. */
  node: ObjectNode;
  /** The clients (and scopes) that start this server. */
  readers: readonly ClientFileReader[];
  /** Dotted key path of the server object, for messages (`servers.github`). */
  keyPath: string;
  command?: StringNode;
  /** The string items of `args` (non-string items are left out). */
  args: StringNode[];
  argsNode?: ArrayNode;
  /** `env` (or opencode's `environment`). */
  env?: ObjectNode;
  /** `headers` (or Codex's `http_headers`). */
  headers?: ObjectNode;
  /** The remote address under any of its names: `url`, `serverUrl` (Windsurf), `httpUrl` (Gemini CLI). */
  url?: StringNode;
  urlKey?: string;
  /** `type` (`stdio`, `http`, `sse`, opencode's `local`/`remote`). */
  type?: StringNode;
  /** The server is switched off (`disabled: true`, Codex `enabled = false`). */
  disabled: boolean;
}

const URL_KEYS = ['url', 'serverUrl', 'httpUrl'] as const;

/** Every MCP server the file defines for any of its readers (readers with the same layout share entries). */
export function mcpServersOf(root: ObjectNode, file: ClientFile): McpServerEntry[] {
  const out: McpServerEntry[] = [];
  const seen = new Set<ObjectNode>();
  for (const reader of file.readers) {
    const layout = reader.servers;
    if (layout.shape === 'none') continue;
    const holders: { node: ValueNode | undefined; path: string }[] = [{ node: valueAt(root, ...layout.path), path: layout.path.join('.') }];
    // `~/.claude.json` keeps servers per project too: `projects["/path"].mcpServers`.
    if (reader.client === 'claude-code' && layout.path.length === 1 && layout.path[0] === 'mcpServers') {
      for (const project of asObject(valueAt(root, 'projects'))?.entries ?? []) {
        holders.push({ node: valueAt(project.value, 'mcpServers'), path: `projects.${project.key}.mcpServers` });
      }
    }
    for (const holder of holders) {
      if (layout.shape === 'named-object') {
        for (const entry of asObject(holder.node)?.entries ?? []) addServer(out, seen, entry.key, entry.keySpan, entry.value, reader, `${holder.path}.${entry.key}`);
      } else {
        const items = asArray(holder.node)?.items ?? [];
        items.forEach((item, index) => {
          const nameNode = asString(valueAt(item, 'name'));
          addServer(out, seen, nameNode?.value ?? `#${index + 1}`, nameNode?.contentSpan ?? item.span, item, reader, `${holder.path}[${index}]`);
        });
      }
    }
  }
  return out;
}

function addServer(out: McpServerEntry[], seen: Set<ObjectNode>, name: string, nameSpan: Span, value: ValueNode, reader: ClientFileReader, keyPath: string): void {
  const node = asObject(value);
  if (!node) return;
  if (seen.has(node)) {
    const existing = out.find((e) => e.node === node);
    if (existing && !existing.readers.includes(reader)) existing.readers = [...existing.readers, reader];
    return;
  }
  seen.add(node);
  out.push(serverOf(name, nameSpan, node, reader, keyPath));
}

function serverOf(name: string, nameSpan: Span, node: ObjectNode, reader: ClientFileReader, keyPath: string): McpServerEntry {
  const commandValue = valueAt(node, 'command');
  let command = asString(commandValue);
  let argsNode = asArray(valueAt(node, 'args'));
  let args = stringItems(argsNode);
  // opencode writes the whole argv as `command: ["npx", "-y", "pkg"]`.
  const commandArray = asArray(commandValue);
  if (commandArray) {
    const items = stringItems(commandArray);
    command = items[0];
    args = items.slice(1);
    argsNode = commandArray;
  }
  const urlEntry = URL_KEYS.map((key) => entryOf(node, key)).find((e): e is ObjectEntry => asString(e?.value) !== undefined);
  const enabled = valueAt(node, 'enabled');
  const disabledValue = valueAt(node, 'disabled');
  return {
    name,
    nameSpan,
    node,
    readers: [reader],
    keyPath,
    command,
    args,
    argsNode,
    env: asObject(valueAt(node, 'env')) ?? asObject(valueAt(node, 'environment')),
    headers: asObject(valueAt(node, 'headers')) ?? asObject(valueAt(node, 'http_headers')),
    url: asString(urlEntry?.value),
    urlKey: urlEntry?.key,
    type: asString(valueAt(node, 'type')),
    disabled: (disabledValue?.type === 'boolean' && disabledValue.value) || (enabled?.type === 'boolean' && !enabled.value),
  };
}

function stringItems(array: ArrayNode | undefined): StringNode[] {
  return (array?.items ?? []).filter((item): item is StringNode => item.type === 'string');
}

/**
 * The server's argv as tokens whose offsets point into the file: `command` then `args`. A `command` that
 * holds a whole command line (`"npx -y pkg"`, no `args`) is split at spaces outside quotes, the way the
 * clients that pass it to a shell would. Tokens of strings with escape sequences keep the string's start
 * (their inner offsets are then approximate, so fixes check the text before editing).
 */
export function argvOf(server: McpServerEntry): Token[] {
  const out: Token[] = [];
  if (server.command) {
    if (server.args.length === 0 && /\s/.test(server.command.value.trim())) out.push(...splitWords(server.command));
    else out.push(tokenOf(server.command));
  }
  for (const arg of server.args) out.push(tokenOf(arg));
  return out;
}

function tokenOf(node: StringNode): Token {
  return { text: node.value, start: node.contentSpan.start };
}

function splitWords(node: StringNode): Token[] {
  const out: Token[] = [];
  const re = /"([^"]*)"|'([^']*)'|(\S+)/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(node.value))) {
    const quoted = m[1] ?? m[2];
    out.push(quoted !== undefined ? { text: quoted, start: node.contentSpan.start + m.index + 1 } : { text: m[3]!, start: node.contentSpan.start + m.index });
  }
  return out;
}
