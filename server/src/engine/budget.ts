/**
 * The time an analysis may take, measured with the ports' clock (the engine has no timers). The budget
 * bounds the rules that need the syntax tree; text rules always run. A parse stops where the budget ends or
 * `maxParseMs` after it began, whichever comes first, so even an analysis without a budget cannot hang on a
 * pathological input.
 */
import type { Clock } from './ports';
import { DEFAULT_MAX_PARSE_MS, type EngineConfig } from './config';

/** Thrown into a checker that needs the tree when the budget runs out while it runs; the analyzer keeps its findings so far. */
export class BudgetExhausted extends Error {
  constructor() {
    super('the time budget ran out');
    this.name = 'BudgetExhausted';
  }
}

export class TimeBudget {
  private readonly deadline: number | undefined;

  constructor(
    private readonly clock: Clock | undefined,
    /** Milliseconds for the whole analysis; undefined: no budget. */
    budgetMs: number | undefined,
    private readonly maxParseMs: number,
  ) {
    this.deadline = clock && budgetMs !== undefined ? clock.now() + budgetMs : undefined;
  }

  static of(clock: Clock | undefined, budgetMs: number | undefined, config: EngineConfig): TimeBudget {
    return new TimeBudget(clock, budgetMs, config.maxParseMs ?? DEFAULT_MAX_PARSE_MS);
  }

  /** True once the budget is spent (never without a clock or a budget). */
  spent(): boolean {
    return this.deadline !== undefined && this.clock !== undefined && this.clock.now() > this.deadline;
  }

  /** Throws `BudgetExhausted` once the budget is spent (checkers that need the tree call it as they go). */
  check(): void {
    if (this.spent()) throw new BudgetExhausted();
  }

  /**
   * A progress callback for one parse: true (stop) past the budget's end or `maxParseMs` after this call.
   * Undefined without a clock.
   */
  parseStopper(): (() => boolean) | undefined {
    const clock = this.clock;
    if (!clock) return undefined;
    const limit = Math.min(this.deadline ?? Number.POSITIVE_INFINITY, clock.now() + this.maxParseMs);
    return () => clock.now() > limit;
  }

  /** Why a parse that was stopped stopped, for notes. */
  parseStopReason(): string {
    const limit = this.maxParseMs >= 1000 ? `${Math.round(this.maxParseMs / 1000)} s` : `${this.maxParseMs} ms`;
    return this.spent() ? 'the time budget ran out during parsing' : `parsing took longer than its ${limit} limit (maxParseMs)`;
  }
}
