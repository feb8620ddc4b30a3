/**
 * Python lockfiles, which hold the exact versions that get installed: poetry.lock and uv.lock
 * (`[[package]]` tables), PEP 751 pylock.toml (`[[packages]]`) and Pipfile.lock (JSON `default` /
 * `develop` maps of `==version` pins). Each locked package becomes a `lock` dependency.
 */
import { parseJsonTree } from './json-tree';
import { parseTomlTree } from './toml-tree';
import { asArray, asObject, asString, stringAt, valueAt } from './tree';
import type { ValueNode } from './tree';
import { assignDependencyPaths, normalizePep503 } from './dependency-paths';
import { emptyManifest } from './types';
import type { Dependency, ParsedManifest } from './types';

export type PythonLockKind = 'poetry-lock' | 'uv-lock' | 'pylock' | 'pipfile-lock';

/** The Python lockfile kind of a file name, or undefined. */
export function pythonLockKind(path: string): PythonLockKind | undefined {
  const base = path.slice(Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\')) + 1).toLowerCase();
  if (base === 'poetry.lock') return 'poetry-lock';
  if (base === 'uv.lock') return 'uv-lock';
  if (base === 'pylock.toml' || /^pylock\.[^.]+\.toml$/.test(base)) return 'pylock';
  if (base === 'pipfile.lock') return 'pipfile-lock';
  return undefined;
}

export function parsePythonLock(kind: PythonLockKind, text: string): ParsedManifest {
  return kind === 'pipfile-lock' ? parsePipfileLock(text) : parseTomlLock(kind, text);
}

function parseTomlLock(kind: PythonLockKind, text: string): ParsedManifest {
  const out = emptyManifest();
  const parsed = parseTomlTree(text);
  if (parsed.error) out.diagnostics.push({ message: `Invalid TOML: ${parsed.error.message}`, span: { start: parsed.error.offset, end: parsed.error.offset + 1 } });
  const packages = asArray(valueAt(parsed.root, kind === 'pylock' ? 'packages' : 'package'))?.items ?? [];
  const requires = new Map<string, string[]>();
  let direct: string[] | undefined;
  for (const pkg of packages) {
    const name = asString(valueAt(pkg, 'name'));
    if (!name) continue;
    const needs = requirementNames(kind, pkg);
    requires.set(normalizePep503(name.value), needs);
    // uv.lock records the project itself (a virtual or editable source at "."): its requirements are the direct ones.
    if (kind === 'uv-lock' && /^\.?$/.test(stringAt(pkg, 'source', 'virtual') ?? stringAt(pkg, 'source', 'editable') ?? '-')) direct = [...(direct ?? []), ...needs];
    const dep: Dependency = { ecosystem: 'pypi', name: name.value, nameSpan: name.contentSpan, source: 'registry', group: 'lock', role: 'lock', entrySpan: pkg.span };
    const version = asString(valueAt(pkg, 'version'));
    if (version) {
      dep.pinned = version.value;
      dep.pinnedSpan = version.contentSpan;
    }
    lockSource(kind, pkg, dep);
    out.dependencies.push(dep);
  }
  if (kind !== 'pylock') assignDependencyPaths(out.dependencies, requires, normalizePep503, direct);
  return out;
}

/** The names a locked package requires: uv's `dependencies = [{ name = … }]`, Poetry's `[package.dependencies]` keys. */
function requirementNames(kind: PythonLockKind, pkg: ValueNode): string[] {
  if (kind === 'uv-lock') return (asArray(valueAt(pkg, 'dependencies'))?.items ?? []).map((item) => stringAt(item, 'name')).filter((n): n is string => n !== undefined);
  if (kind === 'poetry-lock') return (asObject(valueAt(pkg, 'dependencies'))?.entries ?? []).map((entry) => entry.key);
  return [];
}


/** Where a locked package comes from: an index, a git commit, a URL or a local path. */
function lockSource(kind: PythonLockKind, pkg: ValueNode, dep: Dependency): void {
  if (kind === 'poetry-lock') {
    const type = stringAt(pkg, 'source', 'type');
    const url = asString(valueAt(pkg, 'source', 'url'));
    if (type === 'git' && url) setLocation(dep, 'vcs', url, stringAt(pkg, 'source', 'resolved_reference') ?? stringAt(pkg, 'source', 'reference'));
    else if ((type === 'url' || type === 'legacy') && url) setLocation(dep, type === 'url' ? 'url' : 'registry', url);
    else if ((type === 'directory' || type === 'file') && url) dep.source = 'path';
    return;
  }
  if (kind === 'uv-lock') {
    const source = asObject(valueAt(pkg, 'source'));
    const git = asString(valueAt(source, 'git'));
    const url = asString(valueAt(source, 'url'));
    const registry = asString(valueAt(source, 'registry'));
    if (git) setLocation(dep, 'vcs', git, git.value.split('#')[1]);
    else if (url) setLocation(dep, 'url', url);
    else if (registry) setLocation(dep, 'registry', registry);
    else if (valueAt(source, 'editable') || valueAt(source, 'virtual') || valueAt(source, 'path') || valueAt(source, 'directory')) dep.source = 'workspace';
    return;
  }
  const vcs = asObject(valueAt(pkg, 'vcs'));
  const vcsUrl = asString(valueAt(vcs, 'url'));
  const index = asString(valueAt(pkg, 'index'));
  if (vcsUrl) setLocation(dep, 'vcs', vcsUrl, stringAt(vcs, 'commit-id') ?? stringAt(vcs, 'requested-revision'));
  else if (valueAt(pkg, 'directory')) dep.source = 'workspace';
  else if (index) setLocation(dep, 'registry', index);
}

function setLocation(dep: Dependency, source: Dependency['source'], url: Extract<ValueNode, { type: 'string' }>, ref?: string): void {
  dep.source = source;
  dep.url = url.value;
  dep.urlSpan = url.contentSpan;
  if (ref !== undefined) dep.vcsRef = ref;
  // Index URLs in lockfiles are checked for plain http; their archives are verified by the recorded hashes.
  if (source === 'registry') dep.integrity = 'lockfile-hashes';
}

function parsePipfileLock(text: string): ParsedManifest {
  const out = emptyManifest();
  const parsed = parseJsonTree(text);
  if (parsed.error) out.diagnostics.push({ message: `Invalid JSON: ${parsed.error.message}`, span: { start: parsed.error.offset, end: parsed.error.offset + 1 } });
  const root = parsed.root;
  if (!root || parsed.error) return out;
  for (const source of asArray(valueAt(root, '_meta', 'sources'))?.items ?? []) {
    const url = asString(valueAt(source, 'url'));
    if (url) out.sources.push({ kind: 'pipfile-source', url: url.value, span: url.contentSpan, entrySpan: source.span, name: stringAt(source, 'name') });
  }
  for (const section of ['default', 'develop']) {
    for (const entry of asObject(valueAt(root, section))?.entries ?? []) {
      const dep: Dependency = { ecosystem: 'pypi', name: entry.key, nameSpan: { start: entry.keySpan.start + 1, end: entry.keySpan.end - 1 }, source: 'registry', group: section, role: 'lock', entrySpan: entry.span };
      const version = asString(valueAt(entry.value, 'version'));
      const pinned = version ? /^===?(.+)$/.exec(version.value) : null;
      if (version && pinned) {
        dep.pinned = pinned[1];
        dep.pinnedSpan = { start: version.contentSpan.end - pinned[1]!.length, end: version.contentSpan.end };
      }
      const git = asString(valueAt(entry.value, 'git'));
      if (git) {
        dep.source = 'vcs';
        dep.url = git.value;
        dep.urlSpan = git.contentSpan;
        dep.vcsRef = stringAt(entry.value, 'ref');
      } else if (valueAt(entry.value, 'path') || valueAt(entry.value, 'file')) {
        dep.source = 'path';
      }
      out.dependencies.push(dep);
    }
  }
  return out;
}
