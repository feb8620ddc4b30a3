/**
 * JS/TS module specifiers from a syntax tree: `import … from 'x'`, `export … from 'x'`, `import 'x'`,
 * `require('x')`, literal `import('x')` and TypeScript `import x = require('x')`. Relative paths, URLs,
 * `node:` and other protocol specifiers, subpath imports (`#x`) and path aliases (`@/x`, `~/x`) are skipped.
 */
import type { Node } from 'web-tree-sitter';
import { packageNameOfSpecifier } from '../manifests/npm-spec';
import type { ImportRef } from './types';

const VALID_NAME = /^(?:@[a-z0-9][\w.-]*\/)?[a-z0-9][\w.-]*$/i;

export function jsImports(root: Node): ImportRef[] {
  const out: ImportRef[] = [];
  const stack: Node[] = [root];
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (node.type === 'import_statement' || node.type === 'export_statement') {
      const source = node.childForFieldName('source');
      if (source) add(out, source, /^(import|export)\s+type\b/.test(node.text));
    } else if (node.type === 'import_require_clause') {
      const source = node.childForFieldName('source') ?? node.namedChildren.find((c) => c?.type === 'string');
      if (source) add(out, source, false);
    } else if (node.type === 'call_expression') {
      const fn = node.childForFieldName('function');
      if (fn && (fn.type === 'import' || fn.text === 'require' || fn.text === 'import')) {
        const args = node.childForFieldName('arguments');
        const first = args?.namedChild(0);
        if (first && (first.type === 'string' || (first.type === 'template_string' && first.namedChildCount === 0))) add(out, first, false);
      }
    }
    for (let i = node.namedChildCount - 1; i >= 0; i--) {
      const child = node.namedChild(i);
      if (child) stack.push(child);
    }
  }
  return out;
}

/** CDNs that serve npm packages by name (`https://esm.sh/pkg@1`, `https://cdn.jsdelivr.net/npm/pkg`), and Deno's `npm:`. */
const PACKAGE_URL = /^(?:npm:|https?:\/\/(?:esm\.sh|unpkg\.com|cdn\.skypack\.dev|esm\.run|cdn\.jsdelivr\.net\/npm|ga\.jspm\.io\/npm:)\/?)((?:@[^/@]+\/)?[^/@?#]+)/i;

function add(out: ImportRef[], literal: Node, typeOnly: boolean): void {
  const text = literal.text;
  if (text.length < 2) return;
  const specifier = text.slice(1, -1);
  const fromUrl = PACKAGE_URL.exec(specifier);
  if (fromUrl) {
    const name = fromUrl[1]!;
    if (!VALID_NAME.test(name)) return;
    const start = literal.startIndex + 1 + fromUrl[0].length - name.length;
    out.push({ ecosystem: 'npm', module: name, topLevel: name, span: { start, end: start + name.length }, optional: false, typeOnly, outsideManifests: true });
    return;
  }
  const name = packageNameOfSpecifier(specifier);
  if (!name || !VALID_NAME.test(name)) return;
  const start = literal.startIndex + 1;
  out.push({ ecosystem: 'npm', module: name, topLevel: name, span: { start, end: start + name.length }, optional: false, typeOnly });
}
