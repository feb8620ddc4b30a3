/**
 * Private-name patterns: names matching them are never sent to a public registry or OSV (sending them
 * would leak internal package names, which is itself reconnaissance for dependency confusion).
 * Patterns are globs where `*` matches any run of characters: `@mycorp/*`, `mycorp-*`, `internal_*`.
 */
export function privateNameMatcher(patterns: readonly string[]): (name: string) => boolean {
  const regexes = patterns
    .map((p) => p.trim())
    .filter(Boolean)
    .map((p) => new RegExp(`^${p.split('*').map(escape).join('.*')}$`, 'i'));
  return (name) => regexes.some((r) => r.test(name));
}

function escape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
