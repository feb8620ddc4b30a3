/**
 * Whether a deserializing load reads back the checkpoint format that the same module writes: the module saves a
 * dictionary of named parts (`torch.save({"model": m.state_dict(), "optimizer": o.state_dict(), "epoch": e},
 * path)`) and the load's result is read only through keys of that dictionary (`ckpt = torch.load(path)`, then
 * `model.load_state_dict(ckpt["model"])`, `ckpt.get("epoch")`). That is the usual shape of training code that
 * resumes or evaluates from its own checkpoints: the file is one this code wrote (the layout is its own, so
 * a checkpoint made elsewhere would not load), even when the path comes from a parameter. The rules report
 * such a load as an advisory, like a load of the same path (`python-own-files.ts`).
 *
 * The evidence is strict so that an ordinary load never qualifies: the loaded value is bound to one name in a
 * function and every other use of that name there is a read of a string key; every key read is a key of one dictionary the module
 * saves, which names at least two parts (a single `{"model": ...}` or `{"state_dict": ...}` is what downloaded
 * checkpoints hold too); and no name in the load's path comes from a download (`hf_hub_download`, `urlretrieve`,
 * a `requests` call), since the layout of a downloaded file proves nothing about who wrote it. The saved
 * dictionary is a literal in the write call or a name bound once, in the write's own function, to a literal,
 * so the incremental analysis re-checks the load whenever the write's unit changes (the flow step names it).
 */
import type { Node } from 'web-tree-sitter';
import type { AstContext } from '../../engine/rule';
import { ancestorsUpward, unparenthesize } from '../../engine/resolve/walk';
import { hubDownloadKind } from './python-hub';

/** A write of a serialized object: the call and the object it saves. */
export interface SavedObject {
  call: Node;
  saved?: Node;
}

/** The message of the flow step to the write, which `ownFileNote` recognises. */
export const OWN_FORMAT_STEP = 'the same code saves checkpoints with these keys here';

/** The write whose saved dictionary holds every key the load's result is read through (see the file comment). */
export function ownFormatWrite(ctx: AstContext, load: Node, path: Node | undefined, writes: readonly SavedObject[]): Node | undefined {
  const keys = keysRead(ctx, load);
  if (!keys || (path && downloaded(ctx, path))) return undefined;
  return writes.find((write) => {
    const saved = savedKeys(ctx, write);
    return saved !== undefined && saved.size >= 2 && [...keys].every((key) => saved.has(key));
  })?.call;
}

/** The string keys the load's result is read through, when that is its only use; undefined otherwise. */
function keysRead(ctx: AstContext, load: Node): Set<string> | undefined {
  const assignment = load.parent;
  const target = assignment?.type === 'assignment' ? assignment.childForFieldName('left') : undefined;
  if (!assignment || target?.type !== 'identifier') return undefined;
  // Inside a function, every use is in the load's own unit, so the incremental analysis sees each use change.
  const scope = enclosingScope(load);
  if (scope.type !== 'function_definition') return undefined;
  const keys = new Set<string>();
  for (const use of scope.descendantsOfType('identifier')) {
    if (!use || use.text !== target.text || use.id === target.id) continue;
    const key = keyOf(ctx, use);
    if (key === undefined) return undefined;
    keys.add(key);
  }
  return keys.size > 0 ? keys : undefined;
}

/** The key of `name["key"]` or `name.get("key", ...)` for a use of the name; undefined for any other use. */
function keyOf(ctx: AstContext, use: Node): string | undefined {
  const parent = use.parent;
  if (parent?.type === 'subscript' && parent.childForFieldName('value')?.id === use.id) {
    const index = parent.childForFieldName('subscript');
    return stringValue(ctx, index);
  }
  if (parent?.type === 'attribute' && parent.childForFieldName('object')?.id === use.id && parent.childForFieldName('attribute')?.text === 'get') {
    const call = parent.parent;
    const first = call?.type === 'call' ? call.childForFieldName('arguments')?.namedChildren.find((a) => a?.type !== 'comment') : undefined;
    return first ? stringValue(ctx, first) : undefined;
  }
  return undefined;
}

/** The string keys of the dictionary a write saves; undefined when it saves no dictionary literal or a key is not a string. */
function savedKeys(ctx: AstContext, write: SavedObject): Set<string> | undefined {
  const saved = write.saved ? unparenthesize(write.saved) : undefined;
  let dictionary = saved;
  if (saved?.type === 'identifier') {
    const bound = ctx.python().boundValue(saved);
    // Only a binding in the write's own function (or both at module level), so the write's unit holds the keys.
    dictionary = bound && enclosingScope(bound).id === enclosingScope(write.call).id ? unparenthesize(bound) : undefined;
  }
  if (dictionary?.type !== 'dictionary') return undefined;
  const keys = new Set<string>();
  for (const entry of dictionary.namedChildren) {
    if (!entry || entry.type === 'comment') continue;
    const key = entry.type === 'pair' ? stringValue(ctx, entry.childForFieldName('key')) : undefined;
    if (key === undefined) return undefined;
    keys.add(key);
  }
  return keys;
}

const DOWNLOADERS = /(?:^|\.)(?:\w*download\w*|urlretrieve|urlopen|get_file|cached_path|load_state_dict_from_url)$|^(?:requests|httpx|urllib3|aiohttp|gdown|wget)\./;

/** Whether the path, through names bound once, comes from a call that downloads. */
function downloaded(ctx: AstContext, path: Node, depth = 0): boolean {
  if (depth > 3) return false;
  const node = unparenthesize(path);
  const nodes = [node, ...node.descendantsOfType(['call', 'identifier']).filter((n): n is Node => !!n)];
  return nodes.some((n) => {
    if (n.type === 'call') {
      const callee = n.childForFieldName('function');
      const name = callee ? ctx.python().qualifiedName(callee) ?? callee.text : undefined;
      return name !== undefined && (hubDownloadKind(name) !== undefined || DOWNLOADERS.test(name));
    }
    if (n.type !== 'identifier') return false;
    const bound = ctx.python().boundValue(n);
    return bound !== undefined && downloaded(ctx, bound, depth + 1);
  });
}

function stringValue(ctx: AstContext, node: Node | null | undefined): string | undefined {
  const value = node ? ctx.python().literalValue(node) : undefined;
  return value?.kind === 'string' ? value.value : undefined;
}

function enclosingScope(node: Node): Node {
  for (const ancestor of ancestorsUpward(node)) if (ancestor.type === 'function_definition') return ancestor;
  return node.tree.rootNode;
}
