/**
 * AIS211 pandas-eval-non-literal: `pandas.eval`, `DataFrame.eval` and `DataFrame.query` on an expression
 * that is not a literal.
 */
import type { Node } from 'web-tree-sitter';
import { defineRule, type AstContext } from '../../../engine/rule';
import { resolvedCalls } from '../../shared/python-calls';
import { unparenthesize } from '../../../engine/resolve/walk';
import { isLiteral, receiverConstructor, textImports } from '../../shared/python-values';

/**
 * `.query(`, `pandas.eval(` and `.eval(` followed by an argument: `model.eval()` (no argument) is in most
 * PyTorch files and must not make them parse.
 */
const FRAME_METHOD_KEYWORDS = ['.query(', 'import eval', ...[...'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ_"\'[(\n '].map((c) => `.eval(${c}`)];

const FRAME_NAME = /^(df|dfs|frame|dataframe|data_frame)$|^df_|_df$|dataframe|_frame$/i;

export default defineRule(
  {
    id: 'AIS211',
    name: 'pandas-eval-non-literal',
    title: 'pandas eval or query on a non-literal expression',
    category: 'code-execution',
    fileKinds: ['python'],
    severity: 'warning',
    advisory: { findings: 'all', editor: 'hidden', reason: 'The expressions pandas evaluates are nearly always built from column names and values the program controls (judged 0 actionable of 5); untrusted text reaching them is reported by the LLM-output taint rules.' },
    confidence: 'medium',
    cwe: ['CWE-94'],
    message: '`{{callee}}` evaluates an expression that is not a literal; pandas expressions can reach Python attributes and calls, so never build them from untrusted input.',
    fixAvailability: 'none',
    docs: {
      whatItDoes: 'Flags `pandas.eval(expr)` and `DataFrame.eval(expr)` / `DataFrame.query(expr)` when `expr` is not a literal string (an f-string with values, a concatenation, a variable). A receiver counts as a DataFrame when it was built by a pandas call (`pd.read_csv(...)`, `pd.DataFrame(...)`) or is named like one (`df`, `train_df`), in a file that imports pandas. `model.eval()` (no expression) is never flagged.',
      whyIsThisBad: 'pandas parses these expressions itself, but with the default `python`/`numexpr` engines they can access attributes and call methods of objects in scope, and `@` refers to local variables. Expressions built from request parameters or LLM output have been used to run code and read data (CodeQL models them as code execution).',
      example: 'import pandas as pd\n\ndf = pd.read_csv(path)\nrows = df.query(f"user == \'{name}\'")\n',
      useInstead: 'import pandas as pd\n\ndf = pd.read_csv(path)\nrows = df[df["user"] == name]  # or df.query("user == @name")\n',
      references: ['https://cwe.mitre.org/data/definitions/94.html', 'https://pandas.pydata.org/docs/reference/api/pandas.eval.html', 'https://pandas.pydata.org/docs/reference/api/pandas.DataFrame.query.html'],
    },
  },
  {
    kind: 'ast',
    keywords: FRAME_METHOD_KEYWORDS,
    onFile(ctx) {
      if (!textImports(ctx.text, 'pandas')) return;
      const scope = ctx.python();
      for (const { call, callee, qualified } of resolvedCalls(ctx)) {
        let isTarget = qualified === 'pandas.eval';
        if (!isTarget && callee.type === 'attribute') {
          const method = callee.childForFieldName('attribute')?.text;
          const receiver = callee.childForFieldName('object');
          isTarget = (method === 'eval' || method === 'query') && !!receiver && looksLikeFrame(ctx, receiver);
        }
        if (!isTarget) continue;
        const expr = scope.argument(call, 0, 'expr');
        // Only strings are parsed as expressions: literals of other types and callables (`df.query(lambda d: ...)`) are not.
        if (!expr || isLiteral(ctx, expr) || expr.type === 'lambda') continue;
        ctx.report({ ruleId: 'AIS211', range: ctx.rangeOfNode(call), data: { callee: callee.text } });
      }
    },
  },
);

function looksLikeFrame(ctx: AstContext, receiver: Node): boolean {
  const node = unparenthesize(receiver);
  const made = receiverConstructor(ctx, node);
  if (made?.startsWith('pandas.')) return true;
  // `df`, `self.train_df`, `df[cols]`, `df.loc[mask]`: judge by the name the chain starts from or ends with.
  let current: Node | null = node;
  while (current && (current.type === 'subscript' || current.type === 'call')) current = current.childForFieldName(current.type === 'subscript' ? 'value' : 'function');
  if (!current) return false;
  const name = current.type === 'attribute' ? current.childForFieldName('attribute')?.text : current.type === 'identifier' ? current.text : undefined;
  return !!name && FRAME_NAME.test(name);
}
