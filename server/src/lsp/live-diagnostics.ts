/**
 * Diagnostics for open documents: each change schedules a run (`ScheduledAnalysis`: debounced, only the newest
 * run of a document publishes, an inexact incremental run is settled by a full one), and every publish carries
 * the document version it was computed for.
 */
import type { Connection } from 'vscode-languageserver';
import type { Analysis } from './analysis';
import type { OpenDocuments } from './open-documents';
import { ScheduledAnalysis, type ScheduledTarget } from './scheduled-analysis';
import type { SettingsStore } from './settings-store';
import { filePathOf } from './workspace-folders';

export { SETTLE_MS } from './scheduled-analysis';

export class LiveDiagnostics {
  private readonly runs: ScheduledAnalysis;

  constructor(
    private readonly connection: Connection,
    private readonly documents: OpenDocuments,
    settings: SettingsStore,
    private readonly analysis: Analysis,
  ) {
    this.runs = new ScheduledAnalysis(connection, settings, analysis, (uri) => this.targetOf(uri));
  }

  /**
   * Schedules a run after the folder's debounce (`immediate` skips it, e.g. on open or save). `typed`: the
   * run follows an edit, and is dropped when the folder's `aisec.run` is `onSave`.
   */
  schedule(uri: string, immediate = false, typed = false): void {
    this.runs.schedule(uri, immediate, typed);
  }

  /**
   * Re-runs every open document in full (after a settings or configuration-file change, files on disk that
   * project facts read, or new package intelligence: things the incremental analysis cannot see change).
   */
  scheduleAll(): void {
    for (const open of this.documents.all()) this.runs.rerun(open.uri);
  }

  /**
   * Re-runs in full the open documents at these paths: files whose flows pass through a helper module that
   * changed on disk (their own text did not change, so an incremental run would keep the old findings).
   */
  scheduleFiles(paths: readonly string[]): void {
    if (paths.length === 0) return;
    const wanted = new Set(paths);
    for (const open of this.documents.all()) if (wanted.has(open.path)) this.runs.rerun(open.uri);
  }

  /**
   * Re-checks the open document at `path` whose text did not change while what `names` it imports mean did (a
   * helper's summary changed for them): only the units using them are analysed again (`outsideNamesChanged`).
   */
  scheduleOutsideChange(path: string, names: ReadonlySet<string>): void {
    for (const open of this.documents.all()) {
      if (open.path !== path) continue;
      open.document.outsideNamesChanged(names);
      this.runs.schedule(open.uri, true);
    }
  }

  /** Stops pending work for a closed document. */
  cancel(uri: string): void {
    this.runs.cancel(uri);
  }

  dispose(): void {
    this.runs.dispose();
  }

  private targetOf(uri: string): ScheduledTarget | undefined {
    const open = this.documents.get(uri);
    if (!open) return undefined;
    const path = filePathOf(uri);
    return {
      settingsPath: path,
      document: open.document,
      skipped: (resolved) => !resolved.settings.enable || (path !== undefined && resolved.isExcluded(path)),
      publish: (resolved) => {
        const outcome = this.analysis.analyzeOpen(open, resolved);
        void this.connection.sendDiagnostics({ uri, version: open.version, diagnostics: outcome.diagnostics });
      },
      publishNothing: () => void this.connection.sendDiagnostics({ uri, version: open.version, diagnostics: [] }),
    };
  }
}
