/**
 * Diagnostics for open documents: each change (re)starts a short debounce, and only the newest run of a
 * document may publish. A run superseded while it waits (for its debounce or its settings) is dropped,
 * and every publish carries the document version it was computed for.
 *
 * The engine analyses an edited document incrementally. While the edited code has a syntax error the result
 * may differ from a full analysis (see `engine/incremental/`); such a run is followed, once the document has
 * been left alone for `SETTLE_MS`, by a full analysis that publishes again.
 */
import type { Connection } from 'vscode-languageserver';
import type { Analysis } from './analysis';
import type { OpenDocument, OpenDocuments } from './open-documents';
import type { SettingsStore } from './settings-store';
import { filePathOf } from './workspace-folders';

/** How long a document must stay unchanged before an inexact incremental result is replaced by a full analysis. */
export const SETTLE_MS = 500;

export class LiveDiagnostics {
  /** Cancels the pending run of each document (its debounce, or the next turn of the event loop). */
  private readonly timers = new Map<string, () => void>();
  private readonly settleTimers = new Map<string, () => void>();
  private readonly generations = new Map<string, number>();

  constructor(
    private readonly connection: Connection,
    private readonly documents: OpenDocuments,
    private readonly settings: SettingsStore,
    private readonly analysis: Analysis,
  ) {}

  /**
   * Schedules a run after the folder's debounce (`immediate` skips it, e.g. on open or save). `typed`: the
   * run follows an edit, and is dropped when the folder's `aisec.run` is `onSave`.
   */
  schedule(uri: string, immediate = false, typed = false): void {
    const generation = (this.generations.get(uri) ?? 0) + 1;
    this.generations.set(uri, generation);
    this.clearTimer(uri);
    void this.start(uri, generation, immediate, typed).catch((error: unknown) => {
      this.connection.console.error(`AISec: diagnostics for ${uri} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    });
  }

  /**
   * Re-runs every open document in full (after a settings or configuration-file change, files on disk that
   * project facts read, or new package intelligence: things the incremental analysis cannot see change).
   */
  scheduleAll(): void {
    for (const open of this.documents.all()) this.rerun(open);
  }

  /**
   * Re-runs in full the open documents at these paths: files whose flows pass through a helper module that
   * changed on disk (their own text did not change, so an incremental run would keep the old findings).
   */
  scheduleFiles(paths: readonly string[]): void {
    if (paths.length === 0) return;
    const wanted = new Set(paths);
    for (const open of this.documents.all()) if (wanted.has(open.path)) this.rerun(open);
  }

  private rerun(open: OpenDocument): void {
    open.document.forgetAnalysis();
    this.schedule(open.uri, true);
  }

  /** Stops pending work for a closed document. */
  cancel(uri: string): void {
    this.clearTimer(uri);
    this.generations.delete(uri);
  }

  dispose(): void {
    for (const cancel of [...this.timers.values(), ...this.settleTimers.values()]) cancel();
    this.timers.clear();
    this.settleTimers.clear();
  }

  private async start(uri: string, generation: number, immediate: boolean, typed: boolean): Promise<void> {
    const open = this.documents.get(uri);
    if (!open) return;
    const resolved = await this.settings.forPath(filePathOf(uri));
    if (typed && resolved.settings.run === 'onSave') return;
    // After a document trapped the parser, its replacement is being built; analyses wait for it.
    await this.analysis.engine.ready();
    if (this.generations.get(uri) !== generation) return;
    const delay = immediate ? 0 : resolved.settings.debounceMs;
    this.clearTimer(uri);
    this.timers.set(
      uri,
      later(() => {
        this.timers.delete(uri);
        if (this.generations.get(uri) !== generation) return;
        const current = this.documents.get(uri);
        if (!current) return;
        const path = filePathOf(uri);
        if (!resolved.settings.enable || (path !== undefined && resolved.isExcluded(path))) {
          void this.connection.sendDiagnostics({ uri, version: current.version, diagnostics: [] });
          return;
        }
        const outcome = this.analysis.analyzeOpen(current, resolved);
        void this.connection.sendDiagnostics({ uri, version: current.version, diagnostics: outcome.diagnostics });
        const run = current.document.lastRunKind;
        if (run?.kind === 'partial' && !run.exact) this.settleLater(uri, generation, resolved);
      }, delay),
    );
  }

  /** Replaces an inexact incremental result by a full analysis if the document stays unchanged for a while. */
  private settleLater(uri: string, generation: number, resolved: Parameters<Analysis['analyzeOpen']>[1]): void {
    this.settleTimers.set(
      uri,
      later(() => {
        this.settleTimers.delete(uri);
        const current = this.documents.get(uri);
        if (!current || this.generations.get(uri) !== generation) return;
        current.document.forgetAnalysis();
        const outcome = this.analysis.analyzeOpen(current, resolved);
        void this.connection.sendDiagnostics({ uri, version: current.version, diagnostics: outcome.diagnostics });
      }, SETTLE_MS),
    );
  }

  private clearTimer(uri: string): void {
    for (const timers of [this.timers, this.settleTimers]) {
      timers.get(uri)?.();
      timers.delete(uri);
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
