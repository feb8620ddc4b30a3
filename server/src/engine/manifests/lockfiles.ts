/**
 * JS lockfiles: package-lock.json / npm-shrinkwrap.json (v1 nested `dependencies`, v2/v3 `packages`),
 * yarn.lock (v1 text and Berry YAML-like, read line by line) and pnpm-lock.yaml (v5, v6 and v9 keys).
 * Each locked package becomes a `lock` dependency with its exact version, resolved URL and integrity.
 */
import { isMap, isScalar, parseDocument } from 'yaml';
import type { Pair, Scalar, YAMLMap } from 'yaml';
import { parseJsonTree } from './json-tree';
import { asObject, asString, valueAt } from './tree';
import type { ObjectEntry, ValueNode } from './tree';
import { emptyManifest } from './types';
import type { Dependency, ParsedManifest, Span } from './types';
import { scalarSpan } from './conda-env';
import { assignChains, unrequired } from './dependency-paths';

export function parsePackageLock(text: string): ParsedManifest {
  const out = emptyManifest();
  const parsed = parseJsonTree(text);
  if (parsed.error) out.diagnostics.push({ message: `Invalid JSON: ${parsed.error.message}`, span: { start: parsed.error.offset, end: parsed.error.offset + 1 } });
  const root = parsed.root;
  if (!root || parsed.error) return out;
  out.projectName = asString(valueAt(root, 'name'))?.value;
  const packages = asObject(valueAt(root, 'packages'));
  if (packages) {
    const byKey = new Map<string, Dependency>();
    for (const entry of packages.entries) {
      const at = entry.key.lastIndexOf('node_modules/');
      if (at < 0 || entry.value.type !== 'object') continue;
      if (valueAt(entry.value, 'link')?.type === 'boolean') continue;
      const keyName = entry.key.slice(at + 'node_modules/'.length);
      const nameStart = entry.keySpan.start + 1 + at + 'node_modules/'.length;
      lockEntry(out, entry, keyName, { start: nameStart, end: nameStart + keyName.length }, entry.value);
      byKey.set(entry.key, out.dependencies[out.dependencies.length - 1]!);
    }
    dependencyPaths(packages.entries, byKey);
    return out;
  }
  v1Dependencies(asObject(valueAt(root, 'dependencies'))?.entries ?? [], out);
  return out;
}

const DEPENDENCY_FIELDS = ['dependencies', 'optionalDependencies', 'peerDependencies', 'devDependencies'];

/**
 * Sets `via` on each locked package: the shortest chain from a direct dependency of the project (the `""`
 * entry) that requires it, resolving each requirement as Node does (the requiring package's own
 * `node_modules`, then each folder above it).
 */
function dependencyPaths(entries: readonly ObjectEntry[], byKey: ReadonlyMap<string, Dependency>): void {
  const requires = new Map<string, string[]>();
  for (const entry of entries) {
    if (entry.value.type !== 'object') continue;
    const names: string[] = [];
    // A package's devDependencies are never installed for it; only the project's own are.
    for (const field of DEPENDENCY_FIELDS) if (field !== 'devDependencies' || entry.key === '') for (const dep of asObject(valueAt(entry.value, field))?.entries ?? []) names.push(dep.key);
    requires.set(entry.key, names);
  }
  const parent = new Map<string, string>([['', '']]);
  const queue = [''];
  for (let i = 0; i < queue.length; i++) {
    const from = queue[i]!;
    for (const name of requires.get(from) ?? []) {
      const target = resolveFrom(from, name, requires);
      if (target === undefined || parent.has(target)) continue;
      parent.set(target, from);
      queue.push(target);
    }
  }
  for (const [key, dep] of byKey) {
    const chain: { name: string; span: Span }[] = [];
    for (let at = parent.get(key); at !== undefined && at !== ''; at = parent.get(at)) {
      const up = byKey.get(at);
      if (!up) break;
      chain.unshift({ name: up.alias?.name ?? up.name, span: up.nameSpan });
    }
    if (chain.length > 0) dep.via = chain;
  }
}

/** Where Node finds `name` when `from` requires it: `from/node_modules/name`, then each enclosing folder's. */
function resolveFrom(from: string, name: string, known: ReadonlyMap<string, unknown>): string | undefined {
  let base = from;
  for (;;) {
    const candidate = base === '' ? `node_modules/${name}` : `${base}/node_modules/${name}`;
    if (known.has(candidate)) return candidate;
    if (base === '') return undefined;
    const up = base.lastIndexOf('/node_modules/');
    base = up < 0 ? '' : base.slice(0, up);
  }
}

function v1Dependencies(entries: readonly ObjectEntry[], out: ParsedManifest): void {
  for (const entry of entries) {
    if (entry.value.type !== 'object') continue;
    lockEntry(out, entry, entry.key, { start: entry.keySpan.start + 1, end: entry.keySpan.end - 1 }, entry.value);
    v1Dependencies(asObject(valueAt(entry.value, 'dependencies'))?.entries ?? [], out);
  }
}

function lockEntry(out: ParsedManifest, entry: ObjectEntry, keyName: string, keySpan: Span, value: ValueNode): void {
  const version = asString(valueAt(value, 'version'));
  const realName = asString(valueAt(value, 'name'))?.value;
  const dep: Dependency = { ecosystem: 'npm', name: keyName, nameSpan: keySpan, source: 'registry', group: 'lock', role: 'lock', entrySpan: entry.span };
  if (realName && realName !== keyName) {
    dep.alias = { name: keyName, span: keySpan };
    dep.name = realName;
  }
  if (version) {
    const aliased = /^npm:((?:@[^/]+\/)?[^@]+)@(.+)$/.exec(version.value);
    if (aliased) {
      dep.alias = { name: keyName, span: keySpan };
      dep.name = aliased[1]!;
      dep.pinned = aliased[2]!;
      dep.pinnedSpan = { start: version.contentSpan.end - aliased[2]!.length, end: version.contentSpan.end };
    } else if (/^\d/.test(version.value)) {
      dep.pinned = version.value;
      dep.pinnedSpan = version.contentSpan;
    } else {
      dep.source = /^(file|link):/.test(version.value) ? 'path' : 'vcs';
      dep.url = version.value;
      dep.urlSpan = version.contentSpan;
    }
  }
  const resolved = asString(valueAt(value, 'resolved'));
  if (resolved) {
    dep.url ??= resolved.value;
    dep.urlSpan ??= resolved.contentSpan;
    if (/^git/.test(resolved.value)) {
      dep.source = 'vcs';
      dep.url = resolved.value;
      dep.urlSpan = resolved.contentSpan;
      dep.vcsRef = resolved.value.split('#')[1];
    }
  }
  dep.integrity = asString(valueAt(value, 'integrity'))?.value;
  const scripts = valueAt(value, 'hasInstallScript');
  dep.hasInstallScript = scripts?.type === 'boolean' && scripts.value;
  out.dependencies.push(dep);
}

/** One `"pkg@range":` block of a yarn.lock: its descriptors, the packages it requires, and the package it locks. */
interface YarnBlock {
  descriptors: string[];
  requires: { name: string; range: string }[];
  dep: Dependency | undefined;
  workspace: boolean;
}

/**
 * yarn.lock, v1 (`"pkg@^1":` blocks with `version "1.2.3"`) and Berry (`resolution: "pkg@npm:1.2.3"`).
 * `direct` names the project's own dependencies (from package.json); Berry records them in its workspace
 * blocks, and without either the packages nothing requires are taken as the direct ones.
 */
export function parseYarnLock(text: string, direct?: ReadonlySet<string>): ParsedManifest {
  const out = emptyManifest();
  const blocks: YarnBlock[] = [];
  let block: YarnBlock | undefined;
  let current: Dependency | undefined;
  let section: string | undefined;
  let pos = 0;
  const flush = (): void => {
    if (current && current.source !== 'workspace') out.dependencies.push(current);
    if (block) block.workspace = current?.source === 'workspace' || block.descriptors.some((d) => /@workspace:/.test(d));
    current = undefined;
    block = undefined;
  };
  while (pos < text.length) {
    let eol = text.indexOf('\n', pos);
    if (eol < 0) eol = text.length;
    const line = text.slice(pos, eol).replace(/\r$/, '');
    const start = pos;
    pos = eol + 1;
    if (line.trim() === '' || line.trimStart().startsWith('#')) continue;
    if (!/^\s/.test(line)) {
      flush();
      if (!line.endsWith(':')) {
        out.diagnostics.push({ message: 'Expected a `"package@range":` entry header ending with `:`.', span: { start, end: start + line.length } });
        continue;
      }
      if (line.startsWith('__metadata')) continue;
      current = yarnHeader(line, start);
      section = undefined;
      block = { descriptors: yarnDescriptors(line), requires: [], dep: current, workspace: false };
      blocks.push(block);
      continue;
    }
    if (!current || !block) continue;
    if (/^\s{4}/.test(line)) {
      // A required package: `    name "range"` (v1) or `    name: range` (Berry), in the dependency sections only.
      const required = /^\s{4}("?)((?:@[^\s"/]+\/)?[^\s"@:][^\s":]*)\1:?\s+"?([^"]*?)"?\s*$/.exec(line);
      if (required && (section === 'dependencies' || section === 'optionalDependencies')) block.requires.push({ name: required[2]!, range: required[3]! });
      continue;
    }
    section = /^\s{2}(\w+):\s*$/.exec(line)?.[1];
    const field = /^\s{2}(\w+):?\s+"?([^"]*)"?\s*$/.exec(line);
    if (!field) continue;
    const [, key, value] = field;
    const valueAt = start + line.lastIndexOf(value!);
    const span = { start: valueAt, end: valueAt + value!.length };
    if (key === 'version' && /^\d/.test(value!)) {
      current.pinned = value;
      current.pinnedSpan = span;
      current.entrySpan = { start: current.entrySpan.start, end: pos };
    } else if (key === 'resolved' || key === 'resolution') {
      if (key === 'resolved' || !/@npm:/.test(value!)) {
        current.url = value;
        current.urlSpan = span;
      }
      // Yarn v1 records the archive's SHA-1 in the URL fragment (`.tgz#<sha1>`).
      const fragment = /#([0-9a-f]{40})$/.exec(value!);
      if (fragment) current.integrity ??= `sha1-${fragment[1]}`;
      if (/^(git|github:)|\.git#|@(git|github)[:+]/.test(value!)) {
        current.source = 'vcs';
        current.vcsRef = value!.split('#')[1];
      }
      if (/@workspace:|@link:|@portal:|@file:/.test(value!)) current.source = key === 'resolution' ? 'workspace' : current.source;
    } else if (key === 'integrity' || key === 'checksum') {
      current.integrity = value;
    }
    current.entrySpan = { start: current.entrySpan.start, end: Math.min(pos, text.length) };
  }
  flush();
  yarnDependencyPaths(blocks, direct);
  return out;
}

/** The descriptors a block header lists (`"a@^1", "a@^1.2":`, or Berry's `"a@npm:^1, a@npm:^1.2":`). */
function yarnDescriptors(header: string): string[] {
  return header.slice(0, -1).split(/,\s*/).map((d) => d.trim().replace(/^"|"$/g, '')).filter(Boolean);
}

/** Sets `via` from the blocks' requirements, each resolved to the block that lists its descriptor. */
function yarnDependencyPaths(blocks: readonly YarnBlock[], direct: ReadonlySet<string> | undefined): void {
  const byDescriptor = new Map<string, number>();
  blocks.forEach((block, i) => {
    for (const descriptor of block.descriptors) byDescriptor.set(descriptor, i);
  });
  // Berry writes `ms: 2.1.2` in Yarn 2 lockfiles for the block `ms@npm:2.1.2`.
  const resolve = (name: string, range: string): number | undefined => byDescriptor.get(`${name}@${range}`) ?? (/^[a-z]+:/.test(range) ? undefined : byDescriptor.get(`${name}@npm:${range}`));
  const nodes = new Map<number, Dependency>();
  const requires = new Map<number, number[]>();
  const roots: number[] = [];
  blocks.forEach((block, i) => {
    const targets = block.requires.map((r) => resolve(r.name, r.range)).filter((t): t is number => t !== undefined);
    if (block.workspace) roots.push(...targets);
    else if (block.dep) {
      nodes.set(i, block.dep);
      requires.set(i, targets);
    }
  });
  if (!blocks.some((block) => block.workspace)) {
    roots.push(...unrequired(nodes.keys(), requires));
    if (direct) nodes.forEach((dep, i) => {
      if (direct.has((dep.alias?.name ?? dep.name).toLowerCase())) roots.push(i);
    });
  }
  assignChains(nodes, requires, roots);
}

function yarnHeader(line: string, start: number): Dependency | undefined {
  const first = line.slice(0, -1).split(/,\s*/)[0]!;
  const quoted = first.startsWith('"');
  const descriptor = quoted ? first.slice(1, -1) : first;
  const at = descriptor.indexOf('@', descriptor.startsWith('@') ? 1 : 0);
  if (at <= 0) return undefined;
  let name = descriptor.slice(0, at);
  let nameStart = start + (quoted ? 1 : 0);
  const range = descriptor.slice(at + 1);
  const dep: Dependency = { ecosystem: 'npm', name, nameSpan: { start: nameStart, end: nameStart + name.length }, source: 'registry', group: 'lock', role: 'lock', entrySpan: { start, end: start + line.length } };
  const alias = /^npm:((?:@[^/@]+\/)?[^@]+)@/.exec(range);
  if (alias && alias[1] !== name) {
    dep.alias = { name, span: dep.nameSpan };
    name = alias[1]!;
    nameStart += at + 1 + 4;
    dep.name = name;
    dep.nameSpan = { start: nameStart, end: nameStart + name.length };
  }
  if (/^(workspace|link|portal|file):/.test(range)) dep.source = 'workspace';
  return dep;
}

/** pnpm-lock.yaml `packages:` keys in the v5 (`/name/1.0.0`), v6 (`/name@1.0.0`) and v9 (`name@1.0.0(peer)`) forms. */
export function parsePnpmLock(text: string): ParsedManifest {
  const out = emptyManifest();
  const doc = parseDocument(text, { prettyErrors: false, uniqueKeys: false });
  for (const error of doc.errors) {
    out.diagnostics.push({ message: `Invalid YAML: ${error.message.split('\n')[0]}`, span: { start: error.pos[0], end: Math.max(error.pos[1], error.pos[0] + 1) } });
  }
  if (doc.errors.length > 0 || !isMap(doc.contents)) return out;
  const packages = doc.contents.get('packages', true);
  if (!isMap(packages)) return out;
  for (const pair of packages.items as Pair<Scalar, unknown>[]) {
    if (!isScalar(pair.key) || typeof pair.key.value !== 'string' || !pair.key.range) continue;
    const key = pair.key.value;
    const keySpan = scalarSpan(text, pair.key);
    const parsedKey = pnpmKey(key);
    if (!parsedKey) continue;
    const nameStart = keySpan.start + parsedKey.nameOffset;
    const versionStart = keySpan.start + parsedKey.versionOffset;
    const dep: Dependency = {
      ecosystem: 'npm',
      name: parsedKey.name,
      nameSpan: { start: nameStart, end: nameStart + parsedKey.name.length },
      source: 'registry',
      group: 'lock',
      role: 'lock',
      entrySpan: { start: pair.key.range[0], end: (pair.value as { range?: [number, number, number] } | null)?.range?.[2] ?? keySpan.end },
    };
    if (/^\d/.test(parsedKey.version)) {
      dep.pinned = parsedKey.version;
      dep.pinnedSpan = { start: versionStart, end: versionStart + parsedKey.version.length };
    }
    if (isMap(pair.value)) {
      const resolution = pair.value.get('resolution', true);
      if (isMap(resolution)) {
        const integrity = resolution.get('integrity');
        const tarball = resolution.get('tarball', true);
        if (typeof integrity === 'string') dep.integrity = integrity;
        if (isScalar(tarball) && typeof tarball.value === 'string') {
          dep.url = tarball.value;
          dep.urlSpan = scalarSpan(text, tarball);
        }
        const repo = resolution.get('repo');
        const commit = resolution.get('commit');
        if (typeof repo === 'string') {
          dep.source = 'vcs';
          dep.url = repo;
          dep.vcsRef = typeof commit === 'string' ? commit : undefined;
        }
      }
      if (pair.value.get('requiresBuild') === true) dep.hasInstallScript = true;
    }
    out.dependencies.push(dep);
  }
  pnpmDependencyPaths(doc.contents, out.dependencies);
  return out;
}

const PNPM_SECTIONS = ['dependencies', 'optionalDependencies', 'devDependencies'];

/**
 * Sets `via` from the lockfile's own graph: the importers' (or, in single-project v5/v6 files, the top-level)
 * dependencies are the direct ones, and each package's `dependencies` (in `snapshots:` from v9 on, in
 * `packages:` before) name the locked versions it requires, peers written after the version.
 */
function pnpmDependencyPaths(root: YAMLMap, deps: readonly Dependency[]): void {
  const nodes = new Map<string, Dependency>();
  for (const dep of deps) {
    const id = `${dep.name}@${dep.pinned ?? ''}`;
    if (!nodes.has(id)) nodes.set(id, dep);
  }
  const requires = new Map<string, string[]>();
  const graph = root.get('snapshots', true) ?? root.get('packages', true);
  for (const [key, value] of mapEntries(graph)) {
    const parsed = pnpmKey(key);
    if (!parsed) continue;
    const targets: string[] = [];
    for (const section of PNPM_SECTIONS.slice(0, 2)) for (const [name, ref] of mapEntries(isMap(value) ? value.get(section, true) : undefined)) pushRef(targets, name, ref);
    requires.set(`${parsed.name}@${parsed.version}`, targets);
  }
  const roots: string[] = [];
  const importers = root.get('importers', true);
  for (const project of isMap(importers) ? mapEntries(importers).map(([, value]) => value) : [root]) {
    for (const section of PNPM_SECTIONS) for (const [name, ref] of mapEntries(isMap(project) ? project.get(section, true) : undefined)) pushRef(roots, name, isMap(ref) ? ref.get('version', true) : ref);
  }
  assignChains(nodes, requires, roots);
}

/** The id (`name@version`) a dependency's locked reference names: a version with peers, an alias, or a local link (none). */
function pushRef(out: string[], name: string, ref: unknown): void {
  const value = isScalar(ref) ? String(ref.value) : undefined;
  if (!value || /^(link|file|workspace):/.test(value)) return;
  // An alias: `/string-width/4.2.3` (v5) or `string-width@4.2.3` (v6, v9).
  // A version starts with a digit; a peer suffix after it can hold `@` (`1.0.0_b@2.0.0`, `1.0.0(b@2.0.0)`).
  const aliased = value.startsWith('/') || /^(@[^/@()]+\/)?[^@()/\d][^@()/]*@/.test(value) ? pnpmKey(value) : undefined;
  out.push(aliased ? `${aliased.name}@${aliased.version}` : `${name}@${value.replace(/[(_].*$/, '')}`);
}

function mapEntries(node: unknown): [string, unknown][] {
  if (!isMap(node)) return [];
  return (node.items as Pair<unknown, unknown>[]).filter((pair) => isScalar(pair.key)).map((pair) => [String((pair.key as Scalar).value), pair.value]);
}

function pnpmKey(key: string): { name: string; nameOffset: number; version: string; versionOffset: number } | undefined {
  const lead = key.startsWith('/') ? 1 : 0;
  const body = key.slice(lead);
  const at = body.indexOf('@', body.startsWith('@') ? 1 : 0);
  // v6 and v9 put the version after `@`; in v5 an `@` can only come later, in a peer suffix (`/a/1.0.0_b@2.0.0`).
  if (at > 0 && body.slice(0, at).split('/').length === (body.startsWith('@') ? 2 : 1)) {
    const name = body.slice(0, at);
    const version = body.slice(at + 1).replace(/[(_].*$/, '');
    return { name, nameOffset: lead, version, versionOffset: lead + at + 1 };
  }
  // v5: `/name/1.0.0` or `/@scope/name/1.0.0_peer`.
  const parts = body.split('/');
  if (parts.length < 2) return undefined;
  const versionPart = parts.pop()!;
  const name = parts.join('/');
  return { name, nameOffset: lead, version: versionPart.replace(/_.*$/, ''), versionOffset: lead + name.length + 1 };
}
