/**
 * Runs the engine for the language server: on an open document (incremental tree), on plain text
 * (snippets, inserted code, files read from disk) and on model-file bytes, and turns the result into
 * diagnostics. Files over the size limit are not parsed at all; they get one information diagnostic.
 */
import type { Diagnostic } from 'vscode-languageserver';
import { cellLocator, messageInCell } from '../engine/index';
import type { AnalysisNote, AnalysisResult, Engine, EnginePorts, Finding, Fix, JoinedCells, LanguageId, RuleMeta, TaintModuleSummary } from '../engine/index';
import type { DiagnosticFix } from '../shared/protocol';
import { diagnosticFixOf, skippedDiagnostic, toDiagnostic, type ConvertContext } from './convert';
import type { NotebookCode } from './open-notebooks';
import type { NoteLog } from './rule-failures';
import { BaselineStore } from './baseline-store';
import type { OpenDocument } from './open-documents';
import type { ResolvedSettings } from './settings-store';
import { IgnoredDotenvFiles } from './ignored-dotenv';

export interface AnalysisOutcome {
  findings: Finding[];
  diagnostics: Diagnostic[];
  notes: AnalysisNote[];
}

const NOTHING: AnalysisOutcome = { findings: [], diagnostics: [], notes: [] };

export interface NotebookOutcome {
  findings: Finding[];
  /** The diagnostics of every cell (empty lists for clean cells, so stale ones are cleared). */
  byCell: Map<string, Diagnostic[]>;
}

export class Analysis {
  private readonly rules: ReadonlyMap<string, RuleMeta>;
  private ports: EnginePorts;
  private readonly baselines: BaselineStore;
  /** `.env` files git keeps out of the repository: their keys are where they belong, so they are not reported. */
  readonly ignoredDotenv = new IgnoredDotenvFiles();
  private readonly converted = new WeakMap<Finding, { uri: string; docsBaseUrl: string; diagnostic: Diagnostic }>();
  /** The same for a notebook's findings: each one's cell, its finding in the cell's terms and its diagnostic. */
  private readonly convertedInCell = new WeakMap<Finding, { codeCellUris: readonly string[]; docsBaseUrl: string; cellUri: string; inCell: Finding; diagnostic: Diagnostic }>();

  constructor(
    readonly engine: Engine,
    private readonly makePorts: () => EnginePorts,
    private readonly notes: NoteLog,
    /** Called after each analysis with its settings (the server schedules online package lookups here). */
    private readonly onAnalysed: (resolved: ResolvedSettings) => void = () => undefined,
  ) {
    this.rules = new Map(engine.rules.map((rule) => [rule.id, rule]));
    this.ports = makePorts();
    this.baselines = new BaselineStore((message) => notes.warn(message));
  }

  /**
   * Counts the times what an analysis depends on besides the text changed (project facts on disk, settings,
   * online package answers), so caches of results (the fix check's) know when they are stale.
   */
  private factsGeneration = 0;

  get generation(): number {
    return this.factsGeneration;
  }

  /** The taint summary of `module` as `fromPath` imports it, now (the ports' cache, refreshed if the module changed). */
  taintSummary(fromPath: string, module: string): TaintModuleSummary | undefined {
    return this.ports.project?.taintSummary?.(fromPath, module);
  }

  /** Rebuilds the ports, whose project facts cache what they saw on disk (after files were created or deleted). */
  resetPorts(): void {
    this.ports = this.makePorts();
    this.factsGeneration++;
  }

  /** Settings or online package answers changed: results computed before may differ now. */
  invalidateResults(): void {
    this.factsGeneration++;
  }

  ruleMetas(): readonly RuleMeta[] {
    return this.engine.rules;
  }

  analyzeOpen(open: OpenDocument, resolved: ResolvedSettings): AnalysisOutcome {
    if (this.ignoredDotenv.covers(open.path)) return NOTHING;
    const oversize = this.oversize(open.document.text.length, resolved);
    if (oversize) return oversize;
    const result = this.guard(open.path, () => this.engine.analyzeDocument(open.document, resolved.config, this.ports, resolved.settings.timeBudgetMs));
    this.onAnalysed(resolved);
    return this.outcome(open.uri, result, resolved);
  }

  /**
   * A notebook's joined code cells given as text (a notebook with a fix applied, before it is): the findings
   * of a full analysis of that program, without diagnostics (nothing is published).
   */
  analyzeJoinedCells(path: string, joined: JoinedCells, language: LanguageId, resolved: ResolvedSettings): readonly Finding[] {
    if (this.oversize(joined.text.length, resolved)) return [];
    const document = this.engine.openNotebookCode(path, joined.text, language, joined.starts);
    try {
      const result = this.guard(path, () => this.engine.analyzeDocument(document, resolved.config, this.ports, resolved.settings.timeBudgetMs));
      return this.baselines.filter(result.path, result.findings);
    } finally {
      document.dispose();
    }
  }

  analyzeText(uri: string, path: string, text: string, resolved: ResolvedSettings, languageId?: string): AnalysisOutcome {
    if (this.ignoredDotenv.covers(path)) return NOTHING;
    const oversize = this.oversize(text.length, resolved);
    if (oversize) return oversize;
    const result = this.guard(path, () =>
      this.engine.analyze({ path, text, config: resolved.config, ports: this.ports, timeBudgetMs: resolved.settings.timeBudgetMs, ...(languageId ? { languageId } : {}) }),
    );
    return this.outcome(uri, result, resolved);
  }

  /**
   * An open notebook from its joined code cells, analysed incrementally (only the code an edit can affect is
   * analysed again). Each finding is published on its cell, in the cell's coordinates, with a message that
   * names the cell and the line in it, as `aisec scan` reports the `.ipynb` file; its fixes are kept when
   * each of their edits stays in one cell (addressed to that cell). Taint steps are left out.
   */
  analyzeNotebookCode(code: NotebookCode, cellUris: readonly string[], resolved: ResolvedSettings): NotebookOutcome {
    const { document, joined, codeCellUris } = code;
    const result = this.guard(document.path, () => this.engine.analyzeDocument(document, resolved.config, this.ports, resolved.settings.timeBudgetMs));
    this.onAnalysed(resolved);
    const locate = cellLocator(joined, document.textIndex);
    const placeEdit = cellEditPlacer(locate, codeCellUris);
    const docsBaseUrl = resolved.settings.docsBaseUrl;
    return this.cellOutcome(result, cellUris, (finding) => {
      // A finding the incremental analysis kept is the same object with the same place in the joined code, so
      // it lies in the same cell and place of it while the notebook's cells keep their order (the layout,
      // `codeCellUris`, is made again whenever cells are added, removed or moved).
      const cached = this.convertedInCell.get(finding);
      if (cached && cached.codeCellUris === codeCellUris && cached.docsBaseUrl === docsBaseUrl) return cached;
      const located = locate(finding.range);
      if (!located) return undefined;
      const { notebook } = located;
      const inCell: Finding = { ...finding, range: notebook.cellRange, notebook, message: messageInCell(finding.message, notebook), flow: undefined };
      const cellUri = codeCellUris[located.start.cell]!;
      const placed = { codeCellUris, docsBaseUrl, cellUri, inCell, diagnostic: toDiagnostic(inCell, { uri: cellUri, docsBaseUrl, rules: this.rules, placeEdit }) };
      this.convertedInCell.set(finding, placed);
      return placed;
    });
  }

  /**
   * The fix of an open notebook's finding that `pick` chooses among the findings of its cell (`cellUri`), with
   * its edits placed in the cells and not redacted (a `.env` fix the user chose, whose diagnostic carries only
   * a masked value).
   */
  notebookFix(code: NotebookCode, cellUri: string, resolved: ResolvedSettings, pick: (findings: readonly Finding[]) => Fix | undefined): DiagnosticFix | undefined {
    const { document, joined, codeCellUris } = code;
    const result = this.guard(document.path, () => this.engine.analyzeDocument(document, resolved.config, this.ports, resolved.settings.timeBudgetMs));
    const locate = cellLocator(joined, document.textIndex);
    const placeEdit = cellEditPlacer(locate, codeCellUris);
    const inCell = this.baselines.filter(result.path, result.findings).filter((finding) => {
      const located = locate(finding.range);
      return located !== undefined && codeCellUris[located.start.cell] === cellUri;
    });
    const fix = pick(inCell);
    if (!fix || !fix.edits.every((edit) => edit.file !== undefined || placeEdit(edit.range) !== undefined)) return undefined;
    return diagnosticFixOf(fix, cellUri, placeEdit);
  }

  /** Publishes each finding on its cell (`place`), and the notes that say the analysis was partial on the first cell. */
  private cellOutcome(result: AnalysisResult, cellUris: readonly string[], place: (finding: Finding) => { cellUri: string; inCell: Finding; diagnostic: Diagnostic } | undefined): NotebookOutcome {
    const byCell = new Map<string, Diagnostic[]>(cellUris.map((uri) => [uri, []]));
    this.notes.report(result.path, result.notes);
    const findings: Finding[] = [];
    for (const finding of this.baselines.filter(result.path, result.findings)) {
      const placed = place(finding);
      const cell = placed ? byCell.get(placed.cellUri) : undefined;
      if (!placed || !cell) continue;
      findings.push(placed.inCell);
      cell.push(placed.diagnostic);
    }
    const firstCell = cellUris[0];
    const untold = result.notes.filter((note) => note.kind === 'incomplete' || (note.kind === 'skipped' && /larger than|binary/.test(note.message)));
    if (firstCell !== undefined) for (const note of untold) byCell.get(firstCell)!.push(skippedDiagnostic(note));
    return { findings, byCell };
  }

  analyzeBytes(uri: string, path: string, bytes: Uint8Array, fileSize: number, resolved: ResolvedSettings): AnalysisOutcome {
    const result = this.guard(path, () => this.engine.analyzeBytes({ path, bytes, fileSize, config: resolved.config, ports: this.ports }));
    return this.outcome(uri, result, resolved);
  }

  /**
   * An incremental analysis hands back the same finding objects for the code an edit did not touch, so their
   * diagnostics are converted once (per document and documentation base).
   */
  private diagnosticOf(finding: Finding, context: ConvertContext): Diagnostic {
    const cached = this.converted.get(finding);
    if (cached && cached.uri === context.uri && cached.docsBaseUrl === context.docsBaseUrl) return cached.diagnostic;
    const diagnostic = toDiagnostic(finding, context);
    this.converted.set(finding, { uri: context.uri, docsBaseUrl: context.docsBaseUrl, diagnostic });
    return diagnostic;
  }

  private oversize(length: number, resolved: ResolvedSettings): AnalysisOutcome | undefined {
    if (length <= resolved.config.maxFileBytes) return undefined;
    const note: AnalysisNote = { kind: 'skipped', message: `the file is larger than the ${Math.round(resolved.config.maxFileBytes / 1024)} KB limit (aisec.maxFileSizeKb)` };
    return { findings: [], diagnostics: [skippedDiagnostic(note)], notes: [note] };
  }

  /** The engine never throws by contract; this guard keeps the server alive if that contract breaks. */
  private guard(path: string, run: () => AnalysisResult): AnalysisResult {
    try {
      return run();
    } catch (error) {
      return { path, findings: [], suppressed: [], notes: [{ kind: 'rule-failed', message: `the analysis failed: ${(error as Error).stack ?? String(error)}` }] };
    }
  }

  private outcome(uri: string, unfiltered: AnalysisResult, resolved: ResolvedSettings): AnalysisOutcome {
    // Findings recorded in the project's `.aisec-baseline.json` are accepted: the editor hides them like the CLI.
    const result = { ...unfiltered, findings: this.baselines.filter(unfiltered.path, unfiltered.findings) };
    this.notes.report(result.path, result.notes);
    const context = { uri, docsBaseUrl: resolved.settings.docsBaseUrl, rules: this.rules };
    const diagnostics = result.findings.map((finding) => this.diagnosticOf(finding, context));
    const skipped = result.notes.find((note) => note.kind === 'skipped' && /larger than|binary/.test(note.message));
    if (skipped) diagnostics.push(skippedDiagnostic(skipped));
    // A parser trap, a parse deadline or the findings cap: the user sees that the file was only partly analysed.
    for (const note of result.notes) if (note.kind === 'incomplete') diagnostics.push(skippedDiagnostic(note));
    return { findings: result.findings, diagnostics, notes: result.notes };
  }
}

/**
 * Where an edit of a notebook's joined code lands: in its cell, in the cell's coordinates; undefined for an
 * edit across cells (its fix is dropped).
 */
function cellEditPlacer(locate: ReturnType<typeof cellLocator>, codeCellUris: readonly string[]): NonNullable<ConvertContext['placeEdit']> {
  return (range) => {
    const located = locate(range);
    if (!located?.end || located.end.cell !== located.start.cell) return undefined;
    const { start, end } = located.notebook.cellRange;
    return { uri: codeCellUris[located.start.cell]!, range: { start: { line: start.line, character: start.column }, end: { line: end.line, character: end.column } } };
  };
}
