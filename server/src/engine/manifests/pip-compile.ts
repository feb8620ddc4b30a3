/**
 * pip-compile output: a pinned requirements file where each package is followed by `# via` comments naming
 * what requires it (`# via requests`, or `# via` then one `#   name` line each; `-r requirements.in` marks
 * a direct requirement). These give each pinned package the chain from the direct dependency that pulls it in.
 */
import { assignDependencyPaths, normalizePep503 } from './dependency-paths';
import type { Dependency } from './types';

const VIA = /^\s*#\s*via\b\s*(.*)$/;
const VIA_MORE = /^\s*#\s{2,}(\S.*)$/;

/** Sets `via` on the dependencies of a pip-compile file (does nothing for a file without `# via` comments). */
export function pipCompilePaths(text: string, deps: readonly Dependency[], baseOffset = 0): void {
  if (!/^\s*#\s*via\b/m.test(text)) return;
  const ordered = [...deps].sort((a, b) => a.entrySpan.start - b.entrySpan.start);
  const parents = new Map<Dependency, string[]>();
  let next = 0;
  let current: Dependency | undefined;
  let inVia = false;
  let offset = baseOffset;
  for (const line of text.split('\n')) {
    while (next < ordered.length && ordered[next]!.entrySpan.start <= offset) current = ordered[next++];
    const via = VIA.exec(line);
    const more = inVia ? VIA_MORE.exec(line) : null;
    if (via && current) {
      inVia = true;
      if (via[1]) add(parents, current, via[1]);
    } else if (more && current) {
      add(parents, current, more[1]!);
    } else if (!/^\s*#/.test(line)) {
      inVia = false;
    }
    offset += line.length + 1;
  }
  const requires = new Map<string, string[]>();
  const direct: string[] = [];
  for (const dep of deps) {
    const from = parents.get(dep) ?? [];
    // `-r requirements.in`, `-c constraints.txt` or no comment at all: the project asked for it.
    if (from.length === 0 || from.some((p) => p.startsWith('-'))) direct.push(dep.name);
    for (const parent of from.filter((p) => !p.startsWith('-'))) {
      const key = normalizePep503(parent);
      requires.set(key, [...(requires.get(key) ?? []), dep.name]);
    }
  }
  assignDependencyPaths(deps, requires, normalizePep503, direct);
}

/** One name from a comment (`requests`, `flask (pyproject.toml)`, `-r requirements.in`). */
function add(parents: Map<Dependency, string[]>, dep: Dependency, text: string): void {
  const name = text.trim().startsWith('-') ? text.trim() : text.trim().split(/[\s(]/)[0]!;
  if (!name) return;
  const list = parents.get(dep);
  if (list) list.push(name);
  else parents.set(dep, [name]);
}
