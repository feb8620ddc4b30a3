/**
 * pyproject.toml: PEP 621 `[project]` dependencies and extras, PEP 735 `[dependency-groups]`,
 * `[build-system].requires`, Poetry dependencies, groups and sources, and uv sources, indexes,
 * `index-strategy` and override/constraint lists.
 */
import { parseRequirement } from './pep508';
import { parseTomlTree } from './toml-tree';
import { asArray, asObject, asString, entryOf, stringAt, valueAt } from './tree';
import type { ObjectEntry, ValueNode } from './tree';
import { emptyManifest } from './types';
import type { Dependency, DependencyRole, ParsedManifest } from './types';

export function parsePyproject(text: string): ParsedManifest {
  const out = emptyManifest();
  const parsed = parseTomlTree(text);
  if (parsed.error) out.diagnostics.push({ message: `Invalid TOML: ${parsed.error.message}`, span: { start: parsed.error.offset, end: parsed.error.offset + 1 } });
  const root = parsed.root;
  if (!root) return out;
  out.projectName = stringAt(root, 'project', 'name') ?? stringAt(root, 'tool', 'poetry', 'name');

  requirementArray(valueAt(root, 'project', 'dependencies'), 'project.dependencies', 'install', out);
  for (const e of asObject(valueAt(root, 'project', 'optional-dependencies'))?.entries ?? []) {
    requirementArray(e.value, `project.optional-dependencies.${e.key}`, 'install', out);
  }
  for (const e of asObject(valueAt(root, 'dependency-groups'))?.entries ?? []) {
    requirementArray(e.value, `dependency-groups.${e.key}`, 'install', out);
  }
  requirementArray(valueAt(root, 'build-system', 'requires'), 'build-system.requires', 'build', out);

  const poetry = valueAt(root, 'tool', 'poetry');
  poetryTable(valueAt(poetry, 'dependencies'), 'tool.poetry.dependencies', out);
  poetryTable(valueAt(poetry, 'dev-dependencies'), 'tool.poetry.dev-dependencies', out);
  for (const g of asObject(valueAt(poetry, 'group'))?.entries ?? []) {
    poetryTable(valueAt(g.value, 'dependencies'), `tool.poetry.group.${g.key}.dependencies`, out);
  }
  for (const src of asArray(valueAt(poetry, 'source'))?.items ?? []) {
    const url = asString(valueAt(src, 'url'));
    if (!url) continue;
    out.sources.push({ kind: 'poetry-source', url: url.value, span: url.contentSpan, entrySpan: src.span, name: stringAt(src, 'name'), priority: stringAt(src, 'priority') ?? (valueAt(src, 'secondary')?.type === 'boolean' ? 'secondary' : undefined) });
  }

  // PDM's development groups, a table of requirement arrays like PEP 735's `dependency-groups`.
  for (const e of asObject(valueAt(root, 'tool', 'pdm', 'dev-dependencies'))?.entries ?? []) {
    requirementArray(e.value, `tool.pdm.dev-dependencies.${e.key}`, 'install', out);
  }

  const uv = valueAt(root, 'tool', 'uv');
  requirementArray(valueAt(uv, 'dev-dependencies'), 'tool.uv.dev-dependencies', 'install', out);
  requirementArray(valueAt(uv, 'constraint-dependencies'), 'tool.uv.constraint-dependencies', 'constraint', out);
  requirementArray(valueAt(uv, 'override-dependencies'), 'tool.uv.override-dependencies', 'override', out);
  for (const idx of asArray(valueAt(uv, 'index'))?.items ?? []) {
    const url = asString(valueAt(idx, 'url'));
    if (!url) continue;
    const priority = valueAt(idx, 'explicit')?.type === 'boolean' && (valueAt(idx, 'explicit') as { value: boolean }).value ? 'explicit' : valueAt(idx, 'default')?.type === 'boolean' && (valueAt(idx, 'default') as { value: boolean }).value ? 'default' : 'supplemental';
    out.sources.push({ kind: 'uv-index', url: url.value, span: url.contentSpan, entrySpan: idx.span, name: stringAt(idx, 'name'), priority });
  }
  const uvIndexUrl = asString(valueAt(uv, 'index-url'));
  if (uvIndexUrl) out.sources.push({ kind: 'index-url', url: uvIndexUrl.value, span: uvIndexUrl.contentSpan, entrySpan: entryOf(uv, 'index-url')!.span });
  const uvExtra = entryOf(uv, 'extra-index-url');
  for (const item of uvExtra ? stringsOf(uvExtra.value) : []) out.sources.push({ kind: 'extra-index-url', url: item.value, span: item.contentSpan, entrySpan: uvExtra!.span });
  const strategy = entryOf(uv, 'index-strategy');
  const strategyValue = asString(strategy?.value);
  if (strategy && strategyValue) out.settings.push({ kind: 'index-strategy', value: strategyValue.value, span: strategyValue.contentSpan, entrySpan: strategy.span });
  for (const src of asObject(valueAt(uv, 'sources'))?.entries ?? []) uvSource(src, out);
  return out;
}

/** Each string of a TOML array, parsed as a PEP 508 requirement. */
export function requirementArray(node: ValueNode | undefined, group: string, role: DependencyRole, out: ParsedManifest): void {
  for (const item of asArray(node)?.items ?? []) {
    const s = asString(item);
    if (!s) continue;
    const parsed = parseRequirement(s.value, s.contentSpan.start, group, role, item.span);
    if (parsed.dependency) out.dependencies.push(parsed.dependency);
    else if (parsed.error) out.diagnostics.push(parsed.error);
  }
}

function stringsOf(node: ValueNode): Extract<ValueNode, { type: 'string' }>[] {
  if (node.type === 'string') return [node];
  return (asArray(node)?.items ?? []).filter((i): i is Extract<ValueNode, { type: 'string' }> => i.type === 'string');
}

/** `[tool.poetry.dependencies]`: name = "^1.2" | { version, git, rev, branch, tag, url, path, source } | [ ... ]. */
function poetryTable(node: ValueNode | undefined, group: string, out: ParsedManifest): void {
  for (const entry of asObject(node)?.entries ?? []) {
    if (entry.key.toLowerCase() === 'python') continue;
    const values = entry.value.type === 'array' ? entry.value.items : [entry.value];
    for (const value of values) out.dependencies.push(tableDependency(entry, value, group, 'install'));
  }
}

/** A name = spec-or-table entry as Poetry and Pipfile write it. */
export function tableDependency(entry: ObjectEntry, value: ValueNode, group: string, role: DependencyRole): Dependency {
  const dep: Dependency = { ecosystem: 'pypi', name: entry.key, nameSpan: entry.keySpan, source: 'registry', group, role, entrySpan: entry.span };
  if (entry.keySpan.end - entry.keySpan.start !== entry.key.length) dep.nameSpan = { start: entry.keySpan.start + 1, end: entry.keySpan.end - 1 };
  const spec = value.type === 'string' ? value : asString(valueAt(value, 'version'));
  if (spec && spec.value.trim() !== '*' && spec.value.trim() !== '') {
    dep.spec = spec.value;
    dep.specSpan = spec.contentSpan;
    const pinned = /^\s*(?:===?)?\s*v?(\d[A-Za-z0-9.!+_-]*)\s*$/.exec(spec.value);
    if (pinned) {
      dep.pinned = pinned[1];
      const at = spec.value.indexOf(pinned[1]!);
      dep.pinnedSpan = { start: spec.contentSpan.start + at, end: spec.contentSpan.start + at + pinned[1]!.length };
    }
  }
  if (value.type === 'object') {
    dep.index = stringAt(value, 'index') ?? stringAt(value, 'source');
    const git = asString(valueAt(value, 'git'));
    const url = asString(valueAt(value, 'url'));
    const path = asString(valueAt(value, 'path')) ?? asString(valueAt(value, 'file'));
    if (git) {
      dep.source = 'vcs';
      dep.url = git.value;
      dep.urlSpan = git.contentSpan;
      dep.vcsRef = stringAt(value, 'rev') ?? stringAt(value, 'ref') ?? stringAt(value, 'tag') ?? stringAt(value, 'branch');
    } else if (url) {
      dep.source = /^(git|hg|svn|bzr)\+/.test(url.value) ? 'vcs' : 'url';
      dep.url = url.value;
      dep.urlSpan = url.contentSpan;
    } else if (path) {
      dep.source = 'path';
      dep.url = path.value;
      dep.urlSpan = path.contentSpan;
    }
  }
  return dep;
}

function uvSource(entry: ObjectEntry, out: ParsedManifest): void {
  const values = entry.value.type === 'array' ? entry.value.items : [entry.value];
  for (const value of values) {
    if (value.type !== 'object') continue;
    if (!valueAt(value, 'git') && !valueAt(value, 'url')) continue;
    const dep = tableDependency(entry, value, 'tool.uv.sources', 'override');
    out.dependencies.push(dep);
  }
}

