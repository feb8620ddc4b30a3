/**
 * Whether a deserializing load (pickle, `torch.load`) reads a file the person running the program names: the path
 * comes only from its command-line arguments (`args.input_file`, `sys.argv[1]`, a `click`/`typer` option), its
 * environment, or a helper's parameter that every call in the project fills from those. Such a load is the
 * operator's choice of their own file, like a shell command built from the operator's arguments
 * (`python-command-origin.ts`), so the rules report it as an advisory (audit profile) instead of an error.
 *
 * Only `operator` counts: a literal path, a temp file or `__file__` is not evidence that anyone chose the file
 * (a literal may name a download), and anything else (a request, an upload, a download, model output, a parameter
 * nobody in the project is seen to call) keeps its finding. The origin walk runs only for a load call the rule
 * already found, so files without one pay nothing.
 */
import type { Node } from 'web-tree-sitter';
import type { AstContext } from '../../engine/rule';
import { pythonCommandOrigin } from './python-command-origin';
import { pathExpression } from './python-own-files';

/** Appended to the message of such a finding. */
export const OPERATOR_FILE_NOTE = ' The file is named only by the program\'s own command-line arguments, environment or settings (the operator\'s choice of their own file), so this is advisory: act on it only if others can choose that file.';

/** True when the file a load reads is named only by the operator (see the file comment). */
export function operatorChosenFile(ctx: AstContext, load: Node, fileArgument: Node | undefined): boolean {
  if (!fileArgument) return false;
  const path = pathExpression(ctx, fileArgument, load) ?? fileArgument;
  return pythonCommandOrigin(ctx, path) === 'operator';
}
