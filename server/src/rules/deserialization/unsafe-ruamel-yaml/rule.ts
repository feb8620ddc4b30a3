/**
 * AIS113 unsafe-ruamel-yaml: ruamel.yaml with the `unsafe` (or `base`) type, or its old `load` API without
 * a safe loader.
 */
import type { Node } from 'web-tree-sitter';
import { defineRule, type AstContext } from '../../../engine/rule';
import { resolvedCalls } from '../../shared/python-calls';
import { keywordArgumentNode, replaceNodeEdit } from '../../shared/python-edits';
import { literalString } from '../../shared/python-values';

const OLD_LOADS = new Set(['ruamel.yaml.load', 'ruamel.yaml.load_all', 'ruamel.yaml.main.load', 'ruamel.yaml.main.load_all']);
const ALWAYS_UNSAFE = new Set(['ruamel.yaml.unsafe_load', 'ruamel.yaml.unsafe_load_all']);
const SAFE_LOADERS = /\.(SafeLoader|CSafeLoader|BaseLoader|CBaseLoader|RoundTripLoader)$/;

export default defineRule(
  {
    id: 'AIS113',
    name: 'unsafe-ruamel-yaml',
    title: 'ruamel.yaml configured to build Python objects',
    category: 'deserialization',
    fileKinds: ['python'],
    severity: 'error',
    confidence: 'high',
    cwe: ['CWE-502'],
    message: '`{{callee}}` {{why}}; YAML tags can then construct arbitrary Python objects. Use `YAML(typ="safe")`.',
    fixAvailability: 'sometimes',
    docs: {
      whatItDoes: 'Flags `ruamel.yaml.YAML(typ="unsafe")` (and, with lower severity, `typ="base"`), and the old module-level `ruamel.yaml.load` / `load_all` without a safe or round-trip `Loader`, and `ruamel.yaml.unsafe_load`.',
      whyIsThisBad: 'The unsafe type (and the old API\'s default loader) builds any Python object a `!!python/object` tag names, which lets a document run code while it is loaded.',
      example: 'from ruamel.yaml import YAML\n\ndata = YAML(typ="unsafe").load(stream)\n',
      useInstead: 'from ruamel.yaml import YAML\n\ndata = YAML(typ="safe").load(stream)\n',
      fixSafety: 'The fix changes `typ="unsafe"` (or `"base"`) to `typ="safe"`. It is unsafe: the loader type was chosen explicitly, and documents with Python-specific tags or registered classes stop loading; plain YAML loads the same.',
      references: ['https://cwe.mitre.org/data/definitions/502.html', 'https://yaml.dev/doc/ruamel.yaml/basicuse/'],
    },
  },
  {
    kind: 'ast',
    keywords: ['ruamel'],
    onFile(ctx) {
      const scope = ctx.python();
      for (const { call, callee, qualified } of resolvedCalls(ctx)) {
        if (!callee || !qualified?.startsWith('ruamel.yaml')) continue;
        if (qualified === 'ruamel.yaml.YAML' || qualified === 'ruamel.yaml.main.YAML') checkYamlType(ctx, call, callee);
        else if (ALWAYS_UNSAFE.has(qualified)) ctx.report({ ruleId: 'AIS113', range: ctx.rangeOfNode(call), data: { callee: callee.text, why: 'uses the unsafe loader' } });
        else if (OLD_LOADS.has(qualified)) {
          const loader = scope.argument(call, 1, 'Loader');
          const name = loader ? scope.literalValue(loader) : undefined;
          if (name?.kind === 'name' && SAFE_LOADERS.test(name.value)) continue;
          const known = !loader || name?.kind === 'name' || name?.kind === 'none';
          ctx.report({
            ruleId: 'AIS113',
            range: ctx.rangeOfNode(call),
            data: { callee: callee.text, why: loader ? 'is called with a Loader that is not known to be safe' : 'is called without a safe Loader (the old API then uses the unsafe loader)' },
            ...(known ? {} : { severity: 'warning' as const, confidence: 'low' as const }),
          });
        }
      }
    },
  },
);

function checkYamlType(ctx: AstContext, call: Node, callee: Node): void {
  const typ = ctx.python().argument(call, undefined, 'typ');
  const value = literalString(ctx, typ);
  if (!typ || (value !== 'unsafe' && value !== 'base')) return;
  const keyword = keywordArgumentNode(call, 'typ');
  const valueNode = keyword?.childForFieldName('value');
  const literalHere = valueNode?.type === 'string';
  ctx.report({
    ruleId: 'AIS113',
    range: ctx.rangeOfNode(call),
    data: { callee: callee.text, why: `is created with \`typ="${value}"\`` },
    ...(value === 'base' ? { severity: 'warning' as const, confidence: 'medium' as const } : {}),
    fixes: literalHere && valueNode ? [{ title: 'Use `typ="safe"`', applicability: 'unsafe', preferred: true, edits: [replaceNodeEdit(ctx, valueNode, '"safe"')] }] : [],
  });
}
