/**
 * Where a repository says under which licence a model, dataset or package is: a model or dataset card's
 * front matter (`license:` in README.md), a LICENSE file's text (`licence-text.ts`), a model file's own metadata (GGUF `general.license`, safetensors
 * `__metadata__`), and the `license` fields of package-lock.json entries. Offline and pure: the text or
 * bytes are given.
 */
import { isMap, isScalar, parseDocument } from 'yaml';
import { looksLikeGguf, readGgufMetadata } from '../../../engine/formats/gguf';
import { checkSafetensors, looksLikeSafetensors } from '../../../engine/formats/safetensors';
import { parseJsonTree } from '../../../engine/manifests/json-tree';
import { asArray, asObject, asString, entryOf, valueAt } from '../../../engine/manifests/tree';
import { parseTomlTree } from '../../../engine/manifests/toml-tree';
import type { Span } from '../../../engine/manifests/types';

/** A licence found in a text file: as written, and where its value is. */
export interface LicenceMention {
  text: string;
  span: Span;
}

/** Front-matter keys that only Hugging Face model and dataset cards use: a README with one of them is a card. */
const CARD_KEYS = ['library_name', 'pipeline_tag', 'base_model', 'model-index', 'model_name', 'datasets', 'task_categories', 'size_categories', 'inference', 'widget', 'license_name', 'license_link', 'tags'];

/**
 * The licence of a Hugging Face model or dataset card (YAML front matter of README.md): `license:` (a name
 * or a list), or `license_name:` when the licence is `other`. Undefined when the text is no card.
 */
export function cardLicence(text: string): { licence: LicenceMention | undefined; isCard: boolean } {
  const match = /^\uFEFF?---[ \t]*\r?\n([\s\S]*?)\r?\n---[ \t]*(?:\r?\n|$)/.exec(text);
  if (!match) return { licence: undefined, isCard: false };
  const offset = match[0].indexOf(match[1]!);
  const doc = parseDocument(match[1]!, { prettyErrors: false, uniqueKeys: false });
  const root = doc.contents;
  if (!isMap(root)) return { licence: undefined, isCard: false };
  const keys = new Map<string, unknown>();
  for (const pair of root.items) if (isScalar(pair.key)) keys.set(String(pair.key.value), pair.value);
  if (!keys.has('license') || !CARD_KEYS.some((k) => keys.has(k))) return { licence: undefined, isCard: CARD_KEYS.some((k) => keys.has(k)) };
  const value = keys.get('license');
  const scalars = isScalar(value) ? [value] : value && typeof value === 'object' && 'items' in value ? ((value as { items: unknown[] }).items.filter(isScalar)) : [];
  const names = scalars.map((s) => String(s.value)).filter((s) => s.trim() !== '');
  if (names.length === 0) return { licence: undefined, isCard: true };
  const first = scalars[0]!;
  const range = first.range ?? [0, 0];
  let licenceText = names.join(' OR ');
  if (names.length === 1 && names[0]!.toLowerCase() === 'other') {
    const named = keys.get('license_name');
    if (isScalar(named) && typeof named.value === 'string' && named.value.trim() !== '') licenceText = named.value;
  }
  return { licence: { text: licenceText, span: { start: offset + range[0], end: offset + range[1] } }, isCard: true };
}

/** The licence a model file declares in its own metadata (GGUF `general.license`, safetensors `__metadata__.license`). */
export function modelFileLicence(bytes: Uint8Array, fileSize: number): { text: string; source: string } | undefined {
  if (looksLikeGguf(bytes)) {
    const general = readGgufMetadata(bytes).general;
    const licence = general['license'] ?? general['license.name'];
    return licence && licence.trim() !== '' ? { text: licence, source: 'GGUF general.license' } : undefined;
  }
  if (looksLikeSafetensors(bytes)) {
    const metadata = checkSafetensors(bytes, fileSize).metadata;
    const licence = metadata?.['license'] ?? metadata?.['licence'];
    return licence && licence.trim() !== '' ? { text: licence, source: 'safetensors __metadata__' } : undefined;
  }
  return undefined;
}

/** A package-lock.json entry's `license`, with the package's name and version. */
export interface LockedLicence extends LicenceMention {
  name: string;
  version: string | undefined;
}

/** The `license` of every package in a package-lock.json (v2/v3 `packages`; the project's own entry left out). */
export function packageLockLicences(text: string): LockedLicence[] {
  const out: LockedLicence[] = [];
  const packages = asObject(entryOf(parseJsonTree(text).root, 'packages')?.value);
  for (const entry of packages?.entries ?? []) {
    if (entry.key === '') continue;
    const body = asObject(entry.value);
    const licence = asString(entryOf(body, 'license')?.value);
    if (!licence) continue;
    const name = asString(entryOf(body, 'name')?.value)?.value ?? entry.key.slice(entry.key.lastIndexOf('node_modules/') + 'node_modules/'.length);
    out.push({ name, version: asString(entryOf(body, 'version')?.value)?.value, text: licence.value, span: licence.contentSpan });
  }
  return out;
}

/** A manifest's own licence: an SPDX expression or name, or (`file`) the licence file it points to instead. */
export interface DeclaredLicence extends LicenceMention {
  /** `license = { file = "LICENSE" }` (pyproject) or `"SEE LICENSE IN LICENSE.txt"` (package.json): the file that holds it. */
  file?: string;
}

/**
 * The licence a package.json or pyproject.toml declares for its own package: package.json `license` (a string,
 * or the old `{ type }` and `licenses: [{ type }]` forms, alternatives joined with OR); pyproject.toml
 * `project.license` as a PEP 639 SPDX expression, a `{ text }` or `{ file }` table, the PEP 639 draft's
 * `project.license-expression`, or Poetry's `tool.poetry.license`.
 */
export function projectLicence(kind: 'package-json' | 'pyproject', text: string): DeclaredLicence | undefined {
  if (kind === 'package-json') {
    const root = parseJsonTree(text).root;
    const field = entryOf(root, 'license')?.value;
    const value = asString(field) ?? asString(entryOf(field, 'type')?.value);
    if (value) {
      const seeFile = /^see licen[cs]e in (.+)$/i.exec(value.value.trim());
      return { text: value.value, span: value.contentSpan, ...(seeFile ? { file: seeFile[1]!.trim() } : {}) };
    }
    const types = (asArray(entryOf(root, 'licenses')?.value)?.items ?? []).map((item) => asString(entryOf(item, 'type')?.value)).filter((t) => t !== undefined);
    return types.length > 0 ? { text: types.map((t) => t.value).join(' OR '), span: types[0]!.contentSpan } : undefined;
  }
  const root = parseTomlTree(text).root;
  const licence = valueAt(root, 'project', 'license');
  const value = asString(licence) ?? asString(valueAt(root, 'project', 'license-expression')) ?? asString(entryOf(licence, 'text')?.value) ?? asString(valueAt(root, 'tool', 'poetry', 'license'));
  if (value) return { text: value.value, span: value.contentSpan };
  const file = asString(entryOf(licence, 'file')?.value);
  return file ? { text: `the licence in ${file.value}`, span: file.contentSpan, file: file.value } : undefined;
}
