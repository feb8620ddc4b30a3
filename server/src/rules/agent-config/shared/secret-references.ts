/**
 * How each client refers to a secret instead of holding it (catalogue §2.1): VS Code prompts for an
 * `${input:id}` declared in `inputs` and keeps the answer in its secret storage; Cursor expands
 * `${env:NAME}`; Claude Code and Gemini CLI expand `${NAME}` from the environment. Clients without a
 * documented form get no fix.
 */
import type { TextEdit } from '../../../engine/finding';
import type { TextContext } from '../../../engine/rule';
import { asArray, asObject, valueAt } from '../../../engine/manifests/tree';
import type { ObjectNode } from '../../../engine/manifests/tree';
import type { AssistantClient, ClientFileReader } from '../../../engine/agent-config/client-files';
import type { AgentFile } from './agent-file';

/** The reference text for a variable, or undefined when the client has no documented reference syntax. */
export function referenceFor(client: AssistantClient, name: string): string | undefined {
  switch (client) {
    case 'vscode': return `\${input:${inputId(name)}}`;
    case 'cursor': return `\${env:${name}}`;
    case 'claude-code': case 'gemini-cli': return `\${${name}}`;
    default: return undefined;
  }
}

/** `GITHUB_PERSONAL_ACCESS_TOKEN` → `github-personal-access-token`. */
export function inputId(name: string): string {
  return name.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '') || 'secret';
}

/**
 * For VS Code: the edit that declares `${input:id}` as a password prompt in the `inputs` list next to the
 * servers (`inputs` at the root of `mcp.json`, `mcp.inputs` in settings), creating the list when missing;
 * no edit when the id is declared already. Undefined when the file's layout cannot be edited safely.
 */
export function declareInputEdit(ctx: TextContext, agentFile: AgentFile, reader: ClientFileReader, name: string, description: string): TextEdit | null | undefined {
  if (reader.servers.shape !== 'named-object' || !agentFile.tree.root) return undefined;
  const holder = asObject(reader.servers.path.length > 1 ? valueAt(agentFile.tree.root, ...reader.servers.path.slice(0, -1)) : agentFile.tree.root);
  if (!holder || ctx.text[holder.span.start] !== '{') return undefined;
  const id = inputId(name);
  const inputs = holder.entries.find((e) => e.key === 'inputs');
  const declared = asArray(inputs?.value)?.items.some((item) => valueAt(item, 'id')?.type === 'string' && (valueAt(item, 'id') as { value: string }).value === id);
  if (declared) return null;
  const indent = indentOf(ctx.text, holder.entries[0]?.span.start ?? holder.span.start + 1);
  const entry = `{ "type": "promptString", "id": ${JSON.stringify(id)}, "description": ${JSON.stringify(description)}, "password": true }`;
  if (inputs) {
    const list = asArray(inputs.value);
    if (!list || ctx.text[list.span.start] !== '[') return undefined;
    const last = list.items[list.items.length - 1];
    if (last) return { range: ctx.rangeOf(last.span.end, last.span.end), newText: `,\n${indent}  ${entry}` };
    return { range: ctx.rangeOf(list.span.start, list.span.end), newText: `[\n${indent}  ${entry}\n${indent}]` };
  }
  return appendEntryEdit(ctx, holder, indent, `"inputs": [\n${indent}  ${entry}\n${indent}]`);
}

/** Appends `"key": value` after the last entry of an object (or into an empty one). */
function appendEntryEdit(ctx: TextContext, holder: ObjectNode, indent: string, text: string): TextEdit {
  const last = holder.entries[holder.entries.length - 1];
  if (!last) return { range: ctx.rangeOf(holder.span.start + 1, holder.span.start + 1), newText: `\n${indent}${text}\n` };
  // A trailing comma after the last entry (JSONC) is kept: the new entry goes after it.
  const after = ctx.text.slice(last.span.end).match(/^\s*,/);
  const at = after ? last.span.end + after[0].length : last.span.end;
  return { range: ctx.rangeOf(at, at), newText: `${after ? '' : ','}\n${indent}${text}` };
}

function indentOf(text: string, offset: number): string {
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  return /^[ \t]*/.exec(text.slice(lineStart, offset))?.[0] ?? '  ';
}
