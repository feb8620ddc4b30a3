/**
 * AIS702 unverified-ssl-context: `ssl._create_unverified_context` (and `_create_stdlib_context`) build
 * contexts that verify nothing; assigning it to `_create_default_https_context` turns verification off
 * for the whole process.
 */
import type { Node } from 'web-tree-sitter';
import { defineRule, type AstContext } from '../../../engine/rule';
import { moduleReference, replaceNodeEdit } from '../../shared/python-edits';

const UNVERIFIED = new Set(['ssl._create_unverified_context', 'ssl._create_stdlib_context']);

export default defineRule(
  {
    id: 'AIS702',
    name: 'unverified-ssl-context',
    title: 'Unverified SSL context',
    category: 'transport',
    fileKinds: ['python'],
    severity: 'error',
    confidence: 'high',
    cwe: ['CWE-295'],
    message: '`{{name}}` {{how}}: certificates and host names are not checked, so the connection can be intercepted.',
    fixAvailability: 'sometimes',
    peers: { bandit: ['B323'], ruff: ['S323'] },
    docs: {
      whatItDoes: 'Flags calls of `ssl._create_unverified_context()` / `ssl._create_stdlib_context()` and any other use of them, above all `ssl._create_default_https_context = ssl._create_unverified_context`, a common workaround for certificate errors when downloading datasets and models.',
      whyIsThisBad: 'These contexts set `CERT_NONE` and disable host-name checking. Assigned to `_create_default_https_context`, they switch verification off for every `urllib` request in the process, including downloads of weights and datasets, which can then be replaced in transit.',
      example: 'import ssl\n\nssl._create_default_https_context = ssl._create_unverified_context\n',
      useInstead: 'import ssl\n\nimport certifi\n\ncontext = ssl.create_default_context(cafile=certifi.where())\n',
      fixSafety: 'For a call, the fix uses `ssl.create_default_context()` instead. It is unsafe: servers with self-signed or internal certificates fail until their CA is loaded with `cafile=`.',
      references: ['https://cwe.mitre.org/data/definitions/295.html', 'https://peps.python.org/pep-0476/', 'https://docs.python.org/3/library/ssl.html#ssl.create_default_context'],
    },
  },
  {
    kind: 'ast',
    keywords: ['_create_unverified_context', '_create_stdlib_context'],
    onFile(ctx) {
      const scope = ctx.python();
      const seen = new Set<number>();
      for (const node of [...ctx.root.descendantsOfType('attribute'), ...ctx.root.descendantsOfType('identifier')]) {
        if (!node || !node.text.endsWith('context') || (node.parent?.type === 'attribute' && node.type === 'identifier')) continue;
        if (node.parent?.type === 'dotted_name' || node.parent?.type === 'aliased_import' || node.parent?.type === 'import_from_statement') continue;
        const qualified = scope.qualifiedName(node);
        if (!qualified || !UNVERIFIED.has(qualified) || seen.has(node.startIndex)) continue;
        seen.add(node.startIndex);
        report(ctx, node);
      }
    },
  },
);

function report(ctx: AstContext, reference: Node): void {
  const call = reference.parent?.type === 'call' && reference.parent.childForFieldName('function')?.id === reference.id ? reference.parent : undefined;
  const assignment = reference.parent?.type === 'assignment' ? reference.parent : undefined;
  const target = assignment?.childForFieldName('left')?.text ?? '';
  const how = call ? 'creates a context that verifies nothing' : target.endsWith('_create_default_https_context') ? 'becomes the default HTTPS context, turning verification off for every urllib request' : 'is used as a context factory';
  const ssl = call ? moduleReference(ctx, 'ssl') : undefined;
  ctx.report({
    ruleId: 'AIS702',
    range: ctx.rangeOfNode(call ?? assignment ?? reference),
    data: { name: reference.text, how },
    fixes: call && ssl ? [{ title: 'Use `ssl.create_default_context()`', applicability: 'unsafe', preferred: true, edits: [...ssl.edits, replaceNodeEdit(ctx, reference, `${ssl.name}.create_default_context`)] }] : [],
  });
}
