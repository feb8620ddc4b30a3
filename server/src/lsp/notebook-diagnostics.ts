/**
 * Diagnostics for open notebooks: the notebook is analysed as one program after each change (debounced like
 * a document), and every cell gets its own list, empty ones included, so a finding that moved or went away
 * never stays on a cell. Closing the notebook clears its cells.
 */
import type { Connection, Diagnostic } from 'vscode-languageserver';
import type { Analysis } from './analysis';
import { later } from './live-diagnostics';
import type { OpenNotebook, OpenNotebooks } from './open-notebooks';
import type { ResolvedSettings, SettingsStore } from './settings-store';
import { filePathOf } from './workspace-folders';

export class NotebookDiagnostics {
  private readonly timers = new Map<string, () => void>();
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

  scheduleAll(): void {
    for (const notebook of this.notebooks.all()) this.schedule(notebook.uri, true);
  }

  /**
   * Re-runs the open notebooks at these paths: notebooks whose flows pass through a helper module that changed
   * on disk (a notebook is always analysed whole, so scheduling it is enough).
   */
  scheduleFiles(paths: readonly string[]): void {
    if (paths.length === 0) return;
    const wanted = new Set(paths);
    for (const notebook of this.notebooks.all()) if (wanted.has(notebook.path)) this.schedule(notebook.uri, true);
  }

  /** Stops pending work and clears the diagnostics of every cell the notebook had. */
  closed(notebookUri: string, cellUris: readonly string[]): void {
    this.timers.get(notebookUri)?.();
    this.timers.delete(notebookUri);
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
    return this.run(notebook, resolved);
  }

  dispose(): void {
    for (const cancel of this.timers.values()) cancel();
    this.timers.clear();
  }

  private async start(notebookUri: string, generation: number, immediate: boolean, typed: boolean): Promise<void> {
    const notebook = this.notebooks.get(notebookUri);
    if (!notebook) return;
    const resolved = await this.settings.forPath(filePathOf(notebookUri) ?? notebook.path);
    if (typed && resolved.settings.run === 'onSave') return;
    await this.analysis.engine.ready();
    if (this.generations.get(notebookUri) !== generation) return;
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
          const outcome = this.analysis.analyzeNotebook(this.notebooks.ipynbText(current), current.path, cellUris, resolved);
          this.publish(current, outcome.byCell);
        },
        immediate ? 0 : resolved.settings.debounceMs,
      ),
    );
  }

  private run(notebook: OpenNotebook, resolved: ResolvedSettings): number {
    const outcome = this.analysis.analyzeNotebook(this.notebooks.ipynbText(notebook), notebook.path, notebook.cells.map((cell) => cell.document), resolved);
    return outcome.findings.filter((finding) => finding.advisory !== 'hint').length;
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
