/**
 * Pipfile (TOML): `[[source]]` indexes with `verify_ssl`, and `[packages]`, `[dev-packages]` and custom
 * categories whose values are a version string or a table (`version`, `git`/`ref`, `path`, `index`).
 */
import { parseTomlTree } from './toml-tree';
import { asArray, asObject, asString, valueAt } from './tree';
import { tableDependency } from './pyproject';
import { emptyManifest } from './types';
import type { ParsedManifest } from './types';

const NOT_PACKAGE_TABLES = new Set(['source', 'requires', 'scripts', 'pipenv']);

export function parsePipfile(text: string): ParsedManifest {
  const out = emptyManifest();
  const parsed = parseTomlTree(text);
  if (parsed.error) out.diagnostics.push({ message: `Invalid TOML: ${parsed.error.message}`, span: { start: parsed.error.offset, end: parsed.error.offset + 1 } });
  const root = parsed.root;
  if (!root) return out;
  for (const src of asArray(valueAt(root, 'source'))?.items ?? []) {
    const url = asString(valueAt(src, 'url'));
    if (!url) continue;
    const verify = valueAt(src, 'verify_ssl');
    const disabled = verify?.type === 'boolean' && !verify.value;
    out.sources.push({ kind: 'pipfile-source', url: url.value, span: url.contentSpan, entrySpan: src.span, name: asString(valueAt(src, 'name'))?.value, tlsVerificationDisabled: disabled });
    if (disabled && verify) out.settings.push({ kind: 'verify-ssl-disabled', value: 'verify_ssl = false', span: verify.span, entrySpan: src.span });
  }
  for (const table of root.entries) {
    if (NOT_PACKAGE_TABLES.has(table.key) || table.value.type !== 'object') continue;
    for (const entry of asObject(table.value)!.entries) {
      out.dependencies.push(tableDependency(entry, entry.value, table.key, 'install'));
    }
  }
  return out;
}
