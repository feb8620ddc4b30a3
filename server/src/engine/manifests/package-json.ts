/**
 * package.json: every dependency field, npm `overrides` (nested), yarn `resolutions`, `pnpm.overrides`,
 * `npm:` aliases (the target is what gets installed), git/URL/file specifiers, the project's own
 * lifecycle install scripts, and `publishConfig.registry`.
 */
import { parseJsonTree } from './json-tree';
import { classifyNpmSpec } from './npm-spec';
import { asObject, asString, entryOf, valueAt } from './tree';
import type { ObjectEntry, StringNode } from './tree';
import { emptyManifest } from './types';
import type { Dependency, DependencyRole, ParsedManifest } from './types';

export const DEPENDENCY_FIELDS = ['dependencies', 'devDependencies', 'optionalDependencies', 'peerDependencies'] as const;
const INSTALL_SCRIPTS = ['preinstall', 'install', 'postinstall'];

export function parsePackageJson(text: string): ParsedManifest {
  const out = emptyManifest();
  const parsed = parseJsonTree(text);
  if (parsed.error) out.diagnostics.push({ message: `Invalid JSON: ${parsed.error.message}`, span: { start: parsed.error.offset, end: parsed.error.offset + 1 } });
  const root = parsed.root;
  if (!root || parsed.error) return out;
  out.projectName = asString(valueAt(root, 'name'))?.value;
  for (const field of DEPENDENCY_FIELDS) {
    for (const entry of asObject(valueAt(root, field))?.entries ?? []) addEntry(entry, field, 'install', out);
  }
  overrides(asObject(valueAt(root, 'overrides'))?.entries ?? [], 'overrides', out);
  for (const entry of asObject(valueAt(root, 'resolutions'))?.entries ?? []) {
    // Yarn resolution keys are paths (`**/lodash`, `a/b`); the last package name segment is the one forced.
    addEntry(entry, 'resolutions', 'override', out, resolutionTarget(entry.key));
  }
  for (const entry of asObject(valueAt(root, 'pnpm', 'overrides'))?.entries ?? []) addEntry(entry, 'pnpm.overrides', 'override', out, overrideTarget(entry.key));
  for (const name of INSTALL_SCRIPTS) {
    const entry = entryOf(valueAt(root, 'scripts'), name);
    const command = asString(entry?.value);
    if (entry && command) out.scripts.push({ name, command: command.value, span: entry.keySpan, entrySpan: entry.span });
  }
  const registry = asString(valueAt(root, 'publishConfig', 'registry'));
  if (registry) out.sources.push({ kind: 'npm-registry', url: registry.value, span: registry.contentSpan, entrySpan: registry.span });
  return out;
}

function overrides(entries: readonly ObjectEntry[], group: string, out: ParsedManifest): void {
  for (const entry of entries) {
    if (entry.value.type === 'string') addEntry(entry, group, 'override', out, overrideTarget(entry.key));
    else if (entry.value.type === 'object') {
      const self = entryOf(entry.value, '.');
      if (self) addEntry({ ...self, key: entry.key, keySpan: entry.keySpan }, group, 'override', out, overrideTarget(entry.key));
      overrides(entry.value.entries.filter((e) => e.key !== '.'), group, out);
    }
  }
}

function addEntry(entry: ObjectEntry, group: string, role: DependencyRole, out: ParsedManifest, nameOverride?: { name: string; offset: number }): void {
  const value = entry.value;
  if (value.type !== 'string') return;
  const dep = npmDependency(entry.key, { start: entry.keySpan.start + 1, end: entry.keySpan.end - 1 }, value, group, role, entry.span);
  if (nameOverride) {
    dep.name = nameOverride.name;
    dep.nameSpan = { start: entry.keySpan.start + 1 + nameOverride.offset, end: entry.keySpan.start + 1 + nameOverride.offset + nameOverride.name.length };
  }
  out.dependencies.push(dep);
}

/** Builds a dependency from a `"name": "spec"` pair, resolving `npm:` aliases to their target. */
export function npmDependency(key: string, keySpan: { start: number; end: number }, value: StringNode, group: string, role: DependencyRole, entrySpan: { start: number; end: number }): Dependency {
  const spec = classifyNpmSpec(value.value);
  const lead = value.value.length - value.value.trimStart().length;
  const specStart = value.contentSpan.start + lead;
  const dep: Dependency = { ecosystem: 'npm', name: key, nameSpan: keySpan, source: spec.source, group, role, entrySpan, spec: value.value, specSpan: value.contentSpan };
  if (spec.aliasTarget) {
    const target = spec.aliasTarget;
    dep.alias = { name: key, span: keySpan };
    dep.name = target.name;
    dep.nameSpan = { start: specStart + target.offset, end: specStart + target.offset + target.name.length };
    dep.spec = target.range;
    dep.specSpan = { start: specStart + target.rangeOffset, end: specStart + target.rangeOffset + target.range.length };
  }
  if (spec.pinned) {
    dep.pinned = spec.pinned;
    const at = value.value.lastIndexOf(spec.pinned);
    if (at >= 0) dep.pinnedSpan = { start: value.contentSpan.start + at, end: value.contentSpan.start + at + spec.pinned.length };
  }
  if (spec.source === 'vcs' || spec.source === 'url' || spec.source === 'path') {
    dep.url = value.value;
    dep.urlSpan = value.contentSpan;
    dep.vcsRef = spec.vcsRef;
  }
  return dep;
}

/**
 * The package an override key forces. npm and pnpm keys are selectors, not names: a version range may
 * follow the name (`body-parser@<=1.20.3`, `undici@>=6.0.0 <7.0.0`, `@scope/name@1`), and pnpm selects
 * a dependency of a dependency with `>` (`foo@1>bar@<2`); the last selector's name is the package.
 */
function overrideTarget(key: string): { name: string; offset: number } {
  // A `>` that starts a range (`@>=6`, `|| >3`) is not a separator; one after a name or version is.
  let selectorAt = 0;
  for (let i = key.length - 1; i > 0; i--) {
    if (key[i] === '>' && !'@ |<=>'.includes(key[i - 1]!) && key[i + 1] !== '=') {
      selectorAt = i + 1;
      break;
    }
  }
  return { name: key.slice(selectorAt).replace(/(.)@[^@]*$/, '$1'), offset: selectorAt };
}

function resolutionTarget(key: string): { name: string; offset: number } {
  const parts = key.split('/');
  let i = parts.length - 1;
  if (i > 0 && parts[i - 1]!.startsWith('@')) i--;
  const name = parts.slice(i).join('/');
  return { name, offset: key.length - name.length };
}
