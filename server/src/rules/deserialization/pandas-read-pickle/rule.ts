/**
 * AIS105 pandas-read-pickle: `pandas.read_pickle` is `pickle.load` on a path or URL.
 */
import { defineRule } from '../../../engine/rule';
import { pythonCallsTo } from '../../shared/python-calls';
import { isLiteralStringArg, modelFileNote, scannedDangerous } from '../../shared/python-values';

const LOADERS = new Set(['pandas.read_pickle', 'pandas.io.pickle.read_pickle']);

export default defineRule(
  {
    id: 'AIS105',
    name: 'pandas-read-pickle',
    title: 'pandas.read_pickle loads pickle data',
    category: 'deserialization',
    fileKinds: ['python'],
    severity: 'error',
    confidence: 'high',
    cwe: ['CWE-502'],
    message: '`{{callee}}` unpickles the file, which runs code embedded in it; store data frames as Parquet, Feather or CSV.',
    fixAvailability: 'none',
    peers: { bandit: ['B301'], ruff: ['S301'] },
    docs: {
      whatItDoes: 'Flags `pandas.read_pickle(...)` through any alias (`pd.read_pickle`, `from pandas import read_pickle`).',
      whyIsThisBad: '`read_pickle` calls `pickle.load` on the file (or URL), so a crafted file runs arbitrary code when it is read. The pandas documentation warns that loading pickled data from untrusted sources is unsafe. The write side (`DataFrame.to_pickle`) is not flagged.',
      example: 'import pandas as pd\n\ndf = pd.read_pickle(uploaded_path)\n',
      useInstead: 'import pandas as pd\n\ndf = pd.read_parquet("data.parquet")\n',
      references: ['https://cwe.mitre.org/data/definitions/502.html', 'https://pandas.pydata.org/docs/reference/api/pandas.read_pickle.html'],
    },
  },
  {
    kind: 'ast',
    keywords: ['read_pickle'],
    onFile(ctx) {
      for (const { call, callee } of pythonCallsTo(ctx, LOADERS)) {
        const path = ctx.python().argument(call, 0, 'filepath_or_buffer');
        const literal = isLiteralStringArg(ctx, path);
        ctx.report({
          ruleId: 'AIS105',
          range: ctx.rangeOfNode(call),
          message: `\`${callee.text}\` unpickles the file, which runs code embedded in it; store data frames as Parquet, Feather or CSV.${modelFileNote(ctx, path)}`,
          ...(literal && !scannedDangerous(ctx, path) ? { severity: 'warning' as const, confidence: 'medium' as const } : {}),
        });
      }
    },
  },
);
