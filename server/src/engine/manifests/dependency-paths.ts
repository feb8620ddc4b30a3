/**
 * The chain of packages that pulls a locked package in (`Dependency.via`): the shortest path from a direct
 * dependency, for lockfiles that list each package's requirements by name (uv.lock, poetry.lock), by
 * descriptor or locked version (yarn.lock, pnpm-lock.yaml), or its dependents (pip-compile's `# via`).
 */
import type { Dependency } from './types';

/**
 * `requires`: package name → the names it requires (names as `key` gives them); `direct`: the project's
 * own requirements. Without them (poetry.lock does not record the project), packages nothing requires are
 * taken as the direct ones.
 */
export function assignDependencyPaths(deps: readonly Dependency[], requires: ReadonlyMap<string, readonly string[]>, key: (name: string) => string, direct?: readonly string[]): void {
  const byName = new Map<string, Dependency>();
  for (const dep of deps) if (!byName.has(key(dep.name))) byName.set(key(dep.name), dep);
  const keyed = new Map<string, string[]>();
  for (const [name, names] of requires) keyed.set(key(name), names.map(key));
  assignChains(byName, keyed, direct?.map(key) ?? unrequired(byName.keys(), keyed));
}

/**
 * Sets `via` on the packages of a lockfile graph: `nodes` are the locked packages by an id of the lockfile's
 * choosing (a name, `name@version`, a yarn block), `requires` the ids each one requires, `roots` the direct
 * dependencies. Each package gets the shortest chain from a root (breadth first); roots and packages no
 * root reaches get none.
 */
export function assignChains<Id>(nodes: ReadonlyMap<Id, Dependency>, requires: ReadonlyMap<Id, readonly Id[]>, roots: Iterable<Id>): void {
  const parent = new Map<Id, Id | undefined>();
  const queue: Id[] = [];
  for (const root of roots) {
    if (parent.has(root) || !nodes.has(root)) continue;
    parent.set(root, undefined);
    queue.push(root);
  }
  for (let i = 0; i < queue.length; i++) {
    const from = queue[i]!;
    for (const id of requires.get(from) ?? []) {
      if (parent.has(id) || !nodes.has(id)) continue;
      parent.set(id, from);
      queue.push(id);
    }
  }
  for (const [id, dep] of nodes) {
    const chain: { name: string; span: Dependency['nameSpan'] }[] = [];
    for (let at = parent.get(id); at !== undefined; at = parent.get(at)) {
      const up = nodes.get(at)!;
      chain.unshift({ name: up.alias?.name ?? up.name, span: up.nameSpan });
    }
    if (chain.length > 0) dep.via = chain;
  }
}

/** The ids nothing requires: the direct dependencies of a lockfile that does not record the project's own. */
export function unrequired<Id>(ids: Iterable<Id>, requires: ReadonlyMap<Id, readonly Id[]>): Id[] {
  const required = new Set<Id>();
  for (const list of requires.values()) for (const id of list) required.add(id);
  return [...ids].filter((id) => !required.has(id));
}

/** PEP 503 normalisation, for matching the names lockfiles and pip-compile comments spell differently. */
export function normalizePep503(name: string): string {
  return name.toLowerCase().replace(/[-_.]+/g, '-');
}
