/**
 * When an open document or notebook is analysed: each change (re)starts a short debounce and only the newest
 * run of a key may publish. A run superseded while it waits (for its debounce or its settings) is dropped.
 *
 * The engine analyses an edited document incrementally. While the edited code has a syntax error the result
 * may differ from a full analysis (see `engine/incremental/`); such a run is followed, once the key has been
 * left alone for `SETTLE_MS`, by a full analysis that publishes again. `LiveDiagnostics` (files) and
 * `NotebookDiagnostics` (notebooks, keyed by the notebook's URI) share this schedule; they say what is analysed
 * and how it is published (`ScheduledTarget`).
 */
import type { Connection } from 'vscode-languageserver';
import type { EngineDocument } from '../engine/index';
import type { Analysis } from './analysis';
import type { ResolvedSettings, SettingsStore } from './settings-store';

/** How long a document must stay unchanged before an inexact incremental result is replaced by a full analysis. */
export const SETTLE_MS = 500;

/** What one key analyses and publishes, looked up again whenever a run starts (it may have been closed). */
export interface ScheduledTarget {
  /** The path whose folder settings apply. */
  settingsPath: string | undefined;
  /** The engine document whose last run says whether it needs settling. */
  document: EngineDocument;
  /** Whether the settings leave the key out (AISec off for the folder, or the file excluded). */
  skipped(resolved: ResolvedSettings): boolean;
  /** Analyses the current text with these settings and publishes the result. */
  publish(resolved: ResolvedSettings): void;
  /** Publishes no findings (for a skipped key). */
  publishNothing(): void;
}

export class ScheduledAnalysis {
  /** Cancels the pending run of each key (its debounce, or the next turn of the event loop). */
  private readonly timers = new Map<string, () => void>();
  private readonly settleTimers = new Map<string, () => void>();
  private readonly generations = new Map<string, number>();

  constructor(
    private readonly connection: Connection,
    private readonly settings: SettingsStore,
    private readonly analysis: Analysis,
    private readonly targetOf: (key: string) => ScheduledTarget | undefined,
  ) {}

  /**
   * Schedules a run after the folder's debounce (`immediate` skips it, e.g. on open or save). `typed`: the
   * run follows an edit, and is dropped when the folder's `aisec.run` is `onSave`.
   */
  schedule(key: string, immediate = false, typed = false): void {
    const generation = (this.generations.get(key) ?? 0) + 1;
    this.generations.set(key, generation);
    this.clearTimers(key);
    void this.start(key, generation, immediate, typed).catch((error: unknown) => {
      this.connection.console.error(`AISec: diagnostics for ${key} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    });
  }

  /** Analyses the key again in full now (something outside its text changed: settings, files on disk, intelligence). */
  rerun(key: string): void {
    this.targetOf(key)?.document.forgetAnalysis();
    this.schedule(key, true);
  }

  /** Stops pending work for a closed key. */
  cancel(key: string): void {
    this.clearTimers(key);
    this.generations.delete(key);
  }

  dispose(): void {
    for (const cancel of [...this.timers.values(), ...this.settleTimers.values()]) cancel();
    this.timers.clear();
    this.settleTimers.clear();
  }

  private async start(key: string, generation: number, immediate: boolean, typed: boolean): Promise<void> {
    const target = this.targetOf(key);
    if (!target) return;
    const resolved = await this.settings.forPath(target.settingsPath);
    if (typed && resolved.settings.run === 'onSave') return;
    // After a document trapped the parser, its replacement is being built; analyses wait for it, and for the
    // grammars of the document's language the first time one is opened.
    await this.analysis.engine.ready(this.analysis.engine.grammarsFor(target.document.path, target.document.kind));
    if (this.generations.get(key) !== generation) return;
    this.clearTimers(key);
    this.timers.set(
      key,
      later(
        () => {
          this.timers.delete(key);
          if (this.generations.get(key) !== generation) return;
          const current = this.targetOf(key);
          if (!current) return;
          if (current.skipped(resolved)) {
            current.publishNothing();
            return;
          }
          current.publish(resolved);
          const run = current.document.lastRunKind;
          if (run?.kind === 'partial' && !run.exact) this.settleLater(key, generation, resolved);
        },
        immediate ? 0 : resolved.settings.debounceMs,
      ),
    );
  }

  /** Replaces an inexact incremental result by a full analysis if the key stays unchanged for a while. */
  private settleLater(key: string, generation: number, resolved: ResolvedSettings): void {
    this.settleTimers.set(
      key,
      later(() => {
        this.settleTimers.delete(key);
        const current = this.targetOf(key);
        if (!current || this.generations.get(key) !== generation) return;
        current.document.forgetAnalysis();
        current.publish(resolved);
      }, SETTLE_MS),
    );
  }

  private clearTimers(key: string): void {
    for (const timers of [this.timers, this.settleTimers]) {
      timers.get(key)?.();
      timers.delete(key);
    }
  }
}

/**
 * Runs `run` after `delayMs`, or on the next turn of the event loop when there is no delay (a zero `setTimeout`
 * waits at least a millisecond); returns the function that cancels it.
 */
export function later(run: () => void, delayMs: number): () => void {
  if (delayMs <= 0) {
    const immediate = setImmediate(run);
    return () => clearImmediate(immediate);
  }
  const timer = setTimeout(run, delayMs);
  return () => clearTimeout(timer);
}
