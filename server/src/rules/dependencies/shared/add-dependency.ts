/**
 * Builds the edit that declares a missing dependency in the project's manifest (given by the host
 * through `ProjectFacts.manifestFor`): a new line in requirements.txt, a new string in pyproject.toml's
 * `[project].dependencies`, or a new entry in package.json's `dependencies`. The version constraint
 * follows the manifest's own style (`==`, `~=` or `>=` for PyPI; `^`, `~` or an exact version for npm),
 * from the latest version the package intelligence knows; without one, PyPI manifests get the bare name
 * and package.json gets no edit (`"*"` would accept any future release, including a malicious one).
 * The edit carries the digest of the manifest text, so a host applies it to that text only.
 */
import type { TextEdit } from '../../../engine/finding';
import type { ManifestRef } from '../../../engine/ports';
import { sha256Hex } from '../../../engine/secrets/sha256';
import { TextIndex } from '../../../engine/text-index';
import { parseJsonTree } from '../../../engine/manifests/json-tree';
import { parseTomlTree } from '../../../engine/manifests/toml-tree';
import { asArray, asObject, valueAt, type ValueNode } from '../../../engine/manifests/tree';

/** The edit adding `name` (with a constraint from `version`, the latest release, when known) to the manifest, or undefined when it cannot be placed. */
export function addDependencyEdit(manifest: ManifestRef, name: string, version: string | undefined): TextEdit | undefined {
  const index = indexOf(manifest);
  const edit = (offset: number, newText: string): TextEdit => ({ file: manifest.file, range: index.rangeOf(offset, offset), newText, fileDigest: digestOf(manifest) });
  switch (manifest.kind) {
    case 'requirements': {
      const end = manifest.text.length;
      // A last line ending in a backslash continues onto the next: an empty line ends it first.
      const newline = (end > 0 && !manifest.text.endsWith('\n') ? '\n' : '') + (/\\\r?\n?$/.test(manifest.text) ? '\n' : '');
      const specs = manifest.text.split(/\r?\n/).filter((line) => !/^\s*(?:#|-|$)/.test(line));
      return edit(end, `${newline}${name}${pypiConstraint(specs, version)}\n`);
    }
    case 'pyproject': {
      const parsed = parsedToml(manifest);
      const deps = asArray(valueAt(parsed.root, 'project', 'dependencies'));
      if (parsed.error || !deps) return undefined;
      const requirement = JSON.stringify(`${name}${pypiConstraint(stringsOf(deps.items), version)}`);
      const last = deps.items[deps.items.length - 1];
      if (!last) return edit(deps.span.start + 1, requirement);
      return edit(last.span.end, `, ${requirement}`);
    }
    case 'package-json': {
      const parsed = parsedJson(manifest);
      if (parsed.error || !parsed.root || !version) return undefined;
      const deps = asObject(valueAt(parsed.root, 'dependencies'));
      const declared = ['dependencies', 'devDependencies'].flatMap((key) => asObject(valueAt(parsed.root, key))?.entries.map((e) => e.value) ?? []);
      const entry = JSON.stringify(name) + ': ' + JSON.stringify(npmConstraint(stringsOf(declared), version));
      if (deps) {
        const last = deps.entries[deps.entries.length - 1];
        return last ? edit(last.span.end, `,\n    ${entry}`) : edit(deps.span.start + 1, `\n    ${entry}\n  `);
      }
      const lastTop = parsed.root.entries[parsed.root.entries.length - 1];
      if (!lastTop) return edit(parsed.root.span.start + 1, `\n  "dependencies": {\n    ${entry}\n  }\n`);
      return edit(lastTop.span.end, `,\n  "dependencies": {\n    ${entry}\n  }`);
    }
  }
}

/** `>=1.2` (or `==`/`~=` when the manifest pins that way); empty without a known version. */
function pypiConstraint(specs: readonly string[], version: string | undefined): string {
  if (!version) return '';
  const operator = mostCommon(specs.map((spec) => /(==|~=|>=)/.exec(spec)?.[1]).filter((op): op is string => op !== undefined)) ?? '>=';
  return `${operator}${version}`;
}

/** `^1.2.3` (or `~1.2.3`, or `1.2.3` when the manifest pins exact versions). */
function npmConstraint(ranges: readonly string[], version: string): string {
  const prefixes = ranges.flatMap((range): string[] => (range.startsWith('^') ? ['^'] : range.startsWith('~') ? ['~'] : /^\d/.test(range) ? [''] : []));
  return `${mostCommon(prefixes) ?? '^'}${version}`;
}

function mostCommon(values: readonly string[]): string | undefined {
  const counts = new Map<string, number>();
  for (const value of values) counts.set(value, (counts.get(value) ?? 0) + 1);
  let best: string | undefined;
  for (const [value, count] of counts) if (best === undefined || count > counts.get(best)!) best = value;
  return best;
}

function stringsOf(nodes: readonly ValueNode[]): string[] {
  return nodes.flatMap((node) => (node.type === 'string' ? [node.value] : []));
}

/**
 * Hosts hand out the same manifest object while the file is unchanged (and a new one after it changed), and an
 * open document asks on every keystroke: its line index and parse are kept per object, and go with it.
 */
const indexes = new WeakMap<ManifestRef, TextIndex>();
const digests = new WeakMap<ManifestRef, { text: string; digest: string }>();
const jsonTrees = new WeakMap<ManifestRef, { text: string; parsed: ReturnType<typeof parseJsonTree> }>();
const tomlTrees = new WeakMap<ManifestRef, { text: string; parsed: ReturnType<typeof parseTomlTree> }>();

function indexOf(manifest: ManifestRef): TextIndex {
  let index = indexes.get(manifest);
  if (!index || index.text !== manifest.text) indexes.set(manifest, (index = new TextIndex(manifest.text)));
  return index;
}

function digestOf(manifest: ManifestRef): string {
  let cached = digests.get(manifest);
  if (!cached || cached.text !== manifest.text) digests.set(manifest, (cached = { text: manifest.text, digest: sha256Hex(manifest.text) }));
  return cached.digest;
}

function parsedJson(manifest: ManifestRef): ReturnType<typeof parseJsonTree> {
  let cached = jsonTrees.get(manifest);
  if (!cached || cached.text !== manifest.text) jsonTrees.set(manifest, (cached = { text: manifest.text, parsed: parseJsonTree(manifest.text) }));
  return cached.parsed;
}

function parsedToml(manifest: ManifestRef): ReturnType<typeof parseTomlTree> {
  let cached = tomlTrees.get(manifest);
  if (!cached || cached.text !== manifest.text) tomlTrees.set(manifest, (cached = { text: manifest.text, parsed: parseTomlTree(manifest.text) }));
  return cached.parsed;
}
