/**
 * Diagnostics for open documents: each change (re)starts a short debounce, and only the newest run of a
 * document may publish. A run superseded while it waits (for its debounce or its settings) is dropped,
 * and every publish carries the document version it was computed for.
 */
import type { Connection } from 'vscode-languageserver';
import type { Analysis } from './analysis';
import type { OpenDocuments } from './open-documents';
import type { SettingsStore } from './settings-store';
import { filePathOf } from './workspace-folders';

export class LiveDiagnostics {
  private readonly timers = new Map<string, ReturnType<typeof setTimeout>>();
  private readonly generations = new Map<string, number>();

  constructor(
    private readonly connection: Connection,
    private readonly documents: OpenDocuments,
    private readonly settings: SettingsStore,
    private readonly analysis: Analysis,
  ) {}

  /** Schedules a run after the folder's debounce (`immediate` skips it, e.g. on open). */
  schedule(uri: string, immediate = false): void {
    const generation = (this.generations.get(uri) ?? 0) + 1;
    this.generations.set(uri, generation);
    this.clearTimer(uri);
    void this.start(uri, generation, immediate).catch((error: unknown) => {
      this.connection.console.error(`AISec: diagnostics for ${uri} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    });
  }

  /** Re-runs every open document (after a settings or configuration-file change). */
  scheduleAll(): void {
    for (const open of this.documents.all()) this.schedule(open.uri, true);
  }

  /** Stops pending work for a closed document. */
  cancel(uri: string): void {
    this.clearTimer(uri);
    this.generations.delete(uri);
  }

  dispose(): void {
    for (const timer of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
  }

  private async start(uri: string, generation: number, immediate: boolean): Promise<void> {
    const open = this.documents.get(uri);
    if (!open) return;
    const resolved = await this.settings.forPath(filePathOf(uri));
    if (this.generations.get(uri) !== generation) return;
    const delay = immediate ? 0 : resolved.settings.debounceMs;
    this.clearTimer(uri);
    this.timers.set(
      uri,
      setTimeout(() => {
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
      }, delay),
    );
  }

  private clearTimer(uri: string): void {
    const timer = this.timers.get(uri);
    if (timer) clearTimeout(timer);
    this.timers.delete(uri);
  }
}
