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
  // Levels of project modules a host summarises behind the analysed file (its imports, and theirs): a function
  // whose path goes into a module further away is unknown to the analysed file.
  'taint-module-depth': { depth: 4, what: 'model output was not followed into project modules more than 4 imports away' },
} as const;

export type AnalysisLimit = keyof typeof ANALYSIS_LIMITS;

/** Called when a walk stops at one of the limits; `where` names the place when the walk knows it (a file and line). */
export type LimitReached = (limit: AnalysisLimit, where?: string) => void;

/** Places named per limit in the note; a file that reaches a limit in many places gets the first few and a count. */
const MAX_PLACES = 3;

/** The limits a file's analysis reached (in the order first reached), each with the places the walks named. */
export class LimitsReached {
  private readonly places = new Map<AnalysisLimit, Set<string>>();

  readonly add: LimitReached = (limit, where) => {
    let places = this.places.get(limit);
    if (!places) {
      places = new Set();
      this.places.set(limit, places);
    }
    if (where !== undefined) places.add(where);
  };

  get size(): number {
    return this.places.size;
  }

  /** The note for the file: each limit, and where it stopped a walk. */
  note(): string {
    const parts = [...this.places].map(([limit, places]) => {
      const named = [...places].slice(0, MAX_PLACES);
      const more = places.size > named.length ? `, and ${places.size - named.length} more` : '';
      return named.length > 0 ? `${ANALYSIS_LIMITS[limit].what} (${named.join('; ')}${more})` : ANALYSIS_LIMITS[limit].what;
    });
    return `analysis limits reached, so findings may be missing: ${parts.join('; ')}`;
  }
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
