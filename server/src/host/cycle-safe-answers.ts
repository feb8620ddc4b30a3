/**
 * Answers to a project question that may ask itself again (a helper returning another helper's value, a caller
 * passing its own parameter on): a question already being answered is unknown (undefined) instead of looping,
 * and when the tree is fixed (a scan) each answer is kept by key. The language server's tree changes under it,
 * so it computes each answer afresh.
 */
export class CycleSafeAnswers<T> {
  private readonly answers = new Map<string, T | null>();
  private readonly inProgress = new Set<string>();

  /** `fixed`: keep answers (the scanned tree does not change). */
  constructor(private readonly fixed: boolean) {}

  answer(key: string, compute: () => T | undefined): T | undefined {
    if (this.inProgress.has(key)) return undefined;
    const kept = this.fixed ? this.answers.get(key) : undefined;
    if (kept !== undefined) return kept ?? undefined;
    this.inProgress.add(key);
    try {
      const answer = compute();
      if (this.fixed) {
        // A bound on memory for scans of very large trees: the answers are cheap to compute again.
        if (this.answers.size > 20_000) this.answers.clear();
        this.answers.set(key, answer ?? null);
      }
      return answer;
    } finally {
      this.inProgress.delete(key);
    }
  }
}
