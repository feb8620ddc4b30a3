/**
 * Builds the edit that declares a missing dependency in the project's manifest (given by the host
 * through `ProjectFacts.manifestFor`): a new line in requirements.txt, a new string in pyproject.toml's
 * `[project].dependencies`, or a new entry in package.json's `dependencies`.
 */
import type { TextEdit } from '../../../engine/finding';
import type { ManifestRef } from '../../../engine/ports';
import { TextIndex } from '../../../engine/text-index';
import { parseJsonTree } from '../../../engine/manifests/json-tree';
import { parseTomlTree } from '../../../engine/manifests/toml-tree';
import { asArray, asObject, valueAt } from '../../../engine/manifests/tree';

/** The edit adding `requirement` (`name` or `name==1.2.3`; for npm the version range) to the manifest, or undefined when it cannot be placed. */
export function addDependencyEdit(manifest: ManifestRef, name: string, version: string | undefined): TextEdit | undefined {
  const index = indexOf(manifest);
  const at = (offset: number): TextEdit['range'] => index.rangeOf(offset, offset);
  switch (manifest.kind) {
    case 'requirements': {
      const end = manifest.text.length;
      const newline = end > 0 && !manifest.text.endsWith('\n') ? '\n' : '';
      return { file: manifest.file, range: at(end), newText: `${newline}${name}${version ? `>=${version}` : ''}\n` };
    }
    case 'pyproject': {
      const parsed = parsedToml(manifest);
      const deps = asArray(valueAt(parsed.root, 'project', 'dependencies'));
      if (parsed.error || !deps) return undefined;
      const requirement = JSON.stringify(`${name}${version ? `>=${version}` : ''}`);
      const last = deps.items[deps.items.length - 1];
      if (!last) return { file: manifest.file, range: at(deps.span.start + 1), newText: requirement };
      return { file: manifest.file, range: at(last.span.end), newText: `, ${requirement}` };
    }
    case 'package-json': {
      const parsed = parsedJson(manifest);
      if (parsed.error || !parsed.root) return undefined;
      const entry = JSON.stringify(name) + ': ' + JSON.stringify(version ? `^${version}` : '*');
      const deps = asObject(valueAt(parsed.root, 'dependencies'));
      if (deps) {
        const last = deps.entries[deps.entries.length - 1];
        return last ? { file: manifest.file, range: at(last.span.end), newText: `,\n    ${entry}` } : { file: manifest.file, range: at(deps.span.start + 1), newText: `\n    ${entry}\n  ` };
      }
      const lastTop = parsed.root.entries[parsed.root.entries.length - 1];
      if (!lastTop) return { file: manifest.file, range: at(parsed.root.span.start + 1), newText: `\n  "dependencies": {\n    ${entry}\n  }\n` };
      return { file: manifest.file, range: at(lastTop.span.end), newText: `,\n  "dependencies": {\n    ${entry}\n  }` };
    }
  }
}

/**
 * Hosts hand out the same manifest object while the file is unchanged (and a new one after it changed), and an
 * open document asks on every keystroke: its line index and parse are kept per object, and go with it.
 */
const indexes = new WeakMap<ManifestRef, TextIndex>();
const jsonTrees = new WeakMap<ManifestRef, { text: string; parsed: ReturnType<typeof parseJsonTree> }>();
const tomlTrees = new WeakMap<ManifestRef, { text: string; parsed: ReturnType<typeof parseTomlTree> }>();

function indexOf(manifest: ManifestRef): TextIndex {
  let index = indexes.get(manifest);
  if (!index || index.text !== manifest.text) indexes.set(manifest, (index = new TextIndex(manifest.text)));
  return index;
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
