import type { TaintModuleSummary } from '../engine/index';

/**
 * Which analysed files used which project modules' taint summaries (directly, or through the summary of a
 * module in between), and which files' calls graded a helper's parameter (`command-callers.ts`), so a host can
 * analyse the dependants of a file again when it changes on disk or in the editor. The language server keeps one
 * for the session; the summaries and caller lookups record into it as the engine asks for them.
 */
export class TaintDependents {
  private readonly dependants = new Map<string, Set<string>>();
  /**
   * The summaries of a module that analysed files asked for themselves, by module, analysed file and the import
   * as written (the last answer): what their findings were computed with, to compare a new summary with.
   */
  private readonly asked = new Map<string, Map<string, Map<string, TaintModuleSummary | undefined>>>();
  /** Analysed files that used a module other than by asking its summary (through another summary, the import closure, callers). */
  private readonly usedOtherwise = new Map<string, Set<string>>();
  /** Function names whose callers an analysed file asked about, by name: a file that starts to call one counts too. */
  private readonly askedNames = new Map<string, Set<string>>();

  /** `analysed` used the summary of `module` through another module's summary, or the calls `module` makes (absolute paths both). */
  record(analysed: string, module: string): void {
    if (analysed === module) return;
    this.add(analysed, module);
    let set = this.usedOtherwise.get(module);
    if (!set) {
      // Forgetting these would make files look like they only asked for summaries: the answers go with them.
      if (this.usedOtherwise.size > 50_000) {
        this.usedOtherwise.clear();
        this.asked.clear();
      }
      set = new Set();
      this.usedOtherwise.set(module, set);
    }
    set.add(analysed);
  }

  /** `analysed` asked for the summary of `module`, imported as `spec`, and was given `summary`. */
  recordSummary(analysed: string, module: string, spec: string, summary: TaintModuleSummary | undefined): void {
    if (analysed === module) return;
    this.add(analysed, module);
    let byFile = this.asked.get(module);
    if (!byFile) {
      if (this.asked.size > 50_000) this.asked.clear();
      byFile = new Map();
      this.asked.set(module, byFile);
    }
    let bySpec = byFile.get(analysed);
    if (!bySpec) {
      bySpec = new Map();
      byFile.set(analysed, bySpec);
    }
    bySpec.set(spec, summary);
  }

  /**
   * How `analysed` depends on `module`: only through summaries it asked for itself (the imports as written, with
   * the summary it was given), or `undefined` when also otherwise (then only a full analysis is safe).
   */
  askedSummaries(analysed: string, module: string): ReadonlyMap<string, TaintModuleSummary | undefined> | undefined {
    if (this.usedOtherwise.get(module)?.has(analysed)) return undefined;
    return this.asked.get(module)?.get(analysed);
  }

  private add(analysed: string, module: string): void {
    let set = this.dependants.get(module);
    if (!set) {
      // Entries are never removed when an import goes away (one more analysis is harmless); the bound keeps a long session small.
      if (this.dependants.size > 50_000) this.dependants.clear();
      set = new Set();
      this.dependants.set(module, set);
    }
    set.add(analysed);
  }

  /** `analysed` asked which files of the project call its function `name`. */
  recordName(analysed: string, name: string): void {
    if (analysed === '') return;
    let set = this.askedNames.get(name);
    if (!set) {
      if (this.askedNames.size > 50_000) this.askedNames.clear();
      set = new Set();
      this.askedNames.set(name, set);
    }
    set.add(analysed);
  }

  /** The analysed files that used the summary or the calls of `module` (absolute path). */
  of(module: string): string[] {
    return [...(this.dependants.get(module) ?? [])];
  }

  /** The analysed files (other than `file`) that asked about the callers of a function named in `text`, the new text of `file`. */
  mentionedIn(file: string, text: string): string[] {
    const out: string[] = [];
    for (const [name, analysed] of this.askedNames) {
      if (!new RegExp(`(?<![\\w$])${name.replace(/\$/g, '\\$')}(?![\\w$])`).test(text)) continue;
      for (const one of analysed) if (one !== file) out.push(one);
    }
    return out;
  }
}
