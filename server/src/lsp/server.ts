/**
 * Wires the AISec language server onto a connection: document sync, live diagnostics, code actions, the
 * custom requests of `shared/protocol.ts`, configuration and file-watcher events. Separate from `main.ts`
 * so tests can run the server in process over a stream pair with their own engine.
 */
import { existsSync } from 'node:fs';
import { join, parse } from 'node:path';
import {
  CodeActionKind,
  DidChangeConfigurationNotification,
  DidChangeWatchedFilesNotification,
  FileChangeType,
  TextDocumentSyncKind,
} from 'vscode-languageserver';
import type { CodeAction, Connection, InitializeResult } from 'vscode-languageserver';
import type { Engine, EnginePorts, Finding } from '../engine/index';
import { ALL_LANGUAGES, fileKindOf } from '../engine/index';
import { AnalyzeTextRequest, ArchiveMemberTextRequest, FIX_ALL_KIND, InventoryRequest, ModelFileReportRequest, RuleDocumentationRequest, RuleListRequest, ScanWorkspaceRequest, VerifySecretRequest } from '../shared/protocol';
import { verifyOriginsFromEnv, verifySecretFindings } from '../verify/verify-secrets';
import { Analysis } from './analysis';
import { fixAllAction, isRedactedFixAction, quickFixActions, redactedFixAmong, redactedFixOf, resolveRedactedFix, wantsFixAll, wantsQuickFixes } from './code-actions';
import type { RedactedFixData } from './code-actions';
import { LiveDiagnostics } from './live-diagnostics';
import { archiveMemberText, modelFileReport } from './model-file-report';
import { OpenDocuments, type OpenDocument } from './open-documents';
import { OpenNotebooks } from './open-notebooks';
import { NotebookDiagnostics } from './notebook-diagnostics';
import { NOTEBOOK_SYNC } from './notebook-sync';
import { NoteLog } from './rule-failures';
import { findRule, ruleMarkdown } from './rule-docs';
import { ruleDocsUrl } from './convert';
import { SettingsStore } from './settings-store';
import { FindingCountCache, withoutContradictingFixes } from './fix-check';
import type { ResolvedSettings } from './settings-store';
import { filePathOf, WorkspaceFolders } from './workspace-folders';
import { inventoryOfFolders } from './inventory-request';
import { WorkspaceScanner } from './workspace-scan';
import { READ_BY_FACTS, ScanCache, stampOf } from './scan-cache';
import { analyzeTextRequest } from './analyze-text';
import { TaintDependents } from '../host/taint-dependents';
import { dependantChange } from '../host/summary-changes';
import { readDiskText } from '../host/safe-read';
import { createHostPorts, endpointsFromEnv, userIntelCachePath } from '../host/engine-ports';
import { createPackageIntel } from '../intel/index';
import { DEFAULT_MAX_MODEL_BYTES } from '../host/scan';
import { appendAll } from '../engine/collections';
import { AiService, type AiDocumentContext } from './ai-service';
import { fileAiContext, notebookAiContext } from './ai-contexts';
import { AiCredentialsNotification, AiExplainRequest, AiPreviewRequest } from '../shared/ai-protocol';

export interface AisecServerOptions {
  /** The engine (tests pass one built from their own rule modules). */
  engine: Engine | Promise<Engine>;
  /** Extra engine ports (package intelligence); project facts and the clock are provided here. */
  ports?: EnginePorts;
}

/** What the client passes at start-up. */
interface InitializationOptions {
  extensionVersion?: string;
  /** A folder the server may write to (the extension's global storage); the scan cache is kept there. */
  storageFolder?: string;
}

/** The scan cache of this set of workspace folders, on disk when the client gave a storage folder. */
function scanCacheOf(options: unknown, folders: WorkspaceFolders, notes: NoteLog): ScanCache {
  const storage = storageFolderOf(options);
  const file = storage ? join(storage, `scan-cache-${stampOf(folders.all().map((f) => f.uri))}.json`) : undefined;
  return new ScanCache(file, (message) => notes.warn(message));
}

/** The extension's global storage folder, when the client gave one. */
function storageFolderOf(options: unknown): string | undefined {
  const storage = (options as InitializationOptions | undefined)?.storageFolder;
  return typeof storage === 'string' && storage !== '' ? storage : undefined;
}

const CONFIG_FILE_NAMES = new Set(['.aisec.toml', 'pyproject.toml']);

interface State {
  analysis: Analysis;
  documents: OpenDocuments;
  live: LiveDiagnostics;
  /** Which open files used which helper modules' taint summaries. */
  taintDependents: TaintDependents;
  notebooks: OpenNotebooks;
  notebookLive: NotebookDiagnostics;
  scanner: WorkspaceScanner;
}

export function startServer(connection: Connection, options: AisecServerOptions): void {
  const folders = new WorkspaceFolders();
  const settings = new SettingsStore(connection, folders);
  const notes = new NoteLog((message) => connection.console.warn(message));
  let state: State | undefined;
  let watchersDynamic = false;
  let configurationDynamic = false;
  let workDoneProgress = false;
  let engineLoaded: Engine | undefined;
  const ai = new AiService(connection, () => engineLoaded);
  // The context of an AI request: the open document's text, findings and an analysis with its settings.
  // A notebook cell's context is the notebook's code cells joined (ai-contexts.ts).
  const aiContext = async (uri: string): Promise<AiDocumentContext | undefined> => {
    const open = state?.documents.get(uri);
    const notebook = state?.notebooks.ofCell(uri);
    if (!state || (!open && !notebook)) return undefined;
    const resolved = await settings.forPath(filePathOf(uri));
    return open ? fileAiContext(open, state.analysis, resolved) : notebookAiContext(uri, notebook!, state.notebooks, state.analysis, resolved);
  };
  const folderUriOf = (uri: string): string | undefined => folders.folderOf(filePathOf(uri) ?? '')?.uri;
  // Finding counts the fix check computed, per text and settings, kept across code-action requests.
  const fixCheckCounts = new FindingCountCache();

  connection.onInitialize(async (params): Promise<InitializeResult> => {
    const engine = await options.engine;
    engineLoaded = engine;
    ai.useStorageFolder(storageFolderOf(params.initializationOptions));
    settings.setRules(engine.rules);
    folders.set(params.workspaceFolders ?? (params.rootUri ? [{ uri: params.rootUri, name: 'root' }] : []));
    const capabilities = params.capabilities;
    settings.canPull = capabilities.workspace?.configuration === true;
    watchersDynamic = capabilities.workspace?.didChangeWatchedFiles?.dynamicRegistration === true;
    configurationDynamic = capabilities.workspace?.didChangeConfiguration?.dynamicRegistration === true;
    workDoneProgress = capabilities.window?.workDoneProgress === true;
    // Project facts cache what they learn from disk, so they are rebuilt when files appear or disappear.
    // One package-intelligence instance for the session: it records what the snapshot cannot answer, and
    // only when `aisec.dependencies.online` is on are those names (never private ones) sent to the registries.
    const taintDependents = new TaintDependents();
    const intel = createPackageIntel({ online: true, cacheFile: userIntelCachePath(), endpoints: endpointsFromEnv() });
    const makePorts = (): EnginePorts => ({
      ...createHostPorts(engine, {
        baseFolder: parse(process.cwd()).root,
        roots: folders.all().map((f) => f.path),
        projectRoot: folders.all()[0]?.path ?? parse(process.cwd()).root,
        // Imports across modules resolve within the workspace folder holding the file (a file outside every
        // folder: within its own folder), read when asked, so added and removed folders count at once.
        projectRoots: () => folders.all().map((f) => f.path),
        maxModelBytes: DEFAULT_MAX_MODEL_BYTES,
        intel,
        taintDependents,
        // A helper module open in the editor is summarised from its unsaved text, so its callers see the edit at once.
        openText: (file) => state?.documents.textOf(file),
      }),
      ...options.ports,
    });
    const onAnalysed = (resolved: ResolvedSettings): void => {
      // Private names are also kept out of the offline existence check, so new patterns change findings.
      if (intel.setPrivateNames(resolved.settings.dependencies.privateNames)) {
        state?.analysis.invalidateResults();
        state?.live.scheduleAll();
      }
      if (!resolved.settings.dependencies.online) return;
      intel.scheduleRefresh(() => {
        state?.analysis.invalidateResults();
        state?.live.scheduleAll();
      });
    };
    const analysis = new Analysis(engine, makePorts, notes, onAnalysed);
    const serverVersion = String((params.initializationOptions as InitializationOptions | undefined)?.extensionVersion ?? '0.0.0');
    const documents = new OpenDocuments(engine);
    const notebooks = new OpenNotebooks(engine);
    const notebookLive = new NotebookDiagnostics(connection, notebooks, settings, analysis);
    const live = new LiveDiagnostics(connection, documents, settings, analysis);
    state = {
      analysis,
      documents,
      live,
      taintDependents,
      notebooks,
      notebookLive,
      scanner: new WorkspaceScanner(connection, { documents, notebooks, notebookLive }, settings, analysis, folders, scanCacheOf(params.initializationOptions, folders, notes), stampOf(serverVersion, engine.rules)),
    };
    return {
      capabilities: {
        textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental, save: { includeText: false } },
        notebookDocumentSync: NOTEBOOK_SYNC,
        codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix, FIX_ALL_KIND], resolveProvider: true },
        workspace: { workspaceFolders: { supported: true, changeNotifications: true } },
      },
      serverInfo: { name: 'aisec', version: serverVersion },
    };
  });

  connection.onInitialized(() => {
    if (configurationDynamic) void connection.client.register(DidChangeConfigurationNotification.type, { section: 'aisec' });
    if (watchersDynamic) void connection.client.register(DidChangeWatchedFilesNotification.type, { watchers: [{ globPattern: '**/*' }] });
    // The last scan's results come back after a reload (unchanged files from the cache, changed ones analysed).
    void state?.scanner.restore().catch((error: unknown) => connection.console.error(`AISec: restoring the last scan failed: ${String(error)}`));
    connection.workspace.onDidChangeWorkspaceFolders((event) => {
      folders.change(event.added, event.removed);
      settings.clear();
    });
  });

  connection.onDidOpenTextDocument((params) => {
    if (!state) return;
    state.documents.open(params);
    state.live.schedule(params.textDocument.uri, true);
  });

  connection.onDidChangeTextDocument((params) => {
    if (!state?.documents.change(params)) return;
    state.live.schedule(params.textDocument.uri, false, true);
    // Module summaries read open files' unsaved text: the files whose flows pass through this one run again.
    scheduleTaintDependants([params.textDocument.uri]);
  });

  // With `aisec.run: onSave` this is when an open file is analysed again; with `onType` it was already.
  connection.onDidSaveTextDocument((params) => {
    if (state?.documents.has(params.textDocument.uri)) state.live.schedule(params.textDocument.uri, true);
    scheduleTaintDependants([params.textDocument.uri]);
  });

  // A helper module saved or changed on disk: the open files and notebooks whose model-output flows went
  // through its summary are analysed again (the summaries notice the new modification time).
  const scheduleTaintDependants = (uris: readonly string[]): void => {
    if (!state) return;
    const paths = uris.map(filePathOf).filter((p): p is string => p !== undefined);
    // Also the helpers whose parameters are graded by their callers: a file that calls one of them now (its open
    // text, or the disk) may change what the helper's shell command is given.
    const callers = new Set(paths.flatMap((path) => state?.taintDependents.mentionedIn(path, state.documents.textOf(path)?.text ?? readTextOrEmpty(path)) ?? []));
    const dependants = paths.flatMap((path) => state?.taintDependents.of(path) ?? []);
    const inFull = new Set(callers);
    for (const path of paths) {
      for (const dependant of state.taintDependents.of(path)) {
        if (inFull.has(dependant) || !state.documents.textOf(dependant)) continue;
        // An open file that only asked for this module's summary is re-checked where the summary changed.
        const names = dependantChange(state.taintDependents, dependant, path, (spec) => state?.analysis.taintSummary(dependant, spec));
        if (names === undefined) inFull.add(dependant);
        else if (names.size > 0) state.live.scheduleOutsideChange(dependant, names);
      }
    }
    state.live.scheduleFiles([...inFull]);
    state.notebookLive.scheduleFiles([...dependants, ...callers]);
  };

  connection.onDidCloseTextDocument((params) => {
    if (!state) return;
    const uri = params.textDocument.uri;
    state.documents.close(uri);
    state.live.cancel(uri);
    // Unsaved edits are gone with the editor: its dependants see the file on disk again.
    scheduleTaintDependants([uri]);
    const path = filePathOf(uri);
    // After a workspace scan the file keeps its on-disk diagnostics; otherwise they go with the editor.
    if (path && state.scanner.scanned && existsSync(path)) void state.scanner.scanFile(path);
    else void connection.sendDiagnostics({ uri, diagnostics: [] });
  });

  connection.notebooks.synchronization.onDidOpenNotebookDocument((params) => {
    if (!state) return;
    state.notebooks.open(params);
    state.notebookLive.schedule(params.notebookDocument.uri, true);
  });

  connection.notebooks.synchronization.onDidChangeNotebookDocument((params) => {
    if (!state?.notebooks.change(params)) return;
    state.notebookLive.schedule(params.notebookDocument.uri, false, true);
  });

  connection.notebooks.synchronization.onDidSaveNotebookDocument((params) => {
    if (state?.notebooks.has(params.notebookDocument.uri)) state.notebookLive.schedule(params.notebookDocument.uri, true);
  });

  connection.notebooks.synchronization.onDidCloseNotebookDocument((params) => {
    if (!state) return;
    const uri = params.notebookDocument.uri;
    state.notebookLive.closed(uri, state.notebooks.close(params));
    // After a workspace scan the notebook file gets its on-disk diagnostics back, on the .ipynb file.
    const path = filePathOf(uri);
    if (path && state.scanner.scanned && existsSync(path)) void state.scanner.scanFile(path);
  });

  connection.onDidChangeConfiguration(() => {
    settings.clear();
    state?.analysis.invalidateResults();
    ai.clear();
    state?.live.scheduleAll();
    state?.notebookLive.scheduleAll();
  });

  connection.onDidChangeWatchedFiles((params) => {
    if (!state) return;
    let configChanged = false;
    // A `.gitignore` edit, a commit or a new `.env` can change which `.env` files git keeps out of the repository.
    state.analysis.ignoredDotenv.clear();
    // Project facts cache what they read on disk (manifests, model files, the folder layout): a file that
    // appears or goes, or a manifest or model file that changes, rebuilds them and re-runs open documents.
    const factsChanged = params.changes.some((c) => c.type !== FileChangeType.Changed || READ_BY_FACTS.has(fileKindOf(filePathOf(c.uri) ?? '') ?? 'text'));
    if (factsChanged) state.analysis.resetPorts();
    for (const change of params.changes) {
      const path = filePathOf(change.uri);
      if (!path) continue;
      if (CONFIG_FILE_NAMES.has(path.split(/[\\/]/).pop() ?? '')) configChanged = true;
      if (change.type === FileChangeType.Deleted) state.scanner.deleted(path);
      else if (state.scanner.owns(path) || state.scanner.covers(folders.folderOf(path))) void state.scanner.scanFile(path);
    }
    if (configChanged) {
      settings.clearFiles();
      state.analysis.invalidateResults();
    }
    if (configChanged || factsChanged) {
      state.live.scheduleAll();
      state.notebookLive.scheduleAll();
    } else {
      scheduleTaintDependants(params.changes.filter((c) => c.type === FileChangeType.Changed).map((c) => c.uri));
    }
  });

  connection.onCodeAction(async (params): Promise<CodeAction[]> => {
    const open = state?.documents.get(params.textDocument.uri) ?? state?.notebooks.cell(params.textDocument.uri);
    if (!state || !open) return [];
    const actions: CodeAction[] = [];
    if (wantsQuickFixes(params.context.only)) {
      const openDocument = (uri: string): OpenDocument | undefined => state?.documents.get(uri) ?? state?.notebooks.cell(uri);
      const fixCheck = { analysis: state.analysis, cache: fixCheckCounts, openDocument, notebooks: state.notebooks, settingsFor: (path: string | undefined) => settings.forPath(path) };
      appendAll(actions, await withoutContradictingFixes(quickFixActions(params, open, openDocument), fixCheck));
      // In a notebook the fix is asked for and verified on the joined cells, and lands in the cells.
      if (await ai.available(folderUriOf(open.uri))) appendAll(actions, ai.actions(params));
    }
    // A cell alone is not the program its notebook runs, so "fix all" is offered on files only.
    if (wantsFixAll(params.context.only) && !state.notebooks.cell(open.uri)) {
      const resolved = await settings.forPath(filePathOf(open.uri));
      const current = state.documents.get(open.uri);
      if (current) {
        const fixAll = fixAllAction(current.uri, current.document.text, state.analysis.analyzeOpen(current, resolved).findings);
        if (fixAll) actions.push(fixAll);
      }
    }
    return actions;
  });

  connection.onCodeActionResolve(async (action, token): Promise<CodeAction> => {
    if (state && AiService.isAiFixAction(action)) {
      const uri = AiService.findingOf(action).uri;
      return ai.resolveFix(action, await aiContext(uri), folderUriOf(uri), token);
    }
    if (!state || !isRedactedFixAction(action)) return action;
    const uri = (action.data as RedactedFixData).redactedFix.uri;
    const open = state.documents.get(uri);
    if (open) {
      const resolved = await settings.forPath(filePathOf(uri));
      return resolveRedactedFix(action, open, (wanted) => redactedFixOf(state?.analysis.analyzeOpen(open, resolved).findings ?? [], wanted));
    }
    // A cell's finding is one of its notebook's: the fix is found there, with its edits placed in the cells.
    const notebook = state.notebooks.ofCell(uri);
    const cell = state.notebooks.cell(uri);
    if (!notebook || !cell) return action;
    const resolved = await settings.forPath(filePathOf(notebook.uri) ?? notebook.path);
    const openDocument = (other: string): OpenDocument | undefined => state?.documents.get(other) ?? state?.notebooks.cell(other);
    return resolveRedactedFix(action, cell, (wanted) => state?.analysis.notebookFix(notebook.code, uri, resolved, (findings) => redactedFixAmong(findings, wanted)), openDocument);
  });

  connection.onRequest(ScanWorkspaceRequest.type, async (params, token) => {
    if (!state) throw new Error('the server is not initialised');
    // Progress on the client's token when it sent one; otherwise a server-created, cancellable notification.
    if (params?.workDoneToken !== undefined) return state.scanner.scan(params, [token], connection.window.attachWorkDoneProgress(params.workDoneToken));
    if (workDoneProgress) {
      const progress = await connection.window.createWorkDoneProgress();
      return state.scanner.scan(params ?? {}, [token, progress.token], progress);
    }
    return state.scanner.scan(params ?? {}, [token], connection.window.attachWorkDoneProgress(undefined));
  });

  connection.onRequest(AnalyzeTextRequest.type, async (params) => {
    if (!state) throw new Error('the server is not initialised');
    return analyzeTextRequest(params, state.analysis, settings);
  });

  connection.onRequest(RuleDocumentationRequest.type, async (params) => {
    if (!state) return null;
    const rule = findRule(state.analysis.ruleMetas(), params.rule);
    if (!rule) return null;
    const { settings: current } = await settings.forPath(undefined);
    return { id: rule.id, name: rule.name, title: rule.title, markdown: ruleMarkdown(rule, current.docsBaseUrl), url: ruleDocsUrl(current.docsBaseUrl, rule.name) };
  });

  connection.onRequest(VerifySecretRequest.type, async (params) => {
    const open = state?.documents.get(params.uri) ?? state?.notebooks.cell(params.uri);
    if (!open) return { verdict: 'unknown' as const, message: 'The document is no longer open.' };
    const finding = { ruleId: params.ruleId, category: 'secrets', path: open.path, message: '', range: { start: { line: params.range.start.line, column: params.range.start.character }, end: { line: params.range.end.line, column: params.range.end.character } } } as unknown as Finding;
    const origins = verifyOriginsFromEnv();
    await verifySecretFindings([finding], () => open.document.text, origins ? { origins } : {});
    return { verdict: (finding.properties?.verified as 'active' | 'inactive' | 'unknown' | undefined) ?? 'unknown', message: finding.message.trim() || 'This key has no read-only check.' };
  });
  connection.onRequest(RuleListRequest.type, () =>
    (state?.analysis.ruleMetas() ?? []).map((rule) => ({ id: rule.id, name: rule.name, title: rule.title, category: rule.category })),
  );

  connection.onRequest(ModelFileReportRequest.type, async (params) => {
    if (!state) return null;
    return modelFileReport(params.uri, settings);
  });

  connection.onRequest(ArchiveMemberTextRequest.type, (params) => (state ? archiveMemberText(params) : null));

  connection.onRequest(InventoryRequest.type, async () => {
    if (!engineLoaded) throw new Error('the server is not initialised');
    // The inventory parses files of every language without a step before each.
    await engineLoaded.ready(ALL_LANGUAGES);
    return inventoryOfFolders(engineLoaded, folders.all());
  });

  connection.onNotification(AiCredentialsNotification.type, (params) => ai.setCredentials(params));
  connection.onRequest(AiPreviewRequest.type, async (params) => ai.preview(params, await aiContext(params.uri), folderUriOf(params.uri)));
  connection.onRequest(AiExplainRequest.type, async (params, token) => ai.explain(params, await aiContext(params.uri), folderUriOf(params.uri), token));

  connection.onShutdown(() => {
    state?.scanner.saveCache();
    state?.live.dispose();
    state?.notebookLive.dispose();
    state?.documents.dispose();
    state?.notebooks.dispose();
  });
}

/** A code file's text on disk, or nothing when it cannot be read (gone, not a regular file, too large). */
function readTextOrEmpty(path: string): string {
  const read = readDiskText(path, { kind: 'source', maxBytes: 512 * 1024 });
  return read.ok ? read.text : '';
}
