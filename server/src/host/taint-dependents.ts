/**
 * Which analysed files used which project modules' taint summaries (directly, or through the summary of a
 * module in between), so a host can analyse the dependants of a helper again when the helper changes on disk.
 * The language server keeps one for the session; the summaries record into it as the engine asks for them.
 */
export class TaintDependents {
  private readonly dependants = new Map<string, Set<string>>();

  /** `analysed` used the summary of `module` (absolute paths both). */
  record(analysed: string, module: string): void {
    if (analysed === module) return;
    let set = this.dependants.get(module);
    if (!set) {
      // Entries are never removed when an import goes away (one more analysis is harmless); the bound keeps a long session small.
      if (this.dependants.size > 50_000) this.dependants.clear();
      set = new Set();
      this.dependants.set(module, set);
    }
    set.add(analysed);
  }

  /** The analysed files that used the summary of `module` (absolute path). */
  of(module: string): string[] {
    return [...(this.dependants.get(module) ?? [])];
  }
}
