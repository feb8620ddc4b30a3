/**
 * Diagnostics for open notebooks: the notebook is analysed as one program after each change (debounced like
 * a document), and every cell gets its own list, empty ones included, so a finding that moved or went away
 * never stays on a cell. Closing the notebook clears its cells.
 *
 * The program is the notebook's joined code cells, kept as one engine document that each cell edit edits, so
 * a keystroke re-analyses only the code it can affect. As for documents (`LiveDiagnostics`), a run on code
 * with a syntax error may be inexact; it is replaced by a full analysis once the notebook stays unchanged
 * for `SETTLE_MS`.
 */
import type { Connection, Diagnostic } from 'vscode-languageserver';
import type { Analysis } from './analysis';
import { later, SETTLE_MS } from './live-diagnostics';
import type { OpenNotebook, OpenNotebooks } from './open-notebooks';
import type { ResolvedSettings, SettingsStore } from './settings-store';
import { filePathOf } from './workspace-folders';

export class NotebookDiagnostics {
  private readonly timers = new Map<string, () => void>();
  private readonly settleTimers = new Map<string, () => void>();
  private readonly generations = new Map<string, number>();
  /** The cells that carry diagnostics now, per notebook (a removed cell's diagnostics are cleared too). */
  private readonly publishedCells = new Map<string, Set<string>>();

  constructor(
    private readonly connection: Connection,
    private readonly notebooks: OpenNotebooks,
    private readonly settings: SettingsStore,
    private readonly analysis: Analysis,
  ) {}

  /** Like `LiveDiagnostics.schedule`: `typed` runs are dropped when `aisec.run` is `onSave`. */
  schedule(notebookUri: string, immediate = false, typed = false): void {
    const generation = (this.generations.get(notebookUri) ?? 0) + 1;
    this.generations.set(notebookUri, generation);
    this.timers.get(notebookUri)?.();
    void this.start(notebookUri, generation, immediate, typed).catch((error: unknown) => {
      this.connection.console.error(`AISec: diagnostics for ${notebookUri} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    });
  }

  /** Re-runs every open notebook in full (settings, project facts or package intelligence changed). */
  scheduleAll(): void {
    for (const notebook of this.notebooks.all()) this.rerun(notebook);
  }

  /**
   * Re-runs in full the open notebooks at these paths: notebooks whose flows pass through a helper module that
   * changed on disk (their joined code did not change, so an incremental run would keep the old findings).
   */
  scheduleFiles(paths: readonly string[]): void {
    if (paths.length === 0) return;
    const wanted = new Set(paths);
    for (const notebook of this.notebooks.all()) if (wanted.has(notebook.path)) this.rerun(notebook);
  }

  private rerun(notebook: OpenNotebook): void {
    notebook.code.document.forgetAnalysis();
    this.schedule(notebook.uri, true);
  }

  /** Stops pending work and clears the diagnostics of every cell the notebook had. */
  closed(notebookUri: string, cellUris: readonly string[]): void {
    this.clearTimers(notebookUri);
    this.generations.delete(notebookUri);
    const cells = new Set([...cellUris, ...(this.publishedCells.get(notebookUri) ?? [])]);
    this.publishedCells.delete(notebookUri);
    for (const uri of cells) void this.connection.sendDiagnostics({ uri, diagnostics: [] });
  }

  /** Analyses an open notebook now, without publishing (the workspace scan counts open notebooks this way). */
  async findingsOf(notebook: OpenNotebook): Promise<number> {
    const resolved = await this.settings.forPath(filePathOf(notebook.uri) ?? notebook.path);
    if (!resolved.settings.enable || resolved.isExcluded(notebook.path)) return 0;
    await this.analysis.engine.ready();
    const outcome = this.analysis.analyzeNotebookCode(notebook.code, notebook.cells.map((cell) => cell.document), resolved);
    return outcome.findings.filter((finding) => finding.advisory !== 'hint').length;
  }

  dispose(): void {
    for (const cancel of [...this.timers.values(), ...this.settleTimers.values()]) cancel();
    this.timers.clear();
    this.settleTimers.clear();
  }

  private clearTimers(notebookUri: string): void {
    for (const timers of [this.timers, this.settleTimers]) {
      timers.get(notebookUri)?.();
      timers.delete(notebookUri);
    }
  }

  private async start(notebookUri: string, generation: number, immediate: boolean, typed: boolean): Promise<void> {
    const notebook = this.notebooks.get(notebookUri);
    if (!notebook) return;
    const resolved = await this.settings.forPath(filePathOf(notebookUri) ?? notebook.path);
    if (typed && resolved.settings.run === 'onSave') return;
    await this.analysis.engine.ready();
    if (this.generations.get(notebookUri) !== generation) return;
    this.clearTimers(notebookUri);
    this.timers.set(
      notebookUri,
      later(
        () => {
          this.timers.delete(notebookUri);
          const current = this.notebooks.get(notebookUri);
          if (!current || this.generations.get(notebookUri) !== generation) return;
          const cellUris = current.cells.map((cell) => cell.document);
          if (!resolved.settings.enable || resolved.isExcluded(current.path)) {
            this.publish(current, new Map(cellUris.map((uri) => [uri, []])));
            return;
          }
          this.publish(current, this.analysis.analyzeNotebookCode(current.code, cellUris, resolved).byCell);
          const run = current.code.document.lastRunKind;
          if (run?.kind === 'partial' && !run.exact) this.settleLater(notebookUri, generation, resolved);
        },
        immediate ? 0 : resolved.settings.debounceMs,
      ),
    );
  }

  /** Replaces an inexact incremental result by a full analysis if the notebook stays unchanged for a while. */
  private settleLater(notebookUri: string, generation: number, resolved: ResolvedSettings): void {
    this.settleTimers.set(
      notebookUri,
      later(() => {
        this.settleTimers.delete(notebookUri);
        const current = this.notebooks.get(notebookUri);
        if (!current || this.generations.get(notebookUri) !== generation) return;
        current.code.document.forgetAnalysis();
        this.publish(current, this.analysis.analyzeNotebookCode(current.code, current.cells.map((cell) => cell.document), resolved).byCell);
      }, SETTLE_MS),
    );
  }

  private publish(notebook: OpenNotebook, byCell: ReadonlyMap<string, Diagnostic[]>): void {
    const before = this.publishedCells.get(notebook.uri) ?? new Set<string>();
    const now = new Set<string>();
    for (const [uri, diagnostics] of byCell) {
      const version = this.notebooks.cell(uri)?.version;
      if (diagnostics.length > 0) now.add(uri);
      if (diagnostics.length > 0 || before.has(uri) || version !== undefined) void this.connection.sendDiagnostics({ uri, ...(version !== undefined ? { version } : {}), diagnostics });
    }
    // Cells deleted from the notebook since the last run lose their diagnostics.
    for (const uri of before) if (!byCell.has(uri)) void this.connection.sendDiagnostics({ uri, diagnostics: [] });
    this.publishedCells.set(notebook.uri, now);
  }
}
