/**
 * `devcontainer.json` read with jsonc-parser (comments and trailing commas allowed, as the dev-container
 * tools accept): lifecycle commands as shell scripts with document offsets (string form runs in a shell,
 * array form does not), and the settings that widen the container's access to the host.
 */
import { findNodeAtLocation, parseTree, printParseErrorCode } from 'jsonc-parser';
import type { Node as JsonNode, ParseError } from 'jsonc-parser';
import { parseShell, scriptFromArgv, wordFromText } from '../shell/commands';
import type { ShellScript } from '../shell/commands';
import { alignDecoded } from './decoded-offsets';
import type { PipelineProblem } from './problems';

export const LIFECYCLE_COMMANDS = ['initializeCommand', 'onCreateCommand', 'updateContentCommand', 'postCreateCommand', 'postStartCommand', 'postAttachCommand'] as const;

export interface DevcontainerCommand {
  /** `postCreateCommand`, or `postCreateCommand.install` for the object form. */
  key: string;
  /** True for `initializeCommand`, which runs on the host, not in the container. */
  onHost: boolean;
  start: number;
  end: number;
  script: ShellScript;
}

/** A string value with its location. */
export interface JsonString {
  value: string;
  start: number;
  end: number;
}

export interface Devcontainer {
  root?: JsonNode;
  commands: DevcontainerCommand[];
  problem?: PipelineProblem;
}

export function readDevcontainer(text: string): Devcontainer {
  const errors: ParseError[] = [];
  const root = parseTree(text, errors, { allowTrailingComma: true, disallowComments: false });
  const error = errors[0];
  if (error) return { commands: [], problem: { message: `invalid JSON (${printParseErrorCode(error.error)})`, offset: error.offset, key: keyBefore(root, error.offset) } };
  if (!root || root.type !== 'object') return { commands: [], ...(root ? { problem: { message: 'the file must hold a JSON object', offset: root.offset } } : {}) };
  const commands: DevcontainerCommand[] = [];
  let problem: PipelineProblem | undefined;
  for (const name of LIFECYCLE_COMMANDS) {
    const node = findNodeAtLocation(root, [name]);
    if (!node) continue;
    const forms: { key: string; node: JsonNode }[] = node.type === 'object'
      ? (node.children ?? []).flatMap((p) => (p.children?.[1] ? [{ key: `${name}.${String(p.children[0]?.value)}`, node: p.children[1] }] : []))
      : [{ key: name, node }];
    for (const form of forms) {
      const script = commandScript(text, form.node);
      if (!script) {
        problem ??= { message: `\`${form.key}\` must be a string, an array of strings or an object of those`, offset: form.node.offset, key: form.key };
        continue;
      }
      commands.push({ key: form.key, onHost: name === 'initializeCommand', start: form.node.offset, end: form.node.offset + form.node.length, script });
    }
  }
  return { root, commands, ...(problem ? { problem } : {}) };
}

/** A string node's value and the document offset of each of its characters. */
export function jsonString(text: string, node: JsonNode | undefined): (JsonString & { positionOf(i: number): number }) | undefined {
  if (node?.type !== 'string' || typeof node.value !== 'string') return undefined;
  const contentStart = node.offset + 1;
  const contentEnd = node.offset + node.length - 1;
  const offsets = alignDecoded(text, node.value, contentStart, contentEnd, true);
  return { value: node.value, start: node.offset, end: node.offset + node.length, positionOf: (i) => (i < offsets.length ? offsets[i]! : contentEnd) };
}

function commandScript(text: string, node: JsonNode): ShellScript | undefined {
  const string = jsonString(text, node);
  if (string) return parseShell(string.value, string.positionOf);
  if (node.type !== 'array') return undefined;
  const words = [];
  for (const item of node.children ?? []) {
    const word = jsonString(text, item);
    if (!word) return undefined;
    words.push(wordFromText(word.value, word.positionOf));
  }
  return scriptFromArgv(words);
}

/** The property name whose value holds `offset` (to name the key of a syntax error). */
function keyBefore(root: JsonNode | undefined, offset: number): string | undefined {
  let found: { key: string; at: number } | undefined;
  const pending = root ? [root] : [];
  while (pending.length > 0) {
    const node = pending.pop()!;
    if (node.type === 'property' && node.offset <= offset && node.children?.[0] && (!found || node.offset > found.at)) found = { key: String(node.children[0].value), at: node.offset };
    for (const child of node.children ?? []) if (child.offset <= offset) pending.push(child);
  }
  return found?.key;
}
