/**
 * JS/TS module specifiers from a syntax tree: `import … from 'x'`, `export … from 'x'`, `import 'x'`,
 * `require('x')`, literal `import('x')` and TypeScript `import x = require('x')`. Relative paths, URLs,
 * `node:` and other protocol specifiers, subpath imports (`#x`) and path aliases (`@/x`, `~/x`) are skipped.
 */
import type { Node } from 'web-tree-sitter';
import { packageNameOfSpecifier } from '../manifests/npm-spec';
import type { ImportRef } from './types';

const VALID_NAME = /^(?:@[a-z0-9][\w.-]*\/)?[a-z0-9][\w.-]*$/i;

export function jsImports(root: Node, source?: string): ImportRef[] {
  const out: ImportRef[] = [];
  // `descendantsOfType` filters inside the parser's WASM; a JS-side walk of every node costs as much as the parse.
  for (const node of root.descendantsOfType(['import_statement', 'export_statement', 'import_require_clause'])) {
    if (!node) continue;
    if (node.type === 'import_require_clause') {
      const literal = node.childForFieldName('source') ?? node.namedChildren.find((c) => c?.type === 'string');
      if (literal) add(out, literal, false);
      continue;
    }
    const literal = node.childForFieldName('source');
    if (literal) add(out, literal, /^(import|export)\s+type\b/.test(node.text));
  }
  if (source === undefined || source.includes('require') || source.includes('import(') || source.includes('import (')) {
    for (const node of root.descendantsOfType('call_expression')) {
      const fn = node?.childForFieldName('function');
      if (!node || !fn || !(fn.type === 'import' || fn.text === 'require' || fn.text === 'import')) continue;
      const first = node.childForFieldName('arguments')?.namedChild(0);
      if (first && (first.type === 'string' || (first.type === 'template_string' && first.namedChildCount === 0))) add(out, first, false);
    }
  }
  return out.sort((a, b) => a.span.start - b.span.start);
}

/** CDNs that serve npm packages by name (`https://esm.sh/pkg@1`, `https://cdn.jsdelivr.net/npm/pkg`), and Deno's `npm:`. */
const PACKAGE_URL = /^(?:npm:|https?:\/\/(?:esm\.sh|unpkg\.com|cdn\.skypack\.dev|esm\.run|cdn\.jsdelivr\.net\/npm|ga\.jspm\.io\/npm:)\/?)((?:@[^/@]+\/)?[^/@?#]+)/i;

function add(out: ImportRef[], literal: Node, typeOnly: boolean): void {
  const text = literal.text;
  if (text.length < 2) return;
  const ref = refFromSpecifier(text.slice(1, -1), literal.startIndex + 1, typeOnly);
  if (ref) out.push(ref);
}

/** The package an import specifier names (`lodash/fp` → `lodash`, a CDN URL → its package), or undefined for relative paths, aliases and protocols. */
export function refFromSpecifier(specifier: string, specifierStart: number, typeOnly: boolean): ImportRef | undefined {
  const fromUrl = PACKAGE_URL.exec(specifier);
  if (fromUrl) {
    const name = fromUrl[1]!;
    if (!VALID_NAME.test(name)) return undefined;
    const start = specifierStart + fromUrl[0].length - name.length;
    return { ecosystem: 'npm', module: name, topLevel: name, span: { start, end: start + name.length }, optional: false, typeOnly, outsideManifests: true };
  }
  const name = packageNameOfSpecifier(specifier);
  if (!name || !VALID_NAME.test(name)) return undefined;
  return { ecosystem: 'npm', module: name, topLevel: name, span: { start: specifierStart, end: specifierStart + name.length }, optional: false, typeOnly };
}
