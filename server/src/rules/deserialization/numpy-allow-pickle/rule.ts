/**
 * AIS104 numpy-allow-pickle: `numpy.load(..., allow_pickle=<truthy>)` unpickles object arrays, so a crafted
 * `.npy`/`.npz` file runs code when it is loaded.
 */
import type { Node } from 'web-tree-sitter';
import type { Fix } from '../../../engine/finding';
import { defineRule, type AstContext } from '../../../engine/rule';
import { pythonCallsTo, importedNameKeywords } from '../../shared/python-calls';
import { configurableSource, switchState } from '../../shared/python-settings';
import { keywordArgumentNode, removeArgumentEdit, replaceNodeEdit } from '../../shared/python-edits';
import { isLiteralStringArg, modelFileNote, scannedDangerous } from '../../shared/python-values';

const LOADERS = new Set(['numpy.load']);

export default defineRule(
  {
    id: 'AIS104',
    name: 'numpy-allow-pickle',
    title: 'numpy.load with allow_pickle enabled',
    category: 'deserialization',
    fileKinds: ['python'],
    severity: 'error',
    confidence: 'high',
    cwe: ['CWE-502'],
    message: '`{{callee}}` is called with `allow_pickle` enabled; object arrays in the file are unpickled and can run code.',
    fixAvailability: 'sometimes',
    docs: {
      whatItDoes: 'Flags `numpy.load(...)` (any alias, e.g. `np.load`) when `allow_pickle` is truthy, given as a keyword or as the third positional argument (`np.load(f, None, True)`). Python truthiness is applied: `True`, `1` and any non-empty string (even `"False"`) enable pickles; `False`, `None`, `0`, `""` and `[]` do not. A value forwarded from a parameter, a command-line argument or a settings field is followed to its declared default: a truthy default is flagged as a warning, any other as information that the switch is configurable.',
      whyIsThisBad: 'With `allow_pickle=True`, arrays of dtype `object` are stored as pickles, and loading them runs whatever callables the file names. NumPy turned the default off in 1.16.3 for this reason (CVE-2019-6446).',
      example: 'import numpy as np\n\narr = np.load(path, allow_pickle=True)\n',
      useInstead: 'import numpy as np\n\narr = np.load(path)  # allow_pickle defaults to False\n',
      fixSafety: 'The fix removes the keyword (or sets the positional argument to `False`). It is unsafe: `allow_pickle` is off by default, so enabling it was a choice, and a file that holds object arrays (pickles) stops loading; numeric arrays load exactly as before.',
      references: ['https://cwe.mitre.org/data/definitions/502.html', 'https://numpy.org/doc/stable/reference/generated/numpy.load.html', 'https://nvd.nist.gov/vuln/detail/CVE-2019-6446'],
    },
  },
  {
    kind: 'ast',
    keywords: ['allow_pickle', 'np.load(', 'numpy.load(', ...importedNameKeywords('load')],
    onFile(ctx) {
      const scope = ctx.python();
      for (const { call, callee } of pythonCallsTo(ctx, LOADERS)) {
        const flag = scope.argument(call, 2, 'allow_pickle');
        if (!flag) continue;
        const state = switchState(ctx, flag, 'allow_pickle');
        if (state.state === 'off') continue;
        const path = scope.argument(call, 0, 'file');
        const literalPath = isLiteralStringArg(ctx, path);
        const how =
          state.state === 'configurable'
            ? `takes \`allow_pickle\` ${configurableSource(state)}; when it is turned on,`
            : state.state === 'on-by-default'
              ? `is called with \`allow_pickle\` on by default (${state.source});`
              : 'is called with `allow_pickle` enabled;';
        ctx.report({
          ruleId: 'AIS104',
          range: ctx.rangeOfNode(call),
          message: `\`${callee.text}\` ${how} object arrays in the file are unpickled and can run code.${modelFileNote(ctx, path)}`,
          ...(state.state === 'configurable'
            ? { severity: 'info' as const, confidence: 'low' as const }
            : state.state === 'on-by-default'
              ? { severity: 'warning' as const, confidence: 'medium' as const }
              : literalPath && !scannedDangerous(ctx, path)
                ? { severity: 'warning' as const, confidence: 'medium' as const }
                : {}),
          fixes: fixesFor(ctx, call, flag),
        });
      }
    },
  },
);

function fixesFor(ctx: AstContext, call: Node, flag: Node): Fix[] {
  const keyword = keywordArgumentNode(call, 'allow_pickle');
  const edit = keyword ? removeArgumentEdit(ctx, call, keyword) : replaceNodeEdit(ctx, flag, 'False');
  return edit ? [{ title: keyword ? 'Remove `allow_pickle`' : 'Set `allow_pickle` to `False`', applicability: 'unsafe', preferred: true, edits: [edit] }] : [];
}
