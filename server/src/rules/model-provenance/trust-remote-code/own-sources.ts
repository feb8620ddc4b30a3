/**
 * Two shapes of `trust_remote_code` whose repository code is decided elsewhere in the same code, so the finding
 * is advisory (audit profile) and its flow names the place to review:
 *
 * - `AutoModel.from_config(config, trust_remote_code=True)` downloads no repository itself: it builds the model
 *   class the configuration names, from the repository that configuration was loaded from. When `config` is a
 *   name bound to a call that passes `trust_remote_code` too (`config = AutoConfig.from_pretrained(path,
 *   trust_remote_code=True)`), that call is where the repository is chosen, and it is reported on its own.
 * - `from_pretrained(output_dir, trust_remote_code=True)` where the same function (or module level, both) writes
 *   `output_dir` with `x.save_pretrained(output_dir)`: the folder is the program's own output (a merged or
 *   converted model), and the code in it is the code of the model it saved, reviewed where that model was loaded.
 *
 * Both need evidence in the same scope: a parameter or a folder the code never writes stays reported.
 */
import type { Node } from 'web-tree-sitter';
import type { FlowStep } from '../../../engine/finding';
import type { AstContext } from '../../../engine/rule';
import { keywordArgumentNode } from '../../shared/python-edits';

/** Why a finding is advisory, with the flow step to the deciding call. */
export interface DecidedElsewhere {
  message: string;
  flow: FlowStep[];
}

/** The advisory reason for `from_config(config, ...)` whose configuration was loaded with `trust_remote_code`. */
export function configLoadedWithRemoteCode(ctx: AstContext, call: Node, callee: string): DecidedElsewhere | undefined {
  const fn = call.childForFieldName('function');
  if (fn?.type !== 'attribute' || fn.childForFieldName('attribute')?.text !== 'from_config') return undefined;
  const config = ctx.python().argument(call, 0, 'config');
  if (config?.type !== 'identifier') return undefined;
  const loaded = ctx.python().boundValue(config);
  if (loaded?.type !== 'call' || !keywordArgumentNode(loaded, 'trust_remote_code')) return undefined;
  return {
    message: `\`${callee}\` builds the model from \`${config.text}\` and downloads nothing itself: any repository code it runs comes from where \`${config.text}\` was loaded with \`trust_remote_code\`, which is the call to review.`,
    flow: [{ range: ctx.rangeOfNode(loaded), message: 'the configuration, and the repository whose code can run, is loaded here' }],
  };
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
  for (let current = node.parent; current; current = current.parent) if (current.type === 'function_definition') return current;
  return undefined;
}

function normalise(text: string): string {
  return text.replace(/\s+/g, '').replace(/'/g, '"');
}
