/**
 * Diagnostics for open notebooks: the notebook is analysed as one program after each change (debounced like
 * a document), and every cell gets its own list, empty ones included, so a finding that moved or went away
 * never stays on a cell; a list is sent again only when it or its cell's version changed. Closing the notebook
 * clears its cells.
 *
 * The program is the notebook's joined code cells, kept as one engine document that each cell edit edits, so
 * a keystroke re-analyses only the code it can affect. Runs are scheduled as for documents
 * (`ScheduledAnalysis`, keyed by the notebook's URI): debounced, the newest only, and an inexact run on code
 * with a syntax error is replaced by a full analysis once the notebook stays unchanged for `SETTLE_MS`.
 */
import type { Connection, Diagnostic } from 'vscode-languageserver';
import type { Analysis } from './analysis';
import type { OpenNotebook, OpenNotebooks } from './open-notebooks';
import { ScheduledAnalysis, type ScheduledTarget } from './scheduled-analysis';
import type { SettingsStore } from './settings-store';
import { filePathOf } from './workspace-folders';

export class NotebookDiagnostics {
  private readonly runs: ScheduledAnalysis;
  /** What each cell of a notebook was last sent (a removed cell's diagnostics are cleared too). */
  private readonly published = new Map<string, Map<string, SentDiagnostics>>();

  constructor(
    private readonly connection: Connection,
    private readonly notebooks: OpenNotebooks,
    private readonly settings: SettingsStore,
    private readonly analysis: Analysis,
  ) {
    this.runs = new ScheduledAnalysis(connection, settings, analysis, (uri) => this.targetOf(uri));
  }

  /** Like `LiveDiagnostics.schedule`: `typed` runs are dropped when `aisec.run` is `onSave`. */
  schedule(notebookUri: string, immediate = false, typed = false): void {
    this.runs.schedule(notebookUri, immediate, typed);
  }

  /** Re-runs every open notebook in full (settings, project facts or package intelligence changed). */
  scheduleAll(): void {
    for (const notebook of this.notebooks.all()) this.runs.rerun(notebook.uri);
  }

  /**
   * Re-runs in full the open notebooks at these paths: notebooks whose flows pass through a helper module that
   * changed on disk (their joined code did not change, so an incremental run would keep the old findings).
   */
  scheduleFiles(paths: readonly string[]): void {
    if (paths.length === 0) return;
    const wanted = new Set(paths);
    for (const notebook of this.notebooks.all()) if (wanted.has(notebook.path)) this.runs.rerun(notebook.uri);
  }

  /** Stops pending work and clears the diagnostics of every cell the notebook had. */
  closed(notebookUri: string, cellUris: readonly string[]): void {
    this.runs.cancel(notebookUri);
    const cells = new Set([...cellUris, ...(this.published.get(notebookUri)?.keys() ?? [])]);
    this.published.delete(notebookUri);
    for (const uri of cells) void this.connection.sendDiagnostics({ uri, diagnostics: [] });
  }

  /** Analyses an open notebook now, without publishing (the workspace scan counts open notebooks this way). */
  async findingsOf(notebook: OpenNotebook): Promise<number> {
    const resolved = await this.settings.forPath(filePathOf(notebook.uri) ?? notebook.path);
    if (!resolved.settings.enable || resolved.isExcluded(notebook.path)) return 0;
    await this.analysis.engine.ready(this.analysis.engine.grammarsFor(notebook.path));
    const outcome = this.analysis.analyzeNotebookCode(notebook.code, notebook.cells.map((cell) => cell.document), resolved);
    return outcome.findings.filter((finding) => finding.advisory !== 'hint').length;
  }

  dispose(): void {
    this.runs.dispose();
  }

  private targetOf(notebookUri: string): ScheduledTarget | undefined {
    const notebook = this.notebooks.get(notebookUri);
    if (!notebook) return undefined;
    const cellUris = (): string[] => notebook.cells.map((cell) => cell.document);
    return {
      settingsPath: filePathOf(notebookUri) ?? notebook.path,
      // The joined code is replaced when the notebook's language changes: always the current one.
      get document() {
        return notebook.code.document;
      },
      skipped: (resolved) => !resolved.settings.enable || resolved.isExcluded(notebook.path),
      publish: (resolved) => this.publish(notebook, this.analysis.analyzeNotebookCode(notebook.code, cellUris(), resolved).byCell),
      publishNothing: () => this.publish(notebook, new Map(cellUris().map((uri) => [uri, []]))),
    };
  }

  /**
   * Sends each cell's diagnostics, unless the cell was last sent the same list at the same version: a keystroke in one cell of a 40-cell
   * notebook sends that cell's list and those of the cells whose findings changed, not 40 lists.
   */
  private publish(notebook: OpenNotebook, byCell: ReadonlyMap<string, Diagnostic[]>): void {
    const before = this.published.get(notebook.uri) ?? new Map<string, SentDiagnostics>();
    const now = new Map<string, SentDiagnostics>();
    for (const [uri, diagnostics] of byCell) {
      const version = this.notebooks.cell(uri)?.version;
      const sent = before.get(uri);
      now.set(uri, { version, diagnostics });
      if (sent && sent.version === version && sameDiagnostics(sent.diagnostics, diagnostics)) continue;
      if (diagnostics.length > 0 || sent !== undefined || version !== undefined) void this.connection.sendDiagnostics({ uri, ...(version !== undefined ? { version } : {}), diagnostics });
    }
    // Cells deleted from the notebook since the last run lose their diagnostics.
    for (const [uri, sent] of before) if (sent.diagnostics.length > 0 && !byCell.has(uri)) void this.connection.sendDiagnostics({ uri, diagnostics: [] });
    this.published.set(notebook.uri, now);
  }
}

/** What was last sent for a cell. */
interface SentDiagnostics {
  version: number | undefined;
  diagnostics: readonly Diagnostic[];
}

/**
 * Whether two lists of diagnostics say the same: the same objects (kept findings), or equal ones (a finding the
 * analysis made again, unchanged in its cell, as when its unit was re-analysed for an edit in another cell).
 */
function sameDiagnostics(a: readonly Diagnostic[], b: readonly Diagnostic[]): boolean {
  if (a.length !== b.length) return false;
  return a.every((item, i) => item === b[i]) || JSON.stringify(a) === JSON.stringify(b);
}
