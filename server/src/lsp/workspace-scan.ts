/**
 * The workspace scan (`aisec/scanWorkspace`) and the on-disk re-scans driven by file watchers. Files are
 * walked, read, analysed and published one at a time, so memory stays bounded whatever the repository
 * size; only the set of URIs that currently carry scan diagnostics is kept, to clear them later.
 * Open documents are skipped: their live diagnostics own them.
 */
import { stat } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import { DiagnosticSeverity } from 'vscode-languageserver';
import type { CancellationToken, Connection, Diagnostic, WorkDoneProgressReporter } from 'vscode-languageserver';
import { URI } from 'vscode-uri';
import { fileKindOf, fileSizeLimit, isBinaryFileKind } from '../engine/index';
import type { ScanWorkspaceRequest } from '../shared/protocol';
import type { Analysis } from './analysis';
import type { OpenDocuments } from './open-documents';
import type { OpenNotebooks } from './open-notebooks';
import type { NotebookDiagnostics } from './notebook-diagnostics';
import type { SettingsStore } from './settings-store';
import { skippedDiagnostic } from './convert';
import type { Folder, WorkspaceFolders } from './workspace-folders';
import { DEFAULT_EXCLUDED_FOLDERS, walkFiles } from '../host/walk';
import { readDiskFile, readDiskText } from '../host/safe-read';
import { contentHash, factsStampOf, READ_BY_FACTS, stampOf } from './scan-cache';
import type { ScanCache } from './scan-cache';
import type { ResolvedSettings } from './settings-store';

/** Model files are read whole up to this size; larger ones are analysed from their first bytes. */
const MODEL_READ_LIMIT = 64 * 1024 * 1024;
/** Yield to the event loop at least this often, so typing stays responsive during a scan. */
const YIELD_EVERY_MS = 15;

export type FileOutcome = 'findings' | 'clean' | 'skipped' | 'ignored';

export interface FileScan {
  outcome: FileOutcome;
  findings: number;
  /** Why a skipped file was not analysed (the scan summary counts files per reason). */
  reason?: string;
  /** True when the diagnostics came from the scan cache (content and stamp unchanged). */
  cached?: boolean;
}

const IGNORED: FileScan = { outcome: 'ignored', findings: 0 };
const SKIPPED: FileScan = { outcome: 'skipped', findings: 0 };

/** What is open in the editor: those files are counted from their live analysis, never published twice. */
export interface OpenInEditor {
  documents: OpenDocuments;
  notebooks: OpenNotebooks;
  notebookLive: NotebookDiagnostics;
}

export class WorkspaceScanner {
  /** URIs whose scan diagnostics are non-empty (so they can be cleared when the file goes away). */
  private readonly published = new Set<string>();
  private running: { cancelled: boolean } | undefined;
  /** True once a workspace scan ran (or its results were restored); from then on, files that change on disk are re-scanned. */
  scanned = false;
  /** The state of the manifests and model files the last scan saw; part of every cache stamp. */
  private factsStamp = '';
  private readonly settingsStamps = new WeakMap<ResolvedSettings, string>();

  constructor(
    private readonly connection: Connection,
    private readonly open: OpenInEditor,
    private readonly settings: SettingsStore,
    private readonly analysis: Analysis,
    private readonly folders: WorkspaceFolders,
    private readonly cache: ScanCache,
    /** What identifies the analysis itself: the server version and its rule set. */
    private readonly analyserStamp: string,
  ) {}

  /**
   * Publishes the results of the last scan again after a reload: files whose content and stamp are unchanged
   * take their stored diagnostics, the others are analysed again. Returns how many files were restored.
   */
  async restore(): Promise<number> {
    const stored = this.cache.stored();
    if (stored.length === 0) return 0;
    this.factsStamp = await factsStampOf(this.cache.factFiles());
    let restored = 0;
    for (const [path] of stored) {
      const outcome = await this.scanFile(path);
      if (outcome.outcome === 'ignored') this.cache.forget(path);
      else restored++;
    }
    this.scanned = restored > 0;
    this.cache.save();
    return restored;
  }

  /**
   * Scans the workspace folders. `tokens` are the request's cancellation and, for a server-created
   * progress, the progress notification's cancel button; either one stops the scan.
   */
  async scan(params: ScanWorkspaceRequest.Params, tokens: readonly CancellationToken[], progress: WorkDoneProgressReporter): Promise<ScanWorkspaceRequest.Result> {
    // A new scan replaces one still running.
    if (this.running) this.running.cancelled = true;
    const run = { cancelled: false };
    this.running = run;
    const started = Date.now();
    const result: ScanWorkspaceRequest.Result = { filesScanned: 0, filesWithFindings: 0, findings: 0, filesSkipped: 0, openFiles: 0, filesFromCache: 0, skippedReasons: {}, cancelled: false, durationMs: 0 };
    const skippedFor = (reason: string): void => {
      result.filesSkipped++;
      result.skippedReasons[reason] = (result.skippedReasons[reason] ?? 0) + 1;
    };
    const stop = (): boolean => run.cancelled || tokens.some((t) => t.isCancellationRequested);
    const wanted = params.folders ? new Set(params.folders) : undefined;
    const folders = this.folders.all().filter((f) => !wanted || wanted.has(f.uri));
    progress.begin('AISec: scanning the workspace', 0, 'listing files', true);
    try {
      // The CLI's walker: .gitignore files, default excludes, configuration excludes, the size limit.
      const paths: string[] = [];
      for (const folder of folders) {
        const resolved = await this.settings.forPath(join(folder.path, '.aisec-folder'));
        if (!resolved.settings.enable) continue;
        const walk = walkFiles({ roots: [folder.path], configs: this.settings.configLoader(), maxFileBytes: () => Number.POSITIVE_INFINITY });
        for await (const entry of walk) {
          if (stop()) break;
          if (entry.type === 'file' && !resolved.isExcluded(entry.path)) paths.push(entry.path);
          // Files the walker refused (FIFOs, devices, unreadable folders) are counted and named in the log.
          if (entry.type === 'skipped' && !resolved.isExcluded(entry.path)) {
            skippedFor(entry.reason);
            this.connection.console.warn(`AISec: ${entry.path}: ${entry.reason}`);
          }
        }
      }
      const factFiles = paths.filter((path) => READ_BY_FACTS.has(fileKindOf(path) ?? 'text'));
      this.cache.setFactFiles(factFiles);
      this.factsStamp = await factsStampOf(factFiles);
      let lastYield = Date.now();
      for (let i = 0; i < paths.length; i++) {
        if (stop()) break;
        // An open file or notebook is counted from its live analysis (what the Problems panel shows for it).
        const openScan = await this.scanOpen(paths[i]!);
        if (openScan) result.openFiles++;
        const { outcome, findings, reason, cached } = openScan ?? (await this.scanFile(paths[i]!));
        result.findings += findings;
        if (cached) result.filesFromCache++;
        if (outcome !== 'ignored') result.filesScanned++;
        if (outcome === 'skipped') skippedFor(reason ?? 'not analysed');
        if (outcome === 'findings') result.filesWithFindings++;
        if (Date.now() - lastYield >= YIELD_EVERY_MS) {
          progress.report(Math.floor(((i + 1) * 100) / paths.length), `${i + 1} of ${paths.length} files`);
          await new Promise((resolve) => setImmediate(resolve));
          lastYield = Date.now();
        }
      }
      this.scanned = true;
    } finally {
      this.cache.save();
      result.cancelled = stop();
      result.durationMs = Date.now() - started;
      progress.done();
      if (this.running === run) this.running = undefined;
    }
    return result;
  }

  /**
   * Analyses one file from disk and publishes its diagnostics (or clears them). Used by the scan and by
   * the file watcher; open documents and excluded files are left alone.
   */
  async scanFile(path: string): Promise<FileScan> {
    const uri = URI.file(path).toString();
    if (this.open.documents.has(uri) || this.open.notebooks.has(uri)) return IGNORED;
    const kind = fileKindOf(path);
    const folder = this.folders.folderOf(path);
    if (!kind || (folder && isInExcludedFolder(folder.path, path))) return IGNORED;
    const resolved = await this.settings.forPath(path);
    if (!resolved.settings.enable || resolved.isExcluded(path)) {
      this.clear(uri);
      return IGNORED;
    }
    await this.analysis.engine.ready(this.analysis.engine.grammarsFor(path));
    let size: number;
    try {
      size = (await stat(path)).size;
    } catch {
      this.clear(uri);
      return IGNORED;
    }
    const stamp = this.stampOf(resolved);
    let diagnostics: Diagnostic[];
    let cached: Diagnostic[] | undefined;
    if (isBinaryFileKind(kind)) {
      const read = readDiskFile(path, { kind: 'model', maxBytes: MODEL_READ_LIMIT, prefix: true });
      const hash = read.ok ? contentHash(read.bytes) : undefined;
      cached = hash ? this.cache.lookup(path, hash, stamp) : undefined;
      diagnostics = cached ?? (read.ok ? this.analysis.analyzeBytes(uri, path, read.bytes, read.fileSize, resolved).diagnostics : [notReadDiagnostic(read.reason)]);
      if (hash && !cached) this.cache.store(path, hash, stamp, diagnostics);
    } else if (size > fileSizeLimit(path, kind, resolved.config.maxFileBytes)) {
      diagnostics = [skippedDiagnostic({ kind: 'skipped', message: `the file is larger than the ${Math.round(resolved.config.maxFileBytes / 1024)} KB limit (aisec.maxFileSizeKb)` })];
    } else {
      const read = readDiskText(path, { kind: 'source', maxBytes: fileSizeLimit(path, kind, resolved.config.maxFileBytes) });
      if (!read.ok && read.missing) return SKIPPED;
      const hash = read.ok ? contentHash(read.text) : undefined;
      cached = hash ? this.cache.lookup(path, hash, stamp) : undefined;
      diagnostics = cached ?? (read.ok ? this.analysis.analyzeText(uri, path, read.text, resolved).diagnostics : [notReadDiagnostic(read.reason)]);
      if (hash && !cached) this.cache.store(path, hash, stamp, diagnostics);
    }
    const skipped = diagnostics.find((d) => (d.data as { skipped?: boolean } | undefined)?.skipped && d.message.startsWith('AISec did not analyse'));
    // Hints (advisory findings) are not in the Problems panel, so they are not counted as findings either.
    const findings = diagnostics.filter((d) => !(d.data as { skipped?: boolean } | undefined)?.skipped && d.severity !== DiagnosticSeverity.Hint).length;
    if (diagnostics.length > 0) {
      this.published.add(uri);
      void this.connection.sendDiagnostics({ uri, diagnostics });
    } else {
      this.clear(uri);
    }
    const fromCache = cached ? { cached: true } : {};
    if (skipped) return { outcome: 'skipped', findings, reason: skipped.message.replace(/^AISec did not analyse this file: /, '').replace(/\.$/, ''), ...fromCache };
    return { outcome: findings > 0 ? 'findings' : 'clean', findings, ...fromCache };
  }

  /** Everything besides a file's content that decides its findings; computed once per settings object. */
  private stampOf(resolved: ResolvedSettings): string {
    let settings = this.settingsStamps.get(resolved);
    if (settings === undefined) this.settingsStamps.set(resolved, (settings = stampOf(resolved.settings, resolved.config)));
    return stampOf(this.analyserStamp, this.factsStamp, settings);
  }

  /** The findings of a file open in the editor, from its current text; undefined when it is not open. */
  private async scanOpen(path: string): Promise<FileScan | undefined> {
    const uri = URI.file(path).toString();
    const notebook = this.open.notebooks.get(uri);
    if (notebook) {
      const findings = await this.open.notebookLive.findingsOf(notebook);
      return { outcome: findings > 0 ? 'findings' : 'clean', findings };
    }
    const document = this.open.documents.get(uri);
    if (!document) return undefined;
    const resolved = await this.settings.forPath(path);
    if (!resolved.settings.enable || resolved.isExcluded(path)) return IGNORED;
    await this.analysis.engine.ready(this.analysis.engine.grammarsFor(document.path, document.languageId));
    const current = this.open.documents.get(uri);
    if (!current) return undefined;
    const outcome = this.analysis.analyzeOpen(current, resolved);
    const findings = outcome.findings.filter((finding) => finding.advisory !== 'hint').length;
    return { outcome: findings > 0 ? 'findings' : 'clean', findings };
  }

  saveCache(): void {
    this.cache.save();
  }

  /** Clears the scan diagnostics of a file that was deleted (or of every file under a deleted folder). */
  deleted(path: string): void {
    const uri = URI.file(path).toString();
    this.cache.forget(path);
    const prefix = uri.endsWith('/') ? uri : `${uri}/`;
    for (const published of [...this.published]) if (published === uri || published.startsWith(prefix)) this.clear(published);
  }

  /** True when the file's diagnostics came from a scan (so a change on disk should refresh them). */
  owns(path: string): boolean {
    return this.published.has(URI.file(path).toString());
  }

  /** Whether `folder` has been scanned already; watchers only refresh scanned workspaces. */
  covers(folder: Folder | undefined): boolean {
    return this.scanned && folder !== undefined;
  }

  private clear(uri: string): void {
    if (!this.published.delete(uri)) return;
    void this.connection.sendDiagnostics({ uri, diagnostics: [] });
  }
}

/** True when a folder between `root` and `path` is one the walker never enters (node_modules, .venv...). */
function isInExcludedFolder(root: string, path: string): boolean {
  const parts = relative(root, path).split(sep);
  parts.pop();
  return parts.some((part) => DEFAULT_EXCLUDED_FOLDERS.has(part) || part.endsWith('.egg-info'));
}

/** The diagnostic of a file that was refused (a FIFO, a device, a file that outgrew its limit): it says so instead of staying silent. */
function notReadDiagnostic(reason: string): Diagnostic {
  return skippedDiagnostic({ kind: 'skipped', message: `not read: the file ${reason}` });
}
