/**
 * Actions whose published refs were re-pointed to malicious code. Bundled because an offline scan cannot ask
 * GitHub; each entry names its advisory. Refs are compared as written in `uses:`.
 */
export interface CompromisedAction {
  action: string;
  /** True when the ref as written was (or still may resolve to) the malicious commit. */
  affects(ref: string): boolean;
  advisory: string;
}

export const COMPROMISED_ACTIONS: readonly CompromisedAction[] = [
  {
    // Tags v1 to v45.0.7 were re-pointed to commit 0e58ed8 on 14-15 March 2025; fixed in v46.0.1.
    action: 'tj-actions/changed-files',
    affects: (ref) => /^0e58ed8/i.test(ref) || isVersionAtMost(ref, [45, 0, 7]),
    advisory: 'CVE-2025-30066 (GHSA-mrrh-fwg8-r2c3)',
  },
  {
    // The v1 tag pointed to a malicious commit on 11 March 2025; every action that calls it by tag inherits that.
    action: 'reviewdog/action-setup',
    affects: (ref) => ref === 'v1',
    advisory: 'CVE-2025-30154 (GHSA-qmg3-hpqr-gqvc)',
  },
];

/** True for a version ref (`v45`, `v45.0.7`, `45.0`) at or below `limit`. */
function isVersionAtMost(ref: string, limit: readonly number[]): boolean {
  const match = /^v?(\d+)(?:\.(\d+))?(?:\.(\d+))?$/.exec(ref);
  if (!match) return false;
  const parts = [Number(match[1]), Number(match[2] ?? 0), Number(match[3] ?? 0)];
  for (let i = 0; i < 3; i++) {
    if (parts[i]! < limit[i]!) return true;
    if (parts[i]! > limit[i]!) return false;
  }
  return true;
}
