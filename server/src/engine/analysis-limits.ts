/**
 * Depth limits that cut an analysis short. Each walk that follows a chain (an alias to an alias, a constant
 * built from constants, the taint walk into a nested expression) stops at a depth of its own so crafted
 * input cannot make it recurse without end; past the limit the answer is "unknown", which can hide a
 * finding. Reaching one is rare in real code, so the file then gets one `incomplete` note naming each limit
 * it reached, instead of the stop passing silently.
 */
export const ANALYSIS_LIMITS = {
  'alias-chain': { depth: 20, what: 'names and attributes followed through more than 20 aliases were not resolved' },
  'constant-chain': { depth: 20, what: 'values followed through more than 20 constants were not resolved' },
  'taint-expression-depth': { depth: 120, what: 'model output was not followed into expressions nested more than 120 deep' },
} as const;

export type AnalysisLimit = keyof typeof ANALYSIS_LIMITS;

/** Called when a walk stops at one of the limits. */
export type LimitReached = (limit: AnalysisLimit) => void;

/** The note for a file whose analysis reached `limits` (in the order first reached). */
export function limitsNote(limits: ReadonlySet<AnalysisLimit>): string {
  return `analysis limits reached, so findings may be missing: ${[...limits].map((limit) => ANALYSIS_LIMITS[limit].what).join('; ')}`;
}

/**
 * Follows one step of a chain unless the step's node is already being followed further up (a cycle, which
 * resolves to "unknown" at once instead of running into the depth limit and being noted as one). `following`
 * says whether a step is under way: a long run of calls and attributes with no alias in it (a fluent
 * `df.a().b()...`) reaches the depth limit too, but resolves to no sink at any depth, so it is not noted.
 */
export interface CycleGuard {
  <T>(value: { id: number }, resolve: () => T): T | undefined;
  following(): boolean;
}

export function cycleGuard(): CycleGuard {
  const following = new Set<number>();
  const follow = <T>(value: { id: number }, resolve: () => T): T | undefined => {
    if (following.has(value.id)) return undefined;
    following.add(value.id);
    try {
      return resolve();
    } finally {
      following.delete(value.id);
    }
  };
  return Object.assign(follow, { following: () => following.size > 0 });
}
