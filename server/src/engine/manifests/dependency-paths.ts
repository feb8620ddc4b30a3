/**
 * The chain of packages that pulls a locked package in (`Dependency.via`), for lockfiles that list each
 * package's requirements by name (uv.lock, poetry.lock) or its dependents (pip-compile's `# via`
 * comments): the shortest path from a direct dependency.
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
  const required = new Set<string>();
  for (const names of requires.values()) for (const name of names) required.add(key(name));
  const roots = (direct ?? [...byName.keys()].filter((name) => !required.has(name))).map(key);
  const parent = new Map<string, string | undefined>(roots.map((root) => [root, undefined]));
  const queue = [...roots];
  for (let i = 0; i < queue.length; i++) {
    const from = queue[i]!;
    for (const raw of requires.get(from) ?? []) {
      const name = key(raw);
      if (parent.has(name) || !byName.has(name)) continue;
      parent.set(name, from);
      queue.push(name);
    }
  }
  for (const [name, dep] of byName) {
    const chain: { name: string; span: Dependency['nameSpan'] }[] = [];
    for (let at = parent.get(name); at !== undefined; at = parent.get(at)) {
      const up = byName.get(at);
      if (!up) break;
      chain.unshift({ name: up.name, span: up.nameSpan });
    }
    if (chain.length > 0) dep.via = chain;
  }
}

/** PEP 503 normalisation, for matching the names lockfiles and pip-compile comments spell differently. */
export function normalizePep503(name: string): string {
  return name.toLowerCase().replace(/[-_.]+/g, '-');
}
